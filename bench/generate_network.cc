#include "generate_network.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>
#include <vector>

#include "network_plan.h"

namespace segproof::bench {

namespace {

constexpr const char* kEnvs[] = {"prod", "staging", "test", "dev"};
constexpr const char* kRoles[] = {"lb", "web", "app", "db", "cache", "bastion"};
constexpr int kRoleGroups = 6;
constexpr int kDbGroup = 3;
constexpr int kFirstHost = 10;           // AWS reserves .0-.3 of a subnet
constexpr int kMaxHostsPerSubnet = 240;  // and .255
constexpr const char* kAnywhere = "0.0.0.0/0";
constexpr const char* kPrivateNet = "10.0.0.0/8";  // every VPC, so every peer

// splitmix64: small, fast, and the same sequence on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }

 private:
  uint64_t state_;
};

std::string threeDigits(int n) {
  std::string s = std::to_string(n);
  return std::string(s.size() < 3 ? 3 - s.size() : 0, '0') + s;
}

GroupRule groupRule(const std::string& protocol, const std::string& ports,
                    const std::string& peer_key, const std::string& peer) {
  return {protocol, ports, peer_key, peer, ""};
}

GroupRule selfRule() { return {"all", "", "self", "true", ""}; }

std::string hex(int n) {
  char text[8];
  std::snprintf(text, sizeof text, "%x", n);
  return text;
}

// "<prefix>:<h>::/<length>", or "<prefix>::/<length>" when h is 0.
std::string ipv6Block(const std::string& prefix, int h, int length) {
  return prefix + (h ? ":" + hex(h) : "") + "::/" + std::to_string(length);
}

// Decides the network. The order of the random draws is the order in which
// the generator once wrote the YAML (VPCs, peerings, groups, ACLs,
// instances): existing outputs keep their bytes.
class Planner {
 public:
  explicit Planner(const NetworkShape& shape) : shape_(shape), random_(shape.seed) {}

  NetworkPlan run() {
    planVpcs();
    if (enterprise()) planHub();
    planPeerings();
    planEndpoints();
    for (VpcPlan& vpc : plan_.vpcs) planGroups(vpc);
    for (VpcPlan& vpc : plan_.vpcs) planAcls(vpc);
    for (VpcPlan& vpc : plan_.vpcs)
      for (const SubnetPlan& s : vpc.subnets)
        for (int k = 0; k < s.instances; ++k) planInstance(vpc, s, k);
    if (shape_.ipv6)
      for (VpcPlan& vpc : plan_.vpcs) planIpv6(vpc);
    count();
    return std::move(plan_);
  }

 private:
  bool enterprise() const { return shape_.layout == Layout::kEnterprise; }
  // In the enterprise layout VPC 0 is the hub, peered with every spoke.
  bool isHub(int vpc) const { return enterprise() && vpc == 0; }

  void planVpcs() {
    int publics = std::max(1, shape_.subnets_per_vpc / 3);
    int apps = (shape_.subnets_per_vpc - publics + 1) / 2;
    for (int v = 0; v < shape_.vpcs; ++v) {
      VpcPlan vpc;
      vpc.index = v;
      vpc.env = isHub(v) ? "shared" : kEnvs[v % 4];
      vpc.name = (isHub(v) ? std::string("hub") : vpc.env) + "-" + threeDigits(v);
      // VPC 1 and 2 always expose SSH and PostgreSQL, so every size has
      // violations; elsewhere a group and an ACL must both be open.
      vpc.sg_open_ssh = v == 1 || random_.chance(30);
      vpc.acl_open_ssh = v == 1 || random_.chance(50);
      vpc.sg_open_db = v == 2 || random_.chance(20);
      vpc.acl_open_db = v == 2 || random_.chance(50);
      vpc.app_default_acl = random_.chance(20) && !enterprise();
      int counters[3] = {0, 0, 0};
      for (int j = 0; j < shape_.subnets_per_vpc; ++j) {
        Tier tier = j < publics ? Tier::kPublic : j < publics + apps ? Tier::kApp : Tier::kData;
        int k = counters[static_cast<int>(tier)]++;
        SubnetPlan s{
            vpc.name + "-" + tierName(tier) + "-" + std::to_string(k), tier, j, k, 0, "", ""};
        s.acl = aclFor(vpc, s);
        vpc.subnets.push_back(std::move(s));
      }
      plan_.vpcs.push_back(std::move(vpc));
    }
  }

