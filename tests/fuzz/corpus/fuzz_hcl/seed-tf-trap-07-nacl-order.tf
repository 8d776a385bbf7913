# Trap 7: network ACL rules are evaluated in increasing rule number and the
# first match decides, whatever the order they are written in. Two subnets
# carry the same two RDP rules with the numbers swapped:
#  - "ops":   rule 100 allows tcp/3389, rule 200 denies it: RDP gets through;
#  - "corp":  rule 100 denies tcp/3389, rule 200 allows it: RDP is stopped.
# The rules are aws_network_acl_rule resources made with for_each.

locals {
  subnets = {
    ops  = { cidr = "10.70.1.0/24", rdp_allow_rule = 100, rdp_deny_rule = 200 }
    corp = { cidr = "10.70.2.0/24", rdp_allow_rule = 200, rdp_deny_rule = 100 }
  }

  # Every subnet: its two RDP rules, then the ephemeral ports for replies.
  acl_rules = merge([
    for name, s in local.subnets : {
      "${name}-rdp-deny"  = { subnet = name, egress = false, rule = s.rdp_deny_rule, action = "deny", from = 3389, to = 3389 }
      "${name}-rdp-allow" = { subnet = name, egress = false, rule = s.rdp_allow_rule, action = "allow", from = 3389, to = 3389 }
      "${name}-replies"   = { subnet = name, egress = true, rule = 100, action = "allow", from = 1024, to = 65535 }
    }
  ]...)
}

resource "aws_vpc" "main" {
  cidr_block = "10.70.0.0/16"
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

resource "aws_subnet" "this" {
  for_each                = local.subnets
  vpc_id                  = aws_vpc.main.id
  cidr_block              = each.value.cidr
  map_public_ip_on_launch = true
}

resource "aws_route_table_association" "this" {
  for_each       = aws_subnet.this
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_network_acl" "this" {
  for_each   = aws_subnet.this
  vpc_id     = aws_vpc.main.id
  subnet_ids = [each.value.id]
}

resource "aws_network_acl_rule" "this" {
  for_each       = local.acl_rules
  network_acl_id = aws_network_acl.this[each.value.subnet].id
  egress         = each.value.egress
  rule_number    = each.value.rule
  rule_action    = each.value.action
  protocol       = "tcp"
  from_port      = each.value.from
  to_port        = each.value.to
  cidr_block     = "0.0.0.0/0"
}

resource "aws_security_group" "rdp" {
  name   = "rdp"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "desktop" {
  for_each               = aws_subnet.this
  ami                    = "ami-0c55b159cbfafe1f0"
  instance_type          = "t3.large"
  subnet_id              = each.value.id
  vpc_security_group_ids = [aws_security_group.rdp.id]
}
