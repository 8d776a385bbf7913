// Evaluated Terraform resources: what the module evaluator (HCL source) and
// the plan/state reader (terraform show -json) both produce, and what the
// AWS mapping (mapping/) reads. One ResourceInstance per instance: a resource
// with `count = 2` gives two, addressed `aws_subnet.a[0]` and `aws_subnet.a[1]`.
//
// References. Values that Terraform learns only at apply time are unknown
// (hcl::Value::unknown) and their description says where they come from. A
// reference to another resource's attribute is the unknown
// "<instance address>.<attribute>", e.g. "aws_vpc.main.id",
// "module.net.aws_subnet.private[0].id", "aws_subnet.x[\"a\"].id"; the mapping
// resolves it to that instance. Other unknowns name their origin:
// "var.office_cidr" (a variable without a value), "data.aws_vpc.shared.id".
// Known ids (from a state, or written literally: "sg-0abc") are strings; the
// mapping matches them against the instances' `id` attributes.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_INSTANCE_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_INSTANCE_H_

#include <map>
#include <string>
#include <vector>

#include "frontends/terraform/eval/value.h"
#include "frontends/terraform/hcl/ast.h"

namespace segproof::terraform {

struct EvalAttribute {
  hcl::Value value;
  hcl::SourceRange range;  // the whole `name = expr` (or the JSON member)
};

struct EvalBlock;

// An evaluated block body. Attributes whose expression failed to evaluate are
// absent (the error has been reported). Nested blocks keep source order;
// `dynamic` blocks are already expanded into the blocks they generate, each
// with the range of the dynamic block's `content`.
struct EvalBody {
  std::map<std::string, EvalAttribute> attributes;
  std::vector<EvalBlock> blocks;

  const EvalAttribute* attribute(const std::string& name) const;
  std::vector<const EvalBlock*> blocksOf(const std::string& type) const;
};

struct EvalBlock {
  std::string type;
  hcl::SourceRange range;
  EvalBody body;
};

struct ResourceInstance {
  std::string address;  // "module.net.aws_subnet.private[0]"
  std::string type;     // "aws_subnet"
  std::string name;     // "private"
  std::string module;   // "module.net" ("" for the root module)
  bool data = false;    // a data source ("data.aws_vpc.x")
  hcl::SourceRange range;  // the resource block's header (type and labels)
  EvalBody body;
};

// A part of the configuration left out because something it depends on is
// not available or not known (a registry module that is not downloaded, a
// count that is unknown): verdicts that could depend on it are unknown.
struct Gap {
  std::string description;  // "module.vpc (terraform-aws-modules/vpc/aws)"
  SourceLocation location;
  std::string effect;       // "its resources are not analysed"
};

// Everything one Terraform input (a root module folder, a plan, a state)
// describes.
struct Configuration {
  std::vector<std::string> files;  // every file read, for the report
  std::vector<ResourceInstance> resources;
  std::vector<Gap> gaps;
};

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_INSTANCE_H_
