// Test-only: builds model Networks directly as structs, the way
// src/model/validate.h expects them after the AWS stage (every subnet has its
// route table and ACL, every VPC its default group, default ACL and main
// table, local routes written out, ACL rules sorted by direction then number).
//
// Header-only on purpose: every src/<stage>/*.cc that is not a *_test.cc is
// compiled into the stage library.
//
//   NetworkBuilder b;
//   VpcId vpc = b.vpc("main", "10.0.0.0/16");
//   SubnetId web = b.subnet(vpc, "web", "10.0.1.0/24");
//   b.igw(vpc, "igw");  b.route(b.tableOf(web), "0.0.0.0/0", b.igwTarget(0));
//   b.iface(web, "web-1", "10.0.1.10", {b.defaultGroup(vpc)}, "54.1.2.3");
//   const Network& net = b.network();
#ifndef SEGPROOF_GRAPH_NETWORK_BUILDER_TEST_UTIL_H_
#define SEGPROOF_GRAPH_NETWORK_BUILDER_TEST_UTIL_H_

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "segproof/model/network.h"

namespace segproof::testing {

inline Cidr cidrOf(const std::string& text) {
  CidrParse parsed = parseCidr(text);
  assert(parsed.cidr);
  return *parsed.cidr;
}

inline IpAddress ipOf(const std::string& text) {
  std::optional<IpAddress> parsed = IpAddress::parse(text);
  assert(parsed);
  return *parsed;
}

inline uint32_t v4Of(const std::string& text) { return ipOf(text).v4(); }

inline Match anyTraffic() { return Match{}; }
inline Match tcpPorts(int from, int to) { return Match{kTcp, {from, to}, -1, -1}; }
inline Match tcpPort(int port) { return tcpPorts(port, port); }
inline Match udpPorts(int from, int to) { return Match{kUdp, {from, to}, -1, -1}; }
inline Match udpPort(int port) { return udpPorts(port, port); }
inline Match icmpMatch(int type, int code) { return Match{kIcmp, {}, type, code}; }

// What a route points at, before it is written into a table.
struct RouteTo {
  RouteTargetKind kind = RouteTargetKind::kBlackhole;
  int32_t element = -1;
};

class NetworkBuilder {
 public:
  // A VPC with one IPv4 block, its default security group (all inbound from
  // members, all outbound), default ACL (rule 100 allows everything both
  // ways) and main route table (the local route).
  VpcId vpc(const std::string& name, const std::string& cidr) {
    VpcId id{static_cast<int32_t>(net_.vpcs.size())};
    Vpc v;
    v.name = name;
    v.provenance.address = name;
    v.cidrs.push_back(cidrOf(cidr));
    net_.vpcs.push_back(v);
    SecurityGroupId sg = group(id, name + "-default-sg");
    net_.security_groups[sg.value].is_default = true;
    sgRule(sg, Direction::kIngress, anyTraffic(), groupPeer(sg));
    sgRule(sg, Direction::kEgress, anyTraffic(), cidrPeer("0.0.0.0/0"));
    NetworkAclId acl = networkAcl(id, name + "-default-acl");
    net_.network_acls[acl.value].is_default = true;
    aclRule(acl, 100, Direction::kIngress, true, anyTraffic(), "0.0.0.0/0");
    aclRule(acl, 100, Direction::kEgress, true, anyTraffic(), "0.0.0.0/0");
    RouteTableId main = routeTable(id, name + "-main-rt");
    net_.route_tables[main.value].is_main = true;
    net_.vpcs[id.value].default_security_group = sg;
    net_.vpcs[id.value].default_network_acl = acl;
    net_.vpcs[id.value].main_route_table = main;
    return id;
  }

  // A subnet using `table` (default: the main table) and `acl` (default: the
  // default ACL).
  SubnetId subnet(VpcId vpc, const std::string& name, const std::string& cidr,
                  RouteTableId table = {}, NetworkAclId acl = {}) {
    SubnetId id{static_cast<int32_t>(net_.subnets.size())};
    Subnet s;
    s.name = name;
    s.provenance.address = name;
    s.vpc = vpc;
    s.cidr = cidrOf(cidr);
    s.route_table_explicit = table.valid();
    s.route_table = table.valid() ? table : net_.at(vpc).main_route_table;
    s.network_acl_explicit = acl.valid();
    s.network_acl = acl.valid() ? acl : net_.at(vpc).default_network_acl;
    net_.subnets.push_back(s);
    return id;
  }

