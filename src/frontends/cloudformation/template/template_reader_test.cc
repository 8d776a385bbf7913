#include "frontends/cloudformation/template/template_reader.h"

#include <catch2/catch.hpp>

#include "frontends/cloudformation/template/template_test_util.h"
#include "frontends/scratch_test_util.h"

namespace segproof::cloudformation {
namespace {

using hcl::Value;
using testing::findResource;
using testing::property;
using testing::readText;

const char* kSecurityGroupYaml =
    "AWSTemplateFormatVersion: \"2010-09-09\"\n"
    "Resources:\n"
    "  WebSG:\n"
    "    Type: AWS::EC2::SecurityGroup\n"
    "    DependsOn: Vpc\n"
    "    Metadata: {Note: x}\n"
    "    Properties:\n"
    "      VpcId: !Ref Vpc\n"
    "      SecurityGroupIngress:\n"
    "        - IpProtocol: tcp\n"
    "          FromPort: 443\n"
    "          ToPort: 443\n"
    "          CidrIp: 0.0.0.0/0\n"
    "        - IpProtocol: tcp\n"
    "          FromPort: 22\n"
    "          CidrIp: 10.0.0.0/8\n"
    "  Vpc:\n"
    "    Type: AWS::EC2::VPC\n"
    "    Properties: {CidrBlock: 10.0.0.0/16}\n";

const char* kSecurityGroupJson = R"({
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "WebSG": {
      "Type": "AWS::EC2::SecurityGroup",
      "Properties": {
        "VpcId": {"Ref": "Vpc"},
        "SecurityGroupIngress": [
          {"IpProtocol": "tcp", "FromPort": 443, "CidrIp": "0.0.0.0/0"},
          {"IpProtocol": "-1", "CidrIp": "10.0.0.0/8"}
        ]
      }
    },
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
  }
}
)";

TEST_CASE("YAML resources keep template order, types and locations",
          "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(kSecurityGroupYaml, diags);
  CHECK(diags.diagnostics().empty());
  REQUIRE(stack.resources.size() == 2);
  CHECK(stack.files == std::vector<std::string>{"template.yaml"});
  const Resource& sg = stack.resources[0];
  CHECK(sg.logical_id == "WebSG");
  CHECK(sg.type == "AWS::EC2::SecurityGroup");
  CHECK(sg.location.str() == "template.yaml:3:3");
  CHECK(stack.resources[1].logical_id == "Vpc");
  CHECK(sg.properties.attributes.size() == 2);  // not DependsOn nor Metadata
  const terraform::EvalAttribute* vpc = sg.properties.attribute("VpcId");
  REQUIRE(vpc);
  CHECK(vpc->value == Value::unknown("Vpc.Ref"));
  CHECK(vpc->range.location().str() == "template.yaml:8:7");
  std::vector<const terraform::EvalBlock*> rules = sg.properties.blocksOf("SecurityGroupIngress");
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]->range.location().str() == "template.yaml:10:11");
  CHECK(rules[1]->range.location().str() == "template.yaml:14:11");
  const terraform::EvalAttribute* port = rules[1]->body.attribute("FromPort");
  REQUIRE(port);
  CHECK(port->value == Value::number(22));
  CHECK(port->range.location().str() == "template.yaml:15:11");
  CHECK(rules[0]->body.attribute("CidrIp")->value == Value::string("0.0.0.0/0"));
  CHECK(property(stack, "WebSG", "SecurityGroupIngress").items().size() == 2);
}

TEST_CASE("JSON templates read the same, with JSON locations", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(kSecurityGroupJson, diags, {}, "template.json");
  CHECK(diags.diagnostics().empty());
  REQUIRE(stack.resources.size() == 2);
  const Resource& sg = stack.resources[0];
  CHECK(sg.location.str() == "template.json:4:5");
  CHECK(sg.properties.attribute("VpcId")->value == Value::unknown("Vpc.Ref"));
  CHECK(sg.properties.attribute("VpcId")->range.location().str() == "template.json:7:9");
  std::vector<const terraform::EvalBlock*> rules = sg.properties.blocksOf("SecurityGroupIngress");
  REQUIRE(rules.size() == 2);
  CHECK(rules[0]->range.location().str() == "template.json:9:11");
  CHECK(rules[1]->range.location().str() == "template.json:10:11");
  CHECK(rules[1]->range.end.line == 10);
  CHECK(rules[0]->body.attribute("FromPort")->value == Value::number(443));
  CHECK(rules[0]->body.attribute("FromPort")->range.location().str() == "template.json:9:33");
}

