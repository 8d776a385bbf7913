#include "frontends/terraform/plan/plan_reader.h"

#include <catch2/catch.hpp>

namespace segproof::terraform {
namespace {

// Reads `text` as plan.json; the diagnostics, without source lines, go to
// `problems`.
Configuration read(const std::string& text, std::string& problems) {
  DiagnosticEngine diags;
  Configuration config = readTerraformJson("plan.json", text, diags);
  problems = diags.renderAll();
  return config;
}

Configuration readClean(const std::string& text) {
  std::string problems;
  Configuration config = read(text, problems);
  INFO(problems);
  CHECK(problems.empty());
  return config;
}

std::string problemsOf(const std::string& text) {
  std::string problems;
  read(text, problems);
  return problems;
}

const ResourceInstance& instance(const Configuration& config, const std::string& address) {
  for (const ResourceInstance& resource : config.resources)
    if (resource.address == address) return resource;
  static const ResourceInstance kNone;
  FAIL("no instance " << address);
  return kNone;
}

// The attribute `name` of the instance at `address`, rendered.
std::string attribute(const Configuration& config, const std::string& address,
                      const std::string& name) {
  const EvalAttribute* found = instance(config, address).body.attribute(name);
  return found == nullptr ? "(absent)" : found->value.str();
}

std::vector<std::string> addresses(const Configuration& config) {
  std::vector<std::string> out;
  for (const ResourceInstance& resource : config.resources) out.push_back(resource.address);
  return out;
}

TEST_CASE("terraform show -json output is recognised by its keys", "[frontends][plan]") {
  CHECK(isTerraformJson(R"({"format_version": "1.0", "terraform_version": "1.5.7"})"));
  CHECK(isTerraformJson(R"({"planned_values": {}, "format_version": "1.2"})"));
  CHECK(isTerraformJson(R"({"format_version": "0.1", "values": {}})"));
  CHECK_FALSE(isTerraformJson(R"({"format_version": "1.0"})"));
  CHECK_FALSE(isTerraformJson(R"({"resource": {"aws_vpc": {"main": {}}}})"));
  CHECK_FALSE(isTerraformJson(R"({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})"));
  CHECK_FALSE(isTerraformJson("resource \"aws_vpc\" \"main\" {}\n"));
  CHECK_FALSE(isTerraformJson(""));
}

// Each resource on its own line, so that ranges are easy to check.
const char kState[] = R"({"format_version": "1.0", "terraform_version": "1.5.7", "values": {
 "root_module": {"resources": [
  {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": {"id": "vpc-1", "cidr_block": "10.0.0.0/16", "enable_dns_support": true, "tags": {"Name": "main"}}},
  {"address": "aws_subnet.a[0]", "mode": "managed", "type": "aws_subnet", "name": "a", "index": 0, "values": {"id": "subnet-0", "vpc_id": "vpc-1"}},
  {"address": "aws_subnet.b[\"x\"]", "mode": "managed", "type": "aws_subnet", "name": "b", "index": "x", "values": {"id": "subnet-x", "map_public_ip_on_launch": null}},
  {"address": "data.aws_vpc.shared", "mode": "data", "type": "aws_vpc", "name": "shared", "values": {"id": "vpc-9"}}
 ],
 "child_modules": [{"address": "module.net[0]", "resources": [
  {"address": "module.net[0].aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web", "index": null, "values": {"id": "sg-1", "ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "security_groups": []}]}}
 ], "child_modules": [{"address": "module.net[0].module.inner", "resources": [
  {"address": "module.net[0].module.inner.aws_route_table.rt", "mode": "managed", "type": "aws_route_table", "name": "rt", "values": {"id": "rtb-1", "route": []}}
 ]}]}]}}}
)";

TEST_CASE("a state gives every instance of every module with known values", "[frontends][plan]") {
  Configuration config = readClean(kState);
  CHECK(config.files == std::vector<std::string>{"plan.json"});
  CHECK(addresses(config) ==
        std::vector<std::string>{"aws_vpc.main", "aws_subnet.a[0]", "aws_subnet.b[\"x\"]",
                                 "data.aws_vpc.shared", "module.net[0].aws_security_group.web",
                                 "module.net[0].module.inner.aws_route_table.rt"});
  const ResourceInstance& vpc = instance(config, "aws_vpc.main");
  CHECK(vpc.type == "aws_vpc");
  CHECK(vpc.name == "main");
  CHECK(vpc.module.empty());
  CHECK_FALSE(vpc.data);
  CHECK(attribute(config, "aws_vpc.main", "cidr_block") == "\"10.0.0.0/16\"");
  CHECK(attribute(config, "aws_vpc.main", "enable_dns_support") == "true");
  CHECK(attribute(config, "aws_vpc.main", "tags") == "{\"Name\" = \"main\"}");
  CHECK(attribute(config, "aws_subnet.b[\"x\"]", "map_public_ip_on_launch") == "null");
  CHECK(instance(config, "data.aws_vpc.shared").data);

  const ResourceInstance& web = instance(config, "module.net[0].aws_security_group.web");
  CHECK(web.module == "module.net[0]");
  CHECK(web.name == "web");
  CHECK(attribute(config, web.address, "ingress") ==
        "[{\"cidr_blocks\" = [\"0.0.0.0/0\"], \"from_port\" = 443, \"protocol\" = \"tcp\", "
        "\"security_groups\" = [], \"to_port\" = 443}]");
  CHECK(instance(config, "module.net[0].module.inner.aws_route_table.rt").module ==
        "module.net[0].module.inner");
}

TEST_CASE("state instances and attributes keep their place in the JSON", "[frontends][plan]") {
  Configuration config = readClean(kState);
  const ResourceInstance& vpc = instance(config, "aws_vpc.main");
  CHECK(vpc.range.file == "plan.json");
  CHECK(vpc.range.begin.line == 3);
  CHECK(vpc.range.begin.column == 3);
  CHECK(vpc.range.end.line == 3);
  // The object ends before the comma that ends its line.
  CHECK(vpc.range.end.offset ==
        static_cast<int>(std::string(kState).find("},\n", vpc.range.begin.offset)) + 1);

  const EvalAttribute* cidr = vpc.body.attribute("cidr_block");
  REQUIRE(cidr != nullptr);
  std::string text = kState;
  CHECK(text.substr(cidr->range.begin.offset, cidr->range.end.offset - cidr->range.begin.offset) ==
        "\"10.0.0.0/16\"");
  CHECK(cidr->range.begin.line == 3);
  CHECK(cidr->range.begin.column ==
        cidr->range.begin.offset - static_cast<int>(text.rfind('\n', cidr->range.begin.offset)));
  CHECK(cidr->range.end.column - cidr->range.begin.column == 13);
}

// A plan that creates a VPC, two subnets by count, an association per
// subnet, and a security group in a module whose VPC comes in by variable.
const char kPlan[] = R"({
 "format_version": "1.2", "terraform_version": "1.5.7",
 "planned_values": {"root_module": {
  "resources": [
   {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
    "values": {"cidr_block": "10.0.0.0/16", "tags": {"Name": "main"}}},
   {"address": "aws_subnet.private[0]", "mode": "managed", "type": "aws_subnet", "name": "private",
    "index": 0, "values": {"cidr_block": "10.0.0.0/24"}},
   {"address": "aws_subnet.private[1]", "mode": "managed", "type": "aws_subnet", "name": "private",
    "index": 1, "values": {"cidr_block": "10.0.1.0/24"}},
   {"address": "aws_route_table_association.private[1]", "mode": "managed",
    "type": "aws_route_table_association", "name": "private", "index": 1, "values": {}},
   {"address": "aws_instance.app", "mode": "managed", "type": "aws_instance", "name": "app",
    "values": {"vpc_security_group_ids": [null, null], "subnet_id": null}},
   {"address": "aws_lb.front", "mode": "managed", "type": "aws_lb", "name": "front",
    "values": {"name": "front"}},
   {"address": "aws_security_group.lb", "mode": "managed", "type": "aws_security_group",
    "name": "lb", "values": {"name": "lb"}},
   {"address": "aws_security_group.app", "mode": "managed", "type": "aws_security_group",
    "name": "app", "values": {"name": "app"}}
  ],
  "child_modules": [{"address": "module.net", "resources": [
   {"address": "module.net.aws_security_group.db", "mode": "managed",
    "type": "aws_security_group", "name": "db", "values": {"name": "db"}},
   {"address": "module.net.aws_security_group.web", "mode": "managed",
    "type": "aws_security_group", "name": "web", "values": {"name": "web",
    "ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": [],
                 "security_groups": [null, "sg-0known"]}]}}
  ]}]}},
 "resource_changes": [
  {"address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main",
   "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true, "tags": {}}}},
  {"address": "aws_subnet.private[0]", "mode": "managed", "type": "aws_subnet", "name": "private",
   "index": 0, "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true}}},
  {"address": "aws_subnet.private[1]", "mode": "managed", "type": "aws_subnet", "name": "private",
   "index": 1, "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true}}},
  {"address": "aws_route_table_association.private[1]", "mode": "managed",
   "type": "aws_route_table_association", "name": "private", "index": 1,
   "change": {"actions": ["create"], "after_unknown": {"subnet_id": true, "route_table_id": true}}},
  {"address": "aws_instance.app", "mode": "managed", "type": "aws_instance", "name": "app",
   "change": {"actions": ["create"],
              "after_unknown": {"vpc_security_group_ids": [true, true], "subnet_id": true}}},
  {"address": "aws_lb.front", "mode": "managed", "type": "aws_lb", "name": "front",
   "change": {"actions": ["create"],
              "after_unknown": {"subnets": true, "security_groups": true, "dns_name": true}}},
  {"address": "aws_security_group.lb", "mode": "managed", "type": "aws_security_group",
   "name": "lb", "change": {"actions": ["create"], "after_unknown": {"id": true}}},
  {"address": "aws_security_group.app", "mode": "managed", "type": "aws_security_group",
   "name": "app", "change": {"actions": ["create"],
                             "after_unknown": {"id": true, "ingress": true, "egress": true}}},
  {"address": "module.net.aws_security_group.db", "mode": "managed",
   "type": "aws_security_group", "name": "db",
   "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true}}},
  {"address": "module.net.aws_security_group.web", "mode": "managed",
   "type": "aws_security_group", "name": "web",
   "change": {"actions": ["create"], "after_unknown": {"id": true, "vpc_id": true,
              "ingress": [{"cidr_blocks": [], "security_groups": [true, false]}]}}}
 ],
 "configuration": {"root_module": {
  "resources": [
   {"address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private",
    "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]},
                    "cidr_block": {"references": ["count.index"]}}},
   {"address": "aws_route_table_association.private", "mode": "managed",
    "type": "aws_route_table_association", "name": "private",
    "expressions": {"subnet_id": {"references": ["aws_subnet.private", "count.index"]},
                    "route_table_id": {"references": ["var.route_table_id"]}}},
   {"address": "aws_instance.app", "mode": "managed", "type": "aws_instance", "name": "app",
    "expressions": {"vpc_security_group_ids": {"references": [
                      "module.net.web_id", "module.net", "module.net.db_id", "module.net"]},
                    "subnet_id": {"references": ["aws_subnet.private[1].id",
                                                 "aws_subnet.private[1]", "aws_subnet.private"]}}},
   {"address": "aws_lb.front", "mode": "managed", "type": "aws_lb", "name": "front",
    "expressions": {"subnets": {"references": ["aws_subnet.private"]},
                    "security_groups": {"references": ["module.net.web_id", "module.net"]}}},
   {"address": "aws_security_group.app", "mode": "managed", "type": "aws_security_group",
    "name": "app", "expressions": {"name": {"constant_value": "app"},
     "ingress": [{"from_port": {"constant_value": 8080}, "to_port": {"constant_value": 8080},
                  "protocol": {"constant_value": "tcp"},
                  "security_groups": {"references": ["aws_security_group.lb.id",
                                                     "aws_security_group.lb"]}}]}}
  ],
  "module_calls": {"net": {"source": "./net",
   "expressions": {"vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}},
   "module": {
    "outputs": {"web_id": {"expression": {"references": ["aws_security_group.web.id",
                                                          "aws_security_group.web"]}},
                "db_id": {"expression": {"references": ["aws_security_group.db"]}}},
    "resources": [
     {"address": "aws_security_group.db", "mode": "managed", "type": "aws_security_group",
      "name": "db", "expressions": {"vpc_id": {"references": ["var.vpc_id"]}}},
     {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group",
      "name": "web", "expressions": {"vpc_id": {"references": ["var.vpc_id"]},
       "ingress": [{"security_groups": {"references": ["aws_security_group.db.id",
                                                        "aws_security_group.db"]}}]}}
    ],
    "variables": {"vpc_id": {}}}}}
 }}
})";

TEST_CASE("unknown attributes of a plan name the instance they come from", "[frontends][plan]") {
  Configuration config = readClean(kPlan);
  CHECK(config.resources.size() == 10);
  // Computed and not configured: the instance's own attribute.
  CHECK(attribute(config, "aws_vpc.main", "id") == "(unknown aws_vpc.main.id)");
  CHECK(attribute(config, "aws_vpc.main", "arn") == "(unknown aws_vpc.main.arn)");
  CHECK(attribute(config, "aws_vpc.main", "tags") == "{\"Name\" = \"main\"}");
  // A reference without a key, from an instance of a counted resource.
  CHECK(attribute(config, "aws_subnet.private[1]", "vpc_id") == "(unknown aws_vpc.main.id)");
  CHECK(attribute(config, "aws_subnet.private[1]", "id") == "(unknown aws_subnet.private[1].id)");
  CHECK(attribute(config, "aws_subnet.private[0]", "cidr_block") == "\"10.0.0.0/24\"");
  // aws_subnet.private[count.index]: the same key as the referring instance.
  CHECK(attribute(config, "aws_route_table_association.private[1]", "subnet_id") ==
        "(unknown aws_subnet.private[1].id)");
  CHECK(attribute(config, "aws_route_table_association.private[1]", "route_table_id") ==
        "(unknown var.route_table_id)");
  // An explicit key, and module outputs element by element.
  CHECK(attribute(config, "aws_instance.app", "subnet_id") == "(unknown aws_subnet.private[1].id)");
  CHECK(attribute(config, "aws_instance.app", "vpc_security_group_ids") ==
        "[(unknown module.net.aws_security_group.web.id), "
        "(unknown module.net.aws_security_group.db.id)]");
}

TEST_CASE("wholly unknown plural attributes of a plan are lists of what they reference",
          "[frontends][plan]") {
  // Sets with an unknown element are wholly unknown in plans.
  Configuration config = readClean(kPlan);
  CHECK(attribute(config, "aws_lb.front", "subnets") ==
        "[(unknown aws_subnet.private[0].id), (unknown aws_subnet.private[1].id)]");
  CHECK(attribute(config, "aws_lb.front", "security_groups") ==
        "[(unknown module.net.aws_security_group.web.id)]");
  CHECK(attribute(config, "aws_lb.front", "dns_name") == "(unknown aws_lb.front.dns_name)");
}

TEST_CASE("wholly unknown nested blocks of a plan are rebuilt from the configuration",
          "[frontends][plan]") {
  Configuration config = readClean(kPlan);
  CHECK(attribute(config, "aws_security_group.app", "ingress") ==
        "[{\"from_port\" = 8080, \"protocol\" = \"tcp\", "
        "\"security_groups\" = [(unknown aws_security_group.lb.id)], \"to_port\" = 8080}]");
  // Not configured: computed by the provider, unknown as a whole.
  CHECK(attribute(config, "aws_security_group.app", "egress") ==
        "(unknown aws_security_group.app.egress)");
}

TEST_CASE("unknowns in a plan's child module resolve through its variables and blocks",
          "[frontends][plan]") {
  Configuration config = readClean(kPlan);
  const ResourceInstance& web = instance(config, "module.net.aws_security_group.web");
  CHECK(web.module == "module.net");
  CHECK(attribute(config, web.address, "vpc_id") == "(unknown aws_vpc.main.id)");
  CHECK(attribute(config, web.address, "id") == "(unknown module.net.aws_security_group.web.id)");
  CHECK(attribute(config, web.address, "ingress") ==
        "[{\"cidr_blocks\" = [], \"from_port\" = 443, \"protocol\" = \"tcp\", "
        "\"security_groups\" = [(unknown module.net.aws_security_group.db.id), \"sg-0known\"], "
        "\"to_port\" = 443}]");
  // The range of a value only after_unknown mentions is its entry there.
  const EvalAttribute* id = web.body.attribute("id");
  REQUIRE(id != nullptr);
  CHECK(std::string(kPlan).substr(id->range.begin.offset, 4) == "true");
}

// A plan over module instances by for_each, without after_unknown (as some
// tools write them), that replaces one instance and deletes another.
const char kForEachPlan[] = R"({
 "format_version": "1.0",
 "planned_values": {"root_module": {
  "resources": [
   {"address": "aws_vpc.v[\"a\"]", "mode": "managed", "type": "aws_vpc", "name": "v", "index": "a",
    "values": {"cidr_block": "10.1.0.0/16"}},
   {"address": "aws_vpc.v[\"b\"]", "mode": "managed", "type": "aws_vpc", "name": "v", "index": "b",
    "values": {"cidr_block": "10.2.0.0/16"}}
  ],
  "child_modules": [
   {"address": "module.sg[\"a\"]", "resources": [
    {"address": "module.sg[\"a\"].aws_security_group.this", "mode": "managed",
     "type": "aws_security_group", "name": "this", "values": {"name": "a"}}]},
   {"address": "module.sg[\"b\"]", "resources": [
    {"address": "module.sg[\"b\"].aws_security_group.this", "mode": "managed",
     "type": "aws_security_group", "name": "this", "values": {"name": "b"}}]}
  ]}},
 "resource_changes": [
  {"address": "aws_instance.old", "mode": "managed", "type": "aws_instance", "name": "old",
   "change": {"actions": ["delete"], "before": {"id": "i-old"}, "after": null}},
  {"address": "aws_instance.replaced", "mode": "managed", "type": "aws_instance",
   "name": "replaced",
   "change": {"actions": ["delete", "create"], "before": {"id": "i-1"},
              "after": {"ami": "ami-2"}, "after_unknown": {"id": true}}}
 ],
 "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [
  {"address": "aws_instance.old", "mode": "managed", "type": "aws_instance", "name": "old",
   "values": {"id": "i-old"}},
  {"address": "data.aws_vpc.shared", "mode": "data", "type": "aws_vpc", "name": "shared",
   "values": {"id": "vpc-shared"}}
 ]}}},
 "configuration": {"root_module": {
  "module_calls": {"sg": {"source": "./sg",
   "expressions": {"vpc_id": {"references": ["aws_vpc.v", "each.key"]}},
   "module": {"resources": [
    {"address": "aws_security_group.this", "mode": "managed", "type": "aws_security_group",
     "name": "this", "expressions": {"vpc_id": {"references": ["var.vpc_id"]},
                                     "description": {"references": ["data.aws_vpc.gone.id",
                                                                    "data.aws_vpc.gone"]},
                                     "name": {"references": ["each.key"]}}}
   ]}}}
 }}
})";

