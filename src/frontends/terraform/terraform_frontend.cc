#include "frontends/terraform/terraform_frontend.h"

#include "frontends/terraform/mapping/aws_mapping.h"
#include "frontends/terraform/module/module_evaluator.h"
#include "frontends/terraform/plan/plan_reader.h"

namespace segproof {

bool TerraformJsonFrontend::recognizes(const std::string&, std::string_view content) const {
  return terraform::isTerraformJson(content);
}

void TerraformJsonFrontend::load(const std::string& path, std::string_view content,
                                 aws::Resources& out, DiagnosticEngine& diags) const {
  terraform::Configuration config = terraform::readTerraformJson(path, content, diags);
  appendConfiguration(config, out, diags);
}

void appendConfiguration(const terraform::Configuration& config, aws::Resources& out,
                         DiagnosticEngine& diags) {
  terraform::mapAwsResources(config, out, diags);
  for (const std::string& file : config.files) out.files.push_back(file);
  for (const terraform::Gap& gap : config.gaps) {
    aws::UncertaintySpec uncertainty;
    uncertainty.value = {gap.description, gap.location};
    uncertainty.effect = gap.effect;
    out.uncertainties.push_back(std::move(uncertainty));
  }
}

void loadTerraformModule(const std::string& dir, const std::vector<std::string>& files,
                         bool root_folder, const InputOptions& options, aws::Resources& out,
                         DiagnosticEngine& diags) {
  terraform::TerraformOptions terraform_options;
  for (const std::string& assignment : options.vars) {
    size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      diags.error("invalid-option", {"--var", 0, 0},
                  "--var '" + assignment + "' must be NAME=VALUE");
      continue;
    }
    terraform_options.vars.emplace_back(assignment.substr(0, equals), assignment.substr(equals + 1));
  }
  terraform_options.var_files = options.var_files;
  terraform::Configuration config =
      terraform::evaluateRootModule(dir, files, root_folder, terraform_options, diags);
  appendConfiguration(config, out, diags);
}

}  // namespace segproof
