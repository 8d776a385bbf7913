variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  description = "Env tag of every resource"
  type        = string
}

variable "vpc_cidr" {
  type = string
}

variable "availability_zones" {
  type = list(string)
}

variable "web_instances_per_az" {
  type    = number
  default = 1
}

variable "app_instances_per_az" {
  type    = number
  default = 1
}

variable "admin_cidrs" {
  description = "Where administrators may SSH to the web servers from (normally nowhere: use SSM)"
  type        = list(string)
  default     = []
}

variable "ami_id" {
  type    = string
  default = "ami-0c55b159cbfafe1f0"
}
