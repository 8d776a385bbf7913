#include <catch2/catch.hpp>

#include "frontends/terraform/hcl/hcl_test_util.h"

namespace segproof::hcl {
namespace {

using testing::expr;
using testing::problems;

TEST_CASE("hcl strings without sequences are plain literals", "[frontends][hcl]") {
  CHECK(expr(R"("a\tb")") == "\"a\tb\"");
  CHECK(expr(R"("cost: $${x} and %%{y}")") == "\"cost: ${x} and %{y}\"");
}

TEST_CASE("hcl interpolations", "[frontends][hcl]") {
  CHECK(expr(R"("${var.name}-vpc")") == "(template ${(. var name)}\"-vpc\")");
  CHECK(expr(R"("a${1 + 2}b${c}")") == "(template \"a\"${(+ 1 2)}\"b\"${c})");
  CHECK(expr(R"("${ {a = "in${x}"}.a }")") ==
        "(template ${(. (object (a (template \"in\"${x}))) a)})");
}

TEST_CASE("hcl strip markers remove adjacent whitespace", "[frontends][hcl]") {
  CHECK(expr("\"a \\n ${~ b ~} \\n c\"") == "(template \"a\"${b}\"c\")");
  CHECK(expr("\"a ${~ b} c\"") == "(template \"a\"${b}\" c\")");
}

TEST_CASE("hcl if directives", "[frontends][hcl]") {
  CHECK(expr(R"("%{if var.public}public%{else}private%{endif}")") ==
        "(template %{if (. var public)}\"public\"%{else}\"private\"%{endif})");
  CHECK(expr(R"("x%{ if a }y%{ endif }")") == "(template \"x\"%{if a}\"y\"%{endif})");
  CHECK(expr(R"("%{if a}%{if b}1%{endif}%{endif}")") ==
        "(template %{if a}%{if b}\"1\"%{endif}%{endif})");
}

TEST_CASE("hcl for directives", "[frontends][hcl]") {
  CHECK(expr(R"("%{for ip in ips}${ip},%{endfor}")") ==
        "(template %{for ip in ips}${ip}\",\"%{endfor})");
  CHECK(expr(R"("%{for k, v in m}${k}=${v} %{endfor}")") ==
        "(template %{for k, v in m}${k}\"=\"${v}\" \"%{endfor})");
}

TEST_CASE("hcl directives with strip markers", "[frontends][hcl]") {
  CHECK(expr("<<EOT\n%{ for x in xs ~}\n${x}\n%{ endfor ~}\nEOT") ==
        "(heredoc EOT %{for x in xs}${x}\"\\n\"%{endfor})");
}

TEST_CASE("hcl heredocs", "[frontends][hcl]") {
  CHECK(expr("<<EOT\nline one\n  line two\nEOT") == "(heredoc EOT \"line one\\n  line two\\n\")");
  CHECK(expr("<<-EOT\n    allow ${var.port}\n      from anywhere\n    EOT") ==
        "(heredoc- EOT \"allow \"${(. var port)}\"\\n  from anywhere\\n\")");
  CHECK(expr("<<EOT\nEOT") == "(heredoc EOT )");
  CHECK(expr("<<EOT\n\"quotes\" and \\n stay\nEOT") ==
        "(heredoc EOT \"\\\"quotes\\\" and \\\\n stay\\n\")");
}

TEST_CASE("hcl heredocs end the attribute at their closing line", "[frontends][hcl]") {
  DiagnosticEngine diags;
  ParseResult result = parse("t.tf", "a = <<EOT\nx\nEOT\nb = 2\n", diags);
  REQUIRE(result.ok);
  REQUIRE(result.body.attributes.size() == 2);
  CHECK(result.body.attributes[1].name == "b");
  CHECK(result.body.attributes[0].value->range.end.line == 3);
}

TEST_CASE("hcl template errors point at the directive", "[frontends][hcl]") {
  CHECK(problems("x = \"%{if a}yes\"\n") ==
        "main.tf:1:16: error[hcl-syntax]: expected '%{endif}' to close the '%{if}' at line 1, "
        "column 6, found the end of the string\n"
        "  x = \"%{if a}yes\"\n"
        "                 ^\n");
  CHECK(problems("x = \"a%{endif}\"\n") ==
        "main.tf:1:7: error[hcl-syntax]: '%{endif}' without a matching '%{if}'\n"
        "  x = \"a%{endif}\"\n"
        "        ^\n");
  CHECK(problems("x = <<EOT\n%{endfor}\nEOT\n") ==
        "main.tf:2:1: error[hcl-syntax]: '%{endfor}' without a matching '%{for}'\n"
        "  %{endfor}\n"
        "  ^\n");
  CHECK(problems("x = \"%{while a}\"\n") ==
        "main.tf:1:8: error[hcl-syntax]: expected 'if' or 'for' after '%{', found 'while'\n"
        "  x = \"%{while a}\"\n"
        "         ^\n");
  CHECK(problems("x = \"${a b}\"\n") ==
        "main.tf:1:10: error[hcl-syntax]: expected '}' to close the interpolation, found 'b'\n"
        "  x = \"${a b}\"\n"
        "           ^\n");
}

}  // namespace
}  // namespace segproof::hcl
