#include "frontends/common/value_reads.h"

#include <cctype>

namespace segproof::frontends {

Read<aws::Located<long long>> readInteger(const hcl::Value* value, const SourceLocation& where,
                                          const std::string& name, std::string& problem) {
  Read<aws::Located<long long>> read;
  if (!value) return read;
  if (value->isUnknown()) {
    read.unknown = aws::UnknownValue{value->description(), where};
    return read;
  }
  std::optional<double> number;
  if (value->isNumber() || value->isString()) number = hcl::toNumber(*value);
  if (!number || !hcl::isInteger(*number)) {
    problem = "expected a whole number for " + name + ", found " + value->str();
    read.invalid = true;
    return read;
  }
  read.value = aws::Located<long long>{static_cast<long long>(*number), where};
  return read;
}

Read<aws::Located<bool>> readFlag(const hcl::Value* value, const SourceLocation& where,
                                  const std::string& name, bool any_case, std::string& problem) {
  Read<aws::Located<bool>> read;
  if (!value) return read;
  if (value->isUnknown()) {
    read.unknown = aws::UnknownValue{value->description(), where};
    return read;
  }
  std::optional<bool> known;
  if (value->isBool()) known = value->asBool();
  if (value->isString()) {
    std::string text = value->asString();
    if (any_case)
      for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (text == "true" || text == "false") known = text == "true";
  }
  if (!known) {
    problem = "expected true or false for " + name + ", found " + value->str();
    read.invalid = true;
    return read;
  }
  read.value = aws::Located<bool>{*known, where};
  return read;
}

}  // namespace segproof::frontends
