variable "vpc_cidr" {
  type        = string
  description = "Address block of the VPC"
}

variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}
# Trap 3: the instance has a public IPv4 and the VPC an internet gateway, but
# the subnet's route table has no route to the gateway (the default route goes
# to a NAT gateway instead). A request from the internet reaches the instance,
# but its reply is routed to the NAT gateway and never gets back: no TCP
# connection. The instance in the subnet that does route to the gateway is
# reachable on the same port.

resource "aws_vpc" "main" {
  cidr_block = var.vpc_cidr
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "edge" {
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.vpc_cidr, 8, 1)
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.vpc_cidr, 8, 2)
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.edge.id
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}

resource "aws_route_table_association" "edge" {
  subnet_id      = aws_subnet.edge.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}

resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

# Public address, but its subnet has no route to the internet gateway.
resource "aws_instance" "app" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.small"
  subnet_id                   = aws_subnet.app.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.admin.id]
}

# Same group, in the subnet that does route to the internet gateway.
resource "aws_instance" "jump" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.edge.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.admin.id]
}
