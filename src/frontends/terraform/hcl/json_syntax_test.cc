#include "frontends/terraform/hcl/json_syntax.h"

#include <catch2/catch.hpp>

namespace segproof::hcl {
namespace {

// A body as one line: `name=<dump>;` for attributes, then
// `type "label" {...}` for blocks.
std::string show(const Body& body) {
  std::string out;
  for (const Attribute& attribute : body.attributes) {
    out += attribute.name + "=" + dump(*attribute.value) + "; ";
  }
  for (const Block& block : body.blocks) {
    out += block.type;
    for (const BlockLabel& label : block.labels) out += " \"" + label.value + "\"";
    out += " {" + show(block.body) + "} ";
  }
  return out;
}

// `text` read as main.tf.json, shown; or its rendered diagnostics.
std::string fromJson(const std::string& text) {
  DiagnosticEngine diags;
  diags.addSource("main.tf.json", text);
  ParseResult result = parseJsonSyntax("main.tf.json", text, diags);
  if (!result.ok) return "ERROR: " + diags.renderAll();
  return show(result.body);
}

// `text` read as main.tf by the native parser, shown.
std::string fromHcl(const std::string& text) {
  DiagnosticEngine diags;
  ParseResult result = parse("main.tf", text, diags);
  if (!result.ok) return "ERROR: " + diags.renderAll();
  return show(result.body);
}

// The diagnostics for `text`, each as "file:line:col: code: message".
std::string problems(const std::string& text) {
  DiagnosticEngine diags;
  ParseResult result = parseJsonSyntax("main.tf.json", text, diags);
  CHECK(!result.ok);
  std::string out;
  for (const Diagnostic& d : diags.diagnostics()) {
    out += d.location.str() + ": " + d.code + ": " + d.message + "\n";
  }
  return out;
}

ParseResult parseOk(const std::string& text) {
  DiagnosticEngine diags;
  ParseResult result = parseJsonSyntax("main.tf.json", text, diags);
  INFO(diags.renderAll());
  REQUIRE(result.ok);
  return result;
}

std::string at(const Position& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

TEST_CASE("json syntax resources read like the native syntax", "[frontends][hcl][json]") {
  std::string json = R"({
  "resource": {
    "aws_vpc": {
      "main": {
        "cidr_block": "10.0.0.0/16",
        "enable_dns_support": true,
        "count": 2,
        "tags": {"Name": "main-${var.env}", "Tier": null},
        "cidrs": ["10.0.0.0/24", "${cidrsubnet(var.base, 8, 1)}"]
      }
    },
    "aws_subnet": {
      "a": {"vpc_id": "${aws_vpc.main.id}"},
      "b": {"vpc_id": "${aws_vpc.main[0].id}", "provider": "aws.west",
            "depends_on": ["aws_vpc.main", "module.net"]}
    }
  },
  "data": {"aws_vpc": {"default": {"default": true}}}
})";
  std::string hcl = R"(
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  enable_dns_support = true
  count = 2
  tags = {"Name" = "main-${var.env}", "Tier" = null}
  cidrs = ["10.0.0.0/24", "${cidrsubnet(var.base, 8, 1)}"]
}
resource "aws_subnet" "a" {
  vpc_id = "${aws_vpc.main.id}"
}
resource "aws_subnet" "b" {
  vpc_id = "${aws_vpc.main[0].id}"
  provider = aws.west
  depends_on = [aws_vpc.main, module.net]
}
data "aws_vpc" "default" {
  default = true
}
)";
  CHECK(fromJson(json) == fromHcl(hcl));
  CHECK(fromJson(json).find("vpc_id=(template ${(. (. aws_vpc main) id)});") != std::string::npos);
}

TEST_CASE("json syntax nested blocks: dynamic, content, lifecycle, provisioner",
          "[frontends][hcl][json]") {
  std::string json = R"({"resource": {"aws_security_group": {"web": {
  "name": "web",
  "dynamic": {
    "ingress": {
      "for_each": "${var.rules}",
      "iterator": "rule",
      "labels": [],
      "content": {
        "from_port": "${rule.value.port}",
        "dynamic": {"egress": {"for_each": "${rule.value.out}", "content": {"to_port": 0}}}
      }
    }
  },
  "lifecycle": {"create_before_destroy": true, "ignore_changes": ["tags"]},
  "provisioner": [
    {"local-exec": {"command": "echo ${self.id}", "when": "destroy"}},
    {"remote-exec": {"connection": {"type": "ssh", "host": "${self.ip}"}}}
  ]
}}}})";
  std::string hcl = R"(
