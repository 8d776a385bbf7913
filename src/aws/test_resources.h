// Test support for src/aws/: terse constructors of resource specs. Every
// value sits at a made-up position in "net.yaml" (the line the test chooses,
// column 3 for elements and 9 for values) so diagnostics can be compared to
// the character.
#ifndef SEGPROOF_AWS_TEST_RESOURCES_H_
#define SEGPROOF_AWS_TEST_RESOURCES_H_

#include <catch2/catch.hpp>
#include <string>

#include "aws/model_builder.h"
#include "aws/resources.h"

namespace segproof::aws::testing {

inline SourceLocation at(int line, int column = 3) { return {"net.yaml", line, column}; }
inline Provenance prov(const std::string& name, int line) { return {at(line), name}; }
inline Text text(const std::string& value, int line) { return {value, at(line, 9)}; }
inline Ref ref(const std::string& name, int line) { return {name, at(line, 9)}; }
inline Located<long long> number(long long value, int line) { return {value, at(line, 9)}; }

inline VpcSpec vpc(const std::string& name, const std::string& cidr, int line) {
  return {prov(name, line), name, {text(cidr, line)}, {}};
}

inline SubnetSpec subnet(const std::string& name, const std::string& vpc, const std::string& cidr,
                         int line) {
  SubnetSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.vpc = ref(vpc, line);
  spec.cidr = text(cidr, line);
  return spec;
}

inline SecurityGroupSpec group(const std::string& name, const std::string& vpc, int line) {
  SecurityGroupSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  if (!vpc.empty()) spec.vpc = ref(vpc, line);
  return spec;
}

// A rule of `group` for `protocol` to/from `cidr` (no peer when empty).
inline SecurityGroupRuleSpec rule(const std::string& group, Direction direction,
                                  const std::string& protocol, const std::string& cidr, int line) {
  SecurityGroupRuleSpec spec;
  spec.provenance = prov(group, line);
  spec.security_group = ref(group, line);
  spec.direction = direction;
  spec.match.protocol = text(protocol, line);
  if (!cidr.empty()) spec.cidr = text(cidr, line);
  return spec;
}

inline NetworkAclSpec acl(const std::string& name, const std::string& vpc, int line) {
  NetworkAclSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.vpc = ref(vpc, line);
  return spec;
}

inline NetworkAclRuleSpec aclRule(const std::string& acl, Direction direction, long long rule,
                                  const std::string& action, const std::string& cidr, int line) {
  NetworkAclRuleSpec spec;
  spec.provenance = prov(acl, line);
  spec.network_acl = ref(acl, line);
  spec.number = number(rule, line);
  spec.direction = direction;
  spec.action = text(action, line);
  spec.match.protocol = text("all", line);
  spec.cidr = text(cidr, line);
  return spec;
}

inline RouteTableSpec table(const std::string& name, const std::string& vpc, int line) {
  RouteTableSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.vpc = ref(vpc, line);
  return spec;
}

inline RouteSpec route(const std::string& table, const std::string& destination,
                       RouteTargetKind target, const std::string& target_name, int line) {
  RouteSpec spec;
  spec.provenance = prov(table, line);
  spec.route_table = ref(table, line);
  spec.destination = text(destination, line);
  spec.target = target;
  if (!target_name.empty()) spec.target_ref = ref(target_name, line);
  return spec;
}

inline InstanceSpec instance(const std::string& name, const std::string& subnet, int line) {
  InstanceSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.subnet = ref(subnet, line);
  return spec;
}

inline NetworkInterfaceSpec eni(const std::string& name, const std::string& subnet, int line) {
  NetworkInterfaceSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.subnet = ref(subnet, line);
  return spec;
}

inline InternetGatewaySpec igw(const std::string& name, const std::string& vpc, int line) {
  InternetGatewaySpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  if (!vpc.empty()) spec.vpc = ref(vpc, line);
  return spec;
}

// VPC "prod" 10.0.0.0/16 (line 1) with subnet "web-a" 10.0.1.0/24 (line 2).
inline Resources basic() {
  Resources r;
  r.vpcs.push_back(vpc("prod", "10.0.0.0/16", 1));
  r.subnets.push_back(subnet("web-a", "prod", "10.0.1.0/24", 2));
  return r;
}

// The element called `name`; fails the test when there is none.
template <class Element>
const Element& named(const std::vector<Element>& elements, const std::string& name) {
  for (const Element& element : elements) {
    if (element.name == name) return element;
  }
  FAIL("no element named " << name);
  return elements.front();
}

}  // namespace segproof::aws::testing

#endif  // SEGPROOF_AWS_TEST_RESOURCES_H_
