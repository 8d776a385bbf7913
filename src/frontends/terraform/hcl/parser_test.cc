#include "frontends/terraform/hcl/parser.h"

#include <catch2/catch.hpp>

#include "frontends/terraform/hcl/hcl_test_util.h"

namespace segproof::hcl {
namespace {

using testing::problems;

ParseResult parseOk(const std::string& text) {
  DiagnosticEngine diags;
  ParseResult result = parse("main.tf", text, diags);
  INFO(diags.renderAll());
  REQUIRE(result.ok);
  return result;
}

TEST_CASE("hcl empty and comment-only files parse to an empty body", "[frontends][hcl]") {
  CHECK(parseOk("").body.attributes.empty());
  ParseResult result = parseOk("# nothing\n\n// here\n/* at\nall */\n");
  CHECK(result.body.attributes.empty());
  CHECK(result.body.blocks.empty());
}

TEST_CASE("hcl attributes and blocks keep source order", "[frontends][hcl]") {
  ParseResult result = parseOk(
      "region = \"eu-west-1\"\n"
      "provider \"aws\" {\n"
      "  region = var.region\n"
      "}\n"
      "terraform {}\n"
      "count = 2\n");
  REQUIRE(result.body.attributes.size() == 2);
  CHECK(result.body.attributes[0].name == "region");
  CHECK(result.body.attributes[1].name == "count");
  REQUIRE(result.body.blocks.size() == 2);
  CHECK(result.body.blocks[0].type == "provider");
  CHECK(result.body.blocks[1].type == "terraform");
  CHECK(result.body.blocks[1].body.attributes.empty());
}

TEST_CASE("hcl block labels may be quoted or bare", "[frontends][hcl]") {
  ParseResult result = parseOk("resource \"aws_vpc\" main {\n}\n");
  const Block& block = result.body.blocks.at(0);
  REQUIRE(block.labels.size() == 2);
  CHECK(block.labels[0].value == "aws_vpc");
  CHECK(block.labels[0].quoted);
  CHECK(block.labels[0].range.begin.column == 10);
  CHECK(block.labels[0].range.end.column == 19);
  CHECK(block.labels[1].value == "main");
  CHECK_FALSE(block.labels[1].quoted);
}

TEST_CASE("hcl blocks nest and may be written on one line", "[frontends][hcl]") {
  ParseResult result = parseOk(
      "resource \"aws_security_group\" \"web\" {\n"
      "  ingress {\n"
      "    from_port = 443\n"
      "  }\n"
      "  tags { Name = \"web\" }\n"
      "  lifecycle {}\n"
      "}\n");
  const Block& group = result.body.blocks.at(0);
  REQUIRE(group.body.blocks.size() == 3);
  CHECK(group.body.blocks[0].body.attributes.at(0).name == "from_port");
  CHECK(group.body.blocks[1].body.attributes.at(0).name == "Name");
  CHECK(group.range.location().str() == "main.tf:1:1");
  CHECK(group.range.end.line == 7);
  CHECK(group.body.blocks[0].range.location().str() == "main.tf:2:3");
}

TEST_CASE("hcl newlines end attributes except inside brackets", "[frontends][hcl]") {
  ParseResult result = parseOk("a = [\n  1,\n  2\n]\nb = f(\n  3)\nc = {\n  x = 1\n}\n");
  CHECK(result.body.attributes.size() == 3);
  CHECK(problems("a = 1 b = 2\n") ==
        "main.tf:1:7: error[hcl-syntax]: expected a newline after the value of attribute 'a', "
        "found 'b'\n"
        "  a = 1 b = 2\n"
        "        ^\n");
}

TEST_CASE("hcl reports a missing '=' or block body with the block header", "[frontends][hcl]") {
  CHECK(problems("resource \"aws_vpc\" \"main\"\n  cidr_block = \"10.0.0.0/16\"\n") ==
        "main.tf:1:26: error[hcl-syntax]: expected '=' or a block body after "
        "'resource \"aws_vpc\" \"main\"', found a newline\n"
        "  resource \"aws_vpc\" \"main\"\n"
        "                           ^\n");
  CHECK(problems("enabled true\n") ==
        "main.tf:1:13: error[hcl-syntax]: expected '=' or a block body after 'enabled true', "
        "found a newline\n"
        "  enabled true\n"
        "              ^\n");
}

TEST_CASE("hcl reports incomplete expressions", "[frontends][hcl]") {
  CHECK(problems("x = \n") ==
        "main.tf:1:5: error[hcl-syntax]: expected an expression, found a newline\n"
        "  x = \n"
        "      ^\n");
  CHECK(problems("x = [1, 2\n") ==
        "main.tf:2:1: error[hcl-syntax]: expected ',' or ']' after a tuple element, found the "
        "end of the file\n");
  CHECK(problems("x = f(a b)\n") ==
        "main.tf:1:9: error[hcl-syntax]: expected ',' or ')' in the arguments of 'f', found 'b'\n"
        "  x = f(a b)\n"
        "          ^\n");
  CHECK(problems("x = a ? b\n") ==
        "main.tf:1:10: error[hcl-syntax]: expected ':' after the true result of the "
        "conditional, found a newline\n"
        "  x = a ? b\n"
        "           ^\n");
  CHECK(problems("x = {a = 1 b = 2}\n") ==
        "main.tf:1:12: error[hcl-syntax]: expected ',', a newline or '}' after an object item, "
        "found 'b'\n"
        "  x = {a = 1 b = 2}\n"
        "             ^\n");
  CHECK(problems("x = [for v in xs v]\n") ==
        "main.tf:1:18: error[hcl-syntax]: expected ':' after the collection of the for "
        "expression, found 'v'\n"
        "  x = [for v in xs v]\n"
        "                   ^\n");
  CHECK(problems("x = a.\n") ==
        "main.tf:1:7: error[hcl-syntax]: expected an attribute name after '.', found a newline\n"
        "  x = a.\n"
        "        ^\n");
}

TEST_CASE("hcl block labels cannot contain interpolations", "[frontends][hcl]") {
  CHECK(problems("resource \"aws_${x}\" \"a\" {}\n") ==
        "main.tf:1:15: error[hcl-syntax]: expected '\"' to end the block label; labels cannot "
        "contain interpolations, found '${'\n"
        "  resource \"aws_${x}\" \"a\" {}\n"
        "                ^\n");
}

TEST_CASE("hcl accepts CRLF line endings and trailing comments", "[frontends][hcl]") {
  ParseResult result = parseOk(
      "a = 1 # one\r\n"
      "b = <<EOT\r\n"
      "text\r\n"
      "EOT\r\n"
      "c {\r\n"
      "  d = \"x\" // two\r\n"
      "}\r\n");
  REQUIRE(result.body.attributes.size() == 2);
  CHECK(dump(*result.body.attributes[1].value) == "(heredoc EOT \"text\r\\n\")");
  CHECK(result.body.blocks.at(0).body.attributes.at(0).name == "d");
}

TEST_CASE("hcl reports unbalanced braces", "[frontends][hcl]") {
  CHECK(problems("}\n") ==
        "main.tf:1:1: error[hcl-syntax]: unexpected '}' with no block to close\n"
        "  }\n"
        "  ^\n");
  CHECK(problems("vpc {\n  a = 1\n") ==
        "main.tf:3:1: error[hcl-syntax]: expected '}' to close the block 'vpc' opened at "
        "line 1, found the end of the file\n");
}

TEST_CASE("hcl recovers at the next line to report several errors", "[frontends][hcl]") {
  std::string text =
      "a = = 1\n"
      "b = 2\n"
      "block {\n"
      "  c = (1\n"
      "  d = 4\n"
      "}\n"
      "e = 3 3\n"
      "f = 6\n";
  DiagnosticEngine diags;
  ParseResult result = parse("main.tf", text, diags);
  CHECK_FALSE(result.ok);
  REQUIRE(diags.errorCount() == 3);
  CHECK(diags.diagnostics()[0].location.str() == "main.tf:1:5");
  CHECK(diags.diagnostics()[1].location.str() == "main.tf:5:3");
  CHECK(diags.diagnostics()[2].location.str() == "main.tf:7:7");
  // What parsed is kept, including `e`, whose value parsed before the junk.
  REQUIRE(result.body.attributes.size() == 3);
  CHECK(result.body.attributes[0].name == "b");
  CHECK(result.body.attributes[1].name == "e");
  CHECK(result.body.attributes[2].name == "f");
  REQUIRE(result.body.blocks.size() == 1);
  CHECK(result.body.blocks[0].body.attributes.empty());
}

TEST_CASE("hcl recovery skips a multi-line value with an error inside", "[frontends][hcl]") {
  std::string text =
      "x = [\n"
      "  1 2,\n"
      "  3,\n"
      "]\n"
      "y = { a = 1 b = 2 }\n"
      "z = 3\n";
  DiagnosticEngine diags;
  ParseResult result = parse("main.tf", text, diags);
  REQUIRE(diags.errorCount() == 2);
  CHECK(diags.diagnostics()[0].location.str() == "main.tf:2:5");
  CHECK(diags.diagnostics()[1].location.str() == "main.tf:5:13");
  REQUIRE(result.body.attributes.size() == 1);
  CHECK(result.body.attributes[0].name == "z");
}

TEST_CASE("hcl lexer errors are reported once and parsing goes on", "[frontends][hcl]") {
  std::string text = "a = \"open\nb = 2\nc = @\nd = 4\n";
  DiagnosticEngine diags;
  ParseResult result = parse("main.tf", text, diags);
  REQUIRE(diags.errorCount() == 2);
  CHECK(diags.diagnostics()[0].location.str() == "main.tf:1:10");
  CHECK(diags.diagnostics()[1].location.str() == "main.tf:3:5");
  REQUIRE(result.body.attributes.size() == 2);
  CHECK(result.body.attributes[0].name == "b");
  CHECK(result.body.attributes[1].name == "d");
}

TEST_CASE("hcl recovers past a broken block header and its body", "[frontends][hcl]") {
  std::string text =
      "resource \"a\" \"b\" = {\n"
      "  x = 1\n"
      "}\n"
      "y = 2\n";
  DiagnosticEngine diags;
  ParseResult result = parse("main.tf", text, diags);
  CHECK(diags.errorCount() == 1);
  REQUIRE(result.body.attributes.size() == 1);
  CHECK(result.body.attributes[0].name == "y");
}

TEST_CASE("hcl limits nesting depth instead of overflowing the stack", "[frontends][hcl]") {
  std::string deep = "x = " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  DiagnosticEngine diags;
  ParseResult result = parse("main.tf", deep, diags);
  CHECK_FALSE(result.ok);
  REQUIRE(diags.errorCount() == 1);
  CHECK(diags.diagnostics()[0].message.find("nesting is too deep") == 0);
  std::string directives = "x = \"";
  for (int i = 0; i < 5000; ++i) directives += "%{if a}";
  DiagnosticEngine directive_diags;
  parse("main.tf", directives, directive_diags);
  CHECK(directive_diags.hasErrors());
  std::string blocks;
  for (int i = 0; i < 1000; ++i) blocks += "a {\n";
  DiagnosticEngine block_diags;
  parse("main.tf", blocks, block_diags);
  CHECK(block_diags.hasErrors());
}

TEST_CASE("hcl parse reports whether this file parsed", "[frontends][hcl]") {
  DiagnosticEngine diags;
  diags.error("other", {}, "an earlier problem");
  CHECK(parse("main.tf", "a = 1\n", diags).ok);
}

}  // namespace
}  // namespace segproof::hcl
