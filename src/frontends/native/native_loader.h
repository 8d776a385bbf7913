// Internal to the native frontend: reads one parsed native model document
// into aws::Resources. native_frontend.cc holds the top level and the shared
// element helper, native_elements.cc the plain elements, native_rules.cc the
// elements with nested lists (route tables, security groups, network ACLs).
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

#include "aws/resources.h"
#include "frontends/native/yaml_reader.h"

namespace segproof::native {

// The one model version this frontend reads.
inline constexpr std::string_view kModelVersion = "model/v1";

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
  void database(const YAML::Node& node);
  std::vector<Text> privateIps(const Fields& fields);
  aws::PublicIpSpec publicIp(const Fields& fields);

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
