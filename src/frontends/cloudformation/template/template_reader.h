// The CloudFormation template reader: a YAML or JSON template (and the nested
// templates it names by a local path) -> Stack (../stack.h).
//
// Parameters take, in order, their Default, the values of parameter files
// (JSON: `[{"ParameterKey": k, "ParameterValue": v}]` or
// `{"Parameters": {k: v}}`), then `--param NAME=VALUE`; later wins. Values are
// converted by the parameter's Type (Number; CommaDelimitedList and List<...>
// split on commas). A parameter with no value is unknown
// ("Parameters.Name") with a "cfn-unset-parameter" warning. `--param
// AWS::Region=...` (and the other pseudo parameters) fixes a pseudo parameter.
//
// Resources with a false Condition are left out; Condition, DependsOn and
// Metadata are not properties. A resource of type AWS::CloudFormation::Stack
// whose TemplateURL is a relative path (to the template's folder) is read
// recursively, with its Parameters property as parameters: its resources get
// the prefix "<StackId>/" and its Outputs are `!GetAtt Stack.Outputs.Name`.
// Other TemplateURLs are a "cfn-nested-stack-unavailable" warning and a Gap.
//
// Diagnostics (file:line:col): "yaml-syntax", "json-syntax", "cfn-invalid",
// "cfn-bad-ref", "cfn-circular-condition", "cfn-nested-depth",
// "cfn-nested-cycle" (a nested template that contains itself) (errors);
// "cfn-unset-parameter", "cfn-undeclared-parameter", "cfn-unsupported",
// "cfn-unknown-condition", "cfn-nested-stack-unavailable",
// "cfn-parameter-file" (warnings, unless a file cannot be read).
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_READER_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_READER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "frontends/cloudformation/stack.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation {

struct TemplateOptions {
  std::vector<std::pair<std::string, std::string>> parameters;  // --param NAME=VALUE
  std::vector<std::string> parameter_files;                     // JSON files, in order
};

// Whether `text` is a CloudFormation template, whatever the file is called: a
// top-level AWSTemplateFormatVersion, or a Resources mapping with a resource
// whose Type starts with "AWS::". YAML or JSON; never throws.
bool isCloudFormationTemplate(std::string_view text);

// Reads the template `text` of `file`. Errors are reported to `diags`; what
// could be read is returned.
Stack readTemplate(const std::string& file, std::string_view text, const TemplateOptions& options,
                   DiagnosticEngine& diags);

}  // namespace segproof::cloudformation

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_READER_H_
