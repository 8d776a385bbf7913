#include "frontends/terraform/module/module_evaluator.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <cctype>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

#include "frontends/common/input_file.h"
#include "frontends/common/json_document.h"
#include "frontends/common/limits.h"
#include "frontends/terraform/eval/evaluator.h"
#include "frontends/terraform/hcl/json_syntax.h"
#include "frontends/terraform/hcl/parser.h"
#include "frontends/terraform/module/module_source.h"
#include "frontends/terraform/module/references.h"
#include "frontends/terraform/module/variable_types.h"

namespace segproof::terraform {

namespace fs = std::filesystem;

namespace {

using hcl::Value;

// Meta-arguments of resource and module blocks: not resource attributes.
bool isMetaArgument(const std::string& name) {
  return name == "count" || name == "for_each" || name == "depends_on" || name == "provider" ||
         name == "providers" || name == "source" || name == "version";
}

bool isSkippedBlock(const std::string& type) {
  return type == "lifecycle" || type == "provisioner" || type == "connection" ||
         type == "precondition" || type == "postcondition";
}

std::string quoteKey(const std::string& key) {
  std::string out = "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"]";
}


bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// An instance of a resource or module block: its key and the bindings
// (count / each) its body sees.
struct InstanceKey {
  std::string suffix;  // "", "[0]", "[\"a\"]"
  std::map<std::string, Value> bindings;
  Value key;  // the count index or each.key; null for a single instance
};

// What references see of a block's instances: the one instance's value, a
// list of them (count) or a map by key (for_each).
class InstanceValues {
 public:
  InstanceValues(bool multiple, bool keyed) : multiple_(multiple), keyed_(keyed) {}
  void add(const InstanceKey& instance, Value value) {
    if (!multiple_) {
      single_ = std::move(value);
    } else if (keyed_) {
      map_[hcl::toString(instance.key).value_or("?")] = std::move(value);
    } else {
      list_.push_back(std::move(value));
    }
  }
  Value take() {
    if (!multiple_) return std::move(single_);
    return keyed_ ? Value::map(std::move(map_)) : Value::list(std::move(list_));
  }

 private:
  bool multiple_;
  bool keyed_;
  Value single_;
  hcl::ValueList list_;
  hcl::ValueMap map_;
};

// State shared by all module instances of one root evaluation.
struct Loader {
  Loader(std::string root, DiagnosticEngine& d) : root_dir(std::move(root)), diags(d) {}

  const ModuleSource& sourceFor(const std::string& dir) {
    std::string key = fs::path(dir).lexically_normal().generic_string();
    auto it = sources.find(key);
    if (it == sources.end()) {
      auto source = readModuleSource(key, terraformFilesIn(key), diags);
      for (const std::string& file : source->files) config.files.push_back(file);
      it = sources.emplace(key, std::move(source)).first;
    }
    return *it->second;
  }

  // Where `terraform init` put the module with this key ("vpc", "vpc.sub").
  std::optional<std::string> installedModule(const std::string& key);

  std::string root_dir;
  DiagnosticEngine& diags;
  // Hostile-input limits (limits.h), over the whole module tree.
  size_t instances = 0;  // resource and module instances made so far
  bool instances_reported = false;
  int reference_chain = 0;  // values being evaluated, each waiting on the next
  bool chain_reported = false;
  std::map<std::string, std::unique_ptr<ModuleSource>> sources;
  std::optional<std::map<std::string, std::string>> installed;  // modules.json
  Configuration config;
};

std::optional<std::string> Loader::installedModule(const std::string& key) {
  if (!installed) {
    installed.emplace();
    std::string path = (fs::path(root_dir) / ".terraform" / "modules" / "modules.json").string();
    std::error_code error;
    if (fs::exists(path, error)) {
      std::string text;
      if (readInputFile(path, text, diags) != ReadStatus::kOk) text = "{}";
      diags.addSource(path, text);
      std::optional<json::Document> document = json::Document::parse(path, text, diags);
      const json::Node* modules = document && document->root() ? document->root()->find("Modules")
                                                                 : nullptr;
      if (modules && modules->isArray()) {
        for (const json::Node* entry : modules->items) {
          const json::Node* k = entry->find("Key");
          const json::Node* dir = entry->find("Dir");
          if (k && dir && k->isString() && dir->isString())
            (*installed)[k->text] = (fs::path(root_dir) / dir->text).string();
        }
      }
    }
  }
  auto it = installed->find(key);
  if (it == installed->end()) return std::nullopt;
  return it->second;
}

class ModuleRun {
 public:
  ModuleRun(Loader& loader, const ModuleSource& source, std::string address, std::string key_path,
            std::map<std::string, Value> variables, int depth)
      : loader_(loader),
        source_(source),
        address_(std::move(address)),
        key_path_(std::move(key_path)),
        variables_(std::move(variables)),
        depth_(depth),
        evaluator_(loader.diags) {}

