#include <catch2/catch.hpp>

#include "frontends/terraform/hcl/hcl_test_util.h"

namespace segproof::hcl {
namespace {

using testing::expr;

TEST_CASE("hcl literals", "[frontends][hcl]") {
  CHECK(expr("42") == "42");
  CHECK(expr("1.5e-3") == "1.5e-3");
  CHECK(expr("true") == "true");
  CHECK(expr("false") == "false");
  CHECK(expr("null") == "null");
  CHECK(expr("\"text\"") == "\"text\"");
  CHECK(expr("\"\"") == "\"\"");
}

TEST_CASE("hcl numbers keep their text and value", "[frontends][hcl]") {
  DiagnosticEngine diags;
  ParseResult result = parse("t.tf", "x = 0.25\n", diags);
  REQUIRE(result.ok);
  const auto& number = std::get<NumberLiteral>(result.body.attributes[0].value->node);
  CHECK(number.text == "0.25");
  CHECK(number.value == 0.25);
}

TEST_CASE("hcl binary operators follow HCL precedence", "[frontends][hcl]") {
  CHECK(expr("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(expr("1 * 2 + 3") == "(+ (* 1 2) 3)");
  CHECK(expr("a || b && c") == "(|| a (&& b c))");
  CHECK(expr("a == b && c != d") == "(&& (== a b) (!= c d))");
  CHECK(expr("a < b == c >= d") == "(== (< a b) (>= c d))");
  CHECK(expr("a + b < c - d") == "(< (+ a b) (- c d))");
  CHECK(expr("a % b / c * d") == "(* (/ (% a b) c) d)");
  CHECK(expr("a <= b || c > d") == "(|| (<= a b) (> c d))");
}

TEST_CASE("hcl binary operators are left-associative", "[frontends][hcl]") {
  CHECK(expr("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(expr("a && b && c") == "(&& (&& a b) c)");
}

TEST_CASE("hcl unary operators bind tighter than binary ones", "[frontends][hcl]") {
  CHECK(expr("!a && b") == "(&& (! a) b)");
  CHECK(expr("-a * b") == "(* (- a) b)");
  CHECK(expr("- -1") == "(- (- 1))");
  CHECK(expr("!a.b") == "(! (. a b))");
}

TEST_CASE("hcl conditionals nest to the right", "[frontends][hcl]") {
  CHECK(expr("a ? b : c") == "(? a b c)");
  CHECK(expr("a || b ? 1 + 2 : 3") == "(? (|| a b) (+ 1 2) 3)");
  CHECK(expr("a ? b : c ? d : e") == "(? a b (? c d e))");
  CHECK(expr("a ? b ? c : d : e") == "(? a (? b c d) e)");
}

TEST_CASE("hcl parentheses override precedence and stay in the tree", "[frontends][hcl]") {
  CHECK(expr("(1 + 2) * 3") == "(* (paren (+ 1 2)) 3)");
  CHECK(expr("(\n  a\n  + b\n)") == "(paren (+ a b))");
}

TEST_CASE("hcl traversals", "[frontends][hcl]") {
  CHECK(expr("var.vpc_cidr") == "(. var vpc_cidr)");
  CHECK(expr("a.b[0].c") == "(. ([] (. a b) 0) c)");
  CHECK(expr("a[\"k\"]") == "([] a \"k\")");
  CHECK(expr("a[var.i + 1]") == "([] a (+ (. var i) 1))");
  CHECK(expr("a.0.b") == "(. (legacy-index a 0) b)");
  CHECK(expr("a.0.1") == "(legacy-index (legacy-index a 0) 1)");
}

TEST_CASE("hcl index and attribute access apply to any expression", "[frontends][hcl]") {
  CHECK(expr("[1, 2][0]") == "([] (tuple 1 2) 0)");
  CHECK(expr("{a = 1}.a") == "(. (object (a 1)) a)");
  CHECK(expr("f(x).y[1]") == "([] (. (call f x) y) 1)");
  CHECK(expr("(a ? b : c).d") == "(. (paren (? a b c)) d)");
}

TEST_CASE("hcl splats", "[frontends][hcl]") {
  CHECK(expr("aws_subnet.private[*].id") == "(splat[*] (. aws_subnet private) (. * id))");
  CHECK(expr("x.*.a.b") == "(splat.* x (. (. * a) b))");
  CHECK(expr("x[*]") == "(splat[*] x *)");
  // A full splat takes following indexes; an attribute splat does not.
  CHECK(expr("x[*].a[0]") == "(splat[*] x ([] (. * a) 0))");
  CHECK(expr("x.*.a[0]") == "([] (splat.* x (. * a)) 0)");
}

TEST_CASE("hcl function calls", "[frontends][hcl]") {
  CHECK(expr("f()") == "(call f)");
  CHECK(expr("cidrsubnet(var.cidr, 8, count.index)") ==
        "(call cidrsubnet (. var cidr) 8 (. count index))");
  CHECK(expr("concat(a, b...)") == "(call concat a b ...)");
  CHECK(expr("max(\n  1,\n  2,\n)") == "(call max 1 2)");
}

TEST_CASE("hcl tuples", "[frontends][hcl]") {
  CHECK(expr("[]") == "(tuple)");
  CHECK(expr("[1, \"a\", true,]") == "(tuple 1 \"a\" true)");
  CHECK(expr("[\n  1,\n  [2, 3],\n]") == "(tuple 1 (tuple 2 3))");
}

TEST_CASE("hcl objects", "[frontends][hcl]") {
  CHECK(expr("{}") == "(object)");
  CHECK(expr("{a = 1, b: 2}") == "(object (a 1) (b 2))");
  CHECK(expr("{\n  a = 1\n  \"b c\" = 2\n  (var.k) = 3\n}") ==
        "(object (a 1) (\"b c\" 2) ((paren (. var k)) 3))");
  CHECK(expr("{ a = { b = [1] }, }") == "(object (a (object (b (tuple 1)))))");
}

TEST_CASE("hcl object keys record whether they are identifiers", "[frontends][hcl]") {
  DiagnosticEngine diags;
  ParseResult result = parse("t.tf", "x = { a = 1, \"b\" = 2 }\n", diags);
  REQUIRE(result.ok);
  const auto& object = std::get<Object>(result.body.attributes[0].value->node);
  REQUIRE(object.items.size() == 2);
  CHECK(object.items[0].key_is_identifier);
  CHECK_FALSE(object.items[1].key_is_identifier);
}

TEST_CASE("hcl for expressions", "[frontends][hcl]") {
  CHECK(expr("[for s in var.subnets : s.id]") == "(for-tuple s in (. var subnets) : (. s id))");
  CHECK(expr("[for i, s in xs : upper(s) if i > 0]") ==
        "(for-tuple i, s in xs : (call upper s) if (> i 0))");
  CHECK(expr("{for k, v in m : k => v.cidr}") == "(for-object k, v in m : k => (. v cidr))");
  CHECK(expr("{for s in subnets : s.az => s.id... if s.public}") ==
        "(for-object s in subnets : (. s az) => (. s id)... if (. s public))");
  CHECK(expr("{\n  for k, v in m :\n    k => v\n}") == "(for-object k, v in m : k => v)");
  CHECK(expr("[for x in xs : x ? 1 : 2]") == "(for-tuple x in xs : (? x 1 2))");
}

TEST_CASE("hcl expressions carry their source ranges", "[frontends][hcl]") {
  DiagnosticEngine diags;
  ParseResult result = parse("t.tf", "\n  x = a + f(b)\n", diags);
  REQUIRE(result.ok);
  const Attribute& attribute = result.body.attributes[0];
  CHECK(attribute.range.location().str() == "t.tf:2:3");
  CHECK(attribute.name_range.end.column == 4);
  const Expr& sum = *attribute.value;
  CHECK(sum.range.begin.column == 7);
  CHECK(sum.range.end.column == 15);
  const auto& binary = std::get<Binary>(sum.node);
  CHECK(binary.rhs->range.location().str() == "t.tf:2:11");
  const auto& call = std::get<Call>(binary.rhs->node);
  CHECK(call.args[0]->range.begin.column == 13);
}

}  // namespace
}  // namespace segproof::hcl
