// SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html)
// as GitHub code scanning reads it
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
#include "report/sarif_reporter.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include "lint/catalogue.h"
#include "report/json_reporter.h"

namespace segproof {

using json = nlohmann::ordered_json;

namespace {

constexpr const char* kSrcRoot = "%SRCROOT%";
// GitHub shows at most 10 tags of a rule (and rejects more than 20).
constexpr size_t kMaxTags = 10;
// GitHub cuts rule descriptions at 1024 characters.
constexpr size_t kMaxDescription = 1024;

// SARIF has four levels; the assertion and lint severities map onto three.
const char* levelOf(const std::string& severity) {
  if (severity == "critical" || severity == "high") return "error";
  if (severity == "medium") return "warning";
  return "note";
}

// GitHub reads `security-severity` (a string, 0.1-10.0) as critical above
// 9.0, high from 7.0, medium from 4.0, low below. Informational checks get
// none, so GitHub lists them by their level (note) instead.
const char* securitySeverityOf(const std::string& severity) {
  if (severity == "critical") return "9.5";
  if (severity == "high") return "8.0";
  if (severity == "medium") return "5.5";
  if (severity == "low") return "3.0";
  return nullptr;
}

std::string truncated(std::string text, size_t limit) {
  if (text.size() > limit) text = text.substr(0, limit - 3) + "...";
  return text;
}

// "internet-management-ports" -> "InternetManagementPorts": SARIF's rule
// name is an identifier meant to be read.
std::string pascalCase(const std::string& id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

// FNV-1a, 64 bits: small, and the same on every platform and run.
std::string stableHash(const std::vector<std::string>& parts) {
  uint64_t h = 14695981039346656037ull;
  for (const std::string& part : parts) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0x1f;  // a separator no part contains, so ("ab","c") != ("a","bc")
    h *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

// Pseudo-files such as "<built-in>/default.yaml" name no file of the
// repository; GitHub could not show them, and "<" is no URI character.
bool isPseudoFile(const std::string& file) { return !file.empty() && file.front() == '<'; }

bool usable(const SourceLocation& l) { return l.known() && !isPseudoFile(l.file); }

// RFC 3986: a path keeps unreserved characters and "/"; every other byte is
// percent-encoded (spaces, backslashes, ":" that would read as a scheme).
std::string percentEncoded(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

json artifactLocationJson(const std::string& file) {
  if (!file.empty() && file.front() == '/') return {{"uri", "file://" + percentEncoded(file)}};
  std::string path = file;
  while (path.rfind("./", 0) == 0) path = path.substr(2);
  return {{"uri", percentEncoded(path)}, {"uriBaseId", kSrcRoot}};
}

json physicalLocationJson(const SourceLocation& l) {
  json out = {{"artifactLocation", artifactLocationJson(l.file)}};
  if (l.line > 0) {
    json region = {{"startLine", l.line}};
    if (l.column > 0) region["startColumn"] = l.column;
    out["region"] = region;
  }
  return out;
}

json messageJson(const std::string& text) { return {{"text", text}}; }

// A location at `l`, or (when `l` names no file) at `fallback`, or at the
// first input with no region; nullopt only when there is none of these.
std::optional<json> locationAt(const SourceLocation& l, const SourceLocation& fallback,
                               const std::vector<std::string>& inputs) {
  if (usable(l)) return json{{"physicalLocation", physicalLocationJson(l)}};
  if (usable(fallback)) return json{{"physicalLocation", physicalLocationJson(fallback)}};
  if (!inputs.empty()) {
    SourceLocation first;
    first.file = inputs.front();
    return json{{"physicalLocation", physicalLocationJson(first)}};
  }
  return std::nullopt;
}

std::string hopText(const PathHop& h) {
  std::string out = h.step + ": " + h.element;
  if (!h.rule.empty()) out += ": " + h.rule;
  if (h.reply) out += " (reply)";
  if (!h.packet.empty()) out += " [" + h.packet + "]";
  return out;
}

// The hop a user changes to stop the flow: the security group rule that
// admits it (ingress before egress), else a network ACL entry, else any
// located hop; hops of the packet's way in before those of the reply.
const PathHop* decidingHop(const Witness& w) {
  auto rank = [](const PathHop& h) {
    int r = 3;
    if (h.step == "security group ingress") r = 0;
    else if (h.step == "security group egress") r = 1;
    else if (h.step.rfind("network ACL", 0) == 0) r = 2;
    return r + (h.reply ? 4 : 0);
  };
  const PathHop* best = nullptr;
  for (const PathHop& h : w.hops)
    if (usable(h.location) && (!best || rank(h) < rank(*best))) best = &h;
  return best;
}

json codeFlowJson(const Witness& w) {
  json steps = json::array();
  for (const PathHop& h : w.hops) {
    // A hop written nowhere still shows as a step, with its message only.
    json location = {{"message", messageJson(hopText(h))}};
    if (usable(h.location)) location["physicalLocation"] = physicalLocationJson(h.location);
    steps.push_back({{"location", location}});
  }
  std::string summary = w.source + " -> " + w.destination + ": " + w.packet.str();
  return {{"message", messageJson(summary)},
          {"threadFlows", json::array({{{"message", messageJson(summary)}, {"locations", steps}}})}};
}

std::string placesText(const std::vector<std::string>& places) {
  std::string out;
  for (const std::string& p : places) out += (out.empty() ? "" : " -> ") + p;
  return out;
}

std::vector<std::string> hopKeys(const std::vector<PathHop>& hops) {
  // Steps and elements, not rule texts: those may quote the chosen packet.
  std::vector<std::string> keys;
  for (const PathHop& h : hops) {
    keys.push_back(h.step);
    keys.push_back(h.element);
  }
  return keys;
}

json tagsJson(std::vector<std::string> tags, const std::vector<ControlRef>& controls) {
  for (const ControlRef& c : controls) tags.push_back(c.framework + " " + c.id);
  json out = json::array();
  std::set<std::string> seen;
  for (const std::string& t : tags)
    if (out.size() < kMaxTags && seen.insert(t).second) out.push_back(t);
  return out;
}

void addSecuritySeverity(json& properties, const std::string& severity) {
  if (const char* s = securitySeverityOf(severity)) properties["security-severity"] = s;
}

json driverJson(json rules) {
  return {{"name", "segproof"},
          {"version", kVersion},
          {"semanticVersion", kVersion},
          {"rules", std::move(rules)}};
}

json artifactsJson(const std::vector<std::string>& inputs, const std::vector<std::string>& configs) {
  json out = json::array();
  std::set<std::string> seen;
  auto add = [&](const std::string& file, const char* role) {
    if (file.empty() || isPseudoFile(file) || !seen.insert(file).second) return;
    out.push_back({{"location", artifactLocationJson(file)}, {"roles", json::array({role})}});
  };
  for (const std::string& f : inputs) add(f, "analysisTarget");
  for (const std::string& f : configs) add(f, "userSpecifiedConfiguration");
  return out;
}

json invocationJson(const std::vector<std::string>& internal_errors,
                    const std::vector<std::string>& notes) {
  json notifications = json::array();
  for (const std::string& e : internal_errors)
    notifications.push_back({{"descriptor", {{"id", "internal-error"}}},
                             {"level", "error"},
                             {"message", messageJson(e)}});
  for (const std::string& n : notes)
    notifications.push_back(
        {{"descriptor", {{"id", "note"}}}, {"level", "note"}, {"message", messageJson(n)}});
  return {{"executionSuccessful", internal_errors.empty()},
          {"toolExecutionNotifications", notifications}};
}

// One run. `category` is GitHub's analysis category (runAutomationDetails.id
// "segproof/check/"): check and lint logs of one commit do not replace each
// other.
json logJson(json rules, json results, const char* category, json artifacts, json invocation,
             json properties) {
  json run = {{"tool", {{"driver", driverJson(std::move(rules))}}},
              {"automationDetails", {{"id", category}}},
              // The tool does not know where the repository root is; the
              // relative URIs are relative to the directory segproof ran in
              // (GitHub reads them relative to the repository root).
              {"originalUriBaseIds",
               {{kSrcRoot,
                 {{"description", messageJson("The directory segproof was run in.")}}}}},
              {"artifacts", std::move(artifacts)},
              {"invocations", json::array({std::move(invocation)})},
              {"results", std::move(results)},
              {"properties", std::move(properties)}};
  return {{"$schema", kSarifSchemaUri}, {"version", "2.1.0"}, {"runs", json::array({run})}};
}

// --- check ------------------------------------------------------------------

const char* kindMeaning(AssertionKind kind) {
  switch (kind) {
    case AssertionKind::kUnreachable: return "no flow from the sources reaches the destinations";
    case AssertionKind::kIsolated: return "no flow between any two of the segments, in any direction";
    case AssertionKind::kOnly: return "the destinations are reached only by the allowed flows";
    case AssertionKind::kReachable: return "some flow from the sources reaches the destinations";
  }
  return "";
}

std::string selectorsText(const std::vector<Selector>& selectors) {
  std::string out;
  for (const Selector& s : selectors) out += (out.empty() ? "" : ", ") + s.text;
  return out;
}

std::string controlsText(const std::vector<ControlRef>& controls) {
  std::string out;
  for (const ControlRef& c : controls)
    out += (out.empty() ? "" : "; ") + c.framework + " " + c.id + " (" + c.title + ")";
  return out;
}

json assertionRuleJson(const AssertionResult& r) {
  const Assertion& a = r.assertion;
  std::string kind = assertionKindName(a.kind);
  std::string summary = a.description.empty() ? kind + " assertion " + a.id : a.description;
  std::string full = summary + " (" + kind + ": " + kindMeaning(a.kind) + ")";
  std::string scope;
  if (!a.from.empty()) scope += "from: " + selectorsText(a.from) + "\n";
  if (!a.to.empty()) scope += "to: " + selectorsText(a.to) + "\n";
  if (a.kind == AssertionKind::kUnreachable || a.kind == AssertionKind::kReachable)
    scope += "flow: " + a.flow.text() + "\n";
  for (const Segment& s : a.segments) scope += "segment: " + s.name + "\n";
  std::string help = full + "\n\n" + scope + "severity: " + a.severity + "\n";
  std::string markdown = "**" + a.id + "** (`" + kind + "`, severity " + a.severity + ")\n\n" +
                         summary + "\n\nAsserts that " + kindMeaning(a.kind) + ".\n\n";
  if (!scope.empty()) {
    std::string lines;
    size_t start = 0;
    for (size_t end = scope.find('\n'); end != std::string::npos; end = scope.find('\n', start)) {
      lines += "- " + scope.substr(start, end - start) + "\n";
      start = end + 1;
    }
    markdown += lines + "\n";
  }
  if (!r.controls.empty()) {
    help += "controls: " + controlsText(r.controls) + "\n";
    markdown += "Controls: " + controlsText(r.controls) + "\n\n";
  }
  if (a.location.known()) {
    help += "defined at " + a.location.str() + "\n";
    markdown += "Defined at `" + a.location.str() + "`.\n";
  }
  json properties = {{"tags", tagsJson({"security", "network-segmentation", kind}, r.controls)},
                     {"precision", "very-high"},
                     {"kind", kind},
                     {"severity", a.severity}};
  addSecuritySeverity(properties, a.severity);
  properties["controls"] = controlsJson(r.controls);
  return {{"id", a.id},
          {"name", pascalCase(a.id)},
          {"shortDescription", messageJson(truncated(summary, kMaxDescription))},
          {"fullDescription", messageJson(truncated(full, kMaxDescription))},
          {"help", {{"text", help}, {"markdown", markdown}}},
          {"defaultConfiguration", {{"level", levelOf(a.severity)}}},
          {"properties", properties}};
}

json resultProperties(const AssertionResult& r) {
  return {{"verdict", verdictName(r.verdict)},
          {"kind", assertionKindName(r.assertion.kind)},
          {"severity", r.assertion.severity},
          {"assertionLocation", r.assertion.location.str()},
          {"flows", r.flows},
          {"controls", controlsJson(r.controls)}};
}

struct RuleRef {
  std::string id;
  size_t index = 0;
};

json resultJson(const RuleRef& rule, const char* level, const std::string& message,
                std::optional<json> location, const std::string& fingerprint, json properties) {
  json out = {{"ruleId", rule.id}, {"ruleIndex", rule.index}, {"level", level},
              {"message", messageJson(message)}};
  out["locations"] = location ? json::array({*location}) : json::array();
  out["partialFingerprints"] = {{"segproofFinding/v1", fingerprint}};
  out["properties"] = std::move(properties);
  return out;
}

// A violated assertion: one result per witness, at the rule that lets it through.
void addWitnessResults(const AssertionResult& r, const RuleRef& rule,
                       const std::vector<std::string>& inputs, json& results) {
  const Assertion& a = r.assertion;
  for (size_t i = 0; i < r.witnesses.size(); ++i) {
    const Witness& w = r.witnesses[i];
    const PathHop* hop = decidingHop(w);
    std::string message = "Assertion '" + a.id + "' is violated: " + w.source + " reaches " +
                          w.destination + " (" + w.packet.str() + ")";
    if (hop) message += " through " + hop->step + " " + hop->element + ": " + hop->rule;
    message += ".";
    if (r.flows > r.witnesses.size())
      message += " Witness " + std::to_string(i + 1) + " of " + std::to_string(r.flows) + " flows.";
    std::vector<std::string> keys = {a.id, w.source, w.destination, placesText(w.places)};
    std::vector<std::string> hops = hopKeys(w.hops);
    keys.insert(keys.end(), hops.begin(), hops.end());
    json properties = resultProperties(r);
    properties["from"] = w.source;
    properties["to"] = w.destination;
    properties["packet"] = w.packet.str();
    properties["path"] = w.places;
    json result = resultJson(rule, levelOf(a.severity), message,
                             locationAt(hop ? hop->location : SourceLocation(), a.location, inputs),
                             stableHash(keys), properties);
    result["codeFlows"] = json::array({codeFlowJson(w)});
    results.push_back(result);
  }
}

// A violated assertion with no witness (a `reachable` one): its proof, at the
// rule that stops the closest path.
void addProofResult(const AssertionResult& r, const RuleRef& rule,
                    const std::vector<std::string>& inputs, json& results) {
  const Assertion& a = r.assertion;
  std::string message = "Assertion '" + a.id + "' is violated: no flow from " +
                        selectorsText(a.from) + " reaches " + selectorsText(a.to) + " on " +
                        a.flow.text() + ".";
  SourceLocation at;
  json properties = resultProperties(r);
  if (r.closest) {
    const PathHop& stop = r.closest->blocked_at;
    message += " The closest path (" + r.closest->source + " -> " + r.closest->destination +
               ") is stopped at " + stop.step + " " + stop.element + ": " + stop.rule + ".";
    at = stop.location;
    properties["closest_blocked"] = blockedJson(r.closest);
  }
  if (!r.reason.empty()) message += " " + r.reason;
  results.push_back(resultJson(rule, levelOf(a.severity), message, locationAt(at, a.location, inputs),
                               stableHash({a.id, "violated"}), properties));
}

void addUnknownResult(const AssertionResult& r, const RuleRef& rule,
                      const std::vector<std::string>& inputs, json& results) {
  const Assertion& a = r.assertion;
  std::string message = "Assertion '" + a.id + "' is unknown: " +
                        (r.reason.empty() ? std::string("not decided") : r.reason);
  json properties = resultProperties(r);
  properties["reason"] = r.reason;
  if (!r.internal_errors.empty()) properties["internal_errors"] = r.internal_errors;
  results.push_back(resultJson(rule, "warning", message, locationAt(a.location, {}, inputs),
                               stableHash({a.id, "unknown"}), properties));
}

}  // namespace

json checkSarif(const CheckReport& report) {
  json rules = json::array();
  std::map<std::string, size_t> rule_index;
  for (const AssertionResult& r : report.results) {
    if (rule_index.count(r.assertion.id)) continue;
    rule_index[r.assertion.id] = rules.size();
    rules.push_back(assertionRuleJson(r));
  }
  json results = json::array();
  json holds = json::array();
  std::vector<std::string> query_files;
  for (const AssertionResult& r : report.results) {
    RuleRef rule;
    rule.id = r.assertion.id;
    rule.index = rule_index[r.assertion.id];
    query_files.push_back(r.assertion.location.file);
    // A holding assertion gives no result. GitHub turns every result into an
    // alert whatever its `kind` (its supported subset has no `kind`), so a
    // `pass` result would show as an open alert; with none, the alert of an
    // assertion that held again is closed by the next upload. The proofs are
    // listed in the run's properties instead.
    if (r.verdict == Verdict::kHolds) {
      holds.push_back(r.assertion.id);
    } else if (r.verdict == Verdict::kUnknown) {
      addUnknownResult(r, rule, report.inputs, results);
    } else if (!r.witnesses.empty()) {
      addWitnessResults(r, rule, report.inputs, results);
    } else {
      addProofResult(r, rule, report.inputs, results);
    }
  }
  size_t counts[3] = {0, 0, 0};
  for (const AssertionResult& r : report.results) ++counts[static_cast<int>(r.verdict)];
  json properties = {{"assertions", report.results.size()},
                     {"holds", counts[static_cast<int>(Verdict::kHolds)]},
                     {"violated", counts[static_cast<int>(Verdict::kViolated)]},
                     {"unknown", counts[static_cast<int>(Verdict::kUnknown)]},
                     {"holding", holds}};
  return logJson(std::move(rules), std::move(results), "segproof/check/",
                 artifactsJson(report.inputs, query_files),
                 invocationJson(report.internal_errors, report.notes), std::move(properties));
}

// --- lint -------------------------------------------------------------------

namespace {

json checkRuleJson(std::string_view id, LintSeverity severity, std::string_view title) {
  std::string severity_name = lintSeverityName(severity);
  std::string name(id);
  std::string text(title);
  std::string full = text + " (segproof lint check " + name + ", default severity " +
                     severity_name + "; docs/lint.md describes it).";
  std::string markdown = "**" + name + "** (severity " + severity_name + ")\n\n" + text +
                         ".\n\nFor rules that admit the internet, the result says whether the "
                         "internet actually reaches an interface through the rule (a witness, "
                         "shown as the code flow) or what stops it. See `docs/lint.md`.\n";
  json properties = {{"tags", tagsJson({"security", "network-segmentation", "lint"}, {})},
                     {"precision", "very-high"},
                     {"severity", severity_name}};
  addSecuritySeverity(properties, severity_name);
  return {{"id", name},
          {"name", pascalCase(name)},
          {"shortDescription", messageJson(truncated(text, kMaxDescription))},
          {"fullDescription", messageJson(truncated(full, kMaxDescription))},
          {"help", {{"text", full}, {"markdown", markdown}}},
          {"defaultConfiguration", {{"level", levelOf(severity_name)}}},
          {"properties", properties}};
}

const char* pathLabel(PathVerdict::Kind kind) {
  switch (kind) {
    case PathVerdict::Kind::kReachable: return "REACHABLE";
    case PathVerdict::Kind::kNotReachable: return "not reachable";
    case PathVerdict::Kind::kUnknown: return "unknown";
    case PathVerdict::Kind::kNotApplicable: return "";
  }
  return "";
}

json findingResultJson(const LintFinding& f, const RuleRef& rule,
                       const std::vector<std::string>& inputs) {
  std::string message = f.message;
  if (f.path.kind != PathVerdict::Kind::kNotApplicable) {
    message += " Path: " + std::string(pathLabel(f.path.kind));
    if (!f.path.summary.empty()) message += ": " + f.path.summary;
    message += ".";
  }
  if (!f.fix.empty()) message += " Fix: " + f.fix;
  json properties = {{"severity", lintSeverityName(f.severity)},
                     {"resource", f.resource},
                     {"element", f.element},
                     {"path_verdict", pathVerdictName(f.path.kind)},
                     {"path_summary", f.path.summary}};
  if (f.path.witness) {
    properties["packet"] = f.path.witness->packet.str();
    properties["path"] = f.path.witness->places;
  }
  properties["controls"] = controlsJson(f.controls);
  json result = resultJson(rule, levelOf(lintSeverityName(f.severity)), message,
                           locationAt(f.location, {}, inputs),
                           stableHash({f.check, f.resource, f.element}), properties);
  if (f.path.witness) result["codeFlows"] = json::array({codeFlowJson(*f.path.witness)});
  if (f.path.blocked && usable(f.path.blocked->blocked_at.location)) {
    const PathHop& stop = f.path.blocked->blocked_at;
    json related = {{"id", 1},
                    {"physicalLocation", physicalLocationJson(stop.location)},
                    {"message", messageJson("stopped here: " + hopText(stop))}};
    result["relatedLocations"] = json::array({related});
  }
  return result;
}

}  // namespace

json lintSarif(const LintReport& report) {
  json rules = json::array();
  std::map<std::string, size_t> rule_index;
  for (const lint::CheckInfo& c : lint::checkCatalogue()) {
    rule_index[std::string(c.id)] = rules.size();
    rules.push_back(checkRuleJson(c.id, c.severity, c.title));
  }
  // A finding of a check the catalogue does not list still needs its rule.
  auto ruleOf = [&](const LintFinding& f) {
    auto it = rule_index.find(f.check);
    if (it == rule_index.end()) {
      it = rule_index.emplace(f.check, rules.size()).first;
      rules.push_back(checkRuleJson(f.check, f.severity, f.check));
    }
    RuleRef rule;
    rule.id = f.check;
    rule.index = it->second;
    return rule;
  };
  json results = json::array();
  for (const LintFinding& f : report.findings) results.push_back(findingResultJson(f, ruleOf(f), report.inputs));
  for (const SuppressedFinding& s : report.suppressed) {
    json result = findingResultJson(s.finding, ruleOf(s.finding), report.inputs);
    const Suppression& why = report.suppressions[s.suppression];
    // SARIF's own mechanism: kind "external" (the reason is in .segproof.yaml,
    // not in the analysed file), status accepted.
    json suppression = {{"kind", "external"}, {"status", "accepted"}, {"justification", why.reason}};
    if (usable(why.location))
      suppression["location"] = {{"physicalLocation", physicalLocationJson(why.location)}};
    if (!why.expires.empty()) suppression["properties"] = {{"expires", why.expires}};
    result["suppressions"] = json::array({suppression});
    results.push_back(result);
  }
  json properties = {{"findings", report.findings.size()}, {"suppressed", report.suppressed.size()}};
  std::vector<std::string> configs;
  if (!report.config.empty()) configs.push_back(report.config);
  return logJson(std::move(rules), std::move(results), "segproof/lint/",
                 artifactsJson(report.inputs, configs),
                 invocationJson(report.internal_errors, report.notes), std::move(properties));
}

}  // namespace segproof
