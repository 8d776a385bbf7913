// Managed services and VPC endpoints from Terraform resources.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;
using K = EndpointKind;

// Resources 0-4: a VPC with two subnets, a route table and a group.
ConfigBuilder network() {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}, {"id", str("vpc-1")}});
  b.add("aws_subnet.a", {{"vpc_id", unknown("aws_vpc.main.id")},
                         {"cidr_block", str("10.0.1.0/24")},
                         {"id", str("subnet-1")}});
  b.add("aws_subnet.b",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.2.0/24")}});
  b.add("aws_route_table.private", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_security_group.app",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"name", str("app")}, {"id", str("sg-app")}});
  return b;
}

Value subnets(std::initializer_list<const char*> names) {
  hcl::ValueList items;
  for (const char* name : names)
    items.push_back(unknown(std::string("aws_subnet.") + name + ".id"));
  return list(items);
}

Value appGroup() { return list({unknown("aws_security_group.app.id")}); }

TEST_CASE("functions, container services and search domains in a VPC",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lambda_function.fn", {{"function_name", str("fn")}},
        {block("vpc_config",
               {{"subnet_ids", subnets({"a", "b"})}, {"security_group_ids", appGroup()}}, 55)});
  b.add("aws_lambda_function.outside", {{"function_name", str("outside")}});
  b.add("aws_ecs_service.api", {{"tags", object({{"team", str("api")}})}},
        {block("network_configuration",
               {{"subnets", subnets({"a"})},
                {"security_groups", appGroup()},
                {"assign_public_ip", boolean(true)}},
               75)});
  b.add("aws_ecs_service.bridge", {{"network_mode", str("bridge")}});
  b.add("aws_opensearch_domain.search", {},
        {block("vpc_options", {{"subnet_ids", subnets({"b"})}}, 95)});
  b.add("aws_elasticsearch_domain.public", {{"domain_name", str("public")}});
  // The state form: a list of objects.
  b.add("aws_elasticsearch_domain.legacy",
        {{"vpc_options", list({object({{"subnet_ids", strs({"subnet-1"})},
                                       {"security_group_ids", strs({"sg-app"})}})})}});
  // vpc_options without subnets: no interfaces.
  b.add("aws_opensearch_domain.no_subnets", {},
        {block("vpc_options", {{"security_group_ids", appGroup()}}, 125)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.services.size() == 4);
  const aws::ServiceSpec& fn = r.services[0];
  CHECK(fn.name == "aws_lambda_function.fn");
  CHECK(fn.kind == K::kFunction);
  CHECK(fn.provenance.location.str() == "main.tf:51:1");
  REQUIRE(fn.subnets.size() == 2);
  CHECK(fn.subnets[0].address == "aws_subnet.a");
  CHECK(fn.subnets[1].address == "aws_subnet.b");
  CHECK(fn.subnets[1].location.str() == "main.tf:56:3");
  REQUIRE(fn.security_groups.size() == 1);
  CHECK(fn.security_groups[0].address == "aws_security_group.app");
  CHECK(!fn.publicly_accessible);
  const aws::ServiceSpec& api = r.services[1];
  CHECK(api.kind == K::kContainer);
  CHECK(api.publicly_accessible);
  CHECK(api.tags.at("team") == "api");
  CHECK(api.security_groups[0].address == "aws_security_group.app");
  const aws::ServiceSpec& search = r.services[2];
  CHECK(search.kind == K::kSearchDomain);
  CHECK(search.subnets[0].address == "aws_subnet.b");
  CHECK(search.security_groups.empty());  // the VPC's default group
  const aws::ServiceSpec& legacy = r.services[3];
  CHECK(legacy.name == "aws_elasticsearch_domain.legacy");
  CHECK(legacy.subnets[0].address == "aws_subnet.a");
  CHECK(legacy.security_groups[0].address == "aws_security_group.app");
  // Their groups are carried by the model, except the domain's without subnets.
  REQUIRE(r.other_group_uses.size() == 1);
  CHECK(r.other_group_uses[0].location.str() == "main.tf:126:3");
}

TEST_CASE("unknown placements and access of services", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lambda_function.fn",
        {{"vpc_config", unknown("var.vpc_config")}, {"tags", object({})}});
  b.add("aws_ecs_service.api", {},
        {block("network_configuration",
               {{"subnets", list({unknown("aws_subnet.a.id"), unknown("data.aws_subnet.x.id")})},
                {"assign_public_ip", unknown("var.public")}},
               65)});
  b.add("aws_opensearch_domain.search", {},
        {block("vpc_options",
               {{"subnet_ids", unknown("var.subnets")}, {"security_group_ids", appGroup()}}, 75)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:52:3: warning[unknown-value]: 'var.vpc_config' is not known: "
        "aws_lambda_function.fn is left out\n"
        "main.tf:66:3: warning[unknown-value]: 'data.aws_subnet.x.id' is not known: a subnet of "
        "aws_ecs_service.api is left out\n"
        "main.tf:67:3: warning[unknown-value]: 'var.public' is not known: aws_ecs_service.api is "
        "taken to be publicly accessible\n"
        "main.tf:76:3: warning[unknown-value]: 'var.subnets' is not known: "
        "aws_opensearch_domain.search is left out\n");
  REQUIRE(r.services.size() == 1);
  CHECK(r.services[0].name == "aws_ecs_service.api");
  REQUIRE(r.services[0].subnets.size() == 1);
  CHECK(r.services[0].publicly_accessible);
  REQUIRE(r.uncertainties.size() == 4);
  CHECK(r.uncertainties[2].vpc.address == "aws_vpc.main");
  // The domain left out still uses its group.
  REQUIRE(r.other_group_uses.size() == 1);
  CHECK(r.other_group_uses[0].address == "aws_security_group.app");
}

TEST_CASE("a wrong-type service argument is a provider mistake",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lambda_function.fn", {}, {block("vpc_config", {{"subnet_ids", str("subnet-1")}}, 55)});
  b.add("aws_eks_cluster.k8s", {}, {block("vpc_config", {{"subnet_ids", strs({})}}, 65)});
  b.add("aws_rds_cluster_instance.db", {{"cluster_identifier", num(3)}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:66:3: error[terraform-invalid]: aws_eks_cluster.k8s: subnet_ids names no subnet\n"
        "main.tf:72:3: error[terraform-invalid]: aws_rds_cluster_instance.db: expected a string "
        "reference, found a number\n"
        "main.tf:56:3: error[terraform-invalid]: aws_lambda_function.fn: expected a list for "
        "subnet_ids, found a string\n");
  CHECK(r.services.empty());
}

TEST_CASE("wrong-type arguments of each service type", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ecs_service.api", {},
        {block("network_configuration",
               {{"subnets", subnets({"a"})}, {"assign_public_ip", str("maybe")}}, 55)});
  b.add("aws_eks_node_group.nodes", {{"cluster_name", num(1)}, {"subnet_ids", subnets({"a"})}});
  b.add("aws_elasticache_subnet_group.cache", {{"subnet_ids", num(1)}});
  b.add("aws_elasticache_replication_group.redis",
        {{"subnet_group_name", list({})}, {"security_group_ids", appGroup()}});
  b.add("aws_rds_cluster.db", {{"db_subnet_group_name", object({})}});
  b.add("aws_opensearch_domain.search", {{"vpc_options", str("private")}});
  b.add("aws_vpc_endpoint.what", {{"vpc_endpoint_type", list({})}});
  b.add("aws_vpc_endpoint_route_table_association.a",
        {{"route_table_id", num(1)}, {"vpc_endpoint_id", str("vpce-1")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:92:3: error[terraform-invalid]: aws_rds_cluster.db: expected a string reference, "
        "found a map\n"
        "main.tf:72:3: error[terraform-invalid]: aws_elasticache_subnet_group.cache: expected a "
        "list for subnet_ids, found a number\n"
        "main.tf:82:3: error[terraform-invalid]: aws_elasticache_replication_group.redis: expected "
        "a string reference, found a list\n"
        "main.tf:57:3: error[terraform-invalid]: aws_ecs_service.api: expected true or false for "
        "assign_public_ip, found \"maybe\"\n"
        "main.tf:62:3: error[terraform-invalid]: aws_eks_node_group.nodes: expected a string "
        "reference, found a number\n"
        "main.tf:102:3: error[terraform-invalid]: aws_opensearch_domain.search: expected a list "
        "for vpc_options, found a string\n"
        "main.tf:112:3: error[terraform-invalid]: aws_vpc_endpoint.what: expected a string for "
        "vpc_endpoint_type, found a list\n"
        "main.tf:122:3: error[terraform-invalid]: aws_vpc_endpoint_route_table_association.a: "
        "expected a string reference, found a number\n");
  // Only the container service, whose mistake is in a flag, is kept.
  REQUIRE(r.services.size() == 1);
  CHECK(!r.services[0].publicly_accessible);
  CHECK(r.subnet_groups.empty());
  CHECK(r.uncertainties.empty());
}

TEST_CASE("EKS clusters get their cluster security group, node groups share it",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_eks_cluster.k8s", {{"name", str("prod")}},
        {block("vpc_config",
               {{"subnet_ids", subnets({"a", "b"})}, {"security_group_ids", appGroup()}}, 55)});
  b.add("aws_eks_node_group.workers",
        {{"cluster_name", unknown("aws_eks_cluster.k8s.name")}, {"subnet_ids", subnets({"a"})}});
  b.add("aws_eks_node_group.ssh", {{"cluster_name", str("prod")}, {"subnet_ids", subnets({"b"})}},
        {block("remote_access", {{"ec2_ssh_key", str("ops")}}, 75)});
  b.add("aws_eks_node_group.bastion_only",
        {{"cluster_name", str("prod")}, {"subnet_ids", subnets({"b"})}},
        {block("remote_access",
               {{"ec2_ssh_key", str("ops")}, {"source_security_group_ids", appGroup()}}, 85)});
  b.add("aws_launch_template.nodes", {{"vpc_security_group_ids", appGroup()}});
  b.add("aws_eks_node_group.templated",
        {{"cluster_name", unknown("aws_eks_cluster.k8s.name")}, {"subnet_ids", subnets({"a"})}},
        {block("launch_template",
               {{"id", unknown("aws_launch_template.nodes.id")}, {"version", str("1")}}, 105)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  // Groups given by a launch template are outside the configuration.
  CHECK(diags.renderAll() ==
        "main.tf:105:3: warning[unknown-value]: 'aws_launch_template.nodes.vpc_security_group_ids' "
        "is not known: interfaces with this group may be members of any security group, which "
        "rules that admit members of a group cannot account for\n");
  REQUIRE(r.services.size() == 5);
  const aws::ServiceSpec& plane = r.services[0];
  CHECK(plane.kind == K::kKubernetesControlPlane);
  CHECK(!plane.publicly_accessible);
  REQUIRE(plane.security_groups.size() == 2);
  CHECK(plane.security_groups[0].address == "aws_eks_cluster.k8s/cluster-security-group");
  CHECK(plane.security_groups[1].address == "aws_security_group.app");
  const aws::ServiceSpec& workers = r.services[1];
  CHECK(workers.kind == K::kKubernetesNode);
  CHECK(workers.public_from_subnet);
  CHECK(!workers.publicly_accessible);
  REQUIRE(workers.security_groups.size() == 1);
  CHECK(workers.security_groups[0].address == "aws_eks_cluster.k8s/cluster-security-group");
  CHECK(workers.security_groups[0].location.str() == "main.tf:62:3");
  const aws::ServiceSpec& ssh = r.services[2];
  REQUIRE(ssh.security_groups.size() == 2);
  CHECK(ssh.security_groups[0].address == "aws_eks_cluster.k8s/cluster-security-group");
  CHECK(ssh.security_groups[1].address == "aws_eks_node_group.ssh/remote-access-security-group");
  REQUIRE(r.services[4].security_groups.size() == 1);
  CHECK(r.services[4].security_groups[0].address == "aws_launch_template.nodes");

  // The cluster group, the two remote access groups and the template's stand-in.
  REQUIRE(r.security_groups.size() == 5);
  const aws::SecurityGroupSpec& cluster = r.security_groups[1];
  CHECK(cluster.name == "aws_eks_cluster.k8s/cluster-security-group");
  CHECK(cluster.vpc.address == "aws_vpc.main");
  CHECK(cluster.provenance.location.str() == "main.tf:51:1");
  CHECK(!cluster.keep_default_egress);
  const aws::SecurityGroupSpec& remote = r.security_groups[2];
  CHECK(remote.name == "aws_eks_node_group.ssh/remote-access-security-group");
  CHECK(remote.keep_default_egress);
  REQUIRE(r.security_group_rules.size() == 6);
  const auto& rules = r.security_group_rules;
  CHECK(rules[0].security_group.address == cluster.name);
  CHECK(rules[0].direction == Direction::kIngress);
  CHECK(rules[0].self);
  CHECK(rules[0].match.protocol.value == "-1");
  CHECK(rules[1].direction == Direction::kEgress);
  CHECK(rules[1].cidr->value == "0.0.0.0/0");
  // Without source groups, SSH from anywhere.
  CHECK(rules[2].security_group.address == remote.name);
  CHECK(rules[2].match.protocol.value == "tcp");
  CHECK(rules[2].match.from_port->value == 22);
  CHECK(rules[2].match.to_port->value == 22);
  CHECK(rules[2].cidr->value == "0.0.0.0/0");
  CHECK(rules[3].peer_group.address == "aws_security_group.app");
  CHECK(!rules[3].cidr);
  CHECK(r.other_group_uses.size() == 1);  // the launch template's
}

TEST_CASE("references to the cluster security group name it once the cluster is mapped",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_eks_cluster.k8s", {}, {block("vpc_config", {{"subnet_ids", subnets({"a"})}}, 55)});
  b.add("aws_security_group_rule.from_app",
        {{"type", str("ingress")},
         {"security_group_id",
          unknown("aws_eks_cluster.k8s.vpc_config[0].cluster_security_group_id")},
         {"protocol", str("tcp")},
         {"from_port", num(443)},
         {"to_port", num(443)},
         {"source_security_group_id", unknown("aws_security_group.app.id")}});
  b.add("aws_instance.node",
        {{"subnet_id", unknown("aws_subnet.a.id")}, {"vpc_security_group_ids", strs({"sg-eks"})}});
  // A state: the cluster's vpc_config as a list of objects, with the group's id.
  b.add("aws_eks_cluster.from_state",
        {{"vpc_config", list({object({{"subnet_ids", strs({"subnet-1"})},
                                      {"cluster_security_group_id", str("sg-eks")}})})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_group_rules.size() == 5);  // two per cluster group, and the rule
  CHECK(r.security_group_rules[4].security_group.address ==
        "aws_eks_cluster.k8s/cluster-security-group");
  CHECK(r.security_group_rules[4].peer_group.address == "aws_security_group.app");
  REQUIRE(r.instances.size() == 1);
  CHECK(r.instances[0].security_groups[0].address ==
        "aws_eks_cluster.from_state/cluster-security-group");
}

TEST_CASE("node groups of a cluster outside the configuration carry a stand-in group",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_eks_node_group.workers",
        {{"cluster_name", str("shared")}, {"subnet_ids", subnets({"a"})}});
  b.add("aws_eks_cluster.lost", {},
        {block("vpc_config",
               {{"subnet_ids", list({unknown("data.aws_subnet.x.id")})},
                {"security_group_ids", appGroup()}},
               65)});
  b.add("aws_eks_node_group.of_lost",
        {{"cluster_name", unknown("aws_eks_cluster.lost.name")}, {"subnet_ids", subnets({"a"})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:66:3: warning[unknown-value]: 'data.aws_subnet.x.id' is not known: a subnet of "
        "aws_eks_cluster.lost is left out\n"
        "main.tf:52:3: warning[unknown-value]: 'shared' is not known: interfaces with this group "
        "may be members of any security group, which rules that admit members of a group cannot "
        "account for\n"
        "main.tf:72:3: warning[unknown-value]: "
        "'aws_eks_cluster.lost.vpc_config[0].cluster_security_group_id' is not known: interfaces "
        "with this group may be members of any security group, which rules that admit members "
        "of a group cannot account for\n");
  REQUIRE(r.services.size() == 2);
  CHECK(r.services[0].security_groups[0].address == "shared/cluster-security-group");
  CHECK(r.services[1].security_groups[0].address == "aws_eks_cluster.lost/cluster-security-group");
  // The cluster left out still uses its group.
  REQUIRE(r.other_group_uses.size() == 1);
  CHECK(r.other_group_uses[0].address == "aws_security_group.app");
}

TEST_CASE("ElastiCache subnet groups, replication groups and clusters",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_elasticache_subnet_group.cache",
        {{"name", str("cache")}, {"subnet_ids", subnets({"a", "b"})}});
  b.add("aws_elasticache_replication_group.redis",
        {{"subnet_group_name", unknown("aws_elasticache_subnet_group.cache.name")},
         {"security_group_ids", appGroup()},
         {"port", num(6379)}});
  b.add("aws_elasticache_cluster.member",
        {{"replication_group_id", unknown("aws_elasticache_replication_group.redis.id")},
         {"security_group_ids", appGroup()}});
  b.add("aws_elasticache_cluster.memcached",
        {{"subnet_group_name", str("cache")}, {"port", num(11211)}});
  b.add("aws_elasticache_cluster.default_vpc", {{"engine", str("redis")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:91:1: warning[unknown-value]: 'aws_elasticache_cluster.default_vpc."
        "subnet_group_name' is not known: aws_elasticache_cluster.default_vpc is left out\n");
  REQUIRE(r.subnet_groups.size() == 1);
  CHECK(r.subnet_groups[0].name == "aws_elasticache_subnet_group.cache");
  CHECK(r.subnet_groups[0].subnets.size() == 2);
  REQUIRE(r.services.size() == 2);  // the member is the replication group's
  CHECK(r.services[0].kind == K::kCache);
  CHECK(r.services[0].subnet_group.address == "aws_elasticache_subnet_group.cache");
  CHECK(r.services[0].security_groups[0].address == "aws_security_group.app");
  CHECK(r.services[0].port->value == 6379);
  CHECK(r.services[1].name == "aws_elasticache_cluster.memcached");
  CHECK(r.services[1].subnet_group.address == "aws_elasticache_subnet_group.cache");
  CHECK(r.services[1].security_groups.empty());
  CHECK(r.other_group_uses.empty());
}

const aws::ServiceSpec& service(const aws::Resources& r, const std::string& name) {
  for (const aws::ServiceSpec& spec : r.services) {
    if (spec.name == name) return spec;
  }
  FAIL("no service " << name);
  return r.services.front();
}

TEST_CASE("IPv6 of services: dual-stack written, IPv4 only, or not fixed",
          "[frontends][terraform][mapping][ipv6]") {
  using aws::ServiceIpv6;
  ConfigBuilder b = network();
  b.add("aws_db_subnet_group.db", {{"name", str("db")}, {"subnet_ids", subnets({"a", "b"})}});
  b.add("aws_db_instance.dual",
        {{"db_subnet_group_name", str("db")}, {"network_type", str("DUAL")}});
  b.add("aws_db_instance.v4", {{"db_subnet_group_name", str("db")}, {"network_type", str("IPV4")}});
  b.add("aws_rds_cluster.aurora", {{"cluster_identifier", str("aurora")},
                                   {"db_subnet_group_name", str("db")},
                                   {"network_type", unknown("var.network_type")}});
  b.add("aws_rds_cluster_instance.one", {{"cluster_identifier", str("aurora")}});
  b.add("aws_elasticache_subnet_group.cache",
        {{"name", str("cache")}, {"subnet_ids", subnets({"a"})}});
  b.add("aws_elasticache_replication_group.redis",
        {{"subnet_group_name", str("cache")}, {"network_type", str("dual_stack")}});
  b.add("aws_elasticache_cluster.memcached",
        {{"subnet_group_name", str("cache")}, {"network_type", str("ipv4")}});
  b.add("aws_lambda_function.fn", {},
        {block("vpc_config",
               {{"ipv6_allowed_for_dual_stack", boolean(true)}, {"subnet_ids", subnets({"a"})}},
               135)});
  b.add("aws_lambda_function.v4", {}, {block("vpc_config", {{"subnet_ids", subnets({"a"})}}, 145)});
  b.add("aws_ecs_service.api", {},
        {block("network_configuration", {{"subnets", subnets({"a"})}}, 155)});
  b.add("aws_eks_cluster.k8s", {{"name", str("prod")}},
        {block("vpc_config", {{"subnet_ids", subnets({"a"})}}, 165),
         block("kubernetes_network_config", {{"ip_family", str("ipv6")}}, 168)});
  b.add("aws_eks_node_group.workers",
        {{"cluster_name", str("prod")}, {"subnet_ids", subnets({"a"})}});
  b.add("aws_opensearch_domain.search", {{"ip_address_type", str("dualstack")}},
        {block("vpc_options", {{"subnet_ids", subnets({"b"})}}, 185)});
  b.add("aws_vpc_endpoint.ssm", {{"ip_address_type", str("ipv6")},
                                 {"service_name", str("com.amazonaws.eu-west-1.ssm")},
                                 {"subnet_ids", subnets({"a"})},
                                 {"vpc_endpoint_type", str("Interface")},
                                 {"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_vpc_endpoint.ecr", {{"service_name", str("com.amazonaws.eu-west-1.ecr.api")},
                                 {"subnet_ids", subnets({"a"})},
                                 {"vpc_endpoint_type", str("Interface")},
                                 {"vpc_id", unknown("aws_vpc.main.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  auto ipv6 = [&](const std::string& name) { return service(r, name).ipv6.value; };
  CHECK(ipv6("aws_db_instance.dual") == ServiceIpv6::kDualStack);
  CHECK(service(r, "aws_db_instance.dual").ipv6.location.str() == "main.tf:63:3");
  CHECK(ipv6("aws_db_instance.v4") == ServiceIpv6::kNone);
  // An unknown network type may be DUAL: the cluster's instances may be dual-stack.
  CHECK(ipv6("aws_rds_cluster_instance.one") == ServiceIpv6::kPossible);
  CHECK(service(r, "aws_rds_cluster_instance.one").ipv6.location.str() == "main.tf:84:3");
  CHECK(ipv6("aws_elasticache_replication_group.redis") == ServiceIpv6::kDualStack);
  CHECK(ipv6("aws_elasticache_cluster.memcached") == ServiceIpv6::kNone);
  // Lambda gives a function an IPv6 address only in dual-stack subnets.
  CHECK(ipv6("aws_lambda_function.fn") == ServiceIpv6::kPossible);
  CHECK(service(r, "aws_lambda_function.fn").ipv6.location.str() == "main.tf:136:3");
  CHECK(ipv6("aws_lambda_function.v4") == ServiceIpv6::kNone);
  // The account setting decides for ECS tasks.
  CHECK(ipv6("aws_ecs_service.api") == ServiceIpv6::kPossible);
  CHECK(ipv6("aws_eks_cluster.k8s") == ServiceIpv6::kDualStack);
  CHECK(service(r, "aws_eks_cluster.k8s").ipv6.location.str() == "main.tf:169:3");
  CHECK(ipv6("aws_eks_node_group.workers") == ServiceIpv6::kFromSubnet);
  CHECK(ipv6("aws_opensearch_domain.search") == ServiceIpv6::kDualStack);
  CHECK(ipv6("aws_vpc_endpoint.ssm") == ServiceIpv6::kDualStack);  // IPv6 only: read wider
  CHECK(ipv6("aws_vpc_endpoint.ecr") == ServiceIpv6::kNone);
}

TEST_CASE("RDS clusters: one database per instance, else the cluster",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_db_subnet_group.db", {{"name", str("db")}, {"subnet_ids", subnets({"a", "b"})}});
  b.add("aws_rds_cluster.aurora", {{"cluster_identifier", str("aurora")},
                                   {"db_subnet_group_name", str("db")},
                                   {"vpc_security_group_ids", appGroup()},
                                   {"port", num(5432)}});
  b.add("aws_rds_cluster_instance.one",
        {{"cluster_identifier", unknown("aws_rds_cluster.aurora.id")},
         {"publicly_accessible", boolean(true)}});
  b.add("aws_rds_cluster_instance.two",
        {{"cluster_identifier", str("aurora")}, {"publicly_accessible", unknown("var.public")}});
  b.add("aws_rds_cluster.serverless",
        {{"db_subnet_group_name", unknown("aws_db_subnet_group.db.name")}});
  b.add("aws_rds_cluster_instance.elsewhere", {{"cluster_identifier", str("other-cluster")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:83:3: warning[unknown-value]: 'var.public' is not known: "
        "aws_rds_cluster_instance.two is taken to be publicly accessible\n"
        "main.tf:102:3: warning[unknown-value]: 'other-cluster' is not known: "
        "aws_rds_cluster_instance.elsewhere is left out\n");
  REQUIRE(r.services.size() == 3);
  const aws::ServiceSpec& serverless = r.services[0];  // clusters are mapped first
  CHECK(serverless.name == "aws_rds_cluster.serverless");
  CHECK(serverless.subnet_group.address == "aws_db_subnet_group.db");
  CHECK(serverless.security_groups.empty());
  for (size_t i : {1, 2}) {
    INFO(i);
    const aws::ServiceSpec& instance = r.services[i];
    CHECK(instance.kind == K::kDatabase);
    CHECK(instance.subnet_group.address == "aws_db_subnet_group.db");
    REQUIRE(instance.security_groups.size() == 1);
    CHECK(instance.security_groups[0].address == "aws_security_group.app");
    CHECK(instance.port->value == 5432);
    CHECK(instance.publicly_accessible);
  }
  CHECK(r.services[1].name == "aws_rds_cluster_instance.one");
  CHECK(r.services[1].provenance.location.str() == "main.tf:71:1");
  CHECK(r.services[2].name == "aws_rds_cluster_instance.two");
  CHECK(r.other_group_uses.empty());
}

TEST_CASE("interface and gateway VPC endpoints", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_route_table.public", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_vpc_endpoint.ssm", {{"vpc_id", unknown("aws_vpc.main.id")},
                                 {"service_name", str("com.amazonaws.eu-west-1.ssm")},
                                 {"vpc_endpoint_type", str("Interface")},
                                 {"subnet_ids", subnets({"a", "b"})},
                                 {"security_group_ids", appGroup()}});
  b.add("aws_vpc_endpoint.ecr", {{"vpc_id", unknown("aws_vpc.main.id")},
                                 {"service_name", str("com.amazonaws.eu-west-1.ecr.api")},
                                 {"vpc_endpoint_type", str("Interface")},
                                 {"subnet_ids", subnets({"a"})}});
  b.add("aws_vpc_endpoint.s3",
        {{"vpc_id", unknown("aws_vpc.main.id")},
         {"service_name", str("com.amazonaws.eu-west-1.s3")},
         {"route_table_ids",
          list({unknown("aws_route_table.private.id"), unknown("aws_vpc.main.main_route_table_id"),
                unknown("var.extra_table")})}});
  b.add("aws_vpc_endpoint.s3_again", {{"vpc_id", unknown("aws_vpc.main.id")},
                                      {"service_name", str("com.amazonaws.eu-west-1.s3")},
                                      {"vpc_endpoint_type", str("Gateway")}});
  b.add("aws_vpc_endpoint_route_table_association.public",
        {{"route_table_id", unknown("aws_route_table.public.id")},
         {"vpc_endpoint_id", unknown("aws_vpc_endpoint.s3_again.id")}});
  b.add("aws_vpc_endpoint_route_table_association.repeated",
        {{"route_table_id", unknown("aws_route_table.private.id")},
         {"vpc_endpoint_id", unknown("aws_vpc_endpoint.s3.id")}});
  b.add("aws_vpc_endpoint.gwlb", {{"vpc_id", unknown("aws_vpc.main.id")},
                                  {"vpc_endpoint_type", str("GatewayLoadBalancer")},
                                  {"subnet_ids", subnets({"a"})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:84:3: warning[unknown-value]: 'var.extra_table' is not known: a route of "
        "aws_vpc_endpoint.s3 is left out\n"
        "main.tf:121:1: warning[terraform-unsupported]: 1 resource of type aws_vpc_endpoint is "
        "not modelled yet (its reachability is not analysed)\n");
  REQUIRE(r.services.size() == 2);
  CHECK(r.services[0].name == "aws_vpc_endpoint.ssm");
  CHECK(r.services[0].kind == K::kVpcEndpoint);
  CHECK(r.services[0].subnets.size() == 2);
  CHECK(r.services[0].security_groups[0].address == "aws_security_group.app");
  CHECK(r.services[1].security_groups.empty());  // the VPC's default group
  // Gateway endpoints: gateways, one AWS-managed list per service, routes.
  REQUIRE(r.gateways.size() == 2);
  CHECK(r.gateways[0].name == "aws_vpc_endpoint.s3");
  CHECK(r.gateways[0].kind == RouteTargetKind::kVpcEndpoint);
  CHECK(r.gateways[0].vpc.address == "aws_vpc.main");
  REQUIRE(r.prefix_lists.size() == 1);
  CHECK(r.prefix_lists[0].name == "aws-managed:com.amazonaws.eu-west-1.s3");
  CHECK(!r.prefix_lists[0].content_known);
  CHECK(r.prefix_lists[0].entries.empty());
  REQUIRE(r.routes.size() == 3);
  const char* tables[] = {"aws_route_table.private", "aws_vpc.main/main-route-table",
                          "aws_route_table.public"};
  const char* targets[] = {"aws_vpc_endpoint.s3", "aws_vpc_endpoint.s3",
                           "aws_vpc_endpoint.s3_again"};
  for (size_t i = 0; i < 3; ++i) {
    INFO(i);
    CHECK(r.routes[i].route_table.address == tables[i]);
    CHECK(r.routes[i].target == RouteTargetKind::kVpcEndpoint);
    CHECK(r.routes[i].target_ref.address == targets[i]);
    CHECK(r.routes[i].destination_prefix_list.address == "aws-managed:com.amazonaws.eu-west-1.s3");
    CHECK(!r.routes[i].destination);
  }
  CHECK(r.routes[0].provenance.location.str() == "main.tf:84:3");
  CHECK(r.routes[2].provenance.address == "aws_vpc_endpoint_route_table_association.public");
  CHECK(r.other_group_uses.empty());
}

TEST_CASE("subnet and group associations of interface endpoints",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_vpc_endpoint.ssm", {{"vpc_id", unknown("aws_vpc.main.id")},
                                 {"service_name", str("com.amazonaws.eu-west-1.ssm")},
                                 {"vpc_endpoint_type", str("Interface")}});
  b.add("aws_vpc_endpoint_subnet_association.a",
        {{"vpc_endpoint_id", unknown("aws_vpc_endpoint.ssm.id")},
         {"subnet_id", unknown("aws_subnet.a.id")}});
  b.add("aws_vpc_endpoint_subnet_association.shared",
        {{"vpc_endpoint_id", unknown("aws_vpc_endpoint.ssm.id")},
         {"subnet_id", unknown("data.aws_subnet.shared.id")}});
  b.add("aws_vpc_endpoint_security_group_association.app",
        {{"vpc_endpoint_id", unknown("aws_vpc_endpoint.ssm.id")},
         {"security_group_id", unknown("aws_security_group.app.id")}});
  b.add("aws_vpc_endpoint_security_group_association.outside",
        {{"vpc_endpoint_id", unknown("aws_vpc_endpoint.other.id")},
         {"security_group_id", unknown("aws_security_group.app.id")}});
  // Replacing the default group: only the groups associated remain.
  b.add("aws_vpc_endpoint.ecr", {{"vpc_id", unknown("aws_vpc.main.id")},
                                 {"service_name", str("com.amazonaws.eu-west-1.ecr.api")},
                                 {"vpc_endpoint_type", str("Interface")},
                                 {"subnet_ids", subnets({"b"})}});
  b.add("aws_vpc_endpoint_security_group_association.replace",
        {{"vpc_endpoint_id", unknown("aws_vpc_endpoint.ecr.id")},
         {"security_group_id", unknown("aws_security_group.app.id")},
         {"replace_default_association", boolean(true)}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:73:3: warning[unknown-value]: 'data.aws_subnet.shared.id' is not known: a subnet "
        "of aws_vpc_endpoint.ssm is left out\n"
        "main.tf:92:3: warning[unknown-value]: 'aws_vpc_endpoint.other.id' is not known: "
        "aws_vpc_endpoint_security_group_association.outside is left out\n");
  REQUIRE(r.services.size() == 2);
  const aws::ServiceSpec& ssm = r.services[0];
  REQUIRE(ssm.subnets.size() == 1);
  CHECK(ssm.subnets[0].address == "aws_subnet.a");
  REQUIRE(ssm.security_groups.size() == 2);
  CHECK(ssm.security_groups[0].address == "aws_vpc.main/default-security-group");
  CHECK(ssm.security_groups[1].address == "aws_security_group.app");
  REQUIRE(r.services[1].security_groups.size() == 1);
  CHECK(r.services[1].security_groups[0].address == "aws_security_group.app");
  // The association naming an endpoint outside the configuration still uses its group.
  REQUIRE(r.other_group_uses.size() == 1);
  CHECK(r.other_group_uses[0].location.str() == "main.tf:93:3");
}

TEST_CASE("unknown and wrong VPC endpoint arguments", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_vpc_endpoint.what", {{"vpc_id", unknown("aws_vpc.main.id")},
                                  {"service_name", str("com.amazonaws.eu-west-1.s3")},
                                  {"vpc_endpoint_type", unknown("var.type")}});
  b.add("aws_vpc_endpoint.s3", {{"vpc_id", unknown("aws_vpc.main.id")},
                                {"service_name", unknown("var.service")},
                                {"route_table_ids", unknown("var.tables")}});
  b.add("aws_vpc_endpoint.outside",
        {{"vpc_id", str("vpc-other")}, {"service_name", str("com.amazonaws.eu-west-1.s3")}});
  b.add("aws_vpc_endpoint.wrong", {{"vpc_id", unknown("aws_vpc.main.id")},
                                   {"service_name", str("com.amazonaws.eu-west-1.s3")},
                                   {"route_table_ids", str("rtb-1")}});
  b.add("aws_vpc_endpoint_route_table_association.a",
        {{"route_table_id", unknown("aws_route_table.private.id")},
         {"vpc_endpoint_id", unknown("aws_vpc_endpoint.outside.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:54:3: warning[unknown-value]: 'var.type' is not known: aws_vpc_endpoint.what is "
        "left out\n"
        "main.tf:64:3: warning[unknown-value]: 'var.tables' is not known: the routes of "
        "aws_vpc_endpoint.s3 are left out\n"
        "main.tf:72:3: warning[unknown-value]: 'vpc-other' is not known: aws_vpc_endpoint.outside "
        "is left out\n"
        "main.tf:84:3: error[terraform-invalid]: aws_vpc_endpoint.wrong: expected a list for "
        "route_table_ids, found a string\n"
        "main.tf:93:3: warning[unknown-value]: 'aws_vpc_endpoint.outside.id' is not known: "
        "aws_vpc_endpoint_route_table_association.a is left out\n");
  // An unknown service name: the list is named by it, its content unknown anyway.
  REQUIRE(r.prefix_lists.size() == 2);
  CHECK(r.prefix_lists[0].name == "aws-managed:var.service");
  CHECK(r.routes.empty());
}

}  // namespace
}  // namespace segproof::terraform
