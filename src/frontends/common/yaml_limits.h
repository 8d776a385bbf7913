// The limits on YAML documents (limits.h), checked before a document is
// built, for every YAML reader: native models, CloudFormation templates and
// assertion files (src/query/, which does not link the frontends: hence
// header-only).
//
// yaml-cpp builds an alias as a second reference to the anchored node, so a
// small document can stand for an exponential tree ("billion laughs"), or a
// cyclic one (an alias inside its own anchor); any walk over it would then
// run out of time or stack. checkYamlLimits() runs yaml-cpp's event parser
// over the first document (the one YAML::Load reads), counting the values
// the document has once its aliases are expanded, and its nesting.
//
// Errors: "alias-expansion" at the alias that crosses
// kMaxYamlExpandedValues (or that refers to its own anchor),
// "nesting-too-deep" at the collection deeper than kMaxYamlNesting. A syntax
// error is left for YAML::Load to report.
#ifndef SEGPROOF_FRONTENDS_COMMON_YAML_LIMITS_H_
#define SEGPROOF_FRONTENDS_COMMON_YAML_LIMITS_H_

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/common/limits.h"
#include "segproof/diag/diagnostic.h"

namespace segproof {

namespace yaml_limits_internal {

class LimitScan final : public YAML::EventHandler {
 public:
  // Thrown to stop the parser once a limit is hit; never leaves checkYamlLimits.
  struct Stop {};

  LimitScan(const std::string& file, DiagnosticEngine& diags, std::uint64_t max_values,
            int max_nesting)
      : file_(file), diags_(diags), max_values_(max_values), max_nesting_(max_nesting) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, 1); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(mark, anchor, 1);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = sizes_.find(anchor);
    if (it == sizes_.end()) {
      fail("alias-expansion", mark, "this alias refers to a node that contains it");
    }
    add(mark, it->second);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t size;  // values inside, expanded, and the collection itself
  };

  [[noreturn]] void fail(const char* code, const YAML::Mark& mark, const std::string& message) {
    diags_.error(code, {file_, mark.line + 1, mark.column + 1}, message);
    throw Stop{};
  }

  // Counts `size` expanded values at `mark`, in the enclosing collection.
  void add(const YAML::Mark& mark, std::uint64_t size) {
    total_ += size;
    if (total_ > max_values_) {
      fail("alias-expansion", mark,
           "YAML aliases expand this document to more than " + std::to_string(max_values_) +
               " values");
    }
    if (!open_.empty()) open_.back().size += size;
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, std::uint64_t size) {
    if (anchor != YAML::NullAnchor) sizes_[anchor] = size;
    add(mark, size);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(open_.size()) >= max_nesting_) {
      fail("nesting-too-deep", mark,
           "collections nested deeper than " + std::to_string(max_nesting_) + " levels");
    }
    add(mark, 1);
    open_.push_back({anchor, 1});
  }
  void close() {
    Open done = open_.back();
    open_.pop_back();
    // Bounded by max_values_: every value was counted in total_ first.
    if (!open_.empty()) open_.back().size += done.size - 1;
    if (done.anchor != YAML::NullAnchor) sizes_[done.anchor] = done.size;
  }

  const std::string& file_;
  DiagnosticEngine& diags_;
  std::uint64_t max_values_;
  int max_nesting_;
  std::uint64_t total_ = 0;
  std::vector<Open> open_;
  std::map<YAML::anchor_t, std::uint64_t> sizes_;  // of anchored nodes already closed
};

}  // namespace yaml_limits_internal

// True when the first document of `text` is within the limits; otherwise
// reports one error (see above) and returns false.
inline bool checkYamlLimits(const std::string& file, std::string_view text, DiagnosticEngine& diags,
                            std::uint64_t max_values = limits::kMaxYamlExpandedValues,
                            int max_nesting = limits::kMaxYamlNesting) {
  std::istringstream stream{std::string(text)};
  yaml_limits_internal::LimitScan scan(file, diags, max_values, max_nesting);
  try {
    YAML::Parser parser(stream);
    parser.HandleNextDocument(scan);
  } catch (const yaml_limits_internal::LimitScan::Stop&) {
    return false;
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard, should it ever count deeper levels than the scan.
    diags.error("nesting-too-deep", {file, e.mark.line + 1, e.mark.column + 1},
                "collections nested deeper than the YAML parser allows");
    return false;
  } catch (const YAML::Exception&) {
    // A syntax error: YAML::Load meets it again and reports it.
  }
  return true;
}

}  // namespace segproof

#endif  // SEGPROOF_FRONTENDS_COMMON_YAML_LIMITS_H_