  // Evaluates every resource, data source and module call.
  void runAll();
  // The module's outputs as an object; missing ones read as unknown.
  Value outputs();

 private:
  enum class State { kNone, kRunning, kDone };
  struct Entry {
    State state = State::kNone;
    Value value;
  };

  std::string prefix() const { return address_.empty() ? "" : address_ + "."; }

  hcl::Scope scope() {
    return hcl::Scope([this](const std::string& name) { return lookup(name); },
                      [this](const std::string& root, const std::string& attribute) {
                        return lookupMember(root, attribute);
                      });
  }
  std::optional<Value> lookup(const std::string& name);
  std::optional<Value> computeLookup(const std::string& name);
  std::optional<Value> lookupMember(const std::string& root, const std::string& attribute);
  // The `kind` ("resource" or "data") blocks of `type` as an object by name,
  // each unknown until evaluated; nullopt when there are none.
  std::optional<Value> typeObject(const std::string& kind, const std::string& type);
  Value placeholder(const std::string& key, const std::string& address);

  // Evaluates what `references` name first, within kMaxReferenceChain.
  void ensure(const std::vector<Reference>& references);
  void ensureEach(const std::vector<Reference>& references);
  void ensureExpr(const hcl::Expr& expr) {
    std::vector<Reference> references;
    collectReferences(expr, references);
    ensure(references);
  }
  void ensureBody(const hcl::Body& body) {
    std::vector<Reference> references;
    collectReferences(body, references);
    ensure(references);
  }

  void warnUndeclared(const Reference& reference);
  void evalLocal(const std::string& name);
  void evalResource(const hcl::Block& block);
  void evalModule(const std::string& name);

  std::optional<Value> evaluate(const hcl::Expr& expr, const hcl::Scope& scope) {
    return evaluator_.evaluate(expr, scope);
  }
  // The instances of a block with count / for_each (evaluated in the module
  // scope); `what` names the block for messages.
  std::vector<InstanceKey> instances(const hcl::Body& body, const std::string& what,
                                     bool& multiple, bool& keyed);
  // Counts `n` more instances of `what` against kMaxResources; false after
  // reporting "too-many-resources" at `meta` (its count or for_each).
  bool reserveInstances(double n, const hcl::Attribute& meta, const std::string& what);
  EvalBody evalBody(const hcl::Body& body, const hcl::Scope& scope, bool top_level);
  void expandDynamic(const hcl::Block& block, const hcl::Scope& scope, EvalBody& out);
  static Value bodyValue(const EvalBody& body, const std::string& prefix);

  void gap(std::string description, SourceLocation location, std::string effect) {
    loader_.config.gaps.push_back({std::move(description), std::move(location), std::move(effect)});
  }

