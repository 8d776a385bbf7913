// Reading check reports back (json_reader.h): a report written, read and
// written again is the same JSON, for the examples' reports and for shards;
// broken documents are refused with the place of the problem.
#include "report/json_reader.h"

#include <catch2/catch.hpp>

#include "lint/controls.h"
#include "report/json_reporter.h"
#include "report/report_test_fixtures.h"

namespace segproof {
namespace {

using testing::checkOf;
using testing::example;

std::string roundTrip(const CheckReport& report, const ShardRun& run = {}) {
  std::string first = checkJson(report, run).dump(2);
  ReadProblem problem;
  std::optional<CheckDocument> doc = readCheckJson(first, problem);
  INFO(problem.str());
  REQUIRE(doc);
  ShardRun again;
  if (doc->max_witnesses) again.max_witnesses = *doc->max_witnesses;
  again.options = doc->options;
  again.inputs = doc->input_digests;
  return checkJson(doc->report, again).dump(2);
}

TEST_CASE("json reader: the examples' check reports read back to the same JSON", "[report]") {
  struct Case {
    std::string input;
    std::string queries;  // a file under the example, or none
  };
  for (const Case& c : std::vector<Case>{{"three-tier/network.yaml", "three-tier/queries.yaml"},
                                         {"pci-cde/network.yaml", "pci-cde/queries.yaml"},
                                         {"prod-test-peering/network.yaml", ""},
                                         {"terraform-webapp", "terraform-webapp/queries.yaml"},
                                         {"pci-cde-cloudformation", ""}}) {
    INFO(c.input);
    std::string queries = c.queries.empty() ? "" : testing::readFile(example(c.queries));
    CheckReport report = checkOf({example(c.input)}, queries);
    DiagnosticEngine diags;
    lint::attachControls(lint::builtinControls(diags), report.results);
    std::string json = checkJson(report).dump(2);
    CHECK(roundTrip(report) == json);
  }
}

TEST_CASE("json reader: witnesses and proofs and internal errors and notes survive", "[report]") {
  CheckReport report = checkOf({example("three-tier/network.yaml")},
                               testing::bastionSshQueries("ssh-bastion", "no SSH to the bastion"));
  const AssertionResult& ssh = testing::resultOf(report, "ssh-bastion");
  REQUIRE_FALSE(ssh.witnesses.empty());
  report.notes.push_back("a note");
  report.results.front().internal_errors.push_back("Z3 disagrees");
  report.internal_errors.push_back(report.results.front().assertion.id + ": Z3 disagrees");
  ReadProblem problem;
  std::optional<CheckDocument> doc = readCheckJson(checkJson(report).dump(), problem);
  REQUIRE(doc);
  const AssertionResult& back = testing::resultOf(doc->report, "ssh-bastion");
  CHECK(back.witnesses.size() == ssh.witnesses.size());
  CHECK(back.witnesses.front().hops.size() == ssh.witnesses.front().hops.size());
  CHECK(back.witnesses.front().hops.front().location.str() ==
        ssh.witnesses.front().hops.front().location.str());
  CHECK(back.witnesses.front().packet.str() == ssh.witnesses.front().packet.str());
  CHECK(doc->report.notes.back() == "a note");
  CHECK(doc->report.results.front().internal_errors == std::vector<std::string>{"Z3 disagrees"});
  CHECK_FALSE(doc->report.shard);
  CHECK_FALSE(doc->max_witnesses);
}

TEST_CASE("json reader: a shard's report reads back with its shard fields", "[report]") {
  DiagnosticEngine diags;
  Network network = loadNetwork({example("pci-cde/network.yaml")}, diags);
  AssertionSet set = loadAssertionFile(example("pci-cde/queries.yaml"), diags);
  REQUIRE_FALSE(diags.hasErrors());
  for (int index = 0; index < 3; ++index) {
    INFO("shard " << index);
    AnalyzerOptions options;
    options.jobs = 1;
    options.shard_index = index;
    options.shard_count = 3;
    CheckReport report = Analyzer(network, options).check(set, diags);
    REQUIRE(report.shard);
    ShardRun run;
    run.max_witnesses = 3;
    run.options = {{"timeout", 10}};
    run.inputs = {{"network.yaml", 120, std::string(64, 'a')}, {"gone.yaml", 0, ""}};
    nlohmann::ordered_json json = checkJson(report, run);
    CHECK(json["shard"]["index"] == index + 1);
    CHECK(json["shard"]["count"] == 3);
    CHECK(json["results"][0].contains("closest_depth"));
    CHECK(json["results"][0].contains("assertion"));
    CHECK(roundTrip(report, run) == json.dump(2));
    ReadProblem problem;
    std::optional<CheckDocument> doc = readCheckJson(json.dump(), problem);
    REQUIRE(doc);
    REQUIRE(doc->report.shard);
    CHECK(doc->report.shard->index == index);
    CHECK(doc->report.shard->subproblems == report.shard->subproblems);
    CHECK(doc->max_witnesses == 3u);
    CHECK(doc->input_digests.size() == 2);
    for (size_t i = 0; i < report.results.size(); ++i) {
      const Assertion& a = report.results[i].assertion;
      const Assertion& b = doc->report.results[i].assertion;
      CHECK(b.flow.text() == a.flow.text());
      CHECK(b.from.size() == a.from.size());
      CHECK(b.segments.size() == a.segments.size());
      CHECK(doc->report.results[i].closest_depth == report.results[i].closest_depth);
      CHECK(doc->report.results[i].certain_flow == report.results[i].certain_flow);
    }
  }
}

TEST_CASE("json reader: an unsharded report has no shard fields", "[report]") {
  CheckReport report = checkOf({example("three-tier/network.yaml")});
  nlohmann::ordered_json json = checkJson(report, ShardRun{});
  CHECK_FALSE(json.contains("shard"));
  CHECK_FALSE(json["results"][0].contains("closest_depth"));
  CHECK_FALSE(json["results"][0].contains("assertion"));
}

TEST_CASE("json reader: syntax errors are located by line and column", "[report]") {
  ReadProblem problem;
  CHECK_FALSE(readCheckJson("{\n  \"tool\": {\n    \"name\": segproof\n", problem));
  CHECK(problem.line == 3);
  CHECK(problem.column == 13);
  CHECK(problem.str().rfind("3:13: not JSON: syntax error while parsing value", 0) == 0);
  CHECK_FALSE(readCheckJson("", problem));
  CHECK(problem.str().rfind("1:1: not JSON: ", 0) == 0);
}

TEST_CASE("json reader: documents that are not check reports are refused", "[report]") {
  ReadProblem problem;
  CHECK_FALSE(readCheckJson("[1, 2]", problem));
  CHECK(problem.line == 0);
  CHECK(problem.str() == "it has no \"results\" and \"summary\"");

  CheckReport report = checkOf({example("three-tier/network.yaml")});
  nlohmann::ordered_json json = checkJson(report);
  json["results"][1]["verdict"] = "maybe";
  CHECK_FALSE(checkFromJson(json, problem));
  CHECK(problem.str() == "unknown verdict 'maybe' at /results/1/verdict");

  json = checkJson(report);
  json["results"][0]["stats"].erase("pairs");
  CHECK_FALSE(checkFromJson(json, problem));
  CHECK(problem.str() == "missing \"pairs\" at /results/0/stats");

  json = checkJson(report);
  json["inputs"][0] = 7;
  CHECK_FALSE(checkFromJson(json, problem));
  CHECK(problem.str() == "expected a string at /inputs/0");
}

TEST_CASE("json reader: line and column of a byte offset", "[report]") {
  CHECK(lineColumnOf("abc", 1) == std::make_pair<size_t, size_t>(1, 1));
  CHECK(lineColumnOf("abc", 3) == std::make_pair<size_t, size_t>(1, 3));
  CHECK(lineColumnOf("a\nbc", 4) == std::make_pair<size_t, size_t>(2, 2));
  CHECK(lineColumnOf("a\n", 99) == std::make_pair<size_t, size_t>(2, 1));
}

}  // namespace
}  // namespace segproof
