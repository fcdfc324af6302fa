output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "subnet_ids" {
  description = "Private subnet IDs by availability-zone letter."
  value       = { for key, subnet in aws_subnet.private : key => subnet.id }
}
