// Reading control tables (format: queries/controls.yaml, docs/lint.md).
//
// Frameworks are read first, whatever their place in the file, so that every
// reference in `mappings` can be checked against them. A mapping with errors
// keeps its well-formed controls.
#include "lint/controls.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "frontends/common/input_file.h"
#include "lint/catalogue.h"
#include "lint/yaml_fields.h"
#include "query/spelling.h"
#include "segproof/query/assertion.h"

namespace segproof::lint {

extern const char kControlsYaml[];

namespace {

const std::string kFormatMarker = "controls/v1";
const std::vector<std::string> kTopKeys = {"segproof", "frameworks", "mappings"};
const std::vector<std::string> kFrameworkKeys = {"name", "version", "controls"};
const std::vector<std::string> kRelations = {"violates", "evidences"};
const std::vector<std::string> kControlKeys = {"control", "peer"};
const std::vector<std::string> kPeerFamilies = {"any", "ipv4", "ipv6"};

// Lint check ids and built-in assertion ids: what the built-in table maps.
const std::vector<std::string>& knownIds() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (const CheckInfo& check : checkCatalogue()) out.emplace_back(check.id);
    DiagnosticEngine pack_diags;  // the pack has its own tests
    for (const Assertion& assertion : builtinAssertions(pack_diags).assertions)
      out.push_back(assertion.id);
    return out;
  }();
  return ids;
}

struct Framework {
  std::string display;                        // "PCI DSS v4.0"
  std::map<std::string, std::string> titles;  // control id -> title
  std::vector<std::string> ids;               // in file order, for suggestions
};

class ControlTableParser {
 public:
  ControlTableParser(const std::string& name, DiagnosticEngine& diags, Severity unknown_ids)
      : fields_(name, diags), unknown_ids_(unknown_ids) {}

  ControlTable parse(const std::string& text);

 private:
  void parseFrameworks(const YAML::Node& node);
  void parseFramework(const YAML::Node& key, const YAML::Node& value);
  void parseMappings(const YAML::Node& node, ControlTable& table);
  void parseMapping(const YAML::Node& key, const YAML::Node& value, ControlTable& table);
  // One item of a `violates:` or `evidences:` list; nullopt after an error.
  std::optional<std::pair<ControlRef, PeerFamily>> parseControl(const YAML::Node& item,
                                                                const std::string& relation);
  const Framework* findFramework(const YAML::Node& node, const std::string& reference,
                                 const std::string& key);

  YamlFields fields_;
  Severity unknown_ids_;
  std::map<std::string, Framework> frameworks_;
  std::vector<std::string> framework_keys_;
};

ControlTable ControlTableParser::parse(const std::string& text) {
  ControlTable table;
  std::optional<YAML::Node> root = fields_.load(text);
  if (!root) return table;
  if (!root->IsMap()) {
    fields_.diags().error(
        "invalid-value", {fields_.name(), 1, 1},
        "expected a control table: a mapping with the keys " + wordList(kTopKeys));
    return table;
  }
  std::vector<YamlField> top = fields_.fields(*root, kTopKeys, "the control table");
  fields_.require(*root, top, {"segproof", "frameworks", "mappings"}, "the control table");
  for (const YamlField& field : top) {
    if (field.key == "segproof") fields_.checkMarker(field.value, kFormatMarker);
    if (field.key == "frameworks") parseFrameworks(field.value);
  }
  for (const YamlField& field : top) {
    if (field.key == "mappings") parseMappings(field.value, table);
  }
  return table;
}

void ControlTableParser::parseFrameworks(const YAML::Node& node) {
  if (!node.IsMap()) {
    fields_.error("invalid-value", node,
                  "'frameworks' must map framework keys to {name, version, controls}");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) parseFramework(it->first, it->second);
}

