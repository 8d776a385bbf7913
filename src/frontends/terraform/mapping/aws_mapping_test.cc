// Which resource types are mapped, warned about or ignored.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;

TEST_CASE("unsupported network types are warned about once per type",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_s3_bucket.logs", {{"bucket", str("logs")}});
  b.add("aws_msk_cluster.front", {{"cluster_name", str("front")}});
  b.add("module.api.aws_msk_cluster.back[0]", {});
  b.add("aws_networkfirewall_firewall.edge", {});
  b.add("aws_iam_role.app", {});
  b.add("random_id.suffix", {});
  b.add("null_resource.wait", {});
  b.add("google_compute_network.other", {});
  b.add("aws_flow_log.vpc", {});
  b.add("aws_eks_addon.cni", {});
  // Mapped types warn about the forms they do not model.
  b.add("aws_lambda_function.outside", {});
  b.add("aws_vpc_endpoint.gwlb", {{"vpc_endpoint_type", str("GatewayLoadBalancer")}});
  b.add("aws_msk_cluster.front2", {});
  b.add("data.aws_msk_cluster.existing", {});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:11:1: warning[terraform-unsupported]: 3 resources of type aws_msk_cluster are not "
        "modelled yet (their reachability is not analysed)\n"
        "main.tf:31:1: warning[terraform-unsupported]: 1 resource of type "
        "aws_networkfirewall_firewall is not modelled yet (its reachability is not analysed)\n"
        "main.tf:111:1: warning[terraform-unsupported]: 1 resource of type aws_vpc_endpoint is not "
        "modelled yet (its reachability is not analysed)\n");
  CHECK(r.vpcs.empty());
}

TEST_CASE("data sources are not network elements", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("data.aws_vpc.shared", {{"id", str("vpc-shared")}, {"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_subnet.a", {{"vpc_id", str("vpc-shared")}, {"cidr_block", str("10.0.1.0/24")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:12:3: warning[unknown-value]: 'vpc-shared' is not known: aws_subnet.a is left "
        "out\n");
  CHECK(r.vpcs.empty());
  CHECK(r.subnets.empty());
}

TEST_CASE("references into modules and keyed instances", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("module.net.aws_vpc.this[0]", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("module.net.aws_subnet.this[\"a.b\"]",
        {{"vpc_id", unknown("module.net.aws_vpc.this[0].id")}, {"cidr_block", str("10.0.1.0/24")}});
  b.add("aws_instance.x", {{"subnet_id", unknown("module.net.aws_subnet.this[\"a.b\"].id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.subnets.size() == 1);
  CHECK(r.subnets[0].vpc.address == "module.net.aws_vpc.this[0]");
  REQUIRE(r.instances.size() == 1);
  CHECK(r.instances[0].subnet.address == "module.net.aws_subnet.this[\"a.b\"]");
}

}  // namespace
}  // namespace segproof::terraform
