// Helpers shared by the HCL tests: parse a snippet, show its tree or its
// rendered diagnostics.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_HCL_HCL_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_HCL_HCL_TEST_UTIL_H_

#include <string>

#include "frontends/terraform/hcl/parser.h"

namespace segproof::hcl::testing {

// The dump of `text` parsed as the value of an attribute, or the rendered
// diagnostics when it does not parse.
inline std::string expr(const std::string& text) {
  std::string source = "x = " + text + "\n";
  DiagnosticEngine diags;
  diags.addSource("t.tf", source);
  ParseResult result = parse("t.tf", source, diags);
  if (!result.ok || result.body.attributes.size() != 1) return "ERROR: " + diags.renderAll();
  return dump(*result.body.attributes[0].value);
}

// Everything reported while parsing `text` as main.tf, rendered with carets.
inline std::string problems(const std::string& text) {
  DiagnosticEngine diags;
  diags.addSource("main.tf", text);
  parse("main.tf", text, diags);
  return diags.renderAll();
}

}  // namespace segproof::hcl::testing

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_HCL_HCL_TEST_UTIL_H_
