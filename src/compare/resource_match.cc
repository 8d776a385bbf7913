// The kinds of drift matching, in dependency order, and the ends of the
// reachability comparison (compare/resource_match.h).
#include "compare/resource_match.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "compare/kind_matcher.h"
#include "compare/rule_compare.h"
#include "segproof/query/selector.h"

namespace segproof::compare {

namespace {

std::vector<Item> prefixListItems(const std::vector<PrefixList>& lists) {
  std::vector<Item> items;
  for (const PrefixList& l : lists) items.push_back({l.name, &l.provenance, nullptr});
  return items;
}

// The live index of a code element as a key part; "" when unmatched.
template <class IdT>
std::string liveKey(const IndexMatching& matching, IdT code_id) {
  int32_t live = code_id.valid() ? matching.liveOf(code_id.value) : -1;
  return live < 0 ? "" : std::to_string(live);
}
template <class IdT>
std::string ownKey(IdT live_id) {
  return live_id.valid() ? std::to_string(live_id.value) : "";
}

// The sorted live indices of the subnets that use element `id` (by
// `member`), translated when `matching` is given; "" when one of them is
// unmatched or there are none.
template <class IdT>
std::string subnetSetKey(const Network& net, IdT Subnet::*member, IdT id,
                         const IndexMatching* matching) {
  std::vector<int32_t> set;
  for (size_t s = 0; s < net.subnets.size(); ++s) {
    if (net.subnets[s].*member != id) continue;
    int32_t index = matching ? matching->liveOf(static_cast<int32_t>(s)) : static_cast<int32_t>(s);
    if (index < 0) return "";
    set.push_back(index);
  }
  if (set.empty()) return "";
  std::sort(set.begin(), set.end());
  std::string key;
  for (int32_t s : set) key += std::to_string(s) + ",";
  return key;
}

// Matching of one network pair, kind by kind in dependency order.
class ElementMatcher {
 public:
  ElementMatcher(const Network& code, const Network& live, ResourceMatching& out)
      : code_(code), live_(live), out_(out) {}

  ElementMatching run() {
    m_.code_endpoints = endpointGroups(code_);
    m_.live_endpoints = endpointGroups(live_);
    matchVpcs();
    matchSubnets();
    matchSecurityGroups();
    matchNetworkAcls();
    matchRouteTables();
    matchGateways();
    matchTransit();
    matchLoadBalancing();
    matchEndpoints();
    return std::move(m_);
  }

 private:
  KindMatcher kind(const char* name, std::vector<Item> code, std::vector<Item> live,
                   IndexMatching& result) {
    return KindMatcher(name, std::move(code), std::move(live), result, out_);
  }

  std::string codeVpc(VpcId id) const { return liveKey(m_.vpcs, id); }

  void matchVpcs() {
    KindMatcher m = kind("VPC", itemsOf(code_.vpcs), itemsOf(live_.vpcs), m_.vpcs);
    matchByNames(m);
    auto cidrs = [](const Network& net) {
      return [&net](size_t i) -> Keys {
        std::vector<Cidr> blocks = net.vpcs[i].cidrs;
        if (blocks.empty()) return {};
        std::sort(blocks.begin(), blocks.end());
        std::string text;
        for (const Cidr& c : blocks) text += (text.empty() ? "" : ",") + c.str();
        return {{"cidrs:" + text, "CIDRs " + text}};
      };
    };
    m.matchBy(cidrs(code_), cidrs(live_));
    m.finish();
  }

  void matchSubnets() {
    KindMatcher m = kind("subnet", itemsOf(code_.subnets), itemsOf(live_.subnets), m_.subnets);
    matchByNames(m);
    auto key = [](const std::string& vpc, const Subnet& s) -> Keys {
      if (vpc.empty()) return {};
      return {{"cidr:" + vpc + ":" + s.cidr.str(), "CIDR " + s.cidr.str() + " in matched VPC"}};
    };
    m.matchBy([&](size_t i) { return key(codeVpc(code_.subnets[i].vpc), code_.subnets[i]); },
              [&](size_t i) { return key(ownKey(live_.subnets[i].vpc), live_.subnets[i]); });
    m.finish();
  }

