// Load balancers (docs/cloudformation-resources.md, "Load balancers"):
// application, network and gateway load balancers with their listeners,
// listener rules and target groups; classic load balancers with their
// listeners and instances; and the targets ECS services register. An Auto
// Scaling group's instances are not modelled: the targets it registers are
// an uncertainty.
//
// Listener rules match on host, path and headers, which reachability does not
// see: a rule's forward actions add their target groups to the listener, so a
// listener reaches the union of what its default action and its rules name.
#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

Props propsOf(const Resource& in) { return Props(in.properties, in.location); }

UnknownValue computed(const Resource& in, const std::string& attribute) {
  return UnknownValue{in.logical_id + "." + attribute, in.location};
}

constexpr Types kSubnets = {"AWS::EC2::Subnet"};
constexpr Types kLoadBalancers = {"AWS::ElasticLoadBalancingV2::LoadBalancer"};
constexpr Types kClassicLoadBalancers = {"AWS::ElasticLoadBalancing::LoadBalancer"};
constexpr Types kListeners = {"AWS::ElasticLoadBalancingV2::Listener"};
constexpr Types kTargetGroups = {"AWS::ElasticLoadBalancingV2::TargetGroup"};
constexpr Types kInstances = {"AWS::EC2::Instance"};
constexpr Types kFunctions = {"AWS::Lambda::Function"};
// An IP target written as !GetAtt Host.PrivateIp (or an interface's address).
constexpr Types kAddressHolders = {"AWS::EC2::Instance", "AWS::EC2::NetworkInterface"};

// What a target's Id names, by the group's TargetType.
Types targetTypes(const std::string& target_type) {
  if (target_type == "lambda") return kFunctions;
  if (target_type == "alb") return kLoadBalancers;
  if (target_type == "ip") return kAddressHolders;
  return kInstances;
}

}  // namespace

bool CfnMapper::oneOf(const Read<Text>& read, Types choices, const std::string& name,
                      const Resource& in) {
  if (read.invalid) return false;
  if (!read.value) return true;
  std::string expected;
  size_t i = 0;
  for (const char* choice : choices) {
    if (read.value->value == choice) return true;
    if (i > 0) expected += i + 1 == choices.size() ? " or " : ", ";
    expected += choice;
    ++i;
  }
  invalid(read.value->location, in,
          "expected " + expected + " for " + name + ", found \"" + read.value->value + "\"");
  return false;
}

// Type decides how the load balancer's groups and targets behave: unknown,
// it leaves the load balancer out.
void CfnMapper::mapLoadBalancer(const Resource& in) {
  Props props = propsOf(in);
  Read<Text> type = text(props, "Type", in);
  Read<Text> scheme = text(props, "Scheme", in);
  if (!oneOf(type, {"application", "network", "gateway"}, "Type", in)) return;
  if (!oneOf(scheme, {"internet-facing", "internal"}, "Scheme", in)) return;
  if (type.unknown) {
    omit(in, *type.unknown, {});
    return;
  }
  auto subnets = loadBalancerSubnets(props, in);
  if (!subnets) return;
  Ref vpc = vpcOf(subnets->front());
  aws::LoadBalancerSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  std::string kind = type.value ? type.value->value : "application";
  spec.kind = kind == "network"   ? aws::LoadBalancerKind::kNetwork
              : kind == "gateway" ? aws::LoadBalancerKind::kGateway
                                  : aws::LoadBalancerKind::kApplication;
  applyScheme(scheme, spec, vpc, in);
  spec.subnets = std::move(*subnets);
  spec.security_groups = interfaceGroups(props, "SecurityGroups", vpc, in);
  // An application load balancer always balances across zones; the
  // attribute is for network and gateway ones (off by default).
  if (spec.kind != aws::LoadBalancerKind::kApplication) spec.cross_zone = crossZone(props, vpc, in);
  // dualstack, dualstack-without-public-ipv4: IPv6 clients too, which the
  // builder warns are not analysed; an unknown type may be one.
  Read<Text> address_type = text(props, "IpAddressType", in);
  if (address_type.value && address_type.value->value.rfind("dualstack", 0) == 0)
    spec.dual_stack = address_type.value->location;
  if (address_type.unknown) spec.dual_stack = address_type.unknown->location;
  spec.tags = tags(props);
  carries_groups_.insert(in.logical_id);
  vpc_of_[in.logical_id] = vpc;
  out_.load_balancers.push_back(std::move(spec));
}

