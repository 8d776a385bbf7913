// Differential tests of the Analyzer against the packet simulator
// (src/simulate/, which shares no code with the engine beyond the model), on
// random small networks (random_network_test_util.h):
//   - interval pruning on and off (every candidate path decided by Z3) must
//     give the same verdict to every question;
//   - no internal error: every witness the engine reports was replayed by the
//     simulator inside the engine; here each is checked again from the
//     question alone (its ends belong to the selectors, or its destination
//     to a load balancer node; its header is of the flow, which is about the
//     port the packet arrives on; and the simulator delivers it, whatever
//     the NAT gateways and load balancers pick);
//   - every "unreachable" is confirmed by exhaustive simulation over the
//     equivalence classes of the header space: every pair of ends, and every
//     address (the destination's, or a load balancer node's), protocol, port
//     (the flow's, or a listener's) and ICMP class, split at every rule
//     boundary; in dual-stack networks IPv6 packets too (both ends of one
//     family), and an answer left unknown for IPv6 the engine does not
//     analyse (NAT64) is confirmed the same way;
//   - `unreachable` answers as the dual of `reachable`, and `isolated` as the
//     two directions of `reachable` with any protocol.
// Each failure prints the seed, the question and the whole network.
// SEGPROOF_DIFF_COUNT sets the number of networks (default 300);
// SEGPROOF_DIFF_SEED the first seed (`make soak` runs thousands).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
#include <set>
#include <sstream>

#include "segproof/segproof.h"
#include "simulate/simulator.h"
#include "solve/random_network_test_util.h"

