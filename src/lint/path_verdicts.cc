// Path verdicts (path_verdicts.h).
#include "lint/path_verdicts.h"

#include <algorithm>

#include "encode/rule_sets.h"

namespace segproof::lint {

namespace {

// The model element a rule belongs to: by name or resource address.
template <class Element>
int findElement(const std::vector<Element>& elements, const std::string& address) {
  for (size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].name == address || elements[i].provenance.address == address)
      return static_cast<int>(i);
  }
  return -1;
}

PathVerdict unknown(std::string why) {
  PathVerdict verdict;
  verdict.kind = PathVerdict::Kind::kUnknown;
  verdict.summary = std::move(why);
  return verdict;
}

PathVerdict notReachable(std::string why) {
  PathVerdict verdict;
  verdict.kind = PathVerdict::Kind::kNotReachable;
  verdict.summary = std::move(why);
  return verdict;
}

FlowSpec flowOf(const RuleFacts& facts) {
  FlowSpec flow;
  flow.protocol = facts.protocol;
  if (facts.protocol == kTcp || facts.protocol == kUdp) flow.ports = facts.exposed_ports;
  return flow;
}

// The internet, of the rule's address family only: the rule's exposure is
// a question about its own family.
Selector internetSelector(bool ipv6) {
  Selector s;
  s.kind = Selector::Kind::kInternet;
  s.text = "internet";
  s.key = "family";
  s.cidr = ipv6 ? anyV6() : anyV4();
  return s;
}

Selector elementSelector(Selector::Kind kind, const std::string& prefix, const std::string& name) {
  Selector s;
  s.kind = kind;
  s.key = name;
  s.text = prefix + name;
  return s;
}

std::string blockedSummary(const AssertionResult& result) {
  if (!result.closest) {
    return result.reason.empty() ? "no path from the internet reaches an interface"
                                 : result.reason;
  }
  const BlockedExplanation& b = *result.closest;
  std::string out = "stopped at " + b.blocked_at.step;
  if (!b.blocked_at.element.empty()) out += " of " + b.blocked_at.element;
  if (!b.blocked_at.rule.empty()) out += ": " + b.blocked_at.rule;
  if (!b.reason.empty()) out += " (" + b.reason + ")";
  if (b.blocked_at.location.known()) out += " at " + b.blocked_at.location.str();
  return out;
}

PathVerdict ask(const Analyzer& analyzer, const std::vector<Selector>& from,
                const std::vector<Selector>& to, const FlowSpec& flow,
                std::vector<std::string>& internal_errors) {
  DiagnosticEngine scratch;  // selectors are built from the model: nothing to report
  AssertionResult result = analyzer.reach(from, to, flow, scratch);
  for (const std::string& error : result.internal_errors) internal_errors.push_back(error);
  PathVerdict verdict;
  switch (result.verdict) {
    case Verdict::kHolds:
      verdict.kind = PathVerdict::Kind::kReachable;
      if (!result.witnesses.empty()) {
        verdict.witness = result.witnesses.front();
        verdict.summary = verdict.witness->packet.str() + " from " + verdict.witness->source +
                          " reaches " + verdict.witness->destination;
      }
      break;
    case Verdict::kViolated:
      verdict.kind = PathVerdict::Kind::kNotReachable;
      verdict.blocked = result.closest;
      verdict.summary = blockedSummary(result);
      break;
    case Verdict::kUnknown:
      verdict.kind = PathVerdict::Kind::kUnknown;
      verdict.summary = result.reason.empty() ? "not decided" : result.reason;
      break;
  }
  return verdict;
}

PathVerdict decide(const Network& network, const Analyzer& analyzer, const LintFinding& finding,
                   std::vector<std::string>& internal_errors) {
  const RuleFacts& facts = *finding.rule;
  bool acl = facts.network_acl;
  bool ipv6 = facts.peer_canonical.find(':') != std::string::npos;
  if (ipv6 && !hasIpv6Interfaces(network))
    return notReachable("no interface in the inputs has an IPv6 address");
  std::vector<Selector> ends;
  std::string where;
  if (!acl) {
    int group = findElement(network.security_groups, facts.owner);
    if (group < 0)
      return unknown(facts.owner + " is not in the analysed network (its VPC or the group "
                                   "itself is not fixed by the inputs)");
    const SecurityGroup& sg = network.security_groups[static_cast<size_t>(group)];
    bool carried = std::any_of(network.interfaces.begin(), network.interfaces.end(),
                               [&](const Interface& i) {
                                 return std::find(i.security_groups.begin(),
                                                  i.security_groups.end(),
                                                  SecurityGroupId{group}) !=
                                        i.security_groups.end();
                               });
    if (!carried) return notReachable("no interface in the inputs carries " + sg.name);
    ends.push_back(elementSelector(Selector::Kind::kSecurityGroup, "sg:", sg.name));
  } else {
    int table = findElement(network.network_acls, facts.owner);
    if (table < 0)
      return unknown(facts.owner + " is not in the analysed network (its VPC or the ACL itself "
                                   "is not fixed by the inputs)");
    for (const Subnet& subnet : network.subnets) {
      if (subnet.network_acl.value == table)
        ends.push_back(elementSelector(Selector::Kind::kSubnet, "subnet:", subnet.name));
    }
    if (ends.empty())
      return notReachable(network.network_acls[static_cast<size_t>(table)].name +
                          " is associated with no subnet in the inputs");
    bool any_interface = std::any_of(network.interfaces.begin(), network.interfaces.end(),
                                     [&](const Interface& i) {
                                       return network.at(i.subnet).network_acl.value == table;
                                     });
    if (!any_interface)
      return notReachable("no interface in the inputs sits in a subnet of " +
                          network.network_acls[static_cast<size_t>(table)].name);
  }
  std::vector<Selector> internet = {internetSelector(ipv6)};
  FlowSpec flow = flowOf(facts);
  if (facts.direction == Direction::kIngress)
    return ask(analyzer, internet, ends, flow, internal_errors);
  return ask(analyzer, ends, internet, flow, internal_errors);
}

}  // namespace

void addPathVerdicts(const Network& network, const AnalyzerOptions& options,
                     std::vector<LintFinding>& findings,
                     std::vector<std::string>& internal_errors) {
  size_t total = static_cast<size_t>(std::count_if(
      findings.begin(), findings.end(),
      [](const LintFinding& f) { return f.rule && f.rule->open; }));
  if (total == 0) return;
  // Progress counts path verdicts, not the sub-problems of each question.
  AnalyzerOptions quiet = options;
  quiet.progress = nullptr;
  Analyzer analyzer(network, quiet);
  size_t decided = 0;
  for (LintFinding& finding : findings) {
    if (!finding.rule || !finding.rule->open) continue;
    finding.path = decide(network, analyzer, finding, internal_errors);
    if (options.progress) options.progress(++decided, total);
  }
}

void markPathsUnknown(std::vector<LintFinding>& findings, const std::string& why) {
  for (LintFinding& finding : findings) {
    if (finding.rule && finding.rule->open) finding.path = unknown(why);
  }
}

}  // namespace segproof::lint
