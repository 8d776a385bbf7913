// JSON text <-> Value, for jsonencode() and jsondecode().
//
// Encoding is compact, with object keys sorted (maps are ordered), and
// numbers as formatNumber() prints them. Decoding reads RFC 8259 JSON:
// arrays become lists, objects maps, numbers doubles.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_EVAL_JSON_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_EVAL_JSON_H_

#include <optional>
#include <string>

#include "frontends/terraform/eval/value.h"

namespace segproof::hcl {

// REQUIRES: `value` is wholly known. With `escape_html`, <, > and & are
// written as \u003c, \u003e and \u0026, as Terraform's jsonencode does.
std::string jsonEncode(const Value& value, bool escape_html);

// The value of `text`, or nullopt with `error` set.
std::optional<Value> jsonDecode(const std::string& text, std::string& error);

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_EVAL_JSON_H_