namespace segproof {
namespace {

using testing::GeneratedNetwork;
using testing::NetworkGenerator;
using testing::ReachQuestion;

int envInt(const char* name, int fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::atoi(text);
}

Selector selectorOf(const std::string& text) {
  DiagnosticEngine diags;
  std::optional<Selector> s = parseSelector(text, {}, diags);
  REQUIRE(s);
  return *s;
}

AssertionSet questionsAsAssertions(const std::vector<ReachQuestion>& questions) {
  AssertionSet set;
  for (size_t i = 0; i < questions.size(); ++i) {
    Assertion a;
    a.id = "q" + std::to_string(i);
    a.kind = AssertionKind::kReachable;
    a.from = {selectorOf(questions[i].from)};
    a.to = {selectorOf(questions[i].to)};
    a.flow = questions[i].flow;
    set.assertions.push_back(a);
  }
  return set;
}

// The ends a selector names, resolved here from the model (not through
// query/selector.h): interfaces by name, subnet, group or VPC; the internet;
// VPN gateways' zones by name.
std::vector<SimEnd> endsOf(const Network& net, const std::string& selector) {
  std::vector<SimEnd> out;
  size_t colon = selector.find(':');
  std::string kind = selector.substr(0, colon);
  std::string name = colon == std::string::npos ? "" : selector.substr(colon + 1);
  bool any = selector == "any";
  for (size_t k = 0; k < net.interfaces.size(); ++k) {
    const Interface& i = net.interfaces[k];
    bool in = any || (kind == "resource" && i.name == name) ||
              (kind == "subnet" && net.at(i.subnet).name == name) ||
              (kind == "vpc" && net.at(net.at(i.subnet).vpc).name == name);
    for (SecurityGroupId g : i.security_groups) in = in || (kind == "sg" && net.at(g).name == name);
    if (in) out.push_back(SimEnd::interface(InterfaceId{static_cast<int32_t>(k)}));
  }
  if (any || selector == "internet") out.push_back(SimEnd::internet());
  for (size_t k = 0; k < net.gateways.size(); ++k) {
    const Gateway& g = net.gateways[k];
    if (g.kind == RouteTargetKind::kVpnGateway && (any || (kind == "resource" && g.name == name)))
      out.push_back(SimEnd::zone(GatewayId{static_cast<int32_t>(k)}));
  }
  return out;
}

bool sameEnd(const SimEnd& a, const SimEnd& b) {
  return a.kind == b.kind && a.iface == b.iface && a.gateway == b.gateway;
}

bool portAllowed(const FlowSpec& flow, int port) {
  if (flow.ports.empty()) return true;
  for (const PortRange& r : flow.ports)
    if (port >= r.from && port <= r.to) return true;
  return false;
}

// `end` is a node of a load balancer that forwards to a target group keeping
// client addresses: it sends from addresses it does not own.
bool keepsClients(const Network& net, const SimEnd& end) {
  if (end.kind != SimEnd::Kind::kInterface || !net.at(end.iface).load_balancer.valid())
    return false;
  for (const LbListener& l : net.at(net.at(end.iface).load_balancer).listeners)
    for (TargetGroupId g : l.target_groups)
      if (net.at(g).preserve_client_ip) return true;
  return false;
}

__extension__ typedef unsigned __int128 Uint128;
constexpr Uint128 kLastV6 = ~Uint128{0};

Uint128 wide(const IpAddress& a) { return Uint128{a.hi} << 64 | a.lo; }
IpAddress v6Of(Uint128 v) {
  return {IpFamily::kV6, static_cast<uint64_t>(v >> 64), static_cast<uint64_t>(v)};
}

// The equivalence classes of the header space for one network: one value
// per stretch between rule boundaries, for addresses (of both families when
// some interface has an IPv6 address), ports and ICMP fields.
class HeaderClasses {
 public:
  HeaderClasses(const Network& net, const Simulator& sim) : net_(net), sim_(sim) {
    std::set<uint64_t> edges = {0, uint64_t{1} << 32};
    std::set<Uint128> starts6 = {0};  // where each IPv6 stretch starts
    auto cidr = [&](const Cidr& c) {
      if (!c.isV4()) {
        starts6.insert(wide(c.first()));
        if (wide(c.last()) != kLastV6) starts6.insert(wide(c.last()) + 1);
        return;
      }
      edges.insert(c.firstV4());
      edges.insert(uint64_t{c.lastV4()} + 1);
    };
    std::set<int> ports = {0, 1024, 65536};
    auto match = [&](const Match& m) {
      ports.insert(m.ports.from);
      ports.insert(m.ports.to + 1);
      if (m.icmp_type >= 0) types_.insert({m.icmp_type, m.icmp_type + 1});
      if (m.icmp_code >= 0) codes_.insert({m.icmp_code, m.icmp_code + 1});
      icmpv6_ = icmpv6_ || m.protocol == kIcmpV6;
    };
    for (const Cidr& c : nonInternetBlocks(IpFamily::kV4)) cidr(c);
    for (const Cidr& c : nonInternetBlocks(IpFamily::kV6)) cidr(c);
    for (const Vpc& v : net.vpcs)
      for (const Cidr& c : v.cidrs) cidr(c);
    for (const Subnet& s : net.subnets) {
      cidr(s.cidr);
      if (s.ipv6_cidr) cidr(*s.ipv6_cidr);
    }
    for (const RouteTable& t : net.route_tables)
      for (const Route& r : t.routes) cidr(r.destination);
    for (const NetworkAcl& a : net.network_acls)
      for (const NetworkAclRule& r : a.rules) {
        cidr(r.cidr);
        match(r.match);
      }
    for (const SecurityGroup& g : net.security_groups)
      for (const SecurityGroupRule& r : g.rules) {
        if (r.peer.kind == RulePeer::Kind::kCidr) cidr(r.peer.cidr);
        match(r.match);
      }
    auto fixed = [&](const PrivateAddress& a) {
      if (a.ip && a.ip->isV4()) edges.insert({a.ip->v4(), uint64_t{a.ip->v4()} + 1});
      if (a.ip && !a.ip->isV4()) cidr(Cidr{*a.ip, 128});
    };
    for (const Interface& i : net.interfaces) {
      for (const PrivateAddress& a : i.private_addresses) fixed(a);
      for (const PrivateAddress& a : i.ipv6_addresses) fixed(a);
      with_v6_ = with_v6_ || !i.ipv6_addresses.empty();
    }
    for (const NatGateway& n : net.nat_gateways) fixed(n.private_address);
    for (const LoadBalancer& lb : net.load_balancers)
      for (const LbListener& l : lb.listeners) ports.insert({l.ports.from, l.ports.to + 1});
    for (const TargetGroup& g : net.target_groups)
      for (const LbTarget& t : g.targets) {
        ports.insert({t.ports.from, t.ports.to + 1});
        if (t.ip) fixed(PrivateAddress{*t.ip});
      }
    edges_.assign(edges.begin(), edges.end());
    starts6_.assign(starts6.begin(), starts6.end());
    port_edges_.assign(ports.begin(), ports.end());
    types_.insert(0);
    codes_.insert(0);
  }

