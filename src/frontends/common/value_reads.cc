#include "frontends/common/value_reads.h"

#include <algorithm>
#include <cctype>

namespace segproof::frontends {

const hcl::Value* Arguments::get(const std::string& name) const {
  const hcl::Value* value = nullptr;
  if (body_) {
    if (const terraform::EvalAttribute* attribute = body_->attribute(name)) value = &attribute->value;
  } else if (auto it = map_->find(name); it != map_->end()) {
    value = &it->second;
  }
  if (!value || value->isNull() || (value->isString() && value->asString().empty())) return nullptr;
  return value;
}

SourceLocation Arguments::where(const std::string& name) const {
  if (body_) {
    if (const terraform::EvalAttribute* attribute = body_->attribute(name))
      return attribute->range.location();
  }
  return location_;
}

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

namespace segproof::frontends {

const hcl::ValueList* readSequence(const hcl::Value* value, const SourceLocation& where,
                                   const std::string& name, std::optional<aws::UnknownValue>* unknown,
                                   std::string& problem) {
  if (!value) return nullptr;
  if (value->isUnknown()) {
    if (unknown) *unknown = aws::UnknownValue{value->description(), where};
    return nullptr;
  }
  if (!value->isSequence()) {
    problem = "expected a list for " + name + ", found a " + hcl::valueKindName(value->kind());
    return nullptr;
  }
  return &value->items();
}

aws::Located<aws::ServiceIpv6> readServiceIpv6(const Read<aws::Text>& type,
                                               std::initializer_list<std::string_view> dual_stack) {
  if (type.unknown) return {aws::ServiceIpv6::kPossible, type.unknown->location};
  if (!type.value) return {};
  auto same = [&](std::string_view name) {
    const std::string& written = type.value->value;
    return written.size() == name.size() &&
           std::equal(written.begin(), written.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  };
  bool dual = std::any_of(dual_stack.begin(), dual_stack.end(), same);
  return {dual ? aws::ServiceIpv6::kDualStack : aws::ServiceIpv6::kNone, type.value->location};
}

void UnsupportedTypes::add(const std::string& type, const SourceLocation& where) {
  Seen& seen = seen_[type];
  if (seen.count++ == 0) seen.first = where;
}

void UnsupportedTypes::warn(const char* code, DiagnosticEngine& diags) const {
  for (const auto& [type, seen] : seen_) {
    std::string count = seen.count == 1 ? "1 resource" : std::to_string(seen.count) + " resources";
    diags.warning(code, seen.first,
                  count + " of type " + type +
                      (seen.count == 1 ? " is not modelled yet (its reachability is not analysed)"
                                       : " are not modelled yet (their reachability is not "
                                         "analysed)"));
  }
}

}  // namespace segproof::frontends
