// Network ACL hygiene (checks.h): entries that never decide a packet, denies
// that change nothing, duplicate rule numbers, entries whose order decides
// what they do, and tcp/udp entries without a port range. docs/lint.md gives
// the exact definitions and how they compare with cfn_nag and KICS.
//
// AWS reads the entries of one ACL and one direction by increasing number;
// the first that matches decides, and a final rule (*) denies the rest. An
// IPv4 packet only meets IPv4 entries and an IPv6 packet only IPv6 entries,
// so each family is judged apart; the numbers are shared by both families.
//
// Entries are judged as sets of headers (address x protocol x destination
// port x ICMP type and code), exactly. Addresses are compressed: the blocks
// of one family in one ACL cut the address line into a few intervals, and an
// address set is a set of interval indices, so IPv6 is as exact as IPv4.
//
// Soundness. An entry is exact when AWS reads it as segproof does: no unknown
// value, and a port range written where AWS needs one. Only exact entries
// cover or subtract packets; an inexact one is used in its widest form, and
// only where being wider can only hide a finding ("could some later allow
// match?"). A deny is judged ineffective only when the inputs hold every
// entry its ACL can have.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "encode/header_space.h"
#include "lint/catalogue.h"
#include "aws/rule_match.h"
#include "lint/checks.h"

namespace segproof::lint {

namespace {

// A header set larger than this is not judged (no finding): ACLs hold tens
// of entries, so it is only reached by pathological inputs.
constexpr size_t kMaxCubes = 4096;

// A 128-bit address (hi, lo); IPv4 lives in lo.
using Wide = std::pair<uint64_t, uint64_t>;

Wide firstOf(const Cidr& cidr) { return {cidr.address.hi, cidr.address.lo}; }

Wide lastOf(const Cidr& cidr) {
  if (cidr.isV4()) return {0, cidr.lastV4()};
  const int host = 128 - cidr.prefix_length;
  uint64_t hi_mask = 0, lo_mask = 0;
  if (host >= 64) {
    lo_mask = ~0ULL;
    if (host > 64) hi_mask = ~0ULL >> (128 - host);
  } else if (host > 0) {
    lo_mask = ~0ULL >> (64 - host);
  }
  return {cidr.address.hi | hi_mask, cidr.address.lo | lo_mask};
}

// The address that follows `value`; nullopt past the last IPv6 address.
std::optional<Wide> next(const Wide& value) {
  if (value.second != ~0ULL) return Wide{value.first, value.second + 1};
  if (value.first != ~0ULL) return Wide{value.first + 1, 0};
  return std::nullopt;
}

// Maps the blocks of one family to interval indices: every block is a range
// of indices, and two blocks share an address exactly when their ranges
// share an index.
class AddressSpace {
 public:
  explicit AddressSpace(const std::vector<Cidr>& blocks) {
    starts_.push_back({0, 0});
    for (const Cidr& block : blocks) {
      starts_.push_back(firstOf(block));
      if (auto after = next(lastOf(block))) starts_.push_back(*after);
    }
    std::sort(starts_.begin(), starts_.end());
    starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());
  }
  IntervalSet of(const Cidr& block) const {
    return IntervalSet::range(index(firstOf(block)), index(lastOf(block)));
  }

