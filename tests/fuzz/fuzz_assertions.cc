// Fuzz target: an assertion file (docs/queries.md) read by parseAssertions,
// the loader behind `segproof check -q FILE`.
#include "fuzz_support.h"
#include "segproof/query/assertion.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  segproof::DiagnosticEngine diags;
  segproof::parseAssertions("fuzz-queries.yaml", segproof::fuzz::asText(data, size), diags);
  return 0;
}
