#include "frontends/terraform/module/module_evaluator.h"

#include <catch2/catch.hpp>

#include "frontends/scratch_test_util.h"
#include "frontends/terraform/module/module_source.h"

namespace segproof::terraform {
namespace {

using segproof::testing::Scratch;

struct Evaluated {
  Configuration config;
  DiagnosticEngine diags;

  const ResourceInstance* find(const std::string& address) const {
    for (const ResourceInstance& r : config.resources)
      if (r.address == address) return &r;
    return nullptr;
  }
  // The value of `attribute` of `address`, rendered, or a message.
  std::string attr(const std::string& address, const std::string& attribute) const {
    const ResourceInstance* r = find(address);
    if (!r) return "no resource " + address;
    const EvalAttribute* a = r->body.attribute(attribute);
    return a ? a->value.str() : "no attribute " + attribute;
  }
  std::vector<std::string> addresses() const {
    std::vector<std::string> out;
    for (const ResourceInstance& r : config.resources) out.push_back(r.address);
    return out;
  }
  bool has(const std::string& code) const {
    for (const Diagnostic& d : diags.diagnostics())
      if (d.code == code) return true;
    return false;
  }
};

std::unique_ptr<Evaluated> evaluateFolder(const Scratch& scratch, const std::string& folder = "",
                                          const TerraformOptions& options = {}) {
  auto out = std::make_unique<Evaluated>();
  std::string dir = scratch.path(folder);
  out->config = evaluateRootModule(dir, terraformFilesIn(dir), true, options, out->diags);
  return out;
}

TEST_CASE("module: resource references stay symbolic, configured attributes are known",
          "[frontends][terraform]") {
  Scratch scratch("tfmod");
  scratch.write("main.tf", R"(
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, 1)
}
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("aws_subnet.a", "vpc_id") == "(unknown aws_vpc.main.id)");
  CHECK(e->attr("aws_subnet.a", "cidr_block") == "\"10.0.1.0/24\"");
  const ResourceInstance* subnet = e->find("aws_subnet.a");
  REQUIRE(subnet);
  CHECK(subnet->type == "aws_subnet");
  CHECK(subnet->name == "a");
  CHECK(subnet->module.empty());
  CHECK(subnet->range.begin.line == 5);
}

TEST_CASE("module: a file's text evaluates as that file named on the command line",
          "[frontends][terraform]") {
  Scratch scratch("tfmod-text");
  // Not read: evaluateModuleText takes no tfvars, as for a file named directly.
  scratch.write("terraform.tfvars", "cidr = \"10.9.0.0/16\"\n");
  std::string path = scratch.path("main.tf.json");
  Evaluated e;
  e.config = evaluateModuleText(path, R"({
  "variable": {"cidr": {"default": "10.0.0.0/16"}},
  "resource": {"aws_vpc": {"main": {"cidr_block": "${var.cidr}"}}}
})",
                                e.diags);
  INFO(e.diags.renderAll());
  CHECK(e.diags.errorCount() == 0);
  CHECK(e.config.files == std::vector<std::string>{path});
  CHECK(e.attr("aws_vpc.main", "cidr_block") == "\"10.0.0.0/16\"");
  CHECK(e.find("aws_vpc.main")->range.begin.line == 3);
}

TEST_CASE("module: variables from defaults, tfvars, auto tfvars, var files and --var",
          "[frontends][terraform]") {
  Scratch scratch("tfvars");
  scratch.write("main.tf", R"(
variable "a" { default = "from-default" }
variable "b" { default = "from-default" }
variable "c" { default = "from-default" }
variable "d" { default = "from-default" }
variable "ports" { type = list(number) }
variable "unset" {}
resource "aws_vpc" "v" {
  tags = { a = var.a, b = var.b, c = var.c, d = var.d }
  ports = var.ports
  x = var.unset
}
)");
  scratch.write("terraform.tfvars", "a = \"tfvars\"\nb = \"tfvars\"\nc = \"tfvars\"\n");
  scratch.write("z.auto.tfvars", "b = \"auto\"\nc = \"auto\"\n");
  std::string extra = scratch.write("extra/vars.tfvars", "c = \"file\"\nports = [\"22\", 443]\n");
  TerraformOptions options;
  options.var_files = {extra};
  options.vars = {{"d", "cli"}};
  auto e = evaluateFolder(scratch, "", options);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("aws_vpc.v", "tags") ==
        "{\"a\" = \"tfvars\", \"b\" = \"auto\", \"c\" = \"file\", \"d\" = \"cli\"}");
  CHECK(e->attr("aws_vpc.v", "ports") == "[22, 443]");
  CHECK(e->attr("aws_vpc.v", "x") == "(unknown var.unset)");
  CHECK(e->has("terraform-unset-variable"));
}

