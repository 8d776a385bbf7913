#include "frontends/terraform/eval/evaluator.h"

#include <catch2/catch.hpp>

#include "frontends/terraform/eval/eval_test_util.h"

namespace segproof::hcl {
namespace {

using testing::eval;
using testing::evalError;

TEST_CASE("eval literals and collections", "[frontends][eval]") {
  CHECK(eval("42") == "42");
  CHECK(eval("1.5") == "1.5");
  CHECK(eval("true") == "true");
  CHECK(eval("null") == "null");
  CHECK(eval("\"hi\"") == "\"hi\"");
  CHECK(eval("[1, \"a\", [true]]") == "[1, \"a\", [true]]");
  CHECK(eval("{ a = 1, \"b\" = 2, (\"c${1}\") = 3 }") == "{\"a\" = 1, \"b\" = 2, \"c1\" = 3}");
  CHECK(eval("{}") == "{}");
}

TEST_CASE("eval arithmetic", "[frontends][eval]") {
  CHECK(eval("1 + 2 * 3") == "7");
  CHECK(eval("(1 + 2) * 3") == "9");
  CHECK(eval("7 / 2") == "3.5");
  CHECK(eval("7 % 3") == "1");
  CHECK(eval("-7 % 3") == "-1");
  CHECK(eval("-(2 - 5)") == "3");
  CHECK(eval("\"5\" + 1") == "6");
  CHECK(evalError("1 / 0") == "division by zero");
  CHECK(evalError("1 % 0") == "modulo by zero");
  CHECK(evalError("1 + true") == "operand of '+' must be a number, not true");
  CHECK(evalError("null - 1") == "operand of '-' must be a number, not null");
  CHECK(evalError("-\"x\"") == "operand of '-' must be a number, not \"x\"");
}

TEST_CASE("eval comparison and equality", "[frontends][eval]") {
  CHECK(eval("1 < 2") == "true");
  CHECK(eval("2 <= 1") == "false");
  CHECK(eval("3 > 2") == "true");
  CHECK(eval("3 >= 3") == "true");
  CHECK(eval("\"a\" == \"a\"") == "true");
  CHECK(eval("1 == \"1\"") == "false");
  CHECK(eval("[1, 2] == [1, 2]") == "true");
  CHECK(eval("{a = 1} != {a = 2}") == "true");
  CHECK(eval("null == null") == "true");
  CHECK(evalError("\"a\" < 1") == "operand of '<' must be a number, not \"a\"");
}

TEST_CASE("eval logic", "[frontends][eval]") {
  CHECK(eval("true && false") == "false");
  CHECK(eval("true || false") == "true");
  CHECK(eval("!true") == "false");
  CHECK(eval("\"true\" && true") == "true");
  CHECK(evalError("1 && true") == "operand of '&&' must be a bool, not 1");
  CHECK(evalError("!null") == "operand of '!' is null");
}

TEST_CASE("eval unknowns propagate unless the result is decided", "[frontends][eval]") {
  CHECK(eval("aws_vpc.main.id") == "(unknown aws_vpc.main.id)");
  CHECK(eval("aws_subnet.a[0].id") == "(unknown aws_subnet.a[0].id)");
  CHECK(eval("aws_subnet.a[\"x\"].id") == "(unknown aws_subnet.a[\"x\"].id)");
  CHECK(eval("aws_vpc.main.id == \"x\"") == "(unknown aws_vpc.main.id == \"x\")");
  CHECK(eval("aws_vpc.main.n + 1") == "(unknown aws_vpc.main.n + 1)");
  CHECK(eval("-aws_vpc.main.n") == "(unknown -aws_vpc.main.n)");
  CHECK(eval("false && aws_vpc.main.ok") == "false");
  CHECK(eval("aws_vpc.main.ok && false") == "false");
  CHECK(eval("true || aws_vpc.main.ok") == "true");
  CHECK(eval("true && aws_vpc.main.ok") == "(unknown true && aws_vpc.main.ok)");
  CHECK(eval("aws_vpc.main.ok ? 1 : 2") == "(unknown aws_vpc.main.ok ? ... : ...)");
  CHECK(eval("[aws_vpc.main.id, 1]") == "[(unknown aws_vpc.main.id), 1]");
  CHECK(eval("var.azs[aws_vpc.main.n]") ==
        "(unknown [\"eu-west-1a\", \"eu-west-1b\"][aws_vpc.main.n])");
}

TEST_CASE("eval variables and traversals", "[frontends][eval]") {
  CHECK(eval("var.cidr") == "\"10.0.0.0/16\"");
  CHECK(eval("var.azs[1]") == "\"eu-west-1b\"");
  CHECK(eval("var.azs.0") == "\"eu-west-1a\"");
  CHECK(eval("var.azs[\"1\"]") == "\"eu-west-1b\"");
  CHECK(eval("var.tags[\"env\"]") == "\"prod\"");
  CHECK(eval("var.tags.team") == "\"net\"");
  CHECK(evalError("nope") == "unknown variable 'nope'");
  CHECK(evalError("var.missing") == "unsupported attribute 'missing'");
  CHECK(evalError("var.azs[2]") == "index 2 out of range for a list of 2 elements");
  CHECK(evalError("var.azs[-1]") == "index -1 out of range for a list of 2 elements");
  CHECK(evalError("var.azs[0.5]") == "list index must be a whole number, not 0.5");
  CHECK(evalError("var.tags[\"x\"]") == "no element for key \"x\"");
  CHECK(evalError("var.nothing.a") == "cannot get attribute 'a' of a null value");
  CHECK(evalError("var.cidr[0]") == "cannot index a string value");
  CHECK(evalError("var.azs.name") == "cannot get attribute 'name' of a list value");
}

TEST_CASE("eval errors point at the expression", "[frontends][eval]") {
  CHECK(eval("1 + 2 / 0") ==
        "ERROR: t.tf:1:9: error[hcl-eval]: division by zero\n"
        "  x = 1 + 2 / 0\n"
        "          ^\n");
}

TEST_CASE("eval conditionals", "[frontends][eval]") {
  CHECK(eval("true ? 1 : 2") == "1");
  CHECK(eval("var.enabled ? \"on\" : \"off\"") == "\"on\"");
  CHECK(eval("false ? 1 / 0 : 2") == "2");  // the other branch is not evaluated
  CHECK(evalError("null ? 1 : 2") == "condition must be a bool, not null");
  CHECK(evalError("1 ? 1 : 2") == "condition must be a bool, not 1");
}

TEST_CASE("eval templates", "[frontends][eval]") {
  CHECK(eval("\"${var.cidr} in ${var.azs[0]}\"") == "\"10.0.0.0/16 in eu-west-1a\"");
  CHECK(eval("\"n=${1 + 1}, b=${true}\"") == "\"n=2, b=true\"");
  CHECK(eval("\"${var.azs}\"") ==
        "[\"eu-west-1a\", \"eu-west-1b\"]");  // one interpolation: the value
  CHECK(eval("\"%{if var.enabled}yes%{else}no%{endif}\"") == "\"yes\"");
  CHECK(eval("\"%{if !var.enabled}yes%{endif}.\"") == "\".\"");
  CHECK(eval("\"%{for az in var.azs}[${az}]%{endfor}\"") == "\"[eu-west-1a][eu-west-1b]\"");
  CHECK(eval("\"%{for k, v in var.tags}${k}=${v};%{endfor}\"") == "\"env=prod;team=net;\"");
  CHECK(eval("\"%{for i, az in var.azs}${i}%{endfor}\"") == "\"01\"");
  CHECK(eval("\"id-${aws_vpc.main.id}\"") == "(unknown \"id-${aws_vpc.main.id}\")");
  CHECK(eval("<<EOT\nhello ${var.tags.env}\nEOT") == "\"hello prod\\n\"");
  CHECK(evalError("\"a${var.nothing}\"") == "template interpolation value is null");
  CHECK(evalError("\"a${var.azs}\"") == "cannot include a list in a string template");
}

TEST_CASE("eval templates with strip markers and nesting", "[frontends][eval]") {
  CHECK(eval("\"a ${~ \"b\" ~} c\"") == "\"abc\"");
  CHECK(eval("\"%{for p in var.ports}%{if p > 100}${p}%{endif}%{endfor}\"") == "\"443\"");
  CHECK(eval("\"${aws_vpc.main.ok ? 1 : 2}x\"") == "(unknown \"${aws_vpc.main.ok ? ... : ...}x\")");
  CHECK(eval("\"%{if aws_vpc.main.ok}a%{endif}\"") == "(unknown \"%{if aws_vpc.main.ok}...%{endif}\")");
  CHECK(evalError("\"%{for x in 1}%{endfor}\"") == "%{for} needs a collection, not 1");
  CHECK(evalError("\"%{if 1}a%{endif}\"") == "%{if} condition must be a bool, not 1");
}

TEST_CASE("eval for expressions", "[frontends][eval]") {
  CHECK(eval("[for az in var.azs : upper(az)]") == "[\"EU-WEST-1A\", \"EU-WEST-1B\"]");
  CHECK(eval("[for i, az in var.azs : i]") == "[0, 1]");
  CHECK(eval("[for p in var.ports : p if p > 100]") == "[443]");
  CHECK(eval("{for k, v in var.tags : v => k}") == "{\"net\" = \"team\", \"prod\" = \"env\"}");
  CHECK(eval("{for az in var.azs : substr(az, 0, 2) => az...}") ==
        "{\"eu\" = [\"eu-west-1a\", \"eu-west-1b\"]}");
  CHECK(eval("[for s in toset([\"b\", \"a\"]) : s]") == "[\"a\", \"b\"]");
  CHECK(eval("[for x in aws_subnet.all : x.id]") == "(unknown [for ... in aws_subnet.all])");
  CHECK(eval("[for x in [1, aws_vpc.main.n] : x if x > 0]") ==
        "(unknown [for ... in [1, (unknown aws_vpc.main.n)]])");
  CHECK(evalError("{for az in var.azs : substr(az, 0, 2) => az}") ==
        "duplicate key \"eu\" in for expression (add '...' to group)");
  CHECK(evalError("[for x in 5 : x]") == "for expression needs a collection, not 5");
  CHECK(evalError("[for x in var.ports : x if x]") == "for condition must be a bool, not 22");
}

TEST_CASE("eval splats", "[frontends][eval]") {
  Scope scope([](const std::string& name) -> std::optional<Value> {
    if (name != "subnets") return std::nullopt;
    return Value::list(
        {Value::map({{"id", Value::string("a")}, {"cidr", Value::string("10.0.1.0/24")}}),
         Value::map({{"id", Value::string("b")}, {"cidr", Value::string("10.0.2.0/24")}})});
  });
  CHECK(eval("subnets[*].id", scope) == "[\"a\", \"b\"]");
  CHECK(eval("subnets.*.cidr", scope) == "[\"10.0.1.0/24\", \"10.0.2.0/24\"]");
  CHECK(eval("subnets[*]", scope) == eval("subnets", scope));
  CHECK(eval("null[*]", scope) == "[]");
  CHECK(eval("{a = 1}[*].a", scope) == "[1]");
  CHECK(eval("aws_subnet.all[*].id") == "(unknown aws_subnet.all[*].id)");
  CHECK(eval("[[1, 2], [3]][*][0]", scope) == "[1, 3]");
  CHECK(eval("length(subnets[*].id)", scope) == "2");
  CHECK(evalError("subnets[*].nope", scope) == "unsupported attribute 'nope'");
}

TEST_CASE("eval function calls", "[frontends][eval]") {
  CHECK(eval("length(var.azs)") == "2");
  CHECK(eval("max(var.ports...)") == "443");
  CHECK(eval("concat([1], [2], [3])") == "[1, 2, 3]");
  CHECK(eval("cidrsubnet(aws_vpc.main.cidr_block, 8, 1)") ==
        "(unknown cidrsubnet(aws_vpc.main.cidr_block, 8, 1))");
  CHECK(eval("min(aws_vpc.main.list...)") == "(unknown min(aws_vpc.main.list...))");
  CHECK(evalError("nosuch(1)") == "unknown function 'nosuch'");
  CHECK(evalError("length(1, 2)") == "length(): expected 1 arguments, got 2");
  CHECK(evalError("max(1...)") == "the argument expanded with '...' must be a list or set, not 1");
}

TEST_CASE("eval try and can", "[frontends][eval]") {
  CHECK(eval("try(var.missing, \"fallback\")") == "\"fallback\"");
  CHECK(eval("try(var.cidr, \"fallback\")") == "\"10.0.0.0/16\"");
  CHECK(eval("try(1 / 0, var.azs[5], 3)") == "3");
  CHECK(eval("can(var.missing)") == "false");
  CHECK(eval("can(var.tags.env)") == "true");
  CHECK(eval("can(aws_vpc.main.id)") == "(unknown can(...))");
  CHECK(eval("try(aws_vpc.main.id, 1)") == "(unknown aws_vpc.main.id)");
  CHECK(eval("try(var.azs[5], aws_vpc.main.id, \"\")") == "(unknown aws_vpc.main.id)");
  CHECK(evalError("try(var.missing)") == "no argument of try() could be evaluated without errors");
  CHECK(evalError("can(1, 2)") == "can() takes exactly one argument");
}

TEST_CASE("eval scopes bind names over a lookup", "[frontends][eval]") {
  Scope root([](const std::string& name) -> std::optional<Value> {
    if (name == "count") return Value::map({{"index", Value::number(3)}});
    return std::nullopt;
  });
  Scope each(&root,
             {{"each", Value::map({{"key", Value::string("k")}, {"value", Value::number(1)}})}});
  CHECK(eval("\"${each.key}-${count.index}\"", each) == "\"k-3\"");
  CHECK(eval("[for count in [7] : count]", each) == "[7]");  // inner names shadow outer ones
}

TEST_CASE("eval reads root.attribute through the member lookup unless a binding shadows root",
          "[frontends][eval]") {
  int whole_reads = 0;
  Scope root(
      [&](const std::string& name) -> std::optional<Value> {
        if (name != "big") return std::nullopt;
        ++whole_reads;
        return Value::object({{"a", Value::number(1)}}, "big");
      },
      [](const std::string& name, const std::string& attribute) -> std::optional<Value> {
        if (name == "big" && attribute == "a") return Value::number(1);
        return std::nullopt;
      });
  CHECK(eval("big.a + 1", root) == "2");
  CHECK(whole_reads == 0);
  CHECK(eval("big.b", root) == "(unknown big.b)");  // not answered: read from the whole root
  CHECK(whole_reads == 1);
  CHECK(eval("[for big in [{a = 5}] : big.a]", root) == "[5]");
  CHECK(whole_reads == 1);
}

}  // namespace
}  // namespace segproof::hcl

namespace segproof::hcl {
namespace {

TEST_CASE("eval structural functions keep the unknown element they pick", "[frontends][eval]") {
  CHECK(testing::eval("element([aws_subnet.a.id, aws_subnet.b.id], 1)") ==
        "(unknown aws_subnet.b.id)");
  CHECK(testing::eval("lookup({x = aws_vpc.main.id}, \"x\")") == "(unknown aws_vpc.main.id)");
  CHECK(testing::eval("one([aws_vpc.main.id])") == "(unknown aws_vpc.main.id)");
  CHECK(testing::eval("flatten([aws_vpc.main.ids])") ==
        "(unknown flatten([(unknown aws_vpc.main.ids)]))");
}

}  // namespace
}  // namespace segproof::hcl
