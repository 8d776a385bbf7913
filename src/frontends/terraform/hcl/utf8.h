// UTF-8 encoding of one code point, shared by the HCL lexer (\u escapes) and
// jsondecode.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_HCL_UTF8_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_HCL_UTF8_H_

#include <cstdint>
#include <string>

namespace segproof::hcl {

// Appends `cp` (REQUIRES: <= 0x10FFFF) to `out` as UTF-8.
inline void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_HCL_UTF8_H_