// LoadBalancerAttributes' load_balancing.cross_zone.enabled ("true",
// "false"); unknown: on, the wider reading (a node may forward to every
// zone); absent: nullopt (AWS's default).
std::optional<Located<bool>> CfnMapper::crossZone(const Props& props, const Ref& vpc,
                                                  const Resource& in) {
  Props::Elements attributes = elements(props, "LoadBalancerAttributes", in);
  const std::string taken = in.logical_id + " is taken to balance across zones";
  if (attributes.unknown) {
    uncertain(*attributes.unknown, taken, vpc);
    return Located<bool>{true, attributes.unknown->location};
  }
  std::optional<Located<bool>> cross_zone;
  for (const Props& attribute : attributes.items) {
    Read<Text> key = text(attribute, "Key", in);
    if (!key.value || key.value->value != "load_balancing.cross_zone.enabled") continue;
    Read<Located<bool>> enabled = flag(attribute, "Value", in);
    if (enabled.value) cross_zone = enabled.value;
    if (enabled.unknown) {
      uncertain(*enabled.unknown, taken, vpc);
      cross_zone = Located<bool>{true, enabled.unknown->location};
    }
  }
  return cross_zone;
}

// Subnets, or SubnetMappings[].SubnetId; subnets outside the template are
// uncertainties, as for services.
std::optional<std::vector<Ref>> CfnMapper::loadBalancerSubnets(const Props& props,
                                                               const Resource& in) {
  if (props.get("Subnets") || !props.get("SubnetMappings"))
    return serviceSubnets(props, "Subnets", in);
  Props::Elements mappings = elements(props, "SubnetMappings", in);
  if (mappings.unknown) {
    omit(in, *mappings.unknown, {});
    return std::nullopt;
  }
  std::vector<Ref> subnets;
  for (const Props& mapping : mappings.items) {
    Reference subnet = reference(mapping, "SubnetId", kSubnets, in);
    if (subnet.kind == Reference::Kind::kAbsent) required(mapping, "SubnetId", in);
    if (subnet.kind == Reference::Kind::kUnknown)
      uncertain(subnet.unknown, "a subnet of " + in.logical_id + " is left out", {});
    if (subnet.resolved()) subnets.push_back(subnet.ref);
  }
  if (subnets.empty()) {
    omitted_.insert(in.logical_id);
    return std::nullopt;
  }
  return subnets;
}

// An unknown scheme is read as internet-facing, the wider reading.
void CfnMapper::applyScheme(const Read<Text>& scheme, aws::LoadBalancerSpec& spec, const Ref& vpc,
                            const Resource& in) {
  if (scheme.value) {
    spec.internet_facing = scheme.value->value != "internal";
    spec.scheme_location = scheme.value->location;
  }
  if (scheme.unknown) {
    spec.internet_facing = true;
    spec.scheme_location = scheme.unknown->location;
    uncertain(*scheme.unknown, in.logical_id + " is taken to be internet-facing", vpc);
  }
}

bool CfnMapper::protocolPort(const Props& props, const char* protocol_name, const char* port_name,
                             Text& protocol, std::optional<Located<long long>>& port,
                             const std::string& element, const Ref& vpc, const Resource& in) {
  Read<Text> written = text(props, protocol_name, in);
  Read<Located<long long>> number = integer(props, port_name, in);
  if (written.invalid || number.invalid) return false;
  if (written.value) protocol = *written.value;
  if (written.unknown) {
    protocol = Text{"TCP_UDP", written.unknown->location};
    uncertain(*written.unknown, element + " is taken to use TCP and UDP", vpc);
  }
  port = number.value;
  if (number.unknown) uncertain(*number.unknown, element + " is taken to use any port", vpc);
  return true;
}

