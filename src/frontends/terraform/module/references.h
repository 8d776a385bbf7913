// The names an expression refers to, found without evaluating it, so that
// the module evaluator can evaluate what an expression needs first.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MODULE_REFERENCES_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MODULE_REFERENCES_H_

#include <string>
#include <vector>

#include "frontends/terraform/hcl/ast.h"

namespace segproof::terraform {

// `local.x` is {"local", "x", ""}; `aws_vpc.main.id` is {"aws_vpc", "main",
// ""}; `data.aws_vpc.shared.id` is {"data", "aws_vpc", "shared"};
// `module.net.out` is {"module", "net", ""}. A bare root (`var`) has an
// empty name.
struct Reference {
  std::string root;
  std::string name;
  std::string name2;

  bool operator==(const Reference&) const = default;
};

// Appends every reference of `expr` (in source order, with repeats).
void collectReferences(const hcl::Expr& expr, std::vector<Reference>& out);
// Of every attribute and nested block of `body`.
void collectReferences(const hcl::Body& body, std::vector<Reference>& out);

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MODULE_REFERENCES_H_
