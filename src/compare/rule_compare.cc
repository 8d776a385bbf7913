// Rule by rule comparison of matched elements (compare/rule_compare.h).
#include "compare/rule_compare.h"

#include <set>
#include <string>

namespace segproof::compare {

namespace {

// A rule as compared: `key` says what it means (in live terms for elements
// it names), `text` how the report shows it.
struct RuleEntry {
  std::string key;
  std::string text;
  SourceLocation location;
};

// How one side names the elements rules refer to, in keys that compare
// across sides: a matched code element has its live partner's key.
class SideView {
 public:
  SideView(const Network& net, bool code_side, const ElementMatching& matching)
      : net_(net), code_side_(code_side), matching_(matching) {}

  const Network& net() const { return net_; }

  // Key and text of element `index` of a kind matched by `im`.
  std::string key(const char* tag, const IndexMatching& im, int32_t index) const {
    if (index < 0) return std::string(tag) + ":none";
    if (!code_side_) return std::string(tag) + ":" + std::to_string(index);
    int32_t live = im.liveOf(index);
    if (live < 0) return std::string("code-") + tag + ":" + std::to_string(index);
    return std::string(tag) + ":" + std::to_string(live);
  }
  std::string text(const IndexMatching& im, int32_t index, const std::string& name) const {
    bool matched = code_side_ ? im.liveOf(index) >= 0
                              : index >= 0 && static_cast<size_t>(index) < im.live_to_code.size() &&
                                    im.live_to_code[index] >= 0;
    return matched ? name : name + " (unmatched)";
  }

  // A peer of a security group rule: key and text.
  std::pair<std::string, std::string> peer(const RulePeer& p) const {
    switch (p.kind) {
      case RulePeer::Kind::kCidr:
        return {"cidr:" + p.cidr.str(), p.cidr.str()};
      case RulePeer::Kind::kPrefixList: {
        const IndexMatching& im = matching_.prefix_lists;
        return {key("pl", im, p.prefix_list.value),
                "prefix list " + text(im, p.prefix_list.value, net_.at(p.prefix_list).name)};
      }
      case RulePeer::Kind::kSecurityGroup: {
        const IndexMatching& im = matching_.security_groups;
        return {
            key("sg", im, p.security_group.value),
            "security group " + text(im, p.security_group.value, net_.at(p.security_group).name)};
      }
    }
    return {};
  }

  // The target of a route: key and text.
  std::pair<std::string, std::string> target(const Route& r) const {
    std::string kind = routeTargetName(r.target);
    const ElementMatching& m = matching_;
    auto named = [&](const char* tag, const IndexMatching& im, int32_t index,
                     const std::string& name) -> std::pair<std::string, std::string> {
      return {kind + ":" + key(tag, im, index), kind + " " + text(im, index, name)};
    };
    switch (r.target) {
      case RouteTargetKind::kInternetGateway:
        if (r.internet_gateway.valid())
          return named("igw", m.internet_gateways, r.internet_gateway.value,
                       net_.at(r.internet_gateway).name);
        break;
      case RouteTargetKind::kNatGateway:
        if (r.nat_gateway.valid())
          return named("nat", m.nat_gateways, r.nat_gateway.value, net_.at(r.nat_gateway).name);
        break;
      case RouteTargetKind::kPeering:
        if (r.peering.valid())
          return named("pcx", m.peerings, r.peering.value, net_.at(r.peering).name);
        break;
      case RouteTargetKind::kTransitGatewayAttachment:
        if (r.attachment.valid())
          return named("att", m.tgw_attachments, r.attachment.value, net_.at(r.attachment).name);
        break;
      case RouteTargetKind::kNetworkInterface:
        if (r.interface.valid()) return interfaceTarget(kind, r.interface);
        break;
      default:
        break;
    }
    if (r.transit_gateway.valid())
      return named("tgw", m.transit_gateways, r.transit_gateway.value,
                   net_.at(r.transit_gateway).name);
    if (r.gateway.valid()) return named("gw", m.gateways, r.gateway.value, net_.at(r.gateway).name);
    return {kind, kind};
  }

  std::pair<std::string, std::string> destination(const Route& r) const {
    if (!r.destination_prefix_list.valid()) return {r.destination.str(), r.destination.str()};
    const IndexMatching& im = matching_.prefix_lists;
    int32_t index = r.destination_prefix_list.value;
    return {key("pl", im, index),
            "prefix list " + text(im, index, net_.at(r.destination_prefix_list).name)};
  }

 private:
  // An interface target compares through its owner (an endpoint).
  std::pair<std::string, std::string> interfaceTarget(const std::string& kind,
                                                      InterfaceId id) const {
    const EndpointGroups& groups = code_side_ ? matching_.code_endpoints : matching_.live_endpoints;
    int32_t group = groups.group_of[id.value];
    // A load balancer node: compared by nothing but itself.
    if (group < 0) {
      std::string side = code_side_ ? ":code-iface:" : ":live-iface:";
      return {kind + side + std::to_string(id.value), kind + " " + net_.at(id).name};
    }
    const IndexMatching& im = matching_.endpoints;
    return {kind + ":" + key("endpoint", im, group),
            kind + " of " + text(im, group, groups.groups[group].name)};
  }

