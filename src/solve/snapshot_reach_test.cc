// The reachability facts of the three-tier AWS snapshot
// (tests/snapshots/three-tier/EXPECTED.md), asked of the model the snapshot
// loader builds from the JSON files.
#include <catch2/catch.hpp>

#include <string>

#include "segproof/segproof.h"
#include "solve/reach_test_util.h"

namespace segproof {
namespace {

using testing::sel;
using testing::steps;
using testing::tcp;

const Network& threeTier() {
  static DiagnosticEngine diags;
  static Network net =
      loadNetwork({std::string(SEGPROOF_SOURCE_DIR) + "/tests/snapshots/three-tier"}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return net;
}

const FlowSpec kAny{kAnyProtocol, {}};

// Internet addresses outside the snapshot's own blocks.
const char* kInternetV4 = "cidr:8.8.8.0/24";
const char* kInternetV6 = "cidr:2001:db8::/32";

// Instances and databases by id / identifier.
const char* kWeb = "resource:i-0d5e0000000000001";
const char* kApp1 = "resource:i-0d5e0000000000002";
const char* kApp2 = "resource:i-0d5e0000000000003";
const char* kBastion = "resource:i-0d5e0000000000004";
const char* kShared = "resource:i-0d5e0000000000006";
const char* kDb = "resource:prod-db";

// Like testing::reachIn, and no selector may select nothing: a question
// over nothing would hold vacuously.
AssertionResult reach(const std::string& from, const std::string& to, FlowSpec flow) {
  AnalyzerOptions options;
  options.jobs = 1;
  Analyzer analyzer(threeTier(), options);
  DiagnosticEngine diags;
  AssertionResult r = analyzer.reach({sel(from)}, {sel(to)}, flow, diags);
  INFO(from << " -> " << to << ": " << r.reason << "\n" << diags.renderAll());
  REQUIRE(diags.diagnostics().empty());
  CHECK(r.verdict != Verdict::kUnknown);
  CHECK(r.internal_errors.empty());
  return r;
}

bool reachable(const std::string& from, const std::string& to, FlowSpec flow) {
  return reach(from, to, flow).verdict == Verdict::kHolds;
}

bool stepsMention(const AssertionResult& r, const std::string& text) {
  for (const std::string& step : steps(r))
    if (step.find(text) != std::string::npos) return true;
  return false;
}

TEST_CASE("snapshot fact 1: the internet reaches web on 443 over IPv4 and IPv6",
          "[solve][snapshot]") {
  CHECK(reachable(kInternetV4, kWeb, tcp(443)));
  CHECK(reachable(kInternetV6, kWeb, tcp(443)));
  CHECK_FALSE(reachable(kInternetV4, kWeb, tcp(22)));
  CHECK_FALSE(reachable(kInternetV6, kWeb, tcp(22)));
}

TEST_CASE("snapshot fact 2: the stopped instance and database are not endpoints",
          "[solve][snapshot]") {
  const Network& net = threeTier();
  for (const Interface& iface : net.interfaces) {
    CHECK(iface.name != "i-0d5e0000000000005");
    CHECK(iface.owner != "legacy-db");
  }
  for (const char* gone : {"resource:i-0d5e0000000000005", "resource:legacy-db"}) {
    AnalyzerOptions options;
    options.jobs = 1;
    Analyzer analyzer(net, options);
    DiagnosticEngine diags;
    AssertionResult r = analyzer.reach({sel("internet")}, {sel(gone)}, tcp(8080), diags);
    CHECK((diags.hasErrors() || r.verdict == Verdict::kViolated));
  }
  REQUIRE(net.target_groups.size() == 1);
  CHECK(net.target_groups.front().targets.size() == 2);
}

TEST_CASE("snapshot fact 3: the database is reachable from the app tier on 5432 only",
          "[solve][snapshot]") {
  for (const char* app : {kApp1, kApp2}) {
    // Both of prod-db's interfaces (data-a, data-b).
    CHECK(reachable(app, "cidr:10.0.20.0/24", tcp(5432)));
    CHECK(reachable(app, "cidr:10.0.21.0/24", tcp(5432)));
    CHECK_FALSE(reachable(app, kDb, tcp(22)));
    CHECK_FALSE(reachable(app, kDb, tcp(3306)));
  }
  for (const char* other : {kWeb, kBastion, kShared, "kind:load-balancer"})
    CHECK_FALSE(reachable(other, kDb, kAny));
}

TEST_CASE("snapshot fact 4: the internet reaches the app tier only through the load balancer",
          "[solve][snapshot]") {
  for (const char* app : {kApp1, kApp2}) {
    AssertionResult r = reach(kInternetV4, app, tcp(8080));
    REQUIRE(r.verdict == Verdict::kHolds);
    CHECK(r.witnesses.front().packet.destination_port == 443);
    CHECK(stepsMention(r, "load balancer listener prod-web"));
    CHECK_FALSE(reachable(kInternetV4, app, tcp(22)));
    CHECK_FALSE(reachable(kInternetV6, app, kAny));
  }
}

TEST_CASE("snapshot fact 5: SSH to the bastion is open from the office only", "[solve][snapshot]") {
  CHECK(reachable("cidr:203.0.113.0/24", kBastion, tcp(22)));
  CHECK(reachable("cidr:198.51.100.0/24", kBastion, tcp(22)));
  CHECK_FALSE(reachable("cidr:8.8.8.8/32", kBastion, tcp(22)));
  CHECK(reachable(kBastion, kApp1, tcp(22)));
  CHECK(reachable(kBastion, kApp2, tcp(22)));
}

TEST_CASE("snapshot fact 6: the app tier reaches the internet outbound only", "[solve][snapshot]") {
  AssertionResult v4 = reach(kApp1, "cidr:8.8.8.8/32", tcp(443));
  REQUIRE(v4.verdict == Verdict::kHolds);
  CHECK(stepsMention(v4, "nat-0d5e0000000000001"));
  AssertionResult v6 = reach(kApp1, "cidr:2001:db8::1/128", tcp(443));
  REQUIRE(v6.verdict == Verdict::kHolds);
  CHECK(stepsMention(v6, "eigw-0d5e0000000000001"));
  CHECK_FALSE(reachable(kDb, "cidr:8.8.8.8/32", kAny));
  CHECK_FALSE(reachable("cidr:10.0.20.0/23", "internet", kAny));
}

TEST_CASE("snapshot fact 7: the peering reaches the shared VPC from the app subnets only",
          "[solve][snapshot]") {
  AssertionResult r = reach(kApp1, kShared, tcp(443));
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(stepsMention(r, "pcx-0d5e0000000000001"));
  CHECK_FALSE(reachable(kWeb, kShared, tcp(443)));
}

TEST_CASE("snapshot fact 8: the transit gateway drops what it has no route for",
          "[solve][snapshot]") {
  // No endpoint of the model has 172.16.5.5 or 192.168.100.1 (no VPN
  // gateway either), so a reach question to them selects nothing; the fact
  // is in the routes: the VPC sends 172.16.0.0/12 to the transit gateway,
  // whose table has no route for it, and 192.168.100.0/24 is a blackhole.
  const Network& net = threeTier();
  IpAddress unrouted = *IpAddress::parse("172.16.5.5");
  for (const RouteTable& table : net.route_tables) {
    if (table.name != "rtb-0d5e0000000000003") continue;
    bool to_tgw = false;
    for (const Route& route : table.routes)
      to_tgw = to_tgw || (route.destination.str() == "172.16.0.0/12" &&
                          route.target == RouteTargetKind::kTransitGateway);
    CHECK(to_tgw);
  }
  REQUIRE(net.tgw_route_tables.size() == 1);
  for (const Route& route : net.tgw_route_tables.front().routes) {
    CHECK_FALSE((route.target != RouteTargetKind::kBlackhole &&
                 route.destination.contains(unrouted)));
  }
  for (const RouteTable& table : net.route_tables) {
    for (const Route& route : table.routes)
      if (route.destination.str() == "192.168.100.0/24")
        CHECK(route.target == RouteTargetKind::kBlackhole);
  }
}

}  // namespace
}  // namespace segproof
