// Helpers shared by the evaluator tests: evaluate a snippet of HCL in a small
// fixed scope and show the value or the rendered diagnostics.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_EVAL_EVAL_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_EVAL_EVAL_TEST_UTIL_H_

#include <string>

#include "frontends/terraform/eval/evaluator.h"
#include "frontends/terraform/hcl/parser.h"

namespace segproof::hcl::testing {

// var.* holds a few fixed inputs; resource types and data are unknown, so
// that references to resources stay symbolic.
inline Scope testScope() {
  return Scope([](const std::string& name) -> std::optional<Value> {
    if (name == "var") {
      return Value::map({
          {"cidr", Value::string("10.0.0.0/16")},
          {"azs", Value::list({Value::string("eu-west-1a"), Value::string("eu-west-1b")})},
          {"ports", Value::list({Value::number(22), Value::number(443)})},
          {"tags", Value::map({{"env", Value::string("prod")}, {"team", Value::string("net")}})},
          {"enabled", Value::boolean(true)},
          {"nothing", Value::null()},
      });
    }
    if (name == "aws_vpc" || name == "aws_subnet" || name == "data") return Value::unknown(name);
    return std::nullopt;
  });
}

// The value of `text` (parsed as the value of an attribute) rendered with
// Value::str(), or "ERROR: " and the rendered diagnostics.
inline std::string eval(const std::string& text, const Scope& scope = testScope()) {
  std::string source = "x = " + text + "\n";
  DiagnosticEngine diags;
  diags.addSource("t.tf", source);
  ParseResult result = parse("t.tf", source, diags);
  if (!result.ok || result.body.attributes.size() != 1) return "PARSE ERROR: " + diags.renderAll();
  Evaluator evaluator(diags);
  std::optional<Value> value = evaluator.evaluate(*result.body.attributes[0].value, scope);
  if (!value) return "ERROR: " + diags.renderAll();
  return value->str();
}

// Only the first message of an evaluation error, without location or caret:
// "error[hcl-eval]: ..." becomes "...".
inline std::string evalError(const std::string& text, const Scope& scope = testScope()) {
  std::string out = eval(text, scope);
  if (out.rfind("ERROR: ", 0) != 0) return "no error: " + out;
  size_t start = out.find("]: ");
  size_t end = out.find('\n', start);
  return out.substr(start + 3, end - start - 3);
}

}  // namespace segproof::hcl::testing

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_EVAL_EVAL_TEST_UTIL_H_
