#include "frontends/cloudformation/cloudformation_frontend.h"

#include "frontends/cloudformation/mapping/cfn_mapping.h"
#include "frontends/cloudformation/template/template_reader.h"

namespace segproof {

bool CloudFormationFrontend::recognizes(const std::string&, std::string_view content) const {
  return cloudformation::isCloudFormationTemplate(content);
}

void CloudFormationFrontend::load(const std::string& path, std::string_view content,
                                  aws::Resources& out, DiagnosticEngine& diags) const {
  cloudformation::TemplateOptions options;
  for (const std::string& assignment : options_.params) {
    size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      diags.error("invalid-option", {"--param", 0, 0},
                  "--param '" + assignment + "' must be NAME=VALUE");
      continue;
    }
    options.parameters.emplace_back(assignment.substr(0, equals), assignment.substr(equals + 1));
  }
  options.parameter_files = options_.param_files;
  cloudformation::Stack stack = cloudformation::readTemplate(path, content, options, diags);
  cloudformation::mapCloudFormation(stack, out, diags);
  for (const std::string& file : stack.files) out.files.push_back(file);
  for (const terraform::Gap& gap : stack.gaps) {
    aws::UncertaintySpec uncertainty;
    uncertainty.value = {gap.description, gap.location};
    uncertainty.effect = gap.effect;
    out.uncertainties.push_back(std::move(uncertainty));
  }
}

}  // namespace segproof