  void matchSecurityGroups() {
    KindMatcher m = kind("security group", itemsOf(code_.security_groups),
                         itemsOf(live_.security_groups), m_.security_groups);
    matchByNames(
        m, [&](size_t i) { return codeVpc(code_.security_groups[i].vpc); },
        [&](size_t i) { return ownKey(live_.security_groups[i].vpc); });
    auto key = [](const std::string& vpc, const SecurityGroup& g) -> Keys {
      if (vpc.empty() || !g.is_default) return {};
      return {{"default:" + vpc, "the default group of matched VPCs"}};
    };
    m.matchBy(
        [&](size_t i) {
          return key(codeVpc(code_.security_groups[i].vpc), code_.security_groups[i]);
        },
        [&](size_t i) {
          return key(ownKey(live_.security_groups[i].vpc), live_.security_groups[i]);
        });
    m.finish();
  }

  // Keys of a default ACL / main route table (by VPC) or of another one (by
  // the subnets associated with it).
  template <class IdT>
  Keys associationKeys(const Network& net, IdT Subnet::*member, IdT id, VpcId vpc, bool is_default,
                       bool code_side, const char* default_how) const {
    std::string vpc_key = code_side ? codeVpc(vpc) : ownKey(vpc);
    if (is_default) {
      if (vpc_key.empty()) return {};
      return {{"default:" + vpc_key, default_how}};
    }
    std::string set = subnetSetKey(net, member, id, code_side ? &m_.subnets : nullptr);
    if (set.empty()) return {};
    return {{"subnets:" + set, "associated with the same matched subnets"}};
  }

  void matchNetworkAcls() {
    KindMatcher m = kind("network ACL", itemsOf(code_.network_acls), itemsOf(live_.network_acls),
                         m_.network_acls);
    matchByNames(m);
    auto keys = [&](const Network& net, bool code_side) {
      return [&net, code_side, this](size_t i) {
        const NetworkAcl& acl = net.network_acls[i];
        return associationKeys(net, &Subnet::network_acl, NetworkAclId{static_cast<int32_t>(i)},
                               acl.vpc, acl.is_default, code_side,
                               "the default ACL of matched VPCs");
      };
    };
    m.matchBy(keys(code_, true), keys(live_, false));
    m.finish();
  }

  void matchRouteTables() {
    KindMatcher m = kind("route table", itemsOf(code_.route_tables), itemsOf(live_.route_tables),
                         m_.route_tables);
    matchByNames(m);
    auto keys = [&](const Network& net, bool code_side) {
      return [&net, code_side, this](size_t i) {
        const RouteTable& table = net.route_tables[i];
        return associationKeys(net, &Subnet::route_table, RouteTableId{static_cast<int32_t>(i)},
                               table.vpc, table.is_main, code_side,
                               "the main route table of matched VPCs");
      };
    };
    m.matchBy(keys(code_, true), keys(live_, false));
    m.finish();
  }

