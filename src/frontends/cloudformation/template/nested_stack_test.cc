// Nested stacks (AWS::CloudFormation::Stack) read from local templates.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "frontends/cloudformation/template/template_reader.h"
#include "frontends/cloudformation/template/template_test_util.h"
#include "frontends/common/limits.h"
#include "frontends/scratch_test_util.h"

namespace segproof::cloudformation {
namespace {

using hcl::Value;
using testing::findResource;
using testing::property;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Stack readFile(const std::string& path, DiagnosticEngine& diags,
               const TemplateOptions& options = {}) {
  std::string text = slurp(path);
  diags.addSource(path, text);
  return readTemplate(path, text, options, diags);
}

const char* kNetwork =
    "Parameters:\n"
    "  Cidr: {Type: String}\n"
    "  Zones: {Type: CommaDelimitedList}\n"
    "Resources:\n"
    "  Vpc:\n"
    "    Type: AWS::EC2::VPC\n"
    "    Properties: {CidrBlock: !Ref Cidr}\n"
    "  Subnet:\n"
    "    Type: AWS::EC2::Subnet\n"
    "    Properties:\n"
    "      VpcId: !Ref Vpc\n"
    "      AvailabilityZone: !Select [0, !Ref Zones]\n"
    "      CidrBlock: !Select [0, !Cidr [!Ref Cidr, 2, 8]]\n"
    "Outputs:\n"
    "  VpcId: {Value: !Ref Vpc}\n"
    "  FirstCidr: {Value: !Select [1, !Cidr [!Ref Cidr, 2, 8]]}\n";

const char* kRoot =
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::EC2::SecurityGroup\n"
    "    Properties:\n"
    "      VpcId: !GetAtt Network.Outputs.VpcId\n"
    "      Description: !Sub \"${Network.Outputs.FirstCidr}\"\n"
    "  Network:\n"
    "    Type: AWS::CloudFormation::Stack\n"
    "    Properties:\n"
    "      TemplateURL: nested/network.yaml\n"
    "      Parameters:\n"
    "        Cidr: 10.4.0.0/16\n"
    "        Zones: !Join [\",\", [a, b]]\n"
    "  Remote:\n"
    "    Type: AWS::CloudFormation::Stack\n"
    "    Properties:\n"
    "      TemplateURL: https://s3.amazonaws.com/bucket/db.yaml\n"
    "  Peer:\n"
    "    Type: AWS::EC2::SecurityGroup\n"
    "    Properties: {VpcId: !GetAtt Remote.Outputs.VpcId}\n";

TEST_CASE("a local nested stack is read with its parameters and outputs",
          "[frontends][cloudformation]") {
  segproof::testing::Scratch scratch("cfn-nested");
  std::string network = scratch.write("nested/network.yaml", kNetwork);
  std::string root = scratch.write("root.yaml", kRoot);
  DiagnosticEngine diags;
  Stack stack = readFile(root, diags);
  CHECK_FALSE(diags.hasErrors());
  CHECK(stack.files == std::vector<std::string>{root, network});
  std::vector<std::string> ids;
  for (const Resource& resource : stack.resources) ids.push_back(resource.logical_id);
  CHECK(ids == std::vector<std::string>{"Web", "Network", "Network/Vpc", "Network/Subnet", "Remote",
                                        "Peer"});
  CHECK(property(stack, "Web", "VpcId") == Value::unknown("Network/Vpc.Ref"));
  CHECK(property(stack, "Web", "Description") == Value::string("10.4.1.0/24"));
  CHECK(property(stack, "Network/Vpc", "CidrBlock") == Value::string("10.4.0.0/16"));
  CHECK(property(stack, "Network/Subnet", "VpcId") == Value::unknown("Network/Vpc.Ref"));
  CHECK(property(stack, "Network/Subnet", "AvailabilityZone") == Value::string("a"));
  CHECK(property(stack, "Network/Subnet", "CidrBlock") == Value::string("10.4.0.0/24"));
  CHECK(findResource(stack, "Network/Vpc")->location.str() == network + ":5:3");
  CHECK(property(stack, "Peer", "VpcId") == Value::unknown("Remote.Outputs.VpcId"));
  REQUIRE(stack.gaps.size() == 1);
  CHECK(stack.gaps[0].description == "Remote (https://s3.amazonaws.com/bucket/db.yaml)");
  CHECK(stack.gaps[0].location.str() == root + ":17:20");
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].code == "cfn-nested-stack-unavailable");
  CHECK(diags.diagnostics()[0].message ==
        "nested stack 'Remote' (https://s3.amazonaws.com/bucket/db.yaml) is not a local file; "
        "its resources are not analysed");
}

