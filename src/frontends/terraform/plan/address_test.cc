#include "frontends/terraform/plan/address.h"

#include <catch2/catch.hpp>

namespace segproof::terraform::plan {
namespace {

TEST_CASE("plan addresses split into steps with their keys", "[frontends][plan]") {
  auto steps = parseTraversal(R"(module.sg["a.b\"c"].aws_subnet.private[10])");
  REQUIRE(steps);
  REQUIRE(steps->size() == 4);
  CHECK((*steps)[1].name == "sg");
  CHECK((*steps)[1].key == InstanceKey{true, "a.b\"c"});
  CHECK((*steps)[3].key == InstanceKey{false, "10"});
  CHECK_FALSE((*steps)[2].key);
  CHECK_FALSE(parseTraversal("aws_vpc..main"));
  CHECK_FALSE(parseTraversal("aws_vpc.main[x]"));
  CHECK_FALSE(parseTraversal("aws_vpc.main[\"x]"));
  CHECK_FALSE(parseTraversal(""));
}

TEST_CASE("plan addresses name their module instance", "[frontends][plan]") {
  CHECK(moduleOfAddress("aws_vpc.main") == "");
  CHECK(moduleOfAddress("module.net.aws_vpc.main") == "module.net");
  CHECK(moduleOfAddress(R"(module.a[0].module.b["x"].data.aws_vpc.v)") ==
        R"(module.a[0].module.b["x"])");
  CHECK_FALSE(moduleOfAddress("module.a[").has_value());
  CHECK(moduleCallPath(R"(module.a[0].module.b["x"])") == std::vector<std::string>{"a", "b"});
  CHECK(moduleCallPath("").empty());
}

TEST_CASE("plan references say what they name", "[frontends][plan]") {
  Reference vpc = parseReference("aws_vpc.main.id");
  CHECK(vpc.kind == Reference::Kind::kResource);
  CHECK(vpc.type == "aws_vpc");
  CHECK(vpc.name == "main");
  CHECK(vpc.attribute == "id");
  CHECK_FALSE(vpc.key);

  Reference subnet = parseReference(R"(aws_subnet.x["a"].tags.Name)");
  CHECK(subnet.key == InstanceKey{true, "a"});
  CHECK(subnet.attribute == "tags.Name");

  Reference data = parseReference("data.aws_vpc.shared");
  CHECK(data.kind == Reference::Kind::kData);
  CHECK(data.type == "aws_vpc");
  CHECK(data.attribute.empty());

  Reference var = parseReference("var.vpc_id");
  CHECK(var.kind == Reference::Kind::kVariable);
  CHECK(var.type == "vpc_id");

  Reference output = parseReference("module.net[1].subnet_id");
  CHECK(output.kind == Reference::Kind::kModuleOutput);
  CHECK(output.type == "net");
  CHECK(output.key == InstanceKey{false, "1"});
  CHECK(output.name == "subnet_id");

  CHECK(parseReference("local.cidr").kind == Reference::Kind::kOther);
  CHECK(parseReference("each.value").kind == Reference::Kind::kOther);
  CHECK(parseReference("module.net").kind == Reference::Kind::kOther);
  CHECK(parseReference("aws_vpc").kind == Reference::Kind::kOther);
}

}  // namespace
}  // namespace segproof::terraform::plan
