// Rules as AWS reads them, from the resources as written (rules.h).
#include "lint/rules.h"

#include <algorithm>
#include <cctype>

#include "aws/rule_match.h"

namespace segproof::lint {

namespace {

// The resource a rule belongs to: a rule written inside its group or ACL is
// addressed "<parent>.<list>[i]"; a separate rule resource is its own.
std::string resourceOf(const std::string& element, const aws::Ref& parent) {
  const std::string& owner = parent.address;
  if (!parent.unknown && !owner.empty() && element.size() > owner.size() + 1 &&
      element.compare(0, owner.size(), owner) == 0 && element[owner.size()] == '.')
    return owner;
  return element;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::vector<LintRule> lintRules(const aws::Resources& resources, DiagnosticEngine& problems) {
  std::vector<LintRule> rules;
  rules.reserve(resources.security_group_rules.size() + resources.network_acl_rules.size());
  for (size_t i = 0; i < resources.security_group_rules.size(); ++i) {
    const aws::SecurityGroupRuleSpec& spec = resources.security_group_rules[i];
    LintRule rule;
    rule.owner = LintRule::Owner::kSecurityGroup;
    rule.spec = i;
    rule.element = spec.provenance.address;
    rule.resource = resourceOf(rule.element, spec.security_group);
    rule.location = spec.provenance.location;
    rule.parent = spec.security_group.address;
    rule.parent_known = !spec.security_group.unknown;
    rule.direction = spec.direction;
    rule.match = aws::readMatch(spec.match, spec.provenance.location, problems);
    if (spec.cidr) {
      rule.cidr_text = spec.cidr->value;
      rule.cidr = parseCidr(spec.cidr->value).cidr;
    }
    rule.has_unknowns = !spec.unknowns.empty();
    const SourceLocation& peer = spec.peer_group.location;
    rule.only_peer_group_unknown =
        spec.peer_group.unknown && spec.unknowns.size() == 1 &&
        spec.unknowns[0].location.file == peer.file &&
        spec.unknowns[0].location.line == peer.line &&
        spec.unknowns[0].location.column == peer.column;
    rule.stand_in = spec.stand_in;
    rules.push_back(std::move(rule));
  }
  for (size_t i = 0; i < resources.network_acl_rules.size(); ++i) {
    const aws::NetworkAclRuleSpec& spec = resources.network_acl_rules[i];
    LintRule rule;
    rule.owner = LintRule::Owner::kNetworkAcl;
    rule.spec = i;
    rule.element = spec.provenance.address;
    rule.resource = resourceOf(rule.element, spec.network_acl);
    rule.location = spec.provenance.location;
    rule.parent = spec.network_acl.address;
    rule.parent_known = !spec.network_acl.unknown;
    rule.direction = spec.direction;
    rule.match = aws::readMatch(spec.match, spec.provenance.location, problems);
    rule.cidr_text = spec.cidr.value;
    rule.cidr = parseCidr(spec.cidr.value).cidr;
    rule.has_unknowns = !spec.unknowns.empty();
    rule.number = static_cast<int>(spec.number.value);
    rule.allow = lower(spec.action.value) == "allow";
    rules.push_back(std::move(rule));
  }
  return rules;
}

bool coversInternet(const Cidr& cidr) { return cidr.prefix_length == 0; }

}  // namespace segproof::lint
