// loadInputs and loadNetwork: files, folders, recognition. These tests use a
// scratch folder of their own under the system's temporary directory.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "frontends/frontend.h"
#include "frontends/scratch_test_util.h"

namespace segproof {
namespace {

namespace fs = std::filesystem;

const char* kProd = "segproof: model/v1\nvpcs: [{name: prod, cidr: 10.0.0.0/16}]\n";
const char* kTest = "segproof: model/v1\nvpcs: [{name: test, cidr: 10.1.0.0/16}]\n";

using testing::Scratch;

std::vector<std::string> vpcNames(const aws::Resources& resources) {
  std::vector<std::string> names;
  for (const auto& vpc : resources.vpcs) names.push_back(vpc.name);
  return names;
}

TEST_CASE("the native, Terraform JSON, CloudFormation and snapshot frontends are registered",
          "[frontends]") {
  auto frontends = allFrontends();
  REQUIRE(frontends.size() == 4);
  CHECK(std::string(frontends[0]->name()) == "native");
  CHECK(std::string(frontends[1]->name()) == "terraform-json");
  CHECK(std::string(frontends[2]->name()) == "cloudformation");
  CHECK(std::string(frontends[3]->name()) == "aws snapshot");
}

TEST_CASE("folders are read recursively in sorted order", "[frontends]") {
  Scratch scratch;
  scratch.write("b/test.yaml", kTest);
  scratch.write("a.yml", kProd);
  scratch.write("c/deeper/dev.json",
                R"({"segproof": "model/v1", "vpcs": [{"name": "dev", "cidr": "10.2.0.0/16"}]})");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path()}, diags);
  CHECK(diags.renderAll() == "");
  CHECK(vpcNames(resources) == std::vector<std::string>{"prod", "test", "dev"});
  CHECK(resources.files == std::vector<std::string>{scratch.path("a.yml"),
                                                    scratch.path("b/test.yaml"),
                                                    scratch.path("c/deeper/dev.json")});
}

TEST_CASE("folders skip hidden entries, other extensions and unrecognised files", "[frontends]") {
  Scratch scratch;
  scratch.write("net.yaml", kProd);
  scratch.write(".terraform/modules/copy.yaml", kTest);
  scratch.write(".hidden.yaml", kTest);
  scratch.write("notes.txt", kTest);
  scratch.write("other.yaml", "kind: Deployment\n");
  scratch.write("broken.json", "{ not json");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path()}, diags);
  CHECK(diags.renderAll() == "");
  CHECK(vpcNames(resources) == std::vector<std::string>{"prod"});
}

TEST_CASE("a folder with nothing to read is worth a warning", "[frontends]") {
  Scratch scratch;
  scratch.write("notes.txt", "nothing\n");
  DiagnosticEngine diags;
  loadInputs({scratch.path()}, diags);
  CHECK(diags.renderAll() == scratch.path() +
                                 ": warning[empty-input]: no input segproof recognises in this "
                                 "folder\n");
}

TEST_CASE("a named file is read whatever its extension, or is an error", "[frontends]") {
  Scratch scratch;
  std::string model = scratch.write("model.txt", kProd);
  std::string other = scratch.write("other.yaml", "kind: Deployment\n");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({model, other}, diags);
  CHECK(vpcNames(resources) == std::vector<std::string>{"prod"});
  CHECK(diags.renderAll() ==
        other +
            ": error[unrecognized-input]: not an input segproof recognises (formats: "
            "native, terraform-json, cloudformation, aws snapshot, terraform (.tf, .tf.json))\n");
}

TEST_CASE("missing inputs are errors", "[frontends]") {
  Scratch scratch;
  DiagnosticEngine diags;
  loadInputs({scratch.path("nowhere.yaml")}, diags);
  CHECK(diags.renderAll() ==
        scratch.path("nowhere.yaml") + ": error[input-not-found]: no such file or folder\n");
}

TEST_CASE("loaded text is registered so diagnostics show the line", "[frontends]") {
  Scratch scratch;
  std::string file = scratch.write("net.yaml", "segproof: model/v1\nvpcs: [{name: a, cidr: x}]\n");
  DiagnosticEngine diags;
  Network net = loadNetwork({file}, diags);
  CHECK(diags.renderAll() ==
        file +
            ":2:24: error[invalid-cidr]: invalid CIDR 'x': 'x' is not a CIDR block "
            "(expected address/length)\n"
            "  vpcs: [{name: a, cidr: x}]\n"
            "                         ^\n");
}

TEST_CASE("loadNetwork builds the network of all inputs", "[frontends]") {
  Scratch scratch;
  scratch.write("a.yaml", kProd);
  scratch.write("b.yaml", kTest);
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  CHECK(diags.renderAll() == "");
  REQUIRE(net.vpcs.size() == 2);
  CHECK(net.at(net.vpcs[1].main_route_table).name == "test/main-route-table");
  CHECK(net.input_files.size() == 2);
}

TEST_CASE("loadNetwork stops after inputs that failed to read", "[frontends]") {
  Scratch scratch;
  scratch.write("a.yaml", "segproof: model/v1\nvpcs: [{name: prod, cidrr: 10.0.0.0/16}]\n");
  scratch.write("b.yaml",
                "segproof: model/v1\nsubnets: [{name: s, vpc: nowhere, cidr: 10.0.0.0/24}]\n");
  DiagnosticEngine diags;
  Network net = loadNetwork({scratch.path()}, diags);
  // Only the reading errors, no unknown-reference echo from the AWS stage.
  std::vector<std::string> codes;
  for (const Diagnostic& d : diags.diagnostics()) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"unknown-key", "missing-key"});
  CHECK(net.vpcs.empty());
  CHECK(net.input_files.size() == 2);
}

}  // namespace
}  // namespace segproof