  // Empty: the VPC's default ACL.
  std::string aclFor(const VpcPlan& vpc, const SubnetPlan& s) const {
    if (enterprise()) return s.name + "-acl";
    switch (s.tier) {
      case Tier::kPublic:
        return vpc.name + "-public-acl";
      case Tier::kApp:
        return vpc.app_default_acl ? "" : vpc.name + "-app-acl";
      case Tier::kData:
        return vpc.name + "-data-acl";
    }
    return "";
  }

  void addPeering(int a, int b, bool active) {
    std::vector<VpcPlan>& vpcs = plan_.vpcs;
    PeeringPlan p{"peer-" + vpcs[a].name + "-" + vpcs[b].name, a, b, active};
    vpcs[a].peers.push_back({b, p.name});
    vpcs[b].peers.push_back({a, p.name});
    plan_.peerings.push_back(std::move(p));
  }

  void planHub() {
    for (int v = 1; v < shape_.vpcs; ++v) addPeering(0, v, true);
  }

  // About one peering in four joins two environments; one in ten is pending.
  // In the enterprise layout they join spokes only (the hub has its own),
  // and none is pending: Terraform can only say that a peering waits for
  // its accepter (auto_accept = false), which segproof reads as possibly
  // accepted elsewhere, so the two forms of the network would differ.
  void planPeerings() {
    std::set<std::pair<int, int>> used;
    int first = enterprise() ? 1 : 0;
    int spokes = shape_.vpcs - first;
    if (spokes < 1) return;
    for (int k = 0; k < shape_.peerings; ++k) {
      bool cross = k % 4 == 3;
      for (int attempt = 0; attempt < 32; ++attempt) {
        int a = first + random_.below(spokes), b = first + random_.below(spokes);
        if (a == b || (a % 4 != b % 4) != cross) continue;
        if (!used.insert(std::minmax(a, b)).second) continue;
        addPeering(a, b, enterprise() || k % 10 != 9);
        break;
      }
    }
  }

  // Spreads the interfaces evenly over all subnets, then lets databases take
  // theirs: each database has one interface per subnet it may be placed in.
  void planEndpoints() {
    int total = shape_.vpcs * shape_.subnets_per_vpc;
    int g = 0;
    for (VpcPlan& vpc : plan_.vpcs) {
      for (SubnetPlan& s : vpc.subnets) {
        s.instances = shape_.interfaces / total + (g++ < shape_.interfaces % total ? 1 : 0);
      }
      addDatabase(vpc, vpc.name + "-orders-db", Tier::kData, false);
      if (vpc.sg_open_db) addDatabase(vpc, vpc.name + "-legacy-db", Tier::kPublic, true);
    }
  }

  static void addDatabase(VpcPlan& vpc, std::string name, Tier tier, bool public_access) {
    DatabasePlan db{std::move(name), {}, public_access};
    for (SubnetPlan& s : vpc.subnets) {
      if (s.tier != tier || s.instances == 0 || db.subnets.size() == 2) continue;
      --s.instances;
      db.subnets.push_back(s.name);
    }
    if (!db.subnets.empty()) vpc.databases.push_back(std::move(db));
  }

  std::string groupName(const VpcPlan& vpc, int group) const {
    if (group < kRoleGroups) return vpc.name + "-" + kRoles[group] + "-sg";
    return vpc.name + "-svc" + std::to_string(group - kRoleGroups) + "-sg";
  }

