#include <catch2/catch.hpp>

#include "frontends/terraform/eval/eval_test_util.h"
#include "frontends/terraform/eval/functions.h"

namespace segproof::hcl {
namespace {

using testing::eval;
using testing::evalError;

TEST_CASE("format", "[frontends][eval]") {
  CHECK(eval("format(\"%s-%d\", \"web\", 3)") == "\"web-3\"");
  CHECK(eval("format(\"%q\", \"a\\\"b\")") == "\"\\\"a\\\\\\\"b\\\"\"");
  CHECK(eval("format(\"%v %v %v\", \"s\", 1.5, true)") == "\"s 1.5 true\"");
  CHECK(eval("format(\"%v\", [1, \"a\"])") == "\"[1,\\\"a\\\"]\"");
  CHECK(eval("format(\"100%%\")") == "\"100%\"");
  CHECK(eval("format(\"%03d|%-4s|%4s|\", 7, \"ab\", \"cd\")") == "\"007|ab  |  cd|\"");
  CHECK(eval("format(\"%.2f\", 3.14159)") == "\"3.14\"");
  CHECK(eval("format(\"%x\", 255)") == "\"ff\"");
  CHECK(eval("length(format(\"%.0f\", 1e300))") == "301");  // longer than any fixed buffer
  CHECK(eval("format(\"%.2s\", \"héllo\")") == "\"hé\"");
  CHECK(eval("format(\"%s\", aws_vpc.main.id)") == "(unknown format(\"%s\", aws_vpc.main.id))");
  CHECK(evalError("format(\"%d\", 1.5)") == "format(): %d needs a whole number, not 1.5");
  CHECK(evalError("format(\"%s %s\", \"a\")") ==
        "format(): not enough arguments for the format string");
  CHECK(evalError("format(\"%s\", \"a\", \"b\")") ==
        "format(): too many arguments; only 1 used by the format string");
  CHECK(evalError("format(\"%y\", 1)") == "format(): unsupported format verb %y");
}

TEST_CASE("formatlist", "[frontends][eval]") {
  CHECK(eval("formatlist(\"%s:%d\", var.azs, 80)") == "[\"eu-west-1a:80\", \"eu-west-1b:80\"]");
  CHECK(eval("formatlist(\"%s=%s\", [\"a\", \"b\"], [\"1\", \"2\"])") == "[\"a=1\", \"b=2\"]");
  CHECK(evalError("formatlist(\"%s%s\", [\"a\"], [\"1\", \"2\"])") ==
        "formatlist(): all list arguments must have the same length");
}

TEST_CASE("join and split", "[frontends][eval]") {
  CHECK(eval("join(\",\", var.azs)") == "\"eu-west-1a,eu-west-1b\"");
  CHECK(eval("join(\"-\", [\"a\"], [\"b\", 1])") == "\"a-b-1\"");
  CHECK(eval("join(\",\", [])") == "\"\"");
  CHECK(eval("join(\",\", [aws_vpc.main.id])") ==
        "(unknown join(\",\", [(unknown aws_vpc.main.id)]))");
  CHECK(evalError("join(\",\", [null])") == "join(): each element must not be null");
  CHECK(eval("split(\",\", \"a,b,,c\")") == "[\"a\", \"b\", \"\", \"c\"]");
  CHECK(eval("split(\",\", \"\")") == "[\"\"]");
  CHECK(eval("split(\"\", \"ab\")") == "[\"a\", \"b\"]");
}

TEST_CASE("replace", "[frontends][eval]") {
  CHECK(eval("replace(\"a.b.c\", \".\", \"-\")") == "\"a-b-c\"");
  CHECK(eval("replace(\"hello\", \"x\", \"y\")") == "\"hello\"");
  CHECK(eval("replace(\"10.0.1.0/24\", \"/\\\\.0/.*$/\", \"\")") == "\"10.0.1\"");
  CHECK(eval("replace(\"web-01\", \"/([a-z]+)-(\\\\d+)/\", \"$2-$1\")") == "\"01-web\"");
  CHECK(evalError("replace(\"a\", \"/(/\", \"\")")
            .rfind("replace(): invalid regular expression \"(\"", 0) == 0);
}

TEST_CASE("regex and regexall", "[frontends][eval]") {
  CHECK(eval("regex(\"[0-9]+\", \"subnet-42\")") == "\"42\"");
  CHECK(eval("regex(\"^(\\\\w+)-(\\\\d+)$\", \"subnet-42\")") == "[\"subnet\", \"42\"]");
  CHECK(evalError("regex(\"x\", \"abc\")") ==
        "regex(): pattern did not match any part of the string");
  CHECK(eval("regexall(\"[0-9]\", \"a1b2\")") == "[\"1\", \"2\"]");
  CHECK(eval("length(regexall(\"z\", \"abc\")) > 0") == "false");
}

// Hostile regular expressions: long subjects would recurse libstdc++'s
// matcher off the stack, nested stars would backtrack for ever. Subjects and
// patterns are bounded (limits.h) and matching never backtracks, so these
// end at once; back-references, which RE2 lacks too, are refused.
TEST_CASE("regular expressions are bounded", "[frontends][eval][limits]") {
  std::string long_subject = "\"" + std::string(1500, 'a') + "\"";
  CHECK(evalError("regex(\"(a|b)*c\", " + long_subject + ")").find("at most 1024 bytes") !=
        std::string::npos);
  CHECK(evalError("regexall(\"a\", " + long_subject + ")").find("at most 1024 bytes") !=
        std::string::npos);
  CHECK(evalError("replace(" + long_subject + ", \"/a/\", \"b\")").find("at most 1024 bytes") !=
        std::string::npos);
  CHECK(evalError("regex(\"" + std::string(600, 'a') + "\", \"a\")").find("longer than 512") !=
        std::string::npos);
  // At the limit, a pattern that backtracks exponentially ends.
  std::string at_limit = "\"" + std::string(1024, 'a') + "\"";
  CHECK(eval("length(regexall(\"((a|aa)*)*c\", " + at_limit + "))") == "0");
  CHECK(evalError("regex(\"(a)\\\\1\", \"aa\")").find("invalid regular expression") !=
        std::string::npos);
}

TEST_CASE("case and trimming", "[frontends][eval]") {
  CHECK(eval("lower(\"AbC\")") == "\"abc\"");
  CHECK(eval("upper(\"AbC\")") == "\"ABC\"");
  CHECK(eval("trimspace(\"  a b \\n\")") == "\"a b\"");
  CHECK(eval("trim(\"?!hello?!\", \"!?\")") == "\"hello\"");
  CHECK(eval("trimprefix(\"sg-123\", \"sg-\")") == "\"123\"");
  CHECK(eval("trimprefix(\"x\", \"sg-\")") == "\"x\"");
  CHECK(eval("trimsuffix(\"a.tf\", \".tf\")") == "\"a\"");
  CHECK(eval("startswith(\"sg-1\", \"sg-\")") == "true");
  CHECK(eval("endswith(\"sg-1\", \"sg-\")") == "false");
}

TEST_CASE("substr", "[frontends][eval]") {
  CHECK(eval("substr(\"hello world\", 1, 4)") == "\"ello\"");
  CHECK(eval("substr(\"hello\", -3, -1)") == "\"llo\"");
  CHECK(eval("substr(\"hello\", 2, 100)") == "\"llo\"");
  CHECK(eval("substr(\"hello\", 10, 1)") == "\"\"");
  CHECK(eval("substr(\"héllo\", 1, 1)") == "\"é\"");
}

TEST_CASE("jsonencode and jsondecode", "[frontends][eval]") {
  CHECK(eval("jsonencode({b = [1, true, null], a = \"x<y\"})") ==
        "\"{\\\"a\\\":\\\"x\\\\u003cy\\\",\\\"b\\\":[1,true,null]}\"");
  CHECK(eval("jsonencode(\"line\\n\")") == "\"\\\"line\\\\n\\\"\"");
  CHECK(eval("jsondecode(\"{\\\"a\\\": [1, 2.5, \\\"\\\\u00e9\\\"], \\\"b\\\": null}\")") ==
        "{\"a\" = [1, 2.5, \"é\"], \"b\" = null}");
  CHECK(eval("jsondecode(jsonencode(var.tags)) == var.tags") == "true");
  CHECK(evalError("jsondecode(\"[1,\")") == "jsondecode(): unexpected end of input at offset 3");
  CHECK(evalError("jsondecode(\"{} x\")") ==
        "jsondecode(): unexpected text after the value at offset 3");
}

}  // namespace
}  // namespace segproof::hcl

namespace segproof::hcl {
namespace {

TEST_CASE("basename and dirname", "[frontends][eval]") {
  CHECK(callFunction("basename", {Value::string("/a/b/ex")}).value.asString() == "ex");
  CHECK(callFunction("basename", {Value::string("/a/b/")}).value.asString() == "b");
  CHECK(callFunction("basename", {Value::string("x")}).value.asString() == "x");
  CHECK(callFunction("dirname", {Value::string("/a/b/ex")}).value.asString() == "/a/b");
  CHECK(callFunction("dirname", {Value::string("ex")}).value.asString() == ".");
  CHECK(callFunction("dirname", {Value::string("/ex")}).value.asString() == "/");
}

}  // namespace
}  // namespace segproof::hcl
