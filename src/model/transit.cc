#include "model/transit.h"

#include <algorithm>

namespace segproof {

bool sameZone(const Network& network, SubnetId a, SubnetId b) {
  const std::string& za = network.at(a).availability_zone;
  const std::string& zb = network.at(b).availability_zone;
  return za.empty() || zb.empty() || za == zb;
}

std::vector<SubnetId> entryInterfaces(const Network& network, const TgwAttachment& attachment,
                                      SubnetId from) {
  std::vector<SubnetId> out;
  for (SubnetId s : attachment.subnets)
    if (sameZone(network, s, from)) out.push_back(s);
  return out;
}

std::vector<SubnetId> exitInterfaces(const Network& network, const TgwAttachment& exit,
                                     SubnetId entered) {
  if (exit.appliance_mode || !entered.valid() || network.at(entered).availability_zone.empty())
    return exit.subnets;
  const std::string& zone = network.at(entered).availability_zone;
  for (SubnetId s : exit.subnets)
    if (network.at(s).availability_zone == zone) return {s};
  return exit.subnets;
}

std::optional<SubnetId> replyEntry(const Network& network, const TgwAttachment& attachment,
                                   SubnetId at, SubnetId request) {
  std::optional<SubnetId> first;
  for (SubnetId s : attachment.subnets) {
    if (!sameZone(network, s, at)) continue;
    if (s == request) return s;
    if (!first) first = s;
  }
  return first;
}

SubnetId replyExit(const Network& network, const TgwAttachment& attachment, SubnetId at,
                   SubnetId request, bool peered) {
  if (peered || network.at(at).availability_zone.empty()) return request;
  const std::string& zone = network.at(at).availability_zone;
  if (network.at(request).availability_zone == zone) return request;
  for (SubnetId s : attachment.subnets)
    if (network.at(s).availability_zone == zone) return s;
  return request;
}

TgwRouteTableId routeTableOn(const TgwAttachment& attachment, TransitGatewayId tgw) {
  if (attachment.kind == TgwAttachmentKind::kPeering && tgw == attachment.peer_transit_gateway)
    return attachment.peer_route_table;
  return tgw == attachment.transit_gateway ? attachment.route_table : TgwRouteTableId{};
}

TgwAttachmentId attachmentIn(const Network& network, TransitGatewayId tgw, SubnetId subnet) {
  for (size_t i = 0; i < network.tgw_attachments.size(); ++i) {
    const TgwAttachment& a = network.tgw_attachments[i];
    if (a.kind == TgwAttachmentKind::kVpc && a.transit_gateway == tgw &&
        std::find(a.subnets.begin(), a.subnets.end(), subnet) != a.subnets.end())
      return TgwAttachmentId{static_cast<int32_t>(i)};
  }
  return {};
}

}  // namespace segproof
