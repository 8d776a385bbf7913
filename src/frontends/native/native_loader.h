// Internal to the native frontend: reads one parsed native model document
// into aws::Resources. native_frontend.cc holds the top level and the shared
// element helper, native_elements.cc the plain elements, native_services.cc
// the managed services and subnet groups, native_rules.cc the elements with
// nested lists (route tables, security groups, network ACLs),
// native_transit.cc transit gateways with their attachments and route tables,
// and native_load_balancers.cc load balancers and target groups.
//
// Every element's provenance is the position of its mapping and its name;
// nested routes and rules get "<parent>.<list>[<index>]" as their address.
#ifndef SEGPROOF_FRONTENDS_NATIVE_NATIVE_LOADER_H_
#define SEGPROOF_FRONTENDS_NATIVE_NATIVE_LOADER_H_

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "aws/resources.h"
#include "frontends/native/yaml_reader.h"

namespace segproof::native {

// The one model version this frontend reads.
inline constexpr std::string_view kModelVersion = "model/v1";

// The value an enumeration's table gives `written`, if it has one.
template <class Kind, size_t N>
std::optional<Kind> findKind(const std::pair<std::string_view, Kind> (&table)[N],
                             std::string_view written) {
  for (const auto& [name, kind] : table) {
    if (name == written) return kind;
  }
  return std::nullopt;
}

// The names of an enumeration's table for messages: "a, b or c".
template <class Kind, size_t N>
std::string choices(const std::pair<std::string_view, Kind> (&table)[N]) {
  std::string text;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) text += i + 1 == N ? " or " : ", ";
    text += table[i].first;
  }
  return text;
}

class NativeLoader {
 public:
  NativeLoader(const std::string& file, DiagnosticEngine& diags, aws::Resources& out)
      : reader_(file, diags), out_(out) {}

  void load(const YAML::Node& root);

 private:
  bool readsVersion(const Fields& top);
  // The checked fields of an element with a name; nullopt (after reporting)
  // when a required key is missing.
  std::optional<Fields> element(const YAML::Node& node, const char* what,
                                std::initializer_list<std::string_view> allowed,
                                std::initializer_list<std::string_view> required,
                                Provenance& provenance, std::string& name);

  // native_elements.cc
  void vpc(const YAML::Node& node);
  void internetGateway(const YAML::Node& node);
  void subnet(const YAML::Node& node);
  void natGateway(const YAML::Node& node);
  void peering(const YAML::Node& node);
  void gateway(const YAML::Node& node);
  void prefixList(const YAML::Node& node);
  void instance(const YAML::Node& node);
  void networkInterface(const YAML::Node& node);
  std::vector<Text> privateIps(const Fields& fields);
  aws::Ipv6Spec ipv6Addresses(const Fields& fields);
  aws::PublicIpSpec publicIp(const Fields& fields);

  // native_services.cc
  void database(const YAML::Node& node);
  void service(const YAML::Node& node);
  bool readService(const Fields& fields, aws::ServiceSpec& spec);
  void subnetGroup(const YAML::Node& node);

  // native_transit.cc
  void transitGateway(const YAML::Node& node);
  void transitAttachment(const YAML::Node& node, const Ref& gateway);
  bool readAttachmentKind(const Fields& fields, aws::TransitGatewayAttachmentSpec& spec);
  void transitRouteTable(const YAML::Node& node, aws::TransitGatewaySpec& gateway);
  void transitRoute(const YAML::Node& node, const Ref& table, size_t index);

  // native_load_balancers.cc
  void loadBalancer(const YAML::Node& node);
  void listener(const YAML::Node& node, const Ref& balancer, aws::LoadBalancerKind kind,
                size_t index);
  void targetGroup(const YAML::Node& node);
  void targets(const Fields& group, const Ref& self, size_t type);

  // native_rules.cc
  void routeTable(const YAML::Node& node);
  void route(const YAML::Node& node, const Ref& table, size_t index);
  bool readRouteTarget(const Fields& fields, aws::RouteSpec& spec);
  void securityGroup(const YAML::Node& node);
  void securityGroupRule(const YAML::Node& node, const Ref& group, Direction direction,
                         size_t index);
  void networkAcl(const YAML::Node& node);
  void networkAclRule(const YAML::Node& node, const Ref& acl, Direction direction, size_t index);
  bool readMatch(const Fields& fields, aws::MatchSpec& match);
  bool readPorts(const YAML::Node& value, const Fields& fields, aws::MatchSpec& match);

  YamlReader reader_;
  aws::Resources& out_;
};

}  // namespace segproof::native

#endif  // SEGPROOF_FRONTENDS_NATIVE_NATIVE_LOADER_H_
