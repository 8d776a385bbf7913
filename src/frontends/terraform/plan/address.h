// Terraform addresses and references as `terraform show -json` writes them:
// instance addresses ("module.net[0].aws_subnet.private[\"a\"]") and the
// references of configuration expressions ("aws_vpc.main.id",
// "data.aws_vpc.shared", "var.vpc_id", "module.net.subnet_id").
//
// A traversal is a chain of names, each optionally followed by one key in
// brackets. Keys are compared by value: `[0]` and `["0"]` differ, as they do
// in Terraform (a count index against a for_each key).
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_PLAN_ADDRESS_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_PLAN_ADDRESS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace segproof::terraform::plan {

// A count index (a number, as written) or a for_each key (a string,
// unescaped).
struct InstanceKey {
  bool is_string = false;
  std::string text;

  bool operator==(const InstanceKey& other) const = default;
};

struct TraversalStep {
  std::string name;
  std::optional<InstanceKey> key;
  size_t end = 0;  // offset in the text just after the step and its key
};

// The steps of `text`, or nullopt when it is not a traversal (a bracket that
// does not close, an empty name, a key that is neither a number nor a quoted
// string).
std::optional<std::vector<TraversalStep>> parseTraversal(std::string_view text);

// A reference split into what it names. Resource references have a type and
// a name; `attribute` is what follows, e.g. "id" or "tags.Name" ("" when the
// reference names the whole resource).
struct Reference {
  enum class Kind { kResource, kData, kVariable, kModuleOutput, kOther };
  Kind kind = Kind::kOther;
  std::string type;                // resource type; for kVariable the variable name,
                                   // for kModuleOutput the module call name
  std::string name;                // resource name; for kModuleOutput the output name
  std::optional<InstanceKey> key;  // of the resource or module call
  std::string attribute;
};

// What `text` refers to; kOther for locals, each, count, path, self and
// anything that does not parse.
Reference parseReference(std::string_view text);

// The module instance that holds the resource instance at `address`:
// "module.net[0]" for "module.net[0].aws_subnet.a", "" for a root resource.
// Returns nullopt when `address` does not parse.
std::optional<std::string> moduleOfAddress(std::string_view address);

// The names of the module calls along a module instance address, without
// keys: {"net", "inner"} for "module.net[0].module.inner".
std::vector<std::string> moduleCallPath(std::string_view module_address);

}  // namespace segproof::terraform::plan

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_PLAN_ADDRESS_H_
