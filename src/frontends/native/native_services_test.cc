// The native format's managed services, databases and subnet groups.
#include <catch2/catch.hpp>

#include "frontends/native/native_frontend.h"
#include "frontends/native/native_test_util.h"

namespace segproof {
namespace {

using testing::load;
using testing::problems;

TEST_CASE("services of every kind", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "services:\n"
      "  - name: sessions\n"
      "    kind: cache\n"
      "    subnet_group: cache-subnets\n"
      "    security_groups: [cache-sg]\n"
      "    port: 6379\n"
      "    tags: {Data: sessions}\n"
      "  - {name: orders, kind: database, subnets: [data-a, data-b], publicly_accessible: true}\n"
      "  - {name: resize, kind: function, subnets: [app-a]}\n"
      "  - {name: web-tasks, kind: container, subnets: [app-a], publicly_accessible: false}\n"
      "  - {name: eks, kind: kubernetes-control-plane, subnets: [app-a, app-b]}\n"
      "  - {name: nodes, kind: kubernetes-node, subnets: [web-a], public_from_subnet: true}\n"
      "  - {name: logs, kind: search-domain, subnets: [data-a]}\n"
      "  - {name: s3-api, kind: vpc-endpoint, subnets: [app-a]}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.services.size() == 8);
  const aws::ServiceSpec& cache = r.services[0];
  CHECK(cache.name == "sessions");
  CHECK(cache.provenance.address == "sessions");
  CHECK(cache.provenance.location.str() == "net.yaml:3:5");
  CHECK(cache.kind == EndpointKind::kCache);
  CHECK(cache.subnets.empty());
  CHECK(cache.subnet_group.address == "cache-subnets");
  CHECK(cache.subnet_group.location.str() == "net.yaml:5:19");
  CHECK(cache.security_groups.at(0).address == "cache-sg");
  CHECK(cache.port->value == 6379);
  CHECK(cache.tags.at("Data") == "sessions");
  CHECK_FALSE(cache.publicly_accessible);
  CHECK_FALSE(cache.public_from_subnet);
  const aws::ServiceSpec& orders = r.services[1];
  CHECK(orders.kind == EndpointKind::kDatabase);
  REQUIRE(orders.subnets.size() == 2);
  CHECK(orders.subnets[1].address == "data-b");
  CHECK_FALSE(orders.subnet_group.given());
  CHECK(orders.publicly_accessible);
  const EndpointKind kinds[] = {EndpointKind::kCache,
                                EndpointKind::kDatabase,
                                EndpointKind::kFunction,
                                EndpointKind::kContainer,
                                EndpointKind::kKubernetesControlPlane,
                                EndpointKind::kKubernetesNode,
                                EndpointKind::kSearchDomain,
                                EndpointKind::kVpcEndpoint};
  for (size_t i = 0; i < r.services.size(); ++i) {
    INFO(i);
    CHECK(r.services[i].kind == kinds[i]);
  }
  CHECK(r.services[5].public_from_subnet);
  CHECK_FALSE(r.services[5].publicly_accessible);
  CHECK_FALSE(r.services[3].port.has_value());
}

TEST_CASE("a service is dual-stack when it says so", "[frontends][native][ipv6]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "databases:\n"
      "  - {name: orders, subnets: [data-a], dual_stack: true}\n"
      "services:\n"
      "  - {name: cache, kind: cache, subnets: [data-a], dual_stack: false}\n"
      "  - {name: fn, kind: function, subnets: [app-a]}\n"
      "  - {name: nodes, kind: kubernetes-node, subnets: [app-a], public_from_subnet: true}\n"
      "  - {name: v4-nodes, kind: kubernetes-node, subnets: [app-a], public_from_subnet: true,\n"
      "     dual_stack: false}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.services.size() == 5);
  CHECK(r.services[0].ipv6.value == aws::ServiceIpv6::kDualStack);
  CHECK(r.services[0].ipv6.location.str() == "net.yaml:3:51");
  CHECK(r.services[1].ipv6.value == aws::ServiceIpv6::kNone);
  CHECK(r.services[2].ipv6.value == aws::ServiceIpv6::kNone);
  // Launched instances: the subnet's assign-on-creation setting decides.
  CHECK(r.services[3].ipv6.value == aws::ServiceIpv6::kFromSubnet);
  CHECK(r.services[4].ipv6.value == aws::ServiceIpv6::kNone);
}

TEST_CASE("databases are services of kind database and may name a subnet group",
          "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "subnet_groups:\n"
      "  - name: data-subnets\n"
      "    subnets: [data-a, data-b]\n"
      "databases:\n"
      "  - {name: orders-db, subnets: [data-a], port: 5432}\n"
      "  - {name: billing-db, subnet_group: data-subnets, security_groups: [db-sg]}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.subnet_groups.size() == 1);
  const aws::SubnetGroupSpec& group = r.subnet_groups[0];
  CHECK(group.name == "data-subnets");
  CHECK(group.provenance.address == "data-subnets");
  CHECK(group.provenance.location.str() == "net.yaml:3:5");
  REQUIRE(group.subnets.size() == 2);
  CHECK(group.subnets[0].address == "data-a");
  CHECK(group.subnets[1].location.str() == "net.yaml:4:23");
  REQUIRE(r.services.size() == 2);
  CHECK(r.services[0].kind == EndpointKind::kDatabase);
  CHECK(r.services[0].subnets.at(0).address == "data-a");
  CHECK(r.services[1].kind == EndpointKind::kDatabase);
  CHECK(r.services[1].subnet_group.address == "data-subnets");
  CHECK(r.services[1].subnets.empty());
}

TEST_CASE("a service names its kind from the list", "[frontends][native]") {
  CHECK(problems("services:\n  - {name: q, kind: queue, subnets: [a]}\n") ==
        "net.yaml:3:21: error[invalid-value]: expected database, cache, function, container, "
        "kubernetes-control-plane, kubernetes-node, search-domain or vpc-endpoint for 'kind' in "
        "service\n"
        "    - {name: q, kind: queue, subnets: [a]}\n"
        "                      ^\n");
  CHECK(problems("services:\n  - {name: q, subnets: [a]}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'kind' in service\n"
        "    - {name: q, subnets: [a]}\n"
        "      ^\n");
  CHECK(problems("services:\n  - {name: q, kind: [cache], subnets: [a]}\n") ==
        "net.yaml:3:21: error[invalid-value]: expected a string for 'kind' in service\n"
        "    - {name: q, kind: [cache], subnets: [a]}\n"
        "                      ^\n");
}

TEST_CASE("a service names subnets or a subnet group, not both", "[frontends][native]") {
  CHECK(problems("services:\n  - {name: f, kind: function}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'subnets' (or 'subnet_group') in service\n"
        "    - {name: f, kind: function}\n"
        "      ^\n");
  CHECK(problems("services:\n  - {name: f, kind: function, subnets: [a], subnet_group: g}\n") ==
        "net.yaml:3:45: error[conflicting-keys]: 'subnets' and 'subnet_group' cannot both be "
        "given in service\n"
        "    - {name: f, kind: function, subnets: [a], subnet_group: g}\n"
        "                                              ^\n");
  CHECK(problems("databases:\n  - {name: db}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'subnets' (or 'subnet_group') in "
        "database\n"
        "    - {name: db}\n"
        "      ^\n");
}

TEST_CASE("service keys are checked like every element's", "[frontends][native]") {
  CHECK(problems("services:\n  - {kind: cache, subnets: [a]}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'name' in service\n"
        "    - {kind: cache, subnets: [a]}\n"
        "      ^\n");
  CHECK(problems("services:\n  - {name: c, kind: cache, subnet_grup: g}\n") ==
        "net.yaml:3:28: error[unknown-key]: unknown key 'subnet_grup' in service (did you mean "
        "'subnet_group'?)\n"
        "    - {name: c, kind: cache, subnet_grup: g}\n"
        "                             ^\n"
        "net.yaml:3:5: error[missing-key]: missing key 'subnets' (or 'subnet_group') in service\n"
        "    - {name: c, kind: cache, subnet_grup: g}\n"
        "      ^\n");
  // Only services launch instances whose subnet decides their public address.
  CHECK(problems("databases:\n  - {name: db, subnets: [a], public_from_subnet: true}\n") ==
        "net.yaml:3:30: error[unknown-key]: unknown key 'public_from_subnet' in database (allowed "
        "keys: name, subnets, subnet_group, publicly_accessible, dual_stack, security_groups, "
        "port, tags)\n"
        "    - {name: db, subnets: [a], public_from_subnet: true}\n"
        "                               ^\n");
  CHECK(problems("services:\n  - {name: n, kind: kubernetes-node, subnets: a, "
                 "public_from_subnet: maybe, port: high}\n") ==
        "net.yaml:3:47: error[invalid-value]: expected a list for 'subnets' in service\n"
        "    - {name: n, kind: kubernetes-node, subnets: a, public_from_subnet: maybe, port: "
        "high}\n"
        "                                                ^\n"
        "net.yaml:3:70: error[invalid-value]: expected true or false for 'public_from_subnet' in "
        "service\n"
        "    - {name: n, kind: kubernetes-node, subnets: a, public_from_subnet: maybe, port: "
        "high}\n"
        "                                                                       ^\n"
        "net.yaml:3:83: error[invalid-value]: expected an integer for 'port' in service\n"
        "    - {name: n, kind: kubernetes-node, subnets: a, public_from_subnet: maybe, port: "
        "high}\n"
        "                                                                                    ^\n");
  CHECK(problems("services: {name: c}\n") ==
        "net.yaml:2:11: error[invalid-value]: expected a list for 'services' in model\n"
        "  services: {name: c}\n"
        "            ^\n");
}

TEST_CASE("a service with a wrong value is left out", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "services:\n  - {name: f, kind: function, subnets: [a], publicly_accessible: 1x}\n", diags);
  CHECK(diags.hasErrors());
  CHECK(r.services.empty());
}

TEST_CASE("subnet groups name their subnets", "[frontends][native]") {
  CHECK(problems("subnet_groups:\n  - {name: g}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'subnets' in subnet group\n"
        "    - {name: g}\n"
        "      ^\n");
  CHECK(problems("subnet_groups:\n  - {subnets: [a]}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'name' in subnet group\n"
        "    - {subnets: [a]}\n"
        "      ^\n");
  CHECK(problems("subnet_groups:\n  - {name: g, subnets: [a], tags: {A: b}}\n") ==
        "net.yaml:3:29: error[unknown-key]: unknown key 'tags' in subnet group (allowed keys: "
        "name, subnets)\n"
        "    - {name: g, subnets: [a], tags: {A: b}}\n"
        "                              ^\n");
  CHECK(problems("subnet_groups:\n  - {name: g, subnets: [[a]]}\n") ==
        "net.yaml:3:25: error[invalid-value]: expected a string for each item of 'subnets' in "
        "subnet group\n"
        "    - {name: g, subnets: [[a]]}\n"
        "                          ^\n");
}

}  // namespace
}  // namespace segproof