TEST_CASE("module: --var parses complex types as HCL", "[frontends][terraform]") {
  Scratch scratch("tfvarcli");
  scratch.write("main.tf", R"(
variable "cidrs" { type = list(string) }
variable "name" { type = string }
resource "aws_vpc" "v" {
  cidrs = var.cidrs
  name  = var.name
}
)");
  TerraformOptions options;
  options.vars = {{"cidrs", "[\"10.0.0.0/8\", \"192.168.0.0/16\"]"}, {"name", "[not parsed]"}};
  auto e = evaluateFolder(scratch, "", options);
  INFO(e->diags.renderAll());
  CHECK(e->attr("aws_vpc.v", "cidrs") == "[\"10.0.0.0/8\", \"192.168.0.0/16\"]");
  CHECK(e->attr("aws_vpc.v", "name") == "\"[not parsed]\"");
}

TEST_CASE("module: locals, count and for_each instances", "[frontends][terraform]") {
  Scratch scratch("tfcount");
  scratch.write("main.tf", R"(
locals {
  azs     = ["eu-west-1a", "eu-west-1b"]
  subnets = { web = "10.0.1.0/24", db = "10.0.2.0/24" }
}
resource "aws_subnet" "private" {
  count             = length(local.azs)
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
}
resource "aws_subnet" "named" {
  for_each   = local.subnets
  cidr_block = each.value
  tags       = { Name = each.key }
}
resource "aws_route_table_association" "a" {
  count     = 2
  subnet_id = aws_subnet.private[count.index].id
}
resource "aws_eip" "e" {
  for_each = toset(["x"])
  tags     = { k = each.key, v = each.value }
}
output "ids" { value = aws_subnet.private[*].id }
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("aws_subnet.private[1]", "availability_zone") == "\"eu-west-1b\"");
  CHECK(e->attr("aws_subnet.private[1]", "cidr_block") == "\"10.0.11.0/24\"");
  CHECK(e->attr("aws_subnet.named[\"db\"]", "cidr_block") == "\"10.0.2.0/24\"");
  CHECK(e->attr("aws_subnet.named[\"web\"]", "tags") == "{\"Name\" = \"web\"}");
  CHECK(e->attr("aws_route_table_association.a[1]", "subnet_id") ==
        "(unknown aws_subnet.private[1].id)");
  CHECK(e->attr("aws_eip.e[\"x\"]", "tags") == "{\"k\" = \"x\", \"v\" = \"x\"}");
}

TEST_CASE("module: dynamic blocks expand with iterators", "[frontends][terraform]") {
  Scratch scratch("tfdynamic");
  scratch.write("main.tf", R"(
variable "rules" {
  default = [{ port = 22, cidr = "10.0.0.0/8" }, { port = 443, cidr = "0.0.0.0/0" }]
}
resource "aws_security_group" "web" {
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = [rule.value.cidr]
    }
  }
  egress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
  }
}
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  const ResourceInstance* sg = e->find("aws_security_group.web");
  REQUIRE(sg);
  auto ingress = sg->body.blocksOf("ingress");
  REQUIRE(ingress.size() == 2);
  CHECK(ingress[1]->body.attribute("from_port")->value.str() == "443");
  CHECK(ingress[1]->body.attribute("cidr_blocks")->value.str() == "[\"0.0.0.0/0\"]");
  CHECK(ingress[0]->range.begin.line == 9);  // the content block
  CHECK(sg->body.blocksOf("egress").size() == 1);
}

