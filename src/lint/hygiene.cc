// Security group, VPC, subnet and route hygiene (checks.h): redundant rules,
// unused groups, groups outside the inputs, default groups that are not
// emptied (this file); public IPv4 addresses, data stores behind a route to an
// internet gateway, and peering routes wider than the peer VPC
// (hygiene_routes.cc). docs/lint.md gives the exact meaning of each and how
// it compares with other scanners.
//
// Every check reads the resources as written; route-data-store-igw takes the
// effective route tables from the built network when there is one.
#include "lint/hygiene.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "lint/catalogue.h"
#include "lint/checks.h"

namespace segproof::lint {

namespace hygiene {

bool endsWith(const std::string& text, std::string_view suffix) {
  return text.size() > suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const aws::UncertaintySpec* uncertaintyAt(const aws::Resources& resources,
                                          const SourceLocation& where) {
  for (const aws::UncertaintySpec& u : resources.uncertainties) {
    const SourceLocation& at = u.value.location;
    if (at.file == where.file && at.line == where.line && at.column == where.column) return &u;
  }
  return nullptr;
}

}  // namespace hygiene

namespace {

using hygiene::endsWith;

constexpr std::string_view kDefaultGroupSuffix = "/default-security-group";

bool identifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Whether `text` (the description of an unknown value) names `address` as a
// whole: "aws_security_group.a.id" names aws_security_group.a, not
// aws_security_group.ab nor module.m.aws_security_group.a.
bool mentions(const std::string& text, const std::string& address) {
  for (size_t at = text.find(address); at != std::string::npos; at = text.find(address, at + 1)) {
    size_t end = at + address.size();
    bool starts = at == 0 || !(identifierChar(text[at - 1]) || text[at - 1] == '.');
    if (starts && (end == text.size() || !identifierChar(text[end]))) return true;
  }
  return false;
}

// The address without its instance key: "aws_security_group.a[0]" ->
// "aws_security_group.a".
std::string withoutKey(const std::string& address) {
  if (address.empty() || address.back() != ']') return address;
  size_t open = address.rfind('[');
  return open == std::string::npos ? address : address.substr(0, open);
}

// ---- sg-duplicate-rule ----------------------------------------------------

bool matchCovers(const Match& wide, const Match& narrow) {
  if (wide.protocol == kAnyProtocol) return true;
  if (wide.protocol != narrow.protocol) return false;
  if (wide.protocol == kTcp || wide.protocol == kUdp)
    return wide.ports.from <= narrow.ports.from && narrow.ports.to <= wide.ports.to;
  if (wide.protocol == kIcmp || wide.protocol == kIcmpV6) {
    if (wide.icmp_type == -1) return true;
    return wide.icmp_type == narrow.icmp_type &&
           (wide.icmp_code == -1 || wide.icmp_code == narrow.icmp_code);
  }
  return true;
}

// The peer of a rule, with "self" and a group naming itself made one.
struct Peer {
  enum class Kind { kCidr, kPrefixList, kGroup, kNone } kind = Kind::kNone;
  std::string name;
  std::optional<Cidr> cidr;
};

Peer peerOf(const aws::SecurityGroupRuleSpec& spec, const LintRule& rule) {
  Peer peer;
  if (spec.self) {
    peer.kind = Peer::Kind::kGroup;
    peer.name = spec.security_group.address;
  } else if (spec.peer_group.given()) {
    peer.kind = spec.peer_group.unknown ? Peer::Kind::kNone : Peer::Kind::kGroup;
    peer.name = spec.peer_group.address;
  } else if (spec.prefix_list.given()) {
    peer.kind = spec.prefix_list.unknown ? Peer::Kind::kNone : Peer::Kind::kPrefixList;
    peer.name = spec.prefix_list.address;
  } else if (rule.cidr) {
    peer.kind = Peer::Kind::kCidr;
    peer.cidr = rule.cidr;
    peer.name = rule.cidr->str();
  }
  return peer;
}

bool peerCovers(const Peer& wide, const Peer& narrow) {
  if (wide.kind != narrow.kind || wide.kind == Peer::Kind::kNone) return false;
  if (wide.kind != Peer::Kind::kCidr) return wide.name == narrow.name;
  return wide.cidr->family() == narrow.cidr->family() && wide.cidr->contains(*narrow.cidr);
}

std::string peerText(const Peer& peer, Direction direction) {
  std::string way = direction == Direction::kIngress ? "from " : "to ";
  switch (peer.kind) {
    case Peer::Kind::kCidr:
      return way + peer.name;
    case Peer::Kind::kPrefixList:
      return way + "prefix list " + peer.name;
    case Peer::Kind::kGroup:
      return way + "members of " + peer.name;
    case Peer::Kind::kNone:
      break;
  }
  return way + "an unknown peer";
}

struct JudgedRule {
  const LintRule* rule;
  Peer peer;
};

// `narrow` duplicates (`same`) or is contained in `wide`.
std::string redundancy(const JudgedRule& narrow, const JudgedRule& wide, bool same) {
  const LintRule& r = *narrow.rule;
  std::string what = std::string(r.direction == Direction::kIngress ? "ingress" : "egress") +
                     " rule " + matchText(*r.match) + " " + peerText(narrow.peer, r.direction) +
                     " of " + r.parent;
  std::string other =
      wide.rule->element == r.element ? "another peer of the same rule" : wide.rule->element;
  if (same) return what + " duplicates " + other;
  return what + " is contained in " + other + " (" + matchText(*wide.rule->match) + " " +
         peerText(wide.peer, r.direction) + "): it admits nothing that rule does not";
}

void duplicateRules(const LintContext& context, std::vector<LintFinding>& out) {
  std::map<std::pair<std::string, Direction>, std::vector<JudgedRule>> groups;
  for (const LintRule& rule : context.rules) {
    if (rule.owner != LintRule::Owner::kSecurityGroup || !rule.parent_known || !rule.match ||
        rule.has_unknowns)
      continue;
    Peer peer = peerOf(context.resources.security_group_rules[rule.spec], rule);
    if (peer.kind != Peer::Kind::kNone)
      groups[{rule.parent, rule.direction}].push_back({&rule, std::move(peer)});
  }
  for (const auto& [key, rules] : groups) {
    for (size_t i = 0; i < rules.size(); ++i) {
      const JudgedRule& narrow = rules[i];
      for (size_t j = 0; j < rules.size(); ++j) {
        const JudgedRule& wide = rules[j];
        if (i == j || !matchCovers(*wide.rule->match, *narrow.rule->match) ||
            !peerCovers(wide.peer, narrow.peer))
          continue;
        bool same = matchCovers(*narrow.rule->match, *wide.rule->match) &&
                    peerCovers(narrow.peer, wide.peer);
        if (same && j > i) continue;  // of two equal rules, the later one is reported
        const LintRule& r = *narrow.rule;
        out.push_back(makeFinding("sg-duplicate-rule", r.resource, r.element, r.location,
                              redundancy(narrow, wide, same),
                              "remove the redundant rule, or narrow the wider one if this "
                              "narrower rule is what was meant"));
        break;
      }
    }
  }
}

// ---- sg-unused ------------------------------------------------------------

// What the inputs attach groups to, and unknown values that may name groups.
struct GroupUses {
  std::set<std::string> used;
  std::vector<std::string> maybe;  // descriptions of unknown values
  bool any_maybe = false;          // an unknown value that may name any group
};

// The description without the module path of the value's origin:
// "module.app[0].var.sg_ids" -> "var.sg_ids".
std::string withoutModulePath(std::string text) {
  while (text.rfind("module.", 0) == 0) {
    size_t end = 7;
    while (end < text.size() && identifierChar(text[end])) ++end;
    if (end < text.size() && text[end] == '[') {
      end = text.find(']', end);
      if (end == std::string::npos) return text;
      ++end;
    }
    if (end >= text.size() || text[end] != '.') return "";  // the module call's value itself
    text = text.substr(end + 1);
  }
  return text;
}

// Whether an unknown value where groups are attached may name any group of
// the inputs: a variable or parameter (the user may pass any group's id or
// name), an output of a module that is not read, or a description that
// elides part of the value (a conditional "var.x ? ... : ...", a call
// "concat(...)", "flatten"). Data sources, group ids and resource
// attributes name something specific.
bool mayNameAnyGroup(const std::string& description) {
  std::string text = withoutModulePath(description);
  if (text.find("...") != std::string::npos || text.find('(') != std::string::npos) return true;
  if (text.find('.') == std::string::npos) return text.rfind("sg-", 0) != 0;
  for (const char* prefix : {"var.", "local.", "Parameters."})
    if (text.rfind(prefix, 0) == 0) return true;
  return false;
}

void addUse(const aws::Ref& ref, const std::set<std::string>& groups, GroupUses& uses) {
  if (!ref.given()) return;
  if (!ref.unknown && groups.count(ref.address)) {
    uses.used.insert(ref.address);
    return;
  }
  // An outside group's stand-in is named by the value's description.
  if (mayNameAnyGroup(ref.address)) uses.any_maybe = true;
  uses.maybe.push_back(ref.address);
}

// The allow-all stand-ins the readers add for groups outside the inputs
// (outside_elements.h), named by the value that names them.
std::set<std::string> standIns(const aws::Resources& resources) {
  std::set<std::string> names;
  for (const aws::SecurityGroupRuleSpec& rule : resources.security_group_rules)
    if (rule.stand_in)
      names.insert(rule.security_group.address);
  return names;
}

GroupUses groupUses(const aws::Resources& resources, const std::set<std::string>& outside) {
  std::set<std::string> groups;
  for (const aws::SecurityGroupSpec& group : resources.security_groups)
    if (!outside.count(group.name)) groups.insert(group.name);
  GroupUses uses;
  for (const aws::InstanceSpec& spec : resources.instances)
    for (const aws::Ref& ref : spec.security_groups) addUse(ref, groups, uses);
  for (const aws::NetworkInterfaceSpec& spec : resources.network_interfaces)
    for (const aws::Ref& ref : spec.security_groups) addUse(ref, groups, uses);
  for (const aws::ServiceSpec& spec : resources.services)
    for (const aws::Ref& ref : spec.security_groups) addUse(ref, groups, uses);
  for (const aws::LoadBalancerSpec& spec : resources.load_balancers)
    for (const aws::Ref& ref : spec.security_groups) addUse(ref, groups, uses);
  for (const aws::Ref& ref : resources.other_group_uses) addUse(ref, groups, uses);
  // A module or nested stack that is not read, or dynamic blocks left out,
  // may attach any group (the readers' gap effects).
  for (const aws::UncertaintySpec& u : resources.uncertainties) {
    if (u.effect == "its resources are not analysed" || u.effect.rfind("they are left out", 0) == 0)
      uses.any_maybe = true;
  }
  return uses;
}

void unusedGroups(const LintContext& context, std::vector<LintFinding>& out) {
  std::set<std::string> outside = standIns(context.resources);
  GroupUses uses = groupUses(context.resources, outside);
  if (uses.any_maybe) return;
  for (const aws::SecurityGroupSpec& group : context.resources.security_groups) {
    if (group.is_default || outside.count(group.name) || uses.used.count(group.name)) continue;
    std::string base = withoutKey(group.name);
    bool maybe = std::any_of(uses.maybe.begin(), uses.maybe.end(), [&](const std::string& text) {
      return mentions(text, group.name) || mentions(text, base);
    });
    if (maybe) continue;
    std::set<std::string> peers_of;
    for (const aws::SecurityGroupRuleSpec& rule : context.resources.security_group_rules) {
      if (rule.peer_group.address == group.name && !rule.peer_group.unknown)
        peers_of.insert(rule.security_group.address);
    }
    std::string message = "security group " + group.name +
                          " is attached to nothing in the inputs: no instance, network "
                          "interface, database or other resource names it";
    if (!peers_of.empty()) {
      message += " (rules of ";
      for (const std::string& name : peers_of)
        message += (name == *peers_of.begin() ? "" : ", ") + name;
      message += " admit its members, but naming a group in a rule attaches it to nothing)";
    }
    out.push_back(makeFinding("sg-unused", group.provenance.address, group.provenance.address,
                          group.provenance.location, message,
                          "attach it to the resources it is meant to protect, or delete it"));
  }
}

// ---- sg-missing-group -----------------------------------------------------

bool groupInInputs(const aws::Resources& resources, const std::string& name) {
  for (const aws::SecurityGroupSpec& group : resources.security_groups)
    if (group.name == name) return true;
  if (!endsWith(name, kDefaultGroupSuffix)) return false;
  std::string vpc = name.substr(0, name.size() - kDefaultGroupSuffix.size());
  return std::any_of(resources.vpcs.begin(), resources.vpcs.end(),
                     [&](const aws::VpcSpec& spec) { return spec.name == vpc; });
}

// What a reference to a group outside the inputs is, for the message.
std::string outsideGroup(const aws::Ref& ref) {
  if (ref.address.rfind("sg-", 0) == 0)
    return "security group " + ref.address + ", a group id the inputs do not define";
  if (ref.unknown) return "the security group '" + ref.address + "', which the inputs do not fix";
  return "security group " + ref.address + ", which is not in the inputs";
}

void missingGroups(const LintContext& context, std::vector<LintFinding>& out) {
  const aws::Resources& resources = context.resources;
  for (const LintRule& rule : context.rules) {
    if (rule.owner != LintRule::Owner::kSecurityGroup) continue;
    const aws::SecurityGroupRuleSpec& spec = resources.security_group_rules[rule.spec];
    std::string fix =
        "nothing to change if the group is shared on purpose; otherwise declare it in the "
        "inputs (or add its definition to the analysed files) so its rules are checked";
    const aws::Ref& parent = spec.security_group;
    if (parent.unknown || (parent.given() && !groupInInputs(resources, parent.address))) {
      out.push_back(makeFinding("sg-missing-group", rule.resource, rule.element, parent.location,
                            "the rule belongs to " + outsideGroup(parent) +
                                ": it is judged as written, without the group's other rules "
                                "or members",
                            fix));
    }
    const aws::Ref& peer = spec.peer_group;
    if (peer.unknown || (peer.given() && !groupInInputs(resources, peer.address))) {
      std::string way = rule.direction == Direction::kIngress ? "admits" : "allows traffic to";
      out.push_back(makeFinding("sg-missing-group", rule.resource, rule.element, peer.location,
                            "the rule " + way + " members of " + outsideGroup(peer) +
                                ": its members are not known, so verdicts read the rule as "
                                "open to every address",
                            fix));
    }
  }
}

// ---- default-sg-not-restricted --------------------------------------------

bool terraformAddress(const std::string& address) {
  return address.rfind("aws_", 0) == 0 || address.find(".aws_") != std::string::npos;
}

void adoptedDefaultGroups(const LintContext& context, std::vector<LintFinding>& out) {
  for (const aws::SecurityGroupSpec& group : context.resources.security_groups) {
    if (!group.is_default) continue;
    std::vector<const LintRule*> rules;
    for (const LintRule& rule : context.rules) {
      if (rule.owner == LintRule::Owner::kSecurityGroup && rule.parent_known &&
          rule.parent == group.name)
        rules.push_back(&rule);
    }
    if (rules.empty()) continue;
    std::string message = "default security group " + group.name + " keeps " +
                          std::to_string(rules.size()) + (rules.size() == 1 ? " rule" : " rules") +
                          " (first: " + rules.front()->element +
                          "); CIS AWS Foundations 5.4 asks that the default group of every VPC "
                          "restrict all traffic";
    out.push_back(makeFinding("default-sg-not-restricted", group.provenance.address,
                          group.provenance.address, rules.front()->location, message,
                          "remove every ingress and egress rule of the default group, and give "
                          "resources security groups of their own"));
  }
}

void unadoptedDefaultGroups(const LintContext& context, std::vector<LintFinding>& out) {
  const aws::Resources& resources = context.resources;
  for (const aws::VpcSpec& vpc : resources.vpcs) {
    // The region's default VPC that a mapping adds for groups naming no VPC
    // is not declared in the inputs.
    if (vpc.name == "default VPC") continue;
    bool adopted = std::any_of(resources.security_groups.begin(), resources.security_groups.end(),
                               [&](const aws::SecurityGroupSpec& group) {
                                 return group.is_default && !group.vpc.unknown &&
                                        group.vpc.address == vpc.name;
                               });
    if (adopted) continue;
    std::string implicit = vpc.name + std::string(kDefaultGroupSuffix);
    size_t added = static_cast<size_t>(
        std::count_if(context.rules.begin(), context.rules.end(),
                      [&](const LintRule& rule) { return rule.parent == implicit; }));
    std::string message = "the default security group of VPC " + vpc.name +
                          " is not adopted and emptied in the inputs: AWS creates it admitting "
                          "all traffic from its members and allowing all outbound traffic";
    if (added > 0)
      message +=
          ", and " + std::to_string(added) + (added == 1 ? " rule adds" : " rules add") + " to it";
    std::string fix =
        terraformAddress(vpc.provenance.address)
            ? "adopt it with an aws_default_security_group naming this VPC and no ingress or "
              "egress blocks (Terraform then removes its rules)"
            : "a CloudFormation template cannot adopt the default group: revoke its two rules "
              "after creation (a custom resource, or the AWS Config rule "
              "vpc-default-security-group-closed with its remediation) and suppress this "
              "finding with that reason (a native model adopts it with `default: true` and no "
              "rules)";
    out.push_back(makeFinding("default-sg-not-restricted", vpc.provenance.address,
                          vpc.provenance.address, vpc.provenance.location, message, fix));
  }
}

}  // namespace

std::vector<LintFinding> hygieneFindings(const LintContext& context) {
  std::vector<LintFinding> out;
  duplicateRules(context, out);
  unusedGroups(context, out);
  missingGroups(context, out);
  adoptedDefaultGroups(context, out);
  unadoptedDefaultGroups(context, out);
  hygiene::publicAddressFindings(context, out);
  hygiene::routeFindings(context, out);
  return out;
}

}  // namespace segproof::lint