  // The rules that give each role its purpose.
  std::vector<GroupRule> roleRules(const VpcPlan& vpc, int group) const {
    std::string own = vpcCidr(vpc.index);
    auto sg = [&](int g) { return groupName(vpc, g); };
    switch (group) {
      case 0:  // lb
        return {groupRule("tcp", "443", "cidr", kAnywhere),
                groupRule("tcp", "80", "cidr", kAnywhere)};
      case 1:  // web
        return {groupRule("tcp", "8000-8080", "security_group", sg(0)),
                groupRule("tcp", "443", "cidr", kAnywhere), selfRule()};
      case 2:  // app
        return {groupRule("tcp", "8080", "security_group", sg(1)),
                groupRule("tcp", "22", "security_group", sg(5)),
                groupRule("tcp", "8080", "cidr", kPrivateNet)};
      case kDbGroup:
        if (vpc.sg_open_db)
          return {groupRule("tcp", "5432", "cidr", kAnywhere),
                  groupRule("tcp", "3306", "security_group", sg(2))};
        return {groupRule("tcp", "5432", "security_group", sg(2)),
                groupRule("tcp", "3306", "security_group", sg(2))};
      case 4:  // cache
        return {groupRule("tcp", "6379", "security_group", sg(2)), selfRule()};
      case 5:  // bastion: an office range, or the whole internet
        return {groupRule("tcp", "22", "cidr", vpc.sg_open_ssh ? kAnywhere : "198.51.100.0/24")};
      default:
        return {groupRule("tcp", std::to_string(9000 + group), "security_group", sg(2)),
                groupRule("tcp", std::to_string(9000 + group), "cidr", own)};
    }
  }

  GroupRule fillerGroupRule(const VpcPlan& vpc) {
    switch (random_.below(4)) {
      case 0:
        return groupRule("tcp", std::to_string(8000 + random_.below(2000)), "cidr",
                         vpcCidr(vpc.index));
      case 1:
        return groupRule("tcp", std::to_string(3000 + random_.below(1000)), "security_group",
                         groupName(vpc, random_.below(shape_.groups_per_vpc)));
      case 2:
        return groupRule("udp", std::to_string(5000 + random_.below(100)), "cidr", kPrivateNet);
      default: {
        int from = 20000 + 10 * random_.below(1000);
        int peer = vpc.peers.empty()
                       ? vpc.index
                       : vpc.peers[random_.below(static_cast<int>(vpc.peers.size()))].first;
        return groupRule("tcp", std::to_string(from) + "-" + std::to_string(from + 9), "cidr",
                         vpcCidr(peer));
      }
    }
  }

  // Databases only answer, and fetch updates over HTTPS. In the enterprise
  // layout these two rules count towards rules_per_group.
  void planGroups(VpcPlan& vpc) {
    for (int g = 0; g < shape_.groups_per_vpc; ++g) {
      GroupPlan group{groupName(vpc, g), roleRules(vpc, g), g == kDbGroup, {}};
      if (group.has_egress)
        group.egress = {groupRule("tcp", "443", "cidr", kAnywhere),
                        groupRule("all", "", "cidr", vpcCidr(vpc.index))};
      int ingress = shape_.rules_per_group;
      if (enterprise()) ingress -= static_cast<int>(group.egress.size());
      while (static_cast<int>(group.ingress.size()) < ingress)
        group.ingress.push_back(fillerGroupRule(vpc));
      vpc.groups.push_back(std::move(group));
    }
  }

  std::vector<AclRule> tierIngress(const VpcPlan& vpc, Tier tier) const {
    std::string own = vpcCidr(vpc.index);
    switch (tier) {
      case Tier::kPublic:
        return {{true, "tcp", "443", kAnywhere},
                {true, "tcp", "80", kAnywhere},
                {true, "tcp", "22", vpc.acl_open_ssh ? kAnywhere : kPrivateNet},
                {false, "tcp", "3389", kAnywhere},
                // Without this deny the ephemeral rule below would admit 5432.
                {vpc.acl_open_db, "tcp", "5432", kAnywhere},
                {true, "tcp", "1024-65535", kAnywhere},
                {true, "udp", "1024-65535", kAnywhere},
                {true, "all", "", kPrivateNet},
                {false, "all", "", kAnywhere}};
      case Tier::kApp:
        return {{true, "all", "", own},
                {true, "tcp", "8080", kPrivateNet},
                {false, "tcp", "22", kPrivateNet},
                {true, "tcp", "1024-65535", kAnywhere},
                {false, "all", "", kAnywhere}};
      case Tier::kData:
        return {{true, "tcp", "5432", own},
                {true, "tcp", "3306", own},
                {true, "tcp", "6379", own},
                {false, "tcp", "0-1023", kPrivateNet},
                {true, "tcp", "1024-65535", kAnywhere},
                {true, "all", "", own},
                {false, "all", "", kAnywhere}};
    }
    return {};
  }

