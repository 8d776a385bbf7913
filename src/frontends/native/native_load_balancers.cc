// Load balancers with their listeners, and target groups with their
// targets. A listener is written inside its load balancer and a target inside
// its group (a classic load balancer's instances inside it), so that a load
// balancer in front of private services reads as two short blocks.
//
// Keys that only some types of load balancer (or target group) have are
// errors on the others, as for transit gateway attachments: AWS would refuse
// or ignore them, and a silently dropped key hides a mistake.
#include <algorithm>
#include <cctype>

#include "frontends/native/native_loader.h"

namespace segproof::native {

namespace {

using aws::LoadBalancerKind;

// In the order of LoadBalancerKind, so that a kind indexes kBalancerPhrases.
const std::pair<std::string_view, LoadBalancerKind> kBalancerTypes[] = {
    {"application", LoadBalancerKind::kApplication},
    {"network", LoadBalancerKind::kNetwork},
    {"gateway", LoadBalancerKind::kGateway},
    {"classic", LoadBalancerKind::kClassic},
};
const char* const kBalancerPhrases[] = {"an application load balancer", "a network load balancer",
                                        "a gateway load balancer", "a classic load balancer"};

const std::pair<std::string_view, size_t> kTargetTypes[] = {
    {"instance", 0}, {"ip", 1}, {"lambda", 2}, {"alb", 3}};
const char* const kTargetGroupPhrases[] = {"an instance target group", "an ip target group",
                                           "a lambda target group", "an alb target group"};
constexpr size_t kInstanceTargets = 0;
constexpr size_t kIpTargets = 1;
constexpr size_t kLambdaTargets = 2;

// A key and the kinds (bit i: the i-th entry of the kind table) that have it.
struct KeyScope {
  std::string_view key;
  unsigned kinds;
};

constexpr unsigned only(size_t kind) { return 1u << kind; }
constexpr unsigned allBut(size_t kind) { return 0xFu & ~only(kind); }
constexpr size_t kindIndex(LoadBalancerKind kind) { return static_cast<size_t>(kind); }

const KeyScope kBalancerScopes[] = {
    {"scheme", allBut(kindIndex(LoadBalancerKind::kGateway))},
    {"security_groups", allBut(kindIndex(LoadBalancerKind::kGateway))},
    {"instances", only(kindIndex(LoadBalancerKind::kClassic))},
    // An application load balancer always balances across zones.
    {"cross_zone", allBut(kindIndex(LoadBalancerKind::kApplication))},
};
const KeyScope kListenerScopes[] = {
    {"protocol", allBut(kindIndex(LoadBalancerKind::kGateway))},
    {"port", allBut(kindIndex(LoadBalancerKind::kGateway))},
    {"target_groups", allBut(kindIndex(LoadBalancerKind::kClassic))},
    {"target_protocol", only(kindIndex(LoadBalancerKind::kClassic))},
    {"target_port", only(kindIndex(LoadBalancerKind::kClassic))},
};
const KeyScope kTargetGroupScopes[] = {
    {"protocol", allBut(kLambdaTargets)},
    {"port", allBut(kLambdaTargets)},
    {"vpc", allBut(kLambdaTargets)},
    {"preserve_client_ip", allBut(kLambdaTargets)},
};
const KeyScope kTargetScopes[] = {
    {"ip", only(kIpTargets)},
    {"port", allBut(kLambdaTargets)},
};

// The protocols each place accepts, as AWS spells them.
using Protocols = std::initializer_list<std::string_view>;
const Protocols kApplicationProtocols = {"HTTP", "HTTPS"};
const Protocols kNetworkProtocols = {"TCP", "TLS", "UDP", "TCP_UDP"};
const Protocols kClassicProtocols = {"HTTP", "HTTPS", "TCP", "SSL"};
const Protocols kTargetGroupProtocols = {"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"};

// Reports each key of `fields` that the kind `kind` does not have; `phrase`
// names that kind ("a listener of a classic load balancer").
template <size_t N>
bool keysApply(YamlReader& reader, const Fields& fields, const KeyScope (&scopes)[N], size_t kind,
               const std::string& phrase) {
  bool fits = true;
  for (const KeyScope& scope : scopes) {
    const YAML::Node* value = fields.get(scope.key);
    if (!value || (scope.kinds & only(kind)) != 0) continue;
    reader.diags().error("invalid-value", reader.at(*value),
                         "'" + std::string(scope.key) + "' does not apply to " + phrase);
    fits = false;
  }
  return fits;
}

// "HTTP or HTTPS".
std::string either(Protocols protocols) {
  std::string text;
  size_t i = 0;
  for (std::string_view protocol : protocols) {
    if (i > 0) text += i + 1 == protocols.size() ? " or " : ", ";
    text += protocol;
    ++i;
  }
  return text;
}

// The protocol at `key`, in AWS's upper case whatever case it is written in;
// nullopt when absent or not one of `allowed` (then reported).
std::optional<Text> protocol(YamlReader& reader, const Fields& fields, std::string_view key,
                             Protocols allowed) {
  auto written = reader.text(fields, key);
  if (!written) return std::nullopt;
  std::transform(written->value.begin(), written->value.end(), written->value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (std::find(allowed.begin(), allowed.end(), written->value) != allowed.end()) return written;
  reader.expected(*fields.get(key), either(allowed), key, fields);
  return std::nullopt;
}

// AWS's default for client IP preservation (Network Load Balancer guide,
// "Client IP preservation"): on for instance targets and for UDP and TCP_UDP
// groups, off for ip targets over TCP and TLS. HTTP and HTTPS groups have no
// such setting: an application load balancer connects to its targets from
// its own addresses. A GENEVE group's appliances receive whole packets,
// which the flag does not describe.
bool preservesClientIp(std::string_view protocol, size_t target_type) {
  if (protocol == "UDP" || protocol == "TCP_UDP") return true;
  return (protocol == "TCP" || protocol == "TLS") && target_type == kInstanceTargets;
}

}  // namespace

void NativeLoader::loadBalancer(const YAML::Node& node) {
  aws::LoadBalancerSpec spec;
  auto fields = element(
      node, "load balancer",
      {"name", "type", "scheme", "subnets", "security_groups", "cross_zone", "dual_stack",
       "listeners", "instances", "tags"},
      {"name"}, spec.provenance, spec.name);
  if (!fields) return;
  int errors = reader_.diags().errorCount();
  reader_.require(*fields, {"subnets"});
  if (auto type = reader_.text(*fields, "type")) {
    auto known = findKind(kBalancerTypes, type->value);
    if (!known) {
      reader_.expected(*fields->get("type"), choices(kBalancerTypes), "type", *fields);
      return;
    }
    spec.kind = *known;
  } else if (fields->has("type")) {
    return;  // not a string: reported
  }
  const std::string phrase = kBalancerPhrases[kindIndex(spec.kind)];
  bool fits = keysApply(reader_, *fields, kBalancerScopes, kindIndex(spec.kind), phrase);
  // A gateway load balancer has no scheme: it is reached through endpoints
  // and route tables, never from the internet directly.
  spec.internet_facing = spec.kind != LoadBalancerKind::kGateway;
  if (auto scheme = reader_.text(*fields, "scheme")) {
    if (scheme->value != "internet-facing" && scheme->value != "internal") {
      reader_.expected(*fields->get("scheme"), "internet-facing or internal", "scheme", *fields);
    }
    spec.internet_facing = scheme->value == "internet-facing";
    spec.scheme_location = scheme->location;
  }
  spec.subnets = reader_.refs(*fields, "subnets");
  spec.security_groups = reader_.refs(*fields, "security_groups");
  // Absent: the builder's default by type (network and gateway off, classic on).
  if (fits) spec.cross_zone = reader_.boolean(*fields, "cross_zone");
  // IPv6 clients too: not analysed (the builder warns).
  if (auto dual = reader_.boolean(*fields, "dual_stack"); dual && dual->value)
    spec.dual_stack = dual->location;
  spec.tags = reader_.tags(*fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  std::vector<YAML::Node> listeners = reader_.items(*fields, "listeners");
  for (size_t i = 0; i < listeners.size(); ++i) listener(listeners[i], self, spec.kind, i);
  if (fits) {
    std::vector<Text> instances = reader_.texts(*fields, "instances");
    for (size_t i = 0; i < instances.size(); ++i) {
      aws::TargetSpec target;
      target.provenance = {instances[i].location,
                           spec.name + ".instances[" + std::to_string(i) + "]"};
      target.load_balancer = self;
      target.target = {instances[i].value, instances[i].location};
      out_.targets.push_back(std::move(target));
    }
  }
  if (reader_.diags().errorCount() == errors) out_.load_balancers.push_back(std::move(spec));
}

// A listener of a classic load balancer names the instances' protocol and
// port; the others forward to target groups (none: a redirect or a fixed
// response, which reaches no target).
void NativeLoader::listener(const YAML::Node& node, const Ref& balancer, LoadBalancerKind kind,
                            size_t index) {
  int errors = reader_.diags().errorCount();
  Fields fields = reader_.fields(
      node, "listener", {"protocol", "port", "target_groups", "target_protocol", "target_port"});
  const std::string phrase = std::string("a listener of ") + kBalancerPhrases[kindIndex(kind)];
  if (!keysApply(reader_, fields, kListenerScopes, kindIndex(kind), phrase)) return;
  if (kind != LoadBalancerKind::kGateway && !reader_.require(fields, {"protocol", "port"})) return;
  if (kind == LoadBalancerKind::kClassic &&
      !reader_.require(fields, {"target_protocol", "target_port"}))
    return;
  aws::ListenerSpec spec;
  spec.provenance = {reader_.at(node),
                     balancer.address + ".listeners[" + std::to_string(index) + "]"};
  spec.load_balancer = balancer;
  Protocols accepted = kind == LoadBalancerKind::kApplication ? kApplicationProtocols
                       : kind == LoadBalancerKind::kNetwork   ? kNetworkProtocols
                                                              : kClassicProtocols;
  spec.protocol = protocol(reader_, fields, "protocol", accepted).value_or(Text{});
  spec.port = reader_.integer(fields, "port");
  spec.target_groups = reader_.refs(fields, "target_groups");
  spec.target_protocol =
      protocol(reader_, fields, "target_protocol", kClassicProtocols).value_or(Text{});
  spec.target_port = reader_.integer(fields, "target_port");
  if (reader_.diags().errorCount() == errors) out_.listeners.push_back(std::move(spec));
}

void NativeLoader::targetGroup(const YAML::Node& node) {
  aws::TargetGroupSpec spec;
  auto fields = element(
      node, "target group",
      {"name", "protocol", "port", "target_type", "vpc", "preserve_client_ip", "targets", "tags"},
      {"name"}, spec.provenance, spec.name);
  if (!fields) return;
  int errors = reader_.diags().errorCount();
  size_t type = 0;
  spec.target_type = {"instance", spec.provenance.location};
  if (auto written = reader_.text(*fields, "target_type")) {
    auto known = findKind(kTargetTypes, written->value);
    if (!known) {
      reader_.expected(*fields->get("target_type"), choices(kTargetTypes), "target_type", *fields);
      return;
    }
    type = *known;
    spec.target_type = *written;
  } else if (fields->has("target_type")) {
    return;  // not a string: reported
  }
  bool fits = keysApply(reader_, *fields, kTargetGroupScopes, type, kTargetGroupPhrases[type]);
  if (type != kLambdaTargets) fits = reader_.require(*fields, {"protocol", "port", "vpc"}) && fits;
  spec.protocol = protocol(reader_, *fields, "protocol", kTargetGroupProtocols).value_or(Text{});
  spec.port = reader_.integer(*fields, "port");
  spec.vpc = reader_.ref(*fields, "vpc");
  spec.preserve_client_ip = preservesClientIp(spec.protocol.value, type);
  if (auto flag = reader_.boolean(*fields, "preserve_client_ip"); flag && fits) {
    const std::string& proto = spec.protocol.value;
    if (!flag->value && (proto == "UDP" || proto == "TCP_UDP")) {
      reader_.diags().error(
          "invalid-value", flag->location,
          "client IP preservation cannot be turned off for a " + proto + " target group");
    } else if (flag->value && (proto == "HTTP" || proto == "HTTPS" || proto == "GENEVE")) {
      reader_.diags().error("invalid-value", flag->location,
                            "client IP preservation applies to TCP, TLS, UDP and TCP_UDP target "
                            "groups, not to protocol " +
                                proto);
    }
    spec.preserve_client_ip = flag->value;
  }
  spec.tags = reader_.tags(*fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  targets(*fields, self, type);
  if (reader_.diags().errorCount() == errors) out_.target_groups.push_back(std::move(spec));
}

// Each target is a name (an instance, interface or service; a function for
// lambda groups, a load balancer for alb groups) or a mapping with `target`
// or `ip`, and `port` when it overrides the group's.
void NativeLoader::targets(const Fields& group, const Ref& self, size_t type) {
  const YAML::Node* list = group.get("targets");
  if (!list) return;
  if (!list->IsSequence()) {
    reader_.expected(*list, "a list", "targets", group);
    return;
  }
  size_t position = 0;
  for (const YAML::Node& item : *list) {
    aws::TargetSpec spec;
    spec.provenance = {reader_.at(item),
                       self.address + ".targets[" + std::to_string(position++) + "]"};
    spec.target_group = self;
    if (item.IsScalar()) {
      spec.target = {item.Scalar(), reader_.at(item)};
      out_.targets.push_back(std::move(spec));
      continue;
    }
    if (!item.IsMap()) {
      reader_.diags().error(
          "invalid-value", reader_.at(item),
          "expected a name or a mapping for each item of 'targets' in " + group.what());
      continue;
    }
    int errors = reader_.diags().errorCount();
    Fields fields = reader_.fields(item, "target", {"target", "ip", "port"});
    std::string phrase = std::string("a target of ") + kTargetGroupPhrases[type];
    if (!keysApply(reader_, fields, kTargetScopes, type, phrase) ||
        !reader_.oneOf(fields, "target", "ip"))
      continue;
    spec.target = reader_.ref(fields, "target");
    spec.ip = reader_.text(fields, "ip");
    spec.port = reader_.integer(fields, "port");
    if (reader_.diags().errorCount() == errors) out_.targets.push_back(std::move(spec));
  }
}

}  // namespace segproof::native
