# Two VPCs in one account: prod (10.10.0.0/16) and test (10.20.0.0/16), each
# tagged with its Environment, which every subnet and interface inherits.
#
# prod: a public subnet (the bastion, the NAT gateway), an application subnet
# routed to the internet through the NAT gateway, and two data subnets for
# the PostgreSQL database, behind their own network ACL.
# test: one private subnet for the CI runner, with no route out of its VPC.

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
  region = "eu-central-1"
}

# --- prod ---------------------------------------------------------------------

resource "aws_vpc" "prod" {
  cidr_block           = "10.10.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "prod", Environment = "prod" }
}

resource "aws_internet_gateway" "prod" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-igw" }
}

resource "aws_subnet" "prod_public" {
  vpc_id                  = aws_vpc.prod.id
  cidr_block              = "10.10.0.0/24"
  availability_zone       = "eu-central-1a"
  map_public_ip_on_launch = false
  tags                    = { Name = "prod-public" }
}

resource "aws_subnet" "prod_app" {
  vpc_id            = aws_vpc.prod.id
  cidr_block        = "10.10.10.0/24"
  availability_zone = "eu-central-1a"
  tags              = { Name = "prod-app" }
}

resource "aws_subnet" "prod_data_a" {
  vpc_id            = aws_vpc.prod.id
  cidr_block        = "10.10.20.0/24"
  availability_zone = "eu-central-1a"
  tags              = { Name = "prod-data-a" }
}

resource "aws_subnet" "prod_data_b" {
  vpc_id            = aws_vpc.prod.id
  cidr_block        = "10.10.21.0/24"
  availability_zone = "eu-central-1b"
  tags              = { Name = "prod-data-b" }
}

resource "aws_eip" "nat" {
  domain = "vpc"
  tags   = { Name = "prod-nat" }
}

resource "aws_nat_gateway" "prod" {
  subnet_id     = aws_subnet.prod_public.id
  allocation_id = aws_eip.nat.id
  tags          = { Name = "prod-nat" }
}

resource "aws_route_table" "prod_public" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-public" }

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.prod.id
  }
}

resource "aws_route_table_association" "prod_public" {
  subnet_id      = aws_subnet.prod_public.id
  route_table_id = aws_route_table.prod_public.id
}

resource "aws_route_table" "prod_app" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-app" }

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.prod.id
  }
}

resource "aws_route_table_association" "prod_app" {
  subnet_id      = aws_subnet.prod_app.id
  route_table_id = aws_route_table.prod_app.id
}

# The data subnets route inside the VPC only.
resource "aws_route_table" "prod_data" {
  vpc_id = aws_vpc.prod.id
  tags   = { Name = "prod-data" }
}

resource "aws_route_table_association" "prod_data_a" {
  subnet_id      = aws_subnet.prod_data_a.id
  route_table_id = aws_route_table.prod_data.id
}

resource "aws_route_table_association" "prod_data_b" {
  subnet_id      = aws_subnet.prod_data_b.id
  route_table_id = aws_route_table.prod_data.id
}

# The data subnets admit PostgreSQL from the application subnet and answer it;
# nothing else gets in or out.
resource "aws_network_acl" "prod_data" {
  vpc_id     = aws_vpc.prod.id
  subnet_ids = [aws_subnet.prod_data_a.id, aws_subnet.prod_data_b.id]
  tags       = { Name = "prod-data" }

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.10.10.0/24"
    from_port  = 5432
    to_port    = 5432
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "10.10.10.0/24"
    from_port  = 1024
    to_port    = 65535
  }
}

# --- test ---------------------------------------------------------------------

resource "aws_vpc" "test" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "test", Environment = "test" }
}

resource "aws_subnet" "test_app" {
  vpc_id            = aws_vpc.test.id
  cidr_block        = "10.20.10.0/24"
  availability_zone = "eu-central-1a"
  tags              = { Name = "test-app" }
}

resource "aws_route_table" "test_app" {
  vpc_id = aws_vpc.test.id
  tags   = { Name = "test-app" }
}

resource "aws_route_table_association" "test_app" {
  subnet_id      = aws_subnet.test_app.id
  route_table_id = aws_route_table.test_app.id
}
