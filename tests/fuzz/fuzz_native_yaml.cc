// Fuzz target: a native YAML model (docs/model-format.md) read by
// NativeFrontend, then built into a Network (aws::buildNetwork, validation).
#include "frontends/native/native_frontend.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const segproof::NativeFrontend frontend;
  segproof::fuzz::loadAndBuild(frontend, "fuzz.yaml", segproof::fuzz::asText(data, size));
  return 0;
}