TEST_CASE("plain YAML scalars are typed; quoted ones are strings", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(
      "Resources:\n  R:\n    Type: AWS::EC2::VPC\n    Properties:\n"
      "      A: 80\n      B: \"80\"\n      C: true\n      D: 012345678901\n      E: ~\n",
      diags);
  CHECK(property(stack, "R", "A") == Value::number(80));
  CHECK(property(stack, "R", "B") == Value::string("80"));
  CHECK(property(stack, "R", "C") == Value::boolean(true));
  CHECK(property(stack, "R", "D") == Value::string("012345678901"));
  CHECK(property(stack, "R", "E") == Value::null());
}

const char* kParameterTemplate =
    "Parameters:\n"
    "  Cidr: {Type: String, Default: 10.0.0.0/16}\n"
    "  Port: {Type: Number, Default: 22}\n"
    "  Subnets: {Type: List<AWS::EC2::Subnet::Id>}\n"
    "  Office: {Type: String}\n"
    "Resources:\n"
    "  R:\n"
    "    Type: AWS::EC2::VPC\n"
    "    Properties:\n"
    "      Cidr: !Ref Cidr\n"
    "      Port: !Ref Port\n"
    "      Subnets: !Ref Subnets\n"
    "      Office: !Ref Office\n";

TEST_CASE("parameters: defaults, types and unset values", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(kParameterTemplate, diags);
  CHECK(property(stack, "R", "Cidr") == Value::string("10.0.0.0/16"));
  CHECK(property(stack, "R", "Port") == Value::number(22));
  CHECK(property(stack, "R", "Subnets") == Value::unknown("Parameters.Subnets"));
  CHECK(property(stack, "R", "Office") == Value::unknown("Parameters.Office"));
  CHECK(diags.renderAll() ==
        "template.yaml:4:3: warning[cfn-unset-parameter]: parameter 'Subnets' has no value (no "
        "Default, parameter file or --param); it is unknown\n"
        "    Subnets: {Type: List<AWS::EC2::Subnet::Id>}\n"
        "    ^\n"
        "template.yaml:5:3: warning[cfn-unset-parameter]: parameter 'Office' has no value (no "
        "Default, parameter file or --param); it is unknown\n"
        "    Office: {Type: String}\n"
        "    ^\n");
}

TEST_CASE("parameter files of both shapes, then --param; later wins",
          "[frontends][cloudformation]") {
  segproof::testing::Scratch scratch("cfn-params");
  std::string list_file =
      scratch.write("a.json",
                    R"([{"ParameterKey": "Cidr", "ParameterValue": "10.9.0.0/16"},
          {"ParameterKey": "Subnets", "ParameterValue": "subnet-1, subnet-2"},
          {"ParameterKey": "Port", "ParameterValue": "8080"}])");
  std::string object_file =
      scratch.write("b.json", R"({"Parameters": {"Port": "443", "Office": "192.0.2.0/24"}})");
  DiagnosticEngine diags;
  TemplateOptions options;
  options.parameter_files = {list_file, object_file};
  options.parameters = {{"Office", "198.51.100.0/24"}, {"Unused", "1"}};
  Stack stack = readText(kParameterTemplate, diags, options);
  CHECK(property(stack, "R", "Cidr") == Value::string("10.9.0.0/16"));
  CHECK(property(stack, "R", "Port") == Value::number(443));
  CHECK(property(stack, "R", "Subnets") ==
        Value::list({Value::string("subnet-1"), Value::string("subnet-2")}));
  CHECK(property(stack, "R", "Office") == Value::string("198.51.100.0/24"));
  CHECK(diags.renderAll() ==
        "template.yaml: warning[cfn-undeclared-parameter]: parameter 'Unused' is not declared "
        "in template.yaml\n");
}

TEST_CASE("a malformed parameter file is an error", "[frontends][cloudformation]") {
  segproof::testing::Scratch scratch("cfn-params-bad");
  DiagnosticEngine diags;
  TemplateOptions options;
  options.parameter_files = {scratch.write("p.json", "{\"Port\": 1}"), scratch.path("none.json")};
  readText(kParameterTemplate, diags, options);
  REQUIRE(diags.errorCount() == 2);
  CHECK(diags.diagnostics()[0].code == "cfn-parameter-file");
  CHECK(diags.diagnostics()[0].location.str() == scratch.path("p.json") + ":1:1");
  CHECK(diags.diagnostics()[1].message == "cannot read parameter file");
}

TEST_CASE("resources with a false condition are left out", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(
      "Parameters:\n  Env: {Type: String, Default: dev}\n"
      "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n"
      "  IsDev: !Not [!Condition IsProd]\n"
      "  Unknown: !Equals [!Ref AWS::Region, us-east-1]\n"
      "Resources:\n"
      "  Prod: {Type: AWS::EC2::VPC, Condition: IsProd}\n"
      "  Dev: {Type: AWS::EC2::VPC, Condition: IsDev}\n"
      "  Maybe: {Type: AWS::EC2::VPC, Condition: Unknown}\n",
      diags);
  REQUIRE(stack.resources.size() == 2);
  CHECK(stack.resources[0].logical_id == "Dev");
  CHECK(stack.resources[1].logical_id == "Maybe");
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].code == "cfn-unknown-condition");
}

