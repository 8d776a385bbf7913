# The intended state of account 111122223333 (eu-west-1): the dual-stack prod
# VPC of a three-tier application, as the snapshot tests/snapshots/three-tier
# shows it live. Names (the `Name` tags, security group and load balancer
# names), CIDR blocks and private addresses are the live ones, so that
# `segproof drift` pairs each resource with its live counterpart.
#
# Not here, on purpose: the shared-services VPC and its peering with prod are
# managed by the platform team in their own state (see ../DRIFT.md).

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

# The IPv6 block is the one Amazon assigned to the VPC; it is written out so
# that subnets and instances can pin their addresses.
resource "aws_vpc" "prod" {
  cidr_block      = "10.0.0.0/16"
  ipv6_cidr_block = "2a05:d018:1a2:ee00::/56"
  tags            = { Name = "prod", env = "prod" }
}

resource "aws_internet_gateway" "prod" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-igw" }
}

resource "aws_egress_only_internet_gateway" "prod" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-eigw" }
}

# --- subnets: public and app are dual-stack, data is IPv4 only -----------------

resource "aws_subnet" "public_a" {
  vpc_id                          = aws_vpc.prod.id
  cidr_block                      = "10.0.0.0/24"
  ipv6_cidr_block                 = "2a05:d018:1a2:ee00::/64"
  availability_zone               = "eu-west-1a"
  map_public_ip_on_launch         = true
  assign_ipv6_address_on_creation = true
  tags                            = { Name = "public-a", tier = "public" }
}

resource "aws_subnet" "public_b" {
  vpc_id                          = aws_vpc.prod.id
  cidr_block                      = "10.0.1.0/24"
  ipv6_cidr_block                 = "2a05:d018:1a2:ee01::/64"
  availability_zone               = "eu-west-1b"
  map_public_ip_on_launch         = true
  assign_ipv6_address_on_creation = true
  tags                            = { Name = "public-b", tier = "public" }
}

resource "aws_subnet" "app_a" {
  vpc_id                          = aws_vpc.prod.id
  cidr_block                      = "10.0.10.0/24"
  ipv6_cidr_block                 = "2a05:d018:1a2:ee0a::/64"
  availability_zone               = "eu-west-1a"
  assign_ipv6_address_on_creation = true
  tags                            = { Name = "app-a", tier = "app" }
}

resource "aws_subnet" "app_b" {
  vpc_id                          = aws_vpc.prod.id
  cidr_block                      = "10.0.11.0/24"
  ipv6_cidr_block                 = "2a05:d018:1a2:ee0b::/64"
  availability_zone               = "eu-west-1b"
  assign_ipv6_address_on_creation = true
  tags                            = { Name = "app-b", tier = "app" }
}

resource "aws_subnet" "data_a" {
  vpc_id            = aws_vpc.prod.id
  cidr_block        = "10.0.20.0/24"
  availability_zone = "eu-west-1a"
  tags              = { Name = "data-a", tier = "data" }
}

resource "aws_subnet" "data_b" {
  vpc_id            = aws_vpc.prod.id
  cidr_block        = "10.0.21.0/24"
  availability_zone = "eu-west-1b"
  tags              = { Name = "data-b", tier = "data" }
}

# --- routing ------------------------------------------------------------------

resource "aws_eip" "nat_a" {
  domain = "vpc"
  tags   = { Name = "prod-nat-a" }
}

resource "aws_nat_gateway" "a" {
  subnet_id     = aws_subnet.public_a.id
  allocation_id = aws_eip.nat_a.id
  private_ip    = "10.0.0.5"
  tags          = { Name = "prod-nat-a" }
}

# The main table: the data subnets use it (no association), so they route
# inside the VPC and to S3 (the gateway endpoint below) only.
resource "aws_default_route_table" "prod" {
  default_route_table_id = aws_vpc.prod.default_route_table_id
  tags                   = { Name = "prod-main" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-public" }

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.prod.id
  }

  route {
    ipv6_cidr_block = "::/0"
    gateway_id      = aws_internet_gateway.prod.id
  }
}

resource "aws_route_table_association" "public_a" {
  subnet_id      = aws_subnet.public_a.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "public_b" {
  subnet_id      = aws_subnet.public_b.id
  route_table_id = aws_route_table.public.id
}

# The app subnets: IPv4 out through the NAT gateway, IPv6 out through the
# egress-only gateway, 172.16.0.0/12 to the regional hub.
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-app" }

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.a.id
  }

  route {
    cidr_block         = "172.16.0.0/12"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }

  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.prod.id
  }
}

resource "aws_route_table_association" "app_a" {
  subnet_id      = aws_subnet.app_a.id
  route_table_id = aws_route_table.app.id
}

resource "aws_route_table_association" "app_b" {
  subnet_id      = aws_subnet.app_b.id
  route_table_id = aws_route_table.app.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.prod.id
  service_name      = "com.amazonaws.eu-west-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_default_route_table.prod.id, aws_route_table.app.id]
  tags              = { Name = "prod-s3" }
}

# --- the regional hub -----------------------------------------------------------

resource "aws_ec2_transit_gateway" "hub" {
  description     = "regional hub"
  amazon_side_asn = 64512
  tags            = { Name = "hub" }
}

resource "aws_ec2_transit_gateway_vpc_attachment" "prod" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.prod.id
  subnet_ids         = [aws_subnet.app_a.id, aws_subnet.app_b.id]
  ipv6_support       = "disable"
  tags               = { Name = "prod-attachment" }
}

resource "aws_ec2_transit_gateway_route" "blackhole_192_168" {
  transit_gateway_route_table_id = aws_ec2_transit_gateway.hub.association_default_route_table_id
  destination_cidr_block         = "192.168.0.0/16"
  blackhole                      = true
}

# --- network ACLs -------------------------------------------------------------

# The public and app subnets keep the default ACL: everything, both families.
resource "aws_default_network_acl" "prod" {
  default_network_acl_id = aws_vpc.prod.default_network_acl_id

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  ingress {
    rule_no         = 101
    action          = "allow"
    protocol        = "-1"
    ipv6_cidr_block = "::/0"
    from_port       = 0
    to_port         = 0
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  egress {
    rule_no         = 101
    action          = "allow"
    protocol        = "-1"
    ipv6_cidr_block = "::/0"
    from_port       = 0
    to_port         = 0
  }

  lifecycle {
    ignore_changes = [subnet_ids]
  }
}

# The data subnets: nothing from the public subnets (10.0.0.0/22), PostgreSQL
# from the app subnets (10.0.10.0/23), replies to HTTPS, ping from the VPC.
resource "aws_network_acl" "data" {
  vpc_id     = aws_vpc.prod.id
  subnet_ids = [aws_subnet.data_a.id, aws_subnet.data_b.id]
  tags       = { Name = "prod-data" }

  ingress {
    rule_no    = 90
    action     = "deny"
    protocol   = "-1"
    cidr_block = "10.0.0.0/22"
    from_port  = 0
    to_port    = 0
  }

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.0.10.0/23"
    from_port  = 5432
    to_port    = 5432
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }

  ingress {
    rule_no    = 120
    action     = "allow"
    protocol   = "icmp"
    cidr_block = "10.0.0.0/16"
    icmp_type  = 8
    icmp_code  = -1
    from_port  = 0
    to_port    = 0
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.0.10.0/23"
    from_port  = 1024
    to_port    = 65535
  }

  egress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = 443
    to_port    = 443
  }
}
