// CloudFormation templates, YAML or JSON, recognised by content
// (docs/cloudformation.md): the template reader (template/) evaluates
// parameters, conditions, mappings and intrinsic functions, with nested
// stacks; the mapping (mapping/) turns AWS::EC2 and AWS::RDS resources into
// aws::Resources. Parts left out (a nested stack not on disk) become
// uncertainties.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_CLOUDFORMATION_FRONTEND_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_CLOUDFORMATION_FRONTEND_H_

#include <string>
#include <string_view>

#include "frontends/frontend.h"

namespace segproof {

class CloudFormationFrontend : public Frontend {
 public:
  explicit CloudFormationFrontend(InputOptions options = {}) : options_(std::move(options)) {}
  const char* name() const override { return "cloudformation"; }
  bool recognizes(const std::string& path, std::string_view content) const override;
  void load(const std::string& path, std::string_view content, aws::Resources& out,
            DiagnosticEngine& diags) const override;

 private:
  InputOptions options_;
};

}  // namespace segproof

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_CLOUDFORMATION_FRONTEND_H_
