// Parameter values from outside a template: parameter files and --param
// (template_reader.h describes the precedence), and the conversion of a
// value by the parameter's Type.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_PARAMETERS_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_PARAMETERS_H_

#include <map>
#include <string>

#include "frontends/cloudformation/template/template_reader.h"
#include "frontends/terraform/eval/value.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation {

// A value given for a parameter, and where it was given (a parameter file's
// member; for --param, the template file without a line).
struct ParameterInput {
  hcl::Value value;
  SourceLocation location;
};
using ParameterInputs = std::map<std::string, ParameterInput>;

// The parameter files then the --param values of `options`; a later value
// of the same name wins. Unreadable or malformed files are errors
// ("cfn-parameter-file", "json-syntax").
ParameterInputs readParameterInputs(const TemplateOptions& options,
                                    const std::string& template_file, DiagnosticEngine& diags);

// `raw` (a string, or a list or unknown from a parent stack) as a parameter of
// `type`: Number gives a number when it reads as one; CommaDelimitedList and
// List<...> a list of strings split on commas; AWS::SSM::Parameter::Value<...>
// the unknown `unknown_description` (SSM resolves it at deploy time).
hcl::Value typedParameter(const std::string& type, const hcl::Value& raw,
                          const std::string& unknown_description);

}  // namespace segproof::cloudformation

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_PARAMETERS_H_
