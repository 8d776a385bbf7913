// Terraform's built-in functions that network code uses (cidrsubnet, merge,
// lookup, format, ...), on already evaluated arguments.
//
// `try` and `can` are not here: they need the unevaluated expressions and
// live in the evaluator. When an argument is unknown the result is unknown,
// described as the call ("cidrsubnet(aws_vpc.main.cidr_block, 8, 1)");
// functions that only rearrange collections (concat, length, element, ...)
// accept collections that merely contain unknowns.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_EVAL_FUNCTIONS_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_EVAL_FUNCTIONS_H_

#include <string>
#include <vector>

#include "frontends/terraform/eval/value.h"

namespace segproof::hcl {

// A value, or the message of why the call failed.
struct CallResult {
  Value value;
  std::string error;  // empty on success
  bool too_large = false;  // the error is that the result would pass limits::kMaxValueSize

  bool ok() const { return error.empty(); }
};

bool isBuiltinFunction(const std::string& name);

// Whether `name` is a function of Terraform's language at all (built in here
// or not): the evaluator treats the others as unknown rather than an error.
bool isTerraformFunction(const std::string& name);

// Calls the built-in `name`. An unknown function name is an error.
CallResult callFunction(const std::string& name, const ValueList& args);

// The names of all built-ins, sorted.
std::vector<std::string> builtinFunctionNames();

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_EVAL_FUNCTIONS_H_
