// Reading assertion files (format: docs/queries.md).
//
// The parser walks the YAML tree once, reporting every problem it finds with
// the position of the offending node, and keeps the assertions that are well
// formed. Segment names are expanded into their selectors here, so later
// stages see only selectors.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "frontends/common/input_file.h"
#include "frontends/common/yaml_limits.h"
#include "query/spelling.h"
#include "segproof/query/assertion.h"

namespace segproof {

const char* assertionKindName(AssertionKind kind) {
  switch (kind) {
    case AssertionKind::kUnreachable:
      return "unreachable";
    case AssertionKind::kIsolated:
      return "isolated";
    case AssertionKind::kOnly:
      return "only";
    case AssertionKind::kReachable:
      return "reachable";
  }
  return "unreachable";
}

std::string FlowSpec::text() const {
  if (protocol == kAnyProtocol) return "any protocol";
  std::string name = protocolName(protocol);
  if (!name.empty() && name[0] >= '0' && name[0] <= '9') name = "protocol " + name;
  if (protocol != kTcp && protocol != kUdp) return name;
  if (ports.empty()) return name + " (all ports)";
  std::string out = name + "/";
  for (size_t i = 0; i < ports.size(); ++i) {
    if (i > 0) out += ",";
    out += std::to_string(ports[i].from);
    if (ports[i].to != ports[i].from) out.append("-").append(std::to_string(ports[i].to));
  }
  return out;
}

namespace {

constexpr const char* kFormatMarker = "queries/v1";
const std::vector<std::string> kTopKeys = {"segproof", "segments", "assertions"};
const std::vector<std::string> kSegmentKeys = {"select", "description"};
const std::vector<std::string> kAllowedKeys = {"from", "protocol", "ports"};
const std::vector<std::string> kKindNames = {"unreachable", "isolated", "only", "reachable"};
const std::vector<std::string> kSeverities = {"critical", "high", "medium", "low"};

// The keys each kind accepts, and those it requires.
struct KindKeys {
  std::vector<std::string> accepted;
  std::vector<std::string> required;
};

KindKeys keysOf(AssertionKind kind) {
  std::vector<std::string> common = {"id", "description", "kind", "severity"};
  auto with = [&](std::initializer_list<const char*> extra) {
    std::vector<std::string> keys = common;
    keys.insert(keys.end(), extra.begin(), extra.end());
    return keys;
  };
  switch (kind) {
    case AssertionKind::kIsolated:
      return {with({"segments"}), {"id", "segments"}};
    case AssertionKind::kOnly:
      return {with({"to", "allowed", "include_internal"}), {"id", "to", "allowed"}};
    case AssertionKind::kUnreachable:
    case AssertionKind::kReachable:
      break;
  }
  return {with({"from", "to", "protocol", "ports"}), {"id", "from", "to"}};
}

std::string quotedList(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// yaml-cpp counts from 0; diagnostics from 1.
SourceLocation markLocation(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

// A YAML mapping's entries in file order, with the position of each key.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

class AssertionFileParser {
 public:
  AssertionFileParser(std::string name, DiagnosticEngine& diags)
      : name_(std::move(name)), diags_(diags) {}

  AssertionSet parse(const YAML::Node& root);

 private:
  // Where `node` is written. An empty value ("from:" with nothing after it)
  // has no position of its own (yaml-cpp gives the next token's), so it is
  // placed at its key.
  SourceLocation at(const YAML::Node& node) const {
    if (node.IsNull()) {
      for (const auto& [value, key] : empty_values_) {
        if (value.is(node)) return markLocation(name_, key.Mark());
      }
    }
    return markLocation(name_, node.Mark());
  }
  void error(const char* code, const YAML::Node& node, std::string message) {
    diags_.error(code, at(node), std::move(message));
  }
  int problemCount() const { return diags_.errorCount() + unusable_segment_uses_; }

  // Entries of a mapping; reports duplicate keys and keys not in `accepted`.
  // `what` names the mapping in messages ("an 'only' assertion").
  std::vector<Entry> entries(const YAML::Node& map, const std::vector<std::string>& accepted,
                             const std::string& what);
  void requireKeys(const YAML::Node& map, const std::vector<Entry>& present,
                   const std::vector<std::string>& required, const std::string& what);
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& what);

  void collectSegments(const YAML::Node& node);
  const std::vector<Selector>* expandSegment(const std::string& name);
  bool expandItem(const YAML::Node& item, std::vector<Selector>& out);
  std::optional<std::vector<Selector>> selectorList(const YAML::Node& node, const std::string& key);

  // Each reports what is wrong; an assertion with errors is left out.
  std::optional<Assertion> parseAssertion(const YAML::Node& node);
  bool parseKind(const YAML::Node& node, AssertionKind& kind);
  void parseId(const YAML::Node& node, Assertion& assertion);
  void parseIsolatedSegments(const YAML::Node& node, Assertion& assertion);
  void parseAllowed(const YAML::Node& node, Assertion& assertion);
  void parseFlow(const std::vector<Entry>& entries, FlowSpec& flow);
  bool parseProtocol(const YAML::Node& node, int& protocol);
  bool parsePorts(const YAML::Node& node, std::vector<PortRange>& ports);
  bool parsePortRange(const YAML::Node& node, PortRange& range);

  // A segment as written, before its bare names are expanded.
  struct SegmentDefinition {
    std::string description;
    SourceLocation location;
    std::vector<YAML::Node> items;
    enum class State { kPending, kExpanding, kDone, kFailed } state = State::kPending;
    std::vector<Selector> selectors;
  };

  std::string name_;
  DiagnosticEngine& diags_;
  std::map<std::string, SegmentDefinition> definitions_;
  std::vector<std::string> segment_order_;
  std::map<std::string, SourceLocation> ids_;
  std::vector<std::pair<YAML::Node, YAML::Node>> empty_values_;  // (value, its key)
  int unusable_segment_uses_ = 0;  // uses of segments whose definition has errors
};

std::vector<Entry> AssertionFileParser::entries(const YAML::Node& map,
                                                const std::vector<std::string>& accepted,
                                                const std::string& what) {
  std::vector<Entry> out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    Entry entry{it->first.Scalar(), it->first, it->second};
    if (it->second.IsNull()) empty_values_.emplace_back(it->second, it->first);
    if (!it->first.IsScalar()) {
      error("invalid-value", it->first, "expected a key name in " + what);
      continue;
    }
    auto seen =
        std::find_if(out.begin(), out.end(), [&](const Entry& e) { return e.key == entry.key; });
    if (seen != out.end()) {
      error("duplicate-key", it->first,
            "key '" + entry.key + "' appears twice in " + what + " (first at line " +
                std::to_string(at(seen->key_node).line) + ")");
      continue;
    }
    if (!contains(accepted, entry.key)) {
      std::string hint = didYouMean(entry.key, accepted);
      if (hint.empty()) hint = " (expected " + quotedList(accepted) + ")";
      error("unknown-key", it->first, "unknown key '" + entry.key + "' in " + what + hint);
      continue;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

void AssertionFileParser::requireKeys(const YAML::Node& map, const std::vector<Entry>& present,
                                      const std::vector<std::string>& required,
                                      const std::string& what) {
  for (const std::string& key : required) {
    bool found =
        std::any_of(present.begin(), present.end(), [&](const Entry& e) { return e.key == key; });
    if (!found) error("missing-key", map, what + " needs the key '" + key + "'");
  }
}

std::optional<std::string> AssertionFileParser::scalar(const YAML::Node& node,
                                                       const std::string& what) {
  if (!node.IsScalar()) {
    error("invalid-value", node, "expected " + what);
    return std::nullopt;
  }
  return node.Scalar();
}

AssertionSet AssertionFileParser::parse(const YAML::Node& root) {
  AssertionSet result;
  if (root.IsNull()) {
    diags_.error("missing-key", {name_, 1, 1}, "the assertion file needs the key 'assertions'");
    return result;
  }
  if (!root.IsMap()) {
    error("invalid-value", root,
          "expected a mapping with the keys segproof, segments and assertions");
    return result;
  }
  std::vector<Entry> top = entries(root, kTopKeys, "the assertion file");
  requireKeys(root, top, {"assertions"}, "the assertion file");
  std::optional<YAML::Node> assertions;
  for (const Entry& entry : top) {
    if (entry.key == "segproof") {
      auto marker = scalar(entry.value, std::string("the format marker ") + kFormatMarker);
      if (marker && *marker != kFormatMarker)
        error("invalid-value", entry.value,
              "unsupported format '" + *marker + "' (expected " + kFormatMarker + ")");
    } else if (entry.key == "segments") {
      collectSegments(entry.value);
    } else {
      assertions.emplace(entry.value);
    }
  }
  for (const std::string& name : segment_order_) {
    if (const std::vector<Selector>* selectors = expandSegment(name)) {
      const SegmentDefinition& definition = definitions_[name];
      result.segments.push_back({name, definition.description, *selectors, definition.location});
    }
  }
  // "assertions:" with nothing is an empty pack.
  if (!assertions || assertions->IsNull()) return result;
  if (!assertions->IsSequence()) {
    error("invalid-value", *assertions, "'assertions' must be a list of assertions");
    return result;
  }
  for (const YAML::Node& node : *assertions) {
    if (std::optional<Assertion> assertion = parseAssertion(node))
      result.assertions.push_back(std::move(*assertion));
  }
  return result;
}

// --- Segments ---------------------------------------------------------------

bool validSegmentName(const std::string& name) {
  if (name.empty() || name == "internet" || name == "any") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

void AssertionFileParser::collectSegments(const YAML::Node& node) {
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    error("invalid-value", node, "'segments' must map segment names to selectors");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.Scalar();
    if (it->second.IsNull()) empty_values_.emplace_back(it->second, it->first);
    if (!it->first.IsScalar()) {
      error("invalid-value", it->first, "expected a segment name");
      continue;
    }
    if (!validSegmentName(name)) {
      error("invalid-value", it->first,
            "invalid segment name '" + name +
                "': use letters, digits, '_', '-' and '.', and neither 'internet' nor 'any'");
      continue;
    }
    if (definitions_.count(name) > 0) {
      error("duplicate-key", it->first,
            "segment '" + name + "' is defined twice (first at line " +
                std::to_string(definitions_[name].location.line) + ")");
      continue;
    }
    SegmentDefinition definition;
    definition.location = at(it->first);
    // Short forms (a selector, a list) or the long form {select, description}.
    std::optional<YAML::Node> select;
    if (it->second.IsMap()) {
      std::vector<Entry> fields = entries(it->second, kSegmentKeys, "segment '" + name + "'");
      requireKeys(it->second, fields, {"select"}, "segment '" + name + "'");
      for (const Entry& field : fields) {
        if (field.key == "select") {
          select.emplace(field.value);
        } else if (auto text = scalar(field.value, "a description (text)")) {
          definition.description = *text;
        }
      }
      if (!select) continue;
    } else {
      select.emplace(it->second);
    }
    if (select->IsScalar()) {
      definition.items.push_back(*select);
    } else if (select->IsSequence() && select->size() > 0) {
      for (const YAML::Node& item : *select) definition.items.push_back(item);
    } else {
      error("invalid-value", *select,
            "segment '" + name + "' needs a selector or a non-empty list of selectors");
      continue;
    }
    definitions_.emplace(name, std::move(definition));
    segment_order_.push_back(name);
  }
}

// The selectors of segment `name`, expanding the segments it names; nullptr
// when it is not defined or cannot be expanded (already reported).
const std::vector<Selector>* AssertionFileParser::expandSegment(const std::string& name) {
  auto it = definitions_.find(name);
  if (it == definitions_.end()) return nullptr;
  SegmentDefinition& definition = it->second;
  switch (definition.state) {
    case SegmentDefinition::State::kDone:
      return &definition.selectors;
    case SegmentDefinition::State::kFailed:
      return nullptr;
    case SegmentDefinition::State::kExpanding:
      diags_.error("segment-cycle", definition.location,
                   "segment '" + name + "' contains itself (through the segments it names)");
      definition.state = SegmentDefinition::State::kFailed;
      return nullptr;
    case SegmentDefinition::State::kPending:
      break;
  }
  definition.state = SegmentDefinition::State::kExpanding;
  std::vector<Selector> selectors;
  bool ok = true;
  for (const YAML::Node& item : definition.items) ok = expandItem(item, selectors) && ok;
  // The recursion may have marked this definition failed (a cycle through it).
  if (!ok || definition.state == SegmentDefinition::State::kFailed) {
    definition.state = SegmentDefinition::State::kFailed;
    return nullptr;
  }
  definition.selectors = std::move(selectors);
  definition.state = SegmentDefinition::State::kDone;
  return &definition.selectors;
}

// Appends the selectors that `item` (a selector or a segment name) stands for.
bool AssertionFileParser::expandItem(const YAML::Node& item, std::vector<Selector>& out) {
  auto text = scalar(item, "a selector or segment name");
  if (!text) return false;
  bool is_selector = text->find(':') != std::string::npos || *text == "internet" ||
                     *text == "any" || text->empty();
  if (is_selector) {
    std::optional<Selector> selector = parseSelector(*text, at(item), diags_);
    if (selector) out.push_back(std::move(*selector));
    return selector.has_value();
  }
  if (definitions_.count(*text) == 0) {
    std::vector<std::string> candidates = segment_order_;
    candidates.insert(candidates.end(), {"internet", "any"});
    std::string hint = didYouMean(*text, candidates);
    if (hint.empty())
      hint =
          ": define it under 'segments', or write a selector (internet, any, resource:ADDR, "
          "tag:KEY=VALUE, subnet:ADDR, sg:ADDR, vpc:ADDR, cidr:CIDR or kind:KIND)";
    error("unknown-segment", item, "unknown segment '" + *text + "'" + hint);
    return false;
  }
  const std::vector<Selector>* selectors = expandSegment(*text);
  if (selectors == nullptr) {
    ++unusable_segment_uses_;  // its own error is reported once, at its definition
    return false;
  }
  out.insert(out.end(), selectors->begin(), selectors->end());
  return true;
}

// `key: selector`, `key: segment` or `key: [selector or segment, ...]`.
std::optional<std::vector<Selector>> AssertionFileParser::selectorList(const YAML::Node& node,
                                                                       const std::string& key) {
  std::vector<Selector> out;
  bool ok = true;
  if (node.IsSequence() && node.size() > 0) {
    for (const YAML::Node& item : node) ok = expandItem(item, out) && ok;
  } else if (node.IsScalar()) {
    ok = expandItem(node, out);
  } else {
    error("invalid-value", node,
          "'" + key + "' needs a selector, a segment name or a non-empty list of them");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

// --- Assertions -------------------------------------------------------------

bool AssertionFileParser::parseKind(const YAML::Node& node, AssertionKind& kind) {
  auto text = scalar(node, "an assertion kind (" + quotedList(kKindNames) + ")");
  if (!text) return false;
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (*text == kKindNames[i]) {
      kind = static_cast<AssertionKind>(i);
      return true;
    }
  }
  std::string hint = didYouMean(*text, kKindNames);
  if (hint.empty()) hint = " (expected " + quotedList(kKindNames) + ")";
  error("invalid-value", node, "unknown assertion kind '" + *text + "'" + hint);
  return false;
}

std::optional<Assertion> AssertionFileParser::parseAssertion(const YAML::Node& node) {
  if (!node.IsMap()) {
    error("invalid-value", node, "expected an assertion: a mapping with at least id and kind");
    return std::nullopt;
  }
  // An assertion with any error is left out; all its errors are still reported.
  const int problems_before = problemCount();
  Assertion assertion;
  assertion.location = at(node);
  // The kind decides which keys are valid, so read it first.
  std::optional<YAML::Node> kind_node;
  for (auto it = node.begin(); it != node.end() && !kind_node; ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == "kind") kind_node.emplace(it->second);
  }
  if (!kind_node) {
    error("missing-key", node,
          "an assertion needs the key 'kind' (" + quotedList(kKindNames) + ")");
    return std::nullopt;
  }
  if (!parseKind(*kind_node, assertion.kind)) return std::nullopt;
  const std::string kind = assertionKindName(assertion.kind);
  const std::string what = (kind == "reachable" ? "a '" : "an '") + kind + "' assertion";
  const KindKeys keys = keysOf(assertion.kind);
  std::vector<Entry> fields = entries(node, keys.accepted, what);
  requireKeys(node, fields, keys.required, what);
  for (const Entry& field : fields) {
    const YAML::Node& value = field.value;
    if (field.key == "id") {
      parseId(value, assertion);
    } else if (field.key == "description") {
      if (auto text = scalar(value, "a description (text)")) assertion.description = *text;
    } else if (field.key == "severity") {
      auto text = scalar(value, "a severity (" + quotedList(kSeverities) + ")");
      if (text && contains(kSeverities, *text)) {
        assertion.severity = *text;
      } else if (text) {
        std::string hint = didYouMean(*text, kSeverities);
        if (hint.empty()) hint = " (expected " + quotedList(kSeverities) + ")";
        error("invalid-value", value, "unknown severity '" + *text + "'" + hint);
      }
    } else if (field.key == "from" || field.key == "to") {
      auto selectors = selectorList(value, field.key);
      if (selectors) (field.key == "from" ? assertion.from : assertion.to) = std::move(*selectors);
    } else if (field.key == "segments") {
      parseIsolatedSegments(value, assertion);
    } else if (field.key == "allowed") {
      parseAllowed(value, assertion);
    } else if (field.key == "include_internal") {
      if (!value.IsScalar() || !YAML::convert<bool>::decode(value, assertion.include_internal))
        error("invalid-value", value, "'include_internal' must be true or false");
    }
  }
  if (contains(keys.accepted, "protocol")) parseFlow(fields, assertion.flow);
  if (problemCount() > problems_before) return std::nullopt;
  return assertion;
}

void AssertionFileParser::parseId(const YAML::Node& node, Assertion& assertion) {
  auto id = scalar(node, "an assertion id (text)");
  if (!id) return;
  if (id->empty()) {
    error("invalid-value", node, "the assertion id is empty");
    return;
  }
  auto [first, inserted] = ids_.emplace(*id, at(node));
  if (!inserted) {
    error("duplicate-id", node,
          "assertion id '" + *id + "' is already used (first at line " +
              std::to_string(first->second.line) + ")");
  }
  assertion.id = *id;
}

void AssertionFileParser::parseIsolatedSegments(const YAML::Node& node, Assertion& assertion) {
  if (!node.IsSequence() || node.size() < 2) {
    error("invalid-value", node,
          "'segments' needs a list of two or more segment names or selectors");
    return;
  }
  for (const YAML::Node& item : node) {
    Segment segment;
    segment.location = at(item);
    if (!expandItem(item, segment.selectors)) continue;
    segment.name = item.Scalar();
    auto definition = definitions_.find(segment.name);
    if (definition != definitions_.end()) segment.description = definition->second.description;
    assertion.segments.push_back(std::move(segment));
  }
}

void AssertionFileParser::parseAllowed(const YAML::Node& node, Assertion& assertion) {
  if (node.IsNull() || (node.IsSequence() && node.size() == 0)) return;  // nothing allowed
  if (!node.IsSequence()) {
    error("invalid-value", node, "'allowed' needs a list of {from, protocol, ports} entries");
    return;
  }
  for (const YAML::Node& item : node) {
    if (!item.IsMap()) {
      error("invalid-value", item,
            "expected an allowed flow: {from: ..., protocol: ..., ports: ...}");
      continue;
    }
    AllowedFlow allowed;
    allowed.location = at(item);
    const std::string what = "an allowed flow";
    std::vector<Entry> fields = entries(item, kAllowedKeys, what);
    requireKeys(item, fields, {"from"}, what);
    for (const Entry& field : fields) {
      if (field.key != "from") continue;
      if (auto selectors = selectorList(field.value, "from")) allowed.from = std::move(*selectors);
    }
    parseFlow(fields, allowed.flow);
    assertion.allowed.push_back(std::move(allowed));
  }
}

// --- Flows ------------------------------------------------------------------

// Reads `protocol` and `ports` among `fields` into `flow`.
void AssertionFileParser::parseFlow(const std::vector<Entry>& fields, FlowSpec& flow) {
  std::optional<YAML::Node> protocol_node, ports_node;
  for (const Entry& field : fields) {
    if (field.key == "protocol") protocol_node.emplace(field.value);
    if (field.key == "ports") ports_node.emplace(field.value);
  }
  bool protocol_ok = !protocol_node || parseProtocol(*protocol_node, flow.protocol);
  if (!ports_node || !parsePorts(*ports_node, flow.ports) || !protocol_ok) return;
  if (flow.protocol != kTcp && flow.protocol != kUdp) {
    std::string current = protocol_node ? "protocol is " + protocol_node->Scalar()
                                        : "no protocol is given, so it is any";
    error("ports-without-protocol", *ports_node,
          "ports need protocol tcp or udp (" + current + ")");
  }
}

bool AssertionFileParser::parseProtocol(const YAML::Node& node, int& protocol) {
  static const std::vector<std::string> kNames = {"tcp", "udp", "icmp", "any"};
  auto text = scalar(node, "a protocol (tcp, udp, icmp, any or a number)");
  if (!text) return false;
  std::string name = lowercase(*text);
  static const std::map<std::string, int> kNumbers = {
      {"tcp", kTcp}, {"udp", kUdp}, {"icmp", kIcmp}, {"any", kAnyProtocol}};
  if (auto known = kNumbers.find(name); known != kNumbers.end()) {
    protocol = known->second;
    return true;
  }
  int number = -1;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), number);
  if (name.empty() || ec != std::errc() || end != name.data() + name.size() || number < 0 ||
      number > 255) {
    std::string hint = didYouMean(name, kNames);
    if (hint.empty()) hint = " (expected tcp, udp, icmp, any or a protocol number 0-255)";
    error("invalid-value", node, "unknown protocol '" + *text + "'" + hint);
    return false;
  }
  protocol = number;
  return true;
}

bool AssertionFileParser::parsePorts(const YAML::Node& node, std::vector<PortRange>& ports) {
  std::vector<YAML::Node> items;
  if (node.IsScalar()) {
    items.push_back(node);
  } else if (node.IsSequence() && node.size() > 0) {
    for (const YAML::Node& item : node) items.push_back(item);
  } else {
    error("invalid-port", node,
          "'ports' needs a port, a range \"N-M\" or a non-empty list of them (omit it for all "
          "ports)");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : items) {
    PortRange range;
    ok = parsePortRange(item, range) && ok;
    if (ok) ports.push_back(range);
  }
  return ok;
}

std::optional<int> parsePortNumber(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  long value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return static_cast<int>(std::clamp(value, -1L, 65536L));
}

bool AssertionFileParser::parsePortRange(const YAML::Node& node, PortRange& range) {
  if (!node.IsScalar()) {
    error("invalid-port", node, "expected a port or a port range \"N-M\"");
    return false;
  }
  const std::string& text = node.Scalar();
  size_t dash = text.find('-', 1);
  std::optional<int> from = parsePortNumber(std::string_view(text).substr(0, dash));
  std::optional<int> to =
      dash == std::string::npos ? from : parsePortNumber(std::string_view(text).substr(dash + 1));
  if (!from || !to) {
    error("invalid-port", node, "'" + text + "' is not a port or a port range \"N-M\"");
    return false;
  }
  for (int port : {*from, *to}) {
    if (port < 0 || port > 65535) {
      error("invalid-port", node, "port '" + text + "' is out of range (0-65535)");
      return false;
    }
  }
  if (*from > *to) {
    error("invalid-port", node,
          "port range '" + text + "' is reversed: the first port must not exceed the second");
    return false;
  }
  range = {*from, *to};
  return true;
}

}  // namespace

std::optional<PortRange> parsePortRange(std::string_view text) {
  size_t dash = text.find('-', 1);
  std::optional<int> from = parsePortNumber(text.substr(0, dash));
  std::optional<int> to = dash == std::string_view::npos ? from : parsePortNumber(text.substr(dash + 1));
  if (!from || !to || *from < 0 || *to > 65535 || *from > *to) return std::nullopt;
  return PortRange{*from, *to};
}

AssertionSet parseAssertions(const std::string& name, const std::string& text,
                             DiagnosticEngine& diags) {
  diags.addSource(name, text);
  if (!checkYamlLimits(name, text, diags)) return {};
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diags.error("yaml-syntax", markLocation(name, e.mark), e.msg);
    return {};
  }
  try {
    return AssertionFileParser(name, diags).parse(root);
  } catch (const YAML::Exception& e) {
    // Every node is type-checked before use; this is a last line of defence
    // so that no yaml-cpp exception escapes.
    diags.error("yaml-syntax", markLocation(name, e.mark), e.msg);
    return {};
  }
}

AssertionSet loadAssertionFile(const std::string& path, DiagnosticEngine& diags) {
  std::optional<std::string> text = readUserFile(path, "assertion file", diags);
  if (!text) return {};
  return parseAssertions(path, *text, diags);
}

}  // namespace segproof
