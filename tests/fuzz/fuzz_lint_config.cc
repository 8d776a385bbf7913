// Fuzz target: a `.segproof.yaml` suppression file and a control table
// (docs/lint.md), read by the loaders behind `segproof lint --config` and
// `--controls`. The same bytes go to both.
#include "fuzz_support.h"
#include "lint/controls.h"
#include "lint/suppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = segproof::fuzz::asText(data, size);
  segproof::DiagnosticEngine diags;
  segproof::lint::parseLintConfig("fuzz-config.yaml", text, diags);
  segproof::lint::parseControls("fuzz-controls.yaml", text, diags);
  return 0;
}
