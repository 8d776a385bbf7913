#include "segproof/diag/diagnostic.h"

#include <string_view>

namespace segproof {

std::string SourceLocation::str() const {
  std::string out = file.empty() ? std::string("<unknown>") : file;
  if (line > 0) {
    out.append(":").append(std::to_string(line));
    if (column > 0) out.append(":").append(std::to_string(column));
  }
  return out;
}

const char* severityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

void DiagnosticEngine::addSource(const std::string& file, std::string text) {
  sources_[file] = std::move(text);
}

void DiagnosticEngine::report(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kError) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
}

void DiagnosticEngine::error(std::string code, SourceLocation location, std::string message) {
  report({Severity::kError, std::move(code), std::move(location), std::move(message)});
}

void DiagnosticEngine::warning(std::string code, SourceLocation location, std::string message) {
  report({Severity::kWarning, std::move(code), std::move(location), std::move(message)});
}

void DiagnosticEngine::note(std::string code, SourceLocation location, std::string message) {
  report({Severity::kNote, std::move(code), std::move(location), std::move(message)});
}

namespace {

// The 1-based line `line` of `text`, without its newline; empty if absent.
std::string_view lineOf(std::string_view text, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  std::string_view result = text.substr(start, end - start);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

}  // namespace

std::string DiagnosticEngine::render(const Diagnostic& d) const {
  std::string out;
  // Appends one piece at a time: GCC 12 reports a false -Wrestrict on
  // chained std::string operator+ (GCC bug 105329).
  if (d.location.known()) out.append(d.location.str()).append(": ");
  out.append(severityName(d.severity));
  if (!d.code.empty()) out.append("[").append(d.code).append("]");
  out.append(": ").append(d.message).append("\n");
  auto it = sources_.find(d.location.file);
  if (it != sources_.end() && d.location.line > 0) {
    std::string_view text = lineOf(it->second, d.location.line);
    if (!text.empty()) {
      out += "  ";
      out += text;
      out += "\n";
      if (d.location.column > 0) {
        std::string pad;
        // Keep tabs so the caret lines up under tab-indented source.
        for (int i = 0; i + 1 < d.location.column && i < static_cast<int>(text.size()); ++i)
          pad += text[i] == '\t' ? '\t' : ' ';
        out.append("  ").append(pad).append("^\n");
      }
    }
  }
  return out;
}

std::string DiagnosticEngine::renderAll() const {
  std::string out;
  for (const Diagnostic& d : diagnostics_) out += render(d);
  return out;
}

}  // namespace segproof
