// Test-only: a seeded generator of small random AWS networks and reach
// questions about them, for the differential tests of the Analyzer.
// Header-only (see graph/network_builder_test_util.h).
//
// The networks stay within what AWS accepts where that matters to the
// semantics (routes to a VPC's own gateways, non-overlapping VPCs for
// peering, fixed private IPs outside the reserved ones), and otherwise mix
// everything: overlapping route prefixes to IGW / NAT / peering / VPN gateway
// / appliance / blackhole, NACLs with interleaved allow and deny lines,
// security groups with CIDR and group-reference rules, public and private
// interfaces, fixed and AWS-assigned addresses, transit gateways, and load
// balancers (drawn from a stream of their own, so that the rest of each
// network and its questions are the same with or without them), and IPv6
// (a third of the networks are dual-stack; a stream of its own too, so that
// the IPv4 network is the same either way).
#ifndef SEGPROOF_SOLVE_RANDOM_NETWORK_TEST_UTIL_H_
#define SEGPROOF_SOLVE_RANDOM_NETWORK_TEST_UTIL_H_

#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "graph/network_builder_test_util.h"
#include "segproof/query/assertion.h"

namespace segproof::testing {

inline int uniformInt(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}
inline bool chance(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }
template <class T>
const T& oneOf(std::mt19937& rng, const std::vector<T>& values) {
  return values[static_cast<size_t>(uniformInt(rng, 0, static_cast<int>(values.size()) - 1))];
}

// Ports questions and rules are drawn from, so that they meet often.
inline const std::vector<int>& commonPorts() {
  static const std::vector<int> ports = {22, 80, 443, 3306, 8080};
  return ports;
}

struct GeneratedNetwork {
  NetworkBuilder b;
  std::vector<InterfaceId> interfaces;
  std::vector<GatewayId> vpn_gateways;
  // Load balancer targets among `interfaces`, with the port they receive on
  // and the protocols of their group.
  struct Target {
    InterfaceId iface;
    int port = -1;
    LbProtocols protocols;
    LoadBalancerId load_balancer;
  };
  std::vector<Target> targets;
};

struct ReachQuestion {
  std::string from;  // selector text: "internet" or "resource:NAME"
  std::string to;
  FlowSpec flow;
  std::string text() const { return from + " -> " + to + " " + flow.text(); }
};

class NetworkGenerator {
 public:
  explicit NetworkGenerator(uint32_t seed)
      : rng_(seed), lb_rng_(seed ^ 0x5eed1b00u), v6_rng_(seed ^ 0x1b6f00d5u) {}

