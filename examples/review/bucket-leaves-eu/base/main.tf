# Restricted training datasets in eu-central-1, encrypted with a customer-managed key, and an access-log bucket
# that the audit team provisions with its own provider settings. plan.json beside this file is
# `terraform show -json` of a plan with nothing to change.

terraform {
  required_version = ">= 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

variable "region" {
  type    = string
  default = "eu-central-1"
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      team                = "ml-platform"
      project             = "llm-pretraining"
      cost-center         = "cc-4102"
      environment         = "prod"
      data-classification = "restricted"
    }
  }
}

# The audit team's provider: same region, but its default tags have no cost-center yet (waived, see tollgate.yaml).
provider "aws" {
  alias  = "audit"
  region = var.region

  default_tags {
    tags = {
      team                = "security"
      project             = "audit-logs"
      environment         = "prod"
      data-classification = "internal"
    }
  }
}

resource "aws_kms_key" "datasets" {
  description         = "Training datasets"
  enable_key_rotation = true
  tags                = { Name = "datasets" }
}

resource "aws_s3_bucket" "datasets" {
  bucket = "acme-datasets-eu"
  tags   = { Name = "acme-datasets-eu" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "datasets" {
  bucket = aws_s3_bucket.datasets.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.datasets.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "datasets" {
  bucket                  = aws_s3_bucket.datasets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "access_logs" {
  provider = aws.audit
  bucket   = "acme-datasets-eu-access-logs"
  tags     = { Name = "acme-datasets-eu-access-logs" }
}
