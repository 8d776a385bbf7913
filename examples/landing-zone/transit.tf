# The hub: one transit gateway, no default route table. Every spoke is
# associated with its environment's table; the shared-services and egress
# VPCs with their own.
resource "aws_ec2_transit_gateway" "hub" {
  description                     = "landing zone hub"
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
  tags                            = { Name = "hub" }
}

resource "aws_ec2_transit_gateway_route_table" "prod" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "prod" }
}

resource "aws_ec2_transit_gateway_route_table" "dev" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "dev" }
}

resource "aws_ec2_transit_gateway_route_table" "shared" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  tags               = { Name = "shared" }
}

# Spokes: associated with their environment's table, propagated into it
# (spokes of one environment reach each other) and into the shared table
# (shared services and the egress VPC answer every spoke).
resource "aws_ec2_transit_gateway_route_table_association" "spoke" {
  for_each                       = var.spokes
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke[each.key].id
  transit_gateway_route_table_id = each.value.env == "prod" ? aws_ec2_transit_gateway_route_table.prod.id : aws_ec2_transit_gateway_route_table.dev.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "spoke_env" {
  for_each                       = var.spokes
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke[each.key].id
  transit_gateway_route_table_id = each.value.env == "prod" ? aws_ec2_transit_gateway_route_table.prod.id : aws_ec2_transit_gateway_route_table.dev.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "spoke_shared" {
  for_each                       = var.spokes
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke[each.key].id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.shared.id
}

# Every environment reaches the shared services and, by default, the egress VPC.
resource "aws_ec2_transit_gateway_route_table_propagation" "shared_to_env" {
  for_each                       = { prod = aws_ec2_transit_gateway_route_table.prod.id, dev = aws_ec2_transit_gateway_route_table.dev.id }
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.shared.id
  transit_gateway_route_table_id = each.value
}

resource "aws_ec2_transit_gateway_route" "default_egress" {
  for_each                       = { prod = aws_ec2_transit_gateway_route_table.prod.id, dev = aws_ec2_transit_gateway_route_table.dev.id }
  destination_cidr_block         = "0.0.0.0/0"
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.egress.id
  transit_gateway_route_table_id = each.value
}

# The egress VPC sends everything back to the hub for 10.0.0.0/8, so without
# these blackholes one environment would reach the other through it (a
# hairpin). They close it: prod and dev never meet.
resource "aws_ec2_transit_gateway_route" "no_dev_from_prod" {
  destination_cidr_block         = "10.20.0.0/16"
  blackhole                      = true
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.prod.id
}

resource "aws_ec2_transit_gateway_route" "no_prod_from_dev" {
  for_each                       = toset(["10.10.0.0/16", "10.11.0.0/16"])
  destination_cidr_block         = each.value
  blackhole                      = true
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.dev.id
}

resource "aws_ec2_transit_gateway_route_table_association" "shared" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.shared.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.shared.id
}

resource "aws_ec2_transit_gateway_route_table_association" "egress" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.egress.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.shared.id
}
