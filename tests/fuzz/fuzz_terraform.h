// The step the two Terraform configuration targets (fuzz_hcl, fuzz_tf_json)
// share: the text is a module of one file, as when a .tf file is named on the
// command line: parsed, evaluated, mapped to AWS resources, then built.
#ifndef SEGPROOF_TESTS_FUZZ_FUZZ_TERRAFORM_H_
#define SEGPROOF_TESTS_FUZZ_FUZZ_TERRAFORM_H_

#include <string>

#include "frontends/terraform/module/module_evaluator.h"
#include "frontends/terraform/terraform_frontend.h"
#include "fuzz_support.h"

namespace segproof::fuzz {

// `path` is in a folder that does not exist, so child module sources and
// tfvars find nothing on disk and the run depends on the text alone.
inline void evaluateTerraformFile(const std::string& path, const std::string& text) {
  DiagnosticEngine diags;
  terraform::Configuration config = terraform::evaluateModuleText(path, text, diags);
  aws::Resources resources;
  appendConfiguration(config, resources, diags);
  buildIfClean(resources, diags);
}

}  // namespace segproof::fuzz

#endif  // SEGPROOF_TESTS_FUZZ_FUZZ_TERRAFORM_H_
