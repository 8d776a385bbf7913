// Soundness of unknown values on random networks: some rules are marked as
// having unknown values, and the Analyzer's verdict over the marked network
// must agree with its verdict over every concrete network the marks allow
// (each marked rule kept as written, dropped, or narrowed to a sub-block of
// its CIDR), whenever it is not unknown. The concrete verdicts are those of
// the plain engine, itself checked against a concrete evaluator by
// differential_test.cc. SEGPROOF_UNKNOWNS_COUNT sets the number of networks.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "segproof/segproof.h"
#include "solve/random_network_test_util.h"

namespace segproof {
namespace {

using testing::chance;
using testing::GeneratedNetwork;
using testing::NetworkGenerator;
using testing::uniformInt;

int countFromEnv() {
  const char* text = std::getenv("SEGPROOF_UNKNOWNS_COUNT");
  return text == nullptr || *text == '\0' ? 80 : std::atoi(text);
}

// A sub-block of `cidr`: some of its addresses, as a value of the unknown
// might give.
Cidr narrowed(std::mt19937& rng, const Cidr& cidr) {
  if (cidr.prefix_length >= 32) return cidr;
  int length = std::min(32, cidr.prefix_length + uniformInt(rng, 1, 8));
  uint64_t size = uint64_t{1} << (32 - cidr.prefix_length);  // addresses in the block
  uint64_t step = uint64_t{1} << (32 - length);              // addresses in the sub-block
  uint64_t offset = (static_cast<uint64_t>(rng()) % (size / step)) * step;
  return Cidr{IpAddress::v4(cidr.address.v4() + static_cast<uint32_t>(offset)), length};
}

// A value for every marked rule: as written, absent, or narrower.
Network instantiate(std::mt19937& rng, const Network& marked) {
  Network out = marked;
  auto choose = [&](auto& rules, auto narrow) {
    for (size_t i = rules.size(); i-- > 0;) {
      if (rules[i].unknowns.empty()) continue;
      int pick = uniformInt(rng, 0, 2);
      if (pick == 1)
        rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(i));
      else if (pick == 2)
        narrow(rules[i]);
    }
    for (auto& r : rules) r.unknowns.clear();
  };
  for (SecurityGroup& g : out.security_groups)
    choose(g.rules, [&](SecurityGroupRule& r) {
      if (r.peer.kind == RulePeer::Kind::kCidr && r.peer.cidr.isV4())
        r.peer.cidr = narrowed(rng, r.peer.cidr);
    });
  for (NetworkAcl& a : out.network_acls)
    choose(a.rules, [&](NetworkAclRule& r) {
      if (r.cidr.isV4()) r.cidr = narrowed(rng, r.cidr);
    });
  return out;
}

std::vector<Verdict> verdicts(const Network& net, const AssertionSet& set) {
  Analyzer analyzer(net, {.jobs = 1});
  DiagnosticEngine diags;
  CheckReport report = analyzer.check(set, diags);
  REQUIRE_FALSE(diags.hasErrors());
  std::vector<Verdict> out;
  for (const AssertionResult& r : report.results) out.push_back(r.verdict);
  return out;
}

TEST_CASE("unknowns: verdicts hold for every value of the unknowns (random networks)",
          "[solve][unknowns][property]") {
  int networks = countFromEnv();
  size_t decided = 0, undecided = 0, wrong = 0;
  for (int n = 0; n < networks; ++n) {
    uint32_t seed = 9000 + static_cast<uint32_t>(n);
    NetworkGenerator gen(seed);
    GeneratedNetwork g;
    gen.generate(g);
    std::mt19937& rng = gen.rng();
    Network marked = g.b.network();
    for (SecurityGroup& grp : marked.security_groups)
      for (SecurityGroupRule& r : grp.rules)
        if (chance(rng, 0.3)) r.unknowns.push_back({"var.sg" + std::to_string(n), {}});
    for (NetworkAcl& a : marked.network_acls)
      for (NetworkAclRule& r : a.rules)
        if (chance(rng, 0.3)) r.unknowns.push_back({"var.acl" + std::to_string(n), {}});
    AssertionSet set;
    for (const testing::ReachQuestion& q : gen.questions(g, 8)) {
      for (AssertionKind kind : {AssertionKind::kReachable, AssertionKind::kUnreachable}) {
        DiagnosticEngine diags;
        Assertion a;
        a.id = q.text();
        a.kind = kind;
        a.from = {*parseSelector(q.from, {}, diags)};
        a.to = {*parseSelector(q.to, {}, diags)};
        a.flow = q.flow;
        set.assertions.push_back(a);
      }
    }
    std::vector<Verdict> bounded = verdicts(marked, set);
    for (int k = 0; k < 3; ++k) {
      std::vector<Verdict> concrete = verdicts(instantiate(rng, marked), set);
      for (size_t i = 0; i < set.assertions.size(); ++i) {
        if (bounded[i] == Verdict::kUnknown || concrete[i] == Verdict::kUnknown) continue;
        if (bounded[i] != concrete[i] && ++wrong <= 3)
          FAIL_CHECK("seed " << seed << ", " << set.assertions[i].id << ": "
                             << verdictName(bounded[i]) << " with unknowns, "
                             << verdictName(concrete[i]) << " for one value");
      }
    }
    for (Verdict v : bounded) (v == Verdict::kUnknown ? undecided : decided) += 1;
  }
  WARN("unknowns: " << decided << " verdicts decided, " << undecided << " unknown, " << wrong
                    << " contradicted by a value");
  CHECK(wrong == 0);
  CHECK(decided > 0);
  CHECK(undecided > 0);
}

}  // namespace
}  // namespace segproof
