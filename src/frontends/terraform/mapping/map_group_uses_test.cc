// Groups named by resources the model does not carry (other_group_uses).
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;

std::vector<std::string> uses(const aws::Resources& r) {
  std::vector<std::string> out;
  for (const aws::Ref& ref : r.other_group_uses)
    out.push_back((ref.unknown ? "unknown " : "") + ref.address + " at " + ref.location.str());
  return out;
}

// Resources 0-4: a VPC, a subnet and three groups, the last known by id.
ConfigBuilder groups() {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_subnet.a",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.1.0/24")}});
  b.add("aws_security_group.lb", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_security_group.app", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_security_group.jobs",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"id", str("sg-jobs")}});
  return b;
}

TEST_CASE("groups named by unmodelled resources are recorded as used",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = groups();
  // A load balancer left out for its unknown subnets.
  b.add("aws_lb.front", {{"security_groups", list({unknown("aws_security_group.lb.id")})},
                         {"subnets", unknown("var.subnets")}});
  // Nested blocks, a known id, the VPC's default group, and an unknown list.
  b.add("aws_launch_template.app", {{"name", str("app")}},
        {block("network_interfaces",
               {{"security_groups", list({unknown("aws_security_group.app.id"), str("sg-jobs")})}},
               60)});
  b.add("aws_lambda_function.job", {{"function_name", str("job")}},
        {block("vpc_config",
               {{"security_group_ids",
                 list({unknown("aws_vpc.main.default_security_group_id"), unknown("var.extra")})}},
               70)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(uses(r) == std::vector<std::string>{
                       "aws_security_group.lb at main.tf:52:3",
                       "aws_security_group.app at main.tf:61:3",
                       "aws_security_group.jobs at main.tf:61:3",
                       "aws_vpc.main/default-security-group at main.tf:71:3",
                       "unknown var.extra at main.tf:71:3",
                   });
  aws::Resources more;
  more.other_group_uses.push_back(aws::Ref{"aws_security_group.other", {}});
  r.append(std::move(more));  // several inputs make one set of resources
  REQUIRE(r.other_group_uses.size() == 6);
  CHECK(r.other_group_uses[5].address == "aws_security_group.other");
}

TEST_CASE("group references of modelled resources are not recorded, unless left out",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = groups();
  b.add("aws_instance.placed",
        {{"subnet_id", unknown("aws_subnet.a.id")},
         {"vpc_security_group_ids", list({unknown("aws_security_group.lb.id")})}});
  b.add("aws_instance.unplaced",
        {{"subnet_id", unknown("var.subnet_id")},
         {"vpc_security_group_ids", list({unknown("aws_security_group.app.id")})}});
  // A rule naming a group names a peer: no use. Nor are tags or names.
  b.add("aws_security_group_rule.from_lb",
        {{"type", str("ingress")},
         {"security_group_id", unknown("aws_security_group.app.id")},
         {"source_security_group_id", unknown("aws_security_group.jobs.id")},
         {"protocol", str("tcp")},
         {"from_port", num(80)},
         {"to_port", num(80)}});
  b.add("aws_s3_bucket.logs",
        {{"bucket", str("logs")}, {"tags", object({{"Group", str("sg-jobs")}})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(r.instances.size() == 1);
  CHECK(r.instances[0].security_groups[0].address == "aws_security_group.lb");
  CHECK(uses(r) == std::vector<std::string>{"aws_security_group.app at main.tf:63:3"});
}

}  // namespace
}  // namespace segproof::terraform
