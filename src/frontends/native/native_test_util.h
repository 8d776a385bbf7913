// Test helpers for the native frontend: load a model body (without the
// `segproof: model/v1` line) from memory as "net.yaml".
#ifndef SEGPROOF_FRONTENDS_NATIVE_NATIVE_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_NATIVE_NATIVE_TEST_UTIL_H_

#include <string>

#include "frontends/native/native_frontend.h"

namespace segproof::testing {

inline aws::Resources load(const std::string& body, DiagnosticEngine& diags) {
  std::string text = "segproof: model/v1\n" + body;
  diags.addSource("net.yaml", text);
  aws::Resources out;
  NativeFrontend().load("net.yaml", text, out, diags);
  return out;
}

// All diagnostics of loading `body`, rendered.
inline std::string problems(const std::string& body) {
  DiagnosticEngine diags;
  load(body, diags);
  return diags.renderAll();
}

}  // namespace segproof::testing

#endif  // SEGPROOF_FRONTENDS_NATIVE_NATIVE_TEST_UTIL_H_
