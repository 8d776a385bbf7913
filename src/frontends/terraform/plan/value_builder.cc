#include "frontends/terraform/plan/value_builder.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace segproof::terraform::plan {

namespace {

const json::Node* member(const json::Node* object, std::string_view key) {
  return object != nullptr && object->isObject() ? object->find(key) : nullptr;
}

const json::Node* itemAt(const json::Node* array, size_t index) {
  return array != nullptr && array->isArray() && index < array->items.size() ? array->items[index]
                                                                             : nullptr;
}

bool isTrue(const json::Node* node) {
  return node != nullptr && node->kind == json::Kind::kBool && node->boolean;
}

// `path` extended by a map key: ".name" for a name, `["a b"]` otherwise.
std::string keyPath(const std::string& path, const std::string& key) {
  bool name = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (name) return path.empty() ? key : path + "." + key;
  return path + "[\"" + key + "\"]";
}

// Whether an attribute named `name` is likely a collection. A plan marks a
// set with an unknown element wholly unknown, so `vpc_security_group_ids =
// [aws_security_group.a.id]` arrives as one unknown; the plural name says
// it is a list of what its expression references.
bool looksLikeCollection(const std::string& path) {
  if (path.empty() || path.back() == ']') return false;
  std::string name = path.substr(path.rfind('.') + 1);
  if (name == "tags" || name == "tags_all") return false;
  return name.size() > 1 && name.back() == 's' && name[name.size() - 2] != 's';
}

}  // namespace

