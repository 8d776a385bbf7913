#include <catch2/catch.hpp>

#include "frontends/terraform/eval/eval_test_util.h"

namespace segproof::hcl {
namespace {

using testing::eval;
using testing::evalError;

TEST_CASE("cidrsubnet", "[frontends][eval]") {
  CHECK(eval("cidrsubnet(\"10.0.0.0/16\", 8, 2)") == "\"10.0.2.0/24\"");
  CHECK(eval("cidrsubnet(var.cidr, 4, 15)") == "\"10.0.240.0/20\"");
  CHECK(eval("cidrsubnet(\"10.0.0.0/16\", 0, 0)") == "\"10.0.0.0/16\"");
  CHECK(eval("cidrsubnet(\"10.1.2.3/16\", 8, 1)") == "\"10.1.1.0/24\"");  // host bits ignored
  CHECK(eval("cidrsubnet(\"0.0.0.0/0\", 32, 4294967295)") == "\"255.255.255.255/32\"");
  CHECK(eval("cidrsubnet(\"fd00:fd12:3456:7890::/56\", 16, 162)") ==
        "\"fd00:fd12:3456:7800:a200::/72\"");
  CHECK(eval("cidrsubnet(\"2600:1f14::/56\", 8, 1)") == "\"2600:1f14:0:1::/64\"");
  CHECK(evalError("cidrsubnet(\"10.0.0.0/16\", 8, 256)") ==
        "cidrsubnet(): prefix extension of 8 does not accommodate a subnet numbered 256");
  CHECK(evalError("cidrsubnet(\"10.0.0.0/16\", 17, 0)") ==
        "cidrsubnet(): insufficient address space to extend prefix of 16 by 17");
  CHECK(evalError("cidrsubnet(\"10.0.0.0/16\", 8, -1)") ==
        "cidrsubnet(): prefix extension of 8 does not accommodate a subnet numbered -1");
  CHECK(evalError("cidrsubnet(\"10.0.0.0\", 8, 1)")
            .rfind("cidrsubnet(): invalid CIDR block \"10.0.0.0\"", 0) == 0);
  CHECK(evalError("cidrsubnet(\"10.0.0.0/16\", 1.5, 1)") ==
        "cidrsubnet(): newbits must be a whole number, not 1.5");
}

TEST_CASE("cidrsubnets", "[frontends][eval]") {
  CHECK(eval("cidrsubnets(\"10.1.0.0/16\", 4, 4, 8, 4)") ==
        "[\"10.1.0.0/20\", \"10.1.16.0/20\", \"10.1.32.0/24\", \"10.1.48.0/20\"]");
  CHECK(eval("cidrsubnets(\"10.0.0.0/24\", 2, 2, 2, 2)") ==
        "[\"10.0.0.0/26\", \"10.0.0.64/26\", \"10.0.0.128/26\", \"10.0.0.192/26\"]");
  CHECK(eval("cidrsubnets(\"fd00:fd12:3456:7890::/56\", 16, 16, 16, 32)") ==
        "[\"fd00:fd12:3456:7800::/72\", \"fd00:fd12:3456:7800:100::/72\", "
        "\"fd00:fd12:3456:7800:200::/72\", \"fd00:fd12:3456:7800:300::/88\"]");
  CHECK(eval("cidrsubnets(\"10.0.0.0/16\")") == "[]");
  CHECK(eval("cidrsubnets(\"255.255.255.0/24\", 1, 1)") ==
        "[\"255.255.255.0/25\", \"255.255.255.128/25\"]");
  CHECK(evalError("cidrsubnets(\"10.0.0.0/24\", 1, 1, 1)") ==
        "cidrsubnets(): not enough remaining address space for a subnet with a prefix of 25 bits "
        "after "
        "10.0.0.128/25");
  CHECK(evalError("cidrsubnets(\"255.255.255.0/24\", 1, 1, 1)") ==
        "cidrsubnets(): not enough remaining address space for a subnet with a prefix of 25 bits "
        "after "
        "255.255.255.128/25");
  CHECK(evalError("cidrsubnets(\"10.0.0.0/30\", 3)") ==
        "cidrsubnets(): insufficient address space to extend prefix by 3");
  CHECK(evalError("cidrsubnets(\"10.0.0.0/16\", 0)") ==
        "cidrsubnets(): each newbits must be at least 1");
}

TEST_CASE("cidrsubnets agrees with cidrsubnet for equal sizes", "[frontends][eval]") {
  CHECK(eval("cidrsubnets(var.cidr, 8, 8, 8) == [for i in range(3) : cidrsubnet(var.cidr, 8, i)]") ==
        "true");
  CHECK(eval("cidrsubnets(\"10.0.0.0/8\", 4, 4) == [cidrsubnet(\"10.0.0.0/8\", 4, 0), "
             "cidrsubnet(\"10.0.0.0/8\", 4, 1)]") == "true");
}

TEST_CASE("a subnet plan as network code writes it", "[frontends][eval]") {
  CHECK(eval("{ for i, az in var.azs : az => cidrsubnet(var.cidr, 8, i + 10) }") ==
        "{\"eu-west-1a\" = \"10.0.10.0/24\", \"eu-west-1b\" = \"10.0.11.0/24\"}");
  CHECK(eval("[for c in cidrsubnets(var.cidr, 4, 4) : cidrhost(c, -2)]") ==
        "[\"10.0.15.254\", \"10.0.31.254\"]");
}

TEST_CASE("cidrhost", "[frontends][eval]") {
  CHECK(eval("cidrhost(\"10.0.1.0/24\", 5)") == "\"10.0.1.5\"");
  CHECK(eval("cidrhost(\"10.0.1.0/24\", -1)") == "\"10.0.1.255\"");
  CHECK(eval("cidrhost(\"10.0.1.0/24\", -256)") == "\"10.0.1.0\"");
  CHECK(eval("cidrhost(\"10.12.112.0/20\", 268)") == "\"10.12.113.12\"");
  CHECK(eval("cidrhost(\"fd00:fd12:3456:7890:00a2::/72\", 34)") == "\"fd00:fd12:3456:7890::22\"");
  CHECK(eval("cidrhost(\"fd00::/64\", -1)") == "\"fd00::ffff:ffff:ffff:ffff\"");
  CHECK(eval("cidrhost(\"::/0\", -1)") == "\"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\"");
  CHECK(evalError("cidrhost(\"10.0.1.0/24\", 256)") ==
        "cidrhost(): prefix of 24 does not accommodate a host numbered 256");
  CHECK(evalError("cidrhost(\"10.0.1.0/24\", -257)") ==
        "cidrhost(): prefix of 24 does not accommodate a host numbered -257");
}

TEST_CASE("cidrnetmask", "[frontends][eval]") {
  CHECK(eval("cidrnetmask(\"172.16.0.0/12\")") == "\"255.240.0.0\"");
  CHECK(eval("cidrnetmask(\"0.0.0.0/0\")") == "\"0.0.0.0\"");
  CHECK(eval("cidrnetmask(\"10.0.0.1/32\")") == "\"255.255.255.255\"");
  CHECK(evalError("cidrnetmask(\"fd00::/8\")") ==
        "cidrnetmask(): only IPv4 networks have a netmask");
}

TEST_CASE("cidr functions on unknowns stay symbolic", "[frontends][eval]") {
  CHECK(eval("cidrhost(aws_subnet.a.cidr_block, 5)") ==
        "(unknown cidrhost(aws_subnet.a.cidr_block, 5))");
  CHECK(eval("cidrsubnets(var.cidr, 8, aws_vpc.main.n)") ==
        "(unknown cidrsubnets(\"10.0.0.0/16\", 8, aws_vpc.main.n))");
}

}  // namespace
}  // namespace segproof::hcl
