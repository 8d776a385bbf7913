#include "frontends/terraform/eval/value.h"

#include <cmath>

#include <catch2/catch.hpp>

namespace segproof::hcl {
namespace {

TEST_CASE("values print in HCL-like syntax", "[frontends][eval]") {
  CHECK(Value::null().str() == "null");
  CHECK(Value::boolean(true).str() == "true");
  CHECK(Value::number(3).str() == "3");
  CHECK(Value::number(-0.5).str() == "-0.5");
  CHECK(Value::string("a\"b").str() == "\"a\\\"b\"");
  CHECK(Value::list({Value::number(1), Value::string("x")}).str() == "[1, \"x\"]");
  CHECK(Value::map({{"b", Value::number(2)}, {"a", Value::number(1)}}).str() ==
        "{\"a\" = 1, \"b\" = 2}");
  CHECK(Value::unknown("aws_vpc.main.id").str() == "(unknown aws_vpc.main.id)");
}

TEST_CASE("numbers keep integers exact", "[frontends][eval]") {
  CHECK(formatNumber(9007199254740992.0) == "9007199254740992");
  CHECK(formatNumber(4294967295.0) == "4294967295");
  CHECK(formatNumber(0.1) == "0.1");
  CHECK(formatNumber(1.0 / 3) == "0.3333333333333333");
  CHECK(Value::number(-0.0).str() == "0");
}

TEST_CASE("sets drop duplicates and have a fixed order", "[frontends][eval]") {
  Value a = Value::set({Value::string("b"), Value::string("a"), Value::string("b")});
  Value b = Value::set({Value::string("a"), Value::string("b")});
  CHECK(a.str() == "toset([\"a\", \"b\"])");
  CHECK(a == b);
  CHECK(a != Value::list({Value::string("a"), Value::string("b")}));
}

TEST_CASE("NaN keeps the order of values total", "[frontends][eval]") {
  Value nan = Value::number(std::nan(""));
  CHECK(Value::set({Value::number(1), nan, Value::number(0), nan}).str() == "toset([NaN, 0, 1])");
  CHECK(Value::compare(nan, Value::number(-1)) < 0);
}

TEST_CASE("value equality is by kind and content", "[frontends][eval]") {
  CHECK(Value::number(1) == Value::number(1));
  CHECK(Value::number(1) != Value::string("1"));
  CHECK(Value::map({{"a", Value::null()}}) == Value::map({{"a", Value::null()}}));
  CHECK(Value::unknown("x") != Value::unknown("y"));
  CHECK(Value() == Value::null());
}

TEST_CASE("unknowns inside collections are found", "[frontends][eval]") {
  CHECK(Value::list({Value::number(1)}).isWhollyKnown());
  CHECK_FALSE(Value::list({Value::unknown("u")}).isWhollyKnown());
  CHECK_FALSE(Value::map({{"a", Value::list({Value::unknown("u")})}}).isWhollyKnown());
}

TEST_CASE("conversions follow Terraform's rules", "[frontends][eval]") {
  CHECK(toString(Value::number(5)) == "5");
  CHECK(toString(Value::number(1.5)) == "1.5");
  CHECK(toString(Value::boolean(false)) == "false");
  CHECK_FALSE(toString(Value::list({})));
  CHECK(toNumber(Value::string("12")) == 12.0);
  CHECK(toNumber(Value::string("-1.5e3")) == -1500.0);
  CHECK_FALSE(toNumber(Value::string("0x10")));
  CHECK_FALSE(toNumber(Value::string(" 1")));
  CHECK_FALSE(toNumber(Value::string("")));
  CHECK_FALSE(toNumber(Value::boolean(true)));
  CHECK(toBool(Value::string("true")) == true);
  CHECK(toBool(Value::string("false")) == false);
  CHECK_FALSE(toBool(Value::string("yes")));
  CHECK_FALSE(toBool(Value::number(1)));
}

}  // namespace
}  // namespace segproof::hcl