void CfnMapper::mapListener(const Resource& in) {
  Props props = propsOf(in);
  auto load_balancer = requiredRef(props, "LoadBalancerArn", kLoadBalancers, in);
  if (!load_balancer) return;
  Ref vpc = vpcOf(*load_balancer);
  aws::ListenerSpec spec;
  spec.provenance = provenance(in);
  spec.load_balancer = *load_balancer;
  if (!protocolPort(props, "Protocol", "Port", spec.protocol, spec.port, in.logical_id, vpc, in))
    return;
  spec.target_groups = forwardGroups(props, "DefaultActions", in, vpc);
  listener_at_[in.logical_id] = out_.listeners.size();
  out_.listeners.push_back(std::move(spec));
}

// Adds the rule's target groups to its listener, whatever its conditions.
void CfnMapper::mapListenerRule(const Resource& in) {
  Props props = propsOf(in);
  Reference listener = reference(props, "ListenerArn", kListeners, in);
  switch (listener.kind) {
    case Reference::Kind::kInvalid:
      return;
    case Reference::Kind::kAbsent:
      required(props, "ListenerArn", in);
      return;
    case Reference::Kind::kUnknown:
      omit(in, listener.unknown, {});
      return;
    case Reference::Kind::kResolved:
      break;
  }
  auto at = listener_at_.find(listener.ref.address);
  if (at == listener_at_.end()) return;  // the listener is invalid (reported there)
  Ref vpc = vpcOf(out_.listeners[at->second].load_balancer);
  std::vector<Ref> groups = forwardGroups(props, "Actions", in, vpc);
  for (const Ref& group : groups) addGroup(out_.listeners[at->second].target_groups, group);
}

// Other action types (redirect, fixed-response, authenticate-*) forward
// nowhere; an unknown Type is taken to forward. Weights are not read: a
// group of weight 0 counts too (the wider reading).
std::vector<Ref> CfnMapper::forwardGroups(const Props& props, const char* name, const Resource& in,
                                          const Ref& vpc) {
  std::vector<Ref> groups;
  const std::string left_out = "the target groups " + in.logical_id + " forwards to are left out";
  Props::Elements actions = elements(props, name, in);
  if (actions.unknown) uncertain(*actions.unknown, left_out, vpc);
  for (const Props& action : actions.items) {
    Read<Text> type = text(action, "Type", in);
    if (type.invalid) continue;
    if (type.absent()) {
      required(action, "Type", in);
      continue;
    }
    if (type.value && type.value->value != "forward") continue;
    bool names_groups = action.get("TargetGroupArn") || action.get("ForwardConfig");
    if (type.unknown && names_groups)
      uncertain(*type.unknown, "an action of " + in.logical_id + " is taken to forward", vpc);
    addForwardGroup(action, groups, in, vpc);
    std::optional<UnknownValue> unknown;
    std::optional<Props> config = object(action, "ForwardConfig", in, &unknown);
    if (unknown) uncertain(*unknown, left_out, vpc);
    if (!config) continue;
    Props::Elements weighted = elements(*config, "TargetGroups", in);
    if (weighted.unknown) uncertain(*weighted.unknown, left_out, vpc);
    for (const Props& entry : weighted.items) addForwardGroup(entry, groups, in, vpc);
  }
  return groups;
}

void CfnMapper::addForwardGroup(const Props& props, std::vector<Ref>& groups, const Resource& in,
                                const Ref& vpc) {
  Reference group = reference(props, "TargetGroupArn", kTargetGroups, in);
  if (group.kind == Reference::Kind::kUnknown)
    uncertain(group.unknown, "a target group " + in.logical_id + " forwards to is left out", vpc);
  if (group.resolved()) addGroup(groups, group.ref);
}

