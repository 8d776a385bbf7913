#include "segproof/diag/diagnostic.h"

#include <catch2/catch.hpp>

namespace segproof {
namespace {

TEST_CASE("diagnostic renders location, code, source line and caret", "[diag]") {
  DiagnosticEngine diags;
  diags.addSource("net.yaml", "vpcs:\n  - name: main\n    cidr: 10.0.0.0/33\n");
  diags.error("invalid-cidr", {"net.yaml", 3, 11}, "prefix length 33 is out of range (0-32)");
  REQUIRE(diags.hasErrors());
  CHECK(diags.renderAll() ==
        "net.yaml:3:11: error[invalid-cidr]: prefix length 33 is out of range (0-32)\n"
        "      cidr: 10.0.0.0/33\n"
        "            ^\n");
}

TEST_CASE("warnings do not count as errors", "[diag]") {
  DiagnosticEngine diags;
  diags.warning("unsupported-resource", {"a.tf", 1, 1}, "ignored");
  CHECK_FALSE(diags.hasErrors());
  CHECK(diags.renderAll() == "a.tf:1:1: warning[unsupported-resource]: ignored\n");
}

TEST_CASE("unknown location renders without position", "[diag]") {
  DiagnosticEngine diags;
  diags.error("no-input", {}, "no input files");
  CHECK(diags.renderAll() == "error[no-input]: no input files\n");
}

}  // namespace
}  // namespace segproof
