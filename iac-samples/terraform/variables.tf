variable "region" {
  description = "AWS region for the whole estate."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Deployment stage; part of names and tags."
  type        = string
  default     = "staging"

  validation {
    condition     = contains(["staging", "prod"], var.environment)
    error_message = "The environment must be \"staging\" or \"prod\"."
  }
}

variable "vpc_cidr" {
  description = "Address range of the shop VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "private_subnets" {
  description = "Private subnets by availability-zone letter."
  type        = map(string)
  default = {
    a = "10.20.1.0/24"
    b = "10.20.2.0/24"
  }
}

variable "app_ami" {
  description = "AMI of the app servers (Amazon Linux 2023)."
  type        = string
}

variable "app_instance_type" {
  description = "Instance type of the app servers."
  type        = string
  default     = "t3.micro"
}

# Never put the value in a file in this repository: CI passes it as
# TF_VAR_db_password from the secret store.
variable "db_password" {
  description = "Password of the shop database user."
  type        = string
  sensitive   = true
}
