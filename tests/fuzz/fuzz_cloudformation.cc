// Fuzz target: a CloudFormation template, JSON or YAML (recognised by
// content, as every input is), read by CloudFormationFrontend: the template
// reader and evaluator (parameters, conditions, intrinsics), the mapping,
// then aws::buildNetwork. Nested stacks name files that do not exist.
#include "frontends/cloudformation/cloudformation_frontend.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const segproof::CloudFormationFrontend frontend;
  std::string text = segproof::fuzz::asText(data, size);
  // The file name only shows in diagnostics; the content decides the syntax.
  size_t first = text.find_first_not_of(" \t\r\n");
  bool json = first != std::string::npos && text[first] == '{';
  segproof::fuzz::loadAndBuild(frontend, json ? "fuzz-template.json" : "fuzz-template.yaml", text);
  return 0;
}