  void matchGateways() {
    KindMatcher igw = kind("internet gateway", itemsOf(code_.internet_gateways),
                           itemsOf(live_.internet_gateways), m_.internet_gateways);
    matchByNames(igw);
    auto igw_key = [](const std::string& vpc) -> Keys {
      if (vpc.empty()) return {};
      return {{"vpc:" + vpc, "attached to matched VPCs"}};
    };
    igw.matchBy([&](size_t i) { return igw_key(codeVpc(code_.internet_gateways[i].vpc)); },
                [&](size_t i) { return igw_key(ownKey(live_.internet_gateways[i].vpc)); });
    igw.finish();

    KindMatcher nat = kind("NAT gateway", itemsOf(code_.nat_gateways), itemsOf(live_.nat_gateways),
                           m_.nat_gateways);
    matchByNames(nat);
    auto nat_key = [](const std::string& subnet, const NatGateway& n, bool with_ip) -> Keys {
      if (subnet.empty() || (with_ip && !n.private_address.ip)) return {};
      if (!with_ip) return {{"subnet:" + subnet, "in matched subnets"}};
      std::string ip = n.private_address.ip->str();
      return {{"ip:" + subnet + ":" + ip, "private IP " + ip + " in matched subnets"}};
    };
    for (bool with_ip : {true, false}) {
      nat.matchBy(
          [&](size_t i) {
            return nat_key(liveKey(m_.subnets, code_.nat_gateways[i].subnet), code_.nat_gateways[i],
                           with_ip);
          },
          [&](size_t i) {
            return nat_key(ownKey(live_.nat_gateways[i].subnet), live_.nat_gateways[i], with_ip);
          });
    }
    nat.finish();

    KindMatcher peering =
        kind("peering", itemsOf(code_.peerings), itemsOf(live_.peerings), m_.peerings);
    matchByNames(peering);
    auto pair_key = [](std::string a, std::string b) -> Keys {
      if (a.empty() || b.empty()) return {};
      if (b < a) std::swap(a, b);
      return {{"vpcs:" + a + ":" + b, "between matched VPCs"}};
    };
    peering.matchBy(
        [&](size_t i) {
          return pair_key(codeVpc(code_.peerings[i].requester),
                          codeVpc(code_.peerings[i].accepter));
        },
        [&](size_t i) {
          return pair_key(ownKey(live_.peerings[i].requester), ownKey(live_.peerings[i].accepter));
        });
    peering.finish();

    KindMatcher other =
        kind("gateway", itemsOf(code_.gateways), itemsOf(live_.gateways), m_.gateways);
    matchByNames(other);
    auto gateway_key = [](const std::string& vpc, const Gateway& g) -> Keys {
      if (vpc.empty()) return {};
      std::string what = routeTargetName(g.kind);
      return {{"vpc:" + what + ":" + vpc, what + " of matched VPCs"}};
    };
    other.matchBy(
        [&](size_t i) { return gateway_key(codeVpc(code_.gateways[i].vpc), code_.gateways[i]); },
        [&](size_t i) { return gateway_key(ownKey(live_.gateways[i].vpc), live_.gateways[i]); });
    other.finish();

    KindMatcher lists = kind("prefix list", prefixListItems(code_.prefix_lists),
                             prefixListItems(live_.prefix_lists), m_.prefix_lists);
    matchByNames(lists);
    lists.finish();
  }