  void generate(GeneratedNetwork& out) {
    NetworkBuilder& b = out.b;
    int vpc_count = uniformInt(rng_, 1, 3);
    std::vector<std::vector<SubnetId>> subnets(vpc_count);
    std::vector<InternetGatewayId> igws(vpc_count);
    std::vector<NatGatewayId> nats(vpc_count);
    std::vector<std::vector<SecurityGroupId>> groups(vpc_count);
    std::vector<SecurityGroupId> all_groups;
    for (int v = 0; v < vpc_count; ++v) {
      std::string tag = std::to_string(v);
      VpcId vpc = b.vpc("vpc" + tag, "10." + tag + ".0.0/16");
      if (chance(rng_, 0.7)) igws[v] = b.igw(vpc, "igw" + tag);
      int subnet_count = uniformInt(rng_, 1, 3);
      for (int k = 0; k < subnet_count; ++k) {
        std::string name = "s" + tag + std::to_string(k);
        std::string cidr = "10." + tag + "." + std::to_string(k) + ".0/24";
        RouteTableId table = chance(rng_, 0.5) ? b.routeTable(vpc, "rt-" + name) : RouteTableId{};
        subnets[v].push_back(b.subnet(vpc, name, cidr, table));
      }
      if (chance(rng_, 0.4)) {
        int k = uniformInt(rng_, 0, subnet_count - 1);
        nats[v] = b.nat(subnets[v][k], "nat" + tag, "10." + tag + "." + std::to_string(k) + ".5",
                        chance(rng_, 0.8));
      }
      groups[v].push_back(b.defaultGroup(vpc));
      int group_count = uniformInt(rng_, 1, 3);
      for (int k = 0; k < group_count; ++k)
        groups[v].push_back(b.group(vpc, "g" + tag + std::to_string(k)));
      all_groups.insert(all_groups.end(), groups[v].begin() + 1, groups[v].end());
    }
    PeeringId peering;
    int req = -1, acc = -1;
    if (vpc_count >= 2 && chance(rng_, 0.6)) {
      req = uniformInt(rng_, 0, vpc_count - 1);
      acc = (req + uniformInt(rng_, 1, vpc_count - 1)) % vpc_count;
      peering = b.peering(VpcId{req}, VpcId{acc}, "pcx", chance(rng_, 0.9));
    }
    // Interfaces first: rules and routes name their addresses.
    int iface_count = uniformInt(rng_, 2, 6);
    std::vector<int> used_hosts(16, 10);
    for (int i = 0; i < iface_count; ++i) {
      int v = uniformInt(rng_, 0, vpc_count - 1);
      int k = uniformInt(rng_, 0, static_cast<int>(subnets[v].size()) - 1);
      int host = used_hosts[v * 4 + k]++;
      std::string ip =
          "10." + std::to_string(v) + "." + std::to_string(k) + "." + std::to_string(host);
      bool assigned = chance(rng_, 0.15);  // AWS picks the address
      std::vector<SecurityGroupId> mine = {oneOf(rng_, groups[v])};
      if (chance(rng_, 0.3)) {
        SecurityGroupId second = oneOf(rng_, groups[v]);
        if (second != mine.front()) mine.push_back(second);
      }
      std::string public_ip = chance(rng_, 0.4) ? "52.0.0." + std::to_string(i + 1) : "";
      out.interfaces.push_back(
          b.iface(subnets[v][k], "i" + std::to_string(i), assigned ? "" : ip, mine, public_ip));
      if (!assigned) iface_ips_.push_back(ip + "/32");
    }
    // Now and then an appliance: an interface that routes point at, mostly
    // with its source/destination check off.
    std::vector<InterfaceId> appliances(vpc_count);
    for (int v = 0; v < vpc_count; ++v) {
      if (!chance(rng_, 0.2)) continue;
      int k = uniformInt(rng_, 0, static_cast<int>(subnets[v].size()) - 1);
      std::string ip = "10." + std::to_string(v) + "." + std::to_string(k) + ".250";
      appliances[v] = b.iface(subnets[v][k], "fw" + std::to_string(v), ip, {oneOf(rng_, groups[v])});
      b.mutableNetwork().interfaces[appliances[v].value].source_dest_check = chance(rng_, 0.2);
    }
    // Now and then a VPN gateway to an on-premises zone.
    std::vector<GatewayId> vgws(vpc_count);
    for (int v = 0; v < vpc_count; ++v) {
      if (!chance(rng_, 0.2)) continue;
      vgws[v] = b.gateway(RouteTargetKind::kVpnGateway, VpcId{v}, "vgw" + std::to_string(v));
      out.vpn_gateways.push_back(vgws[v]);
    }
    // Security group rules.
    for (SecurityGroupId g : all_groups) {
      VpcId vpc = b.network().at(g).vpc;
      int in_rules = uniformInt(rng_, 0, 3);
      for (int r = 0; r < in_rules; ++r)
        b.sgRule(g, Direction::kIngress, randomMatch(), randomPeer(b, vpc, all_groups));
      if (chance(rng_, 0.3))  // wide open, as many real groups are
        b.sgRule(g, Direction::kIngress, chance(rng_, 0.5) ? anyTraffic() : randomMatch(),
                 NetworkBuilder::cidrPeer(chance(rng_, 0.5) ? "0.0.0.0/0" : "10.0.0.0/8"));
      if (chance(rng_, 0.8)) {
        b.sgRule(g, Direction::kEgress, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
      } else {
        int out_rules = uniformInt(rng_, 0, 2);
        for (int r = 0; r < out_rules; ++r)
          b.sgRule(g, Direction::kEgress, randomMatch(), randomPeer(b, vpc, all_groups));
      }
    }
    // Network ACLs: half the subnets get a custom one.
    for (int v = 0; v < vpc_count; ++v) {
      for (SubnetId s : subnets[v]) {
        if (!chance(rng_, 0.5)) continue;
        NetworkAclId acl = b.networkAcl(VpcId{v}, "acl-" + b.network().at(s).name);
        for (Direction d : {Direction::kIngress, Direction::kEgress}) {
          int count = uniformInt(rng_, 0, 5);
          int number = 0;
          for (int r = 0; r < count; ++r) {
            number += uniformInt(rng_, 1, 30);
            b.aclRule(acl, number, d, chance(rng_, 0.6), randomMatch(), randomCidr(b, VpcId{v}));
          }
          if (chance(rng_, 0.5)) b.aclRule(acl, 32000, d, true, anyTraffic(), "0.0.0.0/0");
        }
        b.useAcl(s, acl);
      }
    }
    // Routes: every table of every VPC.
    const Network& net = b.network();
    for (size_t t = 0; t < net.route_tables.size(); ++t) {
      RouteTableId table{static_cast<int32_t>(t)};
      int v = net.route_tables[t].vpc.value;
      std::vector<RouteTo> targets = {NetworkBuilder::blackholeTarget()};
      if (igws[v].valid()) targets.push_back(NetworkBuilder::igwTarget(igws[v]));
      if (nats[v].valid()) targets.push_back(NetworkBuilder::natTarget(nats[v]));
      if (appliances[v].valid())
        targets.push_back(NetworkBuilder::interfaceTarget(appliances[v]));
      if (vgws[v].valid()) targets.push_back({RouteTargetKind::kVpnGateway, vgws[v].value});
      bool peered = peering.valid() && (v == req || v == acc);
      int other = v == req ? acc : req;
      std::set<std::string> used = {"10." + std::to_string(v) + ".0.0/16"};
      auto add = [&](const std::string& prefix, RouteTo to) {
        if (used.insert(prefix).second) b.route(table, prefix, to);
      };
      if (vgws[v].valid() && chance(rng_, 0.7))
        add(chance(rng_, 0.5) ? "192.168.0.0/16" : "172.16.0.0/12",
            {RouteTargetKind::kVpnGateway, vgws[v].value});
      if (igws[v].valid() && chance(rng_, 0.6))
        add("0.0.0.0/0", NetworkBuilder::igwTarget(igws[v]));
      else if (nats[v].valid() && chance(rng_, 0.6))
        add("0.0.0.0/0", NetworkBuilder::natTarget(nats[v]));
      if (peered && chance(rng_, 0.7)) {
        std::string o = std::to_string(other);
        add(chance(rng_, 0.7) ? "10." + o + ".0.0/16" : "10." + o + ".0.0/23",
            NetworkBuilder::peeringTarget(peering));
      }
      int extra = uniformInt(rng_, 0, 3);
      for (int r = 0; r < extra; ++r) {
        std::vector<std::string> prefixes = {"0.0.0.0/0", "8.0.0.0/8", "54.0.0.0/8", "10.0.0.0/8",
                                             "52.0.0.0/7", "192.168.1.0/24"};
        for (const Subnet& s : net.subnets)
          if (s.vpc.value == v && chance(rng_, 0.3)) prefixes.push_back(s.cidr.str());
        for (int o = 0; o < vpc_count; ++o) {
          if (o == v) continue;
          prefixes.push_back("10." + std::to_string(o) + ".0.0/16");
          prefixes.push_back("10." + std::to_string(o) + ".1.0/24");
        }
        std::string prefix = oneOf(rng_, prefixes);
        RouteTo to = oneOf(rng_, targets);
        if (peered && chance(rng_, 0.3)) to = NetworkBuilder::peeringTarget(peering);
        add(prefix, to);
      }
      // Now and then an address of the VPC itself is blackholed, so that the
      // reply route of a local move can fail.
      if (chance(rng_, 0.15)) {
        for (const std::string& ip : iface_ips_)
          if (ip.rfind("10." + std::to_string(v) + ".", 0) == 0 && chance(rng_, 0.5))
            add(ip, NetworkBuilder::blackholeTarget());
      }
    }
    addTransitGateways(b, subnets);
    addLoadBalancers(out, subnets, groups);
    addIpv6(out, subnets, igws, nats, appliances, vgws, peering);
  }

  // The network has IPv6 blocks (its VPCs are dual-stack).
  bool dualStack() const { return dual_stack_; }

  std::vector<ReachQuestion> questions(const GeneratedNetwork& g, int count) {
    std::vector<ReachQuestion> out;
    for (int q = 0; q < count; ++q) {
      ReachQuestion r;
      bool from_internet = chance(rng_, 0.2);
      bool to_internet = !from_internet && chance(rng_, 0.25);
      auto iface = [&] { return "resource:" + g.b.network().at(oneOf(rng_, g.interfaces)).name; };
      // From the internet, mostly towards interfaces that have a public IPv4.
      auto public_iface = [&] {
        std::vector<InterfaceId> open;
        for (InterfaceId i : g.interfaces)
          if (g.b.network().at(i).public_address.present()) open.push_back(i);
        if (open.empty() || chance(rng_, 0.3)) return iface();
        return "resource:" + g.b.network().at(oneOf(rng_, open)).name;
      };
      r.from = from_internet ? "internet" : iface();
      r.to = to_internet ? "internet" : from_internet ? public_iface() : iface();
      // With transit gateways, often between two VPCs.
      if (!g.b.network().transit_gateways.empty() && !from_internet && !to_internet && chance(rng_, 0.5)) {
        const Network& net = g.b.network();
        InterfaceId a = oneOf(rng_, g.interfaces), b = oneOf(rng_, g.interfaces);
        for (int retry = 0; retry < 8 && net.at(net.at(a).subnet).vpc == net.at(net.at(b).subnet).vpc; ++retry)
          b = oneOf(rng_, g.interfaces);
        r.from = "resource:" + net.at(a).name;
        r.to = "resource:" + net.at(b).name;
      }
      // The on-premises zone behind a VPN gateway, on either side.
      if (!g.vpn_gateways.empty() && chance(rng_, 0.15)) {
        std::string zone = "resource:" + g.b.network().at(oneOf(rng_, g.vpn_gateways)).name;
        if (chance(rng_, 0.5)) r.from = zone;
        else r.to = zone;
        if (r.from == "internet" || r.to == "internet" || r.from == r.to) r.from = iface();
      }
      // An interface asking about itself, now and then only.
      for (int retry = 0; retry < 3 && r.to == r.from && !chance(rng_, 0.1); ++retry)
        r.to = iface();
      // Now and then a selector of many interfaces: stations with several
      // members, which may overlap on both ends.
      if (chance(rng_, 0.25)) r.from = groupSelector(g);
      if (chance(rng_, 0.25)) r.to = groupSelector(g);
      double p = std::uniform_real_distribution<double>(0, 1)(rng_);
      r.flow.protocol = p < 0.5 ? kTcp : p < 0.8 ? kUdp : p < 0.9 ? kIcmp : kAnyProtocol;
      if ((r.flow.protocol == kTcp || r.flow.protocol == kUdp) && chance(rng_, 0.75)) {
        int port = chance(rng_, 0.8) ? oneOf(rng_, commonPorts()) : uniformInt(rng_, 0, 65535);
        r.flow.ports.push_back({port, port});
      }
      // Often ask about what the destination's groups admit, so that the
      // rest of the path decides.
      if (r.to != "internet" && chance(rng_, 0.6)) {
        const Network& net = g.b.network();
        std::vector<Match> admitted;
        for (const Interface& i : net.interfaces) {
          if ("resource:" + i.name != r.to) continue;
          for (SecurityGroupId id : i.security_groups)
            for (const SecurityGroupRule& rule : net.at(id).rules)
              if (rule.direction == Direction::kIngress) admitted.push_back(rule.match);
        }
        if (!admitted.empty()) {
          const Match& m = oneOf(rng_, admitted);
          if (m.protocol == kTcp || m.protocol == kUdp) {
            r.flow.protocol = m.protocol;
            int port = uniformInt(rng_, m.ports.from, m.ports.to);
            r.flow.ports = {{port, port}};
          } else if (m.protocol == kIcmp) {
            r.flow.protocol = kIcmp;
            r.flow.ports.clear();
          }
        }
      }
      aimAtIpv6(g, r);
      aimAtTarget(g, r);
      out.push_back(r);
    }
    return out;
  }

  std::mt19937& rng() { return rng_; }

 private:
  // sg:, subnet:, vpc: or any, naming an element that exists.
  std::string groupSelector(const GeneratedNetwork& g) {
    const Network& net = g.b.network();
    const Interface& i = net.at(oneOf(rng_, g.interfaces));
    switch (uniformInt(rng_, 0, 3)) {
      case 0:
        return "sg:" + net.at(oneOf(rng_, i.security_groups)).name;
      case 1:
        return "subnet:" + net.at(i.subnet).name;
      case 2:
        return "vpc:" + net.at(net.at(i.subnet).vpc).name;
      default:
        return "any";
    }
  }

  // Now and then a transit gateway between the VPCs (and a second one,
  // peered, for the last VPC): subnets get availability zones, attachments
  // one interface per zone, route tables static, propagated and blackhole
  // routes, and the VPCs' tables routes to the transit gateway.
  void addTransitGateways(NetworkBuilder& b, const std::vector<std::vector<SubnetId>>& subnets) {
    int vpc_count = static_cast<int>(subnets.size());
    if (vpc_count < 2 || !chance(rng_, 0.75)) return;
    static const std::vector<std::string> zones = {"az-a", "az-b", "az-a", "az-b", ""};
    for (const auto& list : subnets)
      for (SubnetId s : list) b.zone(s, oneOf(rng_, zones));
    bool second = vpc_count >= 3 && chance(rng_, 0.3);
    std::vector<TransitGatewayId> tgws = {b.transitGateway("tgw0")};
    if (second) tgws.push_back(b.transitGateway("tgw1"));
    std::vector<std::vector<TgwRouteTableId>> tables(tgws.size());
    for (size_t t = 0; t < tgws.size(); ++t) {
      int count = uniformInt(rng_, 1, 2);
      for (int k = 0; k < count; ++k)
        tables[t].push_back(b.tgwRouteTable(tgws[t], "tgw" + std::to_string(t) + "-rt" + std::to_string(k)));
    }
    const Network& net = b.network();
    std::vector<TgwAttachmentId> attachment(vpc_count);
    std::vector<int> owner(vpc_count, -1);
    for (int v = 0; v < vpc_count; ++v) {
      int t = second && v == vpc_count - 1 ? 1 : 0;
      if (!chance(rng_, 0.85)) continue;
      std::vector<SubnetId> chosen;
      for (SubnetId s : subnets[v]) {
        if (!chance(rng_, 0.6) && !chosen.empty()) continue;
        bool taken = false;
        for (SubnetId c : chosen)
          taken = taken || net.at(c).availability_zone == net.at(s).availability_zone;
        if (!taken) chosen.push_back(s);
      }
      TgwRouteTableId table = chance(rng_, 0.95) ? oneOf(rng_, tables[t]) : TgwRouteTableId{};
      attachment[v] = b.tgwVpcAttachment(tgws[t], VpcId{v}, chosen, "att" + std::to_string(v), table,
                                         chance(rng_, 0.2));
      owner[v] = t;
    }
    TgwAttachmentId peering;
    if (second)
      peering = b.tgwPeering(tgws[0], tgws[1], "tgw-peering", oneOf(rng_, tables[0]),
                             oneOf(rng_, tables[1]), chance(rng_, 0.85));
    auto cidr = [](int v, bool whole) {
      return "10." + std::to_string(v) + (whole ? ".0.0/16" : ".1.0/24");
    };
    for (size_t t = 0; t < tgws.size(); ++t) {
      for (TgwRouteTableId table : tables[t]) {
        std::set<std::string> used;
        for (int v = 0; v < vpc_count; ++v) {
          if (attachment[v].valid() && owner[v] == static_cast<int>(t) && chance(rng_, 0.9))
            b.tgwRoute(table, cidr(v, true), attachment[v], true);
          std::string prefix = cidr(v, chance(rng_, 0.5));
          if (chance(rng_, 0.25) && used.insert(prefix).second) {
            TgwAttachmentId to;  // none: a blackhole
            if (peering.valid() && owner[v] != static_cast<int>(t) && chance(rng_, 0.7)) to = peering;
            else if (attachment[v].valid() && owner[v] == static_cast<int>(t)) to = attachment[v];
            b.tgwRoute(table, prefix, to);
          }
        }
      }
    }
    // The VPCs route the other VPCs' blocks (or everything) to their
    // transit gateway, where their tables do not say otherwise.
    for (size_t r = 0; r < net.route_tables.size(); ++r) {
      int v = net.route_tables[r].vpc.value;
      if (owner[v] < 0 || !chance(rng_, 0.95)) continue;
      std::set<std::string> present;
      for (const Route& route : net.route_tables[r].routes) present.insert(route.destination.str());
      for (int o = 0; o < vpc_count; ++o) {
        if (o == v || !chance(rng_, 0.9)) continue;
        std::string prefix = chance(rng_, 0.8) ? cidr(o, true) : cidr(o, false);
        if (present.insert(prefix).second)
          b.route(RouteTableId{static_cast<int32_t>(r)}, prefix, NetworkBuilder::tgwTarget(tgws[owner[v]]));
      }
      if (chance(rng_, 0.2) && present.insert("0.0.0.0/0").second)
        b.route(RouteTableId{static_cast<int32_t>(r)}, "0.0.0.0/0", NetworkBuilder::tgwTarget(tgws[owner[v]]));
    }
  }

  // With probability 0.35 the network becomes dual-stack, drawn from a
  // stream of its own so that its IPv4 part is the same either way: each
  // VPC an IPv6 block (global, now and then unique local) with its local
  // routes, each subnet a /64 of it, interfaces IPv6 addresses (fixed or
  // AWS-picked), the default ACLs AWS's rule 101 and the custom ones IPv6
  // entries among their IPv4 ones, groups IPv6 rules, transit gateway
  // attachments IPv6 support and their tables the IPv6 twins of their
  // routes, and route tables IPv6 routes (internet and egress-only internet
  // gateways, peerings, appliances, VPN gateways, blackholes, rarely NAT64).
  void addIpv6(GeneratedNetwork& out, const std::vector<std::vector<SubnetId>>& subnets,
               const std::vector<InternetGatewayId>& igws, const std::vector<NatGatewayId>& nats,
               const std::vector<InterfaceId>& appliances, const std::vector<GatewayId>& vgws,
               PeeringId peering) {
    if (!chance(v6_rng_, 0.35)) return;
    dual_stack_ = true;
    NetworkBuilder& b = out.b;
    addIpv6Blocks(b, subnets);
    addIpv6Addresses(b);
    addIpv6Acls(b);
    addIpv6GroupRules(b);
    addIpv6Transit(b);
    addIpv6Routes(b, igws, nats, appliances, vgws, peering);
  }

  static std::string v6Text(uint64_t hi, uint64_t lo) {
    return IpAddress{IpFamily::kV6, hi, lo}.str();
  }
  static uint64_t uniform64(std::mt19937& rng, uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
  }

  // Global blocks in Amazon's style, 2600:1f18:<v>:<r>00::/56, or unique
  // local ones, fdRR:<v>:<r>::/56: the VPC number keeps them apart.
  void addIpv6Blocks(NetworkBuilder& b, const std::vector<std::vector<SubnetId>>& subnets) {
    std::mt19937& rng = v6_rng_;
    for (size_t v = 0; v < subnets.size(); ++v) {
      uint64_t r = uniform64(rng, 0, 255);
      uint64_t hi = chance(rng, 0.2)
                        ? (0xfd00 | r) << 48 | uint64_t{v + 1} << 32 | uniform64(rng, 0, 0xffff) << 16
                        : uint64_t{0x26001f18} << 32 | uint64_t{v + 1} << 16 | r << 8;
      vpc_v6_.push_back(v6Text(hi, 0) + "/56");
      b.vpcBlock(VpcId{static_cast<int32_t>(v)}, vpc_v6_.back());
      subnet_v6_.emplace_back();
      for (size_t k = 0; k < subnets[v].size(); ++k) {
        uint64_t sub = hi | (k * 16 + uniform64(rng, 0, 15));
        subnet_v6_.back().push_back(v6Text(sub, 0) + "/64");
        b.subnetIpv6(subnets[v][k], subnet_v6_.back().back());
      }
    }
  }

  // Interfaces (not load balancer nodes: their load balancers are not
  // dual-stack) get an address of their subnet's /64: fixed, past the four
  // reserved first addresses and short of the last one, mostly low; or one
  // AWS picks.
  void addIpv6Addresses(NetworkBuilder& b) {
    std::mt19937& rng = v6_rng_;
    const Network& net = b.network();
    std::vector<std::set<uint64_t>> taken(net.subnets.size());
    for (size_t i = 0; i < net.interfaces.size(); ++i) {
      const Interface& iface = net.interfaces[i];
      if (iface.load_balancer.valid() || !chance(rng, 0.6)) continue;
      InterfaceId id{static_cast<int32_t>(i)};
      int count = chance(rng, 0.1) ? 2 : 1;
      for (int n = 0; n < count; ++n) {
        if (chance(rng, 0.2)) {
          b.ipv6Address(id, "");
          continue;
        }
        uint64_t host = chance(rng, 0.8) ? uniform64(rng, 4, 0xfff) : uniform64(rng, 4, ~uint64_t{0} - 1);
        if (!taken[iface.subnet.value].insert(host).second) continue;
        std::string ip = v6Text(net.at(iface.subnet).ipv6_cidr->first().hi, host);
        b.ipv6Address(id, ip);
        iface_v6_ips_.push_back(ip + "/128");
      }
    }
  }

  // Rule numbers are shared by both families: the IPv6 entries take free
  // numbers among the IPv4 ones.
  void addIpv6Acls(NetworkBuilder& b) {
    std::mt19937& rng = v6_rng_;
    const Network& net = b.network();
    for (size_t a = 0; a < net.network_acls.size(); ++a) {
      NetworkAclId acl{static_cast<int32_t>(a)};
      VpcId vpc = net.network_acls[a].vpc;
      if (net.network_acls[a].is_default) {
        for (Direction d : {Direction::kIngress, Direction::kEgress})
          b.aclRule(acl, 101, d, true, anyTraffic(), "::/0");
        continue;
      }
      for (Direction d : {Direction::kIngress, Direction::kEgress}) {
        std::set<int> numbers;
        int top = 0;
        for (const NetworkAclRule& r : net.network_acls[a].rules) {
          if (r.direction != d) continue;
          numbers.insert(r.number);
          if (r.number < 32000) top = std::max(top, r.number);
        }
        int count = uniformInt(rng, 0, 4);
        for (int r = 0; r < count; ++r) {
          int number = uniformInt(rng, 1, top + 30);
          if (numbers.insert(number).second)
            b.aclRule(acl, number, d, chance(rng, 0.6), randomMatch6(), randomCidr6(vpc));
        }
        if (chance(rng, 0.5))
          b.aclRule(acl, numbers.count(32000) ? 32001 : 32000, d, true, anyTraffic(), "::/0");
      }
    }
  }

  // The default groups let out all IPv6, as AWS writes them; groups letting
  // out all IPv4 mostly do too; some groups admit IPv6 peers.
  void addIpv6GroupRules(NetworkBuilder& b) {
    std::mt19937& rng = v6_rng_;
    const Network& net = b.network();
    for (size_t k = 0; k < net.security_groups.size(); ++k) {
      SecurityGroupId g{static_cast<int32_t>(k)};
      VpcId vpc = net.security_groups[k].vpc;
      bool is_default = net.security_groups[k].is_default;
      bool open_out = false;
      for (const SecurityGroupRule& r : net.security_groups[k].rules)
        open_out = open_out || (r.direction == Direction::kEgress &&
                                r.peer.kind == RulePeer::Kind::kCidr &&
                                r.peer.cidr == anyV4() && r.match.protocol == kAnyProtocol);
      if (is_default || (open_out && chance(rng, 0.85)))
        b.sgRule(g, Direction::kEgress, anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
      else if (chance(rng, 0.3))
        b.sgRule(g, Direction::kEgress, randomMatch6(), NetworkBuilder::cidrPeer(randomCidr6(vpc)));
      if (is_default) continue;
      int in_rules = chance(rng, 0.45) ? uniformInt(rng, 1, 2) : 0;
      for (int r = 0; r < in_rules; ++r)
        b.sgRule(g, Direction::kIngress, randomMatch6(), NetworkBuilder::cidrPeer(randomCidr6(vpc)));
      if (chance(rng, 0.15))
        b.sgRule(g, Direction::kIngress, chance(rng, 0.5) ? anyTraffic() : randomMatch6(),
                 NetworkBuilder::cidrPeer("::/0"));
    }
  }

  // Attachments carry IPv6 now and then; where a transit gateway table, or
  // a VPC's table towards a transit gateway, routes a VPC's IPv4 block (or
  // subnet, or everything), it mostly routes the IPv6 twin the same way.
  void addIpv6Transit(NetworkBuilder& b) {
    std::mt19937& rng = v6_rng_;
    Network& net = b.mutableNetwork();
    for (TgwAttachment& a : net.tgw_attachments)
      if (a.kind == TgwAttachmentKind::kVpc) a.ipv6_support = chance(rng, 0.6);
    for (size_t t = 0; t < net.tgw_route_tables.size(); ++t) {
      std::vector<Route> routes = net.tgw_route_tables[t].routes;
      for (const Route& r : routes) {
        std::string twin = ipv6Twin(r.destination);
        if (!twin.empty() && chance(rng, 0.9))
          b.tgwRoute(TgwRouteTableId{static_cast<int32_t>(t)}, twin, r.attachment, r.propagated);
      }
    }
    for (size_t t = 0; t < net.route_tables.size(); ++t) {
      std::vector<Route> routes = net.route_tables[t].routes;
      std::set<std::string> used = ipv6Destinations(net.route_tables[t]);
      for (const Route& r : routes) {
        std::string twin = ipv6Twin(r.destination);
        if (r.target == RouteTargetKind::kTransitGateway && !twin.empty() && chance(rng, 0.9) &&
            used.insert(twin).second)
          b.route(RouteTableId{static_cast<int32_t>(t)}, twin,
                  NetworkBuilder::tgwTarget(r.transit_gateway));
      }
    }
  }

  // The IPv6 block standing for a generated IPv4 one: 0.0.0.0/0, a VPC's
  // 10.<v>.0.0/16, its subnet's 10.<v>.<k>.0/24; "" for others.
  std::string ipv6Twin(const Cidr& c) const {
    if (!c.isV4()) return "";
    if (c.prefix_length == 0) return "::/0";
    uint32_t first = c.firstV4();
    size_t v = (first >> 16) & 0xff, k = (first >> 8) & 0xff;
    if ((first >> 24) != 10 || v >= vpc_v6_.size()) return "";
    if (c.prefix_length == 16) return vpc_v6_[v];
    if (c.prefix_length == 24 && k < subnet_v6_[v].size()) return subnet_v6_[v][k];
    return "";
  }

  static std::set<std::string> ipv6Destinations(const RouteTable& t) {
    std::set<std::string> out;
    for (const Route& r : t.routes)
      if (!r.destination.isV4()) out.insert(r.destination.str());
    return out;
  }

  // Per table: the internet by the internet gateway or an egress-only one,
  // the peer VPC's block (or a subnet of it) by the peering, a few prefixes
  // to any target of the VPC, and rarely NAT64.
  void addIpv6Routes(NetworkBuilder& b, const std::vector<InternetGatewayId>& igws,
                     const std::vector<NatGatewayId>& nats,
                     const std::vector<InterfaceId>& appliances, const std::vector<GatewayId>& vgws,
                     PeeringId peering) {
    std::mt19937& rng = v6_rng_;
    const Network& net = b.network();
    int vpc_count = static_cast<int>(vpc_v6_.size());
    std::vector<GatewayId> eigws(vpc_count);
    for (int v = 0; v < vpc_count; ++v)
      if (chance(rng, 0.3))
        eigws[v] = b.gateway(RouteTargetKind::kEgressOnlyInternetGateway, VpcId{v},
                             "eigw" + std::to_string(v));
    int req = peering.valid() ? net.at(peering).requester.value : -1;
    int acc = peering.valid() ? net.at(peering).accepter.value : -1;
    for (size_t t = 0; t < net.route_tables.size(); ++t) {
      RouteTableId table{static_cast<int32_t>(t)};
      int v = net.route_tables[t].vpc.value;
      std::set<std::string> used = ipv6Destinations(net.route_tables[t]);
      auto add = [&](const std::string& prefix, RouteTo to) {
        if (!used.insert(prefix).second) return;
        if (to.kind == RouteTargetKind::kEgressOnlyInternetGateway)
          b.routeToGateway(table, prefix, GatewayId{to.element});
        else
          b.route(table, prefix, to);
      };
      RouteTo eigw{RouteTargetKind::kEgressOnlyInternetGateway, eigws[v].value};
      if (igws[v].valid() && chance(rng, 0.6)) add("::/0", NetworkBuilder::igwTarget(igws[v]));
      else if (eigws[v].valid() && chance(rng, 0.7)) add("::/0", eigw);
      bool peered = v == req || v == acc;
      int other = v == req ? acc : req;
      if (peered && chance(rng, 0.6))
        add(chance(rng, 0.7) ? vpc_v6_[other] : oneOf(rng, subnet_v6_[other]),
            NetworkBuilder::peeringTarget(peering));
      std::vector<RouteTo> targets = {NetworkBuilder::blackholeTarget()};
      if (igws[v].valid()) targets.push_back(NetworkBuilder::igwTarget(igws[v]));
      if (eigws[v].valid()) targets.push_back(eigw);
      if (appliances[v].valid()) targets.push_back(NetworkBuilder::interfaceTarget(appliances[v]));
      if (vgws[v].valid()) targets.push_back({RouteTargetKind::kVpnGateway, vgws[v].value});
      if (peered) targets.push_back(NetworkBuilder::peeringTarget(peering));
      int extra = uniformInt(rng, 0, 2);
      for (int r = 0; r < extra; ++r) {
        std::vector<std::string> prefixes = {"::/0", "2000::/3", "2001:db8::/32"};
        for (int o = 0; o < vpc_count; ++o)
          if (o != v) prefixes.push_back(vpc_v6_[o]);
        for (const std::string& s : subnet_v6_[v])
          if (chance(rng, 0.3)) prefixes.push_back(s);
        if (!iface_v6_ips_.empty() && chance(rng, 0.5)) prefixes.push_back(oneOf(rng, iface_v6_ips_));
        std::string prefix = oneOf(rng, prefixes);
        // Within the VPC's block AWS takes more specific routes to
        // interfaces only (blackholes stand for deleted ones).
        RouteTo to = oneOf(rng, targets);
        if (cidrOf(vpc_v6_[v]).contains(cidrOf(prefix)))
          to = appliances[v].valid() && chance(rng, 0.5)
                   ? NetworkBuilder::interfaceTarget(appliances[v])
                   : NetworkBuilder::blackholeTarget();
        add(prefix, to);
      }
      if (nats[v].valid() && chance(rng, 0.03))
        add("64:ff9b::/96", NetworkBuilder::natTarget(nats[v]));
    }
  }

  Match randomMatch6() {
    Match m = randomMatch(v6_rng_);
    if (m.protocol == kIcmp && chance(v6_rng_, 0.7)) {
      m.protocol = kIcmpV6;
      if (m.icmp_type == 8) m.icmp_type = 128;  // echo request
    }
    return m;
  }

  // IPv6 blocks for ACL entries and group rules: everything, the VPC's
  // block, a subnet's, an interface's address, or a documentation block.
  std::string randomCidr6(VpcId vpc) {
    std::vector<std::string> cidrs = {"::/0", "::/0", vpc_v6_[vpc.value], "2001:db8::/32"};
    for (const auto& list : subnet_v6_) cidrs.insert(cidrs.end(), list.begin(), list.end());
    if (!iface_v6_ips_.empty()) cidrs.push_back(oneOf(v6_rng_, iface_v6_ips_));
    return oneOf(v6_rng_, cidrs);
  }

  // In a dual-stack network, from the IPv6 stream: now and then a question
  // from the internet towards an interface with a global IPv6 address, about
  // ICMPv6 instead of ICMP, or about what the destination's IPv6 rules admit.
  void aimAtIpv6(const GeneratedNetwork& g, ReachQuestion& r) {
    if (!dual_stack_) return;
    std::mt19937& rng = v6_rng_;
    const Network& net = g.b.network();
    if (r.from == "internet" && chance(rng, 0.5)) {
      std::vector<InterfaceId> global;
      for (InterfaceId i : g.interfaces)
        if (globalIpv6(net, i)) global.push_back(i);
      if (!global.empty()) r.to = "resource:" + net.at(oneOf(rng, global)).name;
    }
    if (r.flow.protocol == kIcmp && chance(rng, 0.5)) r.flow.protocol = kIcmpV6;
    if (!chance(rng, 0.3)) return;
    std::vector<Match> admitted;
    for (const Interface& i : net.interfaces) {
      if ("resource:" + i.name != r.to) continue;
      for (SecurityGroupId id : i.security_groups)
        for (const SecurityGroupRule& rule : net.at(id).rules)
          if (rule.direction == Direction::kIngress && rule.peer.kind == RulePeer::Kind::kCidr &&
              !rule.peer.cidr.isV4())
            admitted.push_back(rule.match);
    }
    if (admitted.empty()) return;
    const Match& m = oneOf(rng, admitted);
    if (m.protocol == kTcp || m.protocol == kUdp) {
      r.flow.protocol = m.protocol;
      int port = uniformInt(rng, m.ports.from, m.ports.to);
      r.flow.ports = {{port, port}};
    } else if (m.protocol == kIcmp || m.protocol == kIcmpV6) {
      r.flow.protocol = m.protocol;
      r.flow.ports.clear();
    }
  }

  // The interface has a global IPv6 address (an unfixed one is in its
  // subnet's block).
  static bool globalIpv6(const Network& net, InterfaceId id) {
    const Interface& i = net.at(id);
    for (const PrivateAddress& a : i.ipv6_addresses) {
      IpAddress ip = a.ip ? *a.ip : net.at(i.subnet).ipv6_cidr->first();
      const std::vector<Cidr>& outside = nonInternetBlocks(IpFamily::kV6);
      if (std::none_of(outside.begin(), outside.end(), [&](const Cidr& c) { return c.contains(ip); }))
        return true;
    }
    return false;
  }

  Match randomMatch() { return randomMatch(rng_); }
  static Match randomMatch(std::mt19937& rng) {
    double p = std::uniform_real_distribution<double>(0, 1)(rng);
    if (p < 0.15) return anyTraffic();
    if (p < 0.25) return icmpMatch(chance(rng, 0.5) ? -1 : 8, -1);
    int protocol = p < 0.7 ? kTcp : kUdp;
    static const std::vector<PortRange> ranges = {{0, 65535}, {1024, 65535}, {32768, 65535},
                                                  {0, 1023},  {8080, 8090},  {80, 443}};
    PortRange ports;
    if (chance(rng, 0.5)) {
      int port = oneOf(rng, commonPorts());
      ports = {port, port};
    } else {
      ports = oneOf(rng, ranges);
    }
    return Match{protocol, ports, -1, -1};
  }

  std::string randomCidr(const NetworkBuilder& b, VpcId vpc) {
    std::vector<std::string> cidrs = {"0.0.0.0/0",  "0.0.0.0/0", "10.0.0.0/8",
                                      "54.0.0.0/8", "8.0.0.0/8", "52.0.0.0/8",
                                      "192.168.0.0/16"};
    cidrs.push_back(b.network().at(vpc).cidrs.front().str());
    for (const Subnet& s : b.network().subnets) cidrs.push_back(s.cidr.str());
    if (!iface_ips_.empty()) cidrs.push_back(oneOf(rng_, iface_ips_));
    return oneOf(rng_, cidrs);
  }

  RulePeer randomPeer(const NetworkBuilder& b, VpcId vpc, const std::vector<SecurityGroupId>& all) {
    if (chance(rng_, 0.35) && !all.empty()) {
      // Mostly groups of the same VPC; across VPCs they matter over a peering.
      SecurityGroupId g = oneOf(rng_, all);
      if (chance(rng_, 0.2)) g = b.defaultGroup(vpc);
      return NetworkBuilder::groupPeer(g);
    }
    return NetworkBuilder::cidrPeer(randomCidr(b, vpc));
  }

  // Now and then a question about a load balancer's target, on the port it
  // receives on, from the internet or from an interface.
  void aimAtTarget(const GeneratedNetwork& g, ReachQuestion& r) {
    if (g.targets.empty() || !chance(lb_rng_, 0.35)) return;
    const Network& net = g.b.network();
    const GeneratedNetwork::Target& t = oneOf(lb_rng_, g.targets);
    r.to = "resource:" + net.at(t.iface).name;
    bool outside = net.at(t.load_balancer).internet_facing && chance(lb_rng_, 0.6);
    r.from = outside ? "internet" : "resource:" + net.at(oneOf(lb_rng_, g.interfaces)).name;
    if (r.from == r.to) r.from = "internet";
    r.flow.protocol = t.protocols.tcp && (!t.protocols.udp || chance(lb_rng_, 0.5)) ? kTcp : kUdp;
    r.flow.ports.clear();
    if (t.port >= 0 && chance(lb_rng_, 0.8)) r.flow.ports.push_back({t.port, t.port});
  }

  // Now and then load balancers: application (TCP, cross-zone) or network
  // ones, internet-facing or internal, with nodes in one or two subnets of a
  // VPC, listeners on common ports forwarding to target groups of the
  // generated interfaces; now and then a network load balancer in front of
  // an application one. The targets' groups often admit the nodes.
  void addLoadBalancers(GeneratedNetwork& out, const std::vector<std::vector<SubnetId>>& subnets,
                        const std::vector<std::vector<SecurityGroupId>>& groups) {
    std::mt19937& rng = lb_rng_;
    // (A third of the networks: paths through load balancers multiply the
    // candidates of the solver-only cross-check, the test's main cost.)
    if (!chance(rng, 0.35)) return;
    NetworkBuilder& b = out.b;
    static const std::vector<std::string> zones = {"az-a", "az-b", "az-a", ""};
    bool zoned = false;
    for (const Subnet& s : b.network().subnets) zoned = zoned || !s.availability_zone.empty();
    if (!zoned)
      for (const auto& list : subnets)
        for (SubnetId s : list) b.zone(s, oneOf(rng, zones));
    int count = uniformInt(rng, 1, 2);
    LoadBalancerId alb;  // the last application load balancer, for a chain
    for (int n = 0; n < count; ++n) {
      std::string name = "lb" + std::to_string(n);
      int v = uniformInt(rng, 0, static_cast<int>(subnets.size()) - 1);
      bool application = chance(rng, 0.5);
      bool chain = !application && alb.valid() && chance(rng, 0.6);
      // AWS creates internet-facing load balancers only in VPCs with an
      // internet gateway; their nodes are mostly in public subnets.
      bool internet_facing = b.network().at(VpcId{v}).internet_gateway.valid() && chance(rng, 0.6);
      LoadBalancerId lb = b.loadBalancer(
          name, application ? LoadBalancerKind::kApplication : LoadBalancerKind::kNetwork,
          internet_facing, application || chance(rng, 0.5));
      // Its group: a dedicated one admitting its listeners, a group of the
      // VPC, or (network load balancers) none.
      std::vector<SecurityGroupId> mine;
      if (application || chance(rng, 0.5)) {
        if (chance(rng, 0.6)) {
          SecurityGroupId sg = b.group(VpcId{v}, name + "-sg");
          b.sgRule(sg, Direction::kIngress, chance(rng, 0.7) ? anyTraffic() : commonPortMatch(rng),
                   NetworkBuilder::cidrPeer(chance(rng, 0.6) ? "0.0.0.0/0" : "10.0.0.0/8"));
          if (chance(rng, 0.85))
            b.sgRule(sg, Direction::kEgress, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
          mine.push_back(sg);
        } else {
          mine.push_back(oneOf(rng, groups[v]));
        }
      }
      std::vector<SubnetId> candidates;
      for (SubnetId s : subnets[v])
        if (!internet_facing || publicSubnet(b.network(), s)) candidates.push_back(s);
      if (candidates.empty() || chance(rng, 0.2)) candidates = subnets[v];
      std::vector<SubnetId> chosen = {oneOf(rng, candidates)};
      if (candidates.size() > 1 && chance(rng, 0.5)) {
        SubnetId second = oneOf(rng, candidates);
        if (second != chosen.front()) chosen.push_back(second);
      }
      for (SubnetId s : chosen) {
        const Cidr& c = b.network().at(s).cidr;
        uint32_t host = c.firstV4() + 200 + static_cast<uint32_t>(n);
        b.lbNode(lb, s, chance(rng, 0.8) ? IpAddress::v4(host).str() : "", mine);
      }
      // Listeners and their target groups.
      int listeners = chance(rng, 0.7) ? 1 : 2;
      for (int l = 0; l < listeners; ++l) {
        LbProtocols protocols;
        if (!application) {
          double p = std::uniform_real_distribution<double>(0, 1)(rng);
          protocols = p < 0.7    ? LbProtocols{true, false}
                      : p < 0.85 ? LbProtocols{false, true}
                                 : LbProtocols{true, true};
        }
        int port = chance(rng, 0.95) ? oneOf(rng, commonPorts()) : -1;
        std::string group_name = name + "-tg" + std::to_string(l);
        TargetGroupId tg = b.targetGroup(group_name, protocols, !application && chance(rng, 0.5));
        b.listener(lb, protocols, port, {tg});
        if (chain && l == 0) {
          // The application load balancer's nodes, on its first listener's port.
          const LoadBalancer& front = b.network().at(alb);
          int alb_port = front.listeners.front().ports.from;
          for (InterfaceId node : front.nodes) b.target(tg, node, alb_port);
          continue;
        }
        int targets = uniformInt(rng, 1, 3);
        for (int t = 0; t < targets; ++t) {
          InterfaceId iface = oneOf(rng, out.interfaces);
          // Mostly interfaces of the load balancer's VPC.
          for (int retry = 0;
               retry < 4 && b.network().at(b.network().at(iface).subnet).vpc.value != v; ++retry)
            iface = oneOf(rng, out.interfaces);
          int target_port = chance(rng, 0.9) ? oneOf(rng, commonPorts()) : -1;
          b.target(tg, iface, target_port);
          out.targets.push_back({iface, target_port, protocols, lb});
          admitNodes(b, iface, mine, target_port, protocols, rng);
        }
      }
      if (application) alb = lb;
    }
  }

  // The subnet's table sends the internet to an internet gateway.
  static bool publicSubnet(const Network& net, SubnetId s) {
    for (const Route& r : net.at(net.at(s).route_table).routes)
      if (r.destination.str() == "0.0.0.0/0") return r.target == RouteTargetKind::kInternetGateway;
    return false;
  }

  // The target's first group often admits the nodes (by their group, or by
  // an address block when they keep client addresses or have no group).
  static void admitNodes(NetworkBuilder& b, InterfaceId target,
                         const std::vector<SecurityGroupId>& nodes, int port,
                         const LbProtocols& protocols, std::mt19937& rng) {
    if (!chance(rng, 0.7)) return;
    SecurityGroupId g = b.network().at(target).security_groups.front();
    PortRange ports = port >= 0 ? PortRange{port, port} : PortRange{};
    Match m{protocols.tcp ? kTcp : kUdp, ports, -1, -1};
    if (chance(rng, 0.2)) m = anyTraffic();
    if (!nodes.empty() && chance(rng, 0.6))
      b.sgRule(g, Direction::kIngress, m, NetworkBuilder::groupPeer(nodes.front()));
    else
      b.sgRule(g, Direction::kIngress, m,
               NetworkBuilder::cidrPeer(chance(rng, 0.5) ? "0.0.0.0/0" : "10.0.0.0/8"));
  }

  static Match commonPortMatch(std::mt19937& rng) {
    int port = oneOf(rng, commonPorts());
    return Match{chance(rng, 0.8) ? kTcp : kUdp, {port, port}, -1, -1};
  }

  std::mt19937 rng_;
  std::mt19937 lb_rng_;
  std::mt19937 v6_rng_;  // the IPv6 post-pass and its questions
  std::vector<std::string> iface_ips_;
  bool dual_stack_ = false;
  std::vector<std::string> vpc_v6_;                  // per VPC: its IPv6 block
  std::vector<std::vector<std::string>> subnet_v6_;  // per VPC: its subnets' /64s
  std::vector<std::string> iface_v6_ips_;            // fixed IPv6 addresses, as /128s
};

// The whole network as text, for failure messages and bug reports.
inline std::string describeNetwork(const Network& n) {
  std::ostringstream o;
  auto match = [](const Match& m) { return matchText(m); };
  for (size_t v = 0; v < n.vpcs.size(); ++v) {
    const Vpc& vpc = n.vpcs[v];
    o << "vpc " << vpc.name;
    for (const Cidr& c : vpc.cidrs) o << " " << c.str();
    if (vpc.internet_gateway.valid()) o << " igw " << n.at(vpc.internet_gateway).name;
    o << "\n";
  }
  for (const Subnet& s : n.subnets)
    o << "subnet " << s.name << " " << s.cidr.str()
      << (s.ipv6_cidr ? " " + s.ipv6_cidr->str() : "") << " vpc " << n.at(s.vpc).name << " table "
      << n.at(s.route_table).name << " acl " << n.at(s.network_acl).name
      << (s.availability_zone.empty() ? "" : " zone " + s.availability_zone) << "\n";
  for (const RouteTable& t : n.route_tables) {
    o << "table " << t.name << ":";
    for (const Route& r : t.routes) {
      o << " [" << r.destination.str() << " -> " << routeTargetName(r.target);
      if (r.target == RouteTargetKind::kNatGateway) o << " " << n.at(r.nat_gateway).name;
      if (r.target == RouteTargetKind::kInternetGateway) o << " " << n.at(r.internet_gateway).name;
      if (r.target == RouteTargetKind::kPeering) o << " " << n.at(r.peering).name;
      if (r.target == RouteTargetKind::kNetworkInterface) o << " " << n.at(r.interface).name;
      if (r.gateway.valid()) o << " " << n.at(r.gateway).name;
      if (r.target == RouteTargetKind::kTransitGateway) o << " " << n.at(r.transit_gateway).name;
      o << "]";
    }
    o << "\n";
  }
  for (const NetworkAcl& a : n.network_acls) {
    o << "acl " << a.name << ":";
    for (const NetworkAclRule& r : a.rules)
      o << " [" << (r.direction == Direction::kIngress ? "in " : "out ") << r.number
        << (r.allow ? " allow " : " deny ") << match(r.match) << " " << r.cidr.str() << "]";
    o << "\n";
  }
  for (const SecurityGroup& g : n.security_groups) {
    o << "sg " << g.name << ":";
    for (const SecurityGroupRule& r : g.rules) {
      o << " [" << (r.direction == Direction::kIngress ? "in " : "out ") << match(r.match) << " ";
      if (r.peer.kind == RulePeer::Kind::kSecurityGroup)
        o << "sg " << n.at(r.peer.security_group).name;
      else
        o << r.peer.cidr.str();
      o << "]";
    }
    o << "\n";
  }
  for (const NatGateway& g : n.nat_gateways)
    o << "nat " << g.name << " in " << n.at(g.subnet).name << " " << g.private_address.ip->str()
      << (g.is_public ? " public" : " private") << "\n";
  for (const Gateway& g : n.gateways)
    o << "gateway " << g.name << " " << routeTargetName(g.kind) << " in "
      << (g.vpc.valid() ? n.at(g.vpc).name : "-") << "\n";
  for (const Peering& p : n.peerings)
    o << "peering " << p.name << " " << n.at(p.requester).name << " -> " << n.at(p.accepter).name
      << (p.active ? "" : " (inactive)") << "\n";
  for (const Interface& i : n.interfaces) {
    o << "iface " << i.name << " " << n.at(i.subnet).name << " "
      << (i.private_addresses.front().ip ? i.private_addresses.front().ip->str() : "?");
    for (const PrivateAddress& a : i.ipv6_addresses) o << " " << (a.ip ? a.ip->str() : "?v6");
    if (i.public_address.present()) o << " public";
    if (!i.source_dest_check) o << " forwards";
    if (i.load_balancer.valid()) o << " node of " << n.at(i.load_balancer).name;
    o << " groups";
    for (SecurityGroupId g : i.security_groups) o << " " << n.at(g).name;
    o << "\n";
  }
  auto protocols = [](const LbProtocols& p) {
    return std::string(p.tcp && p.udp ? "tcp_udp" : p.udp ? "udp" : "tcp");
  };
  auto ports = [](const PortRange& r) {
    return r.all() ? std::string("*") : std::to_string(r.from);
  };
  for (const LoadBalancer& lb : n.load_balancers) {
    o << "lb " << lb.name << " " << loadBalancerKindName(lb.kind)
      << (lb.internet_facing ? " internet-facing" : " internal")
      << (lb.cross_zone ? " cross-zone" : "");
    for (const LbListener& l : lb.listeners) {
      o << " [listener " << protocols(l.protocols) << "/" << ports(l.ports) << " ->";
      for (TargetGroupId g : l.target_groups) o << " " << n.at(g).name;
      o << "]";
    }
    o << "\n";
  }
  for (const TargetGroup& g : n.target_groups) {
    o << "tg " << g.name << " " << protocols(g.protocols)
      << (g.preserve_client_ip ? " preserve-client-ip" : "");
    for (const LbTarget& t : g.targets)
      o << " " << (t.iface.valid() ? n.at(t.iface).name : t.ip->str()) << ":" << ports(t.ports);
    o << "\n";
  }
  for (const TgwAttachment& a : n.tgw_attachments) {
    o << "attachment " << a.name << " of " << n.at(a.transit_gateway).name;
    if (a.kind == TgwAttachmentKind::kVpc) {
      o << " vpc " << n.at(a.vpc).name << " subnets";
      for (SubnetId s : a.subnets) o << " " << n.at(s).name;
      if (a.appliance_mode) o << " appliance-mode";
      o << (a.ipv6_support ? " ipv6" : " ipv4-only");
    } else if (a.kind == TgwAttachmentKind::kPeering) {
      o << " peering " << n.at(a.peer_transit_gateway).name
        << (a.peer_route_table.valid() ? " peer table " + n.at(a.peer_route_table).name : "")
        << (a.active ? "" : " (inactive)");
    }
    o << " table " << (a.route_table.valid() ? n.at(a.route_table).name : "-") << "\n";
  }
  for (const TgwRouteTable& t : n.tgw_route_tables) {
    o << "tgw table " << t.name << " of " << n.at(t.transit_gateway).name << ":";
    for (const Route& r : t.routes)
      o << " [" << r.destination.str() << " -> "
        << (r.attachment.valid() ? n.at(r.attachment).name : "blackhole")
        << (r.propagated ? " propagated" : "") << "]";
    o << "\n";
  }
  return o.str();
}

}  // namespace segproof::testing

#endif  // SEGPROOF_SOLVE_RANDOM_NETWORK_TEST_UTIL_H_
