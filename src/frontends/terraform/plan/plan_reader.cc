#include "frontends/terraform/plan/plan_reader.h"

#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "frontends/common/json_document.h"
#include "frontends/terraform/plan/address.h"
#include "frontends/terraform/plan/reference_resolver.h"
#include "frontends/terraform/plan/value_builder.h"

namespace segproof::terraform {

namespace {

using plan::PlannedInstance;

// Reads the document's plan or state into PlannedInstances, reporting what
// does not have the documented shape.
class InstanceCollector {
 public:
  explicit InstanceCollector(DiagnosticEngine& diags) : diags_(diags) {}

  // The member `key` of `object` if it is a `kind`. A member that is absent
  // (or null) is reported when `required`; one of another kind always is.
  const json::Node* get(const json::Node& object, std::string_view key, json::Kind kind,
                        bool required, std::string_view what) {
    const json::Node* value = object.find(key);
    if (value == nullptr || (value->isNull() && kind != json::Kind::kNull)) {
      if (required) {
        diags_.error("terraform-json", object.location,
                     std::string(what) + " has no \"" + std::string(key) + "\"");
      }
      return nullptr;
    }
    if (value->kind != kind) {
      diags_.error("terraform-json", value->location,
                   "\"" + std::string(key) + "\" must be " + json::kindName(kind) + ", not " +
                       json::kindName(value->kind));
      return nullptr;
    }
    return value;
  }

  // Collects the instances of a plan or a state, in this order: planned
  // values, changes that planned values leave out, the prior state, and the
  // values of a state.
  void readDocument(const json::Node& root) {
    if (const json::Node* changes =
            get(root, "resource_changes", json::Kind::kArray, false, "plan")) {
      readChanges(*changes);
    }
    if (const json::Node* planned = get(root, "planned_values", json::Kind::kObject, false, "plan"))
      readValues(*planned, "planned_values");
    readChangedOnly();
    if (const json::Node* prior = get(root, "prior_state", json::Kind::kObject, false, "plan")) {
      if (const json::Node* values =
              get(*prior, "values", json::Kind::kObject, false, "prior_state")) {
        readValues(*values, "prior_state.values");
      }
    }
    if (const json::Node* values = get(root, "values", json::Kind::kObject, false, "state"))
      readValues(*values, "values");
  }

  std::vector<PlannedInstance> take() { return std::move(instances_); }

 private:
  void readValues(const json::Node& holder, std::string_view what) {
    if (const json::Node* module = get(holder, "root_module", json::Kind::kObject, true, what))
      readModule(*module);
  }

  // Indexes resource_changes by address.
  void readChanges(const json::Node& changes) {
    for (const json::Node* item : changes.items) {
      if (!item->isObject()) {
        diags_.error("terraform-json", item->location, "a resource change must be an object");
        continue;
      }
      const json::Node* address =
          get(*item, "address", json::Kind::kString, true, "resource change");
      const json::Node* change = get(*item, "change", json::Kind::kObject, true, "resource change");
      if (address == nullptr || change == nullptr) continue;
      changes_[address->text] = item;
    }
  }

  // Collects the instances of a module object ("root_module" or one of its
  // "child_modules") that are not already known and not deleted.
  void readModule(const json::Node& module) {
    if (const json::Node* resources =
            get(module, "resources", json::Kind::kArray, false, "module")) {
      for (const json::Node* resource : resources->items) {
        if (!resource->isObject()) {
          diags_.error("terraform-json", resource->location, "a resource must be an object");
          continue;
        }
        const json::Node* values = get(*resource, "values", json::Kind::kObject, true, "resource");
        if (values != nullptr) add(*resource, values);
      }
    }
    if (const json::Node* children =
            get(module, "child_modules", json::Kind::kArray, false, "module")) {
      for (const json::Node* child : children->items) {
        if (child->isObject()) {
          readModule(*child);
        } else {
          diags_.error("terraform-json", child->location, "a child module must be an object");
        }
      }
    }
  }

