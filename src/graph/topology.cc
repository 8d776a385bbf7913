#include "graph/topology.h"

#include <map>

#include "model/transit.h"

namespace segproof {

RouteTargetKey routeTargetKey(const Route& route) {
  switch (route.target) {
    case RouteTargetKind::kInternetGateway:
      return {route.target, route.internet_gateway.value};
    case RouteTargetKind::kNatGateway:
      return {route.target, route.nat_gateway.value};
    case RouteTargetKind::kPeering:
      return {route.target, route.peering.value};
    case RouteTargetKind::kNetworkInterface:
      return {route.target, route.interface.value};
    case RouteTargetKind::kLocal:
    case RouteTargetKind::kBlackhole:
      return {route.target, -1};
    case RouteTargetKind::kTransitGatewayAttachment:
      return {route.target, route.attachment.value};
    case RouteTargetKind::kTransitGateway:
      if (route.transit_gateway.valid()) return {route.target, route.transit_gateway.value};
      return {RouteTargetKind::kOther, route.gateway.value};
    default:
      return {RouteTargetKind::kOther, route.gateway.value};
  }
}

PlaceVertex Topology::add(Place place) { return boost::add_vertex(place, graph_); }

Topology::Topology(const Network& network) : network_(network) {
  internet_ = add({PlaceKind::kInternet, -1, {}, {}});
  for (size_t i = 0; i < network.subnets.size(); ++i) {
    subnet_out_.push_back(add({PlaceKind::kSubnetOut, static_cast<int32_t>(i), network.subnets[i].vpc, {}}));
    subnet_in_.push_back(add({PlaceKind::kSubnetIn, static_cast<int32_t>(i), network.subnets[i].vpc, {}}));
  }
  for (size_t i = 0; i < network.internet_gateways.size(); ++i) {
    VpcId vpc = network.internet_gateways[i].vpc;
    igw_out_.push_back(add({PlaceKind::kIgwOut, static_cast<int32_t>(i), vpc, {}}));
    igw_in_.push_back(add({PlaceKind::kIgwIn, static_cast<int32_t>(i), vpc, {}}));
    if (!vpc.valid()) continue;
    boost::add_edge(igw_out_[i], internet_, Move{}, graph_);
    boost::add_edge(internet_, igw_in_[i], Move{}, graph_);
    for (size_t s = 0; s < network.subnets.size(); ++s)
      if (network.subnets[s].vpc == vpc) boost::add_edge(igw_in_[i], subnet_in_[s], Move{}, graph_);
  }
  for (size_t i = 0; i < network.nat_gateways.size(); ++i) {
    SubnetId subnet = network.nat_gateways[i].subnet;
    nat_.push_back(add({PlaceKind::kNat, static_cast<int32_t>(i), network.at(subnet).vpc, {}}));
    boost::add_edge(nat_[i], subnet_out_[subnet.value], Move{}, graph_);
    addWithinSubnet(subnet);
  }
  for (size_t i = 0; i < network.peerings.size(); ++i) {
    const Peering& p = network.peerings[i];
    PlaceVertex to_accepter = add({PlaceKind::kPeer, static_cast<int32_t>(i), p.accepter, {}});
    PlaceVertex to_requester = add({PlaceKind::kPeer, static_cast<int32_t>(i), p.requester, {}});
    peer_.emplace_back(to_accepter, to_requester);
    if (!p.active) continue;
    for (size_t s = 0; s < network.subnets.size(); ++s) {
      if (network.subnets[s].vpc == p.accepter) boost::add_edge(to_accepter, subnet_in_[s], Move{}, graph_);
      if (network.subnets[s].vpc == p.requester) boost::add_edge(to_requester, subnet_in_[s], Move{}, graph_);
    }
  }
  for (size_t i = 0; i < network.gateways.size(); ++i) {
    const Gateway& g = network.gateways[i];
    gateway_out_.push_back(add({PlaceKind::kGatewayOut, static_cast<int32_t>(i), g.vpc, {}}));
    gateway_in_.push_back(add({PlaceKind::kGatewayIn, static_cast<int32_t>(i), g.vpc, {}}));
    // Only VPN gateways bring traffic in from a zone we model (on-premises).
    if (g.kind != RouteTargetKind::kVpnGateway || !g.vpc.valid()) continue;
    for (size_t s = 0; s < network.subnets.size(); ++s)
      if (network.subnets[s].vpc == g.vpc) boost::add_edge(gateway_in_[i], subnet_in_[s], Move{}, graph_);
  }
  appliance_.assign(network.interfaces.size(), boost::graph_traits<TopologyGraph>::null_vertex());
  for (const LoadBalancer& lb : network.load_balancers)
    for (InterfaceId node : lb.nodes) {
      const Interface& iface = network.at(node);
      PlaceVertex v = add({PlaceKind::kLbNode, node.value, network.at(iface.subnet).vpc, {}});
      boost::add_edge(subnet_in_[iface.subnet.value], v, Move{}, graph_);
    }
  addTransitGateways(network);
  for (size_t s = 0; s < network.subnets.size(); ++s) addRoutedMoves(network, SubnetId{static_cast<int32_t>(s)});
}

// A NAT gateway or an appliance sends on from its own subnet; to an address
// of that subnet it delivers directly (no route, no network ACL).
void Topology::addWithinSubnet(SubnetId subnet) {
  if (within_.empty()) within_.assign(subnet_out_.size(), false);
  if (within_[subnet.value]) return;
  within_[subnet.value] = true;
  boost::add_edge(subnet_out_[subnet.value], subnet_in_[subnet.value], Move{}, graph_);
}

void Topology::addRoutedMoves(const Network& network, SubnetId subnet) {
  const Subnet& from = network.at(subnet);
  const RouteTable& table = network.at(from.route_table);
  std::map<RouteTargetKey, int32_t> counts;
  for (const Route& route : table.routes) ++counts[routeTargetKey(route)];
  PlaceVertex out = subnet_out_[subnet.value];
  for (const auto& [key, count] : counts) {
    Move move{count};
    switch (key.kind) {
      case RouteTargetKind::kLocal:
        for (size_t s = 0; s < network.subnets.size(); ++s)
          if (static_cast<int32_t>(s) != subnet.value && network.subnets[s].vpc == from.vpc)
            boost::add_edge(out, subnet_in_[s], move, graph_);
        break;
      case RouteTargetKind::kInternetGateway:
        boost::add_edge(out, igw_out_[key.element], move, graph_);
        break;
      case RouteTargetKind::kNatGateway:
        boost::add_edge(out, nat_[key.element], move, graph_);
        break;
      case RouteTargetKind::kPeering: {
        const Peering& p = network.peerings[key.element];
        if (p.requester == from.vpc) boost::add_edge(out, peer_[key.element].first, move, graph_);
        else if (p.accepter == from.vpc) boost::add_edge(out, peer_[key.element].second, move, graph_);
        break;
      }
      case RouteTargetKind::kNetworkInterface: {
        PlaceVertex& v = appliance_[key.element];
        if (v == boost::graph_traits<TopologyGraph>::null_vertex()) {
          const Interface& iface = network.interfaces[key.element];
          v = add({PlaceKind::kAppliance, key.element, network.at(iface.subnet).vpc, {}});
          boost::add_edge(v, subnet_out_[iface.subnet.value], Move{}, graph_);
          addWithinSubnet(iface.subnet);
        }
        boost::add_edge(out, v, move, graph_);
        break;
      }
      case RouteTargetKind::kBlackhole:
        break;
      case RouteTargetKind::kTransitGateway:
        for (size_t a = 0; a < network.tgw_attachments.size(); ++a) {
          const TgwAttachment& att = network.tgw_attachments[a];
          if (att.kind != TgwAttachmentKind::kVpc || att.transit_gateway.value != key.element ||
              att.vpc != from.vpc)
            continue;
          for (int32_t p : ports_of_[a])
            if (sameZone(network, tgw_ports_[p].subnet, subnet))
              boost::add_edge(out, tgw_enter_[p], move, graph_);
        }
        break;
      default:
        if (key.element >= 0) boost::add_edge(out, gateway_out_[key.element], move, graph_);
        break;
    }
  }
}

void Topology::addTransitGateways(const Network& network) {
  const PlaceVertex none = boost::graph_traits<TopologyGraph>::null_vertex();
  size_t count = network.tgw_attachments.size();
  ports_of_.assign(count, {});
  tgw_to_peer_.assign(count, none);
  tgw_to_owner_.assign(count, none);
  tgw_exit_.assign(count, none);
  for (size_t i = 0; i < count; ++i) {
    const TgwAttachment& a = network.tgw_attachments[i];
    int32_t id = static_cast<int32_t>(i);
    switch (a.kind) {
      case TgwAttachmentKind::kVpc:
        if (!a.transit_gateway.valid()) break;
        for (SubnetId s : a.subnets) {
          ports_of_[i].push_back(static_cast<int32_t>(tgw_ports_.size()));
          tgw_ports_.push_back({TgwAttachmentId{id}, s});
          tgw_enter_.push_back(add({PlaceKind::kTgwEnter, static_cast<int32_t>(tgw_ports_.size() - 1),
                                    a.vpc, a.transit_gateway}));
          addWithinSubnet(s);
        }
        break;
      case TgwAttachmentKind::kPeering:
        if (!a.transit_gateway.valid() || !a.peer_transit_gateway.valid()) break;
        tgw_to_peer_[i] = add({PlaceKind::kTgwPeer, id, {}, a.peer_transit_gateway});
        tgw_to_owner_[i] = add({PlaceKind::kTgwPeer, id, {}, a.transit_gateway});
        break;
      case TgwAttachmentKind::kOther:
        tgw_exit_[i] = add({PlaceKind::kTgwExit, id, {}, a.transit_gateway});
        break;
    }
  }
  for (size_t p = 0; p < tgw_ports_.size(); ++p) {
    const TgwPort& port = tgw_ports_[p];
    addTgwForwarding(network, tgw_enter_[p], network.at(port.attachment).transit_gateway,
                     port.attachment, port.subnet);
  }
  for (size_t i = 0; i < count; ++i) {
    const TgwAttachment& a = network.tgw_attachments[i];
    if (tgw_to_peer_[i] == none) continue;
    addTgwForwarding(network, tgw_to_peer_[i], a.peer_transit_gateway, TgwAttachmentId{static_cast<int32_t>(i)}, {});
    addTgwForwarding(network, tgw_to_owner_[i], a.transit_gateway, TgwAttachmentId{static_cast<int32_t>(i)}, {});
  }
}

// The moves out of a transit gateway `tgw` that a packet entered through
// attachment `in` (by interface `entered`; invalid after a peering): one per
// attachment its route table routes some destination to.
void Topology::addTgwForwarding(const Network& network, PlaceVertex at, TransitGatewayId tgw,
                                TgwAttachmentId in, SubnetId entered) {
  TgwRouteTableId table = routeTableOn(network.at(in), tgw);
  std::map<int32_t, int32_t> counts;
  if (!table.valid()) {
    // No route table: the packet is dropped. A move to each other VPC
    // attachment lets the walk say so.
    for (size_t i = 0; i < network.tgw_attachments.size(); ++i)
      if (network.tgw_attachments[i].kind == TgwAttachmentKind::kVpc &&
          network.tgw_attachments[i].transit_gateway == tgw && static_cast<int32_t>(i) != in.value)
        counts[static_cast<int32_t>(i)] = 0;
  } else {
    for (const Route& route : network.at(table).routes)
      if (route.target == RouteTargetKind::kTransitGatewayAttachment && route.attachment.valid() &&
          route.attachment != in)
        ++counts[route.attachment.value];
  }
  for (const auto& [out, count] : counts) {
    Move move{count};
    const TgwAttachment& b = network.tgw_attachments[out];
    switch (b.kind) {
      case TgwAttachmentKind::kVpc:
        for (SubnetId t : exitInterfaces(network, b, entered))
          boost::add_edge(at, subnet_out_[t.value], move, graph_);
        break;
      case TgwAttachmentKind::kPeering: {
        PlaceVertex next = b.transit_gateway == tgw ? tgw_to_peer_[out] : tgw_to_owner_[out];
        if (next != boost::graph_traits<TopologyGraph>::null_vertex())
          boost::add_edge(at, next, move, graph_);
        break;
      }
      case TgwAttachmentKind::kOther:
        boost::add_edge(at, tgw_exit_[out], move, graph_);
        break;
    }
  }
}

std::string Topology::describe(PlaceVertex v) const {
  const Place& p = graph_[v];
  switch (p.kind) {
    case PlaceKind::kInternet:
      return "internet";
    case PlaceKind::kSubnetOut:
    case PlaceKind::kSubnetIn:
      return "subnet " + network_.subnets[p.element].name;
    case PlaceKind::kIgwOut:
    case PlaceKind::kIgwIn:
      return "internet gateway " + network_.internet_gateways[p.element].name;
    case PlaceKind::kNat:
      return "NAT gateway " + network_.nat_gateways[p.element].name;
    case PlaceKind::kPeer:
      return "peering " + network_.peerings[p.element].name;
    case PlaceKind::kGatewayOut:
    case PlaceKind::kGatewayIn:
      return std::string(routeTargetName(network_.gateways[p.element].kind)) + " " +
             network_.gateways[p.element].name;
    case PlaceKind::kAppliance:
      return "appliance " + network_.interfaces[p.element].name;
    case PlaceKind::kTgwEnter: {
      const TgwPort& port = tgw_ports_[p.element];
      return "transit gateway " + network_.at(p.transit).name + " (" +
             network_.at(port.attachment).name + ", subnet " + network_.at(port.subnet).name + ")";
    }
    case PlaceKind::kTgwPeer:
      return "transit gateway " + network_.at(p.transit).name + " (" +
             network_.tgw_attachments[p.element].name + ")";
    case PlaceKind::kTgwExit:
      return "transit gateway attachment " + network_.tgw_attachments[p.element].name;
    case PlaceKind::kLbNode:
      return "load balancer " + network_.interfaces[p.element].name;
  }
  return "?";
}

void Topology::walk(PlaceVertex from, const Walker& walker, size_t max_length) const {
  std::vector<PlaceVertex> path{from};
  std::vector<bool> on_path(boost::num_vertices(graph_), false);
  on_path[from] = true;
  // Explicit recursion over out-edges in insertion order (deterministic).
  std::function<void()> extend = [&]() {
    PlaceVertex here = path.back();
    if (walker.is_target(here)) walker.visit(path);
    if (path.size() >= max_length) return;
    // A path leaves the internet only where it starts: packets addressed to
    // private addresses do not come back in through another gateway.
    if (here == internet_ && path.size() > 1) return;
    for (auto [e, end] = boost::out_edges(here, graph_); e != end; ++e) {
      PlaceVertex next = boost::target(*e, graph_);
      if (on_path[next]) continue;
      path.push_back(next);
      if (walker.enter(path)) {
        on_path[next] = true;
        extend();
        on_path[next] = false;
        walker.leave();
      }
      path.pop_back();
    }
  };
  extend();
}

}  // namespace segproof
