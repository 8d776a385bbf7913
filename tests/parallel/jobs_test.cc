// The parallel solver gives the same report whatever the number of worker
// threads: every bundled example and a generated network of 200 interfaces
// are checked with 1, 2 and 4 jobs, and the JSON reports (verdicts, witnesses,
// proofs) must be identical but for the timing and the job count. `make tsan`
// runs this under ThreadSanitizer (docs/reliability.md, "Sanitizers").
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "frontends/scratch_test_util.h"
#include "generate_network.h"
#include "report/json_reporter.h"
#include "segproof/segproof.h"

namespace segproof {
namespace {

// The report as JSON without what depends on the run: seconds and jobs.
std::string checkWithJobs(const Network& network, const AssertionSet& assertions, int jobs) {
  // No solver time limit: a limit would make verdicts depend on the speed of
  // the (sanitised) build and on the machine's load.
  Analyzer analyzer(network, {.jobs = jobs, .timeout_ms = 0});
  DiagnosticEngine diags;
  CheckReport report = analyzer.check(assertions, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(report.jobs == jobs);
  nlohmann::ordered_json json = checkJson(report);
  json["summary"].erase("seconds");
  json["summary"].erase("jobs");
  return json.dump(1);
}

void checkSameForJobs(const std::vector<std::string>& inputs, const std::string& queries) {
  DiagnosticEngine diags;
  Network network = loadNetwork(inputs, diags);
  AssertionSet assertions =
      queries.empty() ? builtinAssertions(diags) : loadAssertionFile(queries, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE_FALSE(assertions.assertions.empty());
  std::string one = checkWithJobs(network, assertions, 1);
  CHECK(one == checkWithJobs(network, assertions, 2));
  CHECK(one == checkWithJobs(network, assertions, 4));
}

TEST_CASE("every example gives the same report with 1, 2 and 4 jobs", "[parallel]") {
  namespace fs = std::filesystem;
  int examples = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(SEGPROOF_SOURCE_DIR "/examples")) {
    if (!e.is_directory()) continue;
    ++examples;
    INFO(e.path().string());
    // CloudFormation parameters have defaults and Terraform variables have
    // tfvars in the examples, so each reads without options.
    checkSameForJobs({e.path().string()}, "");
    fs::path queries = e.path() / "queries.yaml";
    if (fs::exists(queries)) checkSameForJobs({e.path().string()}, queries.string());
  }
  CHECK(examples >= 5);
}

TEST_CASE("a generated network gives the same report with 1, 2 and 4 jobs", "[parallel]") {
  bench::NetworkShape shape = bench::shapeForInterfaces(200, 7);
  REQUIRE(bench::checkShape(shape).empty());
  std::ostringstream yaml;
  bench::writeNetworkYaml(shape, yaml);
  testing::Scratch scratch("parallel");
  checkSameForJobs({scratch.write("network.yaml", yaml.str())}, "");
}

}  // namespace
}  // namespace segproof
