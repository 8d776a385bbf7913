// Reports of `segproof diff` (report/diff_reporter.h).
#include "report/diff_reporter.h"

#include <cstdio>

#include "report/json_reporter.h"
#include "report/markdown_reporter.h"
#include "report/text_reporter.h"

namespace segproof {

namespace {

using json = nlohmann::ordered_json;

const char* verdictText(const std::optional<Verdict>& v) {
  return v ? verdictName(*v) : "not asked";
}

size_t countOf(const DiffReport& r, FlowChange::Kind kind) {
  size_t n = 0;
  for (const FlowChange& c : r.changes) n += c.kind == kind;
  return n;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : separator) + s;
  return out;
}

// What the two sides are called: BEFORE/AFTER, or code/live.
struct Sides {
  const char* before;
  const char* after;
};
constexpr Sides kDiffSides{"BEFORE", "AFTER"};
constexpr Sides kDriftSides{"the code", "the live network"};

std::string changeText(const FlowChange& c, Sides sides) {
  bool opened = c.kind == FlowChange::Kind::kOpened;
  std::string out = std::string(opened ? "  + " : "  - ") + c.from + " -> " + c.to + ": " +
                    c.headers.text() + "\n";
  if (!c.forbidden_by.empty()) out += "    forbidden by: " + joined(c.forbidden_by, ", ") + "\n";
  if (c.witness) {
    out += std::string("    witness (") + (opened ? sides.after : sides.before) + "):\n";
    out += witnessText(*c.witness, 1);
  }
  if (c.blocked_on_other_side) {
    out += std::string("    in ") + (opened ? sides.before : sides.after) + " the same packet is stopped:\n";
    out += blockedText(*c.blocked_on_other_side);
  }
  return out;
}

std::string summaryText(const DiffReport& r) {
  size_t newly = 0;  // violated on AFTER where BEFORE was not, or with new flows
  for (const AssertionChange& a : r.assertions)
    newly += a.after == Verdict::kViolated && (a.before != Verdict::kViolated || a.new_violation_flows);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", r.seconds);
  return countText(countOf(r, FlowChange::Kind::kOpened), "flow opened", "flows opened") + ", " +
         countText(countOf(r, FlowChange::Kind::kClosed), "flow closed", "flows closed") + ", " +
         countText(r.undecided.size(), "pair undecided", "pairs undecided") + "; " +
         countText(r.assertions.size(), "assertion changed", "assertions changed") + " (" +
         std::to_string(newly) + " with new violations) of " + std::to_string(r.assertions_compared) +
         "; " + std::to_string(r.pairs_compared) + " end pairs compared (checked in " + seconds +
         " s with " + countText(static_cast<size_t>(r.jobs), "job", "jobs") + ")";
}

json headersJson(const HeaderRanges& h) {
  auto ranges = [](const std::vector<PortRange>& v) {
    json out = json::array();
    for (const PortRange& r : v) out.push_back({{"from", r.from}, {"to", r.to}});
    return out;
  };
  return {{"text", h.text()},     {"sources", h.sources}, {"tcp", ranges(h.tcp)},
          {"udp", ranges(h.udp)}, {"icmp", h.icmp},       {"other_protocols", ranges(h.other_protocols)}};
}

json changeJson(const FlowChange& c) {
  json out = {{"kind", c.kind == FlowChange::Kind::kOpened ? "opened" : "closed"},
              {"from", c.from},
              {"to", c.to},
              {"headers", headersJson(c.headers)},
              {"forbidden_by", c.forbidden_by}};
  out["witness"] = c.witness ? witnessJson(*c.witness) : json(nullptr);
  out["blocked_on_other_side"] = blockedJson(c.blocked_on_other_side);
  return out;
}

std::string markdownChange(const FlowChange& c) {
  std::string body;
  if (c.witness) body += "witness:\n" + markdownCodeBlock(witnessText(*c.witness, 1));
  if (c.blocked_on_other_side)
    body += "on the other side:\n" + markdownCodeBlock(blockedText(*c.blocked_on_other_side));
  std::string summary = c.from + " -> " + c.to + ": " + c.headers.text();
  if (!c.forbidden_by.empty()) summary += " (forbidden by " + joined(c.forbidden_by, ", ") + ")";
  return markdownDetails(summary, body);
}

// The flows, undecided pairs, assertions and notes of a comparison.
std::string comparisonText(const DiffReport& r, Sides sides, const std::string& opened_title,
                           const std::string& closed_title, const std::string& assertions_title) {
  std::string out = opened_title + ": " + std::to_string(countOf(r, FlowChange::Kind::kOpened)) + "\n";
  for (const FlowChange& c : r.changes)
    if (c.kind == FlowChange::Kind::kOpened) out += changeText(c, sides);
  out += "\n" + closed_title + ": " + std::to_string(countOf(r, FlowChange::Kind::kClosed)) + "\n";
  for (const FlowChange& c : r.changes)
    if (c.kind == FlowChange::Kind::kClosed) out += changeText(c, sides);
  if (!r.undecided.empty()) {
    out += "\nUndecided: " + std::to_string(r.undecided.size()) + "\n";
    for (const UndecidedChange& u : r.undecided) out += "  ? " + u.from + " -> " + u.to + ": " + u.reason + "\n";
  }
  out += "\n" + assertions_title + ": " + std::to_string(r.assertions.size()) + "\n";
  for (const AssertionChange& a : r.assertions) {
    out += "  " + a.id + ": " + verdictText(a.before) + " -> " + verdictText(a.after);
    if (a.new_violation_flows) out += std::string(" (violated in ") + sides.before + " too; " + sides.after + " adds flows it forbids)";
    out += "\n";
    if (a.after == Verdict::kUnknown && !a.reason.empty()) out += "    why: " + a.reason + "\n";
  }
  out += "\n";
  for (const std::string& n : r.notes) out += "note: " + n + "\n";
  for (const std::string& e : r.internal_errors) out += "INTERNAL ERROR: " + e + "\n";
  return out;
}

}  // namespace

