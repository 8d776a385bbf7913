#include "solve/unknowns.h"

#include <algorithm>

namespace segproof {

namespace {

constexpr size_t kMaxNamed = 5;

bool sameLocation(const SourceLocation& a, const SourceLocation& b) {
  return a.file == b.file && a.line == b.line && a.column == b.column;
}

std::string unknownText(const UnknownValue& u) {
  if (!u.location.known()) return u.description;
  return u.description + " (" + u.location.str() + ")";
}

// "a, b, c, d, e and 3 more".
std::string listOf(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < kMaxNamed; ++i)
    out += (i == 0 ? "" : separator) + items[i];
  if (items.size() > kMaxNamed) out += " and " + std::to_string(items.size() - kMaxNamed) + " more";
  return out;
}

void addUnknowns(std::vector<std::string>& names, const std::vector<UnknownValue>& unknowns) {
  for (const UnknownValue& u : unknowns) {
    std::string text = unknownText(u);
    if (std::find(names.begin(), names.end(), text) == names.end())
      names.push_back(std::move(text));
  }
}

// Unknowns of the rules a witness hop names (by the rule's location), and of
// the ACL deny rules OVER dropped from an ACL the hop passes (they decide
// nothing on OVER's path, yet they would have stopped it).
void addHopUnknowns(std::vector<std::string>& names, const Network& network, const PathHop& hop) {
  if (!hop.location.known()) return;
  for (const SecurityGroup& g : network.security_groups)
    for (const SecurityGroupRule& r : g.rules)
      if (!r.unknowns.empty() && sameLocation(r.provenance.location, hop.location))
        addUnknowns(names, r.unknowns);
  for (const NetworkAcl& a : network.network_acls) {
    bool passed = hop.element.rfind(a.name + " (subnet ", 0) == 0;
    for (const NetworkAclRule& r : a.rules) {
      if (r.unknowns.empty()) continue;
      if (sameLocation(r.provenance.location, hop.location) || (passed && !r.allow))
        addUnknowns(names, r.unknowns);
    }
  }
}

bool proofVerdict(const AssertionResult& result) {
  return result.verdict != Verdict::kUnknown && !witnessVerdict(result);
}

}  // namespace

bool hasUnknownRules(const Network& network) {
  for (const SecurityGroup& g : network.security_groups)
    for (const SecurityGroupRule& r : g.rules)
      if (!r.unknowns.empty()) return true;
  for (const NetworkAcl& a : network.network_acls)
    for (const NetworkAclRule& r : a.rules)
      if (!r.unknowns.empty()) return true;
  return false;
}

std::optional<Network> overApproximation(const Network& network) {
  bool uncertain_deny = false;
  for (const NetworkAcl& a : network.network_acls)
    for (const NetworkAclRule& r : a.rules)
      uncertain_deny = uncertain_deny || (!r.allow && !r.unknowns.empty());
  if (!uncertain_deny) return std::nullopt;
  Network over = network;
  for (NetworkAcl& a : over.network_acls)
    std::erase_if(a.rules, [](const NetworkAclRule& r) { return !r.allow && !r.unknowns.empty(); });
  return over;
}

Network underApproximation(const Network& network) {
  Network under = network;
  for (SecurityGroup& g : under.security_groups)
    std::erase_if(g.rules, [](const SecurityGroupRule& r) { return !r.unknowns.empty(); });
  for (NetworkAcl& a : under.network_acls)
    std::erase_if(a.rules, [](const NetworkAclRule& r) { return r.allow && !r.unknowns.empty(); });
  return under;
}

bool witnessVerdict(const AssertionResult& result) {
  bool positive = result.assertion.kind == AssertionKind::kReachable;
  return result.verdict == (positive ? Verdict::kHolds : Verdict::kViolated);
}

AssertionResult combineBounds(const Network& network, AssertionResult over, AssertionResult under) {
  size_t paths = over.paths_explored + under.paths_explored;
  size_t calls = over.solver_calls + under.solver_calls;
  AssertionResult out;
  if (witnessVerdict(under)) {
    out = std::move(under);
  } else if (proofVerdict(over)) {
    out = std::move(over);
  } else {
    // OVER finds a flow (or gives up) and UNDER does not.
    std::string reason = under.verdict == Verdict::kUnknown ? under.reason
                         : over.verdict == Verdict::kUnknown
                             ? over.reason
                             : dependsReason(network, over.witnesses);
    out = std::move(over);
    out.verdict = Verdict::kUnknown;
    out.reason = std::move(reason);
    out.witnesses.clear();
    out.flows = 0;
  }
  out.paths_explored = paths;
  out.solver_calls = calls;
  return out;
}

std::string dependsReason(const Network& network, const std::vector<Witness>& witnesses) {
  std::vector<std::string> names;
  for (const Witness& w : witnesses)
    for (const PathHop& hop : w.hops) addHopUnknowns(names, network, hop);
  return "depends on unknown values: " +
         (names.empty() ? ruleUnknownsText(network) : listOf(names, ", "));
}

std::string ruleUnknownsText(const Network& network) {
  std::vector<std::string> names;
  for (const SecurityGroup& g : network.security_groups)
    for (const SecurityGroupRule& r : g.rules) addUnknowns(names, r.unknowns);
  for (const NetworkAcl& a : network.network_acls)
    for (const NetworkAclRule& r : a.rules) addUnknowns(names, r.unknowns);
  return listOf(names, ", ");
}

std::string uncertaintiesText(const Network& network) {
  std::vector<std::string> items;
  for (const Uncertainty& u : network.uncertainties)
    items.push_back(unknownText(u.value) + ": " + u.effect);
  return listOf(items, "; ");
}

UncertainVpcs uncertainVpcs(const Network& network) {
  UncertainVpcs out;
  if (network.uncertainties.empty()) return out;
  out.any = true;
  out.vpcs.assign(network.vpcs.size(), false);
  for (const Uncertainty& u : network.uncertainties) {
    if (u.vpc.valid())
      out.vpcs[u.vpc.value] = true;
    else
      out.everywhere = true;
  }
  return out;
}

}  // namespace segproof
