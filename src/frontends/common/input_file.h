// Reading an input file whole, within limits::kMaxFileBytes, for every
// reader of user files: inputs, Terraform files and tfvars, nested
// CloudFormation templates, parameter files and assertion files (src/query/,
// which does not link the frontends: hence header-only).
//
// The size is checked with stat() before anything is read, and the read
// itself stops one byte past the limit, so a device or a pipe named as an
// input (/dev/zero) cannot exhaust memory either.
#ifndef SEGPROOF_FRONTENDS_COMMON_INPUT_FILE_H_
#define SEGPROOF_FRONTENDS_COMMON_INPUT_FILE_H_

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include "frontends/common/limits.h"
#include "segproof/diag/diagnostic.h"

namespace segproof {

enum class ReadStatus { kOk, kUnreadable, kTooLarge };

// Reads the whole of `path` into `text`. A file larger than `max_bytes` is
// an "input-too-large" error at `where` (at the file itself when `where` is
// unknown) and gives kTooLarge; a file that cannot be opened or read gives
// kUnreadable, which the caller reports in its own words.
inline ReadStatus readInputFile(const std::string& path, std::string& text, DiagnosticEngine& diags,
                                SourceLocation where = {},
                                std::uintmax_t max_bytes = limits::kMaxFileBytes) {
  text.clear();
  auto tooLarge = [&](const std::string& size) {
    if (!where.known()) where = {path, 0, 0};
    diags.error("input-too-large", where,
                "'" + path + "' is " + size + " bytes, more than the " + std::to_string(max_bytes) +
                    " segproof reads from one file");
    return ReadStatus::kTooLarge;
  };
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) {
    std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error && size > max_bytes) return tooLarge(std::to_string(size));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return ReadStatus::kUnreadable;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      text.clear();
      return tooLarge("over " + std::to_string(max_bytes));
    }
  }
  if (in.bad()) return ReadStatus::kUnreadable;
  return ReadStatus::kOk;
}

// A file the user names for one purpose (an assertion file, a control
// table, a suppression file): its text, or nullopt after an error, a
// "cannot-read" one naming `what` ("assertion file") when it is not a
// readable regular file.
inline std::optional<std::string> readUserFile(const std::string& path, const std::string& what,
                                               DiagnosticEngine& diags) {
  std::error_code error;
  std::string text;
  ReadStatus read = std::filesystem::is_regular_file(path, error) ? readInputFile(path, text, diags)
                                                                  : ReadStatus::kUnreadable;
  if (read == ReadStatus::kOk) return text;
  if (read == ReadStatus::kUnreadable)
    diags.error("cannot-read", {path, 0, 0}, "cannot read " + what + " '" + path + "'");
  return std::nullopt;
}

}  // namespace segproof

#endif  // SEGPROOF_FRONTENDS_COMMON_INPUT_FILE_H_