std::string diffText(const DiffReport& r) {
  std::string out = "BEFORE: " + joined(r.before_inputs, ", ") + "\nAFTER:  " +
                    joined(r.after_inputs, ", ") + "\n\n";
  out += comparisonText(r, kDiffSides, "Opened (AFTER allows, BEFORE did not)",
                        "Closed (BEFORE allowed, AFTER does not)",
                        "Assertions whose verdict changed");
  return out + summaryText(r) + "\n";
}

json diffJson(const DiffReport& r) {
  json changes = json::array();
  for (const FlowChange& c : r.changes) changes.push_back(changeJson(c));
  json undecided = json::array();
  for (const UndecidedChange& u : r.undecided)
    undecided.push_back({{"from", u.from}, {"to", u.to}, {"reason", u.reason}});
  json assertions = json::array();
  for (const AssertionChange& a : r.assertions) {
    json x = {{"id", a.id},
              {"description", a.description},
              {"before", a.before ? json(verdictName(*a.before)) : json(nullptr)},
              {"after", a.after ? json(verdictName(*a.after)) : json(nullptr)},
              {"new_violation_flows", a.new_violation_flows},
              {"reason", a.reason}};
    x["witness"] = a.witness ? witnessJson(*a.witness) : json(nullptr);
    assertions.push_back(std::move(x));
  }
  return {{"before_inputs", r.before_inputs},
          {"after_inputs", r.after_inputs},
          {"ends", r.ends},
          {"changes", changes},
          {"undecided", undecided},
          {"assertions", assertions},
          {"forbidden_new_reachability", r.forbiddenNewReachability()},
          {"summary",
           {{"opened", countOf(r, FlowChange::Kind::kOpened)},
            {"closed", countOf(r, FlowChange::Kind::kClosed)},
            {"undecided", r.undecided.size()},
            {"assertions_changed", r.assertions.size()},
            {"assertions_compared", r.assertions_compared},
            {"pairs_compared", r.pairs_compared}}},
          {"notes", r.notes},
          {"internal_errors", r.internal_errors}};
}

std::string diffMarkdown(const DiffReport& r) {
  std::string out = "## segproof diff: ";
  out += r.forbiddenNewReachability() ? "new reachability that an assertion forbids"
         : countOf(r, FlowChange::Kind::kOpened) > 0 ? "new reachability, none forbidden"
                                                     : "no new reachability";
  out += "\n\n";
  out += "| | count |\n|---|---|\n";
  out += "| flows opened | " + std::to_string(countOf(r, FlowChange::Kind::kOpened)) + " |\n";
  out += "| flows closed | " + std::to_string(countOf(r, FlowChange::Kind::kClosed)) + " |\n";
  out += "| pairs undecided | " + std::to_string(r.undecided.size()) + " |\n";
  out += "| assertions changed | " + std::to_string(r.assertions.size()) + " |\n\n";
  if (!r.assertions.empty()) {
    out += "### Assertions whose verdict changed\n\n| assertion | before | after |\n|---|---|---|\n";
    for (const AssertionChange& a : r.assertions)
      out += "| " + markdownInline(a.id) + " | " + verdictText(a.before) + " | " + verdictText(a.after) +
             (a.new_violation_flows ? " (more flows)" : "") + " |\n";
    out += "\n";
  }
  for (auto kind : {FlowChange::Kind::kOpened, FlowChange::Kind::kClosed}) {
    if (countOf(r, kind) == 0) continue;
    out += kind == FlowChange::Kind::kOpened ? "### Opened\n\n" : "### Closed\n\n";
    for (const FlowChange& c : r.changes)
      if (c.kind == kind) out += markdownChange(c);
    out += "\n";
  }
  if (!r.undecided.empty()) {
    out += "### Undecided\n\n";
    for (const UndecidedChange& u : r.undecided)
      out += "- " + markdownInline(u.from + " -> " + u.to + ": " + u.reason) + "\n";
    out += "\n";
  }
  for (const std::string& n : r.notes) out += "> " + markdownInline(n) + "\n";
  for (const std::string& e : r.internal_errors) out += "\n**internal error:** " + markdownInline(e) + "\n";
  return out;
}

