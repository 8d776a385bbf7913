#include "graph/topology.h"

#include <map>

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
    default:
      return {RouteTargetKind::kOther, route.gateway.value};
  }
}

PlaceVertex Topology::add(Place place) { return boost::add_vertex(place, graph_); }

Topology::Topology(const Network& network) : network_(network) {
  internet_ = add({PlaceKind::kInternet, -1, {}});
  for (size_t i = 0; i < network.subnets.size(); ++i) {
    subnet_out_.push_back(add({PlaceKind::kSubnetOut, static_cast<int32_t>(i), network.subnets[i].vpc}));
    subnet_in_.push_back(add({PlaceKind::kSubnetIn, static_cast<int32_t>(i), network.subnets[i].vpc}));
  }
  for (size_t i = 0; i < network.internet_gateways.size(); ++i) {
    VpcId vpc = network.internet_gateways[i].vpc;
    igw_out_.push_back(add({PlaceKind::kIgwOut, static_cast<int32_t>(i), vpc}));
    igw_in_.push_back(add({PlaceKind::kIgwIn, static_cast<int32_t>(i), vpc}));
    if (!vpc.valid()) continue;
    boost::add_edge(igw_out_[i], internet_, Move{}, graph_);
    boost::add_edge(internet_, igw_in_[i], Move{}, graph_);
    for (size_t s = 0; s < network.subnets.size(); ++s)
      if (network.subnets[s].vpc == vpc) boost::add_edge(igw_in_[i], subnet_in_[s], Move{}, graph_);
  }
  for (size_t i = 0; i < network.nat_gateways.size(); ++i) {
    SubnetId subnet = network.nat_gateways[i].subnet;
    nat_.push_back(add({PlaceKind::kNat, static_cast<int32_t>(i), network.at(subnet).vpc}));
    boost::add_edge(nat_[i], subnet_out_[subnet.value], Move{}, graph_);
    addWithinSubnet(subnet);
  }
  for (size_t i = 0; i < network.peerings.size(); ++i) {
    const Peering& p = network.peerings[i];
    PlaceVertex to_accepter = add({PlaceKind::kPeer, static_cast<int32_t>(i), p.accepter});
    PlaceVertex to_requester = add({PlaceKind::kPeer, static_cast<int32_t>(i), p.requester});
    peer_.emplace_back(to_accepter, to_requester);
    if (!p.active) continue;
    for (size_t s = 0; s < network.subnets.size(); ++s) {
      if (network.subnets[s].vpc == p.accepter) boost::add_edge(to_accepter, subnet_in_[s], Move{}, graph_);
      if (network.subnets[s].vpc == p.requester) boost::add_edge(to_requester, subnet_in_[s], Move{}, graph_);
    }
  }
  for (size_t i = 0; i < network.gateways.size(); ++i) {
    const Gateway& g = network.gateways[i];
    gateway_out_.push_back(add({PlaceKind::kGatewayOut, static_cast<int32_t>(i), g.vpc}));
    gateway_in_.push_back(add({PlaceKind::kGatewayIn, static_cast<int32_t>(i), g.vpc}));
    // Only VPN gateways bring traffic in from a zone we model (on-premises).
    if (g.kind != RouteTargetKind::kVpnGateway || !g.vpc.valid()) continue;
    for (size_t s = 0; s < network.subnets.size(); ++s)
      if (network.subnets[s].vpc == g.vpc) boost::add_edge(gateway_in_[i], subnet_in_[s], Move{}, graph_);
  }
  appliance_.assign(network.interfaces.size(), boost::graph_traits<TopologyGraph>::null_vertex());
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
          v = add({PlaceKind::kAppliance, key.element, network.at(iface.subnet).vpc});
          boost::add_edge(v, subnet_out_[iface.subnet.value], Move{}, graph_);
          addWithinSubnet(iface.subnet);
        }
        boost::add_edge(out, v, move, graph_);
        break;
      }
      case RouteTargetKind::kBlackhole:
        break;
      default:
        if (key.element >= 0) boost::add_edge(out, gateway_out_[key.element], move, graph_);
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
