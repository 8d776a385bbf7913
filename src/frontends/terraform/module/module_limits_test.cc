// The limits a Terraform module tree is read within: instances made by count
// and for_each, chains of values waiting on one another, module depth; and
// what segproof never does with Terraform input: read files or run anything.
#include <catch2/catch.hpp>

#include "frontends/common/limits.h"
#include "frontends/scratch_test_util.h"
#include "frontends/terraform/module/module_evaluator.h"
#include "frontends/terraform/module/module_source.h"

namespace segproof::terraform {
namespace {

using segproof::testing::Scratch;

struct Run {
  Configuration config;
  DiagnosticEngine diags;

  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics())
      if (d.severity == Severity::kError) out.push_back(d.location.str() + " " + d.code);
    return out;
  }
};

std::unique_ptr<Run> run(const Scratch& scratch, const std::string& main_tf) {
  scratch.write("main.tf", main_tf);
  auto out = std::make_unique<Run>();
  std::string dir = scratch.path();
  out->config = evaluateRootModule(dir, terraformFilesIn(dir), false, {}, out->diags);
  return out;
}

TEST_CASE("count = 100000000 is refused before any instance is made",
          "[frontends][terraform][limits]") {
  Scratch scratch("tf-limits");
  auto r = run(scratch, "resource \"aws_vpc\" \"many\" {\n  count = 100000000\n}\n");
  CHECK(r->errors() ==
        std::vector<std::string>{scratch.path("main.tf") + ":2:11 too-many-resources"});
  CHECK(r->diags.diagnostics()[0].message ==
        "aws_vpc.many would have 100000000 instances; segproof reads at most 1000000 resources "
        "in one run");
  CHECK(r->config.resources.empty());
}

TEST_CASE("for_each over more than the limit is refused", "[frontends][terraform][limits]") {
  Scratch scratch("tf-limits");
  // 1024 x 1024 pairs: a value within the value limit, too many instances.
  auto r = run(scratch,
               "resource \"aws_vpc\" \"v\" {\n"
               "  for_each = setproduct(range(1024), range(1024))\n}\n");
  CHECK(r->errors() ==
        std::vector<std::string>{scratch.path("main.tf") + ":2:14 too-many-resources"});
  CHECK(r->config.resources.empty());
}

TEST_CASE("a long chain of locals is refused without overflowing the stack",
          "[frontends][terraform][limits]") {
  Scratch scratch("tf-limits");
  // a0 waits on a1, which waits on a2, ...: evaluating a0 first nests 2000
  // deep.
  std::string text = "locals {\n";
  for (int i = 0; i < 2000; ++i)
    text += "  a" + std::to_string(i) + " = local.a" + std::to_string(i + 1) + "\n";
  text += "  a2000 = \"x\"\n}\n";
  auto r = run(scratch, text);
  std::vector<std::string> errors = r->errors();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find(" nesting-too-deep") != std::string::npos);
}

TEST_CASE("locals that double a string stop at the value limit", "[frontends][terraform][limits]") {
  Scratch scratch("tf-limits");
  std::string text = "locals {\n  s0 = \"lol\"\n";
  for (int i = 1; i <= 64; ++i)
    text += "  s" + std::to_string(i) + " = \"${local.s" + std::to_string(i - 1) + "}${local.s" +
            std::to_string(i - 1) + "}\"\n";
  text += "}\n";
  auto r = run(scratch, text);
  std::vector<std::string> errors = r->errors();
  // s23 first; the unknown left in its place doubles past the limit again
  // by s43, and so on.
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == scratch.path("main.tf") + ":25:22 value-too-large");
}

TEST_CASE("locals that share copies of one another stop at the value limit",
          "[frontends][terraform][limits]") {
  Scratch scratch("tf-limits");
  // Cheap to build (each level holds two references to the one below), but
  // 2^64 values if anything walked it.
  std::string text = "locals {\n  l0 = [\"lol\"]\n";
  for (int i = 1; i <= 64; ++i)
    text += "  l" + std::to_string(i) + " = [local.l" + std::to_string(i - 1) + ", local.l" +
            std::to_string(i - 1) + "]\n";
  text += "  flat = flatten(local.l64)\n}\n";
  auto r = run(scratch, text);
  std::vector<std::string> errors = r->errors();
  // l22 first, then l43 and l64, built on the unknowns left in its place.
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == scratch.path("main.tf") + ":24:9 value-too-large");
}

TEST_CASE("modules nested past the limit are an error", "[frontends][terraform][limits]") {
  Scratch scratch("tf-limits");
  scratch.write("loop/main.tf", "module \"again\" {\n  source = \"./\"\n}\n");
  auto r = run(scratch, "module \"loop\" {\n  source = \"./loop\"\n}\n");
  std::vector<std::string> errors = r->errors();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == scratch.path("loop/main.tf") + ":1:1 nesting-too-deep");
}

TEST_CASE("file functions read nothing: their results are unknown",
          "[frontends][terraform][limits]") {
  Scratch scratch("tf-limits");
  scratch.write("secret.txt", "10.9.0.0/16");
  auto r = run(scratch,
               "resource \"aws_vpc\" \"a\" {\n"
               "  cidr_block = file(\"${path.module}/secret.txt\")\n"
               "  tags = {\n"
               "    t = templatefile(\"/etc/passwd\", {})\n"
               "    e = fileexists(\"/etc/passwd\")\n"
               "  }\n"
               "}\n"
               "data \"external\" \"x\" {\n  program = [\"sh\", \"-c\", \"touch pwned\"]\n}\n");
  CHECK(r->errors().empty());
  REQUIRE(r->config.resources.size() >= 1);
  const EvalAttribute* cidr = r->config.resources[0].body.attribute("cidr_block");
  REQUIRE(cidr);
  CHECK(cidr->value.isUnknown());
  CHECK(cidr->value.description() == "file(...)");
  int unsupported = 0;
  for (const Diagnostic& d : r->diags.diagnostics())
    unsupported += d.code == "hcl-unsupported-function";
  CHECK(unsupported == 3);
  CHECK_FALSE(std::filesystem::exists(scratch.path("pwned")));
  CHECK_FALSE(std::filesystem::exists("pwned"));
}

}  // namespace
}  // namespace segproof::terraform