// TargetType and VpcId decide what the targets are: unknown, they leave the
// group out. A lambda group has no VPC, port or protocol.
void CfnMapper::mapTargetGroup(const Resource& in) {
  Props props = propsOf(in);
  Read<Text> type = text(props, "TargetType", in);
  if (!oneOf(type, {"instance", "ip", "lambda", "alb"}, "TargetType", in)) return;
  if (type.unknown) {
    omit(in, *type.unknown, {});
    return;
  }
  aws::TargetGroupSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.target_type = type.value ? *type.value : Text{"instance", in.location};
  if (spec.target_type.value != "lambda") {
    auto vpc = requiredRef(props, "VpcId", {"AWS::EC2::VPC"}, in);
    if (!vpc) return;
    spec.vpc = *vpc;
  }
  Ref vpc = spec.vpc;
  if (!protocolPort(props, "Protocol", "Port", spec.protocol, spec.port, in.logical_id, vpc, in))
    return;
  spec.preserve_client_ip = preserveClientIp(props, spec, vpc, in);
  spec.tags = tags(props);
  std::string target_type = spec.target_type.value;
  vpc_of_[in.logical_id] = vpc;
  out_.target_groups.push_back(std::move(spec));
  Props::Elements targets = elements(props, "Targets", in);
  if (targets.unknown)
    uncertain(*targets.unknown, "the targets of " + in.logical_id + " are left out", vpc);
  for (const Props& target : targets.items) mapTarget(target, target_type, vpc, in);
}

// AWS's defaults: network load balancer groups (TCP, TLS, UDP, TCP_UDP)
// preserve the client's address for instance targets, and always for UDP;
// gateway load balancers (GENEVE) pass packets unchanged; application load
// balancers proxy (targets see the load balancer's address).
bool CfnMapper::preserveClientIp(const Props& props, const aws::TargetGroupSpec& group,
                                 const Ref& vpc, const Resource& in) {
  const std::string& protocol = group.protocol.value;
  if (protocol == "GENEVE") return true;
  bool udp = protocol == "UDP" || protocol == "TCP_UDP";
  if (!udp && protocol != "TCP" && protocol != "TLS") return false;
  bool preserve = udp || group.target_type.value == "instance";
  Props::Elements attributes = elements(props, "TargetGroupAttributes", in);
  const std::string taken = in.logical_id + " is taken to preserve client IP addresses";
  if (attributes.unknown) {
    uncertain(*attributes.unknown, taken, vpc);
    return true;
  }
  for (const Props& attribute : attributes.items) {
    Read<Text> key = text(attribute, "Key", in);
    if (!key.value || key.value->value != "preserve_client_ip.enabled") continue;
    Read<Located<bool>> enabled = flag(attribute, "Value", in);
    if (enabled.value) preserve = enabled.value->value;
    if (enabled.unknown) {
      uncertain(*enabled.unknown, taken, vpc);
      preserve = true;
    }
  }
  return preserve || udp;  // UDP groups cannot turn it off
}

// Id: an instance, a Lambda function, an application load balancer, or an
// IP address (written, or an instance's or interface's address).
void CfnMapper::mapTarget(const Props& target, const std::string& target_type, const Ref& vpc,
                          const Resource& in) {
  const hcl::Value* id = target.get("Id");
  if (!id) {
    required(target, "Id", in);
    return;
  }
  Read<Located<long long>> port = integer(target, "Port", in);
  if (port.invalid) return;
  aws::TargetSpec spec;
  spec.provenance = {target.location(), in.logical_id};
  spec.target_group = Ref{in.logical_id, target.location()};
  spec.port = port.value;
  if (target_type == "ip" && id->isString()) {
    spec.ip = Text{id->asString(), target.where("Id")};
  } else {
    Reference named = reference(*id, target.where("Id"), targetTypes(target_type), in);
    if (named.kind == Reference::Kind::kInvalid) return;
    if (named.kind == Reference::Kind::kUnknown) {
      uncertain(named.unknown, "a target of " + in.logical_id + " is left out", vpc);
      return;
    }
    spec.target = named.ref;
  }
  if (port.unknown) {
    uncertain(*port.unknown,
              "a target of " + in.logical_id + " is taken to receive on the group's port", vpc);
  }
  out_.targets.push_back(std::move(spec));
}

