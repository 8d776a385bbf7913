// The limits a CloudFormation template is evaluated within: strings made by
// Fn::Join and Fn::Sub, lists made by Fn::Split, chains of conditions, and
// the number of values in a template.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/template/template_test_util.h"
#include "frontends/common/limits.h"

namespace segproof::cloudformation {
namespace {

using testing::readText;

std::vector<std::string> errors(const DiagnosticEngine& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.diagnostics())
    if (d.severity == Severity::kError) out.push_back(d.location.str() + " " + d.code);
  return out;
}

// A template (JSON, read as "t.json") of one VPC whose CidrBlock is `value`.
std::string vpcWith(const std::string& value) {
  return "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {\"Vpc\": {\"Type\": "
         "\"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": " +
         value + "}}}}";
}

// The errors of reading `value` as the CidrBlock of a VPC.
std::vector<std::string> errorsOf(const std::string& value) {
  DiagnosticEngine diags;
  readText(vpcWith(value), diags, {}, "t.json");
  return errors(diags);
}

TEST_CASE("Fn::Sub over Fn::Sub stops at the value limit", "[frontends][cloudformation][limits]") {
  // Each level repeats the one below 64 times: 64^6 bytes without a limit.
  std::string value = "lol";
  for (int level = 0; level < 6; ++level) {
    std::string text;
    for (int i = 0; i < 64; ++i) text += "${v}";
    value = "{\"Fn::Sub\": [\"" + text +
            "\", {\"v\": " + (level == 0 ? "\"" + value + "\"" : value) + "}]}";
  }
  CHECK(errorsOf(value) == std::vector<std::string>{"t.json:1:689 value-too-large"});
}

TEST_CASE("an Fn::Join past the value limit is refused", "[frontends][cloudformation][limits]") {
  // Seventeen strings of 1 MiB: a 17 MiB join.
  std::string big(1 << 20, 'x');
  std::string items = "\"" + big + "\"";
  for (int i = 1; i < 17; ++i) items += ", \"" + big + "\"";
  CHECK(errorsOf("{\"Fn::Join\": [\",\", [" + items + "]]}") ==
        std::vector<std::string>{"t.json:1:132 value-too-large"});
}

TEST_CASE("Fn::Split into more elements than the limit is refused",
          "[frontends][cloudformation][limits]") {
  std::string commas(limits::kMaxValueSize, ',');
  CHECK(errorsOf("{\"Fn::Select\": [0, {\"Fn::Split\": [\",\", \"" + commas + "\"]}]}") ==
        std::vector<std::string>{"t.json:1:152 value-too-large"});
}

TEST_CASE("a long chain of conditions is refused without overflowing the stack",
          "[frontends][cloudformation][limits]") {
  std::string conditions = "Conditions:\n  C0: !Equals [a, a]\n";
  for (int i = 1; i <= 5000; ++i)
    conditions +=
        "  C" + std::to_string(i) + ": !Not [!Condition C" + std::to_string(i - 1) + "]\n";
  std::string text = "AWSTemplateFormatVersion: '2010-09-09'\n" + conditions +
                     "Resources:\n"
                     "  Vpc:\n"
                     "    Type: AWS::EC2::VPC\n"
                     "    Condition: C5000\n"
                     "    Properties:\n"
                     "      CidrBlock: 10.0.0.0/16\n";
  DiagnosticEngine diags;
  readText(text, diags);
  std::vector<std::string> seen = errors(diags);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen[0].find(" nesting-too-deep") != std::string::npos);
}

TEST_CASE("a template with more values than the limit is refused",
          "[frontends][cloudformation][limits]") {
  std::string values;
  for (size_t i = 0; i <= limits::kMaxTemplateValues; ++i) values += i ? ",0" : "0";
  DiagnosticEngine diags;
  readText("{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Metadata\": [" + values +
               "], \"Resources\": {}}",
           diags, {}, "t.json");
  CHECK(errors(diags) == std::vector<std::string>{"t.json:1:1 input-too-large"});
}

}  // namespace
}  // namespace segproof::cloudformation