  // One address per stretch that `end` may use, IPv4 ones first; every
  // stretch for a load balancer node that sends with its clients' addresses.
  std::vector<IpAddress> addresses(const SimEnd& end) const {
    std::vector<IpAddress> out;
    bool any = keepsClients(net_, end);
    for (size_t k = 0; k + 1 < edges_.size(); ++k) {
      if (any) {
        out.push_back(IpAddress::v4(static_cast<uint32_t>(edges_[k])));
        continue;
      }
      // The first address of the stretch the end may have (AWS-assigned
      // addresses skip the ones taken).
      for (uint64_t a = edges_[k]; a < edges_[k + 1] && a < edges_[k] + 8; ++a) {
        if (sim_.addressOf(end, IpAddress::v4(static_cast<uint32_t>(a)))) {
          out.push_back(IpAddress::v4(static_cast<uint32_t>(a)));
          break;
        }
      }
    }
    if (!with_v6_) return out;
    for (size_t k = 0; k < starts6_.size(); ++k) {
      Uint128 last = k + 1 < starts6_.size() ? starts6_[k + 1] - 1 : kLastV6;
      if (any) {
        out.push_back(v6Of(starts6_[k]));
        continue;
      }
      for (Uint128 a = starts6_[k]; a - starts6_[k] < 8; ++a) {
        if (sim_.addressOf(end, v6Of(a))) {
          out.push_back(v6Of(a));
          break;
        }
        if (a == last) break;
      }
    }
    return out;
  }

  // Some rule names ICMPv6: it is a protocol class of its own.
  bool icmpv6() const { return icmpv6_; }

  // Port classes within [lo, hi] admitted by `keep`.
  template <class Keep>
  std::vector<int> ports(int lo, int hi, Keep keep) const {
    std::vector<int> out;
    for (size_t k = 0; k + 1 < port_edges_.size(); ++k) {
      int first = std::max(port_edges_[k], lo);
      int last = std::min(port_edges_[k + 1] - 1, hi);
      for (int p = first; p <= last; ++p)
        if (keep(p)) {
          out.push_back(p);
          break;
        }
    }
    return out;
  }

  std::vector<int> icmpTypes() const { return {types_.begin(), types_.end()}; }
  std::vector<int> icmpCodes() const { return {codes_.begin(), codes_.end()}; }

