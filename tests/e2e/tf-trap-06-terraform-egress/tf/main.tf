# Trap 6: AWS creates every security group with an allow-all egress rule, but
# Terraform's aws_security_group removes it. The "legacy" group below has
# ingress rules only, so its instance can open no connection at all: not to
# the internet, not to the API server next to it. The "worker" group writes
# the egress block explicitly and its instance can do both.

locals {
  vpc_cidr = "10.60.0.0/16"
  subnets = {
    public = cidrsubnet(local.vpc_cidr, 8, 1)
  }
}

resource "aws_vpc" "main" {
  cidr_block = local.vpc_cidr
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "this" {
  for_each                = local.subnets
  vpc_id                  = aws_vpc.main.id
  cidr_block              = each.value
  map_public_ip_on_launch = true
  tags                    = { Name = each.key }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.this["public"].id
  route_table_id = aws_route_table.public.id
}

# No egress block: Terraform leaves this group without any egress rule.
resource "aws_security_group" "legacy" {
  name   = "legacy"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [local.vpc_cidr]
  }
}

resource "aws_security_group" "worker" {
  name   = "worker"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [local.vpc_cidr]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "api" {
  name   = "api"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = [local.vpc_cidr]
  }
}

resource "aws_instance" "legacy" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.this["public"].id
  private_ip             = "10.60.1.10"
  vpc_security_group_ids = [aws_security_group.legacy.id]
}

resource "aws_instance" "worker" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.this["public"].id
  private_ip             = "10.60.1.11"
  vpc_security_group_ids = [aws_security_group.worker.id]
}

resource "aws_instance" "api" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.this["public"].id
  private_ip             = "10.60.1.20"
  vpc_security_group_ids = [aws_security_group.api.id]
}