resource "aws_security_group" "web" {
  name = "web"
  dynamic "ingress" {
    for_each = "${var.rules}"
    iterator = rule
    labels = []
    content {
      from_port = "${rule.value.port}"
      dynamic "egress" {
        for_each = "${rule.value.out}"
        content {
          to_port = 0
        }
      }
    }
  }
  lifecycle {
    create_before_destroy = true
    ignore_changes = [tags]
  }
  provisioner "local-exec" {
    command = "echo ${self.id}"
    when = destroy
  }
  provisioner "remote-exec" {
    connection {
      type = "ssh"
      host = "${self.ip}"
    }
  }
}
)";
  CHECK(fromJson(json) == fromHcl(hcl));
}

TEST_CASE("json syntax ingress and egress are blocks only when written as objects",
          "[frontends][hcl][json]") {
  std::string json = R"({"resource": {"aws_security_group": {"sg": {
  "ingress": {"from_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
  "egress": [{"from_port": 0}, {"from_port": 1}]
}}}})";
  CHECK(fromJson(json) ==
        "resource \"aws_security_group\" \"sg\" {egress=(tuple (object (\"from_port\" 0)) "
        "(object (\"from_port\" 1))); ingress {from_port=443; cidr_blocks=(tuple "
        "\"0.0.0.0/0\"); } } ");
}

TEST_CASE("json syntax locals, variables, outputs, modules, providers and terraform",
          "[frontends][hcl][json]") {
  std::string json = R"json({
  "locals": {"name": "app-${var.env}", "ports": [80, 443], "//": "a local named //"},
  "variable": {
    "rules": {
      "type": "list(object({port = number}))",
      "default": [{"port": "${not_a_template}"}],
      "description": "Rules: ${literal}",
      "validation": {"condition": "${length(var.rules) > 0}", "error_message": "empty"}
    }
  },
  "output": {"vpc": {"value": "${aws_vpc.main}", "description": "the ${vpc}",
                     "depends_on": ["aws_vpc.main"]}},
  "module": {"net": {"source": "./net-${x}", "cidr": "${var.cidr}",
                     "providers": {"aws": "aws.west"}}},
  "provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-2"}]},
  "terraform": {"required_version": ">= 1.0",
                "backend": {"s3": {"bucket": "${literal}"}},
                "required_providers": {"aws": {"source": "hashicorp/aws"}}}
})json";
  CHECK(fromJson(json) ==
        "locals {name=(template \"app-\"${(. var env)}); ports=(tuple 80 443); } "
        "variable \"rules\" {type=\"list(object({port = number}))\"; "
        "default=(tuple (object (\"port\" \"${not_a_template}\"))); "
        "description=\"Rules: ${literal}\"; "
        "validation {condition=(template ${(> (call length (. var rules)) 0)}); "
        "error_message=\"empty\"; } } "
        "output \"vpc\" {value=(template ${(. aws_vpc main)}); description=\"the ${vpc}\"; "
        "depends_on=(tuple (. aws_vpc main)); } "
        "module \"net\" {source=\"./net-${x}\"; cidr=(template ${(. var cidr)}); "
        "providers=(object (\"aws\" (. aws west))); } "
        "provider \"aws\" {region=\"us-east-1\"; } "
        "provider \"aws\" {alias=\"west\"; region=\"us-west-2\"; } "
        "terraform {required_version=\">= 1.0\"; backend \"s3\" {bucket=\"${literal}\"; } "
        "required_providers {aws=(object (\"source\" \"hashicorp/aws\")); } } ");
}

TEST_CASE("json syntax blocks may be arrays at every level", "[frontends][hcl][json]") {
  CHECK(fromJson(R"({"resource": {"aws_vpc": {"main": [{"a": 1}, {"a": 2}]}}})") ==
        "resource \"aws_vpc\" \"main\" {a=1; } resource \"aws_vpc\" \"main\" {a=2; } ");
  CHECK(fromJson(R"({"resource": [{"aws_vpc": {"x": {}}}, {"aws_subnet": {"y": {"b": 1}}}]})") ==
        "resource \"aws_vpc\" \"x\" {} resource \"aws_subnet\" \"y\" {b=1; } ");
  CHECK(fromJson(R"({"resource": {"aws_vpc": [{"x": {}}, {"y": {}}]}})") ==
        "resource \"aws_vpc\" \"x\" {} resource \"aws_vpc\" \"y\" {} ");
  CHECK(fromJson(R"({"locals": [{"a": 1}, {"b": 2}]})") == "locals {a=1; } locals {b=2; } ");
  CHECK(fromJson(R"({"resource": {"aws_instance": {"i": {"lifecycle": [{"a": 1}, {"b": 2}]}}}})") ==
        "resource \"aws_instance\" \"i\" {lifecycle {a=1; } lifecycle {b=2; } } ");
  CHECK(fromJson("{}").empty());
}