TEST_CASE("a plan leaves out what it deletes and adds what only its changes show",
          "[frontends][plan]") {
  Configuration config = readClean(kForEachPlan);
  CHECK(addresses(config) == std::vector<std::string>{"aws_vpc.v[\"a\"]", "aws_vpc.v[\"b\"]",
                                                      "module.sg[\"a\"].aws_security_group.this",
                                                      "module.sg[\"b\"].aws_security_group.this",
                                                      "aws_instance.replaced",
                                                      "data.aws_vpc.shared"});
  CHECK(attribute(config, "aws_instance.replaced", "ami") == "\"ami-2\"");
  CHECK(attribute(config, "aws_instance.replaced", "id") == "(unknown aws_instance.replaced.id)");
  CHECK(attribute(config, "data.aws_vpc.shared", "id") == "\"vpc-shared\"");
  CHECK(instance(config, "module.sg[\"b\"].aws_security_group.this").module == "module.sg[\"b\"]");
}

TEST_CASE("attributes a plan leaves out but configures by reference are unknown",
          "[frontends][plan]") {
  Configuration config = readClean(kForEachPlan);
  // var.vpc_id is aws_vpc.v[each.key].id in the call: the module instance's key.
  CHECK(attribute(config, "module.sg[\"b\"].aws_security_group.this", "vpc_id") ==
        "(unknown aws_vpc.v[\"b\"].id)");
  CHECK(attribute(config, "module.sg[\"a\"].aws_security_group.this", "vpc_id") ==
        "(unknown aws_vpc.v[\"a\"].id)");
  // Not in the plan: the reference, in its module.
  CHECK(attribute(config, "module.sg[\"a\"].aws_security_group.this", "description") ==
        "(unknown module.sg[\"a\"].data.aws_vpc.gone.id)");
  CHECK(attribute(config, "module.sg[\"a\"].aws_security_group.this", "name") == "\"a\"");
}