 private:
  uint64_t index(const Wide& address) const {
    auto at = std::upper_bound(starts_.begin(), starts_.end(), address);
    return static_cast<uint64_t>(at - starts_.begin()) - 1;
  }
  std::vector<Wide> starts_;
};

bool tcpOrUdp(int protocol) { return protocol == kTcp || protocol == kUdp; }

const aws::NetworkAclRuleSpec& specOf(const LintContext& context, const LintRule& rule) {
  return context.resources.network_acl_rules[rule.spec];
}

// A port the input writes (the Terraform mapper gives an absent port of
// aws_network_acl_rule the provider's 0, without a location).
bool written(const std::optional<aws::Located<long long>>& port) {
  return port && port->location.known();
}

// Whether a tcp/udp entry lacks one or both ends of its port range. Ports
// that are written but unknown are not missing.
bool missingPorts(const LintContext& context, const LintRule& rule) {
  const aws::NetworkAclRuleSpec& spec = specOf(context, rule);
  // The protocol as written: a range the provider completes with 0 may be
  // reversed (53-0), which leaves the entry without a valid match.
  auto protocol = aws::protocolNumber(spec.match.protocol.value);
  if (!protocol || !tcpOrUdp(*protocol)) return false;
  if (written(spec.match.from_port) && written(spec.match.to_port)) return false;
  // An unknown value that is neither the CIDR nor the action may be a port.
  for (const aws::UnknownValue& unknown : spec.unknowns) {
    const SourceLocation& at = unknown.location;
    bool cidr = at.str() == spec.cidr.location.str();
    bool action = at.str() == spec.action.location.str();
    if (!cidr && !action) return false;
  }
  return true;
}

// One entry of one ACL and direction, with a match and a CIDR.
struct Entry {
  const LintRule* rule = nullptr;
  bool exact = true;
  Cube cube;            // in its family's address space; the widest form when inexact
  std::string summary;  // "allow tcp 443 from 10.0.0.0/16"
};

std::string protocolText(const Match& match, bool v6) {
  switch (match.protocol) {
    case kAnyProtocol:
      return "all protocols";
    case kTcp:
      return "tcp";
    case kUdp:
      return "udp";
    case kIcmp:
      return "icmp";
    case kIcmpV6:
      return v6 ? "icmpv6" : "icmpv6 (any type: IPv4 entry)";
    default:
      return "protocol " + std::to_string(match.protocol);
  }
}

std::string summaryOf(const Entry& entry, bool missing) {
  const LintRule& rule = *entry.rule;
  const Match& match = *rule.match;
  bool v6 = !rule.cidr->isV4();
  std::string text = (rule.allow ? "allow " : "deny ") + protocolText(match, v6);
  if (tcpOrUdp(match.protocol)) {
    if (missing)
      text += " (no port range)";
    else if (match.ports.from == match.ports.to)
      text += " " + std::to_string(match.ports.from);
    else
      text += " " + std::to_string(match.ports.from) + "-" + std::to_string(match.ports.to);
  } else if ((match.protocol == kIcmp || (match.protocol == kIcmpV6 && v6)) &&
             match.icmp_type != -1) {
    text += " type " + std::to_string(match.icmp_type);
    if (match.icmp_code != -1) text += " code " + std::to_string(match.icmp_code);
  }
  text += (rule.direction == Direction::kIngress ? " from " : " to ") + rule.cidr->str();
  if (rule.has_unknowns) text += " (some values not fixed by the input)";
  return text;
}

Cube cubeOf(const LintRule& rule, const AddressSpace& space) {
  const Match& match = *rule.match;
  Cube cube;
  cube.set(Field::kSrcIp, space.of(*rule.cidr));
  if (match.protocol == kAnyProtocol) return cube;
  cube.set(Field::kProtocol, IntervalSet::point(static_cast<uint64_t>(match.protocol)));
  if (tcpOrUdp(match.protocol)) {
    cube.set(Field::kDstPort, IntervalSet::range(static_cast<uint64_t>(match.ports.from),
                                                 static_cast<uint64_t>(match.ports.to)));
  }
  // AWS ignores the type and code of an ICMPv6 entry with an IPv4 CIDR.
  bool icmp = match.protocol == kIcmp || (match.protocol == kIcmpV6 && !rule.cidr->isV4());
  if (icmp && match.icmp_type != -1) {
    cube.set(Field::kIcmpType, IntervalSet::point(static_cast<uint64_t>(match.icmp_type)));
    if (match.icmp_code != -1)
      cube.set(Field::kIcmpCode, IntervalSet::point(static_cast<uint64_t>(match.icmp_code)));
  }
  return cube;
}

// The entries of one ACL, direction and family, by increasing number
// (input order among equal numbers).
std::vector<Entry> entriesOf(const LintContext& context,
                             const std::vector<const LintRule*>& rules) {
  std::vector<Cidr> blocks;
  for (const LintRule* rule : rules) blocks.push_back(*rule->cidr);
  AddressSpace space(blocks);
  std::vector<Entry> entries;
  for (const LintRule* rule : rules) {
    Entry entry;
    entry.rule = rule;
    bool missing = missingPorts(context, *rule);
    entry.exact = !rule->has_unknowns && !missing;
    entry.cube = cubeOf(*rule, space);
    entry.summary = summaryOf(entry, missing);
    entries.push_back(std::move(entry));
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.rule->number < b.rule->number; });
  return entries;
}

// `set` minus `cube`, or nullopt when the result grows past kMaxCubes.
std::optional<HeaderSet> minus(const HeaderSet& set, const Cube& cube) {
  HeaderSet rest = set.subtract(cube);
  if (rest.size() > kMaxCubes) {
    rest.simplify();
    if (rest.size() > kMaxCubes) return std::nullopt;
  }
  return rest;
}