  const Network& net_;
  bool code_side_;
  const ElementMatching& matching_;
};

const char* directionText(Direction d) { return d == Direction::kIngress ? "ingress" : "egress"; }

std::string unknownsText(const std::vector<UnknownValue>& unknowns) {
  if (unknowns.empty()) return "";
  std::string out = " (not known:";
  for (const UnknownValue& u : unknowns) out += " " + u.description;
  return out + ")";
}

SourceLocation locationOr(const SourceLocation& own, const SourceLocation& element) {
  return own.known() ? own : element;
}

std::vector<RuleEntry> groupRules(const SideView& side, const SecurityGroup& group) {
  std::vector<RuleEntry> out;
  for (const SecurityGroupRule& r : group.rules) {
    auto [peer_key, peer_text] = side.peer(r.peer);
    const char* way = r.direction == Direction::kIngress ? " from " : " to ";
    out.push_back(
        {std::string(directionText(r.direction)) + "|" + matchText(r.match) + "|" + peer_key,
         directionText(r.direction) + (" " + matchText(r.match)) + way + peer_text +
             unknownsText(r.unknowns),
         locationOr(r.provenance.location, group.provenance.location)});
  }
  return out;
}

std::vector<RuleEntry> aclRules(const NetworkAcl& acl) {
  std::vector<RuleEntry> out;
  for (const NetworkAclRule& r : acl.rules) {
    std::string meaning = std::to_string(r.number) + " " + directionText(r.direction) + " " +
                          (r.allow ? "allow" : "deny") + " " + matchText(r.match) +
                          (r.direction == Direction::kIngress ? " from " : " to ") + r.cidr.str();
    out.push_back({meaning, "rule " + meaning + unknownsText(r.unknowns),
                   locationOr(r.provenance.location, acl.provenance.location)});
  }
  return out;
}

std::vector<RuleEntry> routes(const SideView& side, const std::vector<Route>& table,
                              const SourceLocation& table_location) {
  std::vector<RuleEntry> out;
  for (const Route& r : table) {
    auto [dest_key, dest_text] = side.destination(r);
    auto [target_key, target_text] = side.target(r);
    const char* propagated = r.propagated ? " (propagated)" : "";
    out.push_back({dest_key + "|" + target_key + propagated,
                   dest_text + " -> " + target_text + propagated,
                   locationOr(r.provenance.location, table_location)});
  }
  return out;
}

// Appends the entries one side of the pair has and the other does not,
// each distinct meaning once, code side first.
void diffEntries(const char* kind, const std::string& code_name, const std::string& live_name,
                 const std::vector<RuleEntry>& code, const std::vector<RuleEntry>& live,
                 std::vector<RuleDifference>& out) {
  auto keys = [](const std::vector<RuleEntry>& entries) {
    std::set<std::string> set;
    for (const RuleEntry& e : entries) set.insert(e.key);
    return set;
  };
  std::set<std::string> code_keys = keys(code);
  std::set<std::string> live_keys = keys(live);
  auto report = [&](const std::vector<RuleEntry>& entries, const std::set<std::string>& other,
                    bool live_only) {
    std::set<std::string> reported;
    for (const RuleEntry& e : entries) {
      if (other.count(e.key) || !reported.insert(e.key).second) continue;
      out.push_back({kind, code_name, live_name, live_only, e.text, e.location});
    }
  };
  report(code, live_keys, false);
  report(live, code_keys, true);
}

// Calls `compare(code_index, live_index)` for each matched pair, in code order.
template <class Fn>
void forPairs(const IndexMatching& im, Fn compare) {
  for (size_t i = 0; i < im.code_to_live.size(); ++i) {
    if (im.code_to_live[i] >= 0) compare(i, static_cast<size_t>(im.code_to_live[i]));
  }
}

}  // namespace

std::vector<RuleDifference> compareRules(const Network& code, const Network& live,
                                         const ElementMatching& matching) {
  SideView code_side(code, true, matching);
  SideView live_side(live, false, matching);
  std::vector<RuleDifference> out;
  forPairs(matching.security_groups, [&](size_t c, size_t l) {
    const SecurityGroup& a = code.security_groups[c];
    const SecurityGroup& b = live.security_groups[l];
    diffEntries("security group", a.name, b.name, groupRules(code_side, a),
                groupRules(live_side, b), out);
  });
  forPairs(matching.network_acls, [&](size_t c, size_t l) {
    const NetworkAcl& a = code.network_acls[c];
    const NetworkAcl& b = live.network_acls[l];
    diffEntries("network ACL", a.name, b.name, aclRules(a), aclRules(b), out);
  });
  forPairs(matching.route_tables, [&](size_t c, size_t l) {
    const RouteTable& a = code.route_tables[c];
    const RouteTable& b = live.route_tables[l];
    diffEntries("route table", a.name, b.name, routes(code_side, a.routes, a.provenance.location),
                routes(live_side, b.routes, b.provenance.location), out);
  });
  forPairs(matching.tgw_route_tables, [&](size_t c, size_t l) {
    const TgwRouteTable& a = code.tgw_route_tables[c];
    const TgwRouteTable& b = live.tgw_route_tables[l];
    diffEntries("transit gateway route table", a.name, b.name,
                routes(code_side, a.routes, a.provenance.location),
                routes(live_side, b.routes, b.provenance.location), out);
  });
  return out;
}

}  // namespace segproof::compare