TEST_CASE("input that is not a plan or state is reported", "[frontends][plan]") {
  CHECK(problemsOf(R"({"resource": {}})") ==
        "plan.json:1:1: error[terraform-json]: not a Terraform plan or state: expected an object "
        "with \"format_version\", as `terraform show -json` prints\n");
  CHECK(problemsOf("[1, 2]") ==
        "plan.json:1:1: error[terraform-json]: not a Terraform plan or state: expected an object "
        "with \"format_version\", as `terraform show -json` prints\n");
  CHECK(problemsOf(R"({"format_version": "2.0", "values": {}})") ==
        "plan.json:1:20: error[terraform-json]: unsupported format_version \"2.0\": this reader "
        "knows versions 0.x and 1.x\n");
  CHECK(problemsOf(R"({"format_version": 1})") ==
        "plan.json:1:20: error[terraform-json]: \"format_version\" must be a string\n");
  std::string problems;
  Configuration broken = read(R"({"format_version": "1.0", "values": {"root_module": )", problems);
  CHECK(problems.find("error[json-syntax]") != std::string::npos);
  CHECK(broken.resources.empty());
  CHECK(readClean(R"({"format_version": "1.0"})").resources.empty());
}

TEST_CASE("members missing or of the wrong type are reported and skipped", "[frontends][plan]") {
  CHECK(problemsOf(R"({"format_version": "1.0", "values": {}})") ==
        "plan.json:1:37: error[terraform-json]: values has no \"root_module\"\n");
  CHECK(problemsOf(R"({"format_version": "1.0", "values": {"root_module": {"resources": {}}}})") ==
        "plan.json:1:67: error[terraform-json]: \"resources\" must be an array, not an object\n");
  CHECK(problemsOf(R"({"format_version": "1.0", "resource_changes": [{"change": {}}, 3]})") ==
        "plan.json:1:48: error[terraform-json]: resource change has no \"address\"\n"
        "plan.json:1:64: error[terraform-json]: a resource change must be an object\n");

  std::string problems;
  Configuration config = read(R"({"format_version": "1.0", "values": {"root_module": {
    "resources": [
      {"mode": "managed", "type": "aws_vpc", "name": "a", "values": {}},
      {"address": "aws_vpc.b", "mode": "managed", "type": "aws_vpc", "name": "b", "values": []},
      {"address": "aws_vpc.c", "mode": "managed", "type": "aws_vpc", "name": "c", "index": true,
       "values": {}},
      {"address": "aws_vpc..d", "mode": "managed", "type": "aws_vpc", "name": "d", "values": {}},
      "aws_vpc.e",
      {"address": "aws_vpc.f", "mode": "managed", "type": "aws_vpc", "name": "f", "values": {}}
    ],
    "child_modules": [7]}}})",
                              problems);
  CHECK(problems ==
        "plan.json:3:7: error[terraform-json]: resource has no \"address\"\n"
        "plan.json:4:93: error[terraform-json]: \"values\" must be an object, not an array\n"
        "plan.json:5:92: error[terraform-json]: \"index\" must be a number or a string, not a "
        "boolean\n"
        "plan.json:7:19: error[terraform-json]: \"aws_vpc..d\" is not a resource address\n"
        "plan.json:8:7: error[terraform-json]: a resource must be an object\n"
        "plan.json:11:23: error[terraform-json]: a child module must be an object\n");
  CHECK(addresses(config) == std::vector<std::string>{"aws_vpc.c", "aws_vpc.f"});
}

}  // namespace
}  // namespace segproof::terraform