// Without Subnets (AvailabilityZones) the load balancer is in the default
// VPC, which the template does not describe: left out, as an instance
// without subnet.
void CfnMapper::mapClassicLoadBalancer(const Resource& in) {
  Props props = propsOf(in);
  Read<Text> scheme = text(props, "Scheme", in);
  if (!oneOf(scheme, {"internet-facing", "internal"}, "Scheme", in)) return;
  if (!props.get("Subnets")) {
    omit(in, computed(in, "Subnets"), {});
    return;
  }
  auto subnets = serviceSubnets(props, "Subnets", in);
  if (!subnets) return;
  Ref vpc = vpcOf(subnets->front());
  aws::LoadBalancerSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.kind = aws::LoadBalancerKind::kClassic;
  applyScheme(scheme, spec, vpc, in);
  spec.subnets = std::move(*subnets);
  spec.security_groups = interfaceGroups(props, "SecurityGroups", vpc, in);
  // CrossZone: off when absent (AWS's default for the API CloudFormation
  // calls); unknown: on, the wider reading.
  Read<Located<bool>> cross_zone = flag(props, "CrossZone", in);
  spec.cross_zone = cross_zone.value ? *cross_zone.value : Located<bool>{false, in.location};
  if (cross_zone.unknown) {
    spec.cross_zone = Located<bool>{true, cross_zone.unknown->location};
    uncertain(*cross_zone.unknown, in.logical_id + " is taken to balance across zones", vpc);
  }
  spec.tags = tags(props);
  carries_groups_.insert(in.logical_id);
  vpc_of_[in.logical_id] = vpc;
  out_.load_balancers.push_back(std::move(spec));
  mapClassicListeners(props, vpc, in);
  mapClassicInstances(props, vpc, in);
}

// Instances registered with the load balancer: targets with load_balancer
// set.
void CfnMapper::mapClassicInstances(const Props& props, const Ref& vpc, const Resource& in) {
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* instances = sequence(props, "Instances", in, &unknown);
  if (unknown) uncertain(*unknown, "the instances of " + in.logical_id + " are left out", vpc);
  if (!instances) return;
  for (const hcl::Value& item : *instances) {
    Reference instance = reference(item, props.where("Instances"), kInstances, in);
    if (instance.kind == Reference::Kind::kUnknown)
      uncertain(instance.unknown, "an instance of " + in.logical_id + " is left out", vpc);
    if (!instance.resolved()) continue;
    aws::TargetSpec target;
    target.provenance = {instance.ref.location, in.logical_id};
    target.load_balancer = Ref{in.logical_id, instance.ref.location};
    target.target = instance.ref;
    out_.targets.push_back(std::move(target));
  }
}

// One listener per element, named "<LogicalId>.Listeners[i]".
void CfnMapper::mapClassicListeners(const Props& props, const Ref& vpc, const Resource& in) {
  Props::Elements listeners = elements(props, "Listeners", in);
  if (listeners.unknown)
    uncertain(*listeners.unknown, "the listeners of " + in.logical_id + " are left out", vpc);
  for (size_t i = 0; i < listeners.items.size(); ++i) {
    const Props& item = listeners.items[i];
    if (!required(item, "LoadBalancerPort", in) || !required(item, "Protocol", in) ||
        !required(item, "InstancePort", in))
      continue;
    std::string name = in.logical_id + ".Listeners[" + std::to_string(i) + "]";
    aws::ListenerSpec spec;
    spec.provenance = {item.location(), name};
    spec.load_balancer = Ref{in.logical_id, item.location()};
    if (!protocolPort(item, "Protocol", "LoadBalancerPort", spec.protocol, spec.port, name, vpc,
                      in) ||
        !protocolPort(item, "InstanceProtocol", "InstancePort", spec.target_protocol,
                      spec.target_port, name, vpc, in))
      continue;
    out_.listeners.push_back(std::move(spec));
  }
}