TEST_CASE("module: local child modules with inputs, outputs and count", "[frontends][terraform]") {
  Scratch scratch("tfchild");
  scratch.write("main.tf", R"(
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
module "net" {
  source = "./modules/net"
  count  = 2
  vpc_id = aws_vpc.main.id
  cidr   = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
}
resource "aws_instance" "web" {
  subnet_id = module.net[1].subnet_id
}
)");
  scratch.write("modules/net/main.tf", R"(
variable "vpc_id" {}
variable "cidr" {}
variable "az" { default = "eu-west-1a" }
resource "aws_subnet" "this" {
  vpc_id            = var.vpc_id
  cidr_block        = var.cidr
  availability_zone = var.az
}
module "inner" {
  source = "../inner"
  subnet = aws_subnet.this.id
}
output "subnet_id" { value = aws_subnet.this.id }
)");
  scratch.write("modules/inner/main.tf", R"(
variable "subnet" {}
resource "aws_network_interface" "eni" { subnet_id = var.subnet }
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("module.net[0].aws_subnet.this", "cidr_block") == "\"10.0.0.0/24\"");
  CHECK(e->attr("module.net[1].aws_subnet.this", "vpc_id") == "(unknown aws_vpc.main.id)");
  CHECK(e->attr("aws_instance.web", "subnet_id") == "(unknown module.net[1].aws_subnet.this.id)");
  CHECK(e->attr("module.net[1].module.inner.aws_network_interface.eni", "subnet_id") ==
        "(unknown module.net[1].aws_subnet.this.id)");
  CHECK(e->find("module.net[0].aws_subnet.this")->module == "module.net[0]");
}

TEST_CASE("module: registry modules from .terraform/modules, or a warning and a gap",
          "[frontends][terraform]") {
  Scratch scratch("tfregistry");
  scratch.write("main.tf", R"(
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = "10.1.0.0/16"
}
module "missing" {
  source = "git::https://example.com/x.git"
}
)");
  scratch.write(".terraform/modules/modules.json",
                R"({"Modules":[{"Key":"","Source":"","Dir":"."},)"
                R"({"Key":"vpc","Source":"registry.terraform.io/terraform-aws-modules/vpc/aws",)"
                R"("Dir":".terraform/modules/vpc"}]})");
  scratch.write(".terraform/modules/vpc/main.tf", R"(
variable "cidr" {}
resource "aws_vpc" "this" { cidr_block = var.cidr }
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("module.vpc.aws_vpc.this", "cidr_block") == "\"10.1.0.0/16\"");
  CHECK(e->has("terraform-module-unavailable"));
  REQUIRE(e->config.gaps.size() == 1);
  CHECK(e->config.gaps[0].description.find("module.missing") == 0);
}

TEST_CASE("module: reference cycles leave the resource in progress unknown",
          "[frontends][terraform]") {
  Scratch scratch("tfcycle");
  scratch.write("main.tf", R"(
resource "aws_security_group" "a" {
  ingress {
    from_port       = 1
    to_port         = 1
    protocol        = "tcp"
    security_groups = [aws_security_group.b.id]
  }
}
resource "aws_security_group" "b" {
  ingress {
    from_port       = 2
    to_port         = 2
    protocol        = "tcp"
    security_groups = [aws_security_group.a.id]
  }
}
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  auto a = e->find("aws_security_group.a")->body.blocksOf("ingress");
  auto b = e->find("aws_security_group.b")->body.blocksOf("ingress");
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0]->body.attribute("security_groups")->value.str() ==
        "[(unknown aws_security_group.b.id)]");
  CHECK(b[0]->body.attribute("security_groups")->value.str() ==
        "[(unknown aws_security_group.a.id)]");
}

TEST_CASE("module: unknown count and data sources", "[frontends][terraform]") {
  Scratch scratch("tfunknown");
  scratch.write("main.tf", R"(
data "aws_availability_zones" "available" {}
data "aws_vpc" "shared" { id = "vpc-123" }
locals { azs = slice(data.aws_availability_zones.available.names, 0, 2) }
resource "aws_subnet" "s" {
  count             = length(local.azs)
  availability_zone = local.azs[count.index]
  vpc_id            = data.aws_vpc.shared.id
  cidr_block        = data.aws_vpc.shared.cidr_block
}
resource "aws_subnet" "t" {
  count = length(data.aws_availability_zones.available.names)
}
resource "aws_instance" "x" { user_data = file("init.sh") }
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->find("aws_subnet.s[1]"));
  CHECK(e->attr("aws_subnet.s[1]", "vpc_id") == "\"vpc-123\"");
  CHECK(e->attr("aws_subnet.s[1]", "cidr_block") == "(unknown data.aws_vpc.shared.cidr_block)");
  CHECK(e->find("aws_subnet.t[0]"));
  CHECK(e->has("terraform-unknown-count"));
  CHECK(e->has("hcl-unsupported-function"));
  CHECK(e->config.gaps.size() == 1);
  CHECK(e->find("data.aws_vpc.shared")->data);
}

