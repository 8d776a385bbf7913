// Terraform inputs (docs/terraform.md):
//   - a root module: a folder of *.tf / *.tf.json files, evaluated with its
//     variables, locals, count / for_each, dynamic blocks and child modules
//     (module/module_evaluator.h); a single .tf file named on the command
//     line is a module of that one file;
//   - `terraform show -json` output of a plan or a state (plan/plan_reader.h),
//     recognised by content like every other format.
// Either way the resources go through the AWS mapping (mapping/aws_mapping.h);
// parts left out (a module not fetched, an unknown count) become
// uncertainties, so no verdict silently ignores them.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_TERRAFORM_FRONTEND_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_TERRAFORM_FRONTEND_H_

#include <string>
#include <string_view>
#include <vector>

#include "frontends/frontend.h"
#include "frontends/terraform/instance.h"

namespace segproof {

class TerraformJsonFrontend : public Frontend {
 public:
  const char* name() const override { return "terraform-json"; }
  bool recognizes(const std::string& path, std::string_view content) const override;
  void load(const std::string& path, std::string_view content, aws::Resources& out,
            DiagnosticEngine& diags) const override;
};

// Evaluates the module made of `files` (in `dir`) and maps its resources.
// `root_folder`: the folder was given (or found) as a root module, so its
// tfvars files apply.
void loadTerraformModule(const std::string& dir, const std::vector<std::string>& files,
                         bool root_folder, const InputOptions& options, aws::Resources& out,
                         DiagnosticEngine& diags);

// Maps an evaluated configuration and records its gaps as uncertainties.
void appendConfiguration(const terraform::Configuration& config, aws::Resources& out,
                         DiagnosticEngine& diags);

}  // namespace segproof

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_TERRAFORM_FRONTEND_H_
