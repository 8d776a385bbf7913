// Turns one instance's JSON values into evaluated attributes (plan_reader.h):
// objects become maps, arrays lists; what after_unknown marks, or what the
// configuration sets by reference while the planned values leave it out,
// becomes an unknown described through the ReferenceResolver.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_PLAN_VALUE_BUILDER_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_PLAN_VALUE_BUILDER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/common/json_document.h"
#include "frontends/terraform/instance.h"
#include "frontends/terraform/plan/reference_resolver.h"

namespace segproof::terraform::plan {

// Source ranges of JSON nodes in one file.
class SourceRanges {
 public:
  SourceRanges(std::string file, std::string_view text);
  hcl::SourceRange of(const json::Node& node) const;

 private:
  hcl::Position position(int offset) const;

  std::string file_;
  std::vector<int> line_starts_;
};

class ValueBuilder {
 public:
  // REQUIRES: both outlive the builder.
  ValueBuilder(const SourceRanges& ranges, const ReferenceResolver& resolver)
      : ranges_(ranges), resolver_(resolver) {}

  // The attributes of `instance`; `config` is its configuration resource
  // object, or nullptr.
  // `unwritten_blocks`, when given, receives the nested-block attributes
  // (ingress, egress, route) that the plan marks wholly unknown while the
  // configuration does not write them: computed by the provider, or written
  // by a dynamic block (which the plan's configuration omits).
  EvalBody build(const PlannedInstance& instance, const json::Node* config,
                 std::vector<std::string>* unwritten_blocks = nullptr) const;

 private:
  // The configuration that produced a part of a value: an expression object
  // ("terminal", which produced everything below it), a nested block body, a
  // list of nested blocks, or nothing.
  struct Expression {
    const json::Node* node = nullptr;
    bool terminal = false;
    int depth = 0;  // levels below the terminal
    // Set for an element of the list that the terminal produced: its index,
    // the list's length, and its rank among the list's unknown elements.
    int element = -1;
    int elements = 0;
    int unknown_rank = -1;
    int unknowns = 0;

    static Expression of(const json::Node* node);
    Expression child(std::string_view key) const;
    Expression item(int index, int count, int rank, int rank_count) const;
  };

  hcl::Value build(const PlannedInstance& instance, const json::Node& known,
                   const json::Node* unknown, const Expression& expression,
                   const std::string& path) const;
  hcl::Value fromConfiguration(const PlannedInstance& instance, const Expression& expression,
                               const std::string& path) const;
  // The unknowns of every instance `targets` resolve to, or nullopt when
  // none resolves.
  std::optional<hcl::Value> referencedCollection(const std::vector<std::string>& targets,
                                                 const ReferenceContext& from) const;
  hcl::Value unknownValue(const PlannedInstance& instance, const Expression& expression,
                          const std::string& path) const;

  const SourceRanges& ranges_;
  const ReferenceResolver& resolver_;
};

}  // namespace segproof::terraform::plan

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_PLAN_VALUE_BUILDER_H_