  void useRouteTable(SubnetId subnet, RouteTableId table) {
    net_.subnets[subnet.value].route_table = table;
    net_.subnets[subnet.value].route_table_explicit = true;
  }
  void useAcl(SubnetId subnet, NetworkAclId acl) {
    net_.subnets[subnet.value].network_acl = acl;
    net_.subnets[subnet.value].network_acl_explicit = true;
  }

  // A route table holding the local route of each of the VPC's blocks.
  RouteTableId routeTable(VpcId vpc, const std::string& name) {
    RouteTableId id{static_cast<int32_t>(net_.route_tables.size())};
    RouteTable t;
    t.name = name;
    t.provenance.address = name;
    t.vpc = vpc;
    for (const Cidr& c : net_.at(vpc).cidrs) {
      Route local;
      local.destination = c;
      local.target = RouteTargetKind::kLocal;
      t.routes.push_back(local);
    }
    net_.route_tables.push_back(t);
    return id;
  }

  RouteTableId tableOf(SubnetId subnet) const { return net_.at(subnet).route_table; }

  // Adds a block (an IPv6 one, say) to the VPC, with its local route in
  // every route table the VPC has (tables made later get it from
  // routeTable()).
  void vpcBlock(VpcId vpc, const std::string& cidr) {
    net_.vpcs[vpc.value].cidrs.push_back(cidrOf(cidr));
    for (RouteTable& t : net_.route_tables) {
      if (t.vpc != vpc) continue;
      Route local;
      local.destination = cidrOf(cidr);
      local.target = RouteTargetKind::kLocal;
      t.routes.push_back(local);
    }
  }
  void subnetIpv6(SubnetId subnet, const std::string& cidr) {
    net_.subnets[subnet.value].ipv6_cidr = cidrOf(cidr);
  }
  // Gives the interface an IPv6 address ("" for one AWS picks from its
  // subnet's IPv6 block).
  void ipv6Address(InterfaceId iface, const std::string& ip) {
    PrivateAddress a;
    if (!ip.empty()) a.ip = ipOf(ip);
    net_.interfaces[iface.value].ipv6_addresses.push_back(a);
  }

  static RouteTo localTarget() { return {RouteTargetKind::kLocal, -1}; }
  static RouteTo blackholeTarget() { return {RouteTargetKind::kBlackhole, -1}; }
  static RouteTo igwTarget(InternetGatewayId g) {
    return {RouteTargetKind::kInternetGateway, g.value};
  }
  static RouteTo natTarget(NatGatewayId n) { return {RouteTargetKind::kNatGateway, n.value}; }
  static RouteTo peeringTarget(PeeringId p) { return {RouteTargetKind::kPeering, p.value}; }
  static RouteTo interfaceTarget(InterfaceId i) {
    return {RouteTargetKind::kNetworkInterface, i.value};
  }
  static RouteTo tgwTarget(TransitGatewayId t) { return {RouteTargetKind::kTransitGateway, t.value}; }

  void route(RouteTableId table, const std::string& destination, RouteTo to,
             bool propagated = false) {
    Route r;
    r.provenance.address = net_.route_tables[table.value].name + ":" + destination;
    r.destination = cidrOf(destination);
    r.target = to.kind;
    r.propagated = propagated;
    switch (to.kind) {
      case RouteTargetKind::kInternetGateway:
        r.internet_gateway = InternetGatewayId{to.element};
        break;
      case RouteTargetKind::kNatGateway:
        r.nat_gateway = NatGatewayId{to.element};
        break;
      case RouteTargetKind::kPeering:
        r.peering = PeeringId{to.element};
        break;
      case RouteTargetKind::kNetworkInterface:
        r.interface = InterfaceId{to.element};
        break;
      case RouteTargetKind::kTransitGateway:
        r.transit_gateway = TransitGatewayId{to.element};
        break;
      case RouteTargetKind::kLocal:
      case RouteTargetKind::kBlackhole:
        break;
      default:
        r.gateway = GatewayId{to.element};
        break;
    }
    net_.route_tables[table.value].routes.push_back(r);
  }