  Loader& loader_;
  const ModuleSource& source_;
  std::string address_;   // "module.net", "module.net[0]"; "" for the root
  std::string key_path_;  // "net.sub" for modules.json; "" for the root
  std::map<std::string, Value> variables_;
  int depth_;
  hcl::Evaluator evaluator_;
  std::map<std::string, Entry> locals_;
  std::map<std::string, Entry> resources_;  // "aws_vpc.main", "data.aws_vpc.x"
  std::map<std::string, Entry> modules_;
  std::vector<std::unique_ptr<ModuleRun>> children_;
  std::set<std::string> undeclared_;  // undeclared names warned about
  std::map<std::string, std::optional<Value>> lookup_cache_;  // cleared when a value is done
};

std::string resourceKey(const hcl::Block& block) {
  return (block.type == "data" ? "data." : "") + block.labels[0].value + "." +
         block.labels[1].value;
}

Value ModuleRun::placeholder(const std::string& key, const std::string& address) {
  auto it = resources_.find(key);
  if (it != resources_.end() && it->second.state == State::kDone) return it->second.value;
  return Value::unknown(address);
}

bool looksLikeResourceType(const std::string& name) {
  size_t underscore = name.find('_');
  if (underscore == std::string::npos || underscore == 0) return false;
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_'))
      return false;
  return true;
}

// Names the configuration does not declare (`var.nope`, `aws_vpc.missing`)
// read as unknowns rather than errors: Terraform would refuse them, but
// snippets and partial configurations are still worth analysing, and an
// unknown can only make verdicts less certain.
std::optional<Value> ModuleRun::lookup(const std::string& name) {
  // Values change only when a local, resource or module finishes; between
  // those moments many expressions read the same roots.
  auto it = lookup_cache_.find(name);
  if (it != lookup_cache_.end()) return it->second;
  std::optional<Value> value = computeLookup(name);
  lookup_cache_.emplace(name, value);
  return value;
}

std::optional<Value> ModuleRun::computeLookup(const std::string& name) {
  if (name == "var") {
    hcl::ValueMap entries(variables_.begin(), variables_.end());
    return Value::object(std::move(entries), prefix() + "var");
  }
  if (name == "local") {
    // Only the locals done so far: the object reads the others as unknown
    // "local.<name>" anyway. Built only when `local` is read whole (local.x
    // goes through lookupMember), at most once per local evaluated.
    hcl::ValueMap entries;
    for (const auto& [local, entry] : locals_)
      if (entry.state == State::kDone) entries.emplace_hint(entries.end(), local, entry.value);
    return Value::object(std::move(entries), prefix() + "local");
  }
  if (name == "module") {
    hcl::ValueMap entries;
    for (const auto& [call, block] : source_.module_calls) {
      const Entry& entry = modules_[call];
      entries[call] = entry.state == State::kDone ? entry.value
                                                  : Value::unknown(prefix() + "module." + call);
    }
    return Value::object(std::move(entries), prefix() + "module");
  }
  if (name == "path") {
    return Value::map({{"module", Value::string(source_.dir)},
                       {"root", Value::string(loader_.root_dir)},
                       {"cwd", Value::string(".")}});
  }
  if (name == "terraform") return Value::map({{"workspace", Value::string("default")}});
  if (name == "data") {
    std::map<std::string, hcl::ValueMap> types;
    for (auto it = source_.resource_index.lower_bound({"data", "", ""});
         it != source_.resource_index.end() && std::get<0>(it->first) == "data"; ++it) {
      const std::string& type = std::get<1>(it->first);
      const std::string& label = std::get<2>(it->first);
      types[type][label] =
          placeholder(resourceKey(*it->second), prefix() + "data." + type + "." + label);
    }
    hcl::ValueMap entries;
    for (auto& [type, names] : types)
      entries[type] = Value::object(std::move(names), prefix() + "data." + type);
    return Value::object(std::move(entries), prefix() + "data");
  }
  if (std::optional<Value> resources = typeObject("resource", name)) return resources;
  if (!looksLikeResourceType(name)) return std::nullopt;
  return Value::unknown(prefix() + name);  // warned about by ensure()
}

// What reading `attribute` out of computeLookup(root) gives, for the roots
// most expressions start with; nullopt for the others (and for a missing
// resource, whose reading reports an error), which are read whole.
std::optional<Value> ModuleRun::lookupMember(const std::string& root,
                                             const std::string& attribute) {
  if (root == "var") {
    auto it = variables_.find(attribute);
    if (it != variables_.end()) return it->second;
    return Value::unknown(prefix() + "var." + attribute);
  }
  if (root == "local") {
    auto it = locals_.find(attribute);
    if (it != locals_.end() && it->second.state == State::kDone) return it->second.value;
    return Value::unknown(prefix() + "local." + attribute);
  }
  if (root == "module") {
    auto it = modules_.find(attribute);
    if (it != modules_.end() && it->second.state == State::kDone) return it->second.value;
    return Value::unknown(prefix() + "module." + attribute);
  }
  if (root == "data") return typeObject("data", attribute);
  if (root == "path" || root == "terraform") return std::nullopt;
  if (!source_.findResource("resource", root, attribute)) return std::nullopt;
  std::string key = root + "." + attribute;
  return placeholder(key, prefix() + key);
}

std::optional<Value> ModuleRun::typeObject(const std::string& kind, const std::string& type) {
  std::string base = prefix() + (kind == "data" ? "data." : "") + type;
  hcl::ValueMap names;
  for (auto it = source_.resource_index.lower_bound({kind, type, ""});
       it != source_.resource_index.end() && std::get<0>(it->first) == kind &&
       std::get<1>(it->first) == type;
       ++it) {
    const std::string& label = std::get<2>(it->first);
    names.emplace_hint(names.end(), label,
                       placeholder(resourceKey(*it->second), base + "." + label));
  }
  if (names.empty()) return std::nullopt;
  return Value::object(std::move(names), base);
}

void ModuleRun::ensure(const std::vector<Reference>& references) {
  if (references.empty()) return;
  if (loader_.reference_chain >= limits::kMaxReferenceChain) {
    if (!loader_.chain_reported) {
      loader_.diags.error("nesting-too-deep", references.front().location,
                          "more than " + std::to_string(limits::kMaxReferenceChain) +
                              " values wait on one another here (locals, resources or modules "
                              "each referring to the next)");
    }
    loader_.chain_reported = true;
    return;
  }
  ++loader_.reference_chain;
  ensureEach(references);
  --loader_.reference_chain;
}

void ModuleRun::ensureEach(const std::vector<Reference>& references) {
  for (const Reference& reference : references) {
    bool declared = true;
    if (reference.root == "local") {
      declared = source_.locals.count(reference.name) > 0;
      if (declared) evalLocal(reference.name);
    } else if (reference.root == "module") {
      declared = source_.module_calls.count(reference.name) > 0;
      if (declared) evalModule(reference.name);
    } else if (reference.root == "var") {
      declared = reference.name.empty() || variables_.count(reference.name) > 0;
    } else if (reference.root == "data") {
      const hcl::Block* block = source_.findResource("data", reference.name, reference.name2);
      if (block) evalResource(*block);
      declared = block || reference.name2.empty();
    } else if (!reference.name.empty() && looksLikeResourceType(reference.root)) {
      const hcl::Block* block = source_.findResource("resource", reference.root, reference.name);
      if (block) evalResource(*block);
      declared = block != nullptr;
    }
    if (!declared) warnUndeclared(reference);
  }
}

void ModuleRun::warnUndeclared(const Reference& reference) {
  std::string name = reference.root + "." + reference.name +
                     (reference.name2.empty() ? "" : "." + reference.name2);
  if (!undeclared_.insert(name).second) return;
  loader_.diags.warning("terraform-undeclared-reference", reference.location,
                        name + " is not declared in this module; its value is unknown "
                               "(Terraform would refuse the reference)");
}

void ModuleRun::evalLocal(const std::string& name) {
  Entry& entry = locals_[name];
  if (entry.state != State::kNone) return;
  entry.state = State::kRunning;
  const hcl::Attribute& attribute = *source_.locals.at(name);
  ensureExpr(*attribute.value);
  std::optional<Value> value = evaluate(*attribute.value, scope());
  Entry& done = locals_[name];
  done.value = value ? *value : Value::unknown(prefix() + "local." + name);
  done.state = State::kDone;
  lookup_cache_.clear();
}

std::vector<InstanceKey> ModuleRun::instances(const hcl::Body& body, const std::string& what,
                                              bool& multiple, bool& keyed) {
  multiple = false;
  keyed = false;
  const hcl::Attribute* count = nullptr;
  const hcl::Attribute* for_each = nullptr;
  for (const hcl::Attribute& attribute : body.attributes) {
    if (attribute.name == "count") count = &attribute;
    if (attribute.name == "for_each") for_each = &attribute;
  }
  std::vector<InstanceKey> out;
  if (count) {
    multiple = true;
    std::optional<Value> value = evaluate(*count->value, scope());
    if (!value) return out;
    if (value->isUnknown()) {
      loader_.diags.warning("terraform-unknown-count", count->range.location(),
                            "the count of " + what + " is unknown (" + value->description() +
                                "); one instance is assumed");
      gap(what + " count", count->range.location(),
          "its number of instances is unknown; one instance is analysed");
      out.push_back({"[0]", {{"count", Value::map({{"index", Value::number(0)}})}},
                     Value::number(0)});
      return out;
    }
    std::optional<double> n = value->isNull() ? std::nullopt : hcl::toNumber(*value);
    if (!n || !hcl::isInteger(*n) || *n < 0) {
      loader_.diags.error("hcl-eval", count->range.location(),
                          "count must be a whole number, not " + value->str());
      return out;
    }
    if (!reserveInstances(*n, *count, what)) return out;
    for (long long i = 0; i < static_cast<long long>(*n); ++i) {
      Value index = Value::number(static_cast<double>(i));
      out.push_back({"[" + std::to_string(i) + "]", {{"count", Value::map({{"index", index}})}},
                     index});
    }
    return out;
  }
  if (for_each) {
    multiple = true;
    keyed = true;
    std::optional<Value> value = evaluate(*for_each->value, scope());
    if (!value) return out;
    auto add = [&](const std::string& key, const Value& item) {
      Value each = Value::map({{"key", Value::string(key)}, {"value", item}});
      out.push_back({quoteKey(key), {{"each", each}}, Value::string(key)});
    };
    bool unknown_keys = value->isUnknown();
    if (value->isSequence())
      for (const Value& item : value->items()) unknown_keys = unknown_keys || item.isUnknown();
    if (unknown_keys) {
      loader_.diags.warning("terraform-unknown-for-each", for_each->range.location(),
                            "the for_each of " + what + " is unknown (" +
                                (value->isUnknown() ? value->description() : value->str()) +
                                "); one instance is assumed");
      gap(what + " for_each", for_each->range.location(),
          "its instances are unknown; one instance is analysed");
      Value each = Value::map({{"key", Value::unknown("each.key")},
                               {"value", Value::unknown("each.value")}});
      out.push_back({"[\"?\"]", {{"each", each}}, Value::string("?")});
      return out;
    }
    double size = value->isMap()        ? static_cast<double>(value->entries().size())
                  : value->isSequence() ? static_cast<double>(value->items().size())
                                        : 0;
    if (!reserveInstances(size, *for_each, what)) return out;
    if (value->isMap()) {
      for (const auto& [key, item] : value->entries()) add(key, item);
    } else if (value->isSequence()) {
      if (value->kind() == hcl::ValueKind::kList && !value->items().empty()) {
        loader_.diags.warning("terraform-invalid", for_each->range.location(),
                              "for_each over a list: Terraform requires a map or a set; it is "
                              "read as toset(...)");
      }
      for (const Value& item : value->items()) {
        std::optional<std::string> key =
            item.isUnknown() || item.isNull() ? std::nullopt : hcl::toString(item);
        if (!key) {
          loader_.diags.error("hcl-eval", for_each->range.location(),
                              "for_each over a set needs known strings, not " + item.str());
          continue;
        }
        add(*key, Value::string(*key));
      }
    } else {
      loader_.diags.error("hcl-eval", for_each->range.location(),
                          "for_each must be a map or a set of strings, not " + value->str());
    }
    return out;
  }
  ++loader_.instances;
  out.push_back({"", {}, Value::null()});
  return out;
}

bool ModuleRun::reserveInstances(double n, const hcl::Attribute& meta, const std::string& what) {
  if (static_cast<double>(loader_.instances) + n <= static_cast<double>(limits::kMaxResources)) {
    loader_.instances += static_cast<size_t>(n);
    return true;
  }
  if (loader_.instances_reported) return false;
  loader_.instances_reported = true;
  loader_.diags.error("too-many-resources", meta.value->range.location(),
                      what + " would have " + hcl::formatNumber(n) +
                          " instances; segproof reads at most " +
                          std::to_string(limits::kMaxResources) + " resources in one run");
  return false;
}

Value ModuleRun::bodyValue(const EvalBody& body, const std::string& prefix) {
  hcl::ValueMap entries;
  for (const auto& [name, attribute] : body.attributes) {
    // A resource argument left null may be one the provider computes
    // (aws_vpc.ipv6_cidr_block with assign_generated_ipv6_cidr_block): to
    // other resources it reads as unknown, never as a null it may not be.
    if (!prefix.empty() && attribute.value.isNull()) continue;
    entries[name] = attribute.value;
  }
  // A nested block of a resource reads as an object too: an attribute it
  // does not write (vpc_config[0].cluster_security_group_id) is one the
  // provider may compute, unknown to other resources.
  std::map<std::string, hcl::ValueList> nested;
  for (const EvalBlock& block : body.blocks) {
    hcl::ValueList& items = nested[block.type];
    std::string item = prefix.empty() ? "" : prefix + "." + block.type + "[" + std::to_string(items.size()) + "]";
    items.push_back(bodyValue(block.body, item));
  }
  for (auto& [type, items] : nested) {
    if (!entries.count(type)) entries[type] = Value::list(std::move(items));
  }
  if (prefix.empty()) return Value::map(std::move(entries));
  return Value::object(std::move(entries), prefix);
}

void ModuleRun::expandDynamic(const hcl::Block& block, const hcl::Scope& scope, EvalBody& out) {
  if (block.labels.size() != 1) {
    loader_.diags.error("terraform-invalid", block.range.location(),
                        "a dynamic block needs one label: the type of the blocks it makes");
    return;
  }
  const std::string& type = block.labels[0].value;
  const hcl::Attribute* for_each = nullptr;
  std::string iterator = type;
  for (const hcl::Attribute& attribute : block.body.attributes) {
    if (attribute.name == "for_each") for_each = &attribute;
    if (attribute.name == "iterator") {
      if (const auto* name = std::get_if<hcl::Variable>(&attribute.value->node))
        iterator = name->name;
    }
  }
  const hcl::Block* content = nullptr;
  for (const hcl::Block& nested : block.body.blocks)
    if (nested.type == "content") content = &nested;
  if (!for_each || !content) {
    loader_.diags.error("terraform-invalid", block.range.location(),
                        "a dynamic block needs for_each and a content block");
    return;
  }
  std::optional<Value> collection = evaluator_.evaluate(*for_each->value, scope);
  if (!collection || collection->isNull()) return;
  std::vector<std::pair<Value, Value>> items;
  if (collection->isUnknown()) {
    loader_.diags.warning("terraform-unknown-for-each", for_each->range.location(),
                          "the for_each of dynamic \"" + type + "\" is unknown (" +
                              collection->description() + "); its blocks are left out");
    gap("dynamic \"" + type + "\" blocks", for_each->range.location(),
        "they are left out because their for_each is unknown");
    return;
  }
  if (collection->isMap()) {
    for (const auto& [key, item] : collection->entries()) items.push_back({Value::string(key), item});
  } else if (collection->kind() == hcl::ValueKind::kList) {
    for (size_t i = 0; i < collection->items().size(); ++i)
      items.push_back({Value::number(static_cast<double>(i)), collection->items()[i]});
  } else if (collection->kind() == hcl::ValueKind::kSet) {
    for (const Value& item : collection->items()) items.push_back({item, item});
  } else {
    loader_.diags.error("hcl-eval", for_each->range.location(),
                        "for_each of a dynamic block must be a collection, not " + collection->str());
    return;
  }
  for (const auto& [key, item] : items) {
    hcl::Scope inner(&scope, {{iterator, Value::map({{"key", key}, {"value", item}})}});
    out.blocks.push_back({type, content->range, evalBody(content->body, inner, false)});
  }
}

EvalBody ModuleRun::evalBody(const hcl::Body& body, const hcl::Scope& scope, bool top_level) {
  EvalBody out;
  for (const hcl::Attribute& attribute : body.attributes) {
    if (top_level && isMetaArgument(attribute.name)) continue;
      std::optional<Value> value = evaluator_.evaluate(*attribute.value, scope);
    if (value) out.attributes[attribute.name] = {std::move(*value), attribute.range};
  }
  for (const hcl::Block& block : body.blocks) {
    if (isSkippedBlock(block.type)) continue;
    if (block.type == "dynamic") {
      expandDynamic(block, scope, out);
      continue;
    }
    out.blocks.push_back({block.type, block.range, evalBody(block.body, scope, false)});
  }
  return out;
}

void ModuleRun::evalResource(const hcl::Block& block) {
  std::string key = resourceKey(block);
  if (resources_[key].state != State::kNone) return;
  resources_[key].state = State::kRunning;
  ensureBody(block.body);
  bool data = block.type == "data";
  const std::string& type = block.labels[0].value;
  const std::string& name = block.labels[1].value;
  std::string base = prefix() + (data ? "data." : "") + type + "." + name;
  bool multiple = false;
  bool keyed = false;
  std::vector<InstanceKey> keys = instances(block.body, base, multiple, keyed);
  hcl::Scope module_scope = scope();
  InstanceValues values(multiple, keyed);
  for (const InstanceKey& instance : keys) {
    hcl::Scope inner(&module_scope, instance.bindings);
    ResourceInstance out;
    out.address = base + instance.suffix;
    out.type = type;
    out.name = name;
    out.module = address_;
    out.data = data;
    out.range = block.range;
    out.body = evalBody(block.body, inner, true);
    values.add(instance, bodyValue(out.body, out.address));
    loader_.config.resources.push_back(std::move(out));
  }
  Entry& entry = resources_[key];
  entry.value = values.take();
  entry.state = State::kDone;
  lookup_cache_.clear();
}

void ModuleRun::evalModule(const std::string& name) {
  if (modules_[name].state != State::kNone) return;
  modules_[name].state = State::kRunning;
  const hcl::Block& block = *source_.module_calls.at(name);
  std::string base = prefix() + "module." + name;
  std::string key_path = key_path_.empty() ? name : key_path_ + "." + name;
  auto finish = [&](Value value) {
    Entry& entry = modules_[name];
    entry.value = std::move(value);
    entry.state = State::kDone;
    lookup_cache_.clear();
  };
  ensureBody(block.body);

  const hcl::Attribute* source_attribute = nullptr;
  for (const hcl::Attribute& attribute : block.body.attributes)
    if (attribute.name == "source") source_attribute = &attribute;
  std::optional<Value> source_value =
      source_attribute ? evaluate(*source_attribute->value, hcl::Scope()) : std::nullopt;
  if (!source_value || !source_value->isString()) {
    loader_.diags.error("terraform-invalid", block.range.location(),
                        "module \"" + name + "\" needs a literal source string");
    finish(Value::object({}, base));
    return;
  }
  const std::string& source = source_value->asString();
  std::optional<std::string> dir;
  if (source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0) {
    dir = (fs::path(source_.dir) / source).lexically_normal().generic_string();
  } else {
    dir = loader_.installedModule(key_path);
  }
  std::error_code error;
  if (!dir || !fs::is_directory(*dir, error)) {
    loader_.diags.warning("terraform-module-unavailable", source_attribute->range.location(),
                          "module \"" + name + "\" (source \"" + source +
                              "\") is not available locally" +
                              (dir ? " (no folder " + *dir + ")"
                                   : "; run `terraform init` to fetch it") +
                              "; its resources are not analysed");
    gap(base + " (" + source + ")", source_attribute->range.location(),
        "its resources are not analysed");
    finish(Value::object({}, base));
    return;
  }
  if (depth_ >= limits::kMaxModuleDepth) {
    loader_.diags.error("nesting-too-deep", block.range.location(),
                        "modules nest deeper than " + std::to_string(limits::kMaxModuleDepth) +
                            " levels (a module that calls itself?)");
    finish(Value::object({}, base));
    return;
  }
  const ModuleSource& child_source = loader_.sourceFor(*dir);
  bool multiple = false;
  bool keyed = false;
  std::vector<InstanceKey> keys = instances(block.body, base, multiple, keyed);
  hcl::Scope module_scope = scope();
  InstanceValues values(multiple, keyed);
  for (const InstanceKey& instance : keys) {
    hcl::Scope inner(&module_scope, instance.bindings);
    std::string address = base + instance.suffix;
    std::map<std::string, Value> inputs;
    for (const hcl::Attribute& attribute : block.body.attributes) {
      if (isMetaArgument(attribute.name)) continue;
      if (!child_source.variables.count(attribute.name)) {
        loader_.diags.warning("terraform-undeclared-variable", attribute.range.location(),
                              "module \"" + name + "\" has no variable \"" + attribute.name +
                                  "\"; the argument is ignored");
        continue;
      }
      std::optional<Value> value = evaluator_.evaluate(*attribute.value, inner);
      inputs[attribute.name] = value ? *value : Value::unknown(address + ".var." + attribute.name);
    }
    std::map<std::string, Value> variables;
    for (const auto& [variable, declaration] : child_source.variables) {
      const hcl::Expr* type = nullptr;
      const hcl::Expr* fallback = nullptr;
      for (const hcl::Attribute& attribute : declaration->body.attributes) {
        if (attribute.name == "type") type = attribute.value.get();
        if (attribute.name == "default") fallback = attribute.value.get();
      }
      auto it = inputs.find(variable);
      Value value;
      if (it != inputs.end()) {
        value = it->second;
      } else if (fallback) {
        value = evaluator_.evaluate(*fallback, hcl::Scope()).value_or(Value::null());
      } else {
        loader_.diags.warning("terraform-unset-variable", block.range.location(),
                              "module \"" + name + "\" does not set its required variable \"" +
                                  variable + "\"; it is unknown");
        value = Value::unknown(address + ".var." + variable);
      }
      variables[variable] = convertToType(value, type);
    }
    auto child = std::make_unique<ModuleRun>(loader_, child_source, address, key_path,
                                             std::move(variables), depth_ + 1);
    child->runAll();
    values.add(instance, child->outputs());
    children_.push_back(std::move(child));
  }
  finish(values.take());
}

void ModuleRun::runAll() {
  for (const auto& [name, attribute] : source_.locals) evalLocal(name);
  for (const hcl::Block* block : source_.resources) evalResource(*block);
  for (const auto& [name, block] : source_.module_calls) evalModule(name);
}

Value ModuleRun::outputs() {
  hcl::ValueMap entries;
  for (const auto& [name, block] : source_.outputs) {
    for (const hcl::Attribute& attribute : block->body.attributes) {
      if (attribute.name != "value") continue;
      ensureExpr(*attribute.value);
      std::optional<Value> value = evaluate(*attribute.value, scope());
      entries[name] = value ? *value : Value::unknown(prefix() + "output." + name);
    }
  }
  return Value::object(std::move(entries), address_);
}

// The literal value of a JSON node (tfvars JSON holds values, not templates).
Value jsonValue(const json::Node& node) {
  switch (node.kind) {
    case json::Kind::kNull:
      return Value::null();
    case json::Kind::kBool:
      return Value::boolean(node.boolean);
    case json::Kind::kNumber:
      return Value::number(node.number);
    case json::Kind::kString:
      return Value::string(node.text);
    case json::Kind::kArray: {
      hcl::ValueList items;
      for (const json::Node* item : node.items) items.push_back(jsonValue(*item));
      return Value::list(std::move(items));
    }
    case json::Kind::kObject: {
      hcl::ValueMap entries;
      for (const json::Member& member : node.members) entries[member.key] = jsonValue(*member.value);
      return Value::map(std::move(entries));
    }
  }
  return Value::null();
}

// --- root variables ---------------------------------------------------------

struct Declaration {
  const hcl::Expr* type = nullptr;
  const hcl::Expr* fallback = nullptr;
  SourceLocation location;
};

class RootVariables {
 public:
  RootVariables(const ModuleSource& source, DiagnosticEngine& diags) : diags_(diags) {
    for (const auto& [name, block] : source.variables) {
      Declaration declaration;
      declaration.location = block->range.location();
      for (const hcl::Attribute& attribute : block->body.attributes) {
        if (attribute.name == "type") declaration.type = attribute.value.get();
        if (attribute.name == "default") declaration.fallback = attribute.value.get();
      }
      declarations_[name] = declaration;
    }
  }

