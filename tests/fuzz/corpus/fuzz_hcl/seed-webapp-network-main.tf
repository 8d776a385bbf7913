# The network of the web application: one VPC, and in each availability zone
# a public subnet (web servers, NAT gateway), a private subnet (application
# servers, outbound through the zone's NAT gateway) and a data subnet (the
# database; no route out of the VPC at all).

locals {
  # Subnet blocks: public 10.x.0-9.0/24, private 10.x.10-19.0/24, data 10.x.20-29.0/24.
  zones = { for i, az in var.availability_zones : az => i }

  public_cidrs  = { for az, i in local.zones : az => cidrsubnet(var.cidr_block, 8, i) }
  private_cidrs = { for az, i in local.zones : az => cidrsubnet(var.cidr_block, 8, 10 + i) }
  data_cidrs    = { for az, i in local.zones : az => cidrsubnet(var.cidr_block, 8, 20 + i) }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-igw" })
}

resource "aws_subnet" "public" {
  for_each                = local.public_cidrs
  vpc_id                  = aws_vpc.this.id
  availability_zone       = each.key
  cidr_block              = each.value
  map_public_ip_on_launch = false
  tags                    = merge(var.tags, { Name = "${var.name}-public-${each.key}", Tier = "public" })
}

resource "aws_subnet" "private" {
  for_each          = local.private_cidrs
  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value
  tags              = merge(var.tags, { Name = "${var.name}-private-${each.key}", Tier = "app" })
}

resource "aws_subnet" "data" {
  for_each          = local.data_cidrs
  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value
  tags              = merge(var.tags, { Name = "${var.name}-data-${each.key}", Tier = "data" })
}
