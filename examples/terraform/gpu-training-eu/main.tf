# GPU training cluster in eu-central-1: EKS with a p5.48xlarge node group, FSx for Lustre scratch space and a
# KMS-encrypted S3 bucket for restricted training data. plan.json next to this file is the matching
# `terraform show -json` output (Terraform 1.9, AWS provider 5.x).

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

variable "cluster_name" {
  type    = string
  default = "gpu-training-eu"
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      team                  = "ml-platform"
      project               = "llm-pretraining"
      cost-center           = "cc-4102"
      environment           = "prod"
      data-classification   = "restricted"
    }
  }
}

locals {
  azs = ["eu-central-1a", "eu-central-1b"]
}

# --- network -------------------------------------------------------------------------------------------------

resource "aws_vpc" "main" {
  cidr_block           = "10.40.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = var.cluster_name }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 4, count.index)
  tags = {
    Name                              = "${var.cluster_name}-private-${count.index}"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  availability_zone       = local.azs[0]
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 8, 200)
  map_public_ip_on_launch = false
  tags                    = { Name = "${var.cluster_name}-public" }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags   = { Name = var.cluster_name }
}

resource "aws_eip" "nat" {
  domain = "vpc"
  tags   = { Name = "${var.cluster_name}-nat" }
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
  tags          = { Name = var.cluster_name }
  depends_on    = [aws_internet_gateway.main]
}

resource "aws_security_group" "nodes" {
  name        = "${var.cluster_name}-nodes"
  description = "GPU nodes and Lustre clients"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "Lustre"
    from_port   = 988
    to_port     = 988
    protocol    = "tcp"
    self        = true
  }

  egress {
    description = "All egress"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = { Name = "${var.cluster_name}-nodes" }
}

# --- EKS -----------------------------------------------------------------------------------------------------

resource "aws_iam_role" "cluster" {
  name = "${var.cluster_name}-cluster"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "eks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_iam_role" "nodes" {
  name = "${var.cluster_name}-nodes"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "nodes" {
  for_each   = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"])
  role       = aws_iam_role.nodes.name
  policy_arn = "arn:aws:iam::aws:policy/${each.value}"
}

resource "aws_eks_cluster" "main" {
  name                      = var.cluster_name
  version                   = "1.30"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = ["api", "audit"]

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    security_group_ids      = [aws_security_group.nodes.id]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.datasets.arn
    }
  }

  tags       = { Name = var.cluster_name }
  depends_on = [aws_iam_role_policy_attachment.cluster]
}

resource "aws_eks_node_group" "gpu" {
  cluster_name    = aws_eks_cluster.main.name
  node_group_name = "gpu-p5"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["p5.48xlarge"]
  capacity_type   = "ON_DEMAND"
  ami_type        = "AL2_x86_64_GPU"
  disk_size       = 500

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  labels = {
    workload                 = "training"
    "nvidia.com/gpu.present" = "true"
  }

  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }

  tags       = { Name = "${var.cluster_name}-gpu-p5" }
  depends_on = [aws_iam_role_policy_attachment.nodes]
}

# --- data ----------------------------------------------------------------------------------------------------

resource "aws_kms_key" "datasets" {
  description             = "Training datasets and EKS secrets of ${var.cluster_name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = { Name = "${var.cluster_name}-datasets" }
}

resource "aws_s3_bucket" "datasets" {
  bucket = "acme-${var.cluster_name}-datasets"
  tags   = { Name = "acme-${var.cluster_name}-datasets" }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "datasets" {
  bucket = aws_s3_bucket.datasets.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.datasets.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "datasets" {
  bucket                  = aws_s3_bucket.datasets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_fsx_lustre_file_system" "scratch" {
  storage_capacity            = 12000
  deployment_type             = "PERSISTENT_2"
  per_unit_storage_throughput = 250
  data_compression_type       = "LZ4"
  file_system_type_version    = "2.15"
  subnet_ids                  = [aws_subnet.private[0].id]
  security_group_ids          = [aws_security_group.nodes.id]
  kms_key_id                  = aws_kms_key.datasets.arn
  tags                        = { Name = "${var.cluster_name}-scratch" }
}
