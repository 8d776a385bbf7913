// Rules that admit the internet: one finding per security group rule or
// network ACL entry whose peer is every address (any /0), categorised by
// what it opens. The ports that count as sensitive are the built-in pack's
// (queries/default.yaml): the `unreachable` assertions from the internet.
//
// A network ACL is first-match: an allow entry opens only what the entries
// before it (lower numbers, same direction) leave to it, so its exposure is
// computed exactly over header spaces (source address x protocol x port).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "encode/header_space.h"
#include "encode/rule_sets.h"
#include "lint/catalogue.h"
#include "lint/checks.h"
#include "segproof/query/assertion.h"

namespace segproof::lint {

namespace {

// One protocol and port range the pack keeps from the internet.
struct SensitiveRange {
  int protocol = kTcp;
  PortRange ports;
  std::string assertion;  // the pack assertion that names it
  bool admin = false;     // remote administration (internet-management-ports)
};

constexpr const char* kAdminAssertion = "internet-management-ports";

const std::vector<SensitiveRange>& sensitiveRanges() {
  static const std::vector<SensitiveRange> ranges = [] {
    std::vector<SensitiveRange> out;
    DiagnosticEngine scratch;
    for (const Assertion& assertion : builtinAssertions(scratch).assertions) {
      if (assertion.kind != AssertionKind::kUnreachable) continue;
      bool from_internet = std::any_of(assertion.from.begin(), assertion.from.end(),
                                       [](const Selector& s) {
                                         return s.kind == Selector::Kind::kInternet;
                                       });
      int protocol = assertion.flow.protocol;
      if (!from_internet || (protocol != kTcp && protocol != kUdp)) continue;
      for (const PortRange& ports : assertion.flow.ports)
        out.push_back({protocol, ports, assertion.id, assertion.id == kAdminAssertion});
    }
    return out;
  }();
  return ranges;
}

std::string portsText(const Interval& interval) {
  return interval.lo == interval.hi ? std::to_string(interval.lo)
                                    : std::to_string(interval.lo) + "-" + std::to_string(interval.hi);
}

// What an open rule exposes: destination ports per protocol (tcp, udp), and
// whether anything of other protocols gets through.
struct Exposure {
  IntervalSet tcp;
  IntervalSet udp;
  bool other = false;  // icmp or other protocols
  bool empty() const { return tcp.empty() && udp.empty() && !other; }
};

Exposure exposureOf(const HeaderSet& set) {
  PortsByProtocol ports = portsByProtocol(set);
  Exposure out;
  out.tcp = std::move(ports.tcp);
  out.udp = std::move(ports.udp);
  out.other = ports.icmp || ports.other;
  return out;
}

Exposure exposureOf(const Match& match) {
  HeaderSet set(matchCube(match));
  return exposureOf(set);
}

struct Categorised {
  std::vector<std::string> sensitive;
  bool admin = false;
};

Categorised categorise(const Exposure& exposure) {
  Categorised out;
  for (const SensitiveRange& range : sensitiveRanges()) {
    const IntervalSet& open = range.protocol == kTcp ? exposure.tcp : exposure.udp;
    IntervalSet hit = open.intersect(IntervalSet::range(static_cast<uint64_t>(range.ports.from),
                                                        static_cast<uint64_t>(range.ports.to)));
    for (const Interval& interval : hit.intervals()) {
      out.sensitive.push_back(protocolName(range.protocol) + "/" + portsText(interval) + " (" +
                              range.assertion + ")");
      out.admin = out.admin || range.admin;
    }
  }
  return out;
}

RuleFacts factsOf(const LintRule& rule, const Exposure& exposure, const Categorised& category) {
  RuleFacts facts;
  facts.owner = rule.parent;
  facts.network_acl = rule.owner == LintRule::Owner::kNetworkAcl;
  facts.direction = rule.direction;
  facts.protocol = rule.match->protocol;
  facts.ports = rule.match->ports;
  facts.peer = rule.cidr_text;
  facts.peer_canonical = rule.cidr->str();
  const IntervalSet& ports = rule.match->protocol == kUdp ? exposure.udp : exposure.tcp;
  for (const Interval& interval : ports.intervals())
    facts.exposed_ports.push_back(
        {static_cast<int>(interval.lo), static_cast<int>(interval.hi)});
  facts.sensitive = category.sensitive;
  return facts;
}

std::string peerText(const LintRule& rule) {
  std::string canonical = rule.cidr->str();
  if (canonical == rule.cidr_text) return canonical;
  return rule.cidr_text + " (AWS reads it as " + canonical + ")";
}

std::string what(const LintRule& rule) {
  const Match& match = *rule.match;
  return matchText(match);
}

std::string sensitiveList(const Categorised& category) {
  std::string out;
  for (const std::string& item : category.sensitive) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// --- security groups -------------------------------------------------------

std::optional<LintFinding> securityGroupFinding(const LintRule& rule) {
  Exposure exposure = exposureOf(*rule.match);
  Categorised category = categorise(exposure);
  bool all = rule.match->protocol == kAnyProtocol;
  const char* check = nullptr;
  std::string message;
  std::string fix;
  if (rule.direction == Direction::kIngress) {
    std::string head = "admits " + what(rule) + " from " + peerText(rule) + ", every internet address";
    if (all) {
      check = "sg-ingress-all-protocols";
      message = "security group rule " + head;
      fix = "admit only the protocols and ports the service needs, from the addresses that need "
            "them (a load balancer's group, a VPN range, a prefix list)";
    } else if (category.admin) {
      check = "sg-ingress-admin-port";
      message = "security group rule " + head + ": remote administration " +
                sensitiveList(category);
      fix = "remove the rule; reach administration ports through SSM Session Manager, a VPN or a "
            "bastion, or admit only a fixed administration range";
    } else if (!category.sensitive.empty()) {
      check = "sg-ingress-sensitive-port";
      message = "security group rule " + head + ": " + sensitiveList(category);
      fix = "admit the service only from the groups of its clients (security group references) "
            "or a private range";
    } else if ((rule.match->protocol == kTcp || rule.match->protocol == kUdp) &&
               rule.match->ports.from != rule.match->ports.to) {
      check = "sg-ingress-port-range";
      message = "security group rule " + head + ": a range of " +
                std::to_string(rule.match->ports.to - rule.match->ports.from + 1) + " ports";
      fix = "open only the ports the service listens on";
    } else {
      check = "sg-ingress-open";
      message = "security group rule " + head;
      fix = "if the service is public by design, suppress this finding with a reason in "
            ".segproof.yaml; otherwise admit only the clients that need it";
    }
  } else {
    std::string head = "lets " + what(rule) + " out to " + peerText(rule) + ", every internet address";
    if (all) {
      check = "sg-egress-all-protocols";
      message = "security group rule " + head;
      fix = "allow only the destinations and ports the workload needs (package mirrors, APIs "
            "through VPC endpoints or a proxy)";
    } else {
      check = "sg-egress-open";
      message = "security group rule " + head;
      fix = "restrict the destination to the addresses or prefix lists the workload talks to";
    }
  }
  LintFinding finding = ruleFinding(check, rule, std::move(message), std::move(fix));
  finding.rule = factsOf(rule, exposure, category);
  return finding;
}

// --- network ACLs ----------------------------------------------------------

// IPv6 addresses do not fit the header space (32-bit addresses); an IPv6
// entry's source field holds the top 32 bits of its block, exact for blocks
// of /32 and wider. Narrower IPv6 blocks are left out of the earlier entries
// an allow entry is judged against, which can only widen its exposure.
std::optional<IntervalSet> addressInterval(const Cidr& cidr) {
  if (cidr.isV4()) return IntervalSet::ofCidr(cidr);
  if (cidr.prefix_length > 32) return std::nullopt;
  uint64_t top = cidr.address.hi >> 32;
  uint64_t span = cidr.prefix_length == 0 ? (1ULL << 32) : (1ULL << (32 - cidr.prefix_length));
  return IntervalSet::range(top, top + span - 1);
}

// The internet as seen in an entry's address field, per family.
IntervalSet internetOf(const Cidr& cidr) {
  if (cidr.isV4()) return internetAddresses();
  return IntervalSet::range(0x20000000ULL, 0x3FFFFFFFULL);  // 2000::/3, global unicast
}

Cube entryCube(const LintRule& rule, const IntervalSet& addresses) {
  Cube cube = matchCube(*rule.match);
  cube.set(rule.direction == Direction::kIngress ? Field::kSrcIp : Field::kDstIp, addresses);
  return cube;
}

std::vector<LintFinding> aclFindings(const std::vector<const LintRule*>& entries) {
  std::vector<LintFinding> findings;
  for (size_t i = 0; i < entries.size(); ++i) {
    const LintRule& rule = *entries[i];
    if (!rule.allow || !rule.match || !rule.cidr || rule.has_unknowns ||
        !coversInternet(*rule.cidr))
      continue;
    HeaderSet left(entryCube(rule, internetOf(*rule.cidr)));
    std::vector<int> before;
    for (size_t j = 0; j < i && !left.empty(); ++j) {
      const LintRule& earlier = *entries[j];
      // Of entries sharing a number (AWS keeps whichever it got first and
      // refuses the others: nacl-duplicate-number), each is judged as the
      // one in effect.
      if (earlier.number >= rule.number) break;
      if (!earlier.match || !earlier.cidr || earlier.has_unknowns ||
          earlier.cidr->isV4() != rule.cidr->isV4())
        continue;
      auto addresses = addressInterval(*earlier.cidr);
      if (!addresses) continue;
      HeaderSet after = left.subtract(entryCube(earlier, *addresses));
      if (after.size() != left.size() || !(after.cubes() == left.cubes()))
        before.push_back(earlier.number);
      left = std::move(after);
      left.simplify();
    }
    if (left.empty()) continue;  // never decides anything: nacl-rule-shadowed says so
    Exposure exposure = exposureOf(left);
    Categorised category = categorise(exposure);
    bool all = rule.match->protocol == kAnyProtocol;
    std::string carve;
    if (!before.empty()) {
      carve = " (what entries ";
      for (size_t k = 0; k < before.size(); ++k)
        carve += (k ? ", " : "") + std::to_string(before[k]);
      carve += " decide first is left out)";
    }
    const char* check = nullptr;
    std::string message;
    std::string fix;
    std::string number = "network ACL entry " + std::to_string(rule.number) + " ";
    if (rule.direction == Direction::kIngress) {
      std::string head = number + "allows " + what(rule) + " in from " + peerText(rule) +
                         ", every internet address" + carve;
      if (all) {
        check = "nacl-ingress-all-protocols";
        message = head;
        fix = "allow in only the protocols and ports the subnet serves, and deny remote "
              "administration ports from 0.0.0.0/0 and ::/0 in entries numbered before it";
      } else if (category.admin) {
        check = "nacl-ingress-admin-port";
        message = head + ": remote administration " + sensitiveList(category);
        fix = "deny remote administration ports from 0.0.0.0/0 and ::/0 in an entry numbered "
              "before this one, or narrow the entry";
      } else if (!category.sensitive.empty()) {
        check = "nacl-ingress-sensitive-port";
        message = head + ": " + sensitiveList(category);
        fix = "narrow the entry's ports or sources, or deny the sensitive ports in an earlier "
              "entry";
      } else if ((rule.match->protocol == kTcp || rule.match->protocol == kUdp) &&
                 rule.match->ports.all()) {
        check = "nacl-ingress-port-range";
        message = head + ": every " + protocolName(rule.match->protocol) + " port";
        fix = "allow only the service ports and the ephemeral range replies need";
      } else {
        continue;  // one service port or a partial range: ordinary for a public subnet
      }
    } else {
      if (!all) continue;
      check = "nacl-egress-all-protocols";
      message = number + "allows " + what(rule) + " out to " + peerText(rule) +
                ", every internet address" + carve;
      fix = "allow out only the protocols and ports the subnet needs";
    }
    LintFinding finding = ruleFinding(check, rule, std::move(message), std::move(fix));
    finding.rule = factsOf(rule, exposure, category);
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace

std::vector<LintFinding> openRuleFindings(const LintContext& context) {
  std::vector<LintFinding> findings;
  // Entries of each ACL and direction, in evaluation order.
  std::map<std::pair<std::string, Direction>, std::vector<const LintRule*>> acls;
  for (const LintRule& rule : context.rules) {
    if (rule.owner == LintRule::Owner::kNetworkAcl) {
      acls[{rule.parent, rule.direction}].push_back(&rule);
      continue;
    }
    // A rule with values the input does not fix is written in its widest
    // form; judging that form would invent findings (lint notes the count).
    if (!rule.match || !rule.cidr || rule.has_unknowns || !coversInternet(*rule.cidr)) continue;
    if (auto finding = securityGroupFinding(rule)) findings.push_back(std::move(*finding));
  }
  for (auto& [key, entries] : acls) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const LintRule* a, const LintRule* b) { return a->number < b->number; });
    for (LintFinding& finding : aclFindings(entries)) findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace segproof::lint
