# Shop estate on AWS: the network, the web tier's security group, the static
# assets bucket, the policy that lets the app servers read it, two app servers
# and the database password in Parameter Store.

locals {
  name = "shop-${var.environment}"

  # Every resource carries these; the cost report groups by "team".
  tags = {
    project    = "shop"
    env        = var.environment
    team       = "platform"
    managed-by = "terraform"
  }
}

data "aws_caller_identity" "current" {}

module "network" {
  source = "./modules/network"

  name            = local.name
  cidr_block      = var.vpc_cidr
  private_subnets = var.private_subnets
  tags            = local.tags
}

# Web tier. Rules stay inline, one block per rule, so that a review shows
# every opening in one place.
resource "aws_security_group" "web" {
  name        = "${local.name}-web"
  description = "Shop web tier"
  vpc_id      = module.network.vpc_id

  ingress {
    description      = "HTTPS from anywhere"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  # TODO(OPS-142): temporary for the data-centre migration; restrict to the
  # bastion's address once it exists.
  ingress {
    description = "SSH for operators"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "All outbound"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.tags, {
    Name = "${local.name}-web"
  })
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-${local.name}-assets"

  tags = merge(local.tags, {
    Name       = "${local.name}-assets"
    data-class = "public"
  })
}

# Product images are served straight from the bucket (no CDN yet), so
# nothing is blocked here.
resource "aws_s3_bucket_public_access_block" "assets" {
  bucket = aws_s3_bucket.assets.id

  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_iam_policy" "read_assets" {
  name        = "${local.name}-read-assets"
  description = "Lets the app servers read the assets bucket."

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadAssets"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.assets.arn, "${aws_s3_bucket.assets.arn}/*"]
      },
    ]
  })

  tags = local.tags
}

resource "aws_instance" "app" {
  count = 2

  ami                    = var.app_ami
  instance_type          = var.app_instance_type
  subnet_id              = values(module.network.subnet_ids)[count.index]
  vpc_security_group_ids = [aws_security_group.web.id]

  root_block_device {
    volume_type = "gp3"
    volume_size = 20
    encrypted   = true
  }

  # IMDSv2 only.
  metadata_options {
    http_tokens = "required"
  }

  tags = merge(local.tags, {
    Name = "${local.name}-app-${count.index}"
  })
}

# The value comes from the sensitive variable; Terraform still keeps it in
# the state in plain text.
resource "aws_ssm_parameter" "db_password" {
  name        = "/${local.name}/db/password"
  description = "Password of the shop database user."
  type        = "SecureString"
  value       = var.db_password

  tags = local.tags
}
