// The rules are cited by section of the SARIF 2.1.0 specification (§) or as
// GitHub's ("GitHub:"); the checks are our own.
#include "tools/sarif_validate.h"

#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <set>

namespace segproof {

namespace {

using json = nlohmann::json;
using Names = std::initializer_list<const char*>;

// GitHub's hard limits: a log beyond them is rejected.
constexpr size_t kMaxRuns = 20;
constexpr size_t kMaxResults = 25000;
constexpr size_t kMaxRules = 25000;
constexpr size_t kMaxLocations = 1000;
constexpr size_t kMaxThreadFlowLocations = 10000;
constexpr size_t kMaxTags = 20;
constexpr size_t kMaxRuleName = 255;
constexpr size_t kMaxDescription = 1024;

std::string child(const std::string& pointer, const std::string& key) {
  std::string out = pointer + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string child(const std::string& pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string joined(Names names) {
  std::string out;
  for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

bool isScheme(const std::string& s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

// RFC 3986 "URI-reference": only unreserved, reserved and percent-encoded
// characters; a ':' before the first '/', '?' or '#' must end a scheme.
bool isUriReference(const std::string& s) {
  static const std::string kAllowed = "-._~:/?#[]@!$&'()*+,;=";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(s[i + 2])))
        return false;
      i += 2;
      continue;
    }
    if (c >= 0x80 || !(std::isalnum(c) || kAllowed.find(static_cast<char>(c)) != std::string::npos))
      return false;
  }
  size_t colon = s.find(':');
  size_t end = s.find_first_of("/?#");
  if (colon != std::string::npos && colon < end) return isScheme(s.substr(0, colon));
  return true;
}

bool isAbsoluteUri(const std::string& s) {
  size_t colon = s.find(':');
  return colon != std::string::npos && isUriReference(s) && isScheme(s.substr(0, colon)) &&
         s.find('#') == std::string::npos;
}

class Validator {
 public:
  std::vector<std::string> run(const json& log) {
    if (!object(log, "")) return errors_;
    known(log, "", {"$schema", "version", "runs", "inlineExternalProperties", "properties"});
    // GitHub: $schema is required; §3.13.3: it is a URI.
    if (const json* schema = required(log, "", "$schema", json::value_t::string)) {
      if (!isAbsoluteUri(schema->get<std::string>()))
        fail("/$schema", "'" + schema->get<std::string>() + "' is not an absolute URI");
    }
    // §3.13.2: version is required and is "2.1.0".
    if (const json* version = required(log, "", "version", json::value_t::string)) {
      if (*version != "2.1.0") fail("/version", "must be \"2.1.0\", is " + version->dump());
    }
    // §3.13.4: runs is required (null or an array); GitHub: at most 20.
    if (const json* runs = required(log, "", "runs", json::value_t::array)) {
      if (runs->size() > kMaxRuns)
        fail("/runs", std::to_string(runs->size()) + " runs, more than GitHub's 20");
      for (size_t i = 0; i < runs->size(); ++i) runObject((*runs)[i], child("/runs", i));
    }
    propertyBag(log, "");
    return errors_;
  }

 private:
  std::vector<std::string> errors_;
  // Per run.
  std::vector<std::string> rule_ids_;
  std::set<std::string> uri_base_ids_;
  size_t artifacts_ = 0;

  void fail(const std::string& pointer, const std::string& what) {
    errors_.push_back((pointer.empty() ? "/" : pointer) + ": " + what);
  }

  bool object(const json& value, const std::string& pointer) {
    if (value.is_object()) return true;
    fail(pointer, "must be an object");
    return false;
  }

  // SARIF objects take no properties beyond the specified ones (the schema's
  // additionalProperties: false); extra data goes in "properties".
  void known(const json& obj, const std::string& pointer, Names names) {
    for (const auto& [key, value] : obj.items()) {
      bool found = false;
      for (const char* n : names) found = found || key == n;
      if (!found) fail(child(pointer, key), "is not a property of this object");
    }
  }

  static const char* typeName(json::value_t type) {
    switch (type) {
      case json::value_t::string: return "a string";
      case json::value_t::array: return "an array";
      case json::value_t::object: return "an object";
      case json::value_t::boolean: return "a boolean";
      default: return "a number";
    }
  }

  static bool hasType(const json& value, json::value_t type) {
    if (type == json::value_t::number_integer) return value.is_number_integer();
    if (type == json::value_t::number_float) return value.is_number();
    return value.type() == type;
  }

