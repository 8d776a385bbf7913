# Every spoke: a VPC over two zones with a private subnet per zone for its
# workloads and a small subnet per zone for the transit gateway's
# interfaces. Everything outside the VPC goes to the hub.
locals {
  # "payments/eu-west-1a" => { spoke, zone, index }
  spoke_zones = merge([
    for name, spoke in var.spokes : {
      for i, zone in var.zones : "${name}/${zone}" => { spoke = name, zone = zone, index = i }
    }
  ]...)
}

resource "aws_vpc" "spoke" {
  for_each   = var.spokes
  cidr_block = each.value.cidr
  # The web spoke is dual-stack (a BYOIP IPv6 block).
  ipv6_cidr_block = lookup(var.spoke_ipv6, each.key, null)
  tags            = { Name = each.key, Env = each.value.env }
}

resource "aws_subnet" "workload" {
  for_each          = local.spoke_zones
  vpc_id            = aws_vpc.spoke[each.value.spoke].id
  cidr_block        = cidrsubnet(var.spokes[each.value.spoke].cidr, 8, each.value.index)
  availability_zone = each.value.zone
  tags              = { Tier = "workload" }
}

resource "aws_subnet" "tgw" {
  for_each          = local.spoke_zones
  vpc_id            = aws_vpc.spoke[each.value.spoke].id
  cidr_block        = cidrsubnet(var.spokes[each.value.spoke].cidr, 12, 4080 + each.value.index)
  availability_zone = each.value.zone
  tags              = { Tier = "transit" }
}

resource "aws_route_table" "spoke" {
  for_each = var.spokes
  vpc_id   = aws_vpc.spoke[each.key].id
  route {
    cidr_block         = "0.0.0.0/0"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}

resource "aws_route_table_association" "workload" {
  for_each       = local.spoke_zones
  subnet_id      = aws_subnet.workload[each.key].id
  route_table_id = aws_route_table.spoke[each.value.spoke].id
}

resource "aws_route_table_association" "tgw" {
  for_each       = local.spoke_zones
  subnet_id      = aws_subnet.tgw[each.key].id
  route_table_id = aws_route_table.spoke[each.value.spoke].id
}

resource "aws_ec2_transit_gateway_vpc_attachment" "spoke" {
  for_each                                        = var.spokes
  transit_gateway_id                              = aws_ec2_transit_gateway.hub.id
  vpc_id                                          = aws_vpc.spoke[each.key].id
  subnet_ids                                      = [for zone in var.zones : aws_subnet.tgw["${each.key}/${zone}"].id]
  transit_gateway_default_route_table_association = false
  transit_gateway_default_route_table_propagation = false
}
