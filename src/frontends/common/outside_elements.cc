#include "frontends/common/outside_elements.h"

#include <algorithm>

namespace segproof::frontends {

void OutsideElements::uncertain(const aws::UnknownValue& value, const std::string& effect,
                                const aws::Ref& vpc) {
  diags_.warning("unknown-value", value.location,
                 "'" + value.description + "' is not known: " + effect);
  out_.uncertainties.push_back({value, effect, vpc});
}

aws::Ref OutsideElements::group(const aws::UnknownValue& value, const std::string& base,
                                const aws::Ref& vpc) {
  std::string key = value.description + "|" + vpc.address;
  if (auto it = groups_.find(key); it != groups_.end()) return aws::Ref{it->second, value.location};
  bool taken = std::any_of(groups_.begin(), groups_.end(),
                           [&](const auto& entry) { return entry.second == base; });
  std::string name = taken ? base + " (" + vpc.address + ")" : base;
  groups_.emplace(key, name);
  // Which group it really is decides which "members of X" rules admit the
  // interfaces carrying it: the model cannot say, so proofs in that VPC
  // cannot rely on group membership.
  uncertain(value,
            "interfaces with this group may be members of any security group, which rules "
            "that admit members of a group cannot account for",
            vpc);
  aws::SecurityGroupSpec spec;
  spec.provenance = {value.location, name};
  spec.name = name;
  spec.vpc = vpc;
  out_.security_groups.push_back(spec);
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    aws::SecurityGroupRuleSpec rule;
    rule.provenance = spec.provenance;
    rule.security_group = aws::Ref{name, value.location};
    rule.direction = direction;
    rule.match.protocol = aws::Text{"-1", value.location};
    rule.cidr = aws::Text{"0.0.0.0/0", value.location};
    rule.description = "security group outside the " + input_;
    rule.stand_in = true;
    rule.unknowns.push_back(value);
    out_.security_group_rules.push_back(rule);
  }
  return aws::Ref{name, value.location};
}

aws::Ref OutsideElements::gateway(const aws::UnknownValue& value, const std::string& name,
                                  RouteTargetKind kind) {
  if (gateways_.insert(name).second) {
    aws::GatewaySpec spec;
    spec.provenance = {value.location, name};
    spec.name = name;
    spec.kind = kind;
    out_.gateways.push_back(spec);
  }
  return aws::Ref{name, value.location};
}

}  // namespace segproof::frontends
