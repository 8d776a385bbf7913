// Truncated and mangled templates: the reader reports, never throws or
// crashes, and every diagnostic points into the file.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/template/template_reader.h"
#include "frontends/cloudformation/template/template_test_util.h"

namespace segproof::cloudformation {
namespace {

const char* kYaml =
    "AWSTemplateFormatVersion: \"2010-09-09\"\n"
    "Parameters:\n  Env: {Type: String, Default: prod}\n  Ports: {Type: CommaDelimitedList}\n"
    "Mappings:\n  M: {prod: {Cidr: 10.0.0.0/16}}\n"
    "Conditions:\n  P: !Equals [!Ref Env, prod]\n  Q: !Not [!Condition P]\n"
    "Resources:\n"
    "  Vpc:\n    Type: AWS::EC2::VPC\n"
    "    Properties:\n      CidrBlock: !FindInMap [M, !Ref Env, Cidr]\n"
    "      Tags: [{Key: Name, Value: !Sub \"${Env}-${AWS::Region}\"}]\n"
    "  Subnet:\n    Type: AWS::EC2::Subnet\n    Condition: P\n"
    "    Properties:\n      VpcId: !GetAtt [Vpc, VpcId]\n"
    "      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]\n"
    "      AvailabilityZone: !Select [0, !GetAZs '']\n"
    "      Name: !Join ['-', !Split [',', !If [Q, 'a,b', !Ref AWS::NoValue]]]\n"
    "      UserData: !Base64 {\"Fn::Sub\": \"x${!y}\"}\n"
    "Outputs:\n  Id: {Value: !Ref Vpc, Export: {Name: !ImportValue other}}\n";

const char* kJson = R"({"Conditions": {"C": {"Fn::Equals": [{"Ref": "AWS::Region"}, "x"]}},
 "Resources": {"S": {"Type": "AWS::EC2::SecurityGroup", "Condition": "C",
   "Properties": {"SecurityGroupIngress": [{"CidrIp": {"Fn::Select": [1, {"Fn::Cidr":
     ["10.0.0.0/8", 2, 16]}]}, "FromPort": 80}], "VpcId": {"Fn::If": ["C", "a", "b"]}}}}})";

void readAllPrefixes(const std::string& text, const std::string& file) {
  for (size_t length = 0; length <= text.size(); ++length) {
    std::string prefix = text.substr(0, length);
    DiagnosticEngine diags;
    TemplateOptions options;
    options.parameters = {{"Ports", "1,2"}};
    CHECK_NOTHROW(isCloudFormationTemplate(prefix));
    CHECK_NOTHROW(readTemplate(file, prefix, options, diags));
    for (const Diagnostic& diagnostic : diags.diagnostics()) {
      INFO(length << ": " << diags.render(diagnostic));
      CHECK(diagnostic.location.file == file);
    }
  }
}

TEST_CASE("every prefix of a template is read without exceptions", "[frontends][cloudformation]") {
  readAllPrefixes(kYaml, "t.yaml");
  readAllPrefixes(kJson, "t.json");
}

TEST_CASE("the full robustness templates read cleanly", "[frontends][cloudformation]") {
  DiagnosticEngine diags;
  TemplateOptions options;
  options.parameters = {{"Ports", "1,2"}};
  Stack yaml = testing::readText(kYaml, diags, options);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().size() == 0);
  CHECK(yaml.resources.size() == 2);
  CHECK(testing::property(yaml, "Subnet", "Name").isUnknown());  // Q is false: NoValue
  CHECK(testing::property(yaml, "Subnet", "CidrBlock").isUnknown());
  Stack json = testing::readText(kJson, diags, {}, "t.json");
  CHECK(diags.diagnostics().size() == 1);  // the unknown condition C
  REQUIRE(json.resources.size() == 1);
  CHECK(json.resources[0]
            .properties.blocksOf("SecurityGroupIngress")[0]
            ->body.attribute("CidrIp")
            ->value == hcl::Value::string("10.1.0.0/16"));
  CHECK(json.resources[0].properties.attribute("VpcId")->value == hcl::Value::unknown("Fn::If(C)"));
}

}  // namespace
}  // namespace segproof::cloudformation