  std::vector<AclRule> tierEgress(const VpcPlan& vpc, Tier tier) const {
    std::string own = vpcCidr(vpc.index);
    switch (tier) {
      case Tier::kPublic:
        return {{true, "tcp", "1024-65535", kAnywhere}, {true, "tcp", "443", kAnywhere},
                {true, "tcp", "80", kAnywhere},         {false, "tcp", "25", kAnywhere},
                {true, "all", "", kPrivateNet},         {false, "all", "", kAnywhere}};
      case Tier::kApp:
        return {{false, "tcp", "25", kAnywhere}, {true, "all", "", kAnywhere}};
      case Tier::kData:
        return {{true, "tcp", "1024-65535", own},
                {true, "tcp", "443", kAnywhere},
                {false, "all", "", kAnywhere}};
    }
    return {};
  }

  // Denies for blocklisted internet ranges, allows for DNS and NFS.
  AclRule fillerAclRule(const VpcPlan& vpc, bool deny) {
    static constexpr const char* kBadPorts[] = {"23", "445", "1433", "3389", "27017", "9200-9300"};
    if (deny) {
      std::string cidr = std::to_string(11 + random_.below(89)) + "." +
                         std::to_string(random_.below(256)) + "." +
                         std::to_string(random_.below(256)) + ".0/24";
      return {false, "tcp", kBadPorts[random_.below(6)], cidr};
    }
    static constexpr const char* kProtocols[] = {"udp", "tcp", "udp"};
    static constexpr const char* kPorts[] = {"53", "2049", "123"};
    int k = random_.below(3);
    return {true, kProtocols[k], kPorts[k], vpcCidr(vpc.index)};
  }

  // Tier rules with fillers spliced in at random places.
  std::vector<AclRule> withFillers(const VpcPlan& vpc, std::vector<AclRule> rules) {
    int fillers = std::max(0, shape_.acl_rules - static_cast<int>(rules.size()));
    for (int f = 0; f < fillers; ++f) {
      int at = random_.below(static_cast<int>(rules.size()));
      rules.insert(rules.begin() + at, fillerAclRule(vpc, f % 2 == 0));
    }
    return rules;
  }

  // One ACL per tier, or (enterprise) one per subnet, with the tier's rules.
  void planAcls(VpcPlan& vpc) {
    std::set<std::string> planned;
    for (Tier tier : {Tier::kPublic, Tier::kApp, Tier::kData}) {
      for (const SubnetPlan& s : vpc.subnets) {
        if (s.tier != tier || s.acl.empty() || !planned.insert(s.acl).second) continue;
        AclPlan acl{s.acl, {}, {}};
        acl.ingress = withFillers(vpc, tierIngress(vpc, tier));
        acl.egress = withFillers(vpc, tierEgress(vpc, tier));
        vpc.acls.push_back(std::move(acl));
      }
    }
  }

  // The role group of the k-th instance of a subnet.
  static int instanceRole(const SubnetPlan& s, int k) {
    switch (s.tier) {
      case Tier::kPublic:
        if (s.tier_index == 0 && k == 0) return 5;  // the bastion
        return k % 2 == 1 ? 0 : 1;                  // lb, web
      case Tier::kApp:
        return 2;
      case Tier::kData:
        return k % 2 == 0 ? kDbGroup : 4;  // db, cache
    }
    return 2;
  }

  void planInstance(VpcPlan& vpc, const SubnetPlan& s, int k) {
    InstancePlan i;
    i.role = instanceRole(s, k);
    i.name = s.name + "-" + kRoles[i.role] + "-" + std::to_string(k);
    i.subnet = s.name;
    // Most addresses are fixed; a few are left for AWS to assign.
    if (!random_.chance(5))
      i.private_ip = "10." + std::to_string(vpc.index) + "." + std::to_string(s.octet) + "." +
                     std::to_string(kFirstHost + k);
    using PublicIp = InstancePlan::PublicIp;
    if (i.role == 0 || i.role == 5) i.public_ip = PublicIp::kYes;
    if (i.role == 1) i.public_ip = (k / 2) % 2 == 0 ? PublicIp::kYes : PublicIp::kNo;
    i.groups.push_back(groupName(vpc, i.role));
    int services = shape_.groups_per_vpc - kRoleGroups;
    if (i.role == 2 && services > 0 && k % 3 == 0)
      i.groups.push_back(groupName(vpc, kRoleGroups + (k / 3) % services));
    // A mis-tagged instance: its Env tag overrides the VPC's.
    if (random_.chance(2)) i.env = kEnvs[(vpc.index + 1 + random_.below(3)) % 4];
    vpc.instances.push_back(std::move(i));
  }

