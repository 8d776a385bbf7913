#include "frontends/cloudformation/template/template_evaluator.h"

#include <catch2/catch.hpp>

#include "frontends/cloudformation/template/template_test_util.h"

namespace segproof::cloudformation {
namespace {

using hcl::Value;
using testing::evaluateProperty;
using testing::property;
using testing::readText;
using testing::withProperty;

Value strings(std::initializer_list<const char*> items) {
  hcl::ValueList list;
  for (const char* item : items) list.push_back(Value::string(item));
  return Value::list(std::move(list));
}

const char* kParameters =
    "Parameters:\n"
    "  Env: {Type: String, Default: prod}\n"
    "  Cidr: {Type: String, Default: 10.0.0.0/16}\n"
    "  Ports: {Type: CommaDelimitedList, Default: \"80, 443\"}\n"
    "Mappings:\n"
    "  Nets:\n"
    "    prod: {Cidr: 10.1.0.0/16}\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Env, prod]\n"
    "  IsDev: {\"Fn::Equals\": [{\"Ref\": Env}, dev]}\n";

std::string diagnosticsOf(const std::string& text) {
  DiagnosticEngine diags;
  readText(text, diags);
  return diags.renderAll();
}

TEST_CASE("Ref of parameters, resources and pseudo parameters", "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!Ref Env", kParameters) == Value::string("prod"));
  CHECK(evaluateProperty("{Ref: Env}", kParameters) == Value::string("prod"));
  CHECK(evaluateProperty("!Ref Ports", kParameters) == strings({"80", "443"}));
  CHECK(evaluateProperty("!Ref R") == Value::unknown("R.Ref"));
  CHECK(evaluateProperty("!Ref AWS::AccountId") == Value::unknown("AWS::AccountId"));
  CHECK(evaluateProperty("!Ref AWS::Region") == Value::unknown("AWS::Region"));
  CHECK(evaluateProperty("!Ref AWS::Partition") == Value::string("aws"));
  CHECK(evaluateProperty("!Ref AWS::URLSuffix") == Value::string("amazonaws.com"));
}

TEST_CASE("GetAtt in both forms", "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!GetAtt R.CidrBlock") == Value::unknown("R.CidrBlock"));
  CHECK(evaluateProperty("!GetAtt [R, CidrBlock]") == Value::unknown("R.CidrBlock"));
  CHECK(evaluateProperty("{\"Fn::GetAtt\": [R, DefaultSecurityGroup]}") ==
        Value::unknown("R.DefaultSecurityGroup"));
}

TEST_CASE("Sub variants", "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!Sub \"${Env}-vpc\"", kParameters) == Value::string("prod-vpc"));
  CHECK(evaluateProperty("!Sub [\"${Name}-${Env}\", {Name: web}]", kParameters) ==
        Value::string("web-prod"));
  CHECK(evaluateProperty("!Sub \"${!Literal}-${AWS::Partition}\"") ==
        Value::string("${Literal}-aws"));
  CHECK(evaluateProperty("!Sub \"${R}\"") == Value::unknown("R.Ref"));
  CHECK(evaluateProperty("!Sub \"${R.CidrBlock}\"") == Value::unknown("R.CidrBlock"));
  CHECK(evaluateProperty("!Sub \"arn:${AWS::Region}:x\"") ==
        Value::unknown("Fn::Sub(arn:${AWS::Region}:x)"));
  CHECK(evaluateProperty("{\"Fn::Sub\": \"${Env}\"}", kParameters) == Value::string("prod"));
}

TEST_CASE("Join, Select, Split", "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!Join [\"-\", [a, !Ref Env]]", kParameters) == Value::string("a-prod"));
  CHECK(evaluateProperty("{\"Fn::Join\": [\",\", [a, b]]}") == Value::string("a,b"));
  CHECK(evaluateProperty("!Join [\"\", [!Ref R]]") == Value::unknown("R.Ref"));
  CHECK(evaluateProperty("!Select [1, !Ref Ports]", kParameters) == Value::string("443"));
  CHECK(evaluateProperty("{\"Fn::Select\": [\"0\", [x, y]]}") == Value::string("x"));
  CHECK(evaluateProperty("!Split [\",\", \"a,b,c\"]") == strings({"a", "b", "c"}));
  CHECK(evaluateProperty("{\"Fn::Split\": [\"/\", !Ref Cidr]}", kParameters) ==
        strings({"10.0.0.0", "16"}));
}

TEST_CASE("GetAZs gives an unknown list whose elements Select describes",
          "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!GetAZs \"\"") == Value::unknown("GetAZs"));
  CHECK(evaluateProperty("{\"Fn::GetAZs\": {Ref: AWS::Region}}") == Value::unknown("GetAZs"));
  CHECK(evaluateProperty("!Select [0, !GetAZs \"\"]") == Value::unknown("GetAZs[0]"));
  CHECK(evaluateProperty("{\"Fn::Select\": [2, {\"Fn::GetAZs\": \"\"}]}") ==
        Value::unknown("GetAZs[2]"));
}

