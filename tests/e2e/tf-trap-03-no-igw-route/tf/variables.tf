variable "vpc_cidr" {
  type        = string
  description = "Address block of the VPC"
}

variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}