// LoadBalancers[] {TargetGroupArn or LoadBalancerName, ContainerPort}: the
// tasks of a service in awsvpc mode (its ServiceSpec) are the targets, on
// ContainerPort. Tasks of other modes run on container instances, which are
// not modelled: an uncertainty.
void CfnMapper::mapEcsTargets(const Resource& in) {
  Props props = propsOf(in);
  Props::Elements entries = elements(props, "LoadBalancers", in);
  if (entries.unknown) {
    uncertain(*entries.unknown,
              "the load balancers of " + in.logical_id + " and their targets are left out", {});
  }
  bool placed = carries_groups_.count(in.logical_id) > 0;
  for (const Props& entry : entries.items) {
    bool by_group = entry.get("TargetGroupArn") || !entry.get("LoadBalancerName");
    Reference named = by_group ? reference(entry, "TargetGroupArn", kTargetGroups, in)
                               : reference(entry, "LoadBalancerName", kClassicLoadBalancers, in,
                                           "LoadBalancerName");
    if (named.kind == Reference::Kind::kInvalid) continue;
    if (named.kind == Reference::Kind::kAbsent) {
      required(entry, "TargetGroupArn", in);
      continue;
    }
    if (named.kind == Reference::Kind::kUnknown) {
      uncertain(named.unknown, "a load balancer target group of " + in.logical_id + " is left out",
                {});
      continue;
    }
    Ref vpc = vpcOf(named.ref);
    if (!placed) {
      uncertain(UnknownValue{in.logical_id + ".Tasks", entry.location()},
                "the targets " + in.logical_id + " registers with " + named.ref.address +
                    " are not known",
                vpc);
      continue;
    }
    Read<Located<long long>> port = integer(entry, "ContainerPort", in);
    if (port.invalid) continue;
    aws::TargetSpec spec;
    spec.provenance = {entry.location(), in.logical_id};
    (by_group ? spec.target_group : spec.load_balancer) = named.ref;
    spec.target = Ref{in.logical_id, entry.location()};
    spec.port = port.value;
    if (port.unknown) {
      uncertain(*port.unknown,
                "the tasks of " + in.logical_id + " are taken to receive on the port of " +
                    named.ref.address,
                vpc);
    }
    out_.targets.push_back(std::move(spec));
  }
}

// The group itself is not modelled (one cfn-unsupported warning, as before);
// the target groups and classic load balancers it registers its instances
// with get an uncertainty each, so that their targets are not taken as
// complete.
void CfnMapper::mapAutoScalingGroup(const Resource& in) {
  unsupported_.add(in.type, in.location);
  Props props = propsOf(in);
  const std::string unknown_targets =
      "the instances " + in.logical_id + " registers with load balancers are not known";
  struct Named {
    const char* property;
    Types types;
    const char* name_property;
  };
  for (const Named& list :
       {Named{"TargetGroupARNs", kTargetGroups, nullptr},
        Named{"LoadBalancerNames", kClassicLoadBalancers, "LoadBalancerName"}}) {
    std::optional<UnknownValue> unknown;
    const hcl::ValueList* items = sequence(props, list.property, in, &unknown);
    if (unknown) uncertain(*unknown, unknown_targets, {});
    if (!items) continue;
    for (const hcl::Value& item : *items) {
      Reference named =
          reference(item, props.where(list.property), list.types, in, list.name_property);
      if (named.kind == Reference::Kind::kUnknown) uncertain(named.unknown, unknown_targets, {});
      if (!named.resolved()) continue;
      uncertain(UnknownValue{in.logical_id + ".Instances", named.ref.location},
                "the targets " + in.logical_id + " registers with " + named.ref.address +
                    " are not known",
                vpcOf(named.ref));
    }
  }
}

}  // namespace segproof::cloudformation::mapping