TEST_CASE("Cidr computes subnets as CloudFormation does", "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!Cidr [10.0.0.0/16, 3, 8]") ==
        strings({"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}));
  CHECK(evaluateProperty("{\"Fn::Cidr\": [192.168.0.0/24, 2, 6]}") ==
        strings({"192.168.0.0/26", "192.168.0.64/26"}));
  CHECK(evaluateProperty("!Select [1, !Cidr [!Ref Cidr, 4, 12]]", kParameters) ==
        Value::string("10.0.16.0/20"));
  CHECK(evaluateProperty("!Cidr [!GetAtt R.CidrBlock, 2, 8]").isUnknown());
}

TEST_CASE("FindInMap, Base64, ImportValue, Length", "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!FindInMap [Nets, !Ref Env, Cidr]", kParameters) ==
        Value::string("10.1.0.0/16"));
  CHECK(evaluateProperty("{\"Fn::FindInMap\": [Nets, prod, Cidr]}", kParameters) ==
        Value::string("10.1.0.0/16"));
  CHECK(evaluateProperty("!FindInMap [Nets, !Ref AWS::Region, Cidr]", kParameters).isUnknown());
  CHECK(evaluateProperty("!FindInMap [Nets, dev, Cidr, {DefaultValue: none}]", kParameters) ==
        Value::string("none"));
  CHECK(evaluateProperty("!Base64 hello") == Value::string("aGVsbG8="));
  CHECK(evaluateProperty("{\"Fn::Base64\": {\"Fn::Sub\": \"ab\"}}") == Value::string("YWI="));
  CHECK(evaluateProperty("!ImportValue SharedVpc") == Value::unknown("ImportValue.SharedVpc"));
  CHECK(evaluateProperty("{\"Fn::ImportValue\": {\"Fn::Sub\": \"${Env}-vpc\"}}", kParameters) ==
        Value::unknown("ImportValue.prod-vpc"));
  CHECK(evaluateProperty("!Length [a, b, c]") == Value::number(3));
}

TEST_CASE("If, conditions and NoValue", "[frontends][cloudformation]") {
  CHECK(evaluateProperty("!If [IsProd, big, small]", kParameters) == Value::string("big"));
  CHECK(evaluateProperty("{\"Fn::If\": [IsDev, big, small]}", kParameters) ==
        Value::string("small"));
  CHECK(evaluateProperty("!If [IsProd, [a, !Ref AWS::NoValue, b], []]", kParameters) ==
        strings({"a", "b"}));
  CHECK(evaluateProperty("{K: !If [IsDev, x, !Ref AWS::NoValue], L: 1}", kParameters) ==
        Value::map({{"L", Value::number(1)}}));
  std::string conditions = std::string(kParameters) +
                           "  Both: !And [!Condition IsProd, {Condition: IsDev}]\n"
                           "  Either: {\"Fn::Or\": [{Condition: IsProd}, !Condition IsDev]}\n"
                           "  NotDev: !Not [!Condition IsDev]\n"
                           "  Region: !Equals [!Ref AWS::Region, us-east-1]\n";
  CHECK(evaluateProperty("!If [Both, y, n]", conditions) == Value::string("n"));
  CHECK(evaluateProperty("!If [Either, y, n]", conditions) == Value::string("y"));
  CHECK(evaluateProperty("!If [NotDev, y, n]", conditions) == Value::string("y"));
  CHECK(evaluateProperty("!If [Region, y, n]", conditions) == Value::unknown("Fn::If(Region)"));
  CHECK(evaluateProperty("!If [Region, same, same]", conditions) == Value::string("same"));
}

TEST_CASE("long forms in a JSON template", "[frontends][cloudformation]") {
  const char* text = R"({
  "Parameters": {"Env": {"Type": "String", "Default": "prod"},
                 "Cidr": {"Type": "String", "Default": "10.0.0.0/16"}},
  "Mappings": {"Nets": {"prod": {"Size": "8"}}},
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                 "Not": {"Fn::Not": [{"Condition": "IsProd"}]},
                 "Any": {"Fn::Or": [{"Condition": "Not"}, {"Fn::And": [{"Condition": "IsProd"},
                                                                         {"Condition": "IsProd"}]}]}},
  "Resources": {"R": {"Type": "AWS::EC2::Subnet", "Properties": {
    "Name": {"Fn::Join": ["-", [{"Ref": "Env"}, {"Fn::Sub": ["${A}", {"A": "x"}]}]]},
    "Zone": {"Fn::Select": [1, {"Fn::GetAZs": {"Ref": "AWS::Region"}}]},
    "Cidr": {"Fn::Select": [2, {"Fn::Cidr": [{"Ref": "Cidr"}, 4,
                                             {"Fn::FindInMap": ["Nets", {"Ref": "Env"}, "Size"]}]}]},
    "Parts": {"Fn::Split": [".", {"Fn::If": ["Any", "a.b", "c"]}]},
    "Vpc": {"Fn::GetAtt": ["Other", "VpcId"]},
    "Dropped": {"Fn::If": ["Not", "x", {"Ref": "AWS::NoValue"}]},
    "V6": {"Fn::Cidr": ["2001:db8::/56", 2, 64]}}},
    "Other": {"Type": "AWS::EC2::VPC"}}
})";
  DiagnosticEngine diags;
  Stack stack = readText(text, diags, {}, "t.json");
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  CHECK(property(stack, "R", "Name") == Value::string("prod-x"));
  CHECK(property(stack, "R", "Zone") == Value::unknown("GetAZs[1]"));
  CHECK(property(stack, "R", "Cidr") == Value::string("10.0.2.0/24"));
  CHECK(property(stack, "R", "Parts") == strings({"a", "b"}));
  CHECK(property(stack, "R", "Vpc") == Value::unknown("Other.VpcId"));
  CHECK(property(stack, "R", "V6") == strings({"2001:db8::/64", "2001:db8:0:1::/64"}));
  CHECK(testing::findResource(stack, "R")->properties.attribute("Dropped") == nullptr);
}

