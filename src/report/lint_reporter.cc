#include "report/lint_reporter.h"

#include <array>
#include <map>

#include "lint/catalogue.h"
#include "report/json_reporter.h"
#include "report/text_reporter.h"

namespace segproof {

using json = nlohmann::ordered_json;

namespace {

std::string_view titleOf(const std::string& check) {
  const lint::CheckInfo* info = lint::findCheck(check);
  return info ? info->title : std::string_view();
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

std::string findingText(const LintFinding& f) {
  std::string out = (f.location.known() ? f.location.str() : f.resource) + ": " +
                    lintSeverityName(f.severity) + "[" + f.check + "] " + f.resource;
  if (f.element != f.resource) out += " (" + f.element + ")";
  out += "\n    " + f.message + "\n";
  if (f.path.kind != PathVerdict::Kind::kNotApplicable) {
    out += "    path: " + std::string(pathLabel(f.path.kind));
    if (!f.path.summary.empty()) out += ": " + f.path.summary;
    out += "\n";
    if (f.path.witness) out += witnessText(*f.path.witness, 1);
    if (f.path.blocked) out += blockedText(*f.path.blocked);
  }
  if (!f.fix.empty()) out += "    fix: " + f.fix + "\n";
  if (!f.controls.empty()) out += "    controls: " + controlsText(f.controls) + "\n";
  return out;
}

json ruleJson(const RuleFacts& r) {
  json exposed = json::array();
  for (const PortRange& p : r.exposed_ports) exposed.push_back(portsText(p) == "all" ? "0-65535" : portsText(p));
  return {{"owner", r.owner},
          {"owner_kind", r.network_acl ? "network ACL" : "security group"},
          {"direction", r.direction == Direction::kIngress ? "ingress" : "egress"},
          {"protocol", protocolName(r.protocol)},
          {"ports", r.protocol == kTcp || r.protocol == kUdp ? portsText(r.ports) : "all"},
          {"peer", r.peer},
          {"peer_canonical", r.peer_canonical},
          {"exposed_ports", exposed},
          {"sensitive", r.sensitive},
          {"open", r.open}};
}

json pathJson(const PathVerdict& p) {
  json out = {{"verdict", pathVerdictName(p.kind)}, {"summary", p.summary}};
  if (p.witness) out["witness"] = witnessJson(*p.witness);
  if (p.blocked) out["blocked"] = blockedJson(p.blocked);
  return out;
}

json findingJson(const LintFinding& f) {
  json out = {{"check", f.check},
              {"severity", lintSeverityName(f.severity)},
              {"title", std::string(titleOf(f.check))},
              {"message", f.message},
              {"resource", f.resource},
              {"element", f.element},
              {"location", locationJson(f.location)},
              {"fix", f.fix}};
  out["rule"] = f.rule ? ruleJson(*f.rule) : json(nullptr);
  out["path"] = pathJson(f.path);
  out["controls"] = controlsJson(f.controls);
  return out;
}

json suppressionJson(const Suppression& s) {
  json out = {{"check", s.check}, {"resource", s.resource}, {"reason", s.reason}};
  out["expires"] = s.expires.empty() ? json(nullptr) : json(s.expires);
  out["location"] = locationJson(s.location);
  out["matched"] = s.matched;
  return out;
}

struct Counts {
  std::map<LintSeverity, size_t> by_severity;
  size_t reachable = 0, not_reachable = 0, unknown = 0, open = 0;
};

Counts countOf(const LintReport& report) {
  Counts c;
  for (const LintFinding& f : report.findings) {
    ++c.by_severity[f.severity];
    if (f.path.kind == PathVerdict::Kind::kNotApplicable) continue;
    ++c.open;
    if (f.path.kind == PathVerdict::Kind::kReachable) ++c.reachable;
    if (f.path.kind == PathVerdict::Kind::kNotReachable) ++c.not_reachable;
    if (f.path.kind == PathVerdict::Kind::kUnknown) ++c.unknown;
  }
  return c;
}

constexpr std::array kSeverities = {LintSeverity::kCritical, LintSeverity::kHigh,
                                    LintSeverity::kMedium, LintSeverity::kLow,
                                    LintSeverity::kInfo};

}  // namespace

std::string lintText(const LintReport& report) {
  Counts c = countOf(report);
  std::string out;
  for (const LintFinding& f : report.findings) out += findingText(f) + "\n";
  if (!report.suppressed.empty()) {
    out += "Suppressed (" + std::to_string(report.suppressed.size()) + ", by " +
           report.config + "):\n";
    for (const SuppressedFinding& s : report.suppressed) {
      const Suppression& why = report.suppressions[s.suppression];
      out += "  " + s.finding.check + " " + s.finding.element + ": " + why.reason;
      if (!why.expires.empty()) out += " (until " + why.expires + ")";
      if (why.location.known()) out += "  [" + why.location.str() + "]";
      out += "\n";
    }
    out += "\n";
  }
  for (const std::string& note : report.notes) out += "note: " + note + "\n";
  std::string severities;
  for (LintSeverity s : kSeverities) {
    auto it = c.by_severity.find(s);
    if (it == c.by_severity.end()) continue;
    severities += (severities.empty() ? "" : ", ") + std::to_string(it->second) + " " +
                  lintSeverityName(s);
  }
  out += std::to_string(report.findings.size()) + " finding" +
         (report.findings.size() == 1 ? "" : "s");
  if (!severities.empty()) out += " (" + severities + ")";
  if (!report.suppressed.empty())
    out += ", " + std::to_string(report.suppressed.size()) + " suppressed";
  out += "\n";
  if (c.open > 0) {
    out += std::to_string(c.open) + " open rule" + (c.open == 1 ? "" : "s") + ": " +
           std::to_string(c.reachable) + " reachable, " +
           std::to_string(c.not_reachable) + " not reachable, " + std::to_string(c.unknown) +
           " unknown\n";
  }
  return out;
}

json lintJson(const LintReport& report) {
  Counts c = countOf(report);
  json severities = json::object();
  for (LintSeverity s : kSeverities) {
    auto it = c.by_severity.find(s);
    severities[lintSeverityName(s)] = it == c.by_severity.end() ? 0 : it->second;
  }
  json findings = json::array();
  for (const LintFinding& f : report.findings) findings.push_back(findingJson(f));
  json suppressed = json::array();
  for (const SuppressedFinding& s : report.suppressed) {
    json entry = findingJson(s.finding);
    entry["suppression"] = suppressionJson(report.suppressions[s.suppression]);
    suppressed.push_back(entry);
  }
  json suppressions = json::array();
  for (const Suppression& s : report.suppressions) suppressions.push_back(suppressionJson(s));
  return {{"segproof", kVersion},
          {"inputs", report.inputs},
          {"config", report.config.empty() ? json(nullptr) : json(report.config)},
          {"summary",
           {{"findings", report.findings.size()},
            {"by_severity", severities},
            {"suppressed", report.suppressed.size()},
            {"open_rules", c.open},
            {"reachable", c.reachable},
            {"not_reachable", c.not_reachable},
            {"unknown", c.unknown}}},
          {"findings", findings},
          {"suppressed", suppressed},
          {"suppressions", suppressions},
          {"notes", report.notes},
          {"internal_errors", report.internal_errors},
          {"seconds", report.seconds}};
}

}  // namespace segproof
