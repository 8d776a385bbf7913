#include "frontends/terraform/eval/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace segproof::hcl {

namespace {

const ValueList& emptyList() {
  static const ValueList empty;
  return empty;
}

const ValueMap& emptyMap() {
  static const ValueMap empty;
  return empty;
}

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

}  // namespace

const char* valueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kNumber:
      return "number";
    case ValueKind::kString:
      return "string";
    case ValueKind::kList:
      return "list";
    case ValueKind::kSet:
      return "set";
    case ValueKind::kMap:
      return "map";
    case ValueKind::kUnknown:
      return "unknown";
  }
  return "?";
}

namespace {

std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

std::uint64_t sizeOf(const ValueList& items) {
  std::uint64_t size = 1;
  for (const Value& item : items) size = saturatingAdd(size, item.size());
  return size;
}

}  // namespace

Value Value::boolean(bool value) {
  Value v;
  v.kind_ = ValueKind::kBool;
  v.bool_ = value;
  return v;
}

Value Value::number(double value) {
  Value v;
  v.kind_ = ValueKind::kNumber;
  v.number_ = value == 0 ? 0 : value;  // no negative zero
  return v;
}

Value Value::string(std::string value) {
  Value v;
  v.kind_ = ValueKind::kString;
  v.size_ = saturatingAdd(1, value.size());
  v.text_ = std::move(value);
  return v;
}

Value Value::list(ValueList items) {
  Value v;
  v.kind_ = ValueKind::kList;
  v.size_ = sizeOf(items);
  v.items_ = std::make_shared<const ValueList>(std::move(items));
  return v;
}

Value Value::set(ValueList items) {
  std::sort(items.begin(), items.end(),
            [](const Value& a, const Value& b) { return compare(a, b) < 0; });
  items.erase(std::unique(items.begin(), items.end()), items.end());
  Value v;
  v.kind_ = ValueKind::kSet;
  v.size_ = sizeOf(items);
  v.items_ = std::make_shared<const ValueList>(std::move(items));
  return v;
}

Value Value::map(ValueMap entries) {
  Value v;
  v.kind_ = ValueKind::kMap;
  v.size_ = 1;
  for (const auto& [key, value] : entries)
    v.size_ = saturatingAdd(v.size_, saturatingAdd(key.size(), value.size()));
  v.entries_ = std::make_shared<const ValueMap>(std::move(entries));
  return v;
}

Value Value::object(ValueMap entries, std::string unknown_prefix) {
  Value v = map(std::move(entries));
  v.text_ = std::move(unknown_prefix);
  return v;
}

Value Value::unknown(std::string description) {
  Value v;
  v.kind_ = ValueKind::kUnknown;
  v.size_ = saturatingAdd(1, description.size());
  v.text_ = std::move(description);
  return v;
}

const ValueList& Value::items() const { return items_ ? *items_ : emptyList(); }

const ValueMap& Value::entries() const { return entries_ ? *entries_ : emptyMap(); }

ValueList Value::elements() const {
  if (kind_ == ValueKind::kMap) {
    ValueList out;
    for (const auto& [key, value] : entries()) out.push_back(value);
    return out;
  }
  return items();
}

bool Value::isWhollyKnown() const {
  if (kind_ == ValueKind::kUnknown) return false;
  for (const Value& item : items()) {
    if (!item.isWhollyKnown()) return false;
  }
  for (const auto& [key, value] : entries()) {
    if (!value.isWhollyKnown()) return false;
  }
  return true;
}

int Value::compare(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return a.kind_ < b.kind_ ? -1 : 1;
  switch (a.kind_) {
    case ValueKind::kNull:
      return 0;
    case ValueKind::kBool:
      return a.bool_ == b.bool_ ? 0 : (a.bool_ ? 1 : -1);
    case ValueKind::kNumber: {
      // NaN (from inf - inf) sorts first, so that sets stay well ordered.
      bool a_nan = std::isnan(a.number_);
      bool b_nan = std::isnan(b.number_);
      if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? -1 : 1);
      return a.number_ == b.number_ ? 0 : (a.number_ < b.number_ ? -1 : 1);
    }
    case ValueKind::kString:
    case ValueKind::kUnknown:
      return a.text_.compare(b.text_) < 0 ? -1 : (a.text_ == b.text_ ? 0 : 1);
    case ValueKind::kList:
    case ValueKind::kSet: {
      const ValueList& x = a.items();
      const ValueList& y = b.items();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = compare(x[i], y[i]); c != 0) return c;
      }
      return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
    }
    case ValueKind::kMap: {
      const ValueMap& x = a.entries();
      const ValueMap& y = b.entries();
      auto i = x.begin();
      auto j = y.begin();
      for (; i != x.end() && j != y.end(); ++i, ++j) {
        if (int c = i->first.compare(j->first); c != 0) return c < 0 ? -1 : 1;
        if (int c = compare(i->second, j->second); c != 0) return c;
      }
      return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
    }
  }
  return 0;
}

std::string Value::str() const {
  switch (kind_) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return bool_ ? "true" : "false";
    case ValueKind::kNumber:
      return formatNumber(number_);
    case ValueKind::kString:
      return quote(text_);
    case ValueKind::kUnknown:
      return "(unknown " + text_ + ")";
    case ValueKind::kList:
    case ValueKind::kSet: {
      std::string out = kind_ == ValueKind::kSet ? "toset([" : "[";
      for (size_t i = 0; i < items().size(); ++i) {
        if (i > 0) out += ", ";
        out += items()[i].str();
      }
      return out + (kind_ == ValueKind::kSet ? "])" : "]");
    }
    case ValueKind::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [key, value] : entries()) {
        out += first ? "" : ", ";
        first = false;
        out += quote(key) + " = " + value.str();
      }
      return out + "}";
    }
  }
  return "?";
}

bool isInteger(double value) {
  return std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9.2e18;
}

std::string formatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (isInteger(value) && std::fabs(value) < 1e21) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

std::optional<std::string> toString(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kString:
      return value.asString();
    case ValueKind::kNumber:
      return formatNumber(value.asNumber());
    case ValueKind::kBool:
      return std::string(value.asBool() ? "true" : "false");
    default:
      return std::nullopt;
  }
}

std::optional<double> toNumber(const Value& value) {
  if (value.isNumber()) return value.asNumber();
  if (!value.isString()) return std::nullopt;
  const std::string& text = value.asString();
  // Decimal only: strtod would also accept hex, "inf" and leading spaces.
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string::npos) {
    return std::nullopt;
  }
  char* end = nullptr;
  double number = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return number;
}

std::optional<bool> toBool(const Value& value) {
  if (value.isBool()) return value.asBool();
  if (value.isString() && value.asString() == "true") return true;
  if (value.isString() && value.asString() == "false") return false;
  return std::nullopt;
}

}  // namespace segproof::hcl