  // A route to `gateway`, whatever kind it is.
  // (A transit gateway Gateway stands for one outside the model.)
  void routeToGateway(RouteTableId table, const std::string& destination, GatewayId gateway) {
    route(table, destination, {RouteTargetKind::kOther, gateway.value});
    net_.route_tables[table.value].routes.back().target = net_.at(gateway).kind;
  }

  SecurityGroupId group(VpcId vpc, const std::string& name) {
    SecurityGroupId id{static_cast<int32_t>(net_.security_groups.size())};
    SecurityGroup g;
    g.name = name;
    g.provenance.address = name;
    g.vpc = vpc;
    net_.security_groups.push_back(g);
    return id;
  }
  SecurityGroupId defaultGroup(VpcId vpc) const { return net_.at(vpc).default_security_group; }

  static RulePeer cidrPeer(const std::string& cidr) {
    RulePeer p;
    p.kind = RulePeer::Kind::kCidr;
    p.cidr = cidrOf(cidr);
    return p;
  }
  static RulePeer groupPeer(SecurityGroupId group) {
    RulePeer p;
    p.kind = RulePeer::Kind::kSecurityGroup;
    p.security_group = group;
    return p;
  }
  static RulePeer prefixListPeer(PrefixListId list) {
    RulePeer p;
    p.kind = RulePeer::Kind::kPrefixList;
    p.prefix_list = list;
    return p;
  }

  void sgRule(SecurityGroupId group, Direction direction, Match match, RulePeer peer) {
    SecurityGroupRule r;
    r.direction = direction;
    r.match = match;
    r.peer = peer;
    r.provenance.address = net_.security_groups[group.value].name;
    net_.security_groups[group.value].rules.push_back(r);
  }

  // A custom ACL without rules (denies everything until rules are added).
  NetworkAclId networkAcl(VpcId vpc, const std::string& name) {
    NetworkAclId id{static_cast<int32_t>(net_.network_acls.size())};
    NetworkAcl a;
    a.name = name;
    a.provenance.address = name;
    a.vpc = vpc;
    net_.network_acls.push_back(a);
    return id;
  }
  NetworkAclId defaultAcl(VpcId vpc) const { return net_.at(vpc).default_network_acl; }

  // Adds a rule and keeps the rules sorted by (direction, number).
  void aclRule(NetworkAclId acl, int number, Direction direction, bool allow, Match match,
               const std::string& cidr) {
    NetworkAclRule r;
    r.number = number;
    r.direction = direction;
    r.allow = allow;
    r.match = match;
    r.cidr = cidrOf(cidr);
    std::vector<NetworkAclRule>& rules = net_.network_acls[acl.value].rules;
    rules.push_back(r);
    std::stable_sort(rules.begin(), rules.end(),
                     [](const NetworkAclRule& a, const NetworkAclRule& b) {
                       return std::tie(a.direction, a.number) < std::tie(b.direction, b.number);
                     });
  }
  void clearAcl(NetworkAclId acl) { net_.network_acls[acl.value].rules.clear(); }

  InternetGatewayId igw(VpcId vpc, const std::string& name) {
    InternetGatewayId id{static_cast<int32_t>(net_.internet_gateways.size())};
    InternetGateway g;
    g.name = name;
    g.provenance.address = name;
    g.vpc = vpc;
    net_.internet_gateways.push_back(g);
    if (vpc.valid()) net_.vpcs[vpc.value].internet_gateway = id;
    return id;
  }

  NatGatewayId nat(SubnetId subnet, const std::string& name, const std::string& private_ip,
                   bool is_public = true) {
    NatGatewayId id{static_cast<int32_t>(net_.nat_gateways.size())};
    NatGateway n;
    n.name = name;
    n.provenance.address = name;
    n.subnet = subnet;
    n.is_public = is_public;
    n.private_address.ip = ipOf(private_ip);
    if (is_public) n.public_address.kind = PublicAddress::Kind::kElastic;
    net_.nat_gateways.push_back(n);
    return id;
  }

  PeeringId peering(VpcId requester, VpcId accepter, const std::string& name, bool active = true) {
    PeeringId id{static_cast<int32_t>(net_.peerings.size())};
    Peering p;
    p.name = name;
    p.provenance.address = name;
    p.requester = requester;
    p.accepter = accepter;
    p.active = active;
    net_.peerings.push_back(p);
    return id;
  }

