// Evaluation of a Terraform root module (and the child modules it calls) into
// resource instances, the way `terraform plan` would see them before apply.
//
//   - variables: declared defaults, then terraform.tfvars(.json),
//     *.auto.tfvars(.json) in name order, then each --var-file, then each
//     --var (later wins); a variable left without a value is unknown
//     ("var.NAME") with a "terraform-unset-variable" warning;
//   - locals, resources, data sources and module calls are evaluated on
//     demand in dependency order, so `aws_vpc.main.cidr_block` is the value
//     written in the configuration and `aws_vpc.main.id` is the unknown
//     "aws_vpc.main.id" (instance.h); within a reference cycle the resource
//     in progress is unknown;
//   - count and for_each expand instances (count.index, each.key,
//     each.value); dynamic blocks expand into the nested blocks they make;
//   - child modules: local sources ("./net") relative to the calling module,
//     other sources from .terraform/modules/modules.json of the root when
//     `terraform init` has fetched them; otherwise a
//     "terraform-module-unavailable" warning and a Gap;
//   - an unknown count or for_each is a warning and a Gap (one instance is
//     assumed, or the dynamic block's blocks are left out).
// Errors in expressions are reported and leave the attribute out.
// A reference (`aws_vpc.main`, `local.x`, `var.x`, `module.x`) is found by
// name, without scanning the module's blocks or building an object of all
// its resources of a type, so evaluation time grows with the size of the
// configuration, not with its square.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MODULE_MODULE_EVALUATOR_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MODULE_MODULE_EVALUATOR_H_

#include <string>
#include <utility>
#include <vector>

#include "frontends/terraform/instance.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::terraform {

struct TerraformOptions {
  std::vector<std::pair<std::string, std::string>> vars;  // --var NAME=VALUE, in order
  std::vector<std::string> var_files;                     // --var-file FILE, in order
};

// Evaluates the module made of `files` (Terraform files of `dir`). With
// `read_var_files`, the tfvars files of `dir` are read too (a root folder);
// a single file named on the command line does not pick them up.
Configuration evaluateRootModule(const std::string& dir, const std::vector<std::string>& files,
                                 bool read_var_files, const TerraformOptions& options,
                                 DiagnosticEngine& diags);

// Evaluates a module of the one file `path` whose text is `content` (as if
// the file were named on the command line, without options); the text is
// registered with diags. Child modules are still looked up on disk.
Configuration evaluateModuleText(const std::string& path, const std::string& content,
                                 DiagnosticEngine& diags);

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MODULE_MODULE_EVALUATOR_H_