SourceRanges::SourceRanges(std::string file, std::string_view text) : file_(std::move(file)) {
  // As the JSON reader counts columns: in bytes, after a byte order mark.
  line_starts_.push_back(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(static_cast<int>(i) + 1);
}

hcl::Position SourceRanges::position(int offset) const {
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  int line = static_cast<int>(after - line_starts_.begin());
  int start = line == 0 ? 0 : line_starts_[line - 1];
  return {std::max(line, 1), std::max(offset - start, 0) + 1, offset};
}

hcl::SourceRange SourceRanges::of(const json::Node& node) const {
  hcl::SourceRange range;
  range.file = file_;
  range.begin = {node.location.line, node.location.column, node.begin};
  range.end = position(node.end);
  return range;
}

ValueBuilder::Expression ValueBuilder::Expression::of(const json::Node* node) {
  Expression expression;
  if (node == nullptr) return expression;
  if (node->isArray()) {
    expression.node = node;
  } else if (node->isObject()) {
    const json::Node* references = node->find("references");
    expression.node = node;
    expression.terminal = node->members.empty() || node->find("constant_value") != nullptr ||
                          (references != nullptr && references->isArray());
  }
  return expression;
}

ValueBuilder::Expression ValueBuilder::Expression::child(std::string_view key) const {
  if (terminal) return {node, true, depth + 1};
  return of(member(node, key));
}

ValueBuilder::Expression ValueBuilder::Expression::item(int index, int count, int rank,
                                                        int rank_count) const {
  if (!terminal) return of(itemAt(node, static_cast<size_t>(index)));
  Expression expression{node, true, depth + 1};
  if (depth == 0) {
    expression.element = index;
    expression.elements = count;
    expression.unknown_rank = rank;
    expression.unknowns = rank_count;
  }
  return expression;
}

hcl::Value ValueBuilder::fromConfiguration(const PlannedInstance& instance,
                                           const Expression& expression,
                                           const std::string& path) const {
  if (expression.terminal) {
    const json::Node* constant = expression.node->find("constant_value");
    if (constant != nullptr && ReferenceResolver::targets(*expression.node).empty())
      return build(instance, *constant, nullptr, Expression{}, path);
    return unknownValue(instance, expression, path);
  }
  if (expression.node == nullptr) return hcl::Value::unknown(instance.address + "." + path);
  if (expression.node->isArray()) {
    hcl::ValueList blocks;
    int count = static_cast<int>(expression.node->items.size());
    for (int i = 0; i < count; ++i) {
      blocks.push_back(fromConfiguration(instance, expression.item(i, count, -1, 0),
                                         path + "[" + std::to_string(i) + "]"));
    }
    return hcl::Value::list(std::move(blocks));
  }
  hcl::ValueMap attributes;
  for (const json::Member& m : expression.node->members) {
    attributes.insert_or_assign(
        m.key, fromConfiguration(instance, expression.child(m.key), keyPath(path, m.key)));
  }
  return hcl::Value::map(std::move(attributes));
}

std::optional<hcl::Value> ValueBuilder::referencedCollection(
    const std::vector<std::string>& targets, const ReferenceContext& from) const {
  hcl::ValueList items;
  bool resolved = false;
  for (const std::string& target : targets) {
    std::vector<std::string> found = resolver_.resolveAll(target, from);
    if (found.empty())
      items.push_back(hcl::Value::unknown(ReferenceResolver::fallback(target, from)));
    for (std::string& description : found) items.push_back(hcl::Value::unknown(description));
    resolved = resolved || !found.empty();
  }
  if (!resolved) return std::nullopt;
  return hcl::Value::list(std::move(items));
}

hcl::Value ValueBuilder::unknownValue(const PlannedInstance& instance, const Expression& expression,
                                      const std::string& path) const {
  // A set of nested blocks with an unknown inside is wholly unknown in a
  // plan; its configuration still says what each block holds.
  if (!expression.terminal && expression.node != nullptr && expression.node->isArray())
    return fromConfiguration(instance, expression, path);
  std::string own = instance.address + "." + path;
  if (!expression.terminal) return hcl::Value::unknown(own);
  std::vector<std::string> targets = ReferenceResolver::targets(*expression.node);
  if (targets.empty()) return hcl::Value::unknown(own);
  ReferenceContext from{instance.module, instance.key};
  if (expression.depth == 0 && looksLikeCollection(path)) {
    if (std::optional<hcl::Value> collection = referencedCollection(targets, from))
      return *collection;
  }
  auto describe = [&](const std::string& target, std::optional<int> element) {
    std::optional<std::string> found = resolver_.resolve(target, from, element);
    return hcl::Value::unknown(found ? *found : ReferenceResolver::fallback(target, from));
  };
  std::optional<int> element;
  if (expression.element >= 0 && expression.elements > 1) {
    // One reference per element, as in [aws_security_group.a.id, aws_security_group.b.id],
    // or per unknown element when known ones are written literally.
    if (targets.size() == static_cast<size_t>(expression.elements))
      return describe(targets[expression.element], std::nullopt);
    if (expression.unknown_rank >= 0 && targets.size() == static_cast<size_t>(expression.unknowns))
      return describe(targets[expression.unknown_rank], std::nullopt);
    element = expression.element;
  }
  for (const std::string& target : targets) {
    if (std::optional<std::string> found = resolver_.resolve(target, from, element))
      return hcl::Value::unknown(*found);
  }
  return hcl::Value::unknown(ReferenceResolver::fallback(targets.front(), from));
}

hcl::Value ValueBuilder::build(const PlannedInstance& instance, const json::Node& known,
                               const json::Node* unknown, const Expression& expression,
                               const std::string& path) const {
  if (isTrue(unknown)) return unknownValue(instance, expression, path);
  switch (known.kind) {
    case json::Kind::kNull:
      return hcl::Value::null();
    case json::Kind::kBool:
      return hcl::Value::boolean(known.boolean);
    case json::Kind::kNumber:
      return hcl::Value::number(known.number);
    case json::Kind::kString:
      return hcl::Value::string(known.text);
    case json::Kind::kArray: {
      int count = static_cast<int>(known.items.size());
      int unknowns = 0;
      for (int i = 0; i < count; ++i) unknowns += isTrue(itemAt(unknown, i)) ? 1 : 0;
      hcl::ValueList items;
      int rank = 0;
      for (int i = 0; i < count; ++i) {
        const json::Node* item_unknown = itemAt(unknown, i);
        int item_rank = isTrue(item_unknown) ? rank++ : -1;
        items.push_back(build(instance, *known.items[i], item_unknown,
                              expression.item(i, count, item_rank, unknowns),
                              path + "[" + std::to_string(i) + "]"));
      }
      return hcl::Value::list(std::move(items));
    }
    case json::Kind::kObject: {
      hcl::ValueMap entries;
      for (const json::Member& m : known.members) {
        entries.insert_or_assign(m.key, build(instance, *m.value, member(unknown, m.key),
                                              expression.child(m.key), keyPath(path, m.key)));
      }
      if (unknown != nullptr && unknown->isObject()) {
        for (const json::Member& m : unknown->members) {
          if (isTrue(m.value) && known.find(m.key) == nullptr) {
            std::string at = keyPath(path, m.key);
            entries.insert_or_assign(m.key, unknownValue(instance, expression.child(m.key), at));
          }
        }
      }
      return hcl::Value::map(std::move(entries));
    }
  }
  return hcl::Value::null();
}

// Optional arguments that the provider computes when the configuration
// leaves them out (the plan marks them unknown): left out, they mean what
// AWS does by default (the subnet decides the public IP, the VPC's default
// group applies, AWS picks the private address), which the mapping models.
// Nested blocks (ingress, egress, route) are not listed: a dynamic block
// does not appear in the plan's configuration, so an unknown one may be
// written after all.
static bool providerDefault(const std::string& name) {
  static const std::set<std::string> kNames = {
      "associate_public_ip_address", "network_interface", "private_ip", "private_ips",
      "private_ips_count", "secondary_private_ips", "security_groups", "vpc_security_group_ids",
      "port", "db_subnet_group_name", "ipv6_cidr_block", "ipv6_address_count", "ipv6_addresses",
      "public_ip", "source_dest_check", "availability_zone", "propagating_vgws",
      "ip_address_type", "network_type",
      "destination_prefix_list_id", "destination_ipv6_cidr_block",
      // route targets besides the one written, and a rule peer besides the CIDRs written
      "gateway_id", "nat_gateway_id", "instance_id", "network_interface_id",
      "transit_gateway_id", "vpc_peering_connection_id", "egress_only_gateway_id",
      "vpc_endpoint_id", "carrier_gateway_id", "local_gateway_id", "core_network_arn",
      "source_security_group_id"};
  return kNames.count(name) > 0;
}

EvalBody ValueBuilder::build(const PlannedInstance& instance, const json::Node* config,
                             std::vector<std::string>* unwritten_blocks) const {
  EvalBody body;
  const json::Node& values = *instance.values;
  const json::Node* after_unknown = instance.after_unknown;
  // The expressions object is always a body of attributes, whatever its names.
  const json::Node* expressions = member(config, "expressions");
  Expression top{expressions != nullptr && expressions->isObject() ? expressions : nullptr};
  auto computedDefault = [&](const std::string& name) {
    return top.node != nullptr && top.node->find(name) == nullptr && providerDefault(name) &&
           isTrue(member(after_unknown, name));
  };
  if (unwritten_blocks != nullptr && top.node != nullptr) {
    for (const char* name : {"ingress", "egress", "route"}) {
      if (isTrue(member(after_unknown, name)) && top.node->find(name) == nullptr)
        unwritten_blocks->push_back(name);
    }
  }
  for (const json::Member& m : values.members) {
    if (computedDefault(m.key)) continue;
    hcl::Value value =
        build(instance, *m.value, member(after_unknown, m.key), top.child(m.key), m.key);
    body.attributes.insert_or_assign(m.key, EvalAttribute{value, ranges_.of(*m.value)});
  }
  if (after_unknown != nullptr && after_unknown->isObject()) {
    for (const json::Member& m : after_unknown->members) {
      if (!isTrue(m.value) || values.find(m.key) != nullptr || computedDefault(m.key)) continue;
      hcl::Value value = unknownValue(instance, top.child(m.key), m.key);
      body.attributes.insert_or_assign(m.key, EvalAttribute{value, ranges_.of(*m.value)});
    }
  }
  // Plans written without after_unknown leave out what apply will compute;
  // an attribute configured by reference is such a value.
  if (top.node != nullptr) {
    for (const json::Member& m : top.node->members) {
      if (values.find(m.key) != nullptr || member(after_unknown, m.key) != nullptr) continue;
      Expression expression = top.child(m.key);
      if (!expression.terminal || ReferenceResolver::targets(*expression.node).empty()) continue;
      body.attributes.insert_or_assign(
          m.key, EvalAttribute{unknownValue(instance, expression, m.key), ranges_.of(*m.value)});
    }
  }
  return body;
}

}  // namespace segproof::terraform::plan
