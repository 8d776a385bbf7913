#include <catch2/catch.hpp>

#include "frontends/terraform/eval/eval_test_util.h"

namespace segproof::hcl {
namespace {

using testing::eval;
using testing::evalError;

TEST_CASE("concat, merge, lookup, element", "[frontends][eval]") {
  CHECK(eval("concat([\"a\"], [], [\"b\", \"c\"])") == "[\"a\", \"b\", \"c\"]");
  CHECK(eval("concat()") == "[]");
  CHECK(eval("concat([aws_vpc.main.id], [1])") == "[(unknown aws_vpc.main.id), 1]");
  CHECK(evalError("concat([1], 2)") == "concat(): each argument must be a list or set, not 2");
  CHECK(eval("merge({a = 1, b = 2}, {b = 3}, null)") == "{\"a\" = 1, \"b\" = 3}");
  CHECK(eval("merge()") == "{}");
  CHECK(evalError("merge({}, [1])") == "merge(): each argument must be a map or object, not [1]");
  CHECK(eval("lookup(var.tags, \"env\")") == "\"prod\"");
  CHECK(eval("lookup(var.tags, \"x\", \"none\")") == "\"none\"");
  CHECK(evalError("lookup(var.tags, \"x\")") ==
        "lookup(): no element for key \"x\" and no default");
  CHECK(eval("element(var.azs, 0)") == "\"eu-west-1a\"");
  CHECK(eval("element(var.azs, 3)") == "\"eu-west-1b\"");  // wraps around
  CHECK(evalError("element([], 0)") == "element(): cannot use element() on an empty list");
  CHECK(eval("element(var.azs, -1)") == "\"eu-west-1b\"");
  CHECK(eval("element(var.azs, -4)") == "\"eu-west-1a\"");
}

TEST_CASE("length, keys, values", "[frontends][eval]") {
  CHECK(eval("length([1, 2, 3])") == "3");
  CHECK(eval("length({a = 1})") == "1");
  CHECK(eval("length(\"héllo\")") == "5");
  CHECK(eval("length(toset([1, 1]))") == "1");
  CHECK(eval("length([aws_vpc.main.id])") == "1");
  CHECK(evalError("length(5)") == "length(): length() needs a string or a collection, not 5");
  CHECK(eval("keys({b = 1, a = 2})") == "[\"a\", \"b\"]");
  CHECK(eval("values({b = 1, a = 2})") == "[2, 1]");
  CHECK(evalError("keys([1])") == "keys(): the argument must be a map or object, not [1]");
}

TEST_CASE("flatten, distinct, compact, reverse", "[frontends][eval]") {
  CHECK(eval("flatten([[1, [2]], [], 3])") == "[1, 2, 3]");
  CHECK(eval("flatten([[1], aws_vpc.main.list])") ==
        "(unknown flatten([[1], (unknown aws_vpc.main.list)]))");
  CHECK(eval("distinct([\"a\", \"b\", \"a\"])") == "[\"a\", \"b\"]");
  CHECK(eval("compact([\"a\", \"\", null, \"b\"])") == "[\"a\", \"b\"]");
  CHECK(eval("reverse([1, 2, 3])") == "[3, 2, 1]");
}

TEST_CASE("type conversion functions", "[frontends][eval]") {
  CHECK(eval("toset([\"b\", \"a\", \"b\"])") == "toset([\"a\", \"b\"])");
  CHECK(eval("toset([1, \"a\"])") == "toset([\"1\", \"a\"])");  // unified to strings
  CHECK(eval("tolist(toset([\"b\", \"a\"]))") == "[\"a\", \"b\"]");
  CHECK(eval("tomap({a = 1, b = \"x\"})") == "{\"a\" = \"1\", \"b\" = \"x\"}");
  CHECK(eval("tostring(5)") == "\"5\"");
  CHECK(eval("tostring(null)") == "null");
  CHECK(evalError("tostring([])") == "tostring(): the argument must be a string, not []");
  CHECK(eval("tonumber(\"42\")") == "42");
  CHECK(evalError("tonumber(\"x\")") == "tonumber(): the argument must be a number, not \"x\"");
  CHECK(eval("tobool(\"true\")") == "true");
}

TEST_CASE("coalesce and coalescelist", "[frontends][eval]") {
  CHECK(eval("coalesce(null, \"\", \"b\")") == "\"b\"");
  CHECK(eval("coalesce(1, 2)") == "1");
  CHECK(evalError("coalesce(null, \"\")") == "coalesce(): no non-null, non-empty-string arguments");
  CHECK(eval("coalescelist([], [1], [2])") == "[1]");
  CHECK(evalError("coalescelist([], [])") == "coalescelist(): no non-empty list arguments");
}

TEST_CASE("contains and index", "[frontends][eval]") {
  CHECK(eval("contains(var.ports, 443)") == "true");
  CHECK(eval("contains(var.ports, \"443\")") == "false");
  CHECK(eval("contains(var.ports, aws_vpc.main.port)") ==
        "(unknown contains([22, 443], aws_vpc.main.port))");
  CHECK(eval("index(var.azs, \"eu-west-1b\")") == "1");
  CHECK(evalError("index(var.azs, \"x\")") == "index(): item not found");
}

TEST_CASE("range", "[frontends][eval]") {
  CHECK(eval("range(3)") == "[0, 1, 2]");
  CHECK(eval("range(1, 4)") == "[1, 2, 3]");
  CHECK(eval("range(0, 10, 5)") == "[0, 5]");
  CHECK(eval("range(3, 0)") == "[3, 2, 1]");
  CHECK(eval("range(0)") == "[]");
  CHECK(eval("range(1, 2, 0.5)") == "[1, 1.5]");
  CHECK(evalError("range(0, 3, 0)") == "range(): step must not be zero");
  CHECK(evalError("range(0, 3, -1)") == "range(): step must move from the start towards the limit");
  CHECK(evalError("range(2000)") == "range(): more than 1024 elements");
}

TEST_CASE("zipmap, setproduct, transpose", "[frontends][eval]") {
  CHECK(eval("zipmap([\"a\", \"b\"], [1, 2])") == "{\"a\" = 1, \"b\" = 2}");
  CHECK(evalError("zipmap([\"a\"], [])") ==
        "zipmap(): the keys and values must have the same length");
  CHECK(eval("setproduct([\"a\", \"b\"], [1, 2])") ==
        "[[\"a\", 1], [\"a\", 2], [\"b\", 1], [\"b\", 2]]");
  CHECK(eval("setproduct(toset([\"a\"]), toset([\"x\"]))") == "toset([[\"a\", \"x\"]])");
  CHECK(eval("setproduct([], [1])") == "[]");
  CHECK(eval("transpose({a = [\"1\", \"2\"], b = [\"2\"]})") ==
        "{\"1\" = [\"a\"], \"2\" = [\"a\", \"b\"]}");
}

TEST_CASE("slice, sort, chunklist, one", "[frontends][eval]") {
  CHECK(eval("slice([1, 2, 3, 4], 1, 3)") == "[2, 3]");
  CHECK(eval("slice([1], 1, 1)") == "[]");
  CHECK(evalError("slice([1, 2], 1, 3)") == "slice(): the end index is beyond the list");
  CHECK(evalError("slice([1, 2], 2, 1)") == "slice(): the start index is after the end index");
  CHECK(eval("sort([\"b\", \"a\", \"c\"])") == "[\"a\", \"b\", \"c\"]");
  CHECK(eval("sort([10, 9])") == "[\"10\", \"9\"]");  // sort is lexical
  CHECK(eval("chunklist([1, 2, 3], 2)") == "[[1, 2], [3]]");
  CHECK(eval("chunklist([1, 2], 0)") == "[[1, 2]]");
  CHECK(eval("one([])") == "null");
  CHECK(eval("one([\"x\"])") == "\"x\"");
  CHECK(evalError("one([1, 2])") == "one(): must be a list or set with at most one element");
}

TEST_CASE("numeric functions", "[frontends][eval]") {
  CHECK(eval("min(3, 1, 2)") == "1");
  CHECK(eval("max(\"3\", 10)") == "10");
  CHECK(evalError("max()") == "max(): expected at least 1 arguments, got 0");
  CHECK(eval("sum([1, 2.5])") == "3.5");
  CHECK(evalError("sum([])") == "sum(): cannot sum an empty list");
  CHECK(eval("abs(-3)") == "3");
  CHECK(eval("ceil(1.2)") == "2");
  CHECK(eval("floor(-1.2)") == "-2");
  CHECK(eval("alltrue([true, \"true\"])") == "true");
  CHECK(eval("alltrue([])") == "true");
  CHECK(eval("anytrue([false, true])") == "true");
  CHECK(eval("anytrue([])") == "false");
}

}  // namespace
}  // namespace segproof::hcl
