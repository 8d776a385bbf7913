// Fuzz target: a Terraform .tf file (HCL native syntax) evaluated as a root
// module of one file: lexer, parser, templates, expression evaluation and
// functions, count / for_each / dynamic, the AWS mapping, aws::buildNetwork.
#include "fuzz_terraform.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  segproof::fuzz::evaluateTerraformFile("/nonexistent/segproof-fuzz/main.tf",
                                        segproof::fuzz::asText(data, size));
  return 0;
}
