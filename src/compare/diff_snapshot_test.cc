// A reachability diff between two snapshots of one account (docs/diff.md:
// "each side is any input segproof reads"): the three-tier fixture, and a
// copy of it the next day in which someone widened the bastion's SSH rule
// from 203.0.113.0/24 to 0.0.0.0/0 and stopped the second app server.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontends/scratch_test_util.h"
#include "segproof/compare/diff.h"
#include "solve/reach_test_util.h"

namespace segproof {
namespace {

namespace fs = std::filesystem;

const std::string kFixture = std::string(SEGPROOF_SOURCE_DIR) + "/tests/snapshots/three-tier";

std::string readFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` with its only occurrence of `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

Network load(const std::string& path) {
  DiagnosticEngine diags;
  Network net = loadNetwork({path}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return net;
}

TEST_CASE("diff: two snapshots of one account, a day apart", "[diff][snapshot]") {
  testing::Scratch next_day("diff-snapshot");
  for (const fs::directory_entry& e : fs::directory_iterator(kFixture)) {
    if (e.path().extension() != ".json") continue;
    std::string text = readFile(e.path());
    std::string name = e.path().filename().string();
    if (name == "SecurityGroups.json")
      text = replaced(text, "\"CidrIp\": \"203.0.113.0/24\"", "\"CidrIp\": \"0.0.0.0/0\"");
    if (name == "Reservations.json") {
      // i-...003 (app-2) is the second instance whose state is running.
      size_t app2 = text.find("\"InstanceId\": \"i-0d5e0000000000003\"");
      REQUIRE(app2 != std::string::npos);
      size_t state = text.find("\"Name\": \"running\"", app2);
      REQUIRE(state != std::string::npos);
      text.replace(state, std::string("\"Name\": \"running\"").size(), "\"Name\": \"stopped\"");
    }
    next_day.write(name, text);
  }
  Network before = load(kFixture);
  Network after = load(next_day.path());
  std::vector<std::string> notes;
  std::vector<DiffEnd> ends = defaultDiffEnds(before, after, {}, notes);
  AnalyzerOptions options;
  options.jobs = 1;
  DiagnosticEngine diags;
  AssertionSet pack = builtinAssertions(diags);
  DiffReport r = diffReachability(before, after, ends, pack, options, diags);
  REQUIRE_FALSE(diags.hasErrors());
  for (const std::string& e : r.internal_errors) FAIL(e);
  CHECK(r.undecided.empty());

  std::vector<std::string> opened, closed;
  for (const FlowChange& c : r.changes)
    (c.kind == FlowChange::Kind::kOpened ? opened : closed).push_back(c.from + " -> " + c.to + ": " + c.headers.text());
  // SSH to the bastion from the rest of the IPv4 internet (the office list
  // and 203.0.113.0/24 reached it before), forbidden by the pack; and from
  // the VPC's own addresses, which 0.0.0.0/0 admits too.
  REQUIRE_FALSE(opened.empty());
  CHECK(opened[0] ==
        "internet -> i-0d5e0000000000004: tcp/22 from the IPv4 internet except 198.51.100.0/24, "
        "203.0.113.0/24");
  for (const std::string& c : opened) CHECK(c.find(" -> i-0d5e0000000000004: tcp/22") != std::string::npos);
  CHECK(r.changes.front().forbidden_by == std::vector<std::string>{"internet-management-ports"});
  REQUIRE(r.changes.front().witness);
  CHECK(r.changes.front().witness->hops.size() > 3);
  // The stopped app server reaches and is reached by nothing any more.
  for (const std::string& c : closed) CHECK(c.find("i-0d5e0000000000003") != std::string::npos);
  CHECK_FALSE(closed.empty());
  // app-1 reached app-2 on 8080 through the load balancer (tcp/443 to a
  // node, forwarded to the target port): what arrives is what is compared.
  CHECK(std::find(closed.begin(), closed.end(), "i-0d5e0000000000002 -> i-0d5e0000000000003: tcp/8080") !=
        closed.end());
  CHECK(r.forbiddenNewReachability());
}

}  // namespace
}  // namespace segproof