namespace segproof {
namespace {

using testing::Scratch;

InputOptions varOption(const std::string& assignment) {
  InputOptions options;
  options.vars = {assignment};
  return options;
}

std::vector<std::string> vpcAddresses(const aws::Resources& resources) {
  std::vector<std::string> out;
  for (const auto& vpc : resources.vpcs) out.push_back(vpc.provenance.address);
  return out;
}

TEST_CASE("a folder with Terraform files is one root module; its subfolders are modules",
          "[frontends][terraform]") {
  Scratch scratch;
  scratch.write("infra/main.tf",
                "module \"net\" {\n  source = \"./net\"\n  cidr = var.cidr\n}\n"
                "variable \"cidr\" {}\n");
  scratch.write("infra/terraform.tfvars", "cidr = \"10.9.0.0/16\"\n");
  scratch.write("infra/net/main.tf",
                "variable \"cidr\" {}\nresource \"aws_vpc\" \"this\" { cidr_block = var.cidr }\n");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path("infra")}, diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  CHECK(vpcAddresses(resources) == std::vector<std::string>{"module.net.aws_vpc.this"});
  REQUIRE(resources.vpcs.size() == 1);
  CHECK(resources.vpcs[0].cidrs.at(0).value == "10.9.0.0/16");
}

TEST_CASE("a folder without Terraform files finds the root modules below it",
          "[frontends][terraform]") {
  Scratch scratch;
  scratch.write("envs/prod/main.tf", "resource \"aws_vpc\" \"prod\" { cidr_block = \"10.0.0.0/16\" }\n");
  scratch.write("envs/test/main.tf", "resource \"aws_vpc\" \"test\" { cidr_block = \"10.1.0.0/16\" }\n");
  scratch.write("envs/test/sub/ignored.tf", "resource \"aws_vpc\" \"no\" { cidr_block = \"10.2.0.0/16\" }\n");
  scratch.write("envs/design.yaml", kProd);
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path("envs")}, diags);
  INFO(diags.renderAll());
  CHECK(vpcAddresses(resources) == std::vector<std::string>{"aws_vpc.prod", "aws_vpc.test", "prod"});
}

TEST_CASE("a named .tf file is a module of its own; --var and --var-file apply",
          "[frontends][terraform]") {
  Scratch scratch;
  std::string file = scratch.write(
      "snippets/one.tf",
      "variable \"cidr\" {}\nresource \"aws_vpc\" \"a\" { cidr_block = var.cidr }\n");
  scratch.write("snippets/two.tf", "resource \"aws_vpc\" \"b\" { cidr_block = \"10.1.0.0/16\" }\n");
  scratch.write("snippets/terraform.tfvars", "cidr = \"10.7.0.0/16\"\n");
  std::string vars = scratch.write("vars.tfvars", "cidr = \"10.5.0.0/16\"\n");
  SECTION("--var") {
    DiagnosticEngine diags;
    aws::Resources resources = loadInputs({file}, diags, varOption("cidr=10.6.0.0/16"));
    INFO(diags.renderAll());
    REQUIRE(vpcAddresses(resources) == std::vector<std::string>{"aws_vpc.a"});
    CHECK(resources.vpcs[0].cidrs.at(0).value == "10.6.0.0/16");
  }
  SECTION("--var-file") {
    DiagnosticEngine diags;
    InputOptions options;
    options.var_files = {vars};
    aws::Resources resources = loadInputs({file}, diags, options);
    REQUIRE(resources.vpcs.size() == 1);
    CHECK(resources.vpcs[0].cidrs.at(0).value == "10.5.0.0/16");
  }
  SECTION("a malformed --var") {
    DiagnosticEngine diags;
    loadInputs({file}, diags, varOption("cidr"));
    CHECK(diags.renderAll().find("error[invalid-option]: --var 'cidr' must be NAME=VALUE") !=
          std::string::npos);
  }
}

}  // namespace
}  // namespace segproof

namespace segproof {
namespace {

using testing::Scratch;

TEST_CASE("a nested CloudFormation template found in the folder is read once",
          "[frontends][cloudformation]") {
  Scratch scratch;
  scratch.write("stack/network.yaml",
                "AWSTemplateFormatVersion: '2010-09-09'\n"
                "Parameters:\n  Cidr: {Type: String, Default: 10.4.0.0/16}\n"
                "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n"
                "    Properties: {CidrBlock: !Ref Cidr}\n");
  scratch.write("stack/root.yaml",
                "AWSTemplateFormatVersion: '2010-09-09'\n"
                "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n"
                "    Properties:\n      TemplateURL: ./network.yaml\n"
                "      Parameters: {Cidr: 10.5.0.0/16}\n");
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({scratch.path("stack")}, diags);
  INFO(diags.renderAll());
  CHECK(diags.errorCount() == 0);
  REQUIRE(vpcAddresses(resources) == std::vector<std::string>{"Net/Vpc"});
  CHECK(resources.vpcs[0].cidrs.at(0).value == "10.5.0.0/16");
}

}  // namespace
}  // namespace segproof
