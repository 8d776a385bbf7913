# Shared services (DNS resolvers) and the egress VPC, in the network account.
resource "aws_vpc" "shared" {
  cidr_block = var.shared_cidr
  tags       = { Name = "shared", Env = "shared" }
}

resource "aws_subnet" "shared" {
  count             = length(var.zones)
  vpc_id            = aws_vpc.shared.id
  cidr_block        = cidrsubnet(var.shared_cidr, 8, count.index)
  availability_zone = var.zones[count.index]
}

resource "aws_route_table" "shared" {
  vpc_id = aws_vpc.shared.id
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}

resource "aws_route_table_association" "shared" {
  count          = length(var.zones)
  subnet_id      = aws_subnet.shared[count.index].id
  route_table_id = aws_route_table.shared.id
}

# The transit gateway's interfaces share the resolvers' subnets here.
resource "aws_ec2_transit_gateway_vpc_attachment" "shared" {
  transit_gateway_id                              = aws_ec2_transit_gateway.hub.id
  vpc_id                                          = aws_vpc.shared.id
  subnet_ids                                      = aws_subnet.shared[*].id
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
}

resource "aws_security_group" "dns" {
  name   = "dns"
  vpc_id = aws_vpc.shared.id
  ingress {
    description = "DNS from the landing zone"
    from_port   = 53
    to_port     = 53
    protocol    = "udp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    description = "DNS over TCP from the landing zone"
    from_port   = 53
    to_port     = 53
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "resolver" {
  count                  = length(var.zones)
  ami                    = "ami-0123456789abcdef0"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.shared[count.index].id
  vpc_security_group_ids = [aws_security_group.dns.id]
  tags                   = { Name = "resolver-${count.index}", Role = "dns" }
}

# Centralized egress: the hub sends 0.0.0.0/0 here; the transit gateway's
# subnets route it to a NAT gateway in their zone, the public subnets to the
# internet gateway. The way back to the spokes is the hub.
resource "aws_vpc" "egress" {
  cidr_block = var.egress_cidr
  tags       = { Name = "egress", Env = "shared" }
}

resource "aws_internet_gateway" "egress" {
  vpc_id = aws_vpc.egress.id
}

resource "aws_subnet" "egress_public" {
  count             = length(var.zones)
  vpc_id            = aws_vpc.egress.id
  cidr_block        = cidrsubnet(var.egress_cidr, 8, count.index)
  availability_zone = var.zones[count.index]
}

resource "aws_subnet" "egress_tgw" {
  count             = length(var.zones)
  vpc_id            = aws_vpc.egress.id
  cidr_block        = cidrsubnet(var.egress_cidr, 12, 4080 + count.index)
  availability_zone = var.zones[count.index]
}

resource "aws_eip" "nat" {
  count  = length(var.zones)
  domain = "vpc"
}

resource "aws_nat_gateway" "egress" {
  count         = length(var.zones)
  subnet_id     = aws_subnet.egress_public[count.index].id
  allocation_id = aws_eip.nat[count.index].id
}

resource "aws_route_table" "egress_public" {
  vpc_id = aws_vpc.egress.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.egress.id
  }
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}

resource "aws_route_table_association" "egress_public" {
  count          = length(var.zones)
  subnet_id      = aws_subnet.egress_public[count.index].id
  route_table_id = aws_route_table.egress_public.id
}

resource "aws_route_table" "egress_tgw" {
  count  = length(var.zones)
  vpc_id = aws_vpc.egress.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.egress[count.index].id
  }
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}

resource "aws_route_table_association" "egress_tgw" {
  count          = length(var.zones)
  subnet_id      = aws_subnet.egress_tgw[count.index].id
  route_table_id = aws_route_table.egress_tgw[count.index].id
}

resource "aws_ec2_transit_gateway_vpc_attachment" "egress" {
  transit_gateway_id                              = aws_ec2_transit_gateway.hub.id
  vpc_id                                          = aws_vpc.egress.id
  subnet_ids                                      = aws_subnet.egress_tgw[*].id
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
}