  void readDefaults() {
    hcl::Evaluator evaluator(diags_);
    for (const auto& [name, declaration] : declarations_) {
      if (!declaration.fallback) continue;
      std::optional<Value> value = evaluator.evaluate(*declaration.fallback, hcl::Scope());
      if (value) values_[name] = *value;
    }
  }

  // A .tfvars (HCL) or .tfvars.json file; `named` when the user gave it.
  void readFile(const std::string& path, bool named) {
    std::string text;
    ReadStatus read = readInputFile(path, text, diags_);
    if (read != ReadStatus::kOk) {
      if (named && read == ReadStatus::kUnreadable)
        diags_.error("input-not-found", {path, 0, 0}, "cannot read the variables file");
      return;
    }
    diags_.addSource(path, text);
    if (endsWith(path, ".json")) {
      std::optional<json::Document> document = json::Document::parse(path, text, diags_);
      if (!document) return;
      if (!document->root()->isObject()) {
        diags_.error("terraform-invalid", document->root()->location,
                     "a variables file in JSON must hold one object of NAME: VALUE");
        return;
      }
      for (const json::Member& member : document->root()->members)
        assign(member.key, jsonValue(*member.value), member.key_location);
      return;
    }
    hcl::ParseResult parsed = hcl::parse(path, text, diags_);
    hcl::Evaluator evaluator(diags_);
    for (const hcl::Attribute& attribute : parsed.body.attributes) {
      std::optional<Value> value = evaluator.evaluate(*attribute.value, hcl::Scope());
      if (value) assign(attribute.name, *value, attribute.range.location());
    }
  }

