# A dual-stack VPC (a BYOIP IPv6 block, written). The app servers have no
# public IPv4 and SSH is open only to 10.0.0.0/8 over IPv4, so an IPv4-only
# review calls them private; the IPv6 rule added "for dual-stack support" and
# the app subnet's ::/0 route to the internet gateway make SSH reachable from
# the whole IPv6 internet. The workers do it right: their subnet sends IPv6
# out through an egress-only internet gateway, which lets nothing in.

resource "aws_vpc" "main" {
  cidr_block      = "10.20.0.0/16"
  ipv6_cidr_block = "2600:1f18:4a3:6e00::/56"
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_egress_only_internet_gateway" "eigw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "app" {
  vpc_id                          = aws_vpc.main.id
  cidr_block                      = "10.20.1.0/24"
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
  assign_ipv6_address_on_creation = true
}

resource "aws_subnet" "workers" {
  vpc_id                          = aws_vpc.main.id
  cidr_block                      = "10.20.2.0/24"
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 2)
  assign_ipv6_address_on_creation = true
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id
  route {
    ipv6_cidr_block = "::/0"
    gateway_id      = aws_internet_gateway.igw.id
  }
}

resource "aws_route_table" "workers" {
  vpc_id = aws_vpc.main.id
  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.eigw.id
  }
}

resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}

resource "aws_route_table_association" "workers" {
  subnet_id      = aws_subnet.workers.id
  route_table_id = aws_route_table.workers.id
}

resource "aws_security_group" "app" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "workers" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port        = 8080
    to_port          = 8080
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
  egress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_instance" "app" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.app.id
  private_ip             = "10.20.1.10"
  ipv6_addresses         = ["2600:1f18:4a3:6e01::10"]
  vpc_security_group_ids = [aws_security_group.app.id]
}

resource "aws_instance" "worker" {
  ami                    = "ami-12345678"
  instance_type          = "t3.micro"
  subnet_id              = aws_subnet.workers.id
  private_ip             = "10.20.2.10"
  vpc_security_group_ids = [aws_security_group.workers.id]
}
