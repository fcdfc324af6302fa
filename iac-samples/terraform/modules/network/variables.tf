variable "name" {
  description = "Name prefix of every network resource."
  type        = string
}

variable "cidr_block" {
  description = "Address range of the VPC."
  type        = string
}

variable "private_subnets" {
  description = "Private subnet ranges by availability-zone letter (\"a\", \"b\", ...)."
  type        = map(string)
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