  // Dual-stack: IPv6 beside the IPv4 plan, drawing nothing, so that the
  // IPv4 network is the one written without it.
  static void planIpv6(VpcPlan& vpc) {
    vpc.ipv6_cidr = vpcIpv6Cidr(vpc.index);
    vpc.egress_only_gateway = vpc.name + "-eigw";
    for (SubnetPlan& s : vpc.subnets) s.ipv6_cidr = subnetIpv6Cidr(vpc.index, s.octet);
    for (GroupPlan& g : vpc.groups) {
      for (std::vector<GroupRule>* rules : {&g.ingress, &g.egress})
        for (GroupRule& r : *rules)
          if (r.peer_key == "cidr") r.ipv6_peer = ipv6Twin(r.peer);
    }
    for (AclPlan& a : vpc.acls) {
      for (std::vector<AclRule>* rules : {&a.ingress, &a.egress})
        for (AclRule& r : *rules) r.ipv6_cidr = ipv6Twin(r.cidr);
    }
    for (InstancePlan& i : vpc.instances) i.ipv6_address_count = 1;
  }

  template <typename Rule>
  static int rulesWithTwins(const std::vector<Rule>& rules, std::string Rule::*twin) {
    int n = 0;
    for (const Rule& r : rules) n += (r.*twin).empty() ? 1 : 2;
    return n;
  }

  void count() {
    NetworkCounts& c = plan_.counts;
    for (const VpcPlan& vpc : plan_.vpcs) {
      ++c.vpcs;
      c.subnets += static_cast<int>(vpc.subnets.size());
      c.route_tables += 2;
      for (const GroupPlan& g : vpc.groups)
        c.security_group_rules += rulesWithTwins(g.ingress, &GroupRule::ipv6_peer) +
                                  rulesWithTwins(g.egress, &GroupRule::ipv6_peer);
      c.security_groups += static_cast<int>(vpc.groups.size());
      for (const AclPlan& a : vpc.acls)
        c.network_acl_rules += rulesWithTwins(a.ingress, &AclRule::ipv6_cidr) +
                               rulesWithTwins(a.egress, &AclRule::ipv6_cidr);
      c.network_acls += static_cast<int>(vpc.acls.size());
      c.instances += static_cast<int>(vpc.instances.size());
      c.databases += static_cast<int>(vpc.databases.size());
      for (const DatabasePlan& db : vpc.databases)
        c.interfaces += static_cast<int>(db.subnets.size());
    }
    c.interfaces += c.instances;
    c.peerings = static_cast<int>(plan_.peerings.size());
  }

  const NetworkShape& shape_;
  Random random_;
  NetworkPlan plan_;
};

// IPv6 values are quoted, as docs/model-format.md writes them, so that their
// colons never meet YAML's rules for plain scalars ("::/0").
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// "{protocol: tcp, ports: 443, cidr: 0.0.0.0/0}"; empty ports are omitted.
std::string yamlRule(const GroupRule& r, const std::string& peer) {
  std::string s = "{protocol: " + r.protocol;
  if (!r.ports.empty()) s += ", ports: " + r.ports;
  return s + ", " + r.peer_key + ": " + peer + "}";
}

// The rule, then its IPv6 twin when it has one.
void writeGroupRule(std::ostream& out, const GroupRule& r) {
  out << "      - " << yamlRule(r, r.peer) << "\n";
  if (!r.ipv6_peer.empty()) out << "      - " << yamlRule(r, quoted(r.ipv6_peer)) << "\n";
}

// The native YAML, section by section.
class YamlWriter {
 public:
  YamlWriter(const NetworkShape& shape, const NetworkPlan& plan, std::ostream& out)
      : shape_(shape), plan_(plan), out_(out) {}

