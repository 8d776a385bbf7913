// Helpers for the template reader's tests: read a template from a string and
// look at its resources and properties.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_TEST_UTIL_H_

#include <catch2/catch.hpp>
#include <string>

#include "frontends/cloudformation/template/template_reader.h"

namespace segproof::cloudformation::testing {

inline Stack readText(const std::string& text, DiagnosticEngine& diags,
                      const TemplateOptions& options = {},
                      const std::string& file = "template.yaml") {
  diags.addSource(file, text);
  return readTemplate(file, text, options, diags);
}

inline const Resource* findResource(const Stack& stack, const std::string& id) {
  for (const Resource& resource : stack.resources) {
    if (resource.logical_id == id) return &resource;
  }
  return nullptr;
}

// The property `name` of resource `id`; fails the test when absent.
inline hcl::Value property(const Stack& stack, const std::string& id, const std::string& name) {
  const Resource* resource = findResource(stack, id);
  REQUIRE(resource);
  const terraform::EvalAttribute* attribute = resource->properties.attribute(name);
  if (!attribute) FAIL("no property " << name << " in " << id);
  return attribute->value;
}

// A template with one resource R whose property P is `yaml` (a YAML value
// written after "P: "), and `extra` top-level sections before it.
inline std::string withProperty(const std::string& yaml, const std::string& extra = "") {
  return extra + "Resources:\n  R:\n    Type: AWS::EC2::VPC\n    Properties:\n      P: " + yaml +
         "\n";
}

// The value of property P of R in `withProperty(yaml, extra)`, with no errors.
inline hcl::Value evaluateProperty(const std::string& yaml, const std::string& extra = "") {
  DiagnosticEngine diags;
  Stack stack = readText(withProperty(yaml, extra), diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return property(stack, "R", "P");
}

}  // namespace segproof::cloudformation::testing

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_TEST_UTIL_H_
