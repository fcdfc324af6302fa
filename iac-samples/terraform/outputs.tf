output "vpc_id" {
  description = "ID of the shop VPC."
  value       = module.network.vpc_id
}

output "web_security_group_id" {
  value = aws_security_group.web.id
}

output "assets_bucket" {
  value = aws_s3_bucket.assets.bucket
}

output "app_private_ips" {
  value = aws_instance.app[*].private_ip
}

output "db_password" {
  value     = aws_ssm_parameter.db_password.value
  sensitive = true
}
