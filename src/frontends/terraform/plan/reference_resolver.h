// Resolves the references of a plan's configuration expressions to the
// resource instances they name, for the descriptions of unknown values
// (plan_reader.h). The configuration names resources without instance keys
// and relative to their module ("aws_subnet.private", "var.vpc_id"); the
// resolver knows every instance of the plan and the configuration tree, so
// it can name "module.net[0].aws_subnet.private[1].id".
//
// The configuration is a hint: members missing or of the wrong type in it are
// ignored, and references that do not resolve fall back to their text.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_PLAN_REFERENCE_RESOLVER_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_PLAN_REFERENCE_RESOLVER_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/common/json_document.h"
#include "frontends/terraform/plan/address.h"

namespace segproof::terraform::plan {

// One resource instance of a plan or state, before its values are read.
struct PlannedInstance {
  const json::Node* resource = nullptr;       // the resource object
  const json::Node* values = nullptr;         // an object
  const json::Node* after_unknown = nullptr;  // or nullptr
  std::string address;
  std::string module;  // module instance address, "" for the root
  std::string type;
  std::string name;
  bool data = false;
  std::optional<InstanceKey> key;
};

// Where a reference is read: in a module instance, by an instance (or module
// instance) whose own key is the preferred one for references without a key.
struct ReferenceContext {
  std::string module;
  std::optional<InstanceKey> key;
};

class ReferenceResolver {
 public:
  // `configuration_root` is configuration.root_module, or nullptr.
  // REQUIRES: both outlive the resolver.
  ReferenceResolver(const json::Node* configuration_root,
                    const std::vector<PlannedInstance>& instances);

  // The configuration of `instance` (an object from a module's "resources"),
  // or nullptr.
  const json::Node* resourceConfig(const PlannedInstance& instance) const;

  // The references of an expression object, without the ones that add
  // nothing: a reference that only shortens the one before it
  // ("aws_vpc.main" after "aws_vpc.main.id"), each.* and count.*.
  static std::vector<std::string> targets(const json::Node& expression);

  // The description of the unknown value that `reference` gives in `from`:
  // "<instance address>.<attribute>", or nullopt when it names no instance
  // of the plan. `element`, when set, is the position of the value in a
  // list built from a reference without a key (a splat): it picks the
  // instance with that count index.
  std::optional<std::string> resolve(std::string_view reference, const ReferenceContext& from,
                                     std::optional<int> element) const;

  // Every instance `reference` may stand for in a collection, described as
  // resolve() does: a reference without a key to a resource with several
  // instances (a splat) gives all of them, unless the key of `from` picks
  // one. Empty when it names no instance of the plan.
  std::vector<std::string> resolveAll(std::string_view reference,
                                      const ReferenceContext& from) const;

  // The description for a reference that does not resolve: its text, put in
  // the module of `from` when it names a resource.
  static std::string fallback(std::string_view reference, const ReferenceContext& from);

 private:
  struct Entry {
    std::optional<InstanceKey> key;
    std::string address;
  };

  // The descriptions `reference` resolves to: the first one found, or with
  // `all` every one.
  std::vector<std::string> matches(std::string_view reference, const ReferenceContext& from,
                                   std::optional<int> element, bool all, int depth) const;
  std::vector<std::string> matchesOfExpression(const json::Node* expression,
                                               const ReferenceContext& from,
                                               std::optional<int> element, bool all,
                                               int depth) const;
  const json::Node* moduleConfig(const std::string& module) const;
  static std::vector<const Entry*> pick(const std::vector<Entry>& entries,
                                        const std::optional<InstanceKey>& key,
                                        const ReferenceContext& from, std::optional<int> element,
                                        bool all);

  const json::Node* configuration_root_;
  // "<module>|<mode>|<type>|<name>" -> instances.
  std::map<std::string, std::vector<Entry>> resources_;
  // "<parent module>|<call name>" -> module instances.
  std::map<std::string, std::vector<Entry>> modules_;
};

}  // namespace segproof::terraform::plan

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_PLAN_REFERENCE_RESOLVER_H_