  void run() {
    out_ << "# Generated by segproof_gen (bench/generate_network.cc): " << shape_.interfaces
         << " interfaces, seed " << shape_.seed << (shape_.ipv6 ? ", dual-stack" : "")
         << ". Do not edit.\n"
         << "segproof: model/v1\n";
    writeVpcs();
    writeSubnets();
    writeRouteTables();
    writeSecurityGroups();
    writeNetworkAcls();
    writePeerings();
    writeInstances();
    writeDatabases();
  }

 private:
  void writeVpcs() {
    out_ << "\nvpcs:\n";
    for (const VpcPlan& vpc : plan_.vpcs) {
      out_ << "  - {name: " << vpc.name;
      if (vpc.ipv6_cidr.empty())
        out_ << ", cidr: " << vpcCidr(vpc.index);
      else
        out_ << ", cidrs: [" << vpcCidr(vpc.index) << ", " << quoted(vpc.ipv6_cidr) << "]";
      out_ << ", tags: {Env: " << vpc.env << ", Team: team-" << vpc.index % 7 << "}}\n";
    }
    out_ << "\ninternet_gateways:\n";
    for (const VpcPlan& vpc : plan_.vpcs)
      out_ << "  - {name: " << vpc.name << "-igw, vpc: " << vpc.name << "}\n";
    if (shape_.ipv6) {
      out_ << "\ngateways:\n";
      for (const VpcPlan& vpc : plan_.vpcs)
        out_ << "  - {name: " << vpc.egress_only_gateway << ", type: egress_only, vpc: " << vpc.name
             << "}\n";
    }
    out_ << "\nnat_gateways:\n";
    for (const VpcPlan& vpc : plan_.vpcs)
      out_ << "  - {name: " << vpc.name << "-nat, subnet: " << vpc.subnets.front().name << "}\n";
  }

  void writeSubnets() {
    static constexpr const char* kZones[] = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};
    out_ << "\nsubnets:\n";
    for (const VpcPlan& vpc : plan_.vpcs) {
      for (const SubnetPlan& s : vpc.subnets) {
        bool pub = s.tier == Tier::kPublic;
        out_ << "  - {name: " << s.name << ", vpc: " << vpc.name
             << ", cidr: " << subnetCidr(vpc.index, s.octet);
        if (!s.ipv6_cidr.empty()) out_ << ", ipv6_cidr: " << quoted(s.ipv6_cidr);
        out_ << ", availability_zone: " << kZones[s.tier_index % 3]
             << ", map_public_ip_on_launch: " << (pub ? "true" : "false")
             << ", route_table: " << vpc.name << (pub ? "-public-rt" : "-private-rt");
        if (!s.acl.empty()) out_ << ", network_acl: " << s.acl;
        out_ << ", tags: {Tier: " << tierName(s.tier) << "}}\n";
      }
    }
  }

  void writeRouteTables() {
    out_ << "\nroute_tables:\n";
    for (const VpcPlan& vpc : plan_.vpcs) {
      for (bool pub : {true, false}) {
        out_ << "  - name: " << vpc.name << (pub ? "-public-rt" : "-private-rt") << "\n"
             << "    vpc: " << vpc.name << "\n    routes:\n"
             << "      - {destination: 0.0.0.0/0, "
             << (pub ? "internet_gateway: " + vpc.name + "-igw"
                     : "nat_gateway: " + vpc.name + "-nat")
             << "}\n";
        if (!vpc.ipv6_cidr.empty())
          out_ << "      - {destination: \"::/0\", "
               << (pub ? "internet_gateway: " + vpc.name + "-igw"
                       : "egress_only_gateway: " + vpc.egress_only_gateway)
               << "}\n";
        for (const auto& [peer, peering] : vpc.peers) {
          out_ << "      - {destination: " << vpcCidr(peer) << ", peering: " << peering << "}\n";
          const std::string& peer_ipv6 = plan_.vpcs[peer].ipv6_cidr;
          if (!peer_ipv6.empty())
            out_ << "      - {destination: " << quoted(peer_ipv6) << ", peering: " << peering
                 << "}\n";
        }
      }
    }
  }