// What reaches entries[i]: its cube minus the earlier entries (exact ones
// only when `exact_only`, else every earlier entry in its widest form).
// nullopt when too large to judge.
std::optional<HeaderSet> reaching(const std::vector<Entry>& entries, size_t i, bool exact_only) {
  HeaderSet rest(entries[i].cube);
  for (size_t j = 0; j < entries.size() && !rest.empty(); ++j) {
    const Entry& earlier = entries[j];
    if (earlier.rule->number >= entries[i].rule->number) break;
    if (exact_only && !earlier.exact) continue;
    auto smaller = minus(rest, earlier.cube);
    if (!smaller) return std::nullopt;
    rest = std::move(*smaller);
  }
  return rest;
}

std::string directionWord(Direction direction) {
  return direction == Direction::kIngress ? "ingress" : "egress";
}

std::string ruleName(const Entry& entry) {
  return directionWord(entry.rule->direction) + " rule " + std::to_string(entry.rule->number);
}

std::string listOf(const std::vector<const Entry*>& entries) {
  std::string text;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) text += i + 1 == entries.size() ? " and " : ", ";
    text += std::to_string(entries[i]->rule->number) + " (" + entries[i]->summary + ")";
  }
  return text;
}

// The judgements of one ACL, direction and family.
class FamilyJudge {
 public:
  FamilyJudge(std::vector<Entry> entries, bool complete, std::vector<LintFinding>& out)
      : entries_(std::move(entries)), complete_(complete), out_(out) {}

  void run() {
    shadowed_.assign(entries_.size(), false);
    for (size_t i = 0; i < entries_.size(); ++i) shadowed(i);
    if (complete_)
      for (size_t i = 0; i < entries_.size(); ++i) ineffectiveDeny(i);
    overlaps();
  }

 private:
  // Earlier exact entries (lower numbers) that share a header with entries_[i].
  std::vector<const Entry*> exactEarlierMeeting(size_t i) const {
    std::vector<const Entry*> found;
    for (const Entry& earlier : entries_) {
      if (earlier.rule->number >= entries_[i].rule->number) break;
      if (earlier.exact && earlier.cube.intersects(entries_[i].cube)) found.push_back(&earlier);
    }
    return found;
  }

  void shadowed(size_t i) {
    const Entry& entry = entries_[i];
    auto rest = reaching(entries_, i, /*exact_only=*/true);
    if (!rest || !rest->empty()) return;
    shadowed_[i] = true;
    std::vector<const Entry*> covers = exactEarlierMeeting(i);
    std::vector<const Entry*> opposite;
    for (const Entry* cover : covers)
      if (cover->rule->allow != entry.rule->allow) opposite.push_back(cover);
    std::string message =
        ruleName(entry) + " (" + entry.summary + ") never decides a packet: earlier rule" +
        (covers.size() > 1 ? "s " : " ") + listOf(covers) +
        (covers.size() > 1 ? " match" : " matches") + " everything it matches first";
    if (!opposite.empty()) {
      message += entry.rule->allow ? "; what it should allow is denied by rule "
                                   : "; what it should deny is allowed by rule ";
      for (size_t k = 0; k < opposite.size(); ++k)
        message += (k > 0 ? ", " : "") + std::to_string(opposite[k]->rule->number);
    }
    out_.push_back(ruleFinding("nacl-rule-shadowed", *entry.rule, message,
                              "give it a lower number than the rules that cover it, or remove it"));
  }

  // A deny is ineffective when no packet it denies would be allowed without
  // it: every later entry that could allow a packet it decides is reached by
  // none of them. A deny of every packet of its family restates the final
  // rule on purpose and is not reported.
  void ineffectiveDeny(size_t i) {
    const Entry& entry = entries_[i];
    const Match& match = *entry.rule->match;
    if (entry.rule->allow || shadowed_[i]) return;
    if (match.protocol == kAnyProtocol && entry.rule->cidr->prefix_length == 0) return;
    auto rest = reaching(entries_, i, /*exact_only=*/true);
    if (!rest || rest->empty()) return;
    HeaderSet left = std::move(*rest);
    for (size_t j = 0; j < entries_.size() && !left.empty(); ++j) {
      const Entry& later = entries_[j];
      if (j == i || later.rule->number < entry.rule->number) continue;
      if (later.rule->allow) {
        if (!left.intersect(later.cube).empty()) return;  // it may allow some of them
        continue;
      }
      // A deny allows nothing whatever its unknown values, but only an exact
      // one is known to take packets.
      if (!later.exact) continue;
      auto smaller = minus(left, later.cube);
      if (!smaller) return;
      left = std::move(*smaller);
    }
    out_.push_back(ruleFinding(
        "nacl-deny-ineffective", *entry.rule,
        ruleName(entry) + " (" + entry.summary +
            ") has no effect: no later rule allows any packet it denies, so the final rule (*) "
            "of the ACL would deny them anyway",
        "remove it, or if it is meant to carve an exception out of an allow, give it a lower "
        "number than that allow"));
  }

