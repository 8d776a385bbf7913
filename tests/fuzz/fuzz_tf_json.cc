// Fuzz target: a Terraform .tf.json file (the JSON syntax of HCL) evaluated
// as a root module of one file, as fuzz_hcl does for native syntax.
#include "fuzz_terraform.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  segproof::fuzz::evaluateTerraformFile("/nonexistent/segproof-fuzz/main.tf.json",
                                        segproof::fuzz::asText(data, size));
  return 0;
}
