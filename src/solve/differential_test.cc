// Differential tests of the Analyzer on random small networks:
//   - interval pruning on and off (every candidate path decided by Z3) must
//     give the same verdict to every question;
//   - every witness of a reachable flow must be delivered by an independent
//     concrete evaluator (concrete_eval_test_util.h);
//   - for unreachable answers, packets sampled near the rules' edges must not
//     be delivered by that evaluator either;
//   - `unreachable` answers as the dual of `reachable`, and `isolated` as the
//     two directions of `reachable` with any protocol.
// Each failure prints the seed, the question and the whole network.
// SEGPROOF_DIFF_COUNT sets the number of networks (default 300);
// SEGPROOF_DIFF_SEED the first seed.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <optional>
#include <sstream>

#include "segproof/segproof.h"
#include "solve/concrete_eval_test_util.h"
#include "solve/random_network_test_util.h"

namespace segproof {
namespace {

using testing::ConcreteEvaluator;
using testing::End;
using testing::GeneratedNetwork;
using testing::NetworkGenerator;
using testing::Probe;
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
// query/selector.h): interfaces by name, subnet, group or VPC; the internet.
struct Ends {
  std::vector<InterfaceId> interfaces;
  bool internet = false;
};

Ends endsOf(const Network& net, const std::string& selector) {
  Ends e;
  size_t colon = selector.find(':');
  std::string kind = selector.substr(0, colon);
  std::string name = colon == std::string::npos ? "" : selector.substr(colon + 1);
  e.internet = selector == "internet" || selector == "any";
  for (size_t k = 0; k < net.interfaces.size(); ++k) {
    const Interface& i = net.interfaces[k];
    bool in = selector == "any" || (kind == "resource" && i.name == name) ||
              (kind == "subnet" && net.at(i.subnet).name == name) ||
              (kind == "vpc" && net.at(net.at(i.subnet).vpc).name == name);
    for (SecurityGroupId g : i.security_groups) in = in || (kind == "sg" && net.at(g).name == name);
    if (in) e.interfaces.push_back(InterfaceId{static_cast<int32_t>(k)});
  }
  return e;
}

// The end of `ends` that owns `address`, if any.
std::optional<End> owner(const ConcreteEvaluator& eval, const Ends& ends, uint32_t address) {
  for (InterfaceId i : ends.interfaces)
    if (eval.addressOf(i) == address) return End{false, i};
  if (ends.internet && ConcreteEvaluator::isInternet(address)) return End{true, {}};
  return std::nullopt;
}

Probe probeOf(const FlowPacket& p) {
  Probe q;
  q.src = p.source.v4();
  q.dst = p.destination.v4();
  q.protocol = p.protocol;
  q.sport = p.source_port;
  q.dport = p.destination_port;
  q.icmp_type = p.icmp_type;
  q.icmp_code = p.icmp_code;
  return q;
}

bool portAllowed(const FlowSpec& flow, int port) {
  if (flow.ports.empty()) return true;
  for (const PortRange& r : flow.ports)
    if (port >= r.from && port <= r.to) return true;
  return false;
}

// What the witness itself must satisfy, independently of paths: the ends'
// addresses, the flow, the ephemeral source port, and the groups at both ends
// when no NAT stands between them; and the concrete evaluator delivers it.
std::string witnessProblem(const ConcreteEvaluator& eval, const Network& net,
                           const ReachQuestion& q, const Ends& from_ends, const Ends& to_ends,
                           const Witness& w) {
  Probe p = probeOf(w.packet);
  std::optional<End> from = owner(eval, from_ends, p.src);
  std::optional<End> to = owner(eval, to_ends, p.dst);
  if (!from)
    return "source address " + IpAddress::v4(p.src).str() + " does not belong to " + q.from;
  if (!to)
    return "destination address " + IpAddress::v4(p.dst).str() + " does not belong to " + q.to;
  if (q.flow.protocol != kAnyProtocol && p.protocol != q.flow.protocol) return "wrong protocol";
  if ((p.protocol == kTcp || p.protocol == kUdp) && !portAllowed(q.flow, p.dport))
    return "destination port outside the flow";
  if ((p.protocol == kTcp || p.protocol == kUdp) && (p.sport < 1024 || p.sport > 65535))
    return "source port not ephemeral";
  bool via_nat = false;
  for (const std::string& place : w.places) via_nat = via_nat || place.rfind("NAT gateway", 0) == 0;
  if (!from->internet) {
    std::vector<SecurityGroupId> peer;
    if (!to->internet) peer = net.at(to->iface).security_groups;
    if (!eval.groupsAdmit(net.at(from->iface).security_groups, Direction::kEgress, p, peer))
      return "the source's security groups do not admit the packet on egress";
  }
  if (!to->internet && !via_nat) {
    std::vector<SecurityGroupId> peer;
    if (!from->internet) peer = net.at(from->iface).security_groups;
    if (!eval.groupsAdmit(net.at(to->iface).security_groups, Direction::kIngress, p, peer))
      return "the destination's security groups do not admit the packet";
  }
  if (!eval.delivers(*from, *to, p)) return "the concrete evaluator does not deliver the packet";
  return "";
}

// Packets of the question's flow between random members of the ends, near
// the edges of the rules: a search for counterexamples to "unreachable".
std::vector<std::pair<std::pair<End, End>, Probe>> samplePackets(std::mt19937& rng,
                                                                 const ConcreteEvaluator& eval,
                                                                 const ReachQuestion& q,
                                                                 const Ends& from_ends,
                                                                 const Ends& to_ends, int count) {
  static const std::vector<uint32_t> internet = {
      testing::v4Of("8.8.8.8"),  testing::v4Of("54.0.0.0"),       testing::v4Of("54.255.255.255"),
      testing::v4Of("52.0.0.9"), testing::v4Of("53.255.255.255"), testing::v4Of("8.0.0.0"),
      testing::v4Of("1.1.1.1"),  testing::v4Of("203.0.113.10"),   testing::v4Of("100.128.0.1")};
  static const std::vector<int> dports = {0,    22,   80,   443,   3306,  8080,
                                          8090, 1023, 1024, 32767, 32768, 65535};
  static const std::vector<int> sports = {1024, 1025, 8080, 8090, 8091, 32767, 32768, 49152, 65535};
  auto pickEnd = [&](const Ends& ends) {
    int n = static_cast<int>(ends.interfaces.size()) + (ends.internet ? 1 : 0);
    int k = testing::uniformInt(rng, 0, n - 1);
    if (k < static_cast<int>(ends.interfaces.size()))
      return End{false, ends.interfaces[static_cast<size_t>(k)]};
    return End{true, {}};
  };
  std::vector<std::pair<std::pair<End, End>, Probe>> out;
  if (from_ends.interfaces.empty() && !from_ends.internet) return out;
  if (to_ends.interfaces.empty() && !to_ends.internet) return out;
  for (int i = 0; i < count; ++i) {
    End from = pickEnd(from_ends), to = pickEnd(to_ends);
    Probe p;
    p.src = from.internet ? testing::oneOf(rng, internet) : eval.addressOf(from.iface);
    p.dst = to.internet ? testing::oneOf(rng, internet) : eval.addressOf(to.iface);
    p.protocol = q.flow.protocol != kAnyProtocol
                     ? q.flow.protocol
                     : testing::oneOf(rng, std::vector<int>{kTcp, kUdp, kIcmp, 50});
    if (p.protocol == kTcp || p.protocol == kUdp) {
      p.sport = testing::oneOf(rng, sports);
      p.dport = q.flow.ports.empty() ? testing::oneOf(rng, dports) : q.flow.ports.front().from;
    } else if (p.protocol == kIcmp) {
      p.icmp_type = testing::oneOf(rng, std::vector<int>{0, 8, 3});
    }
    out.push_back({{from, to}, p});
  }
  return out;
}

struct Tally {
  int networks = 0, questions = 0, reachable = 0, unreachable = 0, unknown = 0;
  int mismatches = 0, bad_witnesses = 0, missed = 0, inconsistent = 0;
};

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
  ConcreteEvaluator eval(net);
  ++tally.networks;
  auto context = [&](const ReachQuestion& q) {
    std::ostringstream o;
    o << "seed " << seed << ", question " << q.text() << "\n" << testing::describeNetwork(net);
    return o.str();
  };
  for (size_t i = questions.size(); i < set.assertions.size(); ++i) {
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
    Ends from = endsOf(net, q.from), to = endsOf(net, q.to);
    if (ra.verdict != rb.verdict) {
      if (++tally.mismatches <= 3)
        FAIL_CHECK("pruning " << verdictName(ra.verdict) << " (" << ra.reason << ") vs solver only "
                              << verdictName(rb.verdict) << " (" << rb.reason << ")\n"
                              << context(q));
      continue;
    }
    if (ra.verdict == Verdict::kUnknown) {
      ++tally.unknown;
      FAIL_CHECK("unknown: " << ra.reason << "\n" << context(q));
      continue;
    }
    if (ra.verdict == Verdict::kHolds) {
      ++tally.reachable;
      for (const AssertionResult* r : {&ra, &rb}) {
        if (r->witnesses.empty()) {
          FAIL_CHECK("reachable without a witness\n" << context(q));
          continue;
        }
        std::string problem = witnessProblem(eval, net, q, from, to, r->witnesses.front());
        if (!problem.empty() && ++tally.bad_witnesses <= 3)
          FAIL_CHECK("witness " << r->witnesses.front().packet.str() << ": " << problem << "\n"
                                << context(q));
      }
      continue;
    }
    ++tally.unreachable;
    for (const auto& [ends, p] : samplePackets(gen.rng(), eval, q, from, to, 60)) {
      if (!eval.delivers(ends.first, ends.second, p)) continue;
      if (++tally.missed <= 3)
        FAIL_CHECK("the analyzer says unreachable but " << p.str() << " is delivered\n"
                                                        << context(q));
      break;
    }
  }
}

TEST_CASE("differential: random networks, pruning vs solver only vs concrete evaluation",
          "[solve][differential]") {
  int count = envInt("SEGPROOF_DIFF_COUNT", 300);
  uint32_t first = static_cast<uint32_t>(envInt("SEGPROOF_DIFF_SEED", 1));
  Tally tally;
  for (int n = 0; n < count; ++n) runNetwork(first + static_cast<uint32_t>(n), tally);
  WARN("differential: " << tally.networks << " networks, " << tally.questions
                        << " questions: " << tally.reachable << " reachable, " << tally.unreachable
                        << " unreachable, " << tally.unknown << " unknown; " << tally.mismatches
                        << " verdict mismatches, " << tally.bad_witnesses << " bad witnesses, "
                        << tally.missed << " missed flows, " << tally.inconsistent
                        << " inconsistent kinds");
  CHECK(tally.mismatches == 0);
  CHECK(tally.bad_witnesses == 0);
  CHECK(tally.missed == 0);
  CHECK(tally.inconsistent == 0);
  // The generator must exercise both answers.
  CHECK(tally.reachable * 10 > tally.questions);
  CHECK(tally.unreachable * 10 > tally.questions);
}

}  // namespace
}  // namespace segproof
