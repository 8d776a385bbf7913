// The names an expression refers to, found without evaluating it, so that
// the module evaluator can evaluate what an expression needs first.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MODULE_REFERENCES_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MODULE_REFERENCES_H_

#include <string>
#include <vector>

#include "frontends/terraform/hcl/ast.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::terraform {

// `local.x` is {"local", "x", ""}; `aws_vpc.main.id` is {"aws_vpc", "main",
// ""}; `data.aws_vpc.shared.id` is {"data", "aws_vpc", "shared"};
// `module.net.out` is {"module", "net", ""}. A bare root (`var`) has an
// empty name.
struct Reference {
  std::string root;
  std::string name;
  std::string name2;
  SourceLocation location;  // where the reference is written

  bool sameTarget(const Reference& other) const {
    return root == other.root && name == other.name && name2 == other.name2;
  }
};

// Appends every reference of `expr` (in source order, with repeats), except
// those through names bound inside it (for expressions, template for
// directives, and in bodies the iterators of dynamic blocks).
void collectReferences(const hcl::Expr& expr, std::vector<Reference>& out);
// Of every attribute and nested block of `body`.
void collectReferences(const hcl::Body& body, std::vector<Reference>& out);

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MODULE_REFERENCES_H_