TEST_CASE("json syntax comment properties are skipped in block bodies only",
          "[frontends][hcl][json]") {
  CHECK(fromJson(R"({
  "//": "generated by a tool",
  "resource": {
    "//": "label level",
    "aws_vpc": {"main": {"//": "body", "cidr_block": "10.0.0.0/16",
                         "tags": {"//": "kept: an expression"}}}
  }
})") == "resource \"aws_vpc\" \"main\" {cidr_block=\"10.0.0.0/16\"; "
        "tags=(object (\"//\" \"kept: an expression\")); } ");
}

TEST_CASE("json syntax strings are templates with their escapes", "[frontends][hcl][json]") {
  CHECK(fromJson(R"({"locals": {"a": "$${not}", "b": "100%", "c": "%{if var.x}y%{endif}",
                   "d": "tab\tquote\" ${var.x}", "e": "\\n stays"}})") ==
        R"(locals {a="${not}"; b="100%"; c=(template %{if (. var x)}"y"%{endif}); )"
        "d=(template \"tab\tquote\\\" \"${(. var x)}); e=\"\\\\n stays\"; } ");
}

TEST_CASE("json syntax nodes point into the JSON file", "[frontends][hcl][json]") {
  std::string text =
      "{\"resource\": {\n"
      "  \"aws_subnet\": {\n"
      "    \"a\": {\n"
      "      \"vpc_id\": \"${aws_vpc.main.id}\",\n"
      "      \"name\": \"x\\\"y-${var.n}\",\n"
      "      \"provider\": \"aws.west\"\n"
      "    }\n"
      "  }\n"
      "}}\n";
  ParseResult result = parseOk(text);
  REQUIRE(result.body.blocks.size() == 1);
  const Block& block = result.body.blocks[0];
  CHECK(block.range.file == "main.tf.json");
  CHECK(at(block.range.begin) == "1:2");
  CHECK(at(block.range.end) == "7:6");
  REQUIRE(block.labels.size() == 2);
  CHECK(at(block.labels[0].range.begin) == "2:3");
  CHECK(at(block.labels[0].range.end) == "2:15");
  CHECK(block.labels[0].quoted);
  CHECK(at(block.labels[1].range.begin) == "3:5");
  CHECK(at(block.body.range.begin) == "3:10");

  const Attribute& vpc_id = block.body.attributes[0];
  CHECK(at(vpc_id.range.begin) == "4:7");
  CHECK(at(vpc_id.range.end) == "4:37");
  CHECK(at(vpc_id.name_range.end) == "4:15");
  CHECK(at(vpc_id.value->range.begin) == "4:17");
  CHECK(vpc_id.value->range.begin.offset == static_cast<int>(text.find("\"${aws_vpc")));
  const auto& parts = std::get<Template>(vpc_id.value->node).parts;
  REQUIRE(parts.size() == 1);
  CHECK(at(parts[0].range.begin) == "4:18");
  CHECK(at(parts[0].range.end) == "4:36");
  const Expr& reference = *std::get<TemplateInterpolation>(parts[0].node).expr;
  CHECK(at(reference.range.begin) == "4:20");
  CHECK(at(reference.range.end) == "4:35");
  CHECK(reference.range.begin.offset == static_cast<int>(text.find("aws_vpc.main")));

  // After the escape `\"`, positions are still those of the file.
  const Attribute& name = block.body.attributes[1];
  const auto& name_parts = std::get<Template>(name.value->node).parts;
  REQUIRE(name_parts.size() == 2);
  CHECK(std::get<std::string>(name_parts[0].node) == "x\"y-");
  CHECK(at(name_parts[0].range.begin) == "5:16");
  CHECK(at(name_parts[1].range.begin) == "5:21");
  CHECK(at(std::get<TemplateInterpolation>(name_parts[1].node).expr->range.begin) == "5:23");

  const Attribute& provider = block.body.attributes[2];
  CHECK(dump(*provider.value) == "(. aws west)");
  CHECK(at(provider.value->range.begin) == "6:20");
  CHECK(at(provider.value->range.end) == "6:28");
}

TEST_CASE("json syntax columns start after a byte order mark", "[frontends][hcl][json]") {
  ParseResult result = parseOk("\xEF\xBB\xBF{\"locals\": {\"a\": \"${b}\"}}");
  const Block& locals = result.body.blocks[0];
  CHECK(at(locals.range.begin) == "1:2");
  CHECK(locals.range.begin.offset == 4);
  const auto& parts = std::get<Template>(locals.body.attributes[0].value->node).parts;
  CHECK(at(std::get<TemplateInterpolation>(parts[0].node).expr->range.begin) == "1:21");
}

