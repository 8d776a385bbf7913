// The values of HCL expressions as Terraform evaluates them.
//
// A Value is null, a bool, a number, a string, a list (also standing for a
// tuple), a set, a map (also standing for an object), or *unknown*: a value
// that Terraform only learns at apply time, such as a resource id. An unknown
// carries a description of where it comes from ("aws_vpc.main.id"), so that
// later stages can resolve references to resources symbolically.
//
// Numbers are doubles: integers up to 2^53 are exact and print without a
// fraction. Sets hold distinct elements in a fixed order (compare()), so a
// set prints and compares the same whatever order it was built in.
//
// Values are immutable and cheap to copy (collections are shared).
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_EVAL_VALUE_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_EVAL_VALUE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace segproof::hcl {

enum class ValueKind { kNull, kBool, kNumber, kString, kList, kSet, kMap, kUnknown };

const char* valueKindName(ValueKind kind);

class Value;
using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value>;

class Value {
 public:
  Value() = default;  // null

  static Value null() { return Value(); }
  static Value boolean(bool value);
  static Value number(double value);
  static Value string(std::string value);
  static Value list(ValueList items);
  // Duplicates are dropped and the elements put in compare() order.
  static Value set(ValueList items);
  static Value map(ValueMap entries);
  // A map standing for an object whose other attributes exist but are
  // unknown: a resource whose `id` only apply decides. Reading a missing
  // attribute `a` gives Value::unknown(prefix + "." + a).
  static Value object(ValueMap entries, std::string unknown_prefix);
  static Value unknown(std::string description);

  ValueKind kind() const { return kind_; }
  bool isNull() const { return kind_ == ValueKind::kNull; }
  bool isUnknown() const { return kind_ == ValueKind::kUnknown; }
  bool isString() const { return kind_ == ValueKind::kString; }
  bool isNumber() const { return kind_ == ValueKind::kNumber; }
  bool isBool() const { return kind_ == ValueKind::kBool; }
  bool isMap() const { return kind_ == ValueKind::kMap; }
  // A list or a set: something with elements in an order.
  bool isSequence() const { return kind_ == ValueKind::kList || kind_ == ValueKind::kSet; }
  // False when this value or anything inside it is unknown.
  bool isWhollyKnown() const;

  // REQUIRES: the matching kind.
  bool asBool() const { return bool_; }
  double asNumber() const { return number_; }
  const std::string& asString() const { return text_; }
  const std::string& description() const { return text_; }  // of an unknown
  const ValueList& items() const;                           // list or set
  const ValueMap& entries() const;                          // map
  // Of a map made by object(): the description of its missing attributes.
  const std::string& unknownPrefix() const { return text_; }

  // Elements of a list or set, or values of a map, in order.
  ValueList elements() const;

  // The size of the value written out in full: one per value in it plus the
  // bytes of its strings and map keys; saturates at 2^64-1. Kept, so it is
  // free to ask: copies share collections, so a value can stand for far more
  // than it occupies (limits::kMaxValueSize).
  std::uint64_t size() const { return size_; }

  bool operator==(const Value& other) const { return compare(*this, other) == 0; }
  bool operator!=(const Value& other) const { return !(*this == other); }

  // A total order: by kind, then by content.
  static int compare(const Value& a, const Value& b);

  // A debug rendering in HCL-like syntax: null, true, 3, "s", [1, 2],
  // toset([...]), {a = 1}, (unknown aws_vpc.main.id).
  std::string str() const;

 private:
  ValueKind kind_ = ValueKind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::uint64_t size_ = 1;
  std::string text_;  // string content, or the description of an unknown
  std::shared_ptr<const ValueList> items_;
  std::shared_ptr<const ValueMap> entries_;
};

// A number as Terraform prints it: integers without a fraction, others with
// the fewest digits that read back the same.
std::string formatNumber(double value);

// Terraform's conversions between primitive types. Each returns nullopt when
// the value cannot be converted; REQUIRES: the value is known and not null.
//   to string: numbers and bools (true -> "true");
//   to number: strings holding a decimal number ("12", "-1.5e3");
//   to bool: the strings "true" and "false".
std::optional<std::string> toString(const Value& value);
std::optional<double> toNumber(const Value& value);
std::optional<bool> toBool(const Value& value);

// True when `value` is a whole number that fits in a long long.
bool isInteger(double value);

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_EVAL_VALUE_H_
