// The per-file size limit (readInputFile) and the limit on resources in one
// run (loadInputs). A file over the limit is made sparse, so the test writes
// no data: the size is refused from stat() before anything is read.
#include "frontends/common/input_file.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "frontends/frontend.h"
#include "frontends/scratch_test_util.h"

namespace segproof {
namespace {

namespace fs = std::filesystem;
using testing::Scratch;

std::string sparseFile(const Scratch& scratch, const std::string& name, std::uintmax_t size) {
  std::string path = scratch.write(name, "");
  fs::resize_file(path, size);
  return path;
}

TEST_CASE("a file over the size limit is refused before it is read", "[frontends][limits]") {
  Scratch scratch("input-file");
  std::string path = sparseFile(scratch, "huge.yaml", limits::kMaxFileBytes + 1);
  DiagnosticEngine diags;
  aws::Resources resources = loadInputs({path}, diags);
  REQUIRE(diags.errorCount() == 1);
  const Diagnostic& error = diags.diagnostics()[0];
  CHECK(error.code == "input-too-large");
  CHECK(error.location.str() == path);
  CHECK(error.message == "'" + path +
                             "' is 268435457 bytes, more than the 268435456 segproof "
                             "reads from one file");
  CHECK(resources.vpcs.empty());
}

TEST_CASE("a file at the size limit is read", "[frontends][limits]") {
  Scratch scratch("input-file");
  std::string path = scratch.write("small.yaml", "segproof: model/v1\n");
  std::string text;
  DiagnosticEngine diags;
  CHECK(readInputFile(path, text, diags, {}, 19) == ReadStatus::kOk);
  CHECK(text == "segproof: model/v1\n");
  CHECK(readInputFile(path, text, diags, {}, 18) == ReadStatus::kTooLarge);
  CHECK(text.empty());
  CHECK(diags.errorCount() == 1);
  CHECK(readInputFile(scratch.path("missing.yaml"), text, diags) == ReadStatus::kUnreadable);
  CHECK(diags.errorCount() == 1);
}

TEST_CASE("a device with no end is read only up to the limit", "[frontends][limits]") {
  if (!fs::exists("/dev/zero")) return;
  std::string text;
  DiagnosticEngine diags;
  CHECK(readInputFile("/dev/zero", text, diags, {}, 1 << 20) == ReadStatus::kTooLarge);
  REQUIRE(diags.errorCount() == 1);
  CHECK(diags.diagnostics()[0].code == "input-too-large");
}

TEST_CASE("Terraform files and nested templates over the limit are refused too",
          "[frontends][limits]") {
  Scratch scratch("input-file");
  sparseFile(scratch, "tf/main.tf", limits::kMaxFileBytes + 1);
  scratch.write("cfn/parent.yaml",
                "AWSTemplateFormatVersion: '2010-09-09'\n"
                "Resources:\n"
                "  Child:\n"
                "    Type: AWS::CloudFormation::Stack\n"
                "    Properties:\n"
                "      TemplateURL: child.yaml\n");
  sparseFile(scratch, "cfn/child.yaml", limits::kMaxFileBytes + 1);
  DiagnosticEngine diags;
  loadInputs({scratch.path("tf"), scratch.path("cfn/parent.yaml")}, diags);
  std::vector<std::string> seen;
  for (const Diagnostic& d : diags.diagnostics())
    if (d.severity == Severity::kError) seen.push_back(d.code + " " + d.location.str());
  CHECK(seen == std::vector<std::string>{
                    "input-too-large " + scratch.path("tf/main.tf"),
                    "input-too-large " + scratch.path("cfn/parent.yaml") + ":6:20",
                });
}

TEST_CASE("more resources than the limit in one run is an error", "[frontends][limits]") {
  Scratch scratch("input-file");
  std::string a =
      scratch.write("a.yaml",
                    "segproof: model/v1\n"
                    "vpcs: [{name: a, cidr: 10.0.0.0/16}, {name: b, cidr: 10.1.0.0/16}]\n");
  std::string b = scratch.write("b.yaml",
                                "segproof: model/v1\n"
                                "vpcs: [{name: c, cidr: 10.2.0.0/16}]\n");
  DiagnosticEngine ok;
  CHECK(loadInputs({a, b}, ok, {}, 3).vpcs.size() == 3);
  CHECK_FALSE(ok.hasErrors());
  DiagnosticEngine diags;
  loadInputs({a, b}, diags, {}, 2);
  REQUIRE(diags.errorCount() == 1);
  CHECK(diags.renderAll() ==
        b + ": error[too-many-resources]: the inputs up to this one describe 3 resources; "
            "segproof reads at most 2 in one run\n");
}

}  // namespace
}  // namespace segproof
