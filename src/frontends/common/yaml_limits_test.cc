// The limits on YAML documents: alias expansion ("billion laughs"), aliases
// inside their own anchor, and nesting, for the scan itself and for the
// native model reader that relies on it.
#include "frontends/common/yaml_limits.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "frontends/native/native_frontend.h"

namespace segproof {
namespace {

// `levels` anchors, each a list of ten aliases of the previous one: 10^levels
// values once expanded, in a few hundred bytes.
std::string billionLaughs(int levels, const std::string& prefix = "") {
  std::string text = prefix + "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int level = 1; level <= levels; ++level) {
    std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [" + previous;
    for (int i = 1; i < 10; ++i) text += ", " + previous;
    text += "]\n";
  }
  return text;
}

std::string onlyError(const DiagnosticEngine& diags) {
  if (diags.errorCount() != 1) return "errors: " + std::to_string(diags.errorCount());
  const Diagnostic& d = diags.diagnostics()[0];
  return d.location.str() + " " + d.code + ": " + d.message;
}

TEST_CASE("billion laughs stop at the alias that crosses the limit", "[frontends][limits]") {
  DiagnosticEngine diags;
  CHECK_FALSE(checkYamlLimits("bomb.yaml", billionLaughs(10), diags));
  // Before l6, 1,234,566 values; each alias in l6 adds 1,111,111: the
  // eighth crosses 10^7.
  CHECK(onlyError(diags) ==
        "bomb.yaml:7:45 alias-expansion: YAML aliases expand this document to more than "
        "10000000 values");
}

TEST_CASE("aliases within the limit are fine", "[frontends][limits]") {
  DiagnosticEngine diags;
  CHECK(checkYamlLimits("ok.yaml", billionLaughs(5), diags));
  CHECK_FALSE(diags.hasErrors());
  CHECK_FALSE(checkYamlLimits("ok.yaml", billionLaughs(5), diags, 100'000));
  CHECK(diags.errorCount() == 1);
}

TEST_CASE("an alias inside its own anchor is refused", "[frontends][limits]") {
  DiagnosticEngine diags;
  CHECK_FALSE(checkYamlLimits("loop.yaml", "a: &a [x, *a]\n", diags));
  CHECK(onlyError(diags) ==
        "loop.yaml:1:11 alias-expansion: this alias refers to a node that contains it");
}

TEST_CASE("YAML nested 10,000 deep is refused without overflowing the stack",
          "[frontends][limits]") {
  DiagnosticEngine flow;
  CHECK_FALSE(
      checkYamlLimits("deep.yaml", std::string(10'000, '[') + std::string(10'000, ']'), flow));
  CHECK(onlyError(flow) ==
        "deep.yaml:1:257 nesting-too-deep: collections nested deeper than 256 levels");
  std::string block;
  for (int i = 0; i < 10'000; ++i) block += std::string(i, ' ') + "a:\n";
  DiagnosticEngine diags;
  CHECK_FALSE(checkYamlLimits("deep.yaml", block, diags));
  CHECK(diags.diagnostics().at(0).code == "nesting-too-deep");
  DiagnosticEngine ok;
  CHECK(checkYamlLimits("ok.yaml", std::string(256, '[') + std::string(256, ']'), ok));
}

TEST_CASE("a syntax error is left to YAML::Load", "[frontends][limits]") {
  DiagnosticEngine diags;
  CHECK(checkYamlLimits("bad.yaml", "a: [unclosed\n", diags));
  CHECK_FALSE(diags.hasErrors());
}

TEST_CASE("the native reader refuses billion laughs and deep nesting", "[frontends][limits]") {
  NativeFrontend frontend;
  std::string bomb = billionLaughs(10, "segproof: model/v1\n");
  REQUIRE(frontend.recognizes("bomb.yaml", bomb));
  DiagnosticEngine diags;
  aws::Resources out;
  frontend.load("bomb.yaml", bomb, out, diags);
  CHECK(onlyError(diags) ==
        "bomb.yaml:8:45 alias-expansion: YAML aliases expand this document to more than "
        "10000000 values");
  std::string deep =
      "segproof: model/v1\nvpcs: " + std::string(10'000, '[') + std::string(10'000, ']') + "\n";
  DiagnosticEngine deep_diags;
  frontend.load("deep.yaml", deep, out, deep_diags);
  CHECK(deep_diags.diagnostics().at(0).code == "nesting-too-deep");
  CHECK(deep_diags.errorCount() == 1);
}

TEST_CASE("a large model is scanned beside the parse, with the same errors",
          "[frontends][limits]") {
  // Over 1 MiB, NativeFrontend::load runs the limit scan on a thread of its
  // own while yaml-cpp parses; nothing is read before the scan has passed.
  std::string padding;
  while (padding.size() < (1u << 20)) padding += "# padding to make the model large\n";
  size_t lines = static_cast<size_t>(std::count(padding.begin(), padding.end(), '\n'));
  NativeFrontend frontend;
  aws::Resources out;
  std::string bomb = billionLaughs(10, "segproof: model/v1\n" + padding);
  REQUIRE(bomb.size() > (1u << 20));
  DiagnosticEngine diags;
  frontend.load("bomb.yaml", bomb, out, diags);
  CHECK(onlyError(diags) == "bomb.yaml:" + std::to_string(8 + lines) +
                                ":45 alias-expansion: YAML aliases expand this document to "
                                "more than 10000000 values");
  std::string deep = "segproof: model/v1\n" + padding + "vpcs: " + std::string(10'000, '[') +
                     std::string(10'000, ']') + "\n";
  DiagnosticEngine deep_diags;
  frontend.load("deep.yaml", deep, out, deep_diags);
  CHECK(deep_diags.errorCount() == 1);
  CHECK(deep_diags.diagnostics().at(0).code == "nesting-too-deep");
  // A large valid model loads as before.
  std::string fine = "segproof: model/v1\n" + padding + "vpcs:\n  - {name: main, cidr: 10.0.0.0/16}\n";
  DiagnosticEngine fine_diags;
  aws::Resources loaded;
  frontend.load("fine.yaml", fine, loaded, fine_diags);
  CHECK_FALSE(fine_diags.hasErrors());
  CHECK(loaded.vpcs.size() == 1);
}

}  // namespace
}  // namespace segproof
