// Shared by the files that implement the built-in functions (functions.cc,
// string_functions.cc, cidr_functions.cc); not part of the evaluator's API.
//
// A built-in reports a bad argument by throwing ArgumentError, which
// callFunction() turns into CallResult::error: this keeps each built-in a
// straight line of argument checks. The exception never leaves functions.cc.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_EVAL_FUNCTIONS_INTERNAL_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_EVAL_FUNCTIONS_INTERNAL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "frontends/terraform/eval/value.h"

namespace segproof::hcl::internal {

struct ArgumentError {
  std::string message;
};

[[noreturn]] void argError(std::string message);

// Thrown by a built-in whose result would pass limits::kMaxValueSize, which
// callFunction() turns into CallResult::too_large. Built-ins whose result
// can grow faster than their arguments check as they build.
struct ValueTooLarge {};

// Throws ValueTooLarge when a result of `size` (Value::size()) is too large.
void checkSize(std::uint64_t size);

// Argument accessors: the converted argument, or an ArgumentError naming
// `what` (e.g. "the separator"). Primitive accessors apply Terraform's
// conversions ("5" is a number, 5 is a string).
std::string stringArg(const Value& value, const char* what);
double numberArg(const Value& value, const char* what);
long long intArg(const Value& value, const char* what);
bool boolArg(const Value& value, const char* what);
const ValueList& sequenceArg(const Value& value, const char* what);  // list or set
const ValueMap& mapArg(const Value& value, const char* what);

// A list of the given elements, converted to strings when it mixes
// primitive kinds, as Terraform unifies the element type of a collection.
ValueList unifyElements(ValueList items);

// UTF-8 text split into characters (code points).
std::vector<std::string> characters(const std::string& text);

using BuiltinImpl = Value (*)(const ValueList& args);

struct Builtin {
  int min_args = 0;
  int max_args = 0;  // -1: any number
  // True when the function only rearranges collections, so that arguments
  // that merely contain unknowns are fine; otherwise any unknown anywhere in
  // the arguments makes the result unknown.
  bool structural = false;
  BuiltinImpl impl = nullptr;
};

using BuiltinTable = std::map<std::string, Builtin>;

void addCollectionFunctions(BuiltinTable& table);
void addStringFunctions(BuiltinTable& table);
void addCidrFunctions(BuiltinTable& table);

}  // namespace segproof::hcl::internal

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_EVAL_FUNCTIONS_INTERNAL_H_