void ControlTableParser::parseFramework(const YAML::Node& key, const YAML::Node& value) {
  std::optional<std::string> name = fields_.scalar(key, "a framework key");
  if (!name) return;
  if (name->empty() || name->find('/') != std::string::npos) {
    fields_.error("invalid-value", key,
                  "invalid framework key '" + *name + "': it must be non-empty, without '/'");
    return;
  }
  if (frameworks_.count(*name) > 0) {
    fields_.error("duplicate-key", key, "framework '" + *name + "' is declared twice");
    return;
  }
  const std::string what = "framework '" + *name + "'";
  if (!value.IsMap()) {
    fields_.error("invalid-value", value.IsNull() ? key : value,
                  "expected " + what + " as {name, version, controls}");
    return;
  }
  std::vector<YamlField> entries = fields_.fields(value, kFrameworkKeys, what);
  if (!fields_.require(value, entries, {"name", "controls"}, what)) return;
  Framework framework;
  std::string version;
  for (const YamlField& entry : entries) {
    if (entry.key == "name") {
      framework.display = fields_.scalar(entry.value, "the framework's name (text)").value_or("");
    } else if (entry.key == "version") {
      version = fields_.scalar(entry.value, "the framework's version (text)").value_or("");
    } else if (!entry.value.IsMap()) {
      fields_.error("invalid-value", entry.value.IsNull() ? entry.key_node : entry.value,
                    "'controls' of " + what + " must map control ids to titles");
    } else {
      for (auto it = entry.value.begin(); it != entry.value.end(); ++it) {
        std::optional<std::string> id = fields_.scalar(it->first, "a control id");
        std::optional<std::string> title = fields_.scalar(it->second, "a control title (text)");
        if (!id || !title) continue;
        if (!framework.titles.emplace(*id, *title).second) {
          fields_.error("duplicate-key", it->first,
                        "control '" + *id + "' is declared twice in " + what);
          continue;
        }
        framework.ids.push_back(*id);
      }
    }
  }
  if (!version.empty()) framework.display += " " + version;
  framework_keys_.push_back(*name);
  frameworks_.emplace(*name, std::move(framework));
}

void ControlTableParser::parseMappings(const YAML::Node& node, ControlTable& table) {
  if (!node.IsMap()) {
    fields_.error("invalid-value", node,
                  "'mappings' must map check and assertion ids to {violates, evidences}");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) parseMapping(it->first, it->second, table);
}

void ControlTableParser::parseMapping(const YAML::Node& key, const YAML::Node& value,
                                      ControlTable& table) {
  std::optional<std::string> id = fields_.scalar(key, "a check or assertion id");
  if (!id) return;
  if (table.by_check.count(*id) > 0) {
    fields_.error("duplicate-key", key, "'" + *id + "' is mapped twice");
    return;
  }
  const std::vector<std::string>& known = knownIds();
  if (std::find(known.begin(), known.end(), *id) == known.end()) {
    std::string hint = didYouMean(*id, known);
    std::string message = "'" + *id + "' is neither a lint check nor a built-in assertion";
    if (unknown_ids_ == Severity::kError) {
      fields_.error("unknown-check", key, message + hint);
    } else {
      fields_.warning(
          "unknown-check", key,
          message + hint + "; its controls apply to an assertion of yours with that id");
    }
  }
  const std::string what = "the mapping of '" + *id + "'";
  if (!value.IsMap()) {
    fields_.error("invalid-value", value.IsNull() ? key : value,
                  "expected " + what + " as {violates: [...], evidences: [...]}");
    return;
  }
  std::vector<YamlField> relations = fields_.fields(value, kRelations, what);
  if (value.size() == 0) {
    fields_.error("missing-key", value, what + " needs the key 'violates' or 'evidences'");
  }
  std::vector<ControlRef>& refs = table.by_check[*id];
  std::vector<PeerFamily>& families = table.peer_family[*id];
  for (const YamlField& relation : relations) {
    if (!relation.value.IsSequence()) {
      fields_.error("invalid-value", relation.value.IsNull() ? relation.key_node : relation.value,
                    "'" + relation.key + "' must be a list of controls (framework/id)");
      continue;
    }
    for (const YAML::Node& item : relation.value) {
      auto control = parseControl(item, relation.key);
      if (!control) continue;
      auto same = std::find_if(refs.begin(), refs.end(), [&](const ControlRef& ref) {
        return ref.framework == control->first.framework && ref.id == control->first.id;
      });
      if (same != refs.end()) {
        fields_.error("duplicate-control", item,
                      "'" + *id + "' lists " + same->framework + " " + same->id + " twice");
        continue;
      }
      refs.push_back(std::move(control->first));
      families.push_back(control->second);
    }
  }
}