std::string driftText(const DriftReport& d) {
  const ResourceMatching& m = d.matching;
  const DiffReport& r = d.reachability;
  std::string out = "code: " + joined(r.before_inputs, ", ") + "\nlive: " + joined(r.after_inputs, ", ") + "\n\n";
  out += "Matched resources: " + std::to_string(m.matches.size()) + "\n";
  for (const ResourceMatch& x : m.matches)
    out += "  " + x.kind + " " + x.code + " = " + x.live + "  (" + x.how + ")\n";
  auto sided = [&](const char* title, const std::vector<OneSidedResource>& list) {
    out += std::string("\n") + title + ": " + std::to_string(list.size()) + "\n";
    for (const OneSidedResource& x : list)
      out += "  " + x.kind + " " + x.name + (x.location.known() ? "  [" + x.location.str() + "]" : "") + "\n";
  };
  sided("In the code only", m.code_only);
  sided("Live only", m.live_only);
  out += "\nRules that differ: " + std::to_string(m.rule_differences.size()) + "\n";
  for (const RuleDifference& x : m.rule_differences)
    out += "  " + x.kind + " " + x.code + " = " + x.live + ": " + (x.live_only ? "live only: " : "code only: ") +
           x.rule + (x.location.known() ? "  [" + x.location.str() + "]" : "") + "\n";
  out += "\n" + comparisonText(r, kDriftSides, "Reachability the live network has and the code does not",
                                "Reachability the code has and the live network does not",
                                "Assertions whose verdict differs (code -> live)");
  for (const std::string& n : m.notes) out += "note: " + n + "\n";
  out += std::to_string(m.matches.size()) + " matched, " + std::to_string(m.code_only.size()) +
         " in the code only, " + std::to_string(m.live_only.size()) + " live only, " +
         std::to_string(m.rule_differences.size()) + " rules differ; " + summaryText(r) + "\n";
  return out;
}

json driftJson(const DriftReport& d) {
  const ResourceMatching& m = d.matching;
  json matches = json::array();
  for (const ResourceMatch& x : m.matches)
    matches.push_back({{"kind", x.kind}, {"code", x.code}, {"live", x.live}, {"how", x.how},
                       {"code_location", locationJson(x.code_location)},
                       {"live_location", locationJson(x.live_location)}});
  auto sided = [](const std::vector<OneSidedResource>& list) {
    json out = json::array();
    for (const OneSidedResource& x : list)
      out.push_back({{"kind", x.kind}, {"name", x.name}, {"location", locationJson(x.location)}});
    return out;
  };
  json rules = json::array();
  for (const RuleDifference& x : m.rule_differences)
    rules.push_back({{"kind", x.kind}, {"code", x.code}, {"live", x.live},
                     {"side", x.live_only ? "live" : "code"}, {"rule", x.rule},
                     {"location", locationJson(x.location)}});
  return {{"matches", matches},
          {"code_only", sided(m.code_only)},
          {"live_only", sided(m.live_only)},
          {"rule_differences", rules},
          {"reachability", diffJson(d.reachability)},
          {"notes", m.notes}};
}

std::string driftMarkdown(const DriftReport& d) {
  const ResourceMatching& m = d.matching;
  std::string out = "## segproof drift\n\n| | count |\n|---|---|\n";
  out += "| matched resources | " + std::to_string(m.matches.size()) + " |\n";
  out += "| in the code only | " + std::to_string(m.code_only.size()) + " |\n";
  out += "| live only | " + std::to_string(m.live_only.size()) + " |\n";
  out += "| rules that differ | " + std::to_string(m.rule_differences.size()) + " |\n";
  out += "| live-only flows | " + std::to_string(countOf(d.reachability, FlowChange::Kind::kOpened)) + " |\n\n";
  if (!m.rule_differences.empty()) {
    out += "### Rules that differ\n\n| element | side | rule |\n|---|---|---|\n";
    for (const RuleDifference& x : m.rule_differences)
      out += "| " + markdownInline(x.code + " = " + x.live) + " | " + (x.live_only ? "live" : "code") + " | " +
             markdownInline(x.rule) + " |\n";
    out += "\n";
  }
  std::string reach = diffMarkdown(d.reachability);
  out += "### Reachability (code = BEFORE, live = AFTER)\n\n" + reach.substr(reach.find("\n\n") + 2);
  return out;
}

}  // namespace segproof