  GatewayId gateway(RouteTargetKind kind, VpcId vpc, const std::string& name) {
    GatewayId id{static_cast<int32_t>(net_.gateways.size())};
    Gateway g;
    g.name = name;
    g.provenance.address = name;
    g.kind = kind;
    g.vpc = vpc;
    net_.gateways.push_back(g);
    return id;
  }

  PrefixListId prefixList(const std::string& name, const std::vector<std::string>& entries,
                          bool content_known = true) {
    PrefixListId id{static_cast<int32_t>(net_.prefix_lists.size())};
    PrefixList l;
    l.name = name;
    l.provenance.address = name;
    for (const std::string& e : entries) l.entries.push_back(cidrOf(e));
    l.content_known = content_known;
    net_.prefix_lists.push_back(l);
    return id;
  }

  // An interface with a fixed private IP ("" for "some address of the
  // subnet"), its groups (the VPC's default group when empty) and an
  // optional public IPv4 ("" for none).
  InterfaceId iface(SubnetId subnet, const std::string& name, const std::string& private_ip,
                    std::vector<SecurityGroupId> groups = {}, const std::string& public_ip = "") {
    InterfaceId id{static_cast<int32_t>(net_.interfaces.size())};
    Interface i;
    i.name = name;
    i.owner = name;
    i.provenance.address = name;
    i.subnet = subnet;
    PrivateAddress a;
    if (!private_ip.empty()) a.ip = ipOf(private_ip);
    i.private_addresses.push_back(a);
    if (groups.empty()) groups.push_back(net_.at(net_.at(subnet).vpc).default_security_group);
    i.security_groups = std::move(groups);
    if (!public_ip.empty()) {
      i.public_address.kind = PublicAddress::Kind::kAssigned;
      i.public_address.ip = ipOf(public_ip);
    }
    net_.interfaces.push_back(i);
    return id;
  }

  // Transit gateways, with no default route table: attachments are
  // associated and routes propagated explicitly.
  TransitGatewayId transitGateway(const std::string& name) {
    TransitGateway t;
    t.name = name;
    t.provenance.address = name;
    net_.transit_gateways.push_back(t);
    return TransitGatewayId{static_cast<int32_t>(net_.transit_gateways.size() - 1)};
  }
  TgwRouteTableId tgwRouteTable(TransitGatewayId tgw, const std::string& name) {
    TgwRouteTable t;
    t.name = name;
    t.provenance.address = name;
    t.transit_gateway = tgw;
    net_.tgw_route_tables.push_back(t);
    return TgwRouteTableId{static_cast<int32_t>(net_.tgw_route_tables.size() - 1)};
  }
  TgwAttachmentId tgwVpcAttachment(TransitGatewayId tgw, VpcId vpc, std::vector<SubnetId> subnets,
                                   const std::string& name, TgwRouteTableId table = {},
                                   bool appliance_mode = false) {
    TgwAttachment a;
    a.name = name;
    a.provenance.address = name;
    a.kind = TgwAttachmentKind::kVpc;
    a.transit_gateway = tgw;
    a.vpc = vpc;
    a.subnets = std::move(subnets);
    a.route_table = table;
    a.appliance_mode = appliance_mode;
    net_.tgw_attachments.push_back(a);
    return TgwAttachmentId{static_cast<int32_t>(net_.tgw_attachments.size() - 1)};
  }
  TgwAttachmentId tgwPeering(TransitGatewayId tgw, TransitGatewayId peer, const std::string& name,
                             TgwRouteTableId table, TgwRouteTableId peer_table, bool active = true) {
    TgwAttachment a;
    a.name = name;
    a.provenance.address = name;
    a.kind = TgwAttachmentKind::kPeering;
    a.transit_gateway = tgw;
    a.peer_transit_gateway = peer;
    a.route_table = table;
    a.peer_route_table = peer_table;
    a.active = active;
    net_.tgw_attachments.push_back(a);
    return TgwAttachmentId{static_cast<int32_t>(net_.tgw_attachments.size() - 1)};
  }
  // A static route (or, with `propagated`, a propagated one) to `attachment`;
  // a blackhole when it is invalid.
  void tgwRoute(TgwRouteTableId table, const std::string& destination, TgwAttachmentId attachment,
                bool propagated = false) {
    Route r;
    r.provenance.address = net_.tgw_route_tables[table.value].name + ":" + destination;
    r.destination = cidrOf(destination);
    r.target = attachment.valid() ? RouteTargetKind::kTransitGatewayAttachment : RouteTargetKind::kBlackhole;
    r.attachment = attachment;
    r.propagated = propagated;
    net_.tgw_route_tables[table.value].routes.push_back(r);
  }
  void zone(SubnetId subnet, const std::string& zone) { net_.subnets[subnet.value].availability_zone = zone; }

