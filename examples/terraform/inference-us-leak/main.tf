# GPU inference in eu-central-1, plus two changes that move restricted data out of the EU: the dataset bucket is
# replicated to a bucket in us-east-1, and a second inference cluster with a GPU node group is created in
# us-east-1, both through the aliased provider aws.us. plan.json next to this file is the matching
# `terraform show -json` output (Terraform 1.9, AWS provider 5.x). Tollgate's residency policies deny it.

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
  default = "inference-eu"
}

locals {
  azs = ["eu-central-1a", "eu-central-1b"]
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      team                = "ml-serving"
      project             = "assistant-inference"
      cost-center         = "cc-4310"
      environment         = "prod"
      data-classification = "restricted"
    }
  }
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
  default_tags {
    tags = {
      team                = "ml-serving"
      project             = "assistant-inference"
      cost-center         = "cc-4310"
      environment         = "prod"
      data-classification = "restricted"
    }
  }
}

# --- EU network and inference cluster (same shape as gpu-training-eu) ---------------------------------------

resource "aws_vpc" "main" {
  cidr_block           = "10.50.0.0/16"
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
  node_group_name = "gpu-l40s"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = aws_subnet.private[*].id
  instance_types  = ["g6e.12xlarge"]
  capacity_type   = "ON_DEMAND"
  ami_type        = "AL2_x86_64_GPU"
  disk_size       = 200

  scaling_config {
    desired_size = 2
    max_size     = 6
    min_size     = 2
  }

  labels = {
    workload                 = "inference"
    "nvidia.com/gpu.present" = "true"
  }

  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }

  tags       = { Name = "${var.cluster_name}-gpu-l40s" }
  depends_on = [aws_iam_role_policy_attachment.nodes]
}

resource "aws_kms_key" "datasets" {
  description             = "Restricted datasets and EKS secrets of ${var.cluster_name}"
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

resource "aws_s3_bucket_versioning" "datasets" {
  bucket = aws_s3_bucket.datasets.id
  versioning_configuration {
    status = "Enabled"
  }
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

# --- the leak: replication of the restricted bucket to us-east-1 ---------------------------------------------

resource "aws_kms_key" "replica" {
  provider                = aws.us
  description             = "Replica of ${var.cluster_name} datasets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = { Name = "${var.cluster_name}-replica" }
}

resource "aws_s3_bucket" "replica" {
  provider = aws.us
  bucket   = "acme-${var.cluster_name}-datasets-replica"
  tags     = { Name = "acme-${var.cluster_name}-datasets-replica" }
}

resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.us
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_iam_role" "replication" {
  name = "${var.cluster_name}-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "s3.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "replication" {
  name = "replicate-datasets"
  role = aws_iam_role.replication.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource = [aws_s3_bucket.datasets.arn] },
      { Effect = "Allow", Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"], Resource = ["${aws_s3_bucket.datasets.arn}/*"] },
      { Effect = "Allow", Action = ["s3:ReplicateObject", "s3:ReplicateDelete"], Resource = ["${aws_s3_bucket.replica.arn}/*"] },
      { Effect = "Allow", Action = ["kms:Decrypt"], Resource = [aws_kms_key.datasets.arn] },
      { Effect = "Allow", Action = ["kms:Encrypt"], Resource = [aws_kms_key.replica.arn] },
    ]
  })
}

resource "aws_s3_bucket_replication_configuration" "datasets" {
  bucket = aws_s3_bucket.datasets.id
  role   = aws_iam_role.replication.arn

  rule {
    id       = "datasets-to-us-east-1"
    status   = "Enabled"
    priority = 1

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }

    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.datasets]
}

# --- the second leak: a GPU inference cluster in us-east-1 ---------------------------------------------------

resource "aws_vpc" "us" {
  provider             = aws.us
  cidr_block           = "10.60.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "inference-us" }
}

resource "aws_subnet" "us_private" {
  provider          = aws.us
  count             = 2
  vpc_id            = aws_vpc.us.id
  availability_zone = ["us-east-1a", "us-east-1b"][count.index]
  cidr_block        = cidrsubnet(aws_vpc.us.cidr_block, 4, count.index)
  tags = {
    Name                              = "inference-us-private-${count.index}"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_eks_cluster" "us" {
  provider                  = aws.us
  name                      = "inference-us"
  version                   = "1.30"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = ["api", "audit"]

  vpc_config {
    subnet_ids              = aws_subnet.us_private[*].id
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  tags       = { Name = "inference-us" }
  depends_on = [aws_iam_role_policy_attachment.cluster]
}

resource "aws_eks_node_group" "us" {
  provider        = aws.us
  cluster_name    = aws_eks_cluster.us.name
  node_group_name = "gpu-l40s-us"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = aws_subnet.us_private[*].id
  instance_types  = ["g6e.12xlarge"]
  capacity_type   = "ON_DEMAND"
  ami_type        = "AL2_x86_64_GPU"
  disk_size       = 200

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  labels = {
    workload                 = "inference"
    "nvidia.com/gpu.present" = "true"
  }

  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }

  tags       = { Name = "inference-us-gpu-l40s-us" }
  depends_on = [aws_iam_role_policy_attachment.nodes]
}