TEST_CASE("nested stack parameters that the parent does not know stay unknown",
          "[frontends][cloudformation]") {
  segproof::testing::Scratch scratch("cfn-nested-unknown");
  scratch.write("network.yaml", kNetwork);
  std::string root = scratch.write("root.json",
                                   R"({"Resources": {"Net": {"Type": "AWS::CloudFormation::Stack",
          "Properties": {"TemplateURL": "./network.yaml",
                         "Parameters": {"Cidr": {"Fn::ImportValue": "SharedCidr"}, "Zones": "x"}}}}})");
  DiagnosticEngine diags;
  Stack stack = readFile(root, diags);
  CHECK_FALSE(diags.hasErrors());
  CHECK(property(stack, "Net/Vpc", "CidrBlock") == Value::unknown("ImportValue.SharedCidr"));
  CHECK(property(stack, "Net/Subnet", "CidrBlock").isUnknown());
}

TEST_CASE("a missing nested template is a gap; nesting too deep is an error",
          "[frontends][cloudformation]") {
  segproof::testing::Scratch scratch("cfn-nested-errors");
  std::string root = scratch.write("root.yaml",
                                   "Resources:\n  Gone:\n    Type: AWS::CloudFormation::Stack\n"
                                   "    Properties: {TemplateURL: missing.yaml}\n");
  DiagnosticEngine diags;
  Stack stack = readFile(root, diags);
  CHECK_FALSE(diags.hasErrors());
  REQUIRE(stack.gaps.size() == 1);
  CHECK(stack.gaps[0].description == "Gone (" + scratch.path("missing.yaml") + ")");
  CHECK(diags.diagnostics()[0].message == "nested stack 'Gone' (" + scratch.path("missing.yaml") +
                                              ") cannot be read; its resources are not analysed");

  std::string first;
  for (int level = limits::kMaxNestedStackDepth + 1; level >= 0; --level) {
    std::string file = scratch.write("level" + std::to_string(level) + ".yaml",
                                     "Resources:\n  Next:\n    Type: AWS::CloudFormation::Stack\n"
                                     "    Properties: {TemplateURL: level" +
                                         std::to_string(level + 1) + ".yaml}\n");
    if (level == 0) first = file;
  }
  DiagnosticEngine deep;
  Stack nested = readFile(first, deep);
  REQUIRE(deep.errorCount() == 1);
  CHECK(deep.diagnostics()[0].code == "cfn-nested-depth");
  CHECK(deep.diagnostics()[0].location.str() == scratch.path("level16.yaml") + ":4:31");
  CHECK(nested.resources.size() == limits::kMaxNestedStackDepth + 1);
  CHECK(nested.resources.back().logical_id.size() == std::string("Next/").size() * 16 + 4);
}

TEST_CASE("errors in a nested stack's properties are reported once",
          "[frontends][cloudformation]") {
  segproof::testing::Scratch scratch("cfn-nested-once");
  scratch.write("network.yaml", kNetwork);
  std::string root = scratch.write("root.yaml",
                                   "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n"
                                   "    Properties:\n      TemplateURL: network.yaml\n"
                                   "      Parameters: {Cidr: !Ref Nope, Zones: a}\n");
  DiagnosticEngine diags;
  Stack stack = readFile(root, diags);
  REQUIRE(diags.diagnostics().size() == 1);
  CHECK(diags.diagnostics()[0].code == "cfn-bad-ref");
  // The bad reference goes on as an unknown (no echo errors downstream).
  CHECK(property(stack, "Net/Vpc", "CidrBlock") == Value::unknown("Nope.Ref"));
  CHECK(property(stack, "Net/Subnet", "AvailabilityZone") == Value::string("a"));
}

TEST_CASE("a nested template that contains itself is an error", "[frontends][cloudformation]") {
  segproof::testing::Scratch scratch("cfn-nested-cycle");
  std::string self = scratch.write("self.yaml",
                                   "Resources:\n  Again:\n    Type: AWS::CloudFormation::Stack\n"
                                   "    Properties: {TemplateURL: ./sub/../self.yaml}\n"
                                   "  Twice:\n    Type: AWS::CloudFormation::Stack\n"
                                   "    Properties: {TemplateURL: self.yaml}\n");
  DiagnosticEngine diags;
  Stack stack = readFile(self, diags);
  REQUIRE(diags.errorCount() == 2);
  CHECK(diags.diagnostics()[0].code == "cfn-nested-cycle");
  CHECK(diags.diagnostics()[0].message ==
        "nested stack 'Again' reads " + self + ", which contains it");
  CHECK(stack.resources.size() == 2);
}

}  // namespace
}  // namespace segproof::cloudformation
