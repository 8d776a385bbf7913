// The JSON syntax of Terraform (`*.tf.json`) -> the same Body (ast.h) that
// the native parser builds from the equivalent `.tf` text, so that later
// stages never know which syntax a file used.
//
// JSON cannot say what is a block and what is an attribute; Terraform
// decides with its schema. This reader uses the part of that schema that
// segproof needs (docs/hcl.md, "JSON syntax"): the top-level block types,
// the nested block types of resources (`lifecycle`, `provisioner`,
// `connection`, `dynamic` and its `content`, and `ingress`/`egress` written
// as an object), and which arguments are taken literally (variable
// `default`/`type`/`description`, module `source`, ...) or as references
// (`provider`, `depends_on`, ...). Any other JSON string is a template:
// "${aws_vpc.main.id}" parses as the native `"${aws_vpc.main.id}"` does.
//
// Every node points into the JSON file. Positions inside a string that has
// escapes are exact to the escape: a character written as `\u0041` is
// placed at its backslash.
//
// Problems are reported as "json-syntax" (not JSON, or JSON of the wrong
// shape) and "hcl-syntax" (templates and expressions inside strings)
// errors; `ok` is false when any was reported. What parsed is kept.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_HCL_JSON_SYNTAX_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_HCL_JSON_SYNTAX_H_

#include <string>
#include <string_view>

#include "frontends/terraform/hcl/parser.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::hcl {

ParseResult parseJsonSyntax(const std::string& file, std::string_view text,
                            DiagnosticEngine& diags);

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_HCL_JSON_SYNTAX_H_