TEST_CASE("module: errors keep their location and do not stop other resources",
          "[frontends][terraform]") {
  Scratch scratch("tferror");
  scratch.write("main.tf", R"(
resource "aws_vpc" "a" { cidr_block = 1 / 0 }
resource "aws_vpc" "b" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "b" { cidr_block = "10.0.0.0/16" }
)");
  auto e = evaluateFolder(scratch);
  CHECK(e->diags.errorCount() == 2);
  CHECK(e->diags.renderAll().find("main.tf:2:") != std::string::npos);
  CHECK(e->has("terraform-duplicate"));
  CHECK(e->attr("aws_vpc.b", "cidr_block") == "\"10.0.0.0/16\"");
  CHECK(e->attr("aws_vpc.a", "cidr_block") == "no attribute cidr_block");
}

}  // namespace
}  // namespace segproof::terraform

namespace segproof::terraform {
namespace {

TEST_CASE("module: .tf.json files join the module, with tfvars JSON", "[frontends][terraform]") {
  Scratch scratch("tfjson");
  scratch.write("vpc.tf", "variable \"cidr\" {}\nresource \"aws_vpc\" \"main\" { cidr_block = var.cidr }\n");
  scratch.write("subnets.tf.json", R"({
  "resource": {
    "aws_subnet": {
      "a": {
        "count": 2,
        "vpc_id": "${aws_vpc.main.id}",
        "cidr_block": "${cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)}"
      }
    }
  }
})");
  scratch.write("terraform.tfvars.json", R"({"cidr": "10.3.0.0/16"})");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("aws_subnet.a[1]", "cidr_block") == "\"10.3.1.0/24\"");
  CHECK(e->attr("aws_subnet.a[0]", "vpc_id") == "(unknown aws_vpc.main.id)");
  const ResourceInstance* subnet = e->find("aws_subnet.a[1]");
  REQUIRE(subnet);
  CHECK(subnet->range.file.find("subnets.tf.json") != std::string::npos);
  CHECK(subnet->body.attribute("cidr_block")->range.begin.line == 7);
}

TEST_CASE("module: a module that calls itself stops at a depth limit", "[frontends][terraform]") {
  Scratch scratch("tfloop");
  scratch.write("main.tf", "module \"again\" { source = \"./\" }\n");
  auto e = evaluateFolder(scratch);
  CHECK(e->diags.renderAll().find("modules nest deeper than 32 levels") != std::string::npos);
}

}  // namespace
}  // namespace segproof::terraform

