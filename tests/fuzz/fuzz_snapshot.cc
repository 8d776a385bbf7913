// Fuzz target: one AWS snapshot file (docs/snapshots.md), any describe-*
// output recognised by its top-level key, read by SnapshotFrontend alone
// (the reader of every file kind, with its references left dangling), then
// aws::buildNetwork.
#include "frontends/snapshot/snapshot_frontend.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const segproof::SnapshotFrontend frontend;
  std::string text = segproof::fuzz::asText(data, size);
  if (!frontend.recognizes("fuzz-snapshot.json", text)) return 0;
  segproof::fuzz::loadAndBuild(frontend, "fuzz-snapshot.json", text);
  return 0;
}
