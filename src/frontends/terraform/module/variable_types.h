// Terraform type constraints of input variables, applied to values.
//
// A variable's `type` is an expression of type syntax (`string`,
// `list(string)`, `map(object({port = number, cidr = optional(string,
// "0.0.0.0/0")}))`). Conversion makes the value look the way Terraform would
// hand it to the configuration: strings to numbers and bools where the type
// says so, lists to sets for set(...), optional object attributes filled
// with their default or null. Values that do not fit are left as they are
// (the expressions that use them report the problem).
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MODULE_VARIABLE_TYPES_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MODULE_VARIABLE_TYPES_H_

#include "frontends/terraform/eval/value.h"
#include "frontends/terraform/hcl/ast.h"

namespace segproof::terraform {

// `type` may be null (no constraint).
hcl::Value convertToType(const hcl::Value& value, const hcl::Expr* type);

// Whether values of `type` come from --var as raw strings: no constraint, or
// string, number or bool.
bool isPrimitiveType(const hcl::Expr* type);

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MODULE_VARIABLE_TYPES_H_
