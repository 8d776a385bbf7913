// decidePair's replay of witnesses: a witness the packet simulator does not
// deliver is an internal error, never a reachable answer.
#include "solve/pair_solver.h"

#include <catch2/catch.hpp>

#include "graph/network_builder_test_util.h"
#include "graph/topology.h"

namespace segproof {
namespace {

using testing::NetworkBuilder;

Station endpoint(const EncodingContext& context, InterfaceId id) {
  const Interface& iface = context.network().at(id);
  Station s;
  s.kind = Station::Kind::kEndpoints;
  s.members = {id};
  s.subnet = iface.subnet;
  s.groups = iface.security_groups;
  s.addresses = context.interfaceAddresses(id);
  s.label = iface.name;
  return s;
}

TEST_CASE("pair solver: a witness the simulator does not deliver is an internal error",
          "[solve]") {
  NetworkBuilder b;
  VpcId vpc = b.vpc("v", "10.0.0.0/16");
  SubnetId a = b.subnet(vpc, "a", "10.0.1.0/24");
  SubnetId c = b.subnet(vpc, "c", "10.0.2.0/24");
  SecurityGroupId open = b.group(vpc, "open");
  b.sgRule(open, Direction::kIngress, testing::anyTraffic(), NetworkBuilder::cidrPeer("10.0.0.0/8"));
  b.sgRule(open, Direction::kEgress, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  InterfaceId x = b.iface(a, "x", "10.0.1.10", {open});
  InterfaceId y = b.iface(c, "y", "10.0.2.20", {open});
  const Network& net = b.network();
  Topology topology(net);
  EncodingContext context(net, topology);
  Station from = endpoint(context, x), to = endpoint(context, y);
  HeaderSet flow = HeaderSet::all();
  std::vector<WitnessPreference> preferences;
  PairQuestion q{&from, &to, &flow, &preferences};
  z3::context z3;
  PathSolver solver(z3, 10000);

  // The simulator over the same network confirms the witness.
  Simulator same(net);
  PairAnswer ok = decidePair(context, solver, same, q, searchPair(context, q));
  CHECK(ok.status == PairStatus::kReachable);
  CHECK(ok.witness.has_value());
  CHECK(ok.internal_errors.empty());

  // A simulator that disagrees (y's groups admit nothing there) rejects it.
  Network closed = net;
  closed.security_groups[open.value].rules.erase(
      closed.security_groups[open.value].rules.begin());  // the ingress rule
  Simulator other(closed);
  PairAnswer rejected = decidePair(context, solver, other, q, searchPair(context, q));
  CHECK(rejected.status == PairStatus::kUnknown);
  CHECK_FALSE(rejected.witness.has_value());
  CHECK(rejected.internal_error);
  REQUIRE(rejected.internal_errors.size() == 1);
  CHECK(rejected.internal_errors.front().find("the packet simulator does not confirm") !=
        std::string::npos);
}

}  // namespace
}  // namespace segproof
