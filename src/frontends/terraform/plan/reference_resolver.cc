#include "frontends/terraform/plan/reference_resolver.h"

#include <set>
#include <string>

namespace segproof::terraform::plan {

namespace {

// Variables and outputs lead from module to module; a configuration that
// loops (Terraform rejects it) stops here.
constexpr int kMaxResolveDepth = 32;

// `object`'s member `key` when `object` is an object, else nullptr.
const json::Node* member(const json::Node* object, std::string_view key) {
  return object != nullptr && object->isObject() ? object->find(key) : nullptr;
}

std::string resourceKey(const std::string& module, bool data, const std::string& type,
                        const std::string& name) {
  return module + "|" + (data ? "data" : "managed") + "|" + type + "|" + name;
}

std::string moduleKey(const std::string& parent, const std::string& call) {
  return parent + "|" + call;
}

std::string withModule(const std::string& module, std::string_view address) {
  return module.empty() ? std::string(address) : module + "." + std::string(address);
}

// Whether `longer` is `shorter` followed by more steps.
bool extends(const std::string& longer, const std::string& shorter) {
  return longer.size() > shorter.size() && longer.compare(0, shorter.size(), shorter) == 0 &&
         (longer[shorter.size()] == '.' || longer[shorter.size()] == '[');
}

}  // namespace

ReferenceResolver::ReferenceResolver(const json::Node* configuration_root,
                                     const std::vector<PlannedInstance>& instances)
    : configuration_root_(configuration_root) {
  std::set<std::string> modules_seen;  // each module instance's calls are noted once
  for (const PlannedInstance& instance : instances) {
    resources_[resourceKey(instance.module, instance.data, instance.type, instance.name)].push_back(
        {instance.key, instance.address});
    if (!modules_seen.insert(instance.module).second) continue;
    std::optional<std::vector<TraversalStep>> steps = parseTraversal(instance.module);
    if (!steps) continue;
    for (size_t i = 0; i + 1 < steps->size(); i += 2) {
      std::string parent = instance.module.substr(0, i == 0 ? 0 : (*steps)[i - 1].end);
      std::string address = instance.module.substr(0, (*steps)[i + 1].end);
      std::vector<Entry>& calls = modules_[moduleKey(parent, (*steps)[i + 1].name)];
      bool known = false;
      for (const Entry& entry : calls) known = known || entry.address == address;
      if (!known) calls.push_back({(*steps)[i + 1].key, address});
    }
  }
}

const json::Node* ReferenceResolver::moduleConfig(const std::string& module) const {
  const json::Node* config = configuration_root_;
  for (const std::string& call : moduleCallPath(module))
    config = member(member(member(config, "module_calls"), call), "module");
  return config;
}

const json::Node* ReferenceResolver::resourceConfig(const PlannedInstance& instance) const {
  const json::Node* resources = member(moduleConfig(instance.module), "resources");
  if (resources == nullptr || !resources->isArray()) return nullptr;
  for (const json::Node* resource : resources->items) {
    const json::Node* mode = member(resource, "mode");
    const json::Node* type = member(resource, "type");
    const json::Node* name = member(resource, "name");
    if (mode == nullptr || type == nullptr || name == nullptr) continue;
    if ((mode->text == "data") == instance.data && type->text == instance.type &&
        name->text == instance.name) {
      return resource;
    }
  }
  return nullptr;
}

std::vector<std::string> ReferenceResolver::targets(const json::Node& expression) {
  std::vector<std::string> out;
  const json::Node* references = member(&expression, "references");
  if (references == nullptr || !references->isArray()) return out;
  for (const json::Node* reference : references->items) {
    if (!reference->isString()) continue;
    const std::string& text = reference->text;
    if (text.rfind("each.", 0) == 0 || text.rfind("count.", 0) == 0) continue;
    if (!out.empty() && extends(out.back(), text)) continue;
    out.push_back(text);
  }
  return out;
}

std::optional<std::string> ReferenceResolver::resolve(std::string_view reference,
                                                      const ReferenceContext& from,
                                                      std::optional<int> element) const {
  std::vector<std::string> found = matches(reference, from, element, false, 0);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<std::string> ReferenceResolver::resolveAll(std::string_view reference,
                                                       const ReferenceContext& from) const {
  return matches(reference, from, std::nullopt, true, 0);
}

std::string ReferenceResolver::fallback(std::string_view reference, const ReferenceContext& from) {
  Reference ref = parseReference(reference);
  if (ref.kind != Reference::Kind::kResource && ref.kind != Reference::Kind::kData)
    return std::string(reference);
  std::string text = withModule(from.module, reference);
  return ref.attribute.empty() ? text + ".id" : text;
}

std::vector<const ReferenceResolver::Entry*> ReferenceResolver::pick(
    const std::vector<Entry>& entries, const std::optional<InstanceKey>& key,
    const ReferenceContext& from, std::optional<int> element, bool all) {
  auto withKey = [&entries](const InstanceKey& wanted) -> std::vector<const Entry*> {
    for (const Entry& entry : entries)
      if (entry.key == wanted) return {&entry};
    return {};
  };
  if (key) return withKey(*key);
  if (entries.size() == 1) return {&entries.front()};
  if (element) {
    std::vector<const Entry*> found = withKey({false, std::to_string(*element)});
    if (!found.empty()) return found;
  }
  if (from.key) {
    std::vector<const Entry*> found = withKey(*from.key);
    if (!found.empty() || !all) return found;
  }
  std::vector<const Entry*> out;
  if (all)
    for (const Entry& entry : entries) out.push_back(&entry);
  return out;
}

std::vector<std::string> ReferenceResolver::matchesOfExpression(const json::Node* expression,
                                                                const ReferenceContext& from,
                                                                std::optional<int> element,
                                                                bool all, int depth) const {
  std::vector<std::string> out;
  if (expression == nullptr) return out;
  for (const std::string& target : targets(*expression)) {
    std::vector<std::string> found = matches(target, from, element, all, depth + 1);
    out.insert(out.end(), found.begin(), found.end());
    if (!all && !out.empty()) break;
  }
  return out;
}

std::vector<std::string> ReferenceResolver::matches(std::string_view reference,
                                                    const ReferenceContext& from,
                                                    std::optional<int> element, bool all,
                                                    int depth) const {
  if (depth > kMaxResolveDepth) return {};
  Reference ref = parseReference(reference);
  switch (ref.kind) {
    case Reference::Kind::kResource:
    case Reference::Kind::kData: {
      bool data = ref.kind == Reference::Kind::kData;
      auto found = resources_.find(resourceKey(from.module, data, ref.type, ref.name));
      if (found == resources_.end()) return {};
      std::vector<std::string> out;
      for (const Entry* entry : pick(found->second, ref.key, from, element, all))
        out.push_back(entry->address + "." + (ref.attribute.empty() ? "id" : ref.attribute));
      return out;
    }
    case Reference::Kind::kVariable: {
      // A module's variable is the expression of its module call, read in
      // the calling module and preferring the module instance's key.
      std::optional<std::vector<TraversalStep>> steps = parseTraversal(from.module);
      if (from.module.empty() || !steps || steps->size() < 2) return {};
      const TraversalStep& call = steps->back();
      std::string parent =
          from.module.substr(0, steps->size() == 2 ? 0 : (*steps)[steps->size() - 3].end);
      const json::Node* expression = member(
          member(member(member(moduleConfig(parent), "module_calls"), call.name), "expressions"),
          ref.type);
      return matchesOfExpression(expression, {parent, call.key}, element, all, depth);
    }
    case Reference::Kind::kModuleOutput: {
      auto found = modules_.find(moduleKey(from.module, ref.type));
      if (found == modules_.end()) return {};
      std::vector<std::string> out;
      for (const Entry* entry : pick(found->second, ref.key, from, element, all)) {
        const json::Node* expression =
            member(member(member(moduleConfig(entry->address), "outputs"), ref.name), "expression");
        std::vector<std::string> inner =
            matchesOfExpression(expression, {entry->address, entry->key}, element, all, depth);
        out.insert(out.end(), inner.begin(), inner.end());
        if (!all && !out.empty()) break;
      }
      return out;
    }
    case Reference::Kind::kOther:
      return {};
  }
  return {};
}

}  // namespace segproof::terraform::plan
