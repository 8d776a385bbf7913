variable "name" {
  description = "Prefix of every Name tag"
  type        = string
}

variable "cidr_block" {
  description = "IPv4 block of the VPC, a /16"
  type        = string
}

variable "availability_zones" {
  description = "One public, one private and one data subnet in each zone"
  type        = list(string)
}

variable "tags" {
  description = "Tags for every resource of the module"
  type        = map(string)
  default     = {}
}
