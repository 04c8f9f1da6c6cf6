# The pull request: the fine-tuning cluster gets an H100 node group of three p5.48xlarge for pre-training runs.
# plan.json beside this file is `terraform show -json` of the plan against what runs today (../base).

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
  default = "us-east-1"
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      team                = "ml-platform"
      project             = "llm-finetune"
      cost-center         = "cc-4102"
      environment         = "prod"
      data-classification = "internal"
    }
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.60.0.0/16"
  tags       = { Name = "training-us" }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  availability_zone = ["us-east-1a", "us-east-1b"][count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index)
  tags              = { Name = "training-us-private-${count.index}" }
}

resource "aws_iam_role" "nodes" {
  name = "training-us-nodes"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_eks_cluster" "main" {
  name     = "training-us"
  version  = "1.30"
  role_arn = aws_iam_role.nodes.arn

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  tags = { Name = "training-us" }
}

resource "aws_eks_node_group" "l40s" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "gpu-l40s"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["g6e.12xlarge"]
  capacity_type   = "ON_DEMAND"
  ami_type        = "AL2_x86_64_GPU"

  scaling_config {
    desired_size = 2
    max_size     = 2
    min_size     = 1
  }

  tags = { Name = "training-us-gpu-l40s" }
}

resource "aws_eks_node_group" "p5" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "gpu-h100"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["p5.48xlarge"]
  capacity_type   = "ON_DEMAND"
  ami_type        = "AL2_x86_64_GPU"

  scaling_config {
    desired_size = 3
    max_size     = 3
    min_size     = 3
  }

  tags = { Name = "training-us-gpu-h100" }
}

resource "aws_s3_bucket" "checkpoints" {
  bucket = "acme-training-us-checkpoints"
  tags   = { Name = "acme-training-us-checkpoints" }
}