  void matchTransit() {
    KindMatcher tgw = kind("transit gateway", itemsOf(code_.transit_gateways),
                           itemsOf(live_.transit_gateways), m_.transit_gateways);
    matchByNames(tgw);
    tgw.finish();

    KindMatcher att = kind("transit gateway attachment", itemsOf(code_.tgw_attachments),
                           itemsOf(live_.tgw_attachments), m_.tgw_attachments);
    matchByNames(att);
    auto att_key = [](const std::string& tgw_key, const std::string& other,
                      const TgwAttachment& a) -> Keys {
      if (tgw_key.empty() || other.empty() || a.kind == TgwAttachmentKind::kOther) return {};
      if (a.kind == TgwAttachmentKind::kVpc)
        return {
            {"vpc:" + tgw_key + ":" + other, "attaches matched VPCs to matched transit gateways"}};
      return {{"peer:" + tgw_key + ":" + other, "peers matched transit gateways"}};
    };
    att.matchBy(
        [&](size_t i) {
          const TgwAttachment& a = code_.tgw_attachments[i];
          std::string other = a.kind == TgwAttachmentKind::kVpc
                                  ? codeVpc(a.vpc)
                                  : liveKey(m_.transit_gateways, a.peer_transit_gateway);
          return att_key(liveKey(m_.transit_gateways, a.transit_gateway), other, a);
        },
        [&](size_t i) {
          const TgwAttachment& a = live_.tgw_attachments[i];
          std::string other =
              a.kind == TgwAttachmentKind::kVpc ? ownKey(a.vpc) : ownKey(a.peer_transit_gateway);
          return att_key(ownKey(a.transit_gateway), other, a);
        });
    att.finish();

    KindMatcher tables = kind("transit gateway route table", itemsOf(code_.tgw_route_tables),
                              itemsOf(live_.tgw_route_tables), m_.tgw_route_tables);
    matchByNames(tables);
    auto table_key = [](const std::string& tgw_key, const TgwRouteTable& t) -> Keys {
      if (tgw_key.empty() || !t.is_default) return {};
      return {{"default:" + tgw_key, "the default route table of matched transit gateways"}};
    };
    tables.matchBy(
        [&](size_t i) {
          const TgwRouteTable& t = code_.tgw_route_tables[i];
          return table_key(liveKey(m_.transit_gateways, t.transit_gateway), t);
        },
        [&](size_t i) {
          const TgwRouteTable& t = live_.tgw_route_tables[i];
          return table_key(ownKey(t.transit_gateway), t);
        });
    tables.finish();
  }

  void matchLoadBalancing() {
    KindMatcher lbs = kind("load balancer", itemsOf(code_.load_balancers),
                           itemsOf(live_.load_balancers), m_.load_balancers);
    matchByNames(lbs);
    lbs.finish();
    KindMatcher groups = kind("target group", itemsOf(code_.target_groups),
                              itemsOf(live_.target_groups), m_.target_groups);
    matchByNames(groups);
    groups.finish();
  }

  // An endpoint is its first interface's provenance and tags.
  static std::vector<Item> endpointItems(const Network& net, const EndpointGroups& groups) {
    std::vector<Item> items;
    for (const EndpointGroup& g : groups.groups) {
      const Interface& first = net.at(g.interfaces.front());
      items.push_back({g.name, &first.provenance, &first.tags});
    }
    return items;
  }

  // Keys of an endpoint's private IPs, by subnet (live index).
  static Keys addressKeys(const Network& net, const EndpointGroup& group,
                          const std::function<std::string(SubnetId)>& subnet_key) {
    Keys keys;
    for (InterfaceId id : group.interfaces) {
      const Interface& iface = net.at(id);
      std::string subnet = subnet_key(iface.subnet);
      if (subnet.empty()) continue;
      for (const PrivateAddress& address : iface.private_addresses) {
        if (!address.ip) continue;
        std::string ip = address.ip->str();
        keys.push_back({"ip:" + subnet + ":" + ip, "private IP " + ip + " in matched subnets"});
      }
    }
    return keys;
  }

  void matchEndpoints() {
    KindMatcher m = kind("endpoint", endpointItems(code_, m_.code_endpoints),
                         endpointItems(live_, m_.live_endpoints), m_.endpoints);
    matchByNames(m);
    m.matchBy(
        [&](size_t i) {
          return addressKeys(code_, m_.code_endpoints.groups[i],
                             [&](SubnetId s) { return liveKey(m_.subnets, s); });
        },
        [&](size_t i) {
          return addressKeys(live_, m_.live_endpoints.groups[i],
                             [](SubnetId s) { return ownKey(s); });
        });
    m.finish();
  }

