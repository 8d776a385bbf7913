#include "model/validate.h"

#include <algorithm>
#include <map>
#include <utility>

namespace segproof {

namespace {

// AWS accepts IPv4 VPC and subnet blocks from /16 to /28 (VPC User Guide,
// "VPC CIDR blocks" and "Subnet CIDR blocks").
constexpr int kLargestBlock = 16;
constexpr int kSmallestBlock = 28;

std::string quoted(const std::string& text) { return "'" + text + "'"; }

void checkBlockSize(const Cidr& cidr, const Provenance& where, const char* what,
                    DiagnosticEngine& diags) {
  if (!cidr.isV4()) return;
  if (cidr.prefix_length >= kLargestBlock && cidr.prefix_length <= kSmallestBlock) return;
  diags.error("invalid-cidr-size", where.location,
              std::string(what) + " CIDR " + cidr.str() +
                  " has an unsupported size: AWS allows /16 to /28");
}

void checkVpc(const Vpc& vpc, DiagnosticEngine& diags) {
  for (size_t i = 0; i < vpc.cidrs.size(); ++i) {
    checkBlockSize(vpc.cidrs[i], vpc.provenance, "VPC", diags);
    for (size_t j = 0; j < i; ++j) {
      if (!vpc.cidrs[i].overlaps(vpc.cidrs[j])) continue;
      diags.error("overlapping-cidrs", vpc.provenance.location,
                  "VPC " + quoted(vpc.name) + " has overlapping CIDRs " + vpc.cidrs[j].str() +
                      " and " + vpc.cidrs[i].str());
    }
  }
}

void checkSubnets(const Network& network, DiagnosticEngine& diags) {
  for (size_t i = 0; i < network.subnets.size(); ++i) {
    const Subnet& subnet = network.subnets[i];
    const Vpc& vpc = network.at(subnet.vpc);
    checkBlockSize(subnet.cidr, subnet.provenance, "subnet", diags);
    bool inside = false;
    for (const Cidr& block : vpc.cidrs) inside = inside || block.contains(subnet.cidr);
    if (!inside) {
      diags.error("subnet-outside-vpc", subnet.provenance.location,
                  "subnet " + quoted(subnet.name) + " CIDR " + subnet.cidr.str() +
                      " is not inside any CIDR of VPC " + quoted(vpc.name));
    }
    for (size_t j = 0; j < i; ++j) {
      const Subnet& other = network.subnets[j];
      if (other.vpc != subnet.vpc || !other.cidr.overlaps(subnet.cidr)) continue;
      diags.error("overlapping-subnets", subnet.provenance.location,
                  "subnet " + quoted(subnet.name) + " CIDR " + subnet.cidr.str() +
                      " overlaps subnet " + quoted(other.name) + " CIDR " + other.cidr.str());
    }
  }
}

// Whether `ip`, inside `block`, is one of the five addresses AWS reserves in
// every subnet block of either family: the first four and the last.
bool reservedInBlock(const Cidr& block, const IpAddress& ip) {
  if (block.isV4()) {
    uint32_t offset = ip.v4() - block.firstV4();
    return offset < 4 || ip.v4() == block.lastV4();
  }
  const IpAddress& first = block.address;
  // The network address has its low 64 bits clear when the prefix is 64 or
  // shorter, so a small offset means the same high half.
  bool near_first = ip.hi == first.hi && ip.lo - first.lo < 4;
  int host_bits = 128 - block.prefix_length;
  uint64_t low_host = host_bits >= 64 ? ~0ULL : (host_bits == 0 ? 0 : ~0ULL >> (64 - host_bits));
  uint64_t high_host =
      host_bits <= 64 ? 0 : (host_bits == 128 ? ~0ULL : ~0ULL >> (128 - host_bits));
  bool last = ip.lo == (first.lo | low_host) && ip.hi == (first.hi | high_host);
  return near_first || last;
}

// Checks one fixed address of an element placed in `subnet_id` (a private
// IPv4 address, or an IPv6 address in the subnet's IPv6 block); `seen` maps
// (VPC, address) to the name of its first user.
void checkAddress(const Network& network, SubnetId subnet_id, const IpAddress& ip,
                  const Provenance& where, const std::string& owner,
                  std::map<std::pair<int32_t, IpAddress>, std::string>& seen,
                  DiagnosticEngine& diags) {
  const Subnet& subnet = network.at(subnet_id);
  std::string prefix = quoted(owner) + (ip.isV4() ? " private IP " : " IPv6 address ") + ip.str();
  const Cidr* block = ip.isV4() ? &subnet.cidr : (subnet.ipv6_cidr ? &*subnet.ipv6_cidr : nullptr);
  if (!block) {
    diags.error("ip-outside-subnet", where.location,
                prefix + " is not inside subnet " + quoted(subnet.name) +
                    ", which has no IPv6 block");
    return;
  }
  if (!block->contains(ip)) {
    diags.error(
        "ip-outside-subnet", where.location,
        prefix + " is not inside subnet " + quoted(subnet.name) + " (" + block->str() + ")");
    return;
  }
  if (reservedInBlock(*block, ip)) {
    diags.error("reserved-ip", where.location,
                prefix + " is reserved by AWS in subnet " + quoted(subnet.name) +
                    " (the first four addresses and the last one are reserved)");
    return;
  }
  auto [it, fresh] = seen.emplace(std::make_pair(subnet.vpc.value, ip), owner);
  if (!fresh) {
    diags.error("duplicate-ip", where.location,
                prefix + " is already used by " + quoted(it->second));
  }
}

void checkAddresses(const Network& network, DiagnosticEngine& diags) {
  std::map<std::pair<int32_t, IpAddress>, std::string> seen;
  for (const NatGateway& nat : network.nat_gateways) {
    const auto& ip = nat.private_address.ip;
    if (ip && ip->isV4())
      checkAddress(network, nat.subnet, *ip, nat.provenance, nat.name, seen, diags);
  }
  for (const Interface& interface : network.interfaces) {
    for (const PrivateAddress& address : interface.private_addresses) {
      if (!address.ip || !address.ip->isV4()) continue;
      checkAddress(network, interface.subnet, *address.ip, interface.provenance, interface.name,
                   seen, diags);
    }
  }
  for (const Interface& interface : network.interfaces) {
    for (const PrivateAddress& address : interface.ipv6_addresses) {
      if (!address.ip) continue;
      if (address.ip->isV4()) {
        diags.error("invalid-ip", interface.provenance.location,
                    quoted(interface.name) + " lists IPv4 address " + address.ip->str() +
                        " among its IPv6 addresses");
        continue;
      }
      checkAddress(network, interface.subnet, *address.ip, interface.provenance, interface.name,
                   seen, diags);
    }
  }
}

void checkPeerings(const Network& network, DiagnosticEngine& diags) {
  for (const Peering& peering : network.peerings) {
    const Vpc& requester = network.at(peering.requester);
    const Vpc& accepter = network.at(peering.accepter);
    if (peering.requester == peering.accepter) {
      diags.error("overlapping-peering", peering.provenance.location,
                  "peering " + quoted(peering.name) + " connects VPC " + quoted(requester.name) +
                      " with itself");
      continue;
    }
    for (const Cidr& a : requester.cidrs) {
      for (const Cidr& b : accepter.cidrs) {
        if (!a.overlaps(b)) continue;
        diags.error("overlapping-peering", peering.provenance.location,
                    "peering " + quoted(peering.name) +
                        " connects VPCs with overlapping CIDRs: " + a.str() + " (" +
                        requester.name + ") and " + b.str() + " (" + accepter.name + ")");
      }
    }
  }
}

template <class IdT>
bool inRange(IdT id, size_t size) {
  return id.valid() && static_cast<size_t>(id.value) < size;
}

// Every interface is filtered by at least one security group, except a node
// of a network load balancer without groups (docs/aws-modeling.md, "Load
// balancers"); a load balancer node names the load balancer that lists it.
void checkInterfaces(const Network& network, DiagnosticEngine& diags) {
  for (size_t i = 0; i < network.interfaces.size(); ++i) {
    const Interface& iface = network.interfaces[i];
    bool node = iface.kind == EndpointKind::kLoadBalancer;
    if (node || iface.load_balancer.valid()) {
      const auto& lbs = network.load_balancers;
      bool listed = node && inRange(iface.load_balancer, lbs.size());
      if (listed) {
        const auto& nodes = network.at(iface.load_balancer).nodes;
        listed = std::find(nodes.begin(), nodes.end(), InterfaceId{static_cast<int32_t>(i)}) !=
                 nodes.end();
      }
      if (!listed) {
        diags.error("invalid-load-balancer-node", iface.provenance.location,
                    "interface " + quoted(iface.name) +
                        " is not a node listed by the load balancer it names");
        continue;
      }
    }
    if (!iface.security_groups.empty()) continue;
    if (node && network.at(iface.load_balancer).kind == LoadBalancerKind::kNetwork) continue;
    diags.error("missing-security-group", iface.provenance.location,
                "interface " + quoted(iface.name) + " has no security group");
  }
}

void checkLoadBalancers(const Network& network, DiagnosticEngine& diags) {
  for (size_t i = 0; i < network.load_balancers.size(); ++i) {
    const LoadBalancer& lb = network.load_balancers[i];
    std::string self =
        std::string(loadBalancerKindName(lb.kind)) + " load balancer " + quoted(lb.name);
    for (InterfaceId id : lb.nodes) {
      bool node = inRange(id, network.interfaces.size()) &&
                  network.at(id).kind == EndpointKind::kLoadBalancer &&
                  network.at(id).load_balancer.value == static_cast<int32_t>(i);
      if (!node)
        diags.error("invalid-load-balancer-node", lb.provenance.location,
                    self + " lists a node that is not one of its load balancer interfaces");
    }
    for (const LbListener& listener : lb.listeners) {
      for (TargetGroupId group : listener.target_groups) {
        if (inRange(group, network.target_groups.size())) continue;
        diags.error("invalid-target-group", listener.provenance.location,
                    "a listener of " + self + " forwards to a target group not in the model");
      }
    }
  }
  for (const TargetGroup& group : network.target_groups) {
    for (const LbTarget& target : group.targets) {
      bool ok = target.iface.valid() ? inRange(target.iface, network.interfaces.size())
                                     : target.ip && target.ip->isV4();
      if (!ok)
        diags.error("invalid-target", target.provenance.location,
                    "a target of target group " + quoted(group.name) +
                        " is neither an interface of the model nor an IPv4 address");
    }
  }
}

}  // namespace

void validateNetwork(const Network& network, DiagnosticEngine& diags) {
  for (const Vpc& vpc : network.vpcs) checkVpc(vpc, diags);
  checkSubnets(network, diags);
  checkAddresses(network, diags);
  checkPeerings(network, diags);
  checkLoadBalancers(network, diags);
  checkInterfaces(network, diags);
}

}  // namespace segproof
