// buildNetwork(): the order of the steps, the shared helpers, and the VPC,
// prefix list and subnet steps. The other steps live in build_*.cc.
#include "aws/model_builder.h"

#include "aws/builder.h"
#include "model/validate.h"

namespace segproof::aws {

std::optional<int> NameIndex::addName(const std::string& name, int element) {
  auto [it, fresh] = names_.emplace(name, element);
  if (fresh) return std::nullopt;
  return it->second;
}

void NameIndex::addAlias(const std::string& alias, int element) {
  if (names_.count(alias) == 0) aliases_.emplace(alias, element);
}

std::optional<int> NameIndex::find(const std::string& key) const {
  if (auto it = names_.find(key); it != names_.end()) return it->second;
  if (auto it = aliases_.find(key); it != aliases_.end()) return it->second;
  return std::nullopt;
}

std::vector<segproof::UnknownValue> modelUnknowns(const std::vector<UnknownValue>& values) {
  std::vector<segproof::UnknownValue> out;
  out.reserve(values.size());
  for (const UnknownValue& v : values) out.push_back({v.description, v.location});
  return out;
}

Network buildNetwork(const Resources& resources, DiagnosticEngine& diags) {
  return ModelBuilder(resources, diags).build();
}

// The order matters: containers before what they contain, the VPC defaults
// before the subnets and interfaces that fall back on them, interfaces before
// the routes and Elastic IPs that name them.
Network ModelBuilder::build() {
  int errors_before = diags_.errorCount();
  buildVpcs();
  buildPrefixLists();
  buildInternetGateways();
  buildGateways();
  attachGateways();
  buildSecurityGroups();
  buildNetworkAcls();
  buildRouteTables();
  applyMainAssociations();
  for (size_t i = 0; i < net_.vpcs.size(); ++i) {
    VpcId vpc = idAt<VpcId>(i);
    if (!net_.vpcs[i].default_security_group.valid()) addDefaultSecurityGroup(vpc);
    if (!net_.vpcs[i].default_network_acl.valid()) addDefaultNetworkAcl(vpc);
    if (!net_.vpcs[i].main_route_table.valid()) addMainRouteTable(vpc);
  }
  buildSubnets();
  associateSubnets(in_.route_table_associations, route_tables_, "route table",
                   &RouteTableAssociationSpec::route_table, &Subnet::route_table,
                   &Subnet::route_table_explicit);
  associateSubnets(in_.network_acl_associations, network_acls_, "network ACL",
                   &NetworkAclAssociationSpec::network_acl, &Subnet::network_acl,
                   &Subnet::network_acl_explicit);
  applySubnetDefaults();
  buildPeerings();
  buildTransitGateways();
  buildInstances();
  buildNetworkInterfaces();
  buildServices();
  applyElasticIps();
  buildNatGateways();
  buildLoadBalancers();
  addDefaultEgress(buildSecurityGroupRules());
  buildNetworkAclRules();
  addLocalRoutes();
  buildRoutes();
  buildUncertainties();
  net_.input_files = in_.files;
  // Model checks assume a complete network; after a build error they would
  // only echo it.
  if (diags_.errorCount() == errors_before) validateNetwork(net_, diags_);
  return std::move(net_);
}

std::optional<Cidr> ModelBuilder::cidr(const Text& text) {
  CidrParse parsed = parseCidr(text.value);
  if (!parsed.cidr) {
    diags_.error("invalid-cidr", text.location,
                 "invalid CIDR " + quoted(text.value) + ": " + parsed.error);
    return std::nullopt;
  }
  if (!parsed.canonical) {
    diags_.warning(
        "non-canonical-cidr", text.location,
        "CIDR " + quoted(text.value) + " has host bits set; AWS reads it as " + parsed.cidr->str());
  }
  return parsed.cidr;
}

std::optional<IpAddress> ModelBuilder::ipv4(const Text& text) {
  auto ip = IpAddress::parse(text.value);
  if (ip && ip->isV4()) return ip;
  diags_.error("invalid-ip", text.location, "invalid IPv4 address " + quoted(text.value));
  return std::nullopt;
}

std::optional<IpAddress> ModelBuilder::ipv6(const Text& text) {
  auto ip = IpAddress::parse(text.value);
  if (ip && !ip->isV4()) return ip;
  diags_.error("invalid-ip", text.location, "invalid IPv6 address " + quoted(text.value));
  return std::nullopt;
}

void ModelBuilder::warnIpv6(const std::string& element, const SourceLocation& where,
                            const std::string& message) {
  if (!ipv6_warned_.insert(element).second) return;
  diags_.warning("ipv6-not-analysed", where,
                 message.empty() ? element + " uses IPv6; IPv6 traffic is not analysed yet"
                                 : message);
}

// Whether `vpc` is the VPC its name resolves to (not a duplicate of another).
bool ModelBuilder::ownsName(VpcId vpc) const {
  auto found = vpcs_.find(net_.at(vpc).name);
  return found && *found == vpc.value;
}

VpcId ModelBuilder::vpcOf(SubnetId subnet) const {
  return subnet.valid() ? net_.at(subnet).vpc : VpcId{};
}

bool ModelBuilder::registerEndpoint(const std::string& name, const Provenance& provenance,
                                    InterfaceId id, const char* kind) {
  if (auto first = endpoints_.addName(name, id.value)) {
    diags_.error("duplicate-name", provenance.location,
                 std::string("duplicate ") + kind + " name " + quoted(name) +
                     " (first defined at " + net_.interfaces[*first].provenance.location.str() +
                     ")");
    return false;
  }
  if (!provenance.address.empty()) endpoints_.addAlias(provenance.address, id.value);
  return true;
}

void ModelBuilder::buildVpcs() {
  for (const VpcSpec& spec : in_.vpcs) {
    Vpc& vpc = net_.vpcs.emplace_back();
    vpc.provenance = spec.provenance;
    vpc.name = spec.name;
    vpc.tags = spec.tags;
    bool has_v4 = false;
    bool all_parsed = true;
    for (const Text& text : spec.cidrs) {
      auto block = cidr(text);
      all_parsed = all_parsed && block.has_value();
      if (!block) continue;
      if (block->isV4()) has_v4 = true;
      vpc.cidrs.push_back(*block);
    }
    if (!has_v4 && all_parsed) {
      diags_.error("missing-cidr", spec.provenance.location,
                   "VPC " + quoted(spec.name) + " has no IPv4 CIDR block; AWS requires one");
    }
    registerName(vpcs_, net_.vpcs, net_.vpcs.size() - 1, "VPC");
  }
}

void ModelBuilder::buildPrefixLists() {
  for (const PrefixListSpec& spec : in_.prefix_lists) {
    PrefixList& list = net_.prefix_lists.emplace_back();
    list.provenance = spec.provenance;
    list.name = spec.name;
    list.content_known = spec.content_known;
    for (const Text& text : spec.entries) {
      auto block = cidr(text);
      if (!block) continue;
      list.entries.push_back(*block);
    }
    registerName(prefix_lists_, net_.prefix_lists, net_.prefix_lists.size() - 1, "prefix list");
  }
}

void ModelBuilder::buildSubnets() {
  for (const SubnetSpec& spec : in_.subnets) {
    std::string self = "subnet " + quoted(spec.name);
    Subnet subnet;
    subnet.provenance = spec.provenance;
    subnet.name = spec.name;
    subnet.vpc = require<VpcId>(vpcs_, spec.vpc, "VPC", spec.provenance.location, self);
    subnet.availability_zone = spec.availability_zone;
    subnet.map_public_ip_on_launch = spec.map_public_ip_on_launch;
    subnet.map_public_ip_location = spec.map_public_ip_location;
    subnet.tags = spec.tags;
    if (spec.cidr.value.empty()) {
      diags_.error("missing-cidr", spec.provenance.location, self + " has no IPv4 CIDR block");
    } else if (auto block = cidr(spec.cidr)) {
      if (block->isV4()) subnet.cidr = *block;
      if (!block->isV4()) {
        diags_.error("invalid-cidr", spec.cidr.location,
                     self + " needs an IPv4 CIDR block, not " + block->str());
      }
    }
    if (spec.ipv6_cidr) {
      if (auto block = cidr(*spec.ipv6_cidr); block && !block->isV4()) {
        subnet.ipv6_cidr = *block;
      } else if (block) {
        diags_.error("invalid-cidr", spec.ipv6_cidr->location,
                     self + " IPv6 block must be IPv6, not " + block->str());
      }
    }
    net_.subnets.push_back(std::move(subnet));
    registerName(subnets_, net_.subnets, net_.subnets.size() - 1, "subnet");
  }
}

// A subnet has at most one explicit route table and one network ACL, in its
// own VPC; naming the same one twice is harmless.
template <class IdT, class Spec>
void ModelBuilder::associateSubnets(const std::vector<Spec>& specs, const NameIndex& index,
                                    const char* kind, Ref Spec::*target, IdT Subnet::*slot,
                                    bool Subnet::*is_explicit) {
  std::string what = std::string(kind) + " association";
  for (const Spec& spec : specs) {
    SourceLocation where = spec.provenance.location;
    SubnetId subnet_id = require<SubnetId>(subnets_, spec.subnet, "subnet", where, what);
    IdT id = require<IdT>(index, spec.*target, kind, where, what);
    if (!subnet_id.valid() || !id.valid()) continue;
    Subnet& subnet = net_.subnets[subnet_id.value];
    const auto& element = net_.at(id);
    if (subnet.vpc.valid() && element.vpc.valid() && subnet.vpc != element.vpc) {
      diags_.error("association-vpc-mismatch", (spec.*target).location,
                   std::string(kind) + " " + quoted(element.name) + " belongs to VPC " +
                       quoted(net_.at(element.vpc).name) + ", not to VPC " +
                       quoted(net_.at(subnet.vpc).name) + " of subnet " + quoted(subnet.name));
      continue;
    }
    if (subnet.*is_explicit && subnet.*slot != id) {
      diags_.error("duplicate-association", where,
                   "subnet " + quoted(subnet.name) + " is already associated with " + kind + " " +
                       quoted(net_.at(subnet.*slot).name));
      continue;
    }
    subnet.*slot = id;
    subnet.*is_explicit = true;
  }
}

void ModelBuilder::applySubnetDefaults() {
  for (Subnet& subnet : net_.subnets) {
    if (!subnet.vpc.valid()) continue;
    const Vpc& vpc = net_.at(subnet.vpc);
    if (!subnet.route_table_explicit) subnet.route_table = vpc.main_route_table;
    if (!subnet.network_acl_explicit) subnet.network_acl = vpc.default_network_acl;
  }
}

// The VPC an uncertainty concerns is a hint: a name that does not resolve
// (perhaps itself unknown) leaves it unattributed, which is the cautious
// reading (docs/aws-modeling.md, "Unknown values"), so it is no error.
void ModelBuilder::buildUncertainties() {
  for (const UncertaintySpec& spec : in_.uncertainties) {
    Uncertainty& u = net_.uncertainties.emplace_back();
    u.value = {spec.value.description, spec.value.location};
    u.effect = spec.effect;
    if (!spec.vpc.given()) continue;
    if (auto found = vpcs_.find(spec.vpc.address)) u.vpc = idAt<VpcId>(static_cast<size_t>(*found));
  }
}

}  // namespace segproof::aws
