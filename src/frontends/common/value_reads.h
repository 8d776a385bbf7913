// Reading evaluated arguments (hcl::Values from Terraform or CloudFormation)
// as the plain types resource descriptions need, the same way in every
// mapping: absent, known, unknown (keeping the unknown's description), or of
// the wrong kind; and the warning for resource types not modelled yet.
#ifndef SEGPROOF_FRONTENDS_COMMON_VALUE_READS_H_
#define SEGPROOF_FRONTENDS_COMMON_VALUE_READS_H_

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/resources.h"
#include "frontends/terraform/eval/value.h"
#include "frontends/terraform/instance.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::frontends {

// The arguments of a resource or nested block: an evaluated body, or one
// element of an argument holding a list of objects, whose values are all
// located at that element.
class Arguments {
 public:
  Arguments(const terraform::EvalBody& body, SourceLocation location)
      : body_(&body), location_(std::move(location)) {}
  Arguments(const hcl::ValueMap& map, SourceLocation location)
      : map_(&map), location_(std::move(location)) {}

  // The value of `name`; nullptr when absent, null or "" (providers read ""
  // as "not set"; states and templates write it for unset arguments).
  const hcl::Value* get(const std::string& name) const;
  // Where `name` is written, else where the arguments are.
  SourceLocation where(const std::string& name) const;
  const SourceLocation& location() const { return location_; }
  const terraform::EvalBody* body() const { return body_; }

 private:
  const terraform::EvalBody* body_ = nullptr;
  const hcl::ValueMap* map_ = nullptr;
  SourceLocation location_;
};

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

// The elements of a list argument; nullptr when absent, or unknown (then
// `unknown` is set when given), or not a list (then `problem` is set).
const hcl::ValueList* readSequence(const hcl::Value* value, const SourceLocation& where,
                                   const std::string& name, std::optional<aws::UnknownValue>* unknown,
                                   std::string& problem);

// The IPv6 reading of a managed service (aws::ServiceIpv6) from its written
// network or address type: one of `dual_stack` (any case) is dual-stack;
// an unknown value possibly is; absent or another value: IPv4 only.
aws::Located<aws::ServiceIpv6> readServiceIpv6(const Read<aws::Text>& type,
                                               std::initializer_list<std::string_view> dual_stack);

// Network resource types a mapping does not model yet, counted by type; one
// warning per type (`code`: "terraform-unsupported", "cfn-unsupported") at
// the first one: "2 resources of type aws_lb are not modelled yet (their
// reachability is not analysed)".
class UnsupportedTypes {
 public:
  void add(const std::string& type, const SourceLocation& where);
  void warn(const char* code, DiagnosticEngine& diags) const;

 private:
  struct Seen {
    int count = 0;
    SourceLocation first;
  };
  std::map<std::string, Seen> seen_;
};

}  // namespace segproof::frontends

#endif  // SEGPROOF_FRONTENDS_COMMON_VALUE_READS_H_