namespace segproof::terraform {
namespace {

// A plan where the provider computes what the configuration leaves out: the
// instance's public IP flag, the group's inline rules (managed by an
// aws_security_group_rule) and the route's other targets.
const char* kComputedPlan = R"({
  "format_version": "1.2",
  "planned_values": {"root_module": {"resources": [
    {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group",
     "name": "web", "values": {"name": "web"}},
    {"address": "aws_security_group.open", "mode": "managed", "type": "aws_security_group",
     "name": "open", "values": {"name": "open"}},
    {"address": "aws_security_group_rule.ssh", "mode": "managed", "type": "aws_security_group_rule",
     "name": "ssh", "values": {"type": "ingress", "from_port": 22, "to_port": 22,
     "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}},
    {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
     "values": {"ami": "ami-1"}},
    {"address": "aws_lb.web", "mode": "managed", "type": "aws_lb", "name": "web",
     "values": {"name": "web"}}
  ]}},
  "resource_changes": [
    {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group",
     "name": "web", "change": {"actions": ["create"], "after": {"name": "web"},
     "after_unknown": {"id": true, "ingress": true, "egress": true}}},
    {"address": "aws_security_group.open", "mode": "managed", "type": "aws_security_group",
     "name": "open", "change": {"actions": ["create"], "after": {"name": "open"},
     "after_unknown": {"id": true, "ingress": true}}},
    {"address": "aws_security_group_rule.ssh", "mode": "managed", "type": "aws_security_group_rule",
     "name": "ssh", "change": {"actions": ["create"], "after": {},
     "after_unknown": {"security_group_id": true, "source_security_group_id": true}}},
    {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
     "change": {"actions": ["create"], "after": {"ami": "ami-1"},
     "after_unknown": {"associate_public_ip_address": true, "subnet_id": true, "id": true,
                       "ipv6_addresses": true, "ipv6_address_count": true}}},
    {"address": "aws_lb.web", "mode": "managed", "type": "aws_lb", "name": "web",
     "change": {"actions": ["create"], "after": {"name": "web"},
     "after_unknown": {"id": true, "ip_address_type": true}}},
    {"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db",
     "change": {"actions": ["create"], "after": {"engine": "postgres"},
     "after_unknown": {"id": true, "network_type": true}}}
  ],
  "configuration": {"root_module": {"resources": [
    {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group",
     "name": "web", "expressions": {"name": {"constant_value": "web"}}},
    {"address": "aws_security_group.open", "mode": "managed", "type": "aws_security_group",
     "name": "open", "expressions": {"name": {"constant_value": "open"}}},
    {"address": "aws_security_group_rule.ssh", "mode": "managed", "type": "aws_security_group_rule",
     "name": "ssh", "expressions": {"type": {"constant_value": "ingress"},
     "security_group_id": {"references": ["aws_security_group.web.id", "aws_security_group.web"]}}},
    {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
     "expressions": {"ami": {"constant_value": "ami-1"},
     "subnet_id": {"references": ["var.subnet_id"]}}},
    {"address": "aws_lb.web", "mode": "managed", "type": "aws_lb", "name": "web",
     "expressions": {"name": {"constant_value": "web"}}},
    {"address": "aws_db_instance.db", "mode": "managed", "type": "aws_db_instance", "name": "db",
     "expressions": {"engine": {"constant_value": "postgres"}}}
  ]}}
})";

TEST_CASE("plan: what the provider computes for unwritten arguments reads as unset",
          "[frontends][plan]") {
  Configuration config = readClean(kComputedPlan);
  // Written by reference: stays an unknown naming its origin.
  CHECK(attribute(config, "aws_instance.web", "subnet_id") == "(unknown var.subnet_id)");
  // Not written: AWS decides from the subnet, as when unset.
  CHECK(attribute(config, "aws_instance.web", "associate_public_ip_address") == "(absent)");
  // The subnet decides the IPv6 addresses; an IPv4 load balancer unless written.
  CHECK(attribute(config, "aws_instance.web", "ipv6_addresses") == "(absent)");
  CHECK(attribute(config, "aws_instance.web", "ipv6_address_count") == "(absent)");
  CHECK(attribute(config, "aws_lb.web", "ip_address_type") == "(absent)");
  // An IPv4 database unless written.
  CHECK(attribute(config, "aws_db_instance.db", "network_type") == "(absent)");
  CHECK(attribute(config, "aws_security_group_rule.ssh", "source_security_group_id") ==
        "(absent)");
  CHECK(attribute(config, "aws_security_group_rule.ssh", "security_group_id") ==
        "(unknown aws_security_group.web.id)");
  // Inline ingress of a group whose ingress is managed by separate rules:
  // the provider's copy of those rules, not rules of its own.
  CHECK(attribute(config, "aws_security_group.web", "ingress") == "(absent)");
  // Egress is not managed separately, and a group without separate rules
  // may hold a dynamic block the plan's configuration omits: unknown.
  CHECK(attribute(config, "aws_security_group.web", "egress") ==
        "(unknown aws_security_group.web.egress)");
  CHECK(attribute(config, "aws_security_group.open", "ingress") ==
        "(unknown aws_security_group.open.ingress)");
}

}  // namespace
}  // namespace segproof::terraform
