# Trap 4: a subnet without an explicit route table association silently uses
# the VPC's main route table. Here the main role was moved to the public route
# table (aws_main_route_table_association), so the "reports" subnet, which
# nobody associated, routes to the internet gateway, and its instance with a
# public address is reachable from the internet on 8443. The "batch" subnet is
# explicitly associated with the private table and stays unreachable, with
# the same security group and a public address too.

resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}

resource "aws_main_route_table_association" "main" {
  vpc_id         = aws_vpc.main.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "batch" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.40.1.0/24"
}

resource "aws_route_table_association" "batch" {
  subnet_id      = aws_subnet.batch.id
  route_table_id = aws_route_table.private.id
}

# No association: uses the main route table, which is now the public one.
resource "aws_subnet" "reports" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.40.2.0/24"
}

resource "aws_security_group" "internal_api" {
  name   = "internal-api"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "batch" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.small"
  subnet_id                   = aws_subnet.batch.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.internal_api.id]
}

resource "aws_instance" "reports" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.small"
  subnet_id                   = aws_subnet.reports.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.internal_api.id]
}