  void readOption(const std::string& name, const std::string& text) {
    auto it = declarations_.find(name);
    SourceLocation where{"--var " + name, 0, 0};
    if (it == declarations_.end() || isPrimitiveType(it->second.type)) {
      assign(name, Value::string(text), where);
      return;
    }
    std::string source = "value = " + text + "\n";
    std::string file = "--var " + name;
    diags_.addSource(file, source);
    hcl::ParseResult parsed = hcl::parse(file, source, diags_);
    if (!parsed.ok || parsed.body.attributes.size() != 1) return;
    hcl::Evaluator evaluator(diags_);
    std::optional<Value> value = evaluator.evaluate(*parsed.body.attributes[0].value, hcl::Scope());
    if (value) assign(name, *value, where);
  }

  std::map<std::string, Value> finish() {
    std::map<std::string, Value> out;
    for (const auto& [name, declaration] : declarations_) {
      auto it = values_.find(name);
      if (it == values_.end()) {
        diags_.warning("terraform-unset-variable", declaration.location,
                       "variable \"" + name +
                           "\" has no value (no default, tfvars or --var); it is unknown");
        out[name] = Value::unknown("var." + name);
      } else {
        out[name] = convertToType(it->second, declaration.type);
      }
    }
    return out;
  }

 private:
  void assign(const std::string& name, const Value& value, const SourceLocation& where) {
    if (!declarations_.count(name)) {
      diags_.warning("terraform-undeclared-variable", where,
                     "no variable \"" + name + "\" is declared in the root module; the value is "
                                               "ignored");
      return;
    }
    values_[name] = value;
  }

