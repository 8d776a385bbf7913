// Where reports go and how they are asked for: --format lists, -o FILE or
// FOLDER written atomically, and the progress line on a terminal
// (docs/output.md, "Formats and files", "Progress"), and the diagnostics and
// internal errors every command prints to standard error.
#ifndef SEGPROOF_CLI_OUTPUTS_H_
#define SEGPROOF_CLI_OUTPUTS_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"

namespace segproof {

// "sarif,junit" -> {"sarif", "junit"}: each must be one of `allowed`, none
// twice. Problems go to standard error (error[invalid-format]).
std::optional<std::vector<std::string>> parseFormats(const std::string& list,
                                                     std::initializer_list<const char*> allowed);

// The file name a format's report gets in an output folder:
// "<command>.<extension>" (check.sarif, lint.junit.xml, check.md, ...).
std::string reportFileName(const std::string& command, const std::string& format);

struct RenderedReport {
  std::string format;
  std::string text;
};

// Writes the reports. One report: to standard output when `output` is
// empty, else to the file `output`, or into `output` as reportFileName()
// when it is an existing folder or ends with '/'. Several reports need
// `output`, a folder (created when absent). Every file is written
// atomically (a temporary beside it, synced, renamed over it). Returns an
// exit code: kExitOk, or kExitError with error[output] on standard error.
int writeReports(const std::vector<RenderedReport>& reports, const std::string& output,
                 const std::string& command);

// One report to standard output or to the file `output`, atomically.
int writeReport(const std::string& text, const std::string& output);

// Prints diagnostics to standard error; true when there were errors.
bool flush(const DiagnosticEngine& diags);

// Internal errors go to standard error too, whatever the report's format;
// true when there were any.
bool reportInternalErrors(const std::vector<std::string>& errors);

// The progress line: "segproof check: 120 of 480 sub-problems decided, 2.1 s"
// on standard error, rewritten in place at most ten times a second, and
// erased when the run ends. Only when standard error is a terminal and the
// user did not ask for --quiet; otherwise callback() is empty.
class ProgressLine {
 public:
  // "segproof check", "sub-problems": "segproof check: 3 of 8 sub-problems decided, 0.4 s".
  ProgressLine(std::string label, std::string unit, bool quiet);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // For AnalyzerOptions::progress (thread-safe); empty when disabled.
  std::function<void(size_t, size_t)> callback();
  void update(size_t decided, size_t total);

 private:
  std::string label_;
  std::string unit_;
  bool enabled_ = false;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
  bool shown_ = false;
};

}  // namespace segproof

#endif  // SEGPROOF_CLI_OUTPUTS_H_
