// limits::kMaxValueSize on Terraform values: strings and collections that
// grow past it are "value-too-large" errors, found before they are built,
// however the input makes them grow (doubling through shared copies,
// functions whose result outgrows their arguments, template loops).
#include <catch2/catch.hpp>

#include "frontends/common/limits.h"
#include "frontends/terraform/eval/eval_test_util.h"

namespace segproof::hcl {
namespace {

using testing::eval;

// The code and location of the only error of evaluating `text`, or what
// happened instead.
std::string tooLarge(const std::string& text) {
  std::string source = "x = " + text + "\n";
  DiagnosticEngine diags;
  ParseResult result = parse("t.tf", source, diags);
  if (!result.ok) return "PARSE ERROR: " + diags.renderAll();
  Evaluator evaluator(diags);
  std::optional<Value> value =
      evaluator.evaluate(*result.body.attributes[0].value, testing::testScope());
  if (value) return "value of size " + std::to_string(value->size());
  if (diags.errorCount() != 1) return diags.renderAll();
  return diags.diagnostics()[0].code + " at " + diags.diagnostics()[0].location.str();
}

TEST_CASE("values know their size", "[frontends][terraform][limits]") {
  CHECK(Value::string("abc").size() == 4);
  CHECK(Value::list({Value::string("a"), Value::number(1)}).size() == 4);
  CHECK(Value::map({{"key", Value::string("v")}}).size() == 6);
  Value doubled = Value::list({Value::string("x")});
  for (int i = 0; i < 80; ++i) doubled = Value::list({doubled, doubled});
  CHECK(doubled.size() == UINT64_MAX);  // saturates
}

TEST_CASE("a string built by nested loops stops at the limit", "[frontends][terraform][limits]") {
  // 1024 rows of 65 x 256 bytes: 16.25 MiB.
  std::string row = "join(\"\", [for j in range(65) : format(\"%256s\", \"\")])";
  CHECK(tooLarge("join(\"\", [for i in range(1024) : " + row + "])") ==
        "value-too-large at t.tf:1:38");
  CHECK(eval("length(join(\"\", [for i in range(4) : " + row + "]))") == "66560");
}

TEST_CASE("functions whose result outgrows their arguments check as they build",
          "[frontends][terraform][limits]") {
  // format pads to at most 256 characters: this is 256 KiB of spaces.
  std::string mb = "join(\"\", [for i in range(1024) : format(\"%1024s\", \"\")])";
  CHECK(tooLarge("replace(" + mb + ", \" \", " + mb + ")") == "value-too-large at t.tf:1:5");
  CHECK(tooLarge("setproduct(range(1024), range(1024), range(1024))") ==
        "value-too-large at t.tf:1:5");
  // 70 x 256 KiB: 17.5 MiB.
  CHECK(tooLarge("[for i in range(70) : " + mb + "]").rfind("value-too-large", 0) == 0);
  CHECK(tooLarge("\"%{for i in range(70)}${" + mb + "}%{endfor}\"").rfind("value-too-large", 0) ==
        0);
  // Each list is 40 strings of 256 KiB, under the limit; both are over it.
  std::string half = "[for i in range(40) : " + mb + "]";
  CHECK(tooLarge("concat(" + half + ", " + half + ")") == "value-too-large at t.tf:1:5");
  CHECK(eval("length(setproduct(range(10), range(10)))") == "100");
}

}  // namespace
}  // namespace segproof::hcl