  const json* optional(const json& obj, const std::string& pointer, const char* key,
                       json::value_t type) {
    auto it = obj.find(key);
    if (it == obj.end()) return nullptr;
    if (!hasType(*it, type)) {
      fail(child(pointer, key), std::string("must be ") + (type == json::value_t::number_integer
                                                                ? "an integer"
                                                                : typeName(type)));
      return nullptr;
    }
    return &*it;
  }

  const json* required(const json& obj, const std::string& pointer, const char* key,
                       json::value_t type) {
    if (!obj.contains(key)) {
      fail(pointer, std::string("missing required property '") + key + "'");
      return nullptr;
    }
    return optional(obj, pointer, key, type);
  }

  // A non-empty string (GitHub: "the empty string is not supported for
  // required properties").
  const json* requiredText(const json& obj, const std::string& pointer, const char* key) {
    const json* value = required(obj, pointer, key, json::value_t::string);
    if (value && value->get<std::string>().empty()) {
      fail(child(pointer, key), "must not be empty");
      return nullptr;
    }
    return value;
  }

  void integerAtLeast(const json& obj, const std::string& pointer, const char* key, long long min) {
    const json* value = optional(obj, pointer, key, json::value_t::number_integer);
    if (value && value->get<long long>() < min)
      fail(child(pointer, key), "must be at least " + std::to_string(min) + ", is " + value->dump());
  }

  void oneOf(const json& obj, const std::string& pointer, const char* key, Names values) {
    const json* value = optional(obj, pointer, key, json::value_t::string);
    if (!value) return;
    for (const char* v : values)
      if (*value == v) return;
    fail(child(pointer, key), value->dump() + " is not one of " + joined(values));
  }

  void uriProperty(const json& obj, const std::string& pointer, const char* key, bool absolute) {
    const json* value = optional(obj, pointer, key, json::value_t::string);
    if (!value) return;
    std::string uri = value->get<std::string>();
    if (!isUriReference(uri))
      fail(child(pointer, key), "'" + uri + "' is not a valid URI reference (RFC 3986)");
    else if (absolute && !isAbsoluteUri(uri))
      fail(child(pointer, key), "'" + uri + "' is not an absolute URI");
  }

  // §3.8: a property bag is an object; "tags" is an array of unique strings.
  void propertyBag(const json& obj, const std::string& pointer) {
    const json* bag = optional(obj, pointer, "properties", json::value_t::object);
    if (!bag) return;
    std::string at = child(pointer, "properties");
    if (const json* tags = optional(*bag, at, "tags", json::value_t::array)) {
      std::set<std::string> seen;
      for (size_t i = 0; i < tags->size(); ++i) {
        if (!(*tags)[i].is_string()) fail(child(child(at, "tags"), i), "must be a string");
        else if (!seen.insert((*tags)[i].get<std::string>()).second)
          fail(child(child(at, "tags"), i), "duplicate tag " + (*tags)[i].dump());
      }
    }
  }

  // §3.11: a message has text or id.
  void message(const json& obj, const std::string& pointer, const char* key, bool need_text) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (need_text) fail(pointer, std::string("missing required property '") + key + "'");
      return;
    }
    std::string at = child(pointer, key);
    if (!object(*it, at)) return;
    known(*it, at, {"text", "markdown", "id", "arguments", "properties"});
    optional(*it, at, "markdown", json::value_t::string);
    optional(*it, at, "id", json::value_t::string);
    if (need_text) requiredText(*it, at, "text");  // GitHub: message.text
    else optional(*it, at, "text", json::value_t::string);
    if (!it->contains("text") && !it->contains("id")) fail(at, "has neither 'text' nor 'id'");
    propertyBag(*it, at);
  }