  void writeSecurityGroups() {
    out_ << "\nsecurity_groups:\n";
    for (const VpcPlan& vpc : plan_.vpcs) {
      for (const GroupPlan& g : vpc.groups) {
        out_ << "  - name: " << g.name << "\n    vpc: " << vpc.name << "\n    ingress:\n";
        for (const GroupRule& r : g.ingress) writeGroupRule(out_, r);
        if (g.has_egress) {
          out_ << "    egress:\n";
          for (const GroupRule& r : g.egress) writeGroupRule(out_, r);
        }
      }
    }
  }

  void writeAclEntry(size_t number, const AclRule& r, const std::string& cidr) {
    out_ << "      - {rule: " << number << ", action: " << (r.allow ? "allow" : "deny")
         << ", protocol: " << r.protocol;
    if (!r.ports.empty()) out_ << ", ports: " << r.ports;
    out_ << ", cidr: " << cidr << "}\n";
  }

  // Rules 100, 110, ...; an IPv6 twin takes the number after its original's.
  void writeAclDirection(const char* key, const std::vector<AclRule>& rules) {
    out_ << "    " << key << ":\n";
    for (size_t i = 0; i < rules.size(); ++i) {
      writeAclEntry(100 + 10 * i, rules[i], rules[i].cidr);
      if (!rules[i].ipv6_cidr.empty())
        writeAclEntry(101 + 10 * i, rules[i], quoted(rules[i].ipv6_cidr));
    }
  }

  void writeNetworkAcls() {
    out_ << "\nnetwork_acls:\n";
    for (const VpcPlan& vpc : plan_.vpcs) {
      for (const AclPlan& acl : vpc.acls) {
        out_ << "  - name: " << acl.name << "\n    vpc: " << vpc.name << "\n";
        writeAclDirection("ingress", acl.ingress);
        writeAclDirection("egress", acl.egress);
      }
    }
  }

  void writePeerings() {
    out_ << "\npeerings:" << (plan_.peerings.empty() ? " []" : "") << "\n";
    for (const PeeringPlan& p : plan_.peerings)
      out_ << "  - {name: " << p.name << ", requester: " << plan_.vpcs[p.requester].name
           << ", accepter: " << plan_.vpcs[p.accepter].name
           << ", status: " << (p.active ? "active" : "pending") << "}\n";
  }

  void writeInstances() {
    out_ << "\ninstances:" << (plan_.counts.instances == 0 ? " []" : "") << "\n";
    for (const VpcPlan& vpc : plan_.vpcs) {
      for (const InstancePlan& i : vpc.instances) {
        out_ << "  - {name: " << i.name << ", subnet: " << i.subnet;
        if (!i.private_ip.empty()) out_ << ", private_ip: " << i.private_ip;
        if (i.public_ip != InstancePlan::PublicIp::kSubnet)
          out_ << ", public_ip: "
               << (i.public_ip == InstancePlan::PublicIp::kYes ? "true" : "false");
        if (i.ipv6_address_count > 0) out_ << ", ipv6_address_count: " << i.ipv6_address_count;
        out_ << ", security_groups: [";
        for (size_t k = 0; k < i.groups.size(); ++k) out_ << (k ? ", " : "") << i.groups[k];
        out_ << "], tags: {Role: " << roleName(i.role);
        if (!i.env.empty()) out_ << ", Env: " << i.env;
        out_ << "}}\n";
      }
    }
  }

  void writeDatabases() {
    out_ << "\ndatabases:" << (plan_.counts.databases ? "" : " []") << "\n";
    for (const VpcPlan& vpc : plan_.vpcs) {
      for (const DatabasePlan& db : vpc.databases) {
        out_ << "  - {name: " << db.name << ", subnets: [";
        for (size_t i = 0; i < db.subnets.size(); ++i) out_ << (i ? ", " : "") << db.subnets[i];
        out_ << "], publicly_accessible: " << (db.public_access ? "true" : "false")
             << ", security_groups: [" << vpc.groups[kDbGroup].name << "], tags: {Role: db}}\n";
      }
    }
  }

  const NetworkShape& shape_;
  const NetworkPlan& plan_;
  std::ostream& out_;
};

}  // namespace

const char* tierName(Tier tier) {
  static constexpr const char* kNames[] = {"web", "app", "data"};
  return kNames[static_cast<int>(tier)];
}

const char* roleName(int role) { return kRoles[role]; }

std::string vpcCidr(int vpc) { return "10." + std::to_string(vpc) + ".0.0/16"; }

