// Load balancers: application, network and gateway load balancers (aws_lb)
// with their listeners, listener rules, target groups and registered
// targets, and classic load balancers (aws_elb) with their listeners and
// instances. What a load balancer reaches is the union of what its
// listeners forward to: listener rules choose by host, path or header
// (layer 7), which the model does not see, so each rule's target groups are
// added to its listener.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "frontends/terraform/mapping/mapping_context.h"
#include "segproof/model/ip.h"

namespace segproof::terraform::mapping {

namespace {

using aws::LoadBalancerKind;

Fields bodyOf(const ResourceInstance& in) { return Fields(in.body, in.range.location()); }

constexpr Types kLoadBalancerTypes = {"aws_lb", "aws_alb"};
constexpr Types kClassicTypes = {"aws_elb"};
constexpr Types kListenerTypes = {"aws_lb_listener", "aws_alb_listener"};
constexpr Types kTargetGroupTypes = {"aws_lb_target_group", "aws_alb_target_group"};
// What a target group attachment may register: an instance (or its
// interface), a Lambda function, an application load balancer.
constexpr Types kTargetTypes = {"aws_instance", "aws_network_interface", "aws_lambda_function",
                                "aws_lb", "aws_alb"};
constexpr Types kInstanceTypes = {"aws_instance"};

struct KindName {
  const char* name;
  LoadBalancerKind kind;
};
constexpr KindName kKinds[] = {{"application", LoadBalancerKind::kApplication},
                               {"network", LoadBalancerKind::kNetwork},
                               {"gateway", LoadBalancerKind::kGateway}};

constexpr const char* kTargetTypeNames[] = {"instance", "ip", "lambda", "alb"};

// The widest protocol an unknown one is taken as: both transports where the
// load balancer may carry UDP, TCP for a classic one; empty (the builder's
// default by kind) where every choice is TCP (HTTP, HTTPS) or GENEVE.
constexpr const char* kBothTransports = "TCP_UDP";
constexpr const char* kTcp = "TCP";

const char* widestProtocol(LoadBalancerKind kind) {
  switch (kind) {
    case LoadBalancerKind::kNetwork:
      return kBothTransports;
    case LoadBalancerKind::kClassic:
      return kTcp;
    case LoadBalancerKind::kApplication:
    case LoadBalancerKind::kGateway:
      return "";
  }
  return "";
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// AWS's default for preserve_client_ip: on for network target groups of
// instances, and of IP addresses over UDP; an application load balancer
// (HTTP, HTTPS) always connects from its own address.
bool defaultPreserveClientIp(const std::string& protocol, const std::string& target_type) {
  bool udp = protocol == "UDP" || protocol == kBothTransports;
  bool network = udp || protocol == "TCP" || protocol == "TLS";
  if (!network) return false;
  return target_type == "instance" || (target_type == "ip" && udp);
}

// Cross-zone load balancing as written; unknown: on, the wider reading (a
// node may forward to every zone); absent: `absent` at `where`, or nothing.
std::optional<Located<bool>> crossZone(const Read<Located<bool>>& read, std::optional<bool> absent,
                                       const SourceLocation& where) {
  if (read.value) return read.value;
  if (read.unknown) return Located<bool>{true, read.unknown->location};
  if (absent) return Located<bool>{*absent, where};
  return std::nullopt;
}

}  // namespace

void AwsMapper::mapLoadBalancer(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Read<Text> type = text(fields, "load_balancer_type", in);
  if (type.invalid) return;
  if (type.unknown) {
    omit(in, *type.unknown, {});
    return;
  }
  LoadBalancerKind kind = LoadBalancerKind::kApplication;
  if (type.value) {
    const KindName* known =
        std::find_if(std::begin(kKinds), std::end(kKinds),
                     [&](const KindName& entry) { return type.value->value == entry.name; });
    if (known == std::end(kKinds)) {
      invalid(type.value->location, in,
              "load_balancer_type must be application, network or gateway, found \"" +
                  type.value->value + "\"");
      return;
    }
    kind = known->kind;
  }
  auto subnets = loadBalancerSubnets(fields, in);
  if (!subnets) return;
  aws::LoadBalancerSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = kind;
  Ref vpc = vpcOf(subnets->front());
  spec.subnets = std::move(*subnets);
  if (!loadBalancerScheme(fields, spec, vpc, in)) return;
  spec.security_groups = interfaceGroups(fields, "security_groups", vpc, in, false);
  // An application load balancer always balances across zones; the
  // argument is for network and gateway ones (off by default).
  if (kind != LoadBalancerKind::kApplication) {
    Read<Located<bool>> cross_zone = flag(fields, "enable_cross_zone_load_balancing", in);
    if (cross_zone.invalid) return;
    spec.cross_zone = crossZone(cross_zone, std::nullopt, in.range.location());
    if (cross_zone.unknown)
      uncertain(*cross_zone.unknown, in.address + " is taken to balance across zones", vpc);
  }
  // dualstack, dualstack-without-public-ipv4: IPv6 clients too, which the
  // builder warns are not analysed; an unknown type may be one.
  Read<Text> address_type = text(fields, "ip_address_type", in);
  if (address_type.value && address_type.value->value.rfind("dualstack", 0) == 0)
    spec.dual_stack = address_type.value->location;
  if (address_type.unknown) spec.dual_stack = address_type.unknown->location;
  spec.tags = tags(fields);
  addLoadBalancer(std::move(spec), vpc);
}

// Subnets come from `subnets` and from `subnet_mapping` blocks (a state
// writes both, naming the same subnets). An unknown subnet is left out with
// an uncertainty; nullopt leaves the load balancer out.
std::optional<std::vector<Ref>> AwsMapper::loadBalancerSubnets(const Fields& fields,
                                                               const ResourceInstance& in) {
  std::vector<Ref> subnets;
  if (fields.get("subnets")) {
    auto listed = serviceSubnets(fields, "subnets", in);
    if (!listed) return std::nullopt;
    subnets = std::move(*listed);
  }
  Nested mappings = nested(fields, "subnet_mapping", in);
  if (mappings.unknown) {
    omit(in, *mappings.unknown, {});
    return std::nullopt;
  }
  bool unknowns = false;
  for (const Fields& mapping : mappings.items) {
    Reference subnet = reference(mapping, "subnet_id", {"aws_subnet"}, in);
    if (subnet.kind == Reference::Kind::kAbsent) required(mapping, "subnet_id", in);
    if (subnet.kind == Reference::Kind::kUnknown) {
      unknowns = true;
      uncertain(subnet.unknown, "a subnet of " + in.address + " is left out", {});
    }
    if (subnet.resolved()) addGroup(subnets, subnet.ref);
  }
  if (!subnets.empty()) return subnets;
  if (unknowns) {
    omitted_.insert(in.address);
  } else if (fields.get("subnets")) {
    invalid(fields.where("subnets"), in, "subnets names no subnet");
  } else if (mappings.items.empty()) {
    invalid(fields.location(), in, "missing required argument subnets or subnet_mapping");
  }
  return std::nullopt;
}

// `internal` (default false); unknown: internet-facing, the wider reading.
bool AwsMapper::loadBalancerScheme(const Fields& fields, aws::LoadBalancerSpec& spec,
                                   const Ref& vpc, const ResourceInstance& in) {
  Read<Located<bool>> internal = flag(fields, "internal", in);
  if (internal.invalid) return false;
  if (internal.value) {
    spec.internet_facing = !internal.value->value;
    spec.scheme_location = internal.value->location;
  }
  if (internal.unknown) {
    spec.internet_facing = true;
    spec.scheme_location = internal.unknown->location;
    uncertain(*internal.unknown, in.address + " is taken to be internet-facing", vpc);
  }
  return true;
}

void AwsMapper::addLoadBalancer(aws::LoadBalancerSpec spec, const Ref& vpc) {
  vpc_of_[spec.name] = vpc;
  load_balancer_kind_[spec.name] = spec.kind;
  carries_groups_.insert(spec.name);
  out_.load_balancers.push_back(std::move(spec));
}

// Without subnets a classic load balancer is placed in the default VPC by
// availability zone, which the configuration does not describe.
void AwsMapper::mapClassicLoadBalancer(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  if (!fields.get("subnets")) {
    omit(in, UnknownValue{in.address + ".subnets", in.range.location()}, {});
    return;
  }
  auto subnets = serviceSubnets(fields, "subnets", in);
  if (!subnets) return;
  if (subnets->empty()) {
    invalid(fields.where("subnets"), in, "subnets names no subnet");
    return;
  }
  Nested listeners = nested(fields, "listener", in);
  if (listeners.items.empty() && !listeners.unknown) {
    invalid(fields.location(), in, "missing required argument listener");
    return;
  }
  aws::LoadBalancerSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = LoadBalancerKind::kClassic;
  Ref vpc = vpcOf(subnets->front());
  spec.subnets = std::move(*subnets);
  if (!loadBalancerScheme(fields, spec, vpc, in)) return;
  spec.security_groups = interfaceGroups(fields, "security_groups", vpc, in, false);
  // The provider's default is on (AWS's API default is off).
  Read<Located<bool>> cross_zone = flag(fields, "cross_zone_load_balancing", in);
  if (cross_zone.invalid) return;
  spec.cross_zone = crossZone(cross_zone, true, in.range.location());
  if (cross_zone.unknown)
    uncertain(*cross_zone.unknown, in.address + " is taken to balance across zones", vpc);
  spec.tags = tags(fields);
  addLoadBalancer(std::move(spec), vpc);
  if (listeners.unknown) {
    // One listener standing for all of them: any port, to any port.
    SourceLocation where = listeners.unknown->location;
    aws::ListenerSpec any;
    any.provenance = {where, in.address + ".listener"};
    any.load_balancer = Ref{in.address, where};
    any.protocol = Text{kTcp, where};
    any.target_protocol = any.protocol;
    out_.listeners.push_back(std::move(any));
    uncertain(*listeners.unknown,
              "the listeners of " + in.address + " are taken to accept every port", vpc);
  }
  for (size_t i = 0; i < listeners.items.size(); ++i)
    classicListener(listeners.items[i], in.address + ".listener[" + std::to_string(i) + "]", vpc,
                    in);
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* instances = sequence(fields, "instances", in, &unknown);
  if (unknown) uncertain(*unknown, "the instances of " + in.address + " are left out", vpc);
  for (const hcl::Value& item : orEmpty(instances)) {
    aws::TargetSpec target;
    target.provenance = {fields.where("instances"), in.address};
    target.load_balancer = Ref{in.address, fields.where("instances")};
    if (registeredTarget(item, fields.where("instances"), kInstanceTypes, false, target, in.address,
                         vpc, in))
      out_.targets.push_back(std::move(target));
  }
}

void AwsMapper::classicListener(const Fields& listener, const std::string& name, const Ref& vpc,
                                const ResourceInstance& in) {
  aws::ListenerSpec spec;
  spec.provenance = {listener.location(), name};
  spec.load_balancer = Ref{in.address, listener.location()};
  bool written = true;
  for (const char* argument : {"lb_port", "lb_protocol", "instance_port", "instance_protocol"})
    written = required(listener, argument, in) && written;
  if (!written) return;
  if (!listenerProtocol(listener, "lb_protocol", kTcp, spec.protocol, name, vpc, in) ||
      !listenerPort(listener, "lb_port", spec.port, name + " is taken to listen on every port", vpc,
                    in) ||
      !listenerProtocol(listener, "instance_protocol", kTcp, spec.target_protocol, name, vpc, in) ||
      !listenerPort(listener, "instance_port", spec.target_port,
                    name + " is taken to forward to every port", vpc, in))
    return;
  out_.listeners.push_back(std::move(spec));
}

void AwsMapper::mapClassicAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference elb = reference(fields, "elb", kClassicTypes, in, true);
  if (!mappedReference(elb, "elb", fields, in)) return;
  Ref vpc = vpcOf(elb.ref);
  aws::TargetSpec spec;
  spec.provenance = provenance(in);
  spec.load_balancer = elb.ref;
  const hcl::Value* instance = fields.get("instance");
  if (!instance) {
    required(fields, "instance", in);
    return;
  }
  if (registeredTarget(*instance, fields.where("instance"), kInstanceTypes, false, spec,
                       elb.ref.address, vpc, in))
    out_.targets.push_back(std::move(spec));
}

// Whether `to`, the load balancer or target group `in` names as `argument`,
// is mapped: missing is an error, unknown leaves `in` out, and one skipped
// for a mistake is reported already.
bool AwsMapper::mappedReference(const Reference& to, const char* argument, const Fields& fields,
                                const ResourceInstance& in) {
  switch (to.kind) {
    case Reference::Kind::kAbsent:
      required(fields, argument, in);
      return false;
    case Reference::Kind::kInvalid:
      return false;
    case Reference::Kind::kUnknown:
      omit(in, to.unknown, {});
      return false;
    case Reference::Kind::kResolved:
      break;
  }
  return load_balancer_kind_.count(to.ref.address) || target_groups_.count(to.ref.address);
}

// An unknown type leaves the target group out: it decides what its targets
// are (instances, addresses, functions, a load balancer).
void AwsMapper::mapTargetGroup(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Read<Text> target_type = text(fields, "target_type", in);
  if (target_type.invalid) return;
  if (target_type.unknown) {
    omit(in, *target_type.unknown, {});
    return;
  }
  Text type = target_type.value ? *target_type.value : Text{"instance", in.range.location()};
  if (std::none_of(std::begin(kTargetTypeNames), std::end(kTargetTypeNames),
                   [&](const char* name) { return type.value == name; })) {
    invalid(type.location, in,
            "target_type must be instance, ip, lambda or alb, found \"" + type.value + "\"");
    return;
  }
  aws::TargetGroupSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.target_type = type;
  spec.tags = tags(fields);
  // Lambda target groups are outside every VPC.
  if (type.value != "lambda") {
    auto vpc = requiredRef(fields, "vpc_id", {"aws_vpc", "aws_default_vpc"}, in);
    if (!vpc) return;
    spec.vpc = *vpc;
  }
  if (!listenerProtocol(fields, "protocol", kBothTransports, spec.protocol, in.address, spec.vpc,
                        in) ||
      !listenerPort(fields, "port", spec.port,
                    "the targets of " + in.address + " are taken to receive on every port",
                    spec.vpc, in))
    return;
  Read<Located<bool>> preserve = flag(fields, "preserve_client_ip", in);
  if (preserve.invalid) return;
  spec.preserve_client_ip = preserve.value
                                ? preserve.value->value
                                : defaultPreserveClientIp(spec.protocol.value, type.value);
  if (preserve.unknown)
    uncertain(*preserve.unknown,
              std::string("the targets of ") + in.address + " are taken " +
                  (spec.preserve_client_ip ? "to see" : "not to see") +
                  " the client's address (AWS's default)",
              spec.vpc);
  vpc_of_[in.address] = spec.vpc;
  target_groups_.insert(in.address);
  out_.target_groups.push_back(std::move(spec));
}

void AwsMapper::mapListener(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference lb = reference(fields, "load_balancer_arn", kLoadBalancerTypes, in);
  if (!mappedReference(lb, "load_balancer_arn", fields, in)) return;
  Nested actions = nested(fields, "default_action", in);
  if (actions.items.empty() && !actions.unknown) {
    if (!fields.get("default_action"))  // else of a wrong type, reported
      invalid(fields.location(), in, "missing required argument default_action");
    return;
  }
  Ref vpc = vpcOf(lb.ref);
  LoadBalancerKind kind = load_balancer_kind_.at(lb.ref.address);
  aws::ListenerSpec spec;
  spec.provenance = provenance(in);
  spec.load_balancer = lb.ref;
  if (!listenerProtocol(fields, "protocol", widestProtocol(kind), spec.protocol, in.address, vpc,
                        in) ||
      !listenerPort(fields, "port", spec.port, in.address + " is taken to listen on every port",
                    vpc, in))
    return;
  forwardTargets(actions, spec.target_groups, vpc, in);
  listener_at_[in.address] = out_.listeners.size();
  out_.listeners.push_back(std::move(spec));
}

void AwsMapper::mapListenerRule(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference listener = reference(fields, "listener_arn", kListenerTypes, in);
  switch (listener.kind) {
    case Reference::Kind::kAbsent:
      required(fields, "listener_arn", in);
      return;
    case Reference::Kind::kInvalid:
      return;
    case Reference::Kind::kUnknown:
      omit(in, listener.unknown, {});
      return;
    case Reference::Kind::kResolved:
      break;
  }
  auto at = listener_at_.find(listener.ref.address);
  if (at == listener_at_.end()) return;  // skipped for a mistake, reported already
  Nested actions = nested(fields, "action", in);
  if (actions.items.empty() && !actions.unknown) {
    if (!fields.get("action")) invalid(fields.location(), in, "missing required argument action");
    return;
  }
  // out_.listeners does not grow while the rule is read.
  aws::ListenerSpec& spec = out_.listeners[at->second];
  forwardTargets(actions, spec.target_groups, vpcOf(spec.load_balancer), in);
}

// The target groups the forward `actions` send to, by target_group_arn or
// forward { target_group { arn } } (weights are ignored: a group of weight 0
// counts, the wider reading). An action of unknown type counts as a
// forward; redirects and fixed responses forward nowhere.
void AwsMapper::forwardTargets(const Nested& actions, std::vector<Ref>& groups, const Ref& vpc,
                               const ResourceInstance& in) {
  if (actions.unknown)
    uncertain(*actions.unknown, "the target groups " + in.address + " forwards to are left out",
              vpc);
  for (const Fields& action : actions.items) {
    Read<Text> type = text(action, "type", in);
    if (type.absent()) required(action, "type", in);
    if (type.invalid || type.absent() || (type.value && type.value->value != "forward")) continue;
    if (type.unknown)
      uncertain(*type.unknown,
                "an action of " + in.address + " is taken to forward to the target groups it names",
                vpc);
    forwardGroup(action, "target_group_arn", groups, vpc, in);
    Nested forwards = nested(action, "forward", in);
    if (forwards.unknown)
      uncertain(*forwards.unknown, "the target groups " + in.address + " forwards to are left out",
                vpc);
    for (const Fields& forward : forwards.items) {
      Nested weighted = nested(forward, "target_group", in);
      if (weighted.unknown)
        uncertain(*weighted.unknown,
                  "the target groups " + in.address + " forwards to are left out", vpc);
      for (const Fields& group : weighted.items) {
        if (required(group, "arn", in)) forwardGroup(group, "arn", groups, vpc, in);
      }
    }
  }
}

void AwsMapper::forwardGroup(const Fields& fields, const char* name, std::vector<Ref>& groups,
                             const Ref& vpc, const ResourceInstance& in) {
  Reference group = reference(fields, name, kTargetGroupTypes, in);
  if (group.kind == Reference::Kind::kUnknown)
    uncertain(group.unknown, "a target group " + in.address + " forwards to is left out", vpc);
  if (group.resolved()) addGroup(groups, group.ref);
}

// A protocol, upper-cased as the provider stores it; unknown: `widest`, with
// an uncertainty. False on a wrong type.
bool AwsMapper::listenerProtocol(const Fields& fields, const char* name, const char* widest,
                                 Text& protocol, const std::string& owner_name, const Ref& vpc,
                                 const ResourceInstance& in) {
  Read<Text> read = text(fields, name, in);
  if (read.invalid) return false;
  if (read.value) protocol = Text{upper(read.value->value), read.value->location};
  if (read.unknown) {
    protocol = Text{widest, read.unknown->location};
    uncertain(*read.unknown,
              owner_name + " is taken to carry any protocol " +
                  (*widest ? std::string("(") + widest + ")" : std::string("of its kind")),
              vpc);
  }
  return true;
}

// A port; unknown: every port (none written), with an uncertainty saying
// `effect`. False on a wrong type.
bool AwsMapper::listenerPort(const Fields& fields, const char* name,
                             std::optional<Located<long long>>& port, const std::string& effect,
                             const Ref& vpc, const ResourceInstance& in) {
  Read<Located<long long>> read = integer(fields, name, in);
  if (read.invalid) return false;
  port = read.value;
  if (read.unknown) uncertain(*read.unknown, effect, vpc);
  return true;
}

void AwsMapper::mapTargetGroupAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference group = reference(fields, "target_group_arn", kTargetGroupTypes, in);
  if (!mappedReference(group, "target_group_arn", fields, in)) return;
  Ref vpc = vpcOf(group.ref);
  aws::TargetSpec spec;
  spec.provenance = provenance(in);
  spec.target_group = group.ref;
  const hcl::Value* target = fields.get("target_id");
  if (!target) {
    required(fields, "target_id", in);
    return;
  }
  if (!listenerPort(fields, "port", spec.port,
                    "the port of " + in.address + " is taken to be its target group's", vpc, in))
    return;
  if (registeredTarget(*target, fields.where("target_id"), kTargetTypes, true, spec,
                       group.ref.address, vpc, in))
    out_.targets.push_back(std::move(spec));
}