  // §3.12: multiformatMessageString: text is required.
  void multiformat(const json& obj, const std::string& pointer, const char* key, bool needed,
                   size_t max_text) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (needed) fail(pointer, std::string("missing required property '") + key + "'");
      return;
    }
    std::string at = child(pointer, key);
    if (!object(*it, at)) return;
    known(*it, at, {"text", "markdown", "properties"});
    if (const json* text = requiredText(*it, at, "text"); text && max_text &&
                                                           text->get<std::string>().size() > max_text)
      fail(child(at, "text"), "longer than GitHub's " + std::to_string(max_text) + " characters");
    optional(*it, at, "markdown", json::value_t::string);
    propertyBag(*it, at);
  }

  void runObject(const json& run, const std::string& at) {
    rule_ids_.clear();
    uri_base_ids_.clear();
    artifacts_ = 0;
    if (!object(run, at)) return;
    known(run, at, {"tool", "invocations", "conversion", "language", "versionControlProvenance",
                    "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results",
                    "automationDetails", "runAggregates", "baselineGuid", "redactionTokens",
                    "defaultEncoding", "defaultSourceLanguage", "newlineSequences", "columnKind",
                    "externalPropertyFileReferences", "threadFlowLocations", "taxonomies",
                    "addresses", "translations", "policies", "webRequests", "webResponses",
                    "specialLocations", "properties"});
    oneOf(run, at, "columnKind", {"utf16CodeUnits", "unicodeCodePoints"});
    originalUriBaseIds(run, at);
    if (const json* artifacts = optional(run, at, "artifacts", json::value_t::array)) {
      artifacts_ = artifacts->size();
      for (size_t i = 0; i < artifacts->size(); ++i)
        artifact((*artifacts)[i], child(child(at, "artifacts"), i));
    }
    if (const json* tool = required(run, at, "tool", json::value_t::object)) {
      std::string tool_at = child(at, "tool");
      known(*tool, tool_at, {"driver", "extensions", "properties"});
      if (const json* driver = required(*tool, tool_at, "driver", json::value_t::object))
        toolComponent(*driver, child(tool_at, "driver"));
      propertyBag(*tool, tool_at);
    }
    if (const json* invocations = optional(run, at, "invocations", json::value_t::array))
      for (size_t i = 0; i < invocations->size(); ++i)
        invocation((*invocations)[i], child(child(at, "invocations"), i));
    if (const json* details = optional(run, at, "automationDetails", json::value_t::object)) {
      std::string details_at = child(at, "automationDetails");
      known(*details, details_at, {"description", "id", "guid", "correlationGuid", "properties"});
      optional(*details, details_at, "id", json::value_t::string);
      propertyBag(*details, details_at);
    }
    // GitHub: results is required (it may be empty); at most 25,000.
    if (const json* results = required(run, at, "results", json::value_t::array)) {
      if (results->size() > kMaxResults)
        fail(child(at, "results"), std::to_string(results->size()) + " results, more than GitHub's 25000");
      for (size_t i = 0; i < results->size(); ++i)
        result((*results)[i], child(child(at, "results"), i));
    }
    propertyBag(run, at);
  }

  // §3.14.14: each value is an artifactLocation; its uri, if any, ends with
  // "/", and is absolute unless it has a uriBaseId itself (an entry without
  // uri says the tool does not know the absolute root).
  void originalUriBaseIds(const json& run, const std::string& at) {
    const json* bases = optional(run, at, "originalUriBaseIds", json::value_t::object);
    if (!bases) return;
    for (const auto& [name, value] : bases->items()) uri_base_ids_.insert(name);
    for (const auto& [name, value] : bases->items()) {
      std::string base_at = child(child(at, "originalUriBaseIds"), name);
      artifactLocation(value, base_at);
      if (!value.is_object() || !value.contains("uri") || !value["uri"].is_string()) continue;
      std::string uri = value["uri"].get<std::string>();
      if (uri.empty() || uri.back() != '/') fail(child(base_at, "uri"), "must end with '/'");
      if (!value.contains("uriBaseId") && !isAbsoluteUri(uri))
        fail(child(base_at, "uri"), "must be absolute when there is no uriBaseId");
    }
  }

  void toolComponent(const json& driver, const std::string& at) {
    known(driver, at, {"guid", "name", "organization", "product", "productSuite", "shortDescription",
                       "fullDescription", "fullName", "version", "semanticVersion", "dottedQuadFileVersion",
                       "releaseDateUtc", "downloadUri", "informationUri", "globalMessageStrings",
                       "notifications", "rules", "taxa", "locations", "language", "contents",
                       "isComprehensive", "localizedDataSemanticVersion", "minimumRequiredLocalizedDataSemanticVersion",
                       "associatedComponent", "translationMetadata", "supportedTaxonomies", "properties"});
    requiredText(driver, at, "name");  // §3.19.8
    optional(driver, at, "version", json::value_t::string);
    optional(driver, at, "semanticVersion", json::value_t::string);
    uriProperty(driver, at, "informationUri", true);
    // GitHub: rules is required; at most 25,000; §3.19.23: ids unique.
    if (const json* rules = required(driver, at, "rules", json::value_t::array)) {
      std::string rules_at = child(at, "rules");
      if (rules->size() > kMaxRules)
        fail(rules_at, std::to_string(rules->size()) + " rules, more than GitHub's 25000");
      std::set<std::string> seen;
      for (size_t i = 0; i < rules->size(); ++i) {
        std::string id = rule((*rules)[i], child(rules_at, i));
        rule_ids_.push_back(id);
        if (!id.empty() && !seen.insert(id).second)
          fail(child(child(rules_at, i), "id"), "duplicate rule id '" + id + "'");
      }
    }
    propertyBag(driver, at);
  }

  // §3.49 reportingDescriptor; returns its id.
  std::string rule(const json& r, const std::string& at) {
    if (!object(r, at)) return {};
    known(r, at, {"id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
                  "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration",
                  "helpUri", "help", "relationships", "properties"});
    const json* id = requiredText(r, at, "id");
    if (const json* name = optional(r, at, "name", json::value_t::string);
        name && name->get<std::string>().size() > kMaxRuleName)
      fail(child(at, "name"), "longer than GitHub's 255 characters");
    // GitHub: shortDescription.text, fullDescription.text and help.text are required.
    multiformat(r, at, "shortDescription", true, kMaxDescription);
    multiformat(r, at, "fullDescription", true, kMaxDescription);
    multiformat(r, at, "help", true, 0);
    uriProperty(r, at, "helpUri", true);
    if (const json* config = optional(r, at, "defaultConfiguration", json::value_t::object)) {
      std::string config_at = child(at, "defaultConfiguration");
      known(*config, config_at, {"enabled", "level", "rank", "parameters", "properties"});
      // §3.50.3 allows "none" too; GitHub takes note, warning and error.
      oneOf(*config, config_at, "level", {"note", "warning", "error"});
      optional(*config, config_at, "enabled", json::value_t::boolean);
      if (const json* rank = optional(*config, config_at, "rank", json::value_t::number_float);
          rank && (rank->get<double>() < -1 || rank->get<double>() > 100))
        fail(child(config_at, "rank"), "must be -1 or 0-100");
      propertyBag(*config, config_at);
    }
    propertyBag(r, at);
    if (const json* bag = optional(r, at, "properties", json::value_t::object)) {
      std::string bag_at = child(at, "properties");
      if (bag->contains("tags") && (*bag)["tags"].is_array() && (*bag)["tags"].size() > kMaxTags)
        fail(child(bag_at, "tags"), "more than GitHub's 20 tags");
      // GitHub: a string holding a score above 0.0, up to 10.0.
      if (auto it = bag->find("security-severity"); it != bag->end()) {
        char* end = nullptr;
        std::string text = it->is_string() ? it->get<std::string>() : std::string();
        double score = text.empty() ? 0 : std::strtod(text.c_str(), &end);
        if (!it->is_string() || text.empty() || *end != '\0' || score <= 0 || score > 10)
          fail(child(bag_at, "security-severity"), "must be a string holding a number in (0, 10]");
      }
      oneOf(*bag, bag_at, "precision", {"very-high", "high", "medium", "low"});
    }
    return id ? id->get<std::string>() : std::string();
  }

  // §3.27 result.
  void result(const json& r, const std::string& at) {
    if (!object(r, at)) return;
    known(r, at, {"ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget",
                  "locations", "guid", "correlationGuid", "occurrenceCount", "partialFingerprints",
                  "fingerprints", "stacks", "codeFlows", "graphs", "graphTraversals",
                  "relatedLocations", "suppressions", "baselineState", "rank", "attachments",
                  "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest",
                  "webResponse", "properties"});
    message(r, at, "message", true);
    ruleReference(r, at);
    oneOf(r, at, "kind", {"notApplicable", "pass", "fail", "review", "open", "informational"});
    oneOf(r, at, "level", {"none", "note", "warning", "error"});
    // §3.27.10: a result whose kind is not "fail" has level "none".
    if (r.contains("kind") && r["kind"] != "fail" && r.contains("level") && r["level"] != "none")
      fail(child(at, "level"), "must be \"none\" when kind is " + r["kind"].dump());
    // GitHub: at least one location (only the first is used), at most 1000.
    if (const json* locations = required(r, at, "locations", json::value_t::array)) {
      std::string locations_at = child(at, "locations");
      if (locations->empty()) fail(locations_at, "GitHub needs at least one location");
      if (locations->size() > kMaxLocations) fail(locations_at, "more than GitHub's 1000 locations");
      for (size_t i = 0; i < locations->size(); ++i) location((*locations)[i], child(locations_at, i));
      if (!locations->empty() && (*locations)[0].is_object() && !(*locations)[0].contains("physicalLocation"))
        fail(child(locations_at, 0), "GitHub needs a physicalLocation in the first location");
    }
    if (const json* related = optional(r, at, "relatedLocations", json::value_t::array))
      for (size_t i = 0; i < related->size(); ++i)
        location((*related)[i], child(child(at, "relatedLocations"), i));
    stringMap(r, at, "partialFingerprints");
    stringMap(r, at, "fingerprints");
    if (const json* flows = optional(r, at, "codeFlows", json::value_t::array)) {
      size_t steps = 0;
      for (size_t i = 0; i < flows->size(); ++i) steps += codeFlow((*flows)[i], child(child(at, "codeFlows"), i));
      if (steps > kMaxThreadFlowLocations)
        fail(child(at, "codeFlows"), "more than GitHub's 10000 thread flow locations");
    }
    if (const json* suppressions = optional(r, at, "suppressions", json::value_t::array))
      for (size_t i = 0; i < suppressions->size(); ++i)
        suppression((*suppressions)[i], child(child(at, "suppressions"), i));
    propertyBag(r, at);
  }

  // §3.27.5-7: ruleIndex indexes tool.driver.rules; with ruleId, it names
  // the rule of that id. A ruleId alone must name a rule of the driver.
  void ruleReference(const json& r, const std::string& at) {
    const json* id = optional(r, at, "ruleId", json::value_t::string);
    const json* index = optional(r, at, "ruleIndex", json::value_t::number_integer);
    if (index) {
      long long i = index->get<long long>();
      if (i < -1) fail(child(at, "ruleIndex"), "must be at least -1");
      else if (i >= static_cast<long long>(rule_ids_.size()))
        fail(child(at, "ruleIndex"), std::to_string(i) + " is out of range: the driver has " +
                                         std::to_string(rule_ids_.size()) + " rules");
      else if (i >= 0 && id && rule_ids_[i] != id->get<std::string>())
        fail(child(at, "ruleId"), "'" + id->get<std::string>() + "' but rule " + std::to_string(i) +
                                      " is '" + rule_ids_[i] + "'");
    } else if (id) {
      bool found = false;
      for (const std::string& rid : rule_ids_) found = found || rid == id->get<std::string>();
      if (!found) fail(child(at, "ruleId"), "'" + id->get<std::string>() + "' names no rule of the driver");
    }
  }

  void stringMap(const json& obj, const std::string& at, const char* key) {
    const json* map = optional(obj, at, key, json::value_t::object);
    if (!map) return;
    for (const auto& [name, value] : map->items())
      if (!value.is_string()) fail(child(child(at, key), name), "must be a string");
  }

  // §3.28 location.
  void location(const json& l, const std::string& at) {
    if (!object(l, at)) return;
    known(l, at, {"id", "physicalLocation", "logicalLocations", "message", "annotations",
                  "relationships", "properties"});
    integerAtLeast(l, at, "id", -1);
    message(l, at, "message", false);
    if (const json* physical = optional(l, at, "physicalLocation", json::value_t::object)) {
      std::string physical_at = child(at, "physicalLocation");
      known(*physical, physical_at, {"address", "artifactLocation", "region", "contextRegion", "properties"});
      // §3.29.2: an address or an artifactLocation (GitHub: artifactLocation.uri).
      if (const json* artifact = required(*physical, physical_at, "artifactLocation", json::value_t::object)) {
        artifactLocation(*artifact, child(physical_at, "artifactLocation"));
        if (!artifact->contains("uri")) fail(child(physical_at, "artifactLocation"), "GitHub needs a uri");
      }
      if (physical->contains("region")) region((*physical)["region"], child(physical_at, "region"));
      if (physical->contains("contextRegion"))
        region((*physical)["contextRegion"], child(physical_at, "contextRegion"));
      propertyBag(*physical, physical_at);
    }
    propertyBag(l, at);
  }

  // §3.4 artifactLocation.
  void artifactLocation(const json& a, const std::string& at) {
    if (!object(a, at)) return;
    known(a, at, {"uri", "uriBaseId", "index", "description", "properties"});
    uriProperty(a, at, "uri", false);
    integerAtLeast(a, at, "index", -1);
    if (a.contains("index") && a["index"].is_number_integer() &&
        a["index"].get<long long>() >= static_cast<long long>(artifacts_))
      fail(child(at, "index"), "is out of range of run.artifacts");
    message(a, at, "description", false);
    if (const json* base = optional(a, at, "uriBaseId", json::value_t::string)) {
      // §3.4.4: with a uriBaseId the uri is relative; we also require the
      // id to be defined in run.originalUriBaseIds, so consumers can resolve it.
      if (!uri_base_ids_.count(base->get<std::string>()))
        fail(child(at, "uriBaseId"), "'" + base->get<std::string>() + "' is not in run.originalUriBaseIds");
      if (a.contains("uri") && a["uri"].is_string() && isAbsoluteUri(a["uri"].get<std::string>()))
        fail(child(at, "uri"), "must be relative when uriBaseId is given");
    }
    propertyBag(a, at);
  }

  // §3.30 region: lines and columns are 1-based.
  void region(const json& r, const std::string& at) {
    if (!object(r, at)) return;
    known(r, at, {"startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
                  "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties"});
    for (const char* key : {"startLine", "startColumn", "endLine", "endColumn"}) integerAtLeast(r, at, key, 1);
    for (const char* key : {"charOffset", "byteOffset"}) integerAtLeast(r, at, key, -1);
    for (const char* key : {"charLength", "byteLength"}) integerAtLeast(r, at, key, 0);
    if (!r.contains("startLine") && !r.contains("charOffset") && !r.contains("byteOffset"))
      fail(at, "needs startLine, charOffset or byteOffset");
    if (r.contains("startLine") && r.contains("endLine") && r["startLine"].is_number_integer() &&
        r["endLine"].is_number_integer() && r["endLine"] < r["startLine"])
      fail(child(at, "endLine"), "is before startLine");
    message(r, at, "message", false);
    propertyBag(r, at);
  }

  // §3.36-3.38: a codeFlow has at least one threadFlow, each with at least
  // one location. Returns the number of thread flow locations.
  size_t codeFlow(const json& flow, const std::string& at) {
    if (!object(flow, at)) return 0;
    known(flow, at, {"message", "threadFlows", "properties"});
    message(flow, at, "message", false);
    size_t steps = 0;
    if (const json* threads = required(flow, at, "threadFlows", json::value_t::array)) {
      std::string threads_at = child(at, "threadFlows");
      if (threads->empty()) fail(threads_at, "must have at least one threadFlow");
      for (size_t i = 0; i < threads->size(); ++i) {
        const json& thread = (*threads)[i];
        std::string thread_at = child(threads_at, i);
        if (!object(thread, thread_at)) continue;
        known(thread, thread_at, {"id", "message", "initialState", "immutableState", "locations", "properties"});
        message(thread, thread_at, "message", false);
        const json* locations = required(thread, thread_at, "locations", json::value_t::array);
        if (!locations) continue;
        std::string locations_at = child(thread_at, "locations");
        if (locations->empty()) fail(locations_at, "must have at least one location");
        steps += locations->size();
        for (size_t j = 0; j < locations->size(); ++j) threadFlowLocation((*locations)[j], child(locations_at, j));
        propertyBag(thread, thread_at);
      }
    }
    propertyBag(flow, at);
    return steps;
  }

  void threadFlowLocation(const json& t, const std::string& at) {
    if (!object(t, at)) return;
    known(t, at, {"index", "location", "stack", "kinds", "taxa", "module", "state", "nestingLevel",
                  "executionOrder", "executionTimeUtc", "importance", "webRequest", "webResponse",
                  "properties"});
    if (t.contains("location")) location(t["location"], child(at, "location"));
    integerAtLeast(t, at, "index", -1);
    integerAtLeast(t, at, "nestingLevel", 0);
    integerAtLeast(t, at, "executionOrder", -1);
    oneOf(t, at, "importance", {"important", "essential", "unimportant"});
    optional(t, at, "kinds", json::value_t::array);
    propertyBag(t, at);
  }

  // §3.35 suppression: kind is required.
  void suppression(const json& s, const std::string& at) {
    if (!object(s, at)) return;
    known(s, at, {"guid", "kind", "status", "justification", "location", "properties"});
    if (required(s, at, "kind", json::value_t::string)) oneOf(s, at, "kind", {"inSource", "external"});
    oneOf(s, at, "status", {"accepted", "underReview", "rejected"});
    optional(s, at, "justification", json::value_t::string);
    if (s.contains("location")) location(s["location"], child(at, "location"));
    propertyBag(s, at);
  }

  // §3.20 invocation: executionSuccessful is required.
  void invocation(const json& inv, const std::string& at) {
    if (!object(inv, at)) return;
    known(inv, at, {"commandLine", "arguments", "responseFiles", "startTimeUtc", "endTimeUtc", "exitCode",
                    "ruleConfigurationOverrides", "notificationConfigurationOverrides",
                    "toolExecutionNotifications", "toolConfigurationNotifications", "exitCodeDescription",
                    "exitSignalName", "exitSignalNumber", "processStartFailureMessage",
                    "executionSuccessful", "machine", "account", "processId", "executableLocation",
                    "workingDirectory", "environmentVariables", "stdin", "stdout", "stderr",
                    "stdoutStderr", "properties"});
    required(inv, at, "executionSuccessful", json::value_t::boolean);
    for (const char* key : {"toolExecutionNotifications", "toolConfigurationNotifications"})
      if (const json* list = optional(inv, at, key, json::value_t::array))
        for (size_t i = 0; i < list->size(); ++i) notification((*list)[i], child(child(at, key), i));
    propertyBag(inv, at);
  }

  // §3.58 notification: message is required.
  void notification(const json& n, const std::string& at) {
    if (!object(n, at)) return;
    known(n, at, {"locations", "message", "level", "threadId", "timeUtc", "exception", "descriptor",
                  "associatedRule", "properties"});
    message(n, at, "message", true);
    oneOf(n, at, "level", {"none", "note", "warning", "error"});
    for (const char* key : {"descriptor", "associatedRule"}) {
      const json* ref = optional(n, at, key, json::value_t::object);
      if (!ref) continue;
      std::string ref_at = child(at, key);
      known(*ref, ref_at, {"id", "index", "guid", "toolComponent", "properties"});
      optional(*ref, ref_at, "id", json::value_t::string);
      integerAtLeast(*ref, ref_at, "index", -1);
      // §3.52: at least one of id, index, guid.
      if (!ref->contains("id") && !ref->contains("index") && !ref->contains("guid"))
        fail(ref_at, "needs id, index or guid");
    }
    if (const json* locations = optional(n, at, "locations", json::value_t::array))
      for (size_t i = 0; i < locations->size(); ++i) location((*locations)[i], child(child(at, "locations"), i));
    propertyBag(n, at);
  }

  // §3.24 artifact.
  void artifact(const json& a, const std::string& at) {
    if (!object(a, at)) return;
    known(a, at, {"location", "parentIndex", "offset", "length", "roles", "mimeType", "contents",
                  "encoding", "sourceLanguage", "hashes", "lastModifiedTimeUtc", "description",
                  "properties"});
    if (a.contains("location")) artifactLocation(a["location"], child(at, "location"));
    integerAtLeast(a, at, "length", -1);
    integerAtLeast(a, at, "parentIndex", -1);
    if (const json* roles = optional(a, at, "roles", json::value_t::array)) {
      static const Names kRoles = {"analysisTarget", "attachment", "responseFile", "resultFile",
                                   "standardStream", "tracedFile", "unmodified", "modified", "added",
                                   "deleted", "renamed", "uncontrolled", "driver", "extension",
                                   "translation", "taxonomy", "policy", "referencedOnCommandLine",
                                   "memoryContents", "directory", "userSpecifiedConfiguration",
                                   "toolSpecifiedConfiguration", "debugOutputFile"};
      std::set<std::string> seen;
      for (size_t i = 0; i < roles->size(); ++i) {
        const json& role = (*roles)[i];
        bool ok = false;
        for (const char* r : kRoles) ok = ok || role == r;
        if (!ok) fail(child(child(at, "roles"), i), role.dump() + " is not an artifact role");
        else if (!seen.insert(role.get<std::string>()).second)
          fail(child(child(at, "roles"), i), "duplicate role " + role.dump());
      }
    }
    propertyBag(a, at);
  }
};

}  // namespace

std::vector<std::string> validateSarif(const nlohmann::json& log) { return Validator().run(log); }

}  // namespace segproof
