variable "vpcs" {
  description = "The shared-services VPC and the two VPCs peered with it"
  type = map(object({
    cidr = string
    env  = string
  }))
}

variable "ci_return_route" {
  description = "Whether the CI VPC routes back to shared services"
  type        = bool
  default     = false
}
