# Network ACLs. The public and private subnets keep broad ACLs (the security
# groups do the fine-grained work); the data subnets admit only PostgreSQL
# from the private subnets and send only the replies back.

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [for s in aws_subnet.public : s.id]
  tags       = merge(var.tags, { Name = "${var.name}-public" })

  # HTTP, HTTPS and SSH from anywhere, then everything from inside the VPC,
  # then the ephemeral ports for replies to connections started inside.
  dynamic "ingress" {
    for_each = { 100 = 80, 110 = 443, 120 = 22 }
    content {
      rule_no    = ingress.key
      action     = "allow"
      protocol   = "tcp"
      from_port  = ingress.value
      to_port    = ingress.value
      cidr_block = "0.0.0.0/0"
    }
  }

  ingress {
    rule_no    = 200
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = var.cidr_block
  }

  ingress {
    rule_no    = 300
    action     = "allow"
    protocol   = "tcp"
    from_port  = 1024
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }

  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}

resource "aws_network_acl" "data" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [for s in aws_subnet.data : s.id]
  tags       = merge(var.tags, { Name = "${var.name}-data" })

  dynamic "ingress" {
    for_each = values(local.private_cidrs)
    content {
      rule_no    = 100 + ingress.key * 10
      action     = "allow"
      protocol   = "tcp"
      from_port  = 5432
      to_port    = 5432
      cidr_block = ingress.value
    }
  }

  dynamic "egress" {
    for_each = values(local.private_cidrs)
    content {
      rule_no    = 100 + egress.key * 10
      action     = "allow"
      protocol   = "tcp"
      from_port  = 1024
      to_port    = 65535
      cidr_block = egress.value
    }
  }
}