TEST_CASE("json syntax unicode escapes keep positions at their backslash",
          "[frontends][hcl][json]") {
  std::string text = R"({"locals": {"a": "\u00e9\ud83d\ude00${x.y}"}})";
  ParseResult result = parseOk(text);
  const Expr& value = *result.body.blocks[0].body.attributes[0].value;
  const auto& parts = std::get<Template>(value.node).parts;
  REQUIRE(parts.size() == 2);
  CHECK(std::get<std::string>(parts[0].node) == "\xC3\xA9\xF0\x9F\x98\x80");
  const Expr& reference = *std::get<TemplateInterpolation>(parts[1].node).expr;
  CHECK(reference.range.begin.column == static_cast<int>(text.find("x.y")) + 1);
  CHECK(reference.range.end.column == static_cast<int>(text.find("}\"")) + 1);
}

TEST_CASE("json syntax errors point at file:line:col", "[frontends][hcl][json]") {
  CHECK(problems("{\"resource\": {\n  \"aws_vpc\": {\"x\": {\"a\": 1,}}}}") ==
        "main.tf.json:2:28: json-syntax: expected a string key after ',', found '}'; JSON does "
        "not allow a trailing comma\n");
  CHECK(problems("") ==
        "main.tf.json:1:1: json-syntax: expected a JSON value; the input is "
        "empty\n");
  CHECK(problems("[]") ==
        "main.tf.json:1:1: json-syntax: expected a JSON object of block types "
        "at the top of a .tf.json file, found an array\n");
  CHECK(problems("{\"resorce\": {}, \"locals\": {\"a\": 1}}") ==
        "main.tf.json:1:2: json-syntax: unsupported block type \"resorce\"; the top level of a "
        ".tf.json file holds resource, data, module, variable, output, provider, locals and "
        "terraform blocks\n");
  CHECK(problems("{\"resource\": {\"aws_vpc\": \"main\"}}") ==
        "main.tf.json:1:26: json-syntax: expected an object of block labels or an array of "
        "such objects for the \"resource\" block, found a string\n");
  CHECK(problems("{\"resource\": {\"aws_vpc\": {\"main\": [{}, 3]}}}") ==
        "main.tf.json:1:40: json-syntax: expected an object for the block body or an array of "
        "such objects for the \"resource\" block, found a number in the array\n");
  CHECK(problems("{\"locals\": {\n  \"a\": \"${aws_vpc.}\",\n  \"b\": \"ok\"}}") ==
        "main.tf.json:2:19: hcl-syntax: expected an attribute name after '.', found '}'\n");
  CHECK(problems("{\"locals\": {\"a\": \"x${1 ? }\"}}") ==
        "main.tf.json:1:26: hcl-syntax: expected an expression, found '}'\n");
  CHECK(problems("{\"locals\": {\"a\": \"${var.x\"}}") ==
        "main.tf.json:1:26: hcl-syntax: expected '}' to close the interpolation, found the end "
        "of the file\n");
  CHECK(problems("{\"locals\": {\"a\": \"%{endif}\"}}") ==
        "main.tf.json:1:19: hcl-syntax: '%{endif}' without a matching '%{if}'\n");
  CHECK(problems("{\"locals\": {\"a\": \"${x @ y}\"}}") ==
        "main.tf.json:1:23: hcl-syntax: invalid character '@'\n");
  CHECK(problems("{\"resource\": {\"a\": {\"b\": {\"provider\": \"aws west\"}}}}") ==
        "main.tf.json:1:44: hcl-syntax: expected the end of the expression, found 'west'\n");
}

TEST_CASE("json syntax keeps what parsed around an error", "[frontends][hcl][json]") {
  DiagnosticEngine diags;
  ParseResult result = parseJsonSyntax(
      "main.tf.json", R"({"locals": {"a": "${", "b": 2}, "output": {"o": {"value": 1}}})", diags);
  CHECK(!result.ok);
  CHECK(diags.errorCount() == 1);
  CHECK(show(result.body) == "locals {b=2; } output \"o\" {value=1; } ");
}

TEST_CASE("json syntax survives every truncation and byte flip", "[frontends][hcl][json]") {
  std::string text = R"({"resource": {"aws_vpc": {"m": {"a": "x${f(\"}\", [1])}\u00e9",
    "dynamic": {"ingress": [{"content": {"p": "%{for x in y}${x}%{endfor}"}}]}}}}})";
  DiagnosticEngine original;
  REQUIRE(parseJsonSyntax("t.tf.json", text, original).ok);
  for (size_t n = 0; n < text.size(); ++n) {
    for (std::string variant : {text.substr(0, n), text}) {
      if (variant.size() == text.size()) variant[n] = variant[n] == '}' ? '$' : '}';
      DiagnosticEngine diags;
      ParseResult result = parseJsonSyntax("t.tf.json", variant, diags);
      INFO(variant);
      CHECK(result.ok == !diags.hasErrors());
    }
  }
}

}  // namespace
}  // namespace segproof::hcl
