# Trap 8: VPC peering needs routes on both sides. Shared services peers with
# analytics and with CI, and its route table routes to both. Analytics routes
# back; CI does not (var.ci_return_route is false), so a request from shared
# services reaches CI but the reply has no way back: no TCP connection.

locals {
  peers = { for k, v in var.vpcs : k => v if k != "shared" }
}

resource "aws_vpc" "this" {
  for_each   = var.vpcs
  cidr_block = each.value.cidr
  tags       = { Name = each.key, Env = each.value.env }
}

resource "aws_subnet" "this" {
  for_each   = var.vpcs
  vpc_id     = aws_vpc.this[each.key].id
  cidr_block = cidrsubnet(each.value.cidr, 8, 1)
}

resource "aws_vpc_peering_connection" "shared" {
  for_each    = local.peers
  vpc_id      = aws_vpc.this["shared"].id
  peer_vpc_id = aws_vpc.this[each.key].id
  auto_accept = true
}

resource "aws_route_table" "shared" {
  vpc_id = aws_vpc.this["shared"].id

  dynamic "route" {
    for_each = local.peers
    content {
      cidr_block                = route.value.cidr
      vpc_peering_connection_id = aws_vpc_peering_connection.shared[route.key].id
    }
  }
}

resource "aws_route_table" "analytics" {
  vpc_id = aws_vpc.this["analytics"].id
  route {
    cidr_block                = var.vpcs["shared"].cidr
    vpc_peering_connection_id = aws_vpc_peering_connection.shared["analytics"].id
  }
}

resource "aws_route_table" "ci" {
  vpc_id = aws_vpc.this["ci"].id
}

resource "aws_route" "ci_to_shared" {
  count                     = var.ci_return_route ? 1 : 0
  route_table_id            = aws_route_table.ci.id
  destination_cidr_block    = var.vpcs["shared"].cidr
  vpc_peering_connection_id = aws_vpc_peering_connection.shared["ci"].id
}

resource "aws_route_table_association" "shared" {
  subnet_id      = aws_subnet.this["shared"].id
  route_table_id = aws_route_table.shared.id
}

resource "aws_route_table_association" "analytics" {
  subnet_id      = aws_subnet.this["analytics"].id
  route_table_id = aws_route_table.analytics.id
}

resource "aws_route_table_association" "ci" {
  subnet_id      = aws_subnet.this["ci"].id
  route_table_id = aws_route_table.ci.id
}

resource "aws_security_group" "tools" {
  name   = "tools"
  vpc_id = aws_vpc.this["shared"].id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "api" {
  for_each = local.peers
  name     = "${each.key}-api"
  vpc_id   = aws_vpc.this[each.key].id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [var.vpcs["shared"].cidr]
  }
}

resource "aws_instance" "tools" {
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.medium"
  subnet_id              = aws_subnet.this["shared"].id
  vpc_security_group_ids = [aws_security_group.tools.id]
}

resource "aws_instance" "api" {
  for_each               = local.peers
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.medium"
  subnet_id              = aws_subnet.this[each.key].id
  vpc_security_group_ids = [aws_security_group.api[each.key].id]
}
