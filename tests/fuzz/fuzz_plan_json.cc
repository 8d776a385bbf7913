// Fuzz target: `terraform show -json` output (plan or state) read by
// TerraformJsonFrontend: the JSON reader, the plan reader, the AWS mapping,
// then aws::buildNetwork.
#include "frontends/terraform/terraform_frontend.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const segproof::TerraformJsonFrontend frontend;
  segproof::fuzz::loadAndBuild(frontend, "fuzz-plan.json", segproof::fuzz::asText(data, size));
  return 0;
}