TEST_CASE("NoValue removes list elements, and blocks follow", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(
      "Conditions:\n  No: !Equals [a, b]\n"
      "Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
      "      SecurityGroupIngress:\n"
      "        - !If [No, {CidrIp: 1.1.1.1/32}, !Ref AWS::NoValue]\n"
      "        - CidrIp: 10.0.0.0/8\n"
      "          Description: !If [No, x, !Ref AWS::NoValue]\n",
      diags);
  CHECK_FALSE(diags.hasErrors());
  const Resource* sg = findResource(stack, "SG");
  REQUIRE(sg);
  std::vector<const terraform::EvalBlock*> rules = sg->properties.blocksOf("SecurityGroupIngress");
  REQUIRE(rules.size() == 1);
  CHECK(rules[0]->range.location().str() == "template.yaml:9:11");
  CHECK(rules[0]->body.attributes.size() == 1);
  CHECK(rules[0]->body.attribute("CidrIp")->value == Value::string("10.0.0.0/8"));
}

TEST_CASE("syntax errors are reported with their location", "[frontends][cloudformation]") {
  DiagnosticEngine yaml;
  readText("Resources:\n  R: [unclosed\n", yaml);
  REQUIRE(yaml.errorCount() == 1);
  CHECK(yaml.diagnostics()[0].code == "yaml-syntax");
  CHECK(yaml.diagnostics()[0].location.line > 0);
  DiagnosticEngine json;
  Stack stack = readText("{\"Resources\": {,}}", json, {}, "t.json");
  REQUIRE(json.errorCount() == 1);
  CHECK(json.diagnostics()[0].code == "json-syntax");
  CHECK(json.diagnostics()[0].location.str() == "t.json:1:16");
  CHECK(stack.resources.empty());
}

TEST_CASE("YAML aliases cannot expand without bound", "[frontends][cloudformation]") {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char name = 'b'; name <= 'h'; ++name) {
    std::string previous(1, static_cast<char>(name - 1));
    text += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", *" : "*") + previous;
    text += "]\n";
  }
  DiagnosticEngine diags;
  Stack stack = readText(text, diags);
  REQUIRE(diags.errorCount() == 1);
  CHECK(diags.diagnostics()[0].code == "alias-expansion");
  CHECK(diags.diagnostics()[0].location.str() == "template.yaml:7:36");
  CHECK_FALSE(isCloudFormationTemplate(text + "AWSTemplateFormatVersion: x\n"));
}

TEST_CASE("structural errors", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  readText("Resources:\n  R:\n    Properties: {}\n", diags);
  CHECK(diags.renderAll() ==
        "template.yaml:2:3: error[cfn-invalid]: resource 'R' needs a Type\n"
        "    R:\n"
        "    ^\n");
}

TEST_CASE("Transform and Fn::ForEach are warnings; the rest is read",
          "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  Stack stack = readText(
      "Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\n"
      "Resources:\n"
      "  Fn::ForEach::Subnets: [X, [a, b], {}]\n"
      "  Fn: {Type: AWS::Serverless::Function, Properties: {Handler: x}}\n",
      diags);
  CHECK_FALSE(diags.hasErrors());
  CHECK(diags.diagnostics().size() == 2);
  REQUIRE(stack.resources.size() == 1);
  CHECK(stack.resources[0].type == "AWS::Serverless::Function");
}

TEST_CASE("templates are recognised by content", "[frontends][cloudformation]") {
  CHECK(isCloudFormationTemplate("AWSTemplateFormatVersion: 2010-09-09\n"));
  CHECK(isCloudFormationTemplate("Resources:\n  X:\n    Type: AWS::EC2::VPC\n"));
  CHECK(isCloudFormationTemplate(kSecurityGroupJson));
  CHECK(isCloudFormationTemplate("{\"Resources\": {\"X\": {\"Type\": \"AWS::S3::Bucket\"}}}"));
  CHECK_FALSE(isCloudFormationTemplate("Resources:\n  X:\n    Type: Custom::Thing\n"));
  CHECK_FALSE(isCloudFormationTemplate("segproof: model\nResources: []\n"));
  CHECK_FALSE(isCloudFormationTemplate("resource \"aws_vpc\" \"x\" {}\n"));
  CHECK_FALSE(isCloudFormationTemplate("Resources: [unclosed\n"));
  CHECK_FALSE(isCloudFormationTemplate("{\"resource\": {}}"));
}

}  // namespace
}  // namespace segproof::cloudformation
