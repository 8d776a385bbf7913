// A realistic Terraform file exercising what AWS network code uses: count,
// for_each, dynamic blocks, heredoc descriptions, locals with for
// expressions and conditionals.
#include <catch2/catch.hpp>

#include "frontends/terraform/hcl/parser.h"

namespace segproof::hcl {
namespace {

const char kNetworkTf[] = R"tf(# Network for the web tier.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "admin_cidrs" {
  type    = map(string)
  default = {}
}

locals {
  vpc_cidr   = "10.0.0.0/16"
  env        = terraform.workspace == "prod" ? "prod" : "dev"
  public     = [for i, az in var.azs : cidrsubnet(local.vpc_cidr, 8, i)]
  private    = { for i, az in var.azs : az => cidrsubnet(local.vpc_cidr, 8, i + 10) }
  web_ports  = [80, 443]
  admin_cidr = length(var.admin_cidrs) > 0 ? values(var.admin_cidrs) : ["10.0.0.0/8"]
  by_az      = { for s in aws_subnet.private : s.availability_zone => s.id... }
}

resource "aws_vpc" "main" {
  cidr_block           = local.vpc_cidr
  enable_dns_hostnames = true
  tags = {
    Name = "${local.env}-vpc"
  }
}

resource "aws_subnet" "public" {
  count                   = length(var.azs)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = local.public[count.index]
  availability_zone       = var.azs[count.index]
  map_public_ip_on_launch = true
}

resource "aws_subnet" "private" {
  for_each          = local.private
  vpc_id            = aws_vpc.main.id
  cidr_block        = each.value
  availability_zone = each.key
}

resource "aws_security_group" "web" {
  name        = "web"
  vpc_id      = aws_vpc.main.id
  description = <<-EOT
    Web servers in ${local.env}.
    Allows HTTP(S) from anywhere.
  EOT

  dynamic "ingress" {
    for_each = local.web_ports
    content {
      description = "port ${ingress.value}"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = local.admin_cidr
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}
)tf";

const Block& blockAt(const Body& body, size_t i) {
  REQUIRE(i < body.blocks.size());
  return body.blocks[i];
}

const Attribute& attribute(const Body& body, const std::string& name) {
  for (const Attribute& a : body.attributes)
    if (a.name == name) return a;
  FAIL("no attribute " << name);
  return body.attributes.front();
}

TEST_CASE("hcl parses a realistic Terraform network file", "[frontends][hcl]") {
  DiagnosticEngine diags;
  ParseResult result = parse("network.tf", kNetworkTf, diags);
  INFO(diags.renderAll());
  REQUIRE(result.ok);
  const Body& file = result.body;
  REQUIRE(file.blocks.size() == 9);
  CHECK(file.attributes.empty());

  const Body& locals = blockAt(file, 3).body;
  CHECK(dump(*attribute(locals, "env").value) ==
        "(? (== (. terraform workspace) \"prod\") \"prod\" \"dev\")");
  CHECK(dump(*attribute(locals, "public").value) ==
        "(for-tuple i, az in (. var azs) : (call cidrsubnet (. local vpc_cidr) 8 i))");
  CHECK(dump(*attribute(locals, "by_az").value) ==
        "(for-object s in (. aws_subnet private) : (. s availability_zone) => (. s id)...)");

  const Block& public_subnets = blockAt(file, 5);
  CHECK(public_subnets.labels.at(1).value == "public");
  CHECK(dump(*attribute(public_subnets.body, "cidr_block").value) ==
        "([] (. local public) (. count index))");
  CHECK(attribute(public_subnets.body, "count").range.location().str() == "network.tf:37:3");

  const Block& web = blockAt(file, 7);
  CHECK(dump(*attribute(web.body, "description").value) ==
        "(heredoc- EOT \"Web servers in \"${(. local env)}\".\\nAllows HTTP(S) from "
        "anywhere.\\n\")");
  REQUIRE(web.body.blocks.size() == 3);
  const Block& dynamic = web.body.blocks[0];
  CHECK(dynamic.type == "dynamic");
  CHECK(dynamic.labels.at(0).value == "ingress");
  const Block& content = blockAt(dynamic.body, 0);
  CHECK(content.type == "content");
  CHECK(dump(*attribute(content.body, "description").value) ==
        "(template \"port \"${(. ingress value)})");
  CHECK(content.range.location().str() == "network.tf:61:5");

  CHECK(dump(*attribute(blockAt(file, 8).body, "value").value) ==
        "(splat[*] (. aws_subnet public) (. * id))");
  CHECK(diags.renderAll().empty());
}

}  // namespace
}  // namespace segproof::hcl
