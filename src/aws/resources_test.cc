#include "aws/resources.h"

#include <catch2/catch.hpp>

namespace segproof::aws {
namespace {

// One element of every kind, so that a vector append() forgets shows up.
Resources oneOfEach(const std::string& file) {
  Resources r;
  r.files = {file};
  r.vpcs.emplace_back().name = file;
  r.subnets.emplace_back();
  r.route_tables.emplace_back();
  r.routes.emplace_back();
  r.route_table_associations.emplace_back();
  r.main_route_table_associations.emplace_back();
  r.security_groups.emplace_back();
  r.security_group_rules.emplace_back();
  r.network_acls.emplace_back();
  r.network_acl_rules.emplace_back();
  r.network_acl_associations.emplace_back();
  r.internet_gateways.emplace_back();
  r.gateway_attachments.emplace_back();
  r.gateways.emplace_back();
  r.elastic_ips.emplace_back();
  r.elastic_ip_associations.emplace_back();
  r.nat_gateways.emplace_back();
  r.peerings.emplace_back();
  r.prefix_lists.emplace_back();
  r.network_interfaces.emplace_back();
  r.instances.emplace_back();
  r.services.emplace_back();
  r.subnet_groups.emplace_back();
  return r;
}

TEST_CASE("append moves every kind of resource, the receiver's first", "[aws]") {
  Resources a = oneOfEach("a.yaml");
  a.append(oneOfEach("b.yaml"));
  CHECK(a.files == std::vector<std::string>{"a.yaml", "b.yaml"});
  REQUIRE(a.vpcs.size() == 2);
  CHECK(a.vpcs[0].name == "a.yaml");
  CHECK(a.vpcs[1].name == "b.yaml");
  for (size_t size : {a.subnets.size(),
                      a.route_tables.size(),
                      a.routes.size(),
                      a.route_table_associations.size(),
                      a.main_route_table_associations.size(),
                      a.security_groups.size(),
                      a.security_group_rules.size(),
                      a.network_acls.size(),
                      a.network_acl_rules.size(),
                      a.network_acl_associations.size(),
                      a.internet_gateways.size(),
                      a.gateway_attachments.size(),
                      a.gateways.size(),
                      a.elastic_ips.size(),
                      a.elastic_ip_associations.size(),
                      a.nat_gateways.size(),
                      a.peerings.size(),
                      a.prefix_lists.size(),
                      a.network_interfaces.size(),
                      a.instances.size(),
                      a.services.size(),
                      a.subnet_groups.size()}) {
    CHECK(size == 2);
  }
}

}  // namespace
}  // namespace segproof::aws
