// Load balancers (docs/aws-modeling.md, "Load balancers"): each application,
// network or classic load balancer becomes a LoadBalancer with one node (an
// Interface of kind kLoadBalancer) per subnet; its listeners forward to
// target groups, whose targets are interfaces of the model or addresses.
// Gateway load balancers are read but not built.
//
// Order: load balancers (their nodes are alb targets), target groups, the
// targets registered in them (and with classic load balancers), listeners
// (a classic listener's target group holds the load balancer's instances).
#include <algorithm>
#include <cctype>

#include "aws/builder.h"

namespace segproof::aws {

namespace {

constexpr long long kMaxPort = 65535;

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// AWS's cross-zone default where the input says nothing: always on for
// application load balancers, off for network ones. Classic ones have no
// AWS default of their own; the frontends write their tool's.
bool defaultCrossZone(LoadBalancerKind kind) {
  return kind == LoadBalancerKind::kApplication || kind == LoadBalancerKind::kClassic;
}

std::string what(LoadBalancerKind kind) {
  return std::string(loadBalancerKindName(kind)) + " load balancer";
}

}  // namespace

void ModelBuilder::buildLoadBalancers() {
  for (const LoadBalancerSpec& spec : in_.load_balancers) buildLoadBalancer(spec);
  classic_registrations_.assign(net_.load_balancers.size(), {});
  buildTargetGroups();
  buildTargets();
  buildListeners();
}

void ModelBuilder::buildLoadBalancer(const LoadBalancerSpec& spec) {
  if (spec.kind == LoadBalancerKind::kGateway) {
    not_built_.insert(spec.name);
    not_built_.insert(spec.provenance.address);
    diags_.warning("load-balancer-not-analysed", spec.provenance.location,
                   "gateway load balancer " + quoted(spec.name) +
                       " is not analysed yet: paths through it to its appliances are not found");
    return;
  }
  std::vector<SubnetId> subnets = loadBalancerSubnets(spec);
  LoadBalancerId id = idAt<LoadBalancerId>(net_.load_balancers.size());
  LoadBalancer& lb = net_.load_balancers.emplace_back();
  lb.provenance = spec.provenance;
  lb.name = spec.name;
  lb.kind = spec.kind;
  lb.internet_facing = spec.internet_facing;
  lb.cross_zone = spec.cross_zone ? spec.cross_zone->value : defaultCrossZone(spec.kind);
  lb.dual_stack = spec.dual_stack.has_value();
  lb.tags = spec.tags;
  registerName(load_balancers_, net_.load_balancers, id.value, "load balancer");
  // It forwards over IPv4 whatever the client's family; what its IPv6
  // listeners accept is not modelled (docs/aws-modeling.md, "IPv6").
  if (spec.dual_stack) {
    std::string self = "load balancer " + quoted(spec.name);
    warnIpv6(self, *spec.dual_stack, self + " is dual-stack; its IPv6 clients are not analysed");
  }
  if (subnets.empty()) return;
  // A network load balancer without groups has none: nothing filters it.
  std::vector<SecurityGroupId> groups;
  if (!spec.security_groups.empty() || spec.kind != LoadBalancerKind::kNetwork)
    groups = groupsFor(spec.security_groups, subnets.front());
  PublicAddress public_address;
  if (spec.internet_facing) {
    public_address.kind = PublicAddress::Kind::kAssigned;
    public_address.provenance = spec.provenance;
  }
  std::vector<InterfaceId> nodes;
  for (SubnetId subnet : subnets) {
    Interface node;
    node.provenance = spec.provenance;
    node.name = subnets.size() == 1 ? spec.name : spec.name + " (" + net_.at(subnet).name + ")";
    node.owner = spec.provenance.address.empty() ? spec.name : spec.provenance.address;
    node.kind = EndpointKind::kLoadBalancer;
    node.subnet = subnet;
    node.private_addresses = {PrivateAddress{}};
    node.public_address = public_address;
    node.security_groups = groups;
    node.load_balancer = id;
    node.tags = spec.tags;
    nodes.push_back(idAt<InterfaceId>(net_.interfaces.size()));
    net_.interfaces.push_back(std::move(node));
  }
  lb.nodes = std::move(nodes);
}

// The subnets of a load balancer, one node each, all in one VPC.
std::vector<SubnetId> ModelBuilder::loadBalancerSubnets(const LoadBalancerSpec& spec) {
  if (spec.subnets.empty()) {
    diags_.error("missing-reference", spec.provenance.location,
                 what(spec.kind) + " " + quoted(spec.name) + " names no subnet");
    return {};
  }
  std::vector<SubnetId> subnets;
  for (const Ref& ref : spec.subnets) {
    SubnetId id = lookup<SubnetId>(subnets_, ref, "subnet");
    if (!id.valid() || std::find(subnets.begin(), subnets.end(), id) != subnets.end()) continue;
    VpcId first = subnets.empty() ? VpcId{} : vpcOf(subnets.front());
    if (first.valid() && vpcOf(id).valid() && vpcOf(id) != first) {
      diags_.error("subnet-vpc-mismatch", ref.location,
                   "subnet " + quoted(net_.at(id).name) + " is in VPC " +
                       quoted(net_.at(vpcOf(id)).name) + ", not in VPC " +
                       quoted(net_.at(first).name) + " of subnet " +
                       quoted(net_.at(subnets.front()).name));
      continue;
    }
    subnets.push_back(id);
  }
  return subnets;
}

// HTTP, HTTPS, TLS, TCP (and classic SSL) are TCP; UDP; TCP_UDP is both, in
// any case. Absent: `absent`. GENEVE (gateway load balancers) and anything
// else: a warning, and nullopt (what it belongs to is left out).
std::optional<LbProtocols> ModelBuilder::lbProtocols(const Text& written, LbProtocols absent,
                                                     const std::string& owner) {
  if (written.value.empty()) return absent;
  std::string protocol = upper(written.value);
  for (const char* tcp : {"HTTP", "HTTPS", "TLS", "TCP", "SSL"})
    if (protocol == tcp) return LbProtocols{true, false};
  if (protocol == "UDP") return LbProtocols{false, true};
  if (protocol == "TCP_UDP") return LbProtocols{true, true};
  diags_.warning("load-balancer-protocol", written.location,
                 owner + " uses protocol " + quoted(written.value) +
                     ", which is not analysed (HTTP, HTTPS, TLS, TCP, UDP and TCP_UDP are): it "
                     "is left out");
  return std::nullopt;
}

// One port, or all of them when the input does not fix it; out of range:
// an error and nullopt.
std::optional<PortRange> ModelBuilder::lbPort(const std::optional<Located<long long>>& port) {
  if (!port) return PortRange{};
  if (port->value < 0 || port->value > kMaxPort) {
    diags_.error("invalid-port", port->location,
                 "port " + std::to_string(port->value) + " is out of range (0-65535)");
    return std::nullopt;
  }
  int value = static_cast<int>(port->value);
  return PortRange{value, value};
}

void ModelBuilder::buildTargetGroups() {
  for (const TargetGroupSpec& spec : in_.target_groups) {
    std::string self = "target group " + quoted(spec.name);
    auto protocols = lbProtocols(spec.protocol, LbProtocols{}, self);
    if (!protocols || !lbPort(spec.port)) {
      not_built_.insert(spec.name);
      not_built_.insert(spec.provenance.address);
      continue;
    }
    TargetGroupId id = idAt<TargetGroupId>(net_.target_groups.size());
    TargetGroup& group = net_.target_groups.emplace_back();
    group.provenance = spec.provenance;
    group.name = spec.name;
    group.protocols = *protocols;
    group.preserve_client_ip = spec.preserve_client_ip;
    group.tags = spec.tags;
    target_group_specs_.push_back(&spec);
    registerName(target_groups_, net_.target_groups, id.value, "target group");
  }
}

// Targets named by a reference or an address; classic registrations wait
// for the listeners that forward to them.
void ModelBuilder::buildTargets() {
  for (const TargetSpec& spec : in_.targets) {
    if (spec.load_balancer.given() && !spec.target_group.given()) {
      addClassicRegistration(spec);
      continue;
    }
    if (not_built_.count(spec.target_group.address)) continue;
    TargetGroupId group = require<TargetGroupId>(target_groups_, spec.target_group, "target group",
                                                 spec.provenance.location, "target");
    if (!group.valid()) continue;
    const TargetGroupSpec& group_spec = *target_group_specs_[group.value];
    addTargets(spec, group, lower(group_spec.target_type.value), group_spec.port);
  }
}

void ModelBuilder::addTargets(const TargetSpec& spec, TargetGroupId group,
                              const std::string& target_type,
                              const std::optional<Located<long long>>& group_port) {
  const std::string& group_name = net_.at(group).name;
  std::string named = spec.target.given() ? spec.target.address
                      : spec.ip           ? spec.ip->value
                                          : spec.provenance.address;
  if (target_type == "lambda") {
    diags_.note("lambda-target", spec.provenance.location,
                "target " + quoted(named) + " of target group " + quoted(group_name) +
                    " is left out: Lambda targets are invoked by the Lambda service, not over "
                    "the VPC");
    return;
  }
  auto ports = lbPort(spec.port ? spec.port : group_port);
  if (!ports) return;
  std::vector<InterfaceId> interfaces;
  std::optional<IpAddress> address;
  if (spec.ip) {
    auto ip = IpAddress::parse(spec.ip->value);
    // An IPv6 target is kept, but no node forwards to it: the analysis
    // reports no proof while one exists (docs/aws-modeling.md, "IPv6").
    if (ip && !ip->isV4())
      warnIpv6("target group " + quoted(group_name), spec.ip->location,
               "target group " + quoted(group_name) + " has an IPv6 target; what reaches it is not analysed");
    if (!ip) ip = ipv4(*spec.ip);  // reports it
    if (!ip) return;
    VpcId vpc;
    if (auto found = vpcs_.find(target_group_specs_[group.value]->vpc.address))
      vpc = idAt<VpcId>(static_cast<size_t>(*found));
    if (auto iface = interfaceWithAddress(*ip, vpc))
      interfaces.push_back(*iface);
    else
      address = ip;
  } else if (spec.target.given()) {
    interfaces = targetInterfaces(spec.target, "target group " + quoted(group_name));
    if (interfaces.empty()) return;
  } else {
    diags_.error("missing-reference", spec.provenance.location,
                 "target of target group " + quoted(group_name) + " names no target or address");
    return;
  }
  TargetGroup& out = net_.target_groups[group.value];
  if (address) out.targets.push_back({spec.provenance, InterfaceId{}, address, *ports});
  for (InterfaceId iface : interfaces)
    out.targets.push_back({spec.provenance, iface, std::nullopt, *ports});
}

// What a target reference stands for: an instance's primary interface, a
// service's interfaces (an ECS service has one per subnet), an interface, or
// the nodes of an application load balancer. Empty after a diagnostic (or
// for a target that is not built, silently).
std::vector<InterfaceId> ModelBuilder::targetInterfaces(const Ref& target,
                                                        const std::string& registry) {
  if (auto instance = instances_.find(target.address)) {
    InterfaceId primary = primary_interface_[*instance];
    if (primary.valid()) return {primary};
    return {};
  }
  if (auto lb = load_balancers_.find(target.address)) return net_.load_balancers[*lb].nodes;
  if (not_built_.count(target.address)) return {};
  auto found = endpoints_.find(target.address);
  if (!found) {
    diags_.error("unknown-reference", target.location,
                 "unknown target " + quoted(target.address) + " of " + registry);
    return {};
  }
  const Interface& iface = net_.interfaces[*found];
  if (iface.kind == EndpointKind::kFunction) {
    diags_.note("lambda-target", target.location,
                "target " + quoted(target.address) + " of " + registry +
                    " is left out: Lambda targets are invoked by the Lambda service, not over "
                    "the VPC");
    return {};
  }
  if (iface.kind == EndpointKind::kInstance || iface.kind == EndpointKind::kNetworkInterface ||
      iface.owner.empty())
    return {idAt<InterfaceId>(static_cast<size_t>(*found))};
  std::vector<InterfaceId> service;
  for (size_t i = 0; i < net_.interfaces.size(); ++i) {
    const Interface& other = net_.interfaces[i];
    if (other.owner == iface.owner && other.kind == iface.kind)
      service.push_back(idAt<InterfaceId>(i));
  }
  return service;
}

// The interface that has `ip` as a fixed private address, in `vpc` when
// known.
std::optional<InterfaceId> ModelBuilder::interfaceWithAddress(const IpAddress& ip,
                                                              VpcId vpc) const {
  for (size_t i = 0; i < net_.interfaces.size(); ++i) {
    const Interface& iface = net_.interfaces[i];
    if (vpc.valid() && vpcOf(iface.subnet) != vpc) continue;
    for (const PrivateAddress& address : iface.private_addresses)
      if (address.ip && *address.ip == ip) return idAt<InterfaceId>(i);
  }
  return std::nullopt;
}

// An instance registered with a classic load balancer: kept (port unset)
// until its listeners give the instance port.
void ModelBuilder::addClassicRegistration(const TargetSpec& spec) {
  if (not_built_.count(spec.load_balancer.address)) return;
  auto lb = lookup<LoadBalancerId>(load_balancers_, spec.load_balancer, "load balancer");
  if (!lb.valid()) return;
  const std::string& name = net_.at(lb).name;
  if (!spec.target.given()) {
    diags_.error("missing-reference", spec.provenance.location,
                 "instance registered with load balancer " + quoted(name) + " names no instance");
    return;
  }
  for (InterfaceId iface : targetInterfaces(spec.target, "load balancer " + quoted(name)))
    classic_registrations_[lb.value].push_back({spec.provenance, iface, std::nullopt, {}});
}

void ModelBuilder::buildListeners() {
  for (const ListenerSpec& spec : in_.listeners) {
    if (not_built_.count(spec.load_balancer.address)) continue;
    LoadBalancerId id = require<LoadBalancerId>(load_balancers_, spec.load_balancer,
                                                "load balancer", spec.provenance.location,
                                                "listener " + quoted(spec.provenance.address));
    if (!id.valid()) continue;
    LoadBalancerKind kind = net_.at(id).kind;
    std::string self = "listener " + quoted(spec.provenance.address) + " of " + what(kind) + " " +
                       quoted(net_.at(id).name);
    // AWS requires a network load balancer's listener protocol; not known,
    // it may be either transport.
    LbProtocols absent =
        kind == LoadBalancerKind::kNetwork ? LbProtocols{true, true} : LbProtocols{};
    auto protocols = lbProtocols(spec.protocol, absent, self);
    auto ports = lbPort(spec.port);
    if (!protocols || !ports) continue;
    LbListener listener;
    listener.provenance = spec.provenance;
    listener.protocols = *protocols;
    listener.ports = *ports;
    if (kind == LoadBalancerKind::kClassic) {
      addClassicTargetGroup(spec, id, listener);
    } else {
      for (const Ref& ref : spec.target_groups) {
        if (not_built_.count(ref.address)) continue;
        auto group = lookup<TargetGroupId>(target_groups_, ref, "target group");
        if (!group.valid()) continue;
        auto& groups = listener.target_groups;
        if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
      }
    }
    net_.load_balancers[id.value].listeners.push_back(std::move(listener));
  }
}

// A classic listener forwards to the load balancer's instances on its
// instance port: a target group of its own, "<load balancer>/listener-<port>".
void ModelBuilder::addClassicTargetGroup(const ListenerSpec& spec, LoadBalancerId id,
                                         LbListener& listener) {
  const std::string& lb_name = net_.at(id).name;
  auto protocols = lbProtocols(spec.target_protocol, LbProtocols{},
                               "instance protocol of listener " + quoted(spec.provenance.address));
  auto ports = lbPort(spec.target_port);
  if (!protocols || !ports) return;
  TargetGroupId group_id = idAt<TargetGroupId>(net_.target_groups.size());
  TargetGroup& group = net_.target_groups.emplace_back();
  group.provenance = spec.provenance;
  group.name = lb_name + "/listener-" + portsText(listener.ports);
  group.protocols = *protocols;
  for (LbTarget target : classic_registrations_[id.value]) {
    target.ports = *ports;
    group.targets.push_back(std::move(target));
  }
  listener.target_groups.push_back(group_id);
}

}  // namespace segproof::aws
