// Test helpers for the native frontend: load a model body (without the
// `segproof: model/v1` line) from memory as "net.yaml"; the examples of
// docs/model-format.md.
#ifndef SEGPROOF_FRONTENDS_NATIVE_NATIVE_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_NATIVE_NATIVE_TEST_UTIL_H_

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

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

// The text of the `index`th (0-based) ```yaml block of docs/model-format.md,
// or "" when there is no such block.
inline std::string documentedExample(size_t index) {
  std::ifstream in(std::string(SEGPROOF_SOURCE_DIR) + "/docs/model-format.md");
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  constexpr std::string_view kFence = "```yaml\n";
  size_t start = doc.find(kFence);
  for (size_t i = 0; i < index && start != std::string::npos; ++i)
    start = doc.find(kFence, start + kFence.size());
  if (start == std::string::npos) return "";
  start += kFence.size();
  size_t end = doc.find("```", start);
  return end == std::string::npos ? "" : doc.substr(start, end - start);
}

}  // namespace segproof::testing

#endif  // SEGPROOF_FRONTENDS_NATIVE_NATIVE_TEST_UTIL_H_
