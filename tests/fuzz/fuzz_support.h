// What the fuzz entry points (tests/fuzz/fuzz_*.cc) share: each feeds its
// bytes to the code that reads a user's file of its format, with the
// diagnostics collected and discarded. Nothing here catches exceptions: one
// that escapes is a bug the fuzzer reports (the tool must answer with
// diagnostics, never crash).
#ifndef SEGPROOF_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define SEGPROOF_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/resources.h"
#include "frontends/frontend.h"
#include "segproof/diag/diagnostic.h"

// The libFuzzer entry point each fuzz_*.cc defines; replay_main.cc calls it
// in the normal build.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace segproof::fuzz {

inline std::string asText(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Builds the network from what a frontend read, as loadNetwork does: only
// when reading reported no error (a stage stops at its boundary).
void buildIfClean(const aws::Resources& resources, DiagnosticEngine& diags);

// Reads `text` as the file `path` with `frontend`, the way loadInputs does
// (only if the frontend recognises it), then builds the network.
void loadAndBuild(const Frontend& frontend, const std::string& path, const std::string& text);

}  // namespace segproof::fuzz

#endif  // SEGPROOF_TESTS_FUZZ_FUZZ_SUPPORT_H_
