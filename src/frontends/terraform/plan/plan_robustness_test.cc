// The reader never crashes on JSON of the wrong shape: every value of a plan
// in turn is replaced by values of other types, and every prefix of it is
// read.
#include <catch2/catch.hpp>

#include "frontends/common/json_document.h"
#include "frontends/terraform/plan/plan_reader.h"

namespace segproof::terraform {
namespace {

const char kPlan[] = R"({"format_version": "1.0",
 "planned_values": {"root_module": {
  "resources": [{"address": "aws_subnet.a[0]", "mode": "managed", "type": "aws_subnet",
                 "name": "a", "index": 0, "values": {"cidr_block": "10.0.0.0/24",
                 "ingress": [{"security_groups": [null]}]}}],
  "child_modules": [{"address": "module.m[\"k\"]", "resources": [
   {"address": "module.m[\"k\"].aws_vpc.v", "mode": "managed", "type": "aws_vpc", "name": "v",
    "values": {}}]}]}},
 "resource_changes": [
  {"address": "aws_subnet.a[0]", "change": {"actions": ["create"],
   "after_unknown": {"id": true, "vpc_id": true, "subnet_ids": true,
                     "ingress": [{"security_groups": [true]}], "egress": true}}},
  {"address": "aws_vpc.gone", "mode": "managed", "type": "aws_vpc", "name": "gone",
   "change": {"actions": ["delete"], "after": {"id": "x"}}}],
 "prior_state": {"values": {"root_module": {"resources": [
  {"address": "data.aws_vpc.d", "mode": "data", "type": "aws_vpc", "name": "d",
   "values": {"id": "vpc-1"}}]}}},
 "configuration": {"root_module": {
  "resources": [{"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
   "expressions": {"vpc_id": {"references": ["module.m.vpc", "var.x", "aws_vpc.v"]},
                   "subnet_ids": {"references": ["aws_subnet.a", "data.aws_vpc.d"]},
                   "egress": [{"cidr_blocks": {"constant_value": ["0.0.0.0/0"]},
                               "security_groups": {"references": ["aws_subnet.a[0].id"]}}],
                   "ingress": [{"security_groups": {"references": ["module.m"]}}]}}],
  "module_calls": {"m": {"expressions": {"x": {"references": ["aws_subnet.a"]}},
   "module": {"outputs": {"vpc": {"expression": {"references": ["aws_vpc.v.id", "var.x"]}}},
              "resources": [{"address": "aws_vpc.v", "mode": "managed", "type": "aws_vpc",
                             "name": "v", "expressions": {"id": {"references": ["var.x"]}}}]}}}}}
})";

void collect(const json::Node& node, std::vector<const json::Node*>& out) {
  out.push_back(&node);
  for (const json::Node* item : node.items) collect(*item, out);
  for (const json::Member& m : node.members) collect(*m.value, out);
}

TEST_CASE("plans with values of any type are read without crashing", "[frontends][plan]") {
  std::string text = kPlan;
  DiagnosticEngine parse_diags;
  std::optional<json::Document> document = json::Document::parse("p.json", text, parse_diags);
  REQUIRE(document);
  std::vector<const json::Node*> nodes;
  collect(*document->root(), nodes);
  DiagnosticEngine clean;
  CHECK(readTerraformJson("p.json", text, clean).resources.size() == 3);
  CHECK_FALSE(clean.hasErrors());
  int read = 0;
  for (const json::Node* node : nodes) {
    for (const char* replacement :
         {"7", "null", "[]", "{}", "\"s\"", "[true, {}]", "{\"a\": []}"}) {
      std::string mutated = text.substr(0, node->begin) + replacement + text.substr(node->end);
      DiagnosticEngine diags;
      readTerraformJson("p.json", mutated, diags);
      ++read;
    }
  }
  for (size_t length = 0; length < text.size(); length += 3) {
    DiagnosticEngine diags;
    readTerraformJson("p.json", text.substr(0, length), diags);
    CHECK(diags.hasErrors());
  }
  CHECK(read > 500);
}

}  // namespace
}  // namespace segproof::terraform
