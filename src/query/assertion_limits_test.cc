// Assertion files are read within the limits on YAML documents and on file
// size (src/frontends/common/limits.h), as models are.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "frontends/common/limits.h"
#include "segproof/query/assertion.h"

namespace segproof {
namespace {

TEST_CASE("an assertion file of billion laughs is refused", "[query][limits]") {
  std::string text = "segproof: queries/v1\nl0: &l0 [a, a, a, a, a, a, a, a, a, a]\n";
  for (int level = 1; level <= 10; ++level) {
    std::string previous = "*l" + std::to_string(level - 1);
    text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [" + previous;
    for (int i = 1; i < 10; ++i) text += ", " + previous;
    text += "]\n";
  }
  DiagnosticEngine diags;
  AssertionSet set = parseAssertions("q.yaml", text, diags);
  REQUIRE(diags.errorCount() == 1);
  CHECK(diags.diagnostics()[0].code == "alias-expansion");
  CHECK(diags.diagnostics()[0].location.str() == "q.yaml:8:45");
  CHECK(set.assertions.empty());
}

TEST_CASE("an assertion file nested 10,000 deep is refused", "[query][limits]") {
  std::string text = "segproof: queries/v1\nassertions: " + std::string(10'000, '[') +
                     std::string(10'000, ']') + "\n";
  DiagnosticEngine diags;
  parseAssertions("q.yaml", text, diags);
  REQUIRE(diags.errorCount() == 1);
  CHECK(diags.diagnostics()[0].code == "nesting-too-deep");
}

TEST_CASE("an assertion file over the size limit is refused unread", "[query][limits]") {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("segproof-query-limits-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path).close();
  std::filesystem::resize_file(path, limits::kMaxFileBytes + 1);
  DiagnosticEngine diags;
  loadAssertionFile(path.string(), diags);
  std::filesystem::remove(path);
  REQUIRE(diags.errorCount() == 1);
  CHECK(diags.diagnostics()[0].code == "input-too-large");
  CHECK(diags.diagnostics()[0].location.str() == path.string());
}

}  // namespace
}  // namespace segproof