// The target `value` names into `spec`: an IP address (when `addresses`),
// or an element of `types` of the configuration. Unknown: an uncertainty
// that a target of `registry` is left out. A Lambda function outside every
// VPC is invoked by AWS, not reached through the network: no target. False
// when nothing is registered.
bool AwsMapper::registeredTarget(const hcl::Value& value, const SourceLocation& where, Types types,
                                 bool addresses, aws::TargetSpec& spec, const std::string& registry,
                                 const Ref& vpc, const ResourceInstance& in) {
  if (addresses && value.isString() && IpAddress::parse(value.asString())) {
    spec.ip = Text{value.asString(), where};
    return true;
  }
  Reference target = reference(value, where, types, in);
  if (target.kind == Reference::Kind::kUnknown) {
    uncertain(target.unknown, "a target of " + registry + " is left out", vpc);
    return false;
  }
  if (!target.resolved()) return false;
  if (target.target->type == "aws_lambda_function" && !carries_groups_.count(target.ref.address))
    return false;
  spec.target = target.ref;
  return true;
}

// After the target groups: aws_ecs_service load_balancer blocks register
// the service's tasks; aws_autoscaling_group registers its instances, which
// the model does not carry (an uncertainty per group).
void AwsMapper::mapTargetRegistrations(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  if (in.type == "aws_autoscaling_group") {
    autoscalingTargets(fields, "target_group_arns", kTargetGroupTypes, in);
    autoscalingTargets(fields, "load_balancers", kClassicTypes, in);
    return;
  }
  Nested blocks = nested(fields, "load_balancer", in);
  if (blocks.unknown)
    uncertain(*blocks.unknown,
              "the targets " + in.address + " registers in load balancers are left out", {});
  // Tasks with interfaces of their own (awsvpc) are the service mapped;
  // otherwise they use container instances, which are not modelled.
  bool placed = carries_groups_.count(in.address) > 0;
  for (const Fields& block : blocks.items) {
    bool classic = !block.get("target_group_arn");
    const char* argument = classic ? "elb_name" : "target_group_arn";
    Reference to =
        reference(block, argument, classic ? kClassicTypes : kTargetGroupTypes, in, classic);
    if (to.kind == Reference::Kind::kAbsent) required(block, "target_group_arn", in);
    if (to.kind == Reference::Kind::kAbsent || to.kind == Reference::Kind::kInvalid) continue;
    if (to.kind == Reference::Kind::kUnknown) {
      uncertain(to.unknown, "the targets " + in.address + " registers there are left out", {});
      continue;
    }
    if (!load_balancer_kind_.count(to.ref.address) && !target_groups_.count(to.ref.address))
      continue;  // skipped for a mistake, reported already
    Ref vpc = vpcOf(to.ref);
    if (!placed) {
      uncertain(UnknownValue{in.address, block.where(argument)},
                "the targets it registers in " + to.ref.address + " are left out", vpc);
      continue;
    }
    aws::TargetSpec spec;
    spec.provenance = {block.location(), in.address};
    (classic ? spec.load_balancer : spec.target_group) = to.ref;
    spec.target = Ref{in.address, block.location()};
    if (listenerPort(block, "container_port", spec.port,
                     "the port of " + in.address + " in " + to.ref.address +
                         " is taken to be the target group's",
                     vpc, in))
      out_.targets.push_back(std::move(spec));
  }
}

