// Shared by the corpus walks (ctest label "corpus"): load inputs one by one
// through loadNetwork, count how each loaded (clean, warnings only, errors),
// and report syntax errors in inputs that are valid.
#ifndef SEGPROOF_TESTS_CORPUS_CORPUS_WALK_H_
#define SEGPROOF_TESTS_CORPUS_CORPUS_WALK_H_

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "frontends/frontend.h"

namespace segproof::corpus {

struct Tally {
  int clean = 0;
  int warnings = 0;
  int errors = 0;
  int syntax_errors = 0;
  std::map<std::string, int> codes;  // "severity code" -> count
};

inline bool isSyntax(const std::string& code) {
  return code == "hcl-syntax" || code == "json-syntax" || code == "yaml-syntax";
}

inline void load(const std::string& input, Tally& tally, bool verbose) {
  DiagnosticEngine diags;
  loadNetwork({input}, diags);
  bool warned = false;
  bool failed = false;
  for (const Diagnostic& d : diags.diagnostics()) {
    tally.codes[std::string(severityName(d.severity)) + " " + d.code]++;
    if (d.severity == Severity::kError) failed = true;
    if (d.severity == Severity::kWarning) warned = true;
    if (isSyntax(d.code)) {
      ++tally.syntax_errors;
      std::cout << "SYNTAX ERROR in valid input " << input << ":\n" << diags.render(d);
    }
  }
  if (failed) {
    ++tally.errors;
  } else if (warned) {
    ++tally.warnings;
  } else {
    ++tally.clean;
  }
  if (verbose && (failed || warned)) std::cout << "== " << input << "\n" << diags.renderAll();
}

// Regular files below `root` that `wanted` accepts, sorted.
template <class Predicate>
std::vector<std::string> filesUnder(const std::filesystem::path& root, Predicate wanted) {
  std::vector<std::string> out;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && wanted(it->path())) out.push_back(it->path().generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Prints the table and the diagnostic codes; returns the total.
inline Tally report(const std::map<std::string, Tally>& tallies) {
  Tally total;
  std::cout << "input set                              inputs  clean  warnings  errors\n";
  for (const auto& [name, t] : tallies) {
    std::printf("%-38s %6d %6d %9d %7d\n", name.c_str(), t.clean + t.warnings + t.errors, t.clean,
                t.warnings, t.errors);
    total.clean += t.clean;
    total.warnings += t.warnings;
    total.errors += t.errors;
    total.syntax_errors += t.syntax_errors;
    for (const auto& [code, n] : t.codes) total.codes[code] += n;
  }
  std::printf("%-38s %6d %6d %9d %7d\n", "total", total.clean + total.warnings + total.errors,
              total.clean, total.warnings, total.errors);
  std::cout << "diagnostics by code:\n";
  for (const auto& [code, n] : total.codes) std::cout << "  " << code << ": " << n << "\n";
  return total;
}

}  // namespace segproof::corpus

#endif  // SEGPROOF_TESTS_CORPUS_CORPUS_WALK_H_
