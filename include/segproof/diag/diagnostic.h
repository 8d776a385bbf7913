// Diagnostics: problems in the user's input, collected and reported together.
//
// Every stage reports into one DiagnosticEngine instead of throwing. A
// diagnostic carries a severity, a stable code (kebab-case, e.g.
// "invalid-cidr"), a location and a message. Rendering prints
//   file:line:col: error[code]: message
//     <the source line>
//     <caret under the column>
// when the source text of the file was registered with addSource().
//
// Thread-safety: not thread-safe; one engine per pipeline run.
#ifndef SEGPROOF_DIAG_DIAGNOSTIC_H_
#define SEGPROOF_DIAG_DIAGNOSTIC_H_

#include <map>
#include <string>
#include <vector>

namespace segproof {

// A position in an input file. Line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return !file.empty(); }
  // "file:line:col", "file:line" or "file", whatever is known.
  std::string str() const;
};

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;
  SourceLocation location;
  std::string message;
};

class DiagnosticEngine {
 public:
  // Registers the text of a file so that diagnostics in it show the line.
  void addSource(const std::string& file, std::string text);

  void report(Diagnostic diagnostic);
  void error(std::string code, SourceLocation location, std::string message);
  void warning(std::string code, SourceLocation location, std::string message);
  void note(std::string code, SourceLocation location, std::string message);

  bool hasErrors() const { return error_count_ > 0; }
  int errorCount() const { return error_count_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // One diagnostic in the format described above, ending with a newline.
  std::string render(const Diagnostic& diagnostic) const;
  // All diagnostics, in the order reported.
  std::string renderAll() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  std::map<std::string, std::string> sources_;
  int error_count_ = 0;
};

const char* severityName(Severity severity);

}  // namespace segproof

#endif  // SEGPROOF_DIAG_DIAGNOSTIC_H_
