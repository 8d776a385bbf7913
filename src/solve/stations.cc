#include "solve/stations.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "encode/rule_sets.h"

namespace segproof {

namespace {


// (rank, subnet or gateway, groups, public address, load balancer node):
// a node is a station of its own, as a source sends only what it forwards.
using StationKey = std::tuple<int, int32_t, std::vector<int32_t>, bool, int32_t>;

// Orders the internet first, then on-premises zones, then interfaces: the
// exposures users look at first come first in reports.
StationKey keyOf(const Network& network, const Station& s) {
  std::vector<int32_t> groups;
  for (SecurityGroupId g : s.groups) groups.push_back(g.value);
  int rank = s.kind == Station::Kind::kInternet ? 0 : s.kind == Station::Kind::kExternal ? 1 : 2;
  int32_t place = s.kind == Station::Kind::kExternal ? s.gateway.value : s.subnet.value;
  int32_t node = -1;
  if (s.kind == Station::Kind::kEndpoints && network.at(s.members.front()).kind == EndpointKind::kLoadBalancer)
    node = s.members.front().value;
  return {rank, place, groups, s.public_address, node};
}

std::string membersLabel(const Network& network, const std::vector<InterfaceId>& members) {
  std::string out = network.at(members.front()).name;
  if (members.size() > 1) out += " (+" + std::to_string(members.size() - 1) + " alike)";
  return out;
}

}  // namespace

IntervalSet addressFilterOf(const Selection& selection, const AddressSpace& space) {
  if (selection.address_filter.empty()) return IntervalSet::full(Field::kSrcIp);
  IntervalSet out;
  for (const Cidr& c : selection.address_filter) out = out.unite(space.block(c));
  return out;
}

std::vector<Station> buildStations(const EncodingContext& context,
                                   const std::vector<Selection>& selections) {
  const Network& network = context.network();
  std::map<StationKey, Station> merged;
  auto put = [&](Station s) {
    if (s.addresses.empty()) return;
    auto [it, fresh] = merged.try_emplace(keyOf(network, s), s);
    if (fresh) return;
    Station& m = it->second;
    m.addresses = m.addresses.unite(s.addresses);
    for (InterfaceId i : s.members)
      if (std::find(m.members.begin(), m.members.end(), i) == m.members.end()) m.members.push_back(i);
  };
  for (const Selection& sel : selections) {
    IntervalSet filter = addressFilterOf(sel, context.space());
    for (InterfaceId id : sel.interfaces) {
      const Interface& iface = network.at(id);
      Station s;
      s.kind = Station::Kind::kEndpoints;
      s.members = {id};
      s.subnet = iface.subnet;
      s.groups = iface.security_groups;
      std::sort(s.groups.begin(), s.groups.end());
      s.public_address = context.reachableFromInternet(id);
      s.addresses = context.interfaceAddresses(id).intersect(filter);
      put(std::move(s));
    }
    if (sel.internet) {
      Station s;
      s.kind = Station::Kind::kInternet;
      s.addresses = context.space().internet().intersect(filter);
      put(std::move(s));
    }
    for (GatewayId g : sel.external) {
      Station s;
      s.kind = Station::Kind::kExternal;
      s.gateway = g;
      s.addresses = context.zoneAddresses(g).intersect(filter);
      put(std::move(s));
    }
  }
  std::vector<Station> out;
  for (auto& [key, s] : merged) {
    std::sort(s.members.begin(), s.members.end());
    switch (s.kind) {
      case Station::Kind::kEndpoints:
        s.label = membersLabel(network, s.members);
        break;
      case Station::Kind::kInternet:
        s.label = "internet";
        break;
      case Station::Kind::kExternal:
        s.label = "on-premises via " + network.at(s.gateway).name;
        break;
    }
    out.push_back(std::move(s));
  }
  return out;
}

Selection complementOf(const Network& network, const std::vector<Selection>& excluded) {
  Selection out;
  std::vector<bool> skip(network.interfaces.size(), false);
  bool internet = false;
  std::vector<GatewayId> zones;
  for (const Selection& s : excluded) {
    // Only whole selections exclude: a cidr-filtered one covers part of its
    // interfaces' addresses, so those interfaces stay possible sources.
    if (!s.address_filter.empty()) continue;
    for (InterfaceId i : s.interfaces) skip[i.value] = true;
    internet = internet || s.internet;
    zones.insert(zones.end(), s.external.begin(), s.external.end());
  }
  for (size_t i = 0; i < network.interfaces.size(); ++i)
    if (!skip[i]) out.interfaces.push_back(InterfaceId{static_cast<int32_t>(i)});
  out.internet = !internet;
  for (size_t g = 0; g < network.gateways.size(); ++g) {
    GatewayId id{static_cast<int32_t>(g)};
    if (network.gateways[g].kind == RouteTargetKind::kVpnGateway &&
        std::find(zones.begin(), zones.end(), id) == zones.end())
      out.external.push_back(id);
  }
  return out;
}

namespace {

bool memberOf(InterfaceId id, const std::vector<Selection>& selections) {
  for (const Selection& s : selections)
    if (std::binary_search(s.interfaces.begin(), s.interfaces.end(), id)) return true;
  return false;
}

}  // namespace

bool stationWithin(const Station& station, const std::vector<Selection>& selections) {
  switch (station.kind) {
    case Station::Kind::kEndpoints:
      for (InterfaceId id : station.members)
        if (!memberOf(id, selections)) return false;
      return true;
    case Station::Kind::kInternet:
      for (const Selection& s : selections)
        if (s.internet) return true;
      return false;
    case Station::Kind::kExternal:
      for (const Selection& s : selections)
        if (std::find(s.external.begin(), s.external.end(), station.gateway) != s.external.end())
          return true;
      return false;
  }
  return false;
}

Station narrowStation(const EncodingContext& context, const Station& station,
                      std::vector<InterfaceId> members) {
  Station out = station;
  IntervalSet addresses;
  for (InterfaceId id : members) addresses = addresses.unite(context.interfaceAddresses(id));
  out.addresses = station.addresses.intersect(addresses);
  out.members = std::move(members);
  out.label = membersLabel(context.network(), out.members);
  return out;
}

std::vector<Station> refineStations(const EncodingContext& context, std::vector<Station> stations,
                                    const std::vector<std::vector<Selection>>& selections) {
  for (const std::vector<Selection>& sel : selections) {
    std::vector<Station> next;
    for (Station& s : stations) {
      if (s.kind != Station::Kind::kEndpoints || s.members.size() < 2) {
        next.push_back(std::move(s));
        continue;
      }
      std::vector<InterfaceId> in, out;
      for (InterfaceId id : s.members) (memberOf(id, sel) ? in : out).push_back(id);
      if (in.empty() || out.empty()) {
        next.push_back(std::move(s));
        continue;
      }
      next.push_back(narrowStation(context, s, std::move(in)));
      next.push_back(narrowStation(context, s, std::move(out)));
    }
    stations = std::move(next);
  }
  return stations;
}

InterfaceId memberWithAddress(const EncodingContext& context, const Station& station,
                              uint64_t address, InterfaceId avoid) {
  InterfaceId fallback;
  for (InterfaceId id : station.members) {
    if (!context.interfaceAddresses(id).contains(address)) continue;
    for (const PrivateAddress& a : context.addressList(id))
      if (a.ip && context.space().code(*a.ip) == address) return id;
    if (!fallback.valid() || (fallback == avoid && id != avoid)) fallback = id;
  }
  return fallback;
}

std::string endpointLabel(const EncodingContext& context, const Station& station,
                          uint64_t address, InterfaceId member) {
  if (station.kind != Station::Kind::kEndpoints) return station.label;
  InterfaceId id = member.valid() ? member : memberWithAddress(context, station, address);
  std::string ip = context.space().address(address).str();
  if (!id.valid()) return station.label + " (" + ip + ")";
  const Interface& iface = context.network().at(id);
  bool fixed = false;
  for (const PrivateAddress& a : context.addressList(id)) fixed = fixed || a.ip.has_value();
  return iface.name + " (" + ip + (fixed ? "" : ", an address AWS may assign") + ")";
}

}  // namespace segproof
