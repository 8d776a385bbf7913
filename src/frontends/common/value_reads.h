// Reading one evaluated argument (an hcl::Value from Terraform or
// CloudFormation) as the plain type a resource description needs, the same
// way in every frontend: absent, known, unknown (keeping the unknown's
// description), or of the wrong kind.
#ifndef SEGPROOF_FRONTENDS_COMMON_VALUE_READS_H_
#define SEGPROOF_FRONTENDS_COMMON_VALUE_READS_H_

#include <optional>
#include <string>

#include "aws/resources.h"
#include "frontends/terraform/eval/value.h"

namespace segproof::frontends {

// A value read from an argument: absent, known, unknown (with its
// description), or invalid (the caller reports `problem`).
template <class T>
struct Read {
  std::optional<T> value;
  std::optional<aws::UnknownValue> unknown;
  bool invalid = false;
  bool absent() const { return !value && !unknown && !invalid; }
};

// `value` is the argument `name` written at `where`, or nullptr when absent.
// On a value of the wrong kind the result is invalid and `problem` says why
// ("expected a whole number for FromPort, found "x"").

// Numbers, or strings holding a whole number ("443").
Read<aws::Located<long long>> readInteger(const hcl::Value* value, const SourceLocation& where,
                                          const std::string& name, std::string& problem);

// Bools, or the strings "true" / "false"; with `any_case`, also "True",
// "FALSE"... (CloudFormation accepts any case).
Read<aws::Located<bool>> readFlag(const hcl::Value* value, const SourceLocation& where,
                                  const std::string& name, bool any_case, std::string& problem);

}  // namespace segproof::frontends

#endif  // SEGPROOF_FRONTENDS_COMMON_VALUE_READS_H_