 private:
  const Network& net_;
  const Simulator& sim_;
  std::vector<uint64_t> edges_;
  std::vector<Uint128> starts6_;
  bool with_v6_ = false;  // some interface has an IPv6 address
  bool icmpv6_ = false;
  std::vector<int> port_edges_;
  std::set<int> types_, codes_;
};

struct Tally {
  int networks = 0, questions = 0, reachable = 0, unreachable = 0, unknown = 0;
  int mismatches = 0, bad_witnesses = 0, missed = 0, inconsistent = 0, internal = 0;
  int budget_unknown = 0;  // solver-only answers left unknown by the candidate budget
  long long simulated = 0;  // packets simulated to confirm "unreachable"
  int through_tgw = 0;      // reachable questions whose witness crosses a transit gateway
  int tgw_networks = 0;     // networks with a transit gateway
  int through_lb = 0;       // reachable questions whose witness passes a load balancer
  int lb_networks = 0;      // networks with a load balancer
  int dual_networks = 0;    // networks with IPv6 blocks
  int v6_witnesses = 0;     // reachable questions with an IPv6 witness
  int not_analysed = 0;     // unknown for IPv6 the engine does not analyse (NAT64)
};

// Some listener accepts packets on `port`.
bool listened(const Network& net, int port) {
  for (const LoadBalancer& lb : net.load_balancers)
    for (const LbListener& l : lb.listeners)
      if (port >= l.ports.from && port <= l.ports.to) return true;
  return false;
}

// The ends a packet from a source may be addressed to on its way to `to`:
// `to` itself and every load balancer node.
std::vector<SimEnd> firstReceivers(const Network& net, const SimEnd& to) {
  std::vector<SimEnd> out = {to};
  for (const LoadBalancer& lb : net.load_balancers)
    for (InterfaceId node : lb.nodes)
      if (!sameEnd(to, SimEnd::interface(node))) out.push_back(SimEnd::interface(node));
  return out;
}

// The packet of a question's flow, between two ends, in every class; the
// first delivered one, if any.
std::optional<FlowPacket> exhaustiveSearch(const Network& net, const Simulator& sim,
                                           const HeaderClasses& classes, const FlowSpec& flow,
                                           const SimEnd& from, const SimEnd& to, Tally& tally) {
  std::vector<int> protocols = {flow.protocol};
  if (flow.protocol == kAnyProtocol) protocols = {kTcp, kUdp, kIcmp, 50};
  if (flow.protocol == kAnyProtocol && classes.icmpv6()) protocols.push_back(kIcmpV6);
  std::vector<IpAddress> sources = classes.addresses(from);
  std::vector<IpAddress> destinations;
  for (const SimEnd& receiver : firstReceivers(net, to))
    for (const IpAddress& a : classes.addresses(receiver))
      if (std::find(destinations.begin(), destinations.end(), a) == destinations.end())
        destinations.push_back(a);
  std::vector<int> dports =
      classes.ports(0, 65535, [&](int p) { return portAllowed(flow, p) || listened(net, p); });
  std::vector<int> sports = classes.ports(1024, 65535, [](int) { return true; });
  for (const IpAddress& src : sources) {
    for (const IpAddress& dst : destinations) {
      if (src == dst || src.family != dst.family) continue;
      for (int protocol : protocols) {
        FlowPacket p;
        p.source = src;
        p.destination = dst;
        p.protocol = protocol;
        auto attempt = [&]() {
          ++tally.simulated;
          return sim.send(from, to, p, nullptr, flow.ports).disposition == Disposition::kDelivered;
        };
        if (protocol == kTcp || protocol == kUdp) {
          for (int dport : dports)
            for (int sport : sports) {
              p.destination_port = dport;
              p.source_port = sport;
              if (attempt()) return p;
            }
        } else if (protocol == kIcmp || protocol == kIcmpV6) {
          for (int type : classes.icmpTypes())
            for (int code : classes.icmpCodes()) {
              p.icmp_type = type;
              p.icmp_code = code;
              if (attempt()) return p;
            }
        } else if (attempt()) {
          return p;
        }
      }
    }
  }
  return std::nullopt;
}

// What is wrong with a witness, judged from the question alone: its header
// must be of the flow, with an initiator's source port, between ends of the
// selectors that own its addresses (or sent to a load balancer node), and
// the simulator must deliver it on a port of the flow. `balanced`: the
// delivery passes a load balancer.
std::string witnessProblem(const Network& net, const Simulator& sim, const ReachQuestion& q,
                           const std::vector<SimEnd>& from_ends, const std::vector<SimEnd>& to_ends,
                           const Witness& w, bool& balanced) {
  const FlowPacket& p = w.packet;
  if (q.flow.protocol != kAnyProtocol && p.protocol != q.flow.protocol) return "wrong protocol";
  bool owned_from = false, owned_to = false;
  for (const SimEnd& from : from_ends) {
    if (!sim.addressOf(from, p.source) && !keepsClients(net, from)) continue;
    owned_from = true;
    for (const SimEnd& to : to_ends) {
      if (sameEnd(from, to)) continue;
      for (const SimEnd& receiver : firstReceivers(net, to))
        owned_to = owned_to || sim.addressOf(receiver, p.destination);
      if (!owned_to) continue;
      SimResult r = sim.send(from, to, p, nullptr, q.flow.ports);
      if (r.disposition != Disposition::kDelivered) continue;
      balanced = std::any_of(r.trace.begin(), r.trace.end(),
                             [](const SimHop& h) { return h.step == "load balancer"; });
      return "";
    }
  }
  if (!owned_from) return "the source address belongs to no end of " + q.from;
  if (!owned_to) return "the destination address belongs to no end of " + q.to;
  return "the simulator delivers it between no two ends of the question";
}

// Without pruning every topological path is a candidate; past the search's
// budget (kMaxCandidates) the solver-only run answers unknown, which is no
// disagreement: counted, and required to stay rare.
bool overBudget(const AssertionResult& r) {
  return r.verdict == Verdict::kUnknown && r.reason.find("candidate paths: the search stopped") != std::string::npos;
}

void runNetwork(uint32_t seed, Tally& tally) {
  GeneratedNetwork g;
  NetworkGenerator gen(seed);
  gen.generate(g);
  const Network& net = g.b.network();
  std::vector<ReachQuestion> questions = gen.questions(g, 10);
  AssertionSet set = questionsAsAssertions(questions);
  // The other kinds, to check against the reach questions: `unreachable` is
  // the dual of `reachable`; `isolated` holds iff neither direction is
  // reachable with any protocol.
  const size_t duals = 3;
  for (size_t i = 0; i < duals; ++i) {
    Assertion u = set.assertions[i];
    u.id = "unreachable-" + u.id;
    u.kind = AssertionKind::kUnreachable;
    set.assertions.push_back(u);
  }
  ReachQuestion forth{questions[0].from, questions[0].to, FlowSpec{}};
  ReachQuestion back{questions[0].to, questions[0].from, FlowSpec{}};
  for (const Assertion& r : questionsAsAssertions({forth, back}).assertions)
    set.assertions.push_back(r);
  Assertion iso;
  iso.id = "isolated";
  iso.kind = AssertionKind::kIsolated;
  iso.segments.resize(2);
  iso.segments[0].selectors = {selectorOf(forth.from)};
  iso.segments[1].selectors = {selectorOf(forth.to)};
  set.assertions.push_back(iso);

  DiagnosticEngine diags;
  Analyzer pruned(net, {.jobs = 1, .interval_pruning = true});
  Analyzer solver_only(net, {.jobs = 1, .interval_pruning = false});
  CheckReport a = pruned.check(set, diags);
  CheckReport b = solver_only.check(set, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(a.results.size() == set.assertions.size());
  REQUIRE(b.results.size() == set.assertions.size());
  Simulator sim(net);
  HeaderClasses classes(net, sim);
  ++tally.networks;
  if (!net.transit_gateways.empty()) ++tally.tgw_networks;
  if (!net.load_balancers.empty()) ++tally.lb_networks;
  if (gen.dualStack()) ++tally.dual_networks;
  auto context = [&](const ReachQuestion& q) {
    std::ostringstream o;
    o << "seed " << seed << ", question " << q.text() << "\n" << testing::describeNetwork(net);
    return o.str();
  };
  for (const CheckReport* report : {&a, &b})
    for (const std::string& e : report->internal_errors)
      if (++tally.internal <= 3) FAIL_CHECK(e << "\n" << context(questions[0]));
  for (size_t i = questions.size(); i < set.assertions.size(); ++i) {
    if (overBudget(b.results[i])) {
      ++tally.budget_unknown;
      continue;
    }
    if (a.results[i].verdict != b.results[i].verdict && ++tally.mismatches <= 3)
      FAIL_CHECK(set.assertions[i].id << ": pruning " << verdictName(a.results[i].verdict)
                                      << " vs solver only " << verdictName(b.results[i].verdict)
                                      << "\n"
                                      << context(questions[0]));
  }
  for (size_t i = 0; i < duals; ++i) {
    Verdict reach = a.results[i].verdict;
    Verdict dual = a.results[questions.size() + i].verdict;
    Verdict expected = reach == Verdict::kHolds      ? Verdict::kViolated
                       : reach == Verdict::kViolated ? Verdict::kHolds
                                                     : Verdict::kUnknown;
    if (dual != expected && ++tally.inconsistent <= 3)
      FAIL_CHECK("reachable " << verdictName(reach) << " but unreachable " << verdictName(dual)
                              << "\n"
                              << context(questions[i]));
  }
  {
    Verdict f = a.results[questions.size() + duals].verdict;
    Verdict r = a.results[questions.size() + duals + 1].verdict;
    Verdict i = a.results.back().verdict;
    Verdict expected = f == Verdict::kHolds || r == Verdict::kHolds         ? Verdict::kViolated
                       : f == Verdict::kViolated && r == Verdict::kViolated ? Verdict::kHolds
                                                                            : Verdict::kUnknown;
    if (i != expected && ++tally.inconsistent <= 3)
      FAIL_CHECK("isolated " << verdictName(i) << " but the two directions are " << verdictName(f)
                             << " and " << verdictName(r) << "\n"
                             << context(forth));
  }
  for (size_t i = 0; i < questions.size(); ++i) {
    const ReachQuestion& q = questions[i];
    const AssertionResult& ra = a.results[i];
    const AssertionResult& rb = b.results[i];
    ++tally.questions;
    std::vector<SimEnd> from = endsOf(net, q.from), to = endsOf(net, q.to);
    bool budget = overBudget(rb);  // the pruned answer is still checked below
    if (budget) ++tally.budget_unknown;
    if (!budget && ra.verdict != rb.verdict) {
      if (++tally.mismatches <= 3)
        FAIL_CHECK("pruning " << verdictName(ra.verdict) << " (" << ra.reason << ") vs solver only "
                              << verdictName(rb.verdict) << " (" << rb.reason << ")\n"
                              << context(q));
      continue;
    }
    // A proof that does not cover IPv6 routed out of the model (NAT64) is
    // unknown; the rest of the network is still checked, as for
    // "unreachable".
    bool not_analysed =
        ra.verdict == Verdict::kUnknown &&
        ra.reason.rfind("the proof does not cover IPv6 that segproof does not analyse", 0) == 0;
    if (ra.verdict == Verdict::kUnknown && !not_analysed) {
      ++tally.unknown;
      FAIL_CHECK("unknown: " << ra.reason << "\n" << context(q));
      continue;
    }
    if (ra.verdict == Verdict::kHolds) {
      ++tally.reachable;
      bool crossed = false;
      for (const Witness& w : ra.witnesses)
        for (const PathHop& h : w.hops) crossed = crossed || h.step == "transit gateway";
      if (crossed) ++tally.through_tgw;
      if (std::any_of(ra.witnesses.begin(), ra.witnesses.end(),
                      [](const Witness& w) { return !w.packet.source.isV4(); }))
        ++tally.v6_witnesses;
      bool balanced = false;
      for (const AssertionResult* r : {&ra, &rb}) {
        if (r->witnesses.empty()) {
          FAIL_CHECK("reachable without a witness\n" << context(q));
          continue;
        }
        for (const Witness& w : r->witnesses) {
          std::string problem = witnessProblem(net, sim, q, from, to, w, balanced);
          if (!problem.empty() && ++tally.bad_witnesses <= 3)
            FAIL_CHECK("witness " << w.packet.str() << ": " << problem << "\n" << context(q));
        }
      }
      if (balanced) ++tally.through_lb;
      continue;
    }
    if (not_analysed) ++tally.not_analysed;
    else ++tally.unreachable;
    for (const SimEnd& f : from) {
      for (const SimEnd& t : to) {
        if (sameEnd(f, t)) continue;
        std::optional<FlowPacket> p = exhaustiveSearch(net, sim, classes, q.flow, f, t, tally);
        if (!p) continue;
        if (++tally.missed <= 3)
          FAIL_CHECK("the analyzer says unreachable but the simulator delivers "
                     << p->str() << " from " << sim.describe(f) << " to " << sim.describe(t)
                     << "\n"
                     << context(q));
        goto next_question;
      }
    }
  next_question:;
  }
}

TEST_CASE("differential: random networks, pruning vs solver only vs the packet simulator",
          "[solve][differential]") {
  int count = envInt("SEGPROOF_DIFF_COUNT", 300);
  uint32_t first = static_cast<uint32_t>(envInt("SEGPROOF_DIFF_SEED", 1));
  Tally tally;
  for (int n = 0; n < count; ++n) runNetwork(first + static_cast<uint32_t>(n), tally);
  WARN("differential: seeds "
       << first << "-" << first + static_cast<uint32_t>(count) - 1 << ": " << tally.networks
       << " networks, " << tally.questions << " questions: " << tally.reachable << " reachable, "
       << tally.unreachable << " unreachable (confirmed by " << tally.simulated
       << " simulated packets), " << tally.unknown << " unknown; " << tally.mismatches
       << " verdict mismatches, " << tally.bad_witnesses << " bad witnesses, " << tally.missed
       << " missed flows, " << tally.inconsistent << " inconsistent kinds, " << tally.internal
       << " internal errors; " << tally.tgw_networks << " networks with transit gateways, "
       << tally.through_tgw << " witnesses through them; " << tally.lb_networks
       << " networks with load balancers, " << tally.through_lb << " witnesses through them; "
       << tally.budget_unknown << " solver-only answers over the candidate budget; "
       << tally.dual_networks << " dual-stack networks, " << tally.v6_witnesses
       << " IPv6 witnesses, " << tally.not_analysed << " answers unknown for IPv6 not analysed");
  CHECK(tally.mismatches == 0);
  // The solver-only cross-check decides nearly every question.
  CHECK(tally.budget_unknown * 20 < tally.questions);
  CHECK(tally.bad_witnesses == 0);
  CHECK(tally.missed == 0);
  CHECK(tally.inconsistent == 0);
  CHECK(tally.internal == 0);
  CHECK(tally.unknown == 0);
  // The generator must exercise both answers.
  CHECK(tally.reachable * 10 > tally.questions);
  CHECK(tally.unreachable * 10 > tally.questions);
  // ... and transit gateways.
  CHECK(tally.tgw_networks * 5 > tally.networks);
  CHECK(tally.through_tgw * 100 > tally.reachable);
  // ... and load balancers.
  CHECK(tally.lb_networks * 5 > tally.networks);
  CHECK(tally.through_lb * 100 > tally.reachable);
  // ... and IPv6, over enough networks to tell.
  if (tally.networks >= 100) {
    REQUIRE(tally.dual_networks * 5 > tally.networks);
    CHECK(tally.v6_witnesses * 50 > tally.reachable);
  }
}

}  // namespace
}  // namespace segproof
