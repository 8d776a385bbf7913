#include "frontends/terraform/eval/functions.h"

#include <algorithm>

#include <catch2/catch.hpp>

namespace segproof::hcl {
namespace {

TEST_CASE("callFunction checks names and arity", "[frontends][eval]") {
  CHECK(callFunction("nosuch", {}).error == "unknown function 'nosuch'");
  CHECK(callFunction("length", {}).error == "expected 1 arguments, got 0");
  CHECK(callFunction("lookup", {Value::map({})}).error == "expected 2 to 3 arguments, got 1");
  CHECK(callFunction("coalesce", {}).error == "expected at least 1 arguments, got 0");
  CHECK(isBuiltinFunction("cidrsubnet"));
  CHECK_FALSE(isBuiltinFunction("try"));  // handled by the evaluator
}

TEST_CASE("builtinFunctionNames lists every built-in once, sorted", "[frontends][eval]") {
  std::vector<std::string> names = builtinFunctionNames();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  CHECK(std::count(names.begin(), names.end(), "try") == 1);
  CHECK(names.size() == 63);
  // Every built-in is a Terraform function; the rest of Terraform's list
  // (file, timestamp, ...) is known by name so it can be unknown, not an error.
  for (const std::string& name : names) CHECK(isTerraformFunction(name));
  CHECK(isTerraformFunction("templatefile"));
  CHECK_FALSE(isTerraformFunction("nosuch"));
}

TEST_CASE("unknown arguments give unknown results", "[frontends][eval]") {
  Value u = Value::unknown("aws_vpc.main.cidr_block");
  CallResult result = callFunction("cidrhost", {u, Value::number(1)});
  REQUIRE(result.ok());
  CHECK(result.value.str() == "(unknown cidrhost(aws_vpc.main.cidr_block, 1))");
  // A structural function sees through unknown elements.
  result = callFunction("length", {Value::list({u, u})});
  CHECK(result.value.str() == "2");
  // Others do not.
  result = callFunction("join", {Value::string(","), Value::list({u})});
  CHECK(result.value.isUnknown());
}

// Every built-in, called with every combination of awkward arguments, returns
// a value or an error message: no crash, no exception, no hang.
TEST_CASE("built-ins survive awkward arguments", "[frontends][eval]") {
  const ValueList samples = {
      Value::null(),
      Value::number(-1),
      Value::number(1e300),
      Value::string("10.0.0.0/16"),
      Value::string("%"),
      Value::list({Value::number(1), Value::string("a"), Value::list({})}),
      Value::set({Value::boolean(true)}),
      Value::map({{"k", Value::list({Value::string("v")})}}),
      Value::unknown("u"),
  };
  int calls = 0;
  for (const std::string& name : builtinFunctionNames()) {
    if (!isBuiltinFunction(name)) continue;
    for (size_t count = 0; count <= 3; ++count) {
      size_t combinations = 1;
      for (size_t i = 0; i < count; ++i) combinations *= samples.size();
      for (size_t n = 0; n < combinations; ++n) {
        ValueList args;
        for (size_t i = 0, rest = n; i < count; ++i, rest /= samples.size()) {
          args.push_back(samples[rest % samples.size()]);
        }
        CallResult result = callFunction(name, args);
        CHECK((result.ok() || !result.error.empty()));
        ++calls;
      }
    }
  }
  CHECK(calls == 61 * (1 + 9 + 81 + 729));
}

}  // namespace
}  // namespace segproof::hcl