namespace segproof::terraform {
namespace {

TEST_CASE("module: snippets that reference what they do not declare stay analysable",
          "[frontends][terraform]") {
  Scratch scratch("tflenient");
  scratch.write("main.tf", R"(
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  name   = var.undeclared
}
resource "aws_subnet" "a" {
  for_each   = ["x", "y"]
  cidr_block = "10.0.0.0/24"
}
resource "aws_vpc" "other" { cidr_block = "10.1.0.0/16" }
resource "aws_subnet" "b" { vpc_id = aws_vpc.missing.id }
resource "aws_security_group" "bound" {
  vpc_id = aws_vpc.other.id
  dynamic "ingress" {
    for_each = [22]
    iterator = open_port
    content {
      from_port   = open_port.value
      to_port     = [for port_spec in [open_port.value] : port_spec][0]
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("aws_security_group.web", "vpc_id") == "(unknown aws_vpc.main.id)");
  CHECK(e->attr("aws_security_group.web", "name") == "(unknown var.undeclared)");
  CHECK(e->attr("aws_subnet.b", "vpc_id") == "(unknown aws_vpc.missing.id)");
  // One warning per undeclared name, at its first use; none for the names a
  // dynamic block or a for expression binds.
  std::string all = e->diags.renderAll();
  CHECK(all.find("main.tf:3:12: warning[terraform-undeclared-reference]: aws_vpc.main is not "
                 "declared in this module") != std::string::npos);
  CHECK(all.find("var.undeclared is not declared") != std::string::npos);
  CHECK(all.find("aws_vpc.missing is not declared") != std::string::npos);
  CHECK(all.find("open_port") == std::string::npos);
  CHECK(all.find("port_spec") == std::string::npos);
  CHECK(e->find("aws_security_group.bound")->body.blocksOf("ingress").size() == 1);
  // for_each over a list: Terraform refuses it; read as a set, with a warning.
  CHECK(e->find("aws_subnet.a[\"y\"]"));
  CHECK(e->has("terraform-invalid"));
}

TEST_CASE("module: root.name reads the same as root[\"name\"] (locals, variables, resources)",
          "[frontends][terraform]") {
  Scratch scratch("tfmember");
  scratch.write("main.tf", R"(
variable "name" { default = "n" }
locals {
  base = "10.0.0.0/16"
  mid  = cidrsubnet(local.base, 8, 1)
  last = cidrsubnet(local.mid, 8, 2)
}
resource "aws_vpc" "main" { cidr_block = local.base }
resource "aws_vpc" "other" { cidr_block = aws_vpc.main.cidr_block }
resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = local.last
  tags = {
    dot          = var.name
    index        = var["name"]
    unset        = var.unset
    vpc          = aws_vpc.main.id
    vpc_index    = aws_vpc["main"].id
    cidr         = aws_vpc.other.cidr_block
    cidr_index   = aws_vpc["other"].cidr_block
    missing      = aws_vpc.nope.id
    no_module    = module.absent.out
    local_index  = local["last"]
  }
}
)");
  // Everything the index forms read is evaluated before aws_subnet.a (locals
  // first, then resources in file order): references are collected from
  // root.name traversals only.
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("aws_subnet.a", "cidr_block") == "\"10.0.1.2/32\"");
  CHECK(e->attr("aws_subnet.a", "tags") ==
        "{\"cidr\" = \"10.0.0.0/16\", \"cidr_index\" = \"10.0.0.0/16\", \"dot\" = \"n\", "
        "\"index\" = \"n\", \"local_index\" = \"10.0.1.2/32\", "
        "\"missing\" = (unknown aws_vpc.nope.id), \"no_module\" = (unknown module.absent.out), "
        "\"unset\" = (unknown var.unset), "
        "\"vpc\" = (unknown aws_vpc.main.id), \"vpc_index\" = (unknown aws_vpc.main.id)}");
}

TEST_CASE("module: null arguments of other resources read as unknown", "[frontends][terraform]") {
  Scratch scratch("tfnull");
  scratch.write("main.tf", R"(
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  ipv6_cidr_block                  = null
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "a" {
  ipv6 = aws_vpc.main.ipv6_cidr_block
}
)");
  auto e = evaluateFolder(scratch);
  CHECK(e->diags.errorCount() == 0);
  CHECK(e->attr("aws_subnet.a", "ipv6") == "(unknown aws_vpc.main.ipv6_cidr_block)");
  CHECK(e->attr("aws_vpc.main", "ipv6_cidr_block") == "null");
}

TEST_CASE("module: a block inside a module call is an error at the block",
          "[frontends][terraform]") {
  Scratch scratch("tf-module-block");
  scratch.write("main.tf", R"(module "sg" {
  source = "./modules/sg"
  name   = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
)");
  scratch.write("modules/sg/main.tf", R"(variable "name" {}
resource "aws_security_group" "this" { name = var.name }
)");
  auto e = evaluateFolder(scratch);
  INFO(e->diags.renderAll());
  REQUIRE(e->diags.errorCount() == 1);
  const Diagnostic& d = e->diags.diagnostics().front();
  CHECK(d.code == "terraform-invalid");
  CHECK(d.location.line == 4);
  CHECK(d.location.column == 3);
  CHECK(d.message.find("`ingress` block") != std::string::npos);
  // The module itself is still evaluated with its arguments.
  CHECK(e->attr("module.sg.aws_security_group.this", "name") == "\"web\"");
}

}  // namespace
}  // namespace segproof::terraform
