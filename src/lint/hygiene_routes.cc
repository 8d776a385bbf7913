// Public addresses and routes (hygiene.h): subnet-public-ip,
// instance-public-ip, route-data-store-igw, route-peering-wide.
#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "lint/hygiene.h"

namespace segproof::lint::hygiene {

namespace {

constexpr std::string_view kMainTableSuffix = "/main-route-table";

// ---- subnet-public-ip, instance-public-ip ----------------------------------

void publicSubnets(const LintContext& context, std::vector<LintFinding>& out) {
  for (const aws::SubnetSpec& subnet : context.resources.subnets) {
    if (!subnet.map_public_ip_on_launch) continue;
    SourceLocation where = subnet.map_public_ip_location.known() ? subnet.map_public_ip_location
                                                                 : subnet.provenance.location;
    const aws::UncertaintySpec* unsure = uncertaintyAt(context.resources, where);
    std::string message =
        unsure ? "subnet " + subnet.name +
                     " may assign a public IPv4 address to every instance "
                     "launched in it (map_public_ip_on_launch is '" +
                     unsure->value.description + "', which the inputs do not fix)"
               : "subnet " + subnet.name +
                     " assigns a public IPv4 address to every instance launched in it "
                     "(map_public_ip_on_launch)";
    out.push_back(makeFinding("subnet-public-ip", subnet.provenance.address, subnet.provenance.address,
                          where, message,
                          "set map_public_ip_on_launch to false and give public addresses only "
                          "to what must be reached from the internet (Elastic IPs, load "
                          "balancers)"));
  }
}

// Why an instance or interface has a public IPv4 address, and where that is written.
struct PublicReason {
  std::string text;
  SourceLocation location;
};

std::optional<PublicReason> elasticIpOf(const aws::Resources& resources, const std::string& name) {
  for (const aws::ElasticIpSpec& eip : resources.elastic_ips) {
    if (eip.instance.address == name || eip.network_interface.address == name)
      return PublicReason{"Elastic IP " + eip.name + " is associated with it",
                          eip.provenance.location};
  }
  for (const aws::ElasticIpAssociationSpec& association : resources.elastic_ip_associations) {
    if (association.instance.address == name || association.network_interface.address == name)
      return PublicReason{"Elastic IP " + association.elastic_ip.address +
                              " is associated with it (" + association.provenance.address + ")",
                          association.provenance.location};
  }
  return std::nullopt;
}

std::optional<PublicReason> requestOf(const aws::Resources& resources,
                                      const aws::PublicIpSpec& spec) {
  if (spec.address)
    return PublicReason{"it is given the public address " + spec.address->value,
                        spec.address->location};
  if (!spec.associate || !spec.associate->value) return std::nullopt;
  const SourceLocation& where = spec.associate->location;
  if (const aws::UncertaintySpec* unsure = uncertaintyAt(resources, where))
    return PublicReason{"it may request one (the associate-public-IP flag is '" +
                            unsure->value.description + "', which the inputs do not fix)",
                        where};
  return PublicReason{"it requests one (associate public IP address)", where};
}

void publicEndpoints(const LintContext& context, std::vector<LintFinding>& out) {
  const aws::Resources& resources = context.resources;
  std::string fix =
      "do not request a public address; reach the instance through a load balancer, a bastion "
      "or Session Manager, and send its outbound traffic through a NAT gateway";
  auto report = [&](const Provenance& provenance, const std::string& kind,
                    const PublicReason& reason) {
    out.push_back(makeFinding(
        "instance-public-ip", provenance.address, provenance.address, reason.location,
        kind + " " + provenance.address + " has a public IPv4 address: " + reason.text, fix));
  };
  for (const aws::InstanceSpec& spec : resources.instances) {
    std::optional<PublicReason> reason = elasticIpOf(resources, spec.name);
    if (!reason) reason = requestOf(resources, spec.public_ip);
    if (!reason && !spec.public_ip.associate) {
      // No explicit choice: the subnet's map_public_ip_on_launch decides. A
      // default subnet (no subnet named) maps public addresses.
      if (spec.subnet.unknown && spec.subnet.address == aws::kDefaultSubnet)
        reason = PublicReason{"it names no subnet, so AWS launches it in a default subnet of the "
                              "default VPC, which maps a public IPv4 address on launch, and it "
                              "does not decline one",
                              spec.provenance.location};
      for (const aws::SubnetSpec& subnet : resources.subnets) {
        if (subnet.name == spec.subnet.address && subnet.map_public_ip_on_launch)
          reason = PublicReason{"its subnet " + subnet.name +
                                    " maps a public IPv4 address on "
                                    "launch and the instance does not decline it",
                                spec.provenance.location};
      }
    }
    if (reason) report(spec.provenance, "instance", *reason);
  }
  for (const aws::NetworkInterfaceSpec& spec : resources.network_interfaces) {
    std::optional<PublicReason> reason = elasticIpOf(resources, spec.name);
    if (!reason) reason = requestOf(resources, spec.public_ip);
    if (reason) report(spec.provenance, "network interface", *reason);
  }
}

// ---- route-data-store-igw -------------------------------------------------

// A subnet's route of 0.0.0.0/0 or ::/0 to an internet gateway.
struct InternetRoute {
  std::string table;
  std::string destination;
  std::string gateway;
};

using InternetRoutes = std::map<std::string, InternetRoute>;  // subnet name -> route

InternetRoutes internetRoutes(const Network& network) {
  InternetRoutes routes;
  for (const Subnet& subnet : network.subnets) {
    if (!subnet.route_table.valid()) continue;
    const RouteTable& table = network.at(subnet.route_table);
    for (const Route& route : table.routes) {
      if (route.target != RouteTargetKind::kInternetGateway ||
          route.destination_prefix_list.valid() || route.destination.prefix_length != 0)
        continue;
      std::string gateway =
          route.internet_gateway.valid() ? network.at(route.internet_gateway).name : "?";
      routes[subnet.name] = {table.name, route.destination.str(), gateway};
      break;
    }
  }
  return routes;
}

// The table a subnet uses as written: its association, else its VPC's main
// table (named "<vpc>/main-route-table" when not written).
std::string effectiveTable(const aws::Resources& resources, const aws::SubnetSpec& subnet) {
  for (const auto& association : resources.route_table_associations)
    if (association.subnet.address == subnet.name) return association.route_table.address;
  for (const auto& association : resources.main_route_table_associations)
    if (association.vpc.address == subnet.vpc.address) return association.route_table.address;
  for (const aws::RouteTableSpec& table : resources.route_tables)
    if (table.is_main && table.vpc.address == subnet.vpc.address) return table.name;
  return subnet.vpc.address + std::string(kMainTableSuffix);
}

InternetRoutes internetRoutes(const aws::Resources& resources) {
  InternetRoutes routes;
  for (const aws::SubnetSpec& subnet : resources.subnets) {
    std::string table = effectiveTable(resources, subnet);
    for (const aws::RouteSpec& route : resources.routes) {
      if (route.route_table.address != table || route.target != RouteTargetKind::kInternetGateway ||
          !route.destination)
        continue;
      std::optional<Cidr> destination = parseCidr(route.destination->value).cidr;
      if (!destination || destination->prefix_length != 0) continue;
      routes[subnet.name] = {table, destination->str(), route.target_ref.address};
      break;
    }
  }
  return routes;
}

std::vector<aws::Ref> subnetsOf(const aws::Resources& resources, const aws::ServiceSpec& db) {
  std::vector<aws::Ref> subnets = db.subnets;
  for (const aws::SubnetGroupSpec& group : resources.subnet_groups) {
    if (group.name == db.subnet_group.address)
      subnets.insert(subnets.end(), group.subnets.begin(), group.subnets.end());
  }
  return subnets;
}

void dataStoreRoutes(const LintContext& context, std::vector<LintFinding>& out) {
  const aws::Resources& resources = context.resources;
  InternetRoutes routes =
      context.network ? internetRoutes(*context.network) : internetRoutes(resources);
  for (const aws::ServiceSpec& db : resources.services) {
    std::vector<std::string> exposed;
    const InternetRoute* first = nullptr;
    for (const aws::Ref& subnet : subnetsOf(resources, db)) {
      auto it = routes.find(subnet.address);
      if (it == routes.end() ||
          std::find(exposed.begin(), exposed.end(), subnet.address) != exposed.end())
        continue;
      exposed.push_back(subnet.address);
      if (!first) first = &it->second;
    }
    if (!first) continue;
    std::string list;
    for (const std::string& name : exposed) list += (list.empty() ? "" : ", ") + name;
    std::string message =
        "database " + db.name + " may be placed in subnet" + (exposed.size() == 1 ? " " : "s ") +
        list + ", whose route table " + first->table + " sends " + first->destination +
        " to internet gateway " + first->gateway +
        (db.publicly_accessible ? " (and it is publicly accessible)"
                                : " (it is not publicly accessible, so one setting is all that "
                                  "separates it from the internet)");
    SourceLocation where =
        db.subnet_group.given() ? db.subnet_group.location : db.provenance.location;
    out.push_back(makeFinding("route-data-store-igw", db.provenance.address, db.provenance.address,
                          where, message,
                          "place data stores in a DB subnet group of private subnets, whose "
                          "route tables have no default route to an internet gateway"));
  }
}

// ---- route-peering-wide ---------------------------------------------------

// Whether the union of `blocks` holds `cidr` (IPv4 by intervals, IPv6 by one
// block holding it).
bool covered(const Cidr& cidr, const std::vector<Cidr>& blocks) {
  if (std::any_of(blocks.begin(), blocks.end(), [&](const Cidr& b) { return b.contains(cidr); }))
    return true;
  if (!cidr.isV4()) return false;
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  for (const Cidr& b : blocks)
    if (b.isV4()) spans.emplace_back(b.firstV4(), b.lastV4());
  std::sort(spans.begin(), spans.end());
  uint64_t next = cidr.firstV4();  // the first address not yet covered
  for (const auto& [first, last] : spans) {
    if (first > next) break;
    if (last >= next) next = last + 1;
    if (next > cidr.lastV4()) return true;
  }
  return false;
}

std::string vpcOfTable(const aws::Resources& resources, const std::string& table) {
  for (const aws::RouteTableSpec& spec : resources.route_tables)
    if (spec.name == table) return spec.vpc.unknown ? "" : spec.vpc.address;
  if (endsWith(table, kMainTableSuffix))
    return table.substr(0, table.size() - kMainTableSuffix.size());
  return "";
}

// The blocks of the VPC on the other side of `peering` from `own`; nullopt
// when the inputs do not fix them.
std::optional<std::vector<Cidr>> peerBlocks(const aws::Resources& resources,
                                            const aws::PeeringSpec& peering, const std::string& own,
                                            std::string& peer_name) {
  const aws::Ref& peer =
      peering.requester_vpc.address == own ? peering.accepter_vpc : peering.requester_vpc;
  if (peering.requester_vpc.address != own && peering.accepter_vpc.address != own)
    return std::nullopt;
  if (peer.unknown) return std::nullopt;
  for (const aws::UncertaintySpec& u : resources.uncertainties)
    if (u.vpc.address == peer.address && u.effect.find("CIDR") != std::string::npos)
      return std::nullopt;
  for (const aws::VpcSpec& vpc : resources.vpcs) {
    if (vpc.name != peer.address) continue;
    peer_name = vpc.name;
    std::vector<Cidr> blocks;
    for (const aws::Text& text : vpc.cidrs)
      if (auto cidr = parseCidr(text.value).cidr) blocks.push_back(*cidr);
    return blocks;
  }
  return std::nullopt;
}

void peeringRoutes(const LintContext& context, std::vector<LintFinding>& out) {
  const aws::Resources& resources = context.resources;
  for (const aws::RouteSpec& route : resources.routes) {
    if (route.target != RouteTargetKind::kPeering || !route.destination) continue;
    std::optional<Cidr> destination = parseCidr(route.destination->value).cidr;
    if (!destination) continue;
    const aws::PeeringSpec* peering = nullptr;
    for (const aws::PeeringSpec& spec : resources.peerings)
      if (!route.target_ref.unknown && spec.name == route.target_ref.address) peering = &spec;
    std::string own = vpcOfTable(resources, route.route_table.address);
    std::string peer_name;
    std::optional<std::vector<Cidr>> blocks;
    if (peering && !own.empty()) blocks = peerBlocks(resources, *peering, own, peer_name);
    std::string message;
    if (blocks && !blocks->empty() && !covered(*destination, *blocks)) {
      std::string list;
      for (const Cidr& b : *blocks) list += (list.empty() ? "" : ", ") + b.str();
      message = "the route sends " + destination->str() + " to peering connection " +
                route.target_ref.address + ", wider than the peer VPC " + peer_name + " (" + list +
                "): a peering connection delivers only to the peer VPC's addresses";
    } else if ((!blocks || blocks->empty()) && destination->prefix_length == 0) {
      message = "the route sends " + destination->str() +
                " (every address) to peering "
                "connection " +
                route.target_ref.address +
                ", wider than any VPC: a peering connection delivers only to the peer VPC's "
                "addresses";
    } else {
      continue;
    }
    const std::string& element = route.provenance.address;
    const std::string& table = route.route_table.address;
    bool inline_route = !route.route_table.unknown && element.size() > table.size() + 1 &&
                        element.compare(0, table.size(), table) == 0 &&
                        element[table.size()] == '.';
    out.push_back(makeFinding("route-peering-wide", inline_route ? table : element, element,
                          route.destination->location, message,
                          "route only the peer VPC's CIDR blocks (or the subnets that must be "
                          "reached) through the peering connection (CIS AWS Foundations 5.5)"));
  }
}

}  // namespace

void publicAddressFindings(const LintContext& context, std::vector<LintFinding>& out) {
  publicSubnets(context, out);
  publicEndpoints(context, out);
}

void routeFindings(const LintContext& context, std::vector<LintFinding>& out) {
  dataStoreRoutes(context, out);
  peeringRoutes(context, out);
}

}  // namespace segproof::lint::hygiene
