#include "frontends/common/value_reads.h"

#include <catch2/catch.hpp>

namespace segproof::frontends {
namespace {

using hcl::Value;

TEST_CASE("arguments read as whole numbers and flags", "[frontends]") {
  SourceLocation at{"main.tf", 3, 5};
  std::string problem;
  CHECK(readInteger(nullptr, at, "port", problem).absent());
  Value text = Value::string("443");
  CHECK(readInteger(&text, at, "port", problem).value->value == 443);
  Value unknown = Value::unknown("var.port");
  auto read = readInteger(&unknown, at, "port", problem);
  REQUIRE(read.unknown);
  CHECK(read.unknown->description == "var.port");
  CHECK(read.unknown->location.str() == "main.tf:3:5");
  Value half = Value::number(1.5);
  CHECK(readInteger(&half, at, "port", problem).invalid);
  CHECK(problem == "expected a whole number for port, found 1.5");

  Value upper = Value::string("True");
  CHECK(readFlag(&upper, at, "flag", true, problem).value->value);
  CHECK(readFlag(&upper, at, "flag", false, problem).invalid);
  CHECK(problem == "expected true or false for flag, found \"True\"");
  Value lower = Value::string("false");
  CHECK_FALSE(readFlag(&lower, at, "flag", false, problem).value->value);
}

TEST_CASE("a service's network type reads as its IPv6", "[frontends][ipv6]") {
  SourceLocation at{"main.tf", 3, 5};
  Read<aws::Text> type;
  CHECK(readServiceIpv6(type, {"DUAL"}).value == aws::ServiceIpv6::kNone);  // absent
  type.value = aws::Text{"dual", at};
  aws::Located<aws::ServiceIpv6> read = readServiceIpv6(type, {"DUAL"});  // any case
  CHECK(read.value == aws::ServiceIpv6::kDualStack);
  CHECK(read.location.str() == "main.tf:3:5");
  type.value = aws::Text{"IPV4", at};
  CHECK(readServiceIpv6(type, {"DUAL"}).value == aws::ServiceIpv6::kNone);
  type.value.reset();
  type.unknown = aws::UnknownValue{"var.network_type", at};
  CHECK(readServiceIpv6(type, {"DUAL"}).value == aws::ServiceIpv6::kPossible);
}

}  // namespace
}  // namespace segproof::frontends