std::string subnetCidr(int vpc, int octet) {
  return "10." + std::to_string(vpc) + "." + std::to_string(octet) + ".0/24";
}

// One /48 holds the 256 possible VPC /56s, and nothing else, as 10.0.0.0/8
// holds the 10.x.0.0/16s: a rule for every VPC admits no internet address.
constexpr const char* kVpcsIpv6Prefix = "2600:1f18:6000";

std::string vpcsIpv6Cidr() { return std::string(kVpcsIpv6Prefix) + "::/48"; }

std::string vpcIpv6Cidr(int vpc) { return ipv6Block(kVpcsIpv6Prefix, vpc << 8, 56); }

std::string subnetIpv6Cidr(int vpc, int octet) {
  return ipv6Block(kVpcsIpv6Prefix, (vpc << 8) | octet, 64);
}

std::string ipv6Twin(const std::string& ipv4_cidr) {
  int a = 0, b = 0, c = 0, d = 0, length = 0;
  [[maybe_unused]] int fields =
      std::sscanf(ipv4_cidr.c_str(), "%d.%d.%d.%d/%d", &a, &b, &c, &d, &length);
  assert(fields == 5);
  if (length == 0) return "::/0";
  if (a == 10 && length == 8) return vpcsIpv6Cidr();
  if (a == 10 && length == 16) return vpcIpv6Cidr(b);
  if (a == 10 && length == 24) return subnetIpv6Cidr(b, c);
  if (ipv4_cidr == "198.51.100.0/24") return "2001:db8:100::/48";  // documentation, as TEST-NET-2
  return ipv6Block("2a00:" + hex(a), (b << 8) | c, 48);
}

NetworkPlan planNetwork(const NetworkShape& shape) {
  assert(checkShape(shape).empty());
  return Planner(shape).run();
}

NetworkShape shapeForInterfaces(int interfaces, uint64_t seed) {
  NetworkShape shape;
  shape.seed = seed;
  shape.interfaces = interfaces;
  shape.vpcs = std::clamp(interfaces / 100, 4, 256);
  shape.subnets_per_vpc = 6;
  shape.groups_per_vpc = 8;
  shape.rules_per_group = 8;
  shape.acl_rules = 10;
  shape.peerings = shape.vpcs;
  return shape;
}

NetworkShape enterpriseShape(double scale, uint64_t seed) {
  NetworkShape shape;
  shape.layout = Layout::kEnterprise;
  shape.seed = seed;
  shape.interfaces = static_cast<int>(std::lround(20000 * scale));
  shape.vpcs = std::max(3, static_cast<int>(std::lround(50 * scale)));
  shape.subnets_per_vpc = 20;
  shape.groups_per_vpc = 100;
  shape.rules_per_group = 10;
  shape.acl_rules = 10;
  shape.peerings = shape.vpcs;
  return shape;
}

std::string checkShape(const NetworkShape& shape) {
  if (shape.vpcs < 1 || shape.vpcs > 256) return "vpcs must be 1-256 (one 10.x.0.0/16 each)";
  if (shape.subnets_per_vpc < 3 || shape.subnets_per_vpc > 250)
    return "subnets per VPC must be 3-250 (public, app and data tiers)";
  if (shape.groups_per_vpc < kRoleGroups) return "groups per VPC must be at least 6 (the roles)";
  if (shape.rules_per_group < 0 || shape.rules_per_group > 1000)
    return "rules per group must be 0-1000";
  if (shape.acl_rules < 0 || shape.acl_rules > 3000) return "ACL rules must be 0-3000";
  if (shape.peerings < 0) return "peerings must not be negative";
  if (shape.interfaces < 0) return "interfaces must not be negative";
  long long subnets = static_cast<long long>(shape.vpcs) * shape.subnets_per_vpc;
  if ((shape.interfaces + subnets - 1) / subnets > kMaxHostsPerSubnet)
    return "too many interfaces: at most " + std::to_string(kMaxHostsPerSubnet) +
           " per /24 subnet; add VPCs or subnets";
  return "";
}

NetworkCounts writeNetworkYaml(const NetworkShape& shape, std::ostream& out) {
  NetworkPlan plan = planNetwork(shape);
  YamlWriter(shape, plan, out).run();
  return plan.counts;
}

}  // namespace segproof::bench