void AwsMapper::autoscalingTargets(const Fields& fields, const char* name, Types types,
                                   const ResourceInstance& in) {
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* items = sequence(fields, name, in, &unknown);
  if (unknown)
    uncertain(*unknown, "the instances " + in.address + " registers in load balancers are left out",
              {});
  for (const hcl::Value& item : orEmpty(items))
    autoscalingTarget(item, fields.where(name), types, in.address, in);
}

// The instances of an autoscaling group (`group`: its address, or how an
// attachment names it) are not modelled: what it registers in `value` is an
// uncertainty.
void AwsMapper::autoscalingTarget(const hcl::Value& value, const SourceLocation& where, Types types,
                                  const std::string& group, const ResourceInstance& in) {
  bool classic = std::find(types.begin(), types.end(), std::string_view("aws_elb")) != types.end();
  Reference to = reference(value, where, types, in, classic);
  if (to.kind == Reference::Kind::kUnknown)
    uncertain(to.unknown, "the instances " + group + " registers there are left out", {});
  if (to.resolved())
    uncertain(UnknownValue{group, where},
              "the instances it registers in " + to.ref.address + " are left out", vpcOf(to.ref));
}

// aws_autoscaling_attachment: as the group's own target_group_arns.
void AwsMapper::mapAutoscalingAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  std::string group = in.address;
  if (const hcl::Value* named = fields.get("autoscaling_group_name")) {
    if (named->isUnknown()) group = outsideName(named->description());
    if (named->isString()) group = named->asString();
  }
  for (const char* name : {"lb_target_group_arn", "alb_target_group_arn"}) {
    if (const hcl::Value* value = fields.get(name))
      autoscalingTarget(*value, fields.where(name), kTargetGroupTypes, group, in);
  }
  if (const hcl::Value* value = fields.get("elb"))
    autoscalingTarget(*value, fields.where("elb"), kClassicTypes, group, in);
}

}  // namespace segproof::terraform::mapping