  // Pairs (a before b, different actions) that both match some packet that
  // reaches a, where b is not shadowed and a is not an exception carved out
  // of b (everything reaching a is inside b: the usual "deny this part, then
  // allow the rest" idiom). Both entries are reported.
  void overlaps() {
    std::vector<std::vector<const Entry*>> partners(entries_.size());
    for (size_t a = 0; a < entries_.size(); ++a) {
      if (!entries_[a].exact || shadowed_[a]) continue;
      auto reaches_a = reaching(entries_, a, /*exact_only=*/false);
      if (!reaches_a || reaches_a->empty()) continue;
      for (size_t b = a + 1; b < entries_.size(); ++b) {
        const Entry& first = entries_[a];
        const Entry& second = entries_[b];
        if (!second.exact || shadowed_[b] || first.rule->allow == second.rule->allow) continue;
        if (second.rule->number == first.rule->number) continue;  // order undefined: duplicates
        if (reaches_a->intersect(second.cube).empty()) continue;
        if (minus(*reaches_a, second.cube).value_or(HeaderSet::all()).empty()) continue;
        partners[a].push_back(&second);
        partners[b].push_back(&first);
      }
    }
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (partners[i].empty()) continue;
      const Entry& entry = entries_[i];
      std::vector<const Entry*> earlier, later;
      for (const Entry* other : partners[i])
        (other->rule->number < entry.rule->number ? earlier : later).push_back(other);
      std::string message = ruleName(entry) + " (" + entry.summary + ")";
      if (!later.empty())
        message += " decides packets that later rule" + std::string(later.size() > 1 ? "s " : " ") +
                   listOf(later) + " would decide the other way";
      if (!earlier.empty())
        message += std::string(later.empty() ? "" : ";") +
                   " loses packets it matches to earlier rule" + (earlier.size() > 1 ? "s " : " ") +
                   listOf(earlier) + " with the other action";
      message += ": their order decides";
      out_.push_back(ruleFinding("nacl-overlapping-entries", *entry.rule, message,
                                "check that the lower-numbered rule is meant to win where they "
                                "overlap, or narrow one of them so that they do not overlap"));
    }
  }

  std::vector<Entry> entries_;
  bool complete_;
  std::vector<LintFinding>& out_;
  std::vector<bool> shadowed_;
};

// Whether an uncertainty may stand for entries that are not in the inputs:
// something left out, instances not counted, a module not read. Assumptions
// about a value ("is taken to ...", "is judged as written") hide nothing,
// nor does an IPv6 block known only once deployed (its addresses are left
// out, not any rule).
bool mayHideEntries(const aws::UncertaintySpec& uncertainty) {
  if (uncertainty.effect.find("its IPv6 addresses are left out") != std::string::npos) return false;
  for (const char* effect : {"left out", "one instance is analysed", "not analysed"})
    if (uncertainty.effect.find(effect) != std::string::npos) return true;
  return false;
}

// Whether the inputs hold every entry `acl` can have: it is defined in them
// (a custom ACL, or an adopted default ACL keeping only written entries), no
// entry names an ACL the input does not fix, and nothing that may hide an
// entry concerns its VPC or an unnamed VPC.
bool entriesComplete(const LintContext& context, const std::string& acl) {
  const aws::Resources& in = context.resources;
  auto spec = std::find_if(in.network_acls.begin(), in.network_acls.end(),
                           [&](const aws::NetworkAclSpec& a) { return a.name == acl; });
  if (spec == in.network_acls.end()) return false;
  for (const LintRule& rule : context.rules)
    if (rule.owner == LintRule::Owner::kNetworkAcl && !rule.parent_known) return false;
  for (const aws::UncertaintySpec& uncertainty : in.uncertainties) {
    if (!mayHideEntries(uncertainty)) continue;
    if (!uncertainty.vpc.given() || uncertainty.vpc.address == spec->vpc.address) return false;
  }
  return true;
}