  const Network& code_;
  const Network& live_;
  ResourceMatching& out_;
  ElementMatching m_;
};

}  // namespace

EndpointGroups endpointGroups(const Network& network) {
  EndpointGroups out;
  out.group_of.assign(network.interfaces.size(), -1);
  std::map<std::string, int32_t> by_name;
  for (size_t i = 0; i < network.interfaces.size(); ++i) {
    const Interface& iface = network.interfaces[i];
    if (iface.kind == EndpointKind::kLoadBalancer) continue;
    const std::string& name = iface.owner.empty() ? iface.name : iface.owner;
    auto [slot, added] = by_name.emplace(name, static_cast<int32_t>(out.groups.size()));
    if (added) out.groups.push_back({name, {}});
    out.groups[slot->second].interfaces.push_back(InterfaceId{static_cast<int32_t>(i)});
    out.group_of[i] = slot->second;
  }
  return out;
}

ElementMatching matchElements(const Network& code, const Network& live, ResourceMatching& out) {
  return ElementMatcher(code, live, out).run();
}

namespace {

std::vector<Selector> resourceSelector(const std::string& name) {
  if (name.empty()) return {};
  DiagnosticEngine diags;
  std::optional<Selector> selector = parseSelector("resource:" + name, SourceLocation{}, diags);
  if (!selector) return {};
  return {*selector};
}

// What `resource:` calls a load balancer: the owner of its nodes; "" when
// it has none (nothing of it can be reached).
std::string loadBalancerOwner(const Network& net, const LoadBalancer& lb) {
  return lb.nodes.empty() ? "" : net.at(lb.nodes.front()).owner;
}

// An element as an end: what the end's name calls it, and the name its
// resource: selector uses ("" for none: it cannot be reached).
struct EndName {
  std::string label;
  std::string selected;
};

// Ends of one kind: matched pairs in code order, then code-only and
// live-only elements.
void addEnds(const IndexMatching& matching, const std::function<EndName(bool, size_t)>& name_of,
             std::vector<DiffEnd>& ends) {
  for (size_t i = 0; i < matching.code_to_live.size(); ++i) {
    int32_t live = matching.code_to_live[i];
    if (live < 0) continue;
    EndName code_end = name_of(true, i);
    EndName live_end = name_of(false, static_cast<size_t>(live));
    if (code_end.selected.empty() && live_end.selected.empty()) continue;
    ends.push_back({code_end.label + " = " + live_end.label, resourceSelector(code_end.selected),
                    resourceSelector(live_end.selected), false});
  }
  for (size_t i = 0; i < matching.code_to_live.size(); ++i) {
    EndName end = name_of(true, i);
    if (matching.code_to_live[i] >= 0 || end.selected.empty()) continue;
    ends.push_back({end.label + " (code only)", resourceSelector(end.selected), {}, false});
  }
  for (size_t i = 0; i < matching.live_to_code.size(); ++i) {
    EndName end = name_of(false, i);
    if (matching.live_to_code[i] >= 0 || end.selected.empty()) continue;
    ends.push_back({end.label + " (live only)", {}, resourceSelector(end.selected), false});
  }
}

}  // namespace

std::vector<DiffEnd> driftEnds(const Network& code, const Network& live,
                               const ElementMatching& matching) {
  std::vector<DiffEnd> ends;
  addEnds(
      matching.endpoints,
      [&](bool code_side, size_t i) {
        const std::string& name =
            (code_side ? matching.code_endpoints : matching.live_endpoints).groups[i].name;
        return EndName{name, name};
      },
      ends);
  addEnds(
      matching.load_balancers,
      [&](bool code_side, size_t i) {
        const Network& net = code_side ? code : live;
        const LoadBalancer& lb = net.load_balancers[i];
        return EndName{lb.name, loadBalancerOwner(net, lb)};
      },
      ends);
  return ends;
}

}  // namespace segproof::compare

namespace segproof {

ResourceMatching matchResources(const Network& code, const Network& live) {
  ResourceMatching out;
  compare::ElementMatching matching = compare::matchElements(code, live, out);
  out.rule_differences = compare::compareRules(code, live, matching);
  out.ends = compare::driftEnds(code, live, matching);
  return out;
}

}  // namespace segproof
