// Hostile input: the parser must terminate, never crash and report an
// error for anything that is not HCL. Run under the sanitizer build too.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "frontends/terraform/hcl/parser.h"

namespace segproof::hcl {
namespace {

// A small file that touches every construct, to be cut and mutated.
const char kSample[] = R"(
locals {
  a = [for k, v in var.m : "${k}=${v}" if v != null]
  b = {for s in x[*].id : s => s...}
  c = <<-EOT
    %{ for x in xs ~}
    ${x.y[0]}
    %{ endfor ~}
    EOT
  d = !f(a, b...) ? -1.5e3 : (x.*.z)["k"] /* note */ # end
}
resource "aws_vpc" main { tags = { Name = "v\u00e9" } }
)";

// Parses `text` and checks the result is consistent with the diagnostics.
void parseAnything(const std::string& text) {
  DiagnosticEngine diags;
  ParseResult result = parse("fuzz.tf", text, diags);
  CHECK(result.ok == !diags.hasErrors());
  diags.addSource("fuzz.tf", text);
  CHECK_NOTHROW(diags.renderAll());
}

TEST_CASE("hcl sample used for fuzzing parses cleanly", "[frontends][hcl]") {
  DiagnosticEngine diags;
  CHECK(parse("sample.tf", kSample, diags).ok);
  CHECK(diags.renderAll().empty());
}

TEST_CASE("hcl parser survives every truncation of a file", "[frontends][hcl]") {
  std::string sample = kSample;
  for (size_t n = 0; n <= sample.size(); ++n) parseAnything(sample.substr(0, n));
}

TEST_CASE("hcl parser survives random bytes", "[frontends][hcl]") {
  std::mt19937 random(20261129);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 200);
  for (int round = 0; round < 2000; ++round) {
    std::string text(length(random), '\0');
    for (char& c : text) c = static_cast<char>(byte(random));
    parseAnything(text);
  }
}

TEST_CASE("hcl parser survives random mutations of valid HCL", "[frontends][hcl]") {
  // Random bytes rarely reach deep grammar; mutating a valid file does.
  const std::string alphabet = "{}[]()\"$%~=:,.*?!<>-+/\\\n #abEOT01<<-${%{";
  std::mt19937 random(7);
  std::string sample = kSample;
  std::uniform_int_distribution<size_t> where(0, sample.size() - 1);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> edits(1, 4);
  for (int round = 0; round < 3000; ++round) {
    std::string text = sample;
    for (int e = edits(random); e > 0; --e) {
      size_t at = where(random) % text.size();
      switch (random() % 3) {
        case 0:
          text[at] = alphabet[pick(random)];
          break;
        case 1:
          text.insert(at, 1, alphabet[pick(random)]);
          break;
        default:
          text.erase(at, 1);
          break;
      }
    }
    parseAnything(text);
  }
}

TEST_CASE("long operator and traversal chains count as nesting", "[frontends][hcl]") {
  // Each operator or step wraps the expression before it, so the tree is as
  // deep as the chain is long; every walk over it recursed that deep and
  // overflowed the stack (found by fuzzing, tests/fuzz/corpus/fuzz_hcl/).
  auto repeated = [](const std::string& text, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += text;
    return out;
  };
  for (const std::string& chain : {repeated("1 + ", 3000) + "1", "x" + repeated(".a", 3000),
                                   "x" + repeated("[0]", 3000), "x[*]" + repeated(".a", 3000)}) {
    DiagnosticEngine diags;
    CHECK_FALSE(parse("chain.tf", "a = " + chain + "\n", diags).ok);
    REQUIRE(diags.errorCount() == 1);
    CHECK(diags.diagnostics()[0].code == "nesting-too-deep");
  }
  DiagnosticEngine diags;
  CHECK(parse("chain.tf", "a = " + repeated("x.a[0] + ", 50) + "1\n", diags).ok);
}

}  // namespace
}  // namespace segproof::hcl