  // Instances the plan changes but planned_values leaves out.
  void readChangedOnly() {
    for (const auto& [address, item] : changes_) {
      if (seen_.count(address) > 0) continue;
      const json::Node* after = item->find("change")->find("after");
      if (after != nullptr && after->isObject()) add(*item, after);
    }
  }

  // Whether the plan's change for `address` only removes it.
  bool removed(const std::string& address) const {
    auto found = changes_.find(address);
    if (found == changes_.end()) return false;
    const json::Node* actions = found->second->find("change")->find("actions");
    if (actions == nullptr || !actions->isArray() || actions->items.empty()) return false;
    for (const json::Node* action : actions->items)
      if (action->text != "delete" && action->text != "forget") return false;
    return true;
  }

  void add(const json::Node& resource, const json::Node* values) {
    const json::Node* address = get(resource, "address", json::Kind::kString, true, "resource");
    const json::Node* mode = get(resource, "mode", json::Kind::kString, true, "resource");
    const json::Node* type = get(resource, "type", json::Kind::kString, true, "resource");
    const json::Node* name = get(resource, "name", json::Kind::kString, true, "resource");
    if (address == nullptr || mode == nullptr || type == nullptr || name == nullptr) return;
    std::optional<std::string> module = plan::moduleOfAddress(address->text);
    if (!module) {
      diags_.error("terraform-json", address->location,
                   "\"" + address->text + "\" is not a resource address");
      return;
    }
    if (seen_.count(address->text) > 0 || removed(address->text)) return;
    PlannedInstance instance;
    instance.resource = &resource;
    instance.values = values;
    instance.address = address->text;
    instance.module = *module;
    instance.type = type->text;
    instance.name = name->text;
    instance.data = mode->text == "data";
    if (const json::Node* index = resource.find("index")) {
      if (index->kind == json::Kind::kNumber || index->isString()) {
        instance.key = plan::InstanceKey{index->isString(), index->text};
      } else if (!index->isNull()) {
        diags_.error(
            "terraform-json", index->location,
            std::string("\"index\" must be a number or a string, not ") + json::kindName(index->kind));
      }
    }
    auto change = changes_.find(instance.address);
    if (change != changes_.end()) {
      const json::Node* after_unknown = change->second->find("change")->find("after_unknown");
      if (after_unknown != nullptr && after_unknown->isObject())
        instance.after_unknown = after_unknown;
    }
    seen_.insert(instance.address);
    instances_.push_back(std::move(instance));
  }