TEST_CASE("a property that is NoValue is absent", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(withProperty("!Ref AWS::NoValue"), diags);
  REQUIRE(stack.resources.size() == 1);
  CHECK(stack.resources[0].properties.attribute("P") == nullptr);
  CHECK_FALSE(diags.hasErrors());
}

TEST_CASE("AWS::Region can be given with --param", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  TemplateOptions options;
  options.parameters = {{"AWS::Region", "eu-west-1"}};
  Stack stack = readText(withProperty("!Sub \"${AWS::Region}a\""), diags, options);
  CHECK(property(stack, "R", "P") == Value::string("eu-west-1a"));
  CHECK(diags.diagnostics().empty());
}

TEST_CASE("evaluation errors point at the offending node", "[frontends][cloudformation]") {
  CHECK(diagnosticsOf(withProperty("!Foo x")) ==
        "template.yaml:5:10: error[cfn-invalid]: unknown function Fn::Foo\n"
        "        P: !Foo x\n"
        "           ^\n");
  CHECK(diagnosticsOf(withProperty("{\"Fn::Bar\": [1]}")) ==
        "template.yaml:5:10: error[cfn-invalid]: unknown function Fn::Bar\n"
        "        P: {\"Fn::Bar\": [1]}\n"
        "           ^\n");
  CHECK(diagnosticsOf(withProperty("!Ref Missing")) ==
        "template.yaml:5:10: error[cfn-bad-ref]: 'Missing' is not a parameter, a resource or a "
        "pseudo parameter\n"
        "        P: !Ref Missing\n"
        "           ^\n");
  CHECK(diagnosticsOf(withProperty("!GetAtt Nope.Arn")) ==
        "template.yaml:5:10: error[cfn-bad-ref]: Fn::GetAtt of undeclared resource 'Nope'\n"
        "        P: !GetAtt Nope.Arn\n"
        "           ^\n");
  CHECK(diagnosticsOf(withProperty("!Select [1]")) ==
        "template.yaml:5:10: error[cfn-invalid]: Fn::Select expects [index, list]\n"
        "        P: !Select [1]\n"
        "           ^\n");
  CHECK(diagnosticsOf(withProperty("!Select [5, [a]]")) ==
        "template.yaml:5:19: error[cfn-invalid]: Fn::Select index 5 is out of range for a "
        "list of 1\n"
        "        P: !Select [5, [a]]\n"
        "                    ^\n");
  CHECK(diagnosticsOf(withProperty("!If [Nope, a, b]")) ==
        "template.yaml:5:15: error[cfn-bad-ref]: unknown condition 'Nope'\n"
        "        P: !If [Nope, a, b]\n"
        "                ^\n");
}

TEST_CASE("circular conditions are an error at the condition", "[frontends][cloudformation]") {
  std::string text =
      "Conditions:\n"
      "  A: !And [!Condition B, !Equals [x, x]]\n"
      "  B: !Not [!Condition A]\n"
      "Resources:\n"
      "  R:\n"
      "    Type: AWS::EC2::VPC\n"
      "    Condition: A\n";
  DiagnosticEngine diags;
  Stack stack = readText(text, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:2:3: error[cfn-circular-condition]: condition 'A' depends on itself "
        "(A -> B -> A)\n"
        "    A: !And [!Condition B, !Equals [x, x]]\n"
        "    ^\n");
  CHECK(stack.resources.empty());
}

TEST_CASE("unsupported functions are warnings with unknown values", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(withProperty("{\"Fn::Transform\": {Name: M}}"), diags);
  CHECK_FALSE(diags.hasErrors());
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].code == "cfn-unsupported");
  CHECK(property(stack, "R", "P") == Value::unknown("Fn::Transform"));
}

}  // namespace
}  // namespace segproof::cloudformation
