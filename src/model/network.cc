// Names and texts of model values, shared by diagnostics and reports so that
// every stage words the same thing the same way.
#include "segproof/model/network.h"

namespace segproof {

const char* routeTargetName(RouteTargetKind kind) {
  switch (kind) {
    case RouteTargetKind::kLocal:
      return "local";
    case RouteTargetKind::kInternetGateway:
      return "internet gateway";
    case RouteTargetKind::kEgressOnlyInternetGateway:
      return "egress-only internet gateway";
    case RouteTargetKind::kNatGateway:
      return "NAT gateway";
    case RouteTargetKind::kPeering:
      return "peering connection";
    case RouteTargetKind::kTransitGateway:
      return "transit gateway";
    case RouteTargetKind::kVpnGateway:
      return "VPN gateway";
    case RouteTargetKind::kVpcEndpoint:
      return "VPC endpoint";
    case RouteTargetKind::kNetworkInterface:
      return "network interface";
    case RouteTargetKind::kBlackhole:
      return "blackhole";
    case RouteTargetKind::kOther:
      return "other gateway";
    case RouteTargetKind::kTransitGatewayAttachment:
      return "transit gateway attachment";
  }
  return "other gateway";
}

const char* tgwAttachmentKindName(TgwAttachmentKind kind) {
  switch (kind) {
    case TgwAttachmentKind::kVpc:
      return "VPC attachment";
    case TgwAttachmentKind::kPeering:
      return "peering attachment";
    case TgwAttachmentKind::kOther:
      return "attachment";
  }
  return "attachment";
}

const char* endpointKindName(EndpointKind kind) {
  switch (kind) {
    case EndpointKind::kInstance:
      return "instance";
    case EndpointKind::kNetworkInterface:
      return "network interface";
    case EndpointKind::kDatabase:
      return "database";
    case EndpointKind::kCache:
      return "cache";
    case EndpointKind::kFunction:
      return "function";
    case EndpointKind::kContainer:
      return "container";
    case EndpointKind::kKubernetesControlPlane:
      return "kubernetes control plane";
    case EndpointKind::kKubernetesNode:
      return "kubernetes node";
    case EndpointKind::kSearchDomain:
      return "search domain";
    case EndpointKind::kVpcEndpoint:
      return "vpc endpoint";
    case EndpointKind::kLoadBalancer:
      return "load balancer";
  }
  return "instance";
}

const char* loadBalancerKindName(LoadBalancerKind kind) {
  switch (kind) {
    case LoadBalancerKind::kApplication:
      return "application";
    case LoadBalancerKind::kNetwork:
      return "network";
    case LoadBalancerKind::kGateway:
      return "gateway";
    case LoadBalancerKind::kClassic:
      return "classic";
  }
  return "application";
}

std::string protocolName(int protocol) {
  switch (protocol) {
    case kAnyProtocol:
      return "all";
    case kIcmp:
      return "icmp";
    case kTcp:
      return "tcp";
    case kUdp:
      return "udp";
    case kIcmpV6:
      return "icmpv6";
    default:
      return std::to_string(protocol);
  }
}

std::string portsText(const PortRange& ports) {
  if (ports.all()) return "all";
  if (ports.from == ports.to) return std::to_string(ports.from);
  std::string out = std::to_string(ports.from);
  out.append("-").append(std::to_string(ports.to));
  return out;
}

namespace {

std::string icmpText(const Match& match) {
  std::string out = protocolName(match.protocol);
  if (match.icmp_type < 0) return out;
  out.append(" type ").append(std::to_string(match.icmp_type));
  if (match.icmp_code >= 0) out.append(" code ").append(std::to_string(match.icmp_code));
  return out;
}

}  // namespace

std::string matchText(const Match& match) {
  switch (match.protocol) {
    case kAnyProtocol:
      return "all traffic";
    case kTcp:
    case kUdp: {
      std::string out = protocolName(match.protocol);
      out.append("/").append(portsText(match.ports));
      return out;
    }
    case kIcmp:
    case kIcmpV6:
      return icmpText(match);
    default:
      // Other protocols have no ports in AWS: the rule admits the whole protocol.
      return "protocol " + std::to_string(match.protocol);
  }
}

Tags effectiveTags(const Network& network, const Interface& interface) {
  Tags tags;
  if (interface.subnet.valid()) {
    const Subnet& subnet = network.at(interface.subnet);
    if (subnet.vpc.valid()) tags = network.at(subnet.vpc).tags;
    for (const auto& [key, value] : subnet.tags) tags[key] = value;
  }
  for (const auto& [key, value] : interface.tags) tags[key] = value;
  return tags;
}

const std::string* effectiveTag(const Network& network, const Interface& interface,
                                const std::string& key) {
  if (auto it = interface.tags.find(key); it != interface.tags.end()) return &it->second;
  if (!interface.subnet.valid()) return nullptr;
  const Subnet& subnet = network.at(interface.subnet);
  if (auto it = subnet.tags.find(key); it != subnet.tags.end()) return &it->second;
  if (!subnet.vpc.valid()) return nullptr;
  const Tags& vpc = network.at(subnet.vpc).tags;
  auto it = vpc.find(key);
  return it != vpc.end() ? &it->second : nullptr;
}

}  // namespace segproof
