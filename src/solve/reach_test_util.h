// Helpers shared by the analyzer's end-to-end tests: selectors from text, a
// TCP flow, and the steps and blocks of an answer's explanation.
#ifndef SEGPROOF_SOLVE_REACH_TEST_UTIL_H_
#define SEGPROOF_SOLVE_REACH_TEST_UTIL_H_

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "segproof/segproof.h"

namespace segproof::testing {

inline Selector sel(const std::string& text) {
  DiagnosticEngine diags;
  std::optional<Selector> s = parseSelector(text, {}, diags);
  REQUIRE(s);
  return *s;
}

inline FlowSpec tcp(int port) { return FlowSpec{kTcp, {{port, port}}}; }

// `from` -> `to` on `flow` through the analyzer (one job), with or without
// interval pruning; a selector problem fails the test.
inline AssertionResult reachIn(const Network& net, const std::string& from, const std::string& to,
                               FlowSpec flow, bool pruning = true) {
  AnalyzerOptions options;
  options.jobs = 1;
  options.interval_pruning = pruning;
  Analyzer analyzer(net, options);
  DiagnosticEngine diags;
  AssertionResult r = analyzer.reach({sel(from)}, {sel(to)}, flow, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return r;
}

// The steps of the first witness, in order, as "step element".
inline std::vector<std::string> steps(const AssertionResult& r) {
  std::vector<std::string> out;
  if (r.witnesses.empty()) return out;
  for (const PathHop& h : r.witnesses.front().hops) out.push_back(h.step + " " + h.element);
  return out;
}

inline bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Where an unreachable answer stops, as "step element: rule".
inline std::string blockedAt(const AssertionResult& r) {
  REQUIRE(r.closest.has_value());
  const PathHop& h = r.closest->blocked_at;
  return h.step + " " + h.element + ": " + h.rule;
}

}  // namespace segproof::testing

#endif  // SEGPROOF_SOLVE_REACH_TEST_UTIL_H_