std::optional<std::pair<ControlRef, PeerFamily>> ControlTableParser::parseControl(
    const YAML::Node& item, const std::string& relation) {
  YAML::Node reference_node = item;
  PeerFamily family = PeerFamily::kAny;
  if (item.IsMap()) {
    std::vector<YamlField> entries = fields_.fields(item, kControlKeys, "a control");
    if (!fields_.require(item, entries, {"control"}, "a control")) return std::nullopt;
    for (const YamlField& entry : entries) {
      if (entry.key == "control") {
        reference_node = entry.value;
        continue;
      }
      std::optional<std::string> peer = fields_.scalar(entry.value, "ipv4, ipv6 or any");
      if (!peer) return std::nullopt;
      auto known = std::find(kPeerFamilies.begin(), kPeerFamilies.end(), *peer);
      if (known == kPeerFamilies.end()) {
        fields_.error("invalid-value", entry.value,
                      "unknown peer family '" + *peer + "' (expected ipv4, ipv6 or any)");
        return std::nullopt;
      }
      family = static_cast<PeerFamily>(known - kPeerFamilies.begin());
    }
  }
  std::optional<std::string> reference =
      fields_.scalar(reference_node, "a control as framework/id (\"pci-dss/1.3.1\")");
  if (!reference) return std::nullopt;
  size_t slash = reference->find('/');
  if (slash == std::string::npos) {
    fields_.error("invalid-value", reference_node,
                  "'" + *reference + "' is not a control: write framework/id (\"pci-dss/1.3.1\")");
    return std::nullopt;
  }
  const Framework* framework =
      findFramework(reference_node, *reference, reference->substr(0, slash));
  if (!framework) return std::nullopt;
  std::string id = reference->substr(slash + 1);
  auto title = framework->titles.find(id);
  if (title == framework->titles.end()) {
    fields_.error("unknown-control", reference_node,
                  "'" + *reference + "': " + framework->display + " has no control '" + id +
                      "' in this table" + didYouMean(id, framework->ids));
    return std::nullopt;
  }
  return std::make_pair(ControlRef{framework->display, id, title->second, relation}, family);
}

const Framework* ControlTableParser::findFramework(const YAML::Node& node,
                                                   const std::string& reference,
                                                   const std::string& key) {
  auto it = frameworks_.find(key);
  if (it != frameworks_.end()) return &it->second;
  std::string hint = didYouMean(key, framework_keys_);
  if (hint.empty() && !framework_keys_.empty())
    hint = " (declared: " + wordList(framework_keys_) + ")";
  fields_.error("unknown-control", node,
                "'" + reference + "': unknown framework '" + key + "'" + hint);
  return nullptr;
}

PeerFamily familyOf(const std::string& cidr) {
  if (cidr.empty()) return PeerFamily::kAny;
  return cidr.find(':') == std::string::npos ? PeerFamily::kIpv4 : PeerFamily::kIpv6;
}

}  // namespace

ControlTable builtinControls(DiagnosticEngine& diags) {
  return parseControls("<built-in>/controls.yaml", kControlsYaml, diags, Severity::kError);
}

ControlTable loadControls(const std::string& path, DiagnosticEngine& diags) {
  std::optional<std::string> text = readUserFile(path, "control table", diags);
  if (!text) return {};
  return parseControls(path, *text, diags);
}

ControlTable parseControls(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags) {
  return parseControls(name, text, diags, Severity::kWarning);
}

ControlTable parseControls(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags, Severity unknown_ids) {
  ControlTableParser parser(name, diags, unknown_ids);
  try {
    return parser.parse(text);
  } catch (const YAML::Exception& e) {
    // Every node is type-checked before use; a last line of defence so that
    // no yaml-cpp exception escapes.
    diags.error("yaml-syntax", {name, e.mark.line + 1, e.mark.column + 1}, e.msg);
    return {};
  }
}

void attachControls(const ControlTable& table, std::vector<LintFinding>& findings) {
  for (LintFinding& finding : findings) {
    finding.controls.clear();
    auto refs = table.by_check.find(finding.check);
    if (refs == table.by_check.end()) continue;
    auto families = table.peer_family.find(finding.check);
    PeerFamily peer = finding.rule ? familyOf(finding.rule->peer_canonical) : PeerFamily::kAny;
    for (size_t i = 0; i < refs->second.size(); ++i) {
      PeerFamily only = families != table.peer_family.end() && i < families->second.size()
                            ? families->second[i]
                            : PeerFamily::kAny;
      if (only != PeerFamily::kAny && peer != PeerFamily::kAny && only != peer) continue;
      finding.controls.push_back(refs->second[i]);
    }
  }
}

void attachControls(const ControlTable& table, std::vector<AssertionResult>& results) {
  for (AssertionResult& result : results) {
    auto refs = table.by_check.find(result.assertion.id);
    if (refs == table.by_check.end())
      result.controls.clear();
    else
      result.controls = refs->second;
  }
}

}  // namespace segproof::lint
