// NativeFrontend: segproof's own YAML model format (docs/model-format.md).
//
// A file is a native model when its top level is a mapping with the key
// `segproof` (its value names the format version, "model/v1"). The frontend
// reads syntax only: names stay names and CIDRs stay text; aws::buildNetwork
// resolves and checks them.
//
// Diagnostics: "yaml-syntax" (with yaml-cpp's message and position),
// "unsupported-version", and those of yaml_reader.h: "invalid-value",
// "unknown-key", "duplicate-key", "missing-key", "conflicting-keys"; also
// "invalid-port" for ports that are not N, N-M or all. No yaml-cpp exception
// escapes.
#ifndef SEGPROOF_FRONTENDS_NATIVE_NATIVE_FRONTEND_H_
#define SEGPROOF_FRONTENDS_NATIVE_NATIVE_FRONTEND_H_

#include <string>
#include <string_view>

#include "frontends/frontend.h"

namespace segproof {

class NativeFrontend : public Frontend {
 public:
  const char* name() const override { return "native"; }
  bool recognizes(const std::string& path, std::string_view content) const override;
  void load(const std::string& path, std::string_view content, aws::Resources& out,
            DiagnosticEngine& diags) const override;
};

}  // namespace segproof

#endif  // SEGPROOF_FRONTENDS_NATIVE_NATIVE_FRONTEND_H_