  // Load balancers: nodes, listeners and target groups are added one by
  // one. A node is named `<load balancer> (<subnet>)`, has a public IPv4
  // when the load balancer is internet-facing, and keeps `groups` as given
  // (empty: nothing filters it, as for a network load balancer without
  // groups).
  LoadBalancerId loadBalancer(const std::string& name,
                              LoadBalancerKind kind = LoadBalancerKind::kApplication,
                              bool internet_facing = true, bool cross_zone = true) {
    LoadBalancer lb;
    lb.name = name;
    lb.provenance.address = name;
    lb.kind = kind;
    lb.internet_facing = internet_facing;
    lb.cross_zone = cross_zone;
    net_.load_balancers.push_back(lb);
    return LoadBalancerId{static_cast<int32_t>(net_.load_balancers.size() - 1)};
  }
  InterfaceId lbNode(LoadBalancerId lb, SubnetId subnet, const std::string& private_ip,
                     std::vector<SecurityGroupId> groups) {
    InterfaceId id{static_cast<int32_t>(net_.interfaces.size())};
    LoadBalancer& owner = net_.load_balancers[lb.value];
    Interface i;
    i.name = owner.name + " (" + net_.at(subnet).name + ")";
    i.owner = owner.name;
    i.kind = EndpointKind::kLoadBalancer;
    i.provenance.address = owner.name;
    i.subnet = subnet;
    PrivateAddress a;
    if (!private_ip.empty()) a.ip = ipOf(private_ip);
    i.private_addresses.push_back(a);
    i.security_groups = std::move(groups);
    if (owner.internet_facing) i.public_address.kind = PublicAddress::Kind::kAssigned;
    i.load_balancer = lb;
    net_.interfaces.push_back(i);
    owner.nodes.push_back(id);
    return id;
  }
  TargetGroupId targetGroup(const std::string& name, LbProtocols protocols = {},
                            bool preserve_client_ip = false) {
    TargetGroup g;
    g.name = name;
    g.provenance.address = name;
    g.protocols = protocols;
    g.preserve_client_ip = preserve_client_ip;
    net_.target_groups.push_back(g);
    return TargetGroupId{static_cast<int32_t>(net_.target_groups.size() - 1)};
  }
  // A target receiving on `port` (-1: on every port).
  void target(TargetGroupId group, InterfaceId iface, int port) {
    LbTarget t;
    t.provenance.address = net_.target_groups[group.value].name + ":" + net_.at(iface).name;
    t.iface = iface;
    if (port >= 0) t.ports = {port, port};
    net_.target_groups[group.value].targets.push_back(t);
  }
  void ipTarget(TargetGroupId group, const std::string& ip, int port) {
    LbTarget t;
    t.provenance.address = net_.target_groups[group.value].name + ":" + ip;
    t.ip = ipOf(ip);
    if (port >= 0) t.ports = {port, port};
    net_.target_groups[group.value].targets.push_back(t);
  }
  // A listener on `port` (-1: every port) forwarding to `groups`.
  void listener(LoadBalancerId lb, LbProtocols protocols, int port,
                std::vector<TargetGroupId> groups) {
    LbListener l;
    l.provenance.address = net_.load_balancers[lb.value].name + ":" + std::to_string(port);
    l.protocols = protocols;
    if (port >= 0) l.ports = {port, port};
    l.target_groups = std::move(groups);
    net_.load_balancers[lb.value].listeners.push_back(l);
  }

  Network& mutableNetwork() { return net_; }
  const Network& network() const { return net_; }

 private:
  Network net_;
};

}  // namespace segproof::testing

#endif  // SEGPROOF_GRAPH_NETWORK_BUILDER_TEST_UTIL_H_