  DiagnosticEngine& diags_;
  std::map<std::string, Declaration> declarations_;
  std::map<std::string, Value> values_;
};

std::vector<std::string> autoVarFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code error;
  for (const char* name : {"terraform.tfvars", "terraform.tfvars.json"}) {
    std::string path = (fs::path(dir) / name).generic_string();
    if (fs::is_regular_file(path, error)) out.push_back(path);
  }
  std::vector<std::string> autos;
  for (fs::directory_iterator it(dir, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    std::string name = it->path().filename().string();
    if (endsWith(name, ".auto.tfvars") || endsWith(name, ".auto.tfvars.json"))
      autos.push_back(it->path().generic_string());
  }
  std::sort(autos.begin(), autos.end());
  out.insert(out.end(), autos.begin(), autos.end());
  return out;
}

// Evaluates the parsed root module `root` of `dir`.
Configuration evaluateRoot(const std::string& dir, std::unique_ptr<ModuleSource> root,
                           bool read_var_files, const TerraformOptions& options,
                           DiagnosticEngine& diags) {
  Loader loader(dir, diags);
  loader.config.files = root->files;
  RootVariables variables(*root, diags);
  variables.readDefaults();
  if (read_var_files)
    for (const std::string& path : autoVarFiles(dir)) variables.readFile(path, false);
  for (const std::string& path : options.var_files) variables.readFile(path, true);
  for (const auto& [name, value] : options.vars) variables.readOption(name, value);
  ModuleRun run(loader, *root, "", "", variables.finish(), 0);
  run.runAll();
  return std::move(loader.config);
}

}  // namespace

Configuration evaluateRootModule(const std::string& dir, const std::vector<std::string>& files,
                                 bool read_var_files, const TerraformOptions& options,
                                 DiagnosticEngine& diags) {
  return evaluateRoot(dir, readModuleSource(dir, files, diags), read_var_files, options, diags);
}

Configuration evaluateModuleText(const std::string& path, const std::string& content,
                                 DiagnosticEngine& diags) {
  std::string dir = fs::path(path).parent_path().generic_string();
  if (dir.empty()) dir = ".";
  return evaluateRoot(dir, parseModuleText(dir, path, content, diags), false, {}, diags);
}

}  // namespace segproof::terraform
