variable "zones" {
  description = "Availability zones every VPC spans"
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b"]
}

# One spoke per workload: its block and its environment. Spokes of one
# environment share a transit gateway route table.
variable "spokes" {
  type = map(object({
    cidr = string
    env  = string
  }))
  default = {
    payments = { cidr = "10.10.0.0/16", env = "prod" }
    web      = { cidr = "10.11.0.0/16", env = "prod" }
    sandbox  = { cidr = "10.20.0.0/16", env = "dev" }
  }
}

variable "shared_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "egress_cidr" {
  type    = string
  default = "10.1.0.0/16"
}

# IPv6 blocks of the dual-stack spokes.
variable "spoke_ipv6" {
  type    = map(string)
  default = { web = "2600:1f18:4a3:6e00::/56" }
}

# The operations team's IPv6 range: the only clients of the ops dashboard.
variable "admin_ipv6" {
  type    = string
  default = "2001:db8:ad00::/40"
}