  DiagnosticEngine& diags_;
  std::map<std::string, const json::Node*> changes_;
  std::set<std::string> seen_;
  std::vector<PlannedInstance> instances_;
};

// Reports and returns false unless `root` declares a format this reader knows.
bool checkFormat(const json::Node& root, DiagnosticEngine& diags) {
  const json::Node* version = root.isObject() ? root.find("format_version") : nullptr;
  if (version == nullptr) {
    diags.error("terraform-json", root.location,
                "not a Terraform plan or state: expected an object with \"format_version\", "
                "as `terraform show -json` prints");
    return false;
  }
  if (!version->isString()) {
    diags.error("terraform-json", version->location, "\"format_version\" must be a string");
    return false;
  }
  std::string major = version->text.substr(0, version->text.find('.'));
  if (major != "0" && major != "1") {
    diags.error("terraform-json", version->location,
                "unsupported format_version \"" + version->text +
                    "\": this reader knows versions 0.x and 1.x");
    return false;
  }
  return true;
}

}  // namespace

bool isTerraformJson(std::string_view text) {
  if (!json::hasTopLevelKey(text, "format_version")) return false;
  for (std::string_view key :
       {"planned_values", "values", "resource_changes", "prior_state", "terraform_version"}) {
    if (json::hasTopLevelKey(text, key)) return true;
  }
  return false;
}

namespace {

// The address of the first instance with each known id.
std::map<std::string, std::string> addressesById(const Configuration& config) {
  std::map<std::string, std::string> out;
  for (const ResourceInstance& r : config.resources) {
    const EvalAttribute* id = r.body.attribute("id");
    if (id != nullptr && id->value.isString()) out.emplace(id->value.asString(), r.address);
  }
  return out;
}

// The instance a reference attribute names: "<address>.id" unknown, or a
// known id (looked up in `by_id`, from addressesById).
std::string referencedAddress(const std::map<std::string, std::string>& by_id,
                              const EvalAttribute* attribute) {
  if (attribute == nullptr) return "";
  const hcl::Value& value = attribute->value;
  if (value.isUnknown()) {
    const std::string& text = value.description();
    if (text.size() > 3 && text.compare(text.size() - 3, 3, ".id") == 0)
      return text.substr(0, text.size() - 3);
    return "";
  }
  if (!value.isString()) return "";
  auto it = by_id.find(value.asString());
  return it == by_id.end() ? "" : it->second;
}

// A security group's inline rules, or a route table's inline routes, that the
// plan marks wholly unknown while the configuration does not write them, are
// the provider's computed copy of rules managed by separate resources
// (aws_security_group_rule, aws_vpc_security_group_*_rule, aws_route): the
// provider documents that inline and separate rules must not be mixed, so
// the separate resources are the rules. Without separate resources the
// unknown stays (a dynamic block with an unknown for_each looks the same).
void dropSeparatelyManagedBlocks(Configuration& config,
                                 const std::vector<std::vector<std::string>>& unwritten) {
  std::set<std::string> managed;  // "<address> <block>"
  const std::map<std::string, std::string> by_id = addressesById(config);
  for (const ResourceInstance& r : config.resources) {
    if (r.type == "aws_security_group_rule") {
      const EvalAttribute* type = r.body.attribute("type");
      std::string block = type && type->value.isString() ? type->value.asString() : "";
      std::string group = referencedAddress(by_id, r.body.attribute("security_group_id"));
      if (!group.empty() && (block == "ingress" || block == "egress"))
        managed.insert(group + " " + block);
    } else if (r.type == "aws_vpc_security_group_ingress_rule" ||
               r.type == "aws_vpc_security_group_egress_rule") {
      std::string group = referencedAddress(by_id, r.body.attribute("security_group_id"));
      bool ingress = r.type == "aws_vpc_security_group_ingress_rule";
      if (!group.empty()) managed.insert(group + (ingress ? " ingress" : " egress"));
    } else if (r.type == "aws_route") {
      std::string table = referencedAddress(by_id, r.body.attribute("route_table_id"));
      if (!table.empty()) managed.insert(table + " route");
    }
  }
  for (size_t i = 0; i < config.resources.size(); ++i) {
    ResourceInstance& r = config.resources[i];
    for (const std::string& block : unwritten[i]) {
      if (managed.count(r.address + " " + block)) r.body.attributes.erase(block);
    }
  }
}

}  // namespace

Configuration readTerraformJson(const std::string& file, std::string_view text,
                                DiagnosticEngine& diags) {
  Configuration out;
  out.files.push_back(file);
  std::optional<json::Document> document = json::Document::parse(file, text, diags);
  if (!document) return out;
  const json::Node& root = *document->root();
  if (!checkFormat(root, diags)) return out;

  InstanceCollector collector(diags);
  collector.readDocument(root);
  const json::Node* configuration = nullptr;
  if (const json::Node* config =
          collector.get(root, "configuration", json::Kind::kObject, false, "plan")) {
    configuration = config->find("root_module");
  }

  std::vector<PlannedInstance> instances = collector.take();
  plan::ReferenceResolver resolver(configuration, instances);
  plan::SourceRanges ranges(file, text);
  plan::ValueBuilder builder(ranges, resolver);
  std::vector<std::vector<std::string>> unwritten(instances.size());
  for (size_t i = 0; i < instances.size(); ++i) {
    const PlannedInstance& planned = instances[i];
    ResourceInstance instance;
    instance.address = planned.address;
    instance.type = planned.type;
    instance.name = planned.name;
    instance.module = planned.module;
    instance.data = planned.data;
    instance.range = ranges.of(*planned.resource);
    instance.body = builder.build(planned, resolver.resourceConfig(planned), &unwritten[i]);
    out.resources.push_back(std::move(instance));
  }
  dropSeparatelyManagedBlocks(out, unwritten);
  return out;
}

}  // namespace segproof::terraform