void duplicateNumbers(const std::vector<const LintRule*>& rules, std::vector<LintFinding>& out) {
  std::map<int, std::vector<const LintRule*>> by_number;
  for (const LintRule* rule : rules) by_number[rule->number].push_back(rule);
  for (const auto& [number, same] : by_number) {
    if (same.size() < 2) continue;
    for (const LintRule* rule : same) {
      std::string others;
      for (const LintRule* other : same) {
        if (other == rule) continue;
        others += (others.empty() ? "" : ", ") + other->element +
                  (other->location.known() ? " (" + other->location.str() + ")" : "");
      }
      out.push_back(ruleFinding(
          "nacl-duplicate-number", *rule,
          directionWord(rule->direction) + " rule number " + std::to_string(number) + " of " +
              rule->parent + " is also used by " + others +
              ": AWS keeps one entry per number and direction and rejects the others",
          "give each " + directionWord(rule->direction) + " entry of the ACL its own number"));
    }
  }
}

void missingPortRange(const LintContext& context, const LintRule& rule,
                      std::vector<LintFinding>& out) {
  if (!missingPorts(context, rule)) return;
  const aws::MatchSpec& match = specOf(context, rule).match;
  std::string protocol = aws::protocolNumber(match.protocol.value) == kTcp ? "tcp" : "udp";
  std::string what = written(match.from_port) ? "only the first port of its range is written"
                     : written(match.to_port) ? "only the last port of its range is written"
                                     : "no port range is written";
  std::string reading;
  if (rule.element.find("aws_network_acl_rule.") != std::string::npos) {
    // The provider sends an absent port as 0.
    long long from = match.from_port ? match.from_port->value : 0;
    long long to = match.to_port ? match.to_port->value : 0;
    std::string range = std::to_string(from) + "-" + std::to_string(to);
    reading = "Terraform sends an absent from_port or to_port as 0, so AWS " +
              (from > to ? "receives the reversed range " + range + " and rejects the entry"
                         : "reads ports " + range + ", not every port");
  } else if (rule.element.rfind("aws_", 0) == 0 || rule.element.rfind("module.", 0) == 0)
    reading =
        "Terraform requires from_port and to_port in the ingress and egress blocks of an "
        "ACL, so the configuration is rejected";
  else
    reading =
        "AWS requires a port range for tcp and udp entries (CloudFormation PortRange), so "
        "EC2 rejects the entry";
  out.push_back(ruleFinding("nacl-missing-port-range", rule,
                           directionWord(rule.direction) + " rule " + std::to_string(rule.number) +
                               " (" + protocol + ") of " + rule.parent + ": " + what + "; " +
                               reading,
                           "write the port range, e.g. 443-443, or 0-65535 for every port"));
}

// Entries ModelBuilder rejects (no valid match or CIDR, an action other
// than allow or deny) are left to its diagnostics.
bool judgeable(const LintContext& context, const LintRule& rule) {
  if (!rule.match || !rule.cidr) return false;
  std::string action = specOf(context, rule).action.value;
  for (char& c : action) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return action == "allow" || action == "deny";
}

}  // namespace

std::vector<LintFinding> naclHygieneFindings(const LintContext& context) {
  std::vector<LintFinding> out;
  // (ACL, direction) -> its entries in input order.
  std::map<std::pair<std::string, Direction>, std::vector<const LintRule*>> acls;
  for (const LintRule& rule : context.rules) {
    if (rule.owner != LintRule::Owner::kNetworkAcl) continue;
    missingPortRange(context, rule, out);
    // Entries naming the same value the inputs do not fix (one parameter,
    // one variable) belong to the same ACL; entries naming none do not.
    bool unnamed = !rule.parent_known && rule.parent.ends_with(" not given");
    if (!unnamed) acls[{rule.parent, rule.direction}].push_back(&rule);
  }
  for (const auto& [key, rules] : acls) {
    duplicateNumbers(rules, out);
    bool complete = entriesComplete(context, key.first);
    for (IpFamily family : {IpFamily::kV4, IpFamily::kV6}) {
      std::vector<const LintRule*> judged;
      for (const LintRule* rule : rules)
        if (judgeable(context, *rule) && rule->cidr->family() == family) judged.push_back(rule);
      if (judged.empty()) continue;
      FamilyJudge(entriesOf(context, judged), complete, out).run();
    }
  }
  return out;
}

}  // namespace segproof::lint
