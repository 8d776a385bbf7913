// SHA-256 (FIPS 180-4), for the checksums of the inputs a report covers: an
// auditor can tell that the evidence is about exactly these files.
#ifndef SEGPROOF_REPORT_SHA256_H_
#define SEGPROOF_REPORT_SHA256_H_

#include <optional>
#include <string>
#include <string_view>

namespace segproof {

// The digest of `data` as 64 lowercase hex digits.
std::string sha256Hex(std::string_view data);

// The digest of a file's bytes; nullopt when it cannot be read.
std::optional<std::string> sha256File(const std::string& path);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_SHA256_H_
