// The segment matrix as text, JSON and Markdown (matrix_reporter.h).
#include "report/matrix_reporter.h"

#include <algorithm>

#include "report/json_reporter.h"
#include "report/markdown_reporter.h"
#include "report/text_reporter.h"

namespace segproof {

using json = nlohmann::ordered_json;

namespace {

std::string rangesText(const std::vector<PortRange>& ranges) {
  std::string out;
  for (const PortRange& r : ranges) {
    if (!out.empty()) out += ", ";
    out += r.all() ? std::string("all ports") : portsText(r);
  }
  return out;
}

bool allPorts(const std::vector<PortRange>& ranges) {
  return ranges.size() == 1 && ranges.front().all();
}

// A cell with flows whose ports were not collected (the deadline).
bool portsUnknown(const MatrixCell& cell) {
  return cell.verdict == Verdict::kHolds && cell.tcp.empty() && cell.udp.empty() && !cell.icmp &&
         !cell.other_protocols;
}

// The short form for a grid cell: "-", "?", "n/a", "all", "tcp 443",
// "tcp 22,80 +udp"; "~" before an upper bound.
std::string gridCell(const MatrixCell& cell) {
  if (cellNotApplicable(cell)) return "n/a";
  if (cell.verdict == Verdict::kViolated) return "-";
  if (cell.verdict == Verdict::kUnknown) return "?";
  std::string prefix = cell.exact ? "" : "~";
  if (portsUnknown(cell)) return "flows";
  if (allPorts(cell.tcp) && allPorts(cell.udp) && cell.icmp && cell.other_protocols)
    return prefix + "all";
  std::vector<std::string> parts;
  auto ports = [](const char* name, const std::vector<PortRange>& ranges) {
    std::string out = name;
    if (allPorts(ranges)) return out + " all";
    std::string list;
    for (const PortRange& r : ranges) list += (list.empty() ? "" : ",") + portsText(r);
    return out + " " + list;
  };
  if (!cell.tcp.empty()) parts.push_back(ports("tcp", cell.tcp));
  if (!cell.udp.empty()) parts.push_back(ports("udp", cell.udp));
  if (cell.icmp) parts.push_back("icmp");
  if (cell.other_protocols) parts.push_back("other");
  std::string out = prefix;
  for (const std::string& p : parts) out += (out.size() > prefix.size() ? " " : "") + p;
  constexpr size_t kWidth = 18;
  if (out.size() > kWidth) out = out.substr(0, kWidth - 3) + "...";
  return out;
}

std::string pad(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

const char* cellVerdict(const MatrixCell& cell) {
  if (cellNotApplicable(cell)) return "n/a";
  switch (cell.verdict) {
    case Verdict::kHolds:
      return "flows";
    case Verdict::kViolated:
      return "no flow";
    default:
      return "unknown";
  }
}

json rangesJson(const std::vector<PortRange>& ranges) {
  json out = json::array();
  for (const PortRange& r : ranges)
    out.push_back(r.from == r.to ? std::to_string(r.from)
                                 : std::to_string(r.from) + "-" + std::to_string(r.to));
  return out;
}

json segmentJson(const Segment& s) {
  json selectors = json::array();
  for (const Selector& x : s.selectors) selectors.push_back(x.text);
  return {{"name", s.name},
          {"description", s.description.empty() ? json(nullptr) : json(s.description)},
          {"selectors", selectors}};
}

// The evidence of one cell, indented, as the check report shows it.
std::string evidenceText(const MatrixCell& cell) {
  if (cell.witness) return witnessText(*cell.witness, 1);
  if (cell.closest) return blockedText(*cell.closest);
  return "";
}

}  // namespace

bool cellNotApplicable(const MatrixCell& cell) { return !cell.asked; }

std::string cellSummary(const MatrixCell& cell) {
  if (cellNotApplicable(cell)) return "n/a";
  if (cell.verdict == Verdict::kViolated) return "no flow";
  if (cell.verdict == Verdict::kUnknown) return "unknown";
  if (portsUnknown(cell)) return "some flow (" + cell.reason + ")";
  std::string out;
  if (allPorts(cell.tcp) && allPorts(cell.udp) && cell.icmp && cell.other_protocols) {
    out = "all traffic";
  } else {
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
    if (!cell.tcp.empty()) add("tcp " + rangesText(cell.tcp));
    if (!cell.udp.empty()) add("udp " + rangesText(cell.udp));
    if (cell.icmp) add("icmp");
    if (cell.other_protocols) add("other protocols");
  }
  return cell.exact ? out : "at most " + out;
}

std::string matrixText(const SegmentMatrix& m) {
  size_t n = m.segments.size();
  std::string out = "segment matrix: rows send, columns receive\n\n";
  // Long names (resource addresses) would make the grid unreadable: then the
  // columns are numbered and the rows say which number is which segment.
  size_t longest = 0;
  for (const Segment& s : m.segments) longest = std::max(longest, s.name.size());
  bool numbered = longest > 16;
  auto columnName = [&](size_t j) {
    return numbered ? "[" + std::to_string(j + 1) + "]" : m.segments[j].name;
  };
  auto rowName = [&](size_t i) {
    return numbered ? "[" + std::to_string(i + 1) + "] " + m.segments[i].name : m.segments[i].name;
  };
  size_t width = 4;
  for (size_t i = 0; i < n; ++i) width = std::max(width, rowName(i).size());
  std::vector<size_t> column(n, 0);
  for (size_t j = 0; j < n; ++j) {
    column[j] = columnName(j).size();
    for (size_t i = 0; i < n; ++i) column[j] = std::max(column[j], gridCell(m.cells[i][j]).size());
  }
  out += pad("", width);
  for (size_t j = 0; j < n; ++j) out += "  " + pad(columnName(j), column[j]);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += "\n";
  for (size_t i = 0; i < n; ++i) {
    out += pad(rowName(i), width);
    for (size_t j = 0; j < n; ++j) out += "  " + pad(gridCell(m.cells[i][j]), column[j]);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  out +=
      "\n- no flow (proven)   ? unknown   ~ at most (an upper bound)   n/a not asked\n\n";
  size_t flows = 0, none = 0, unknown = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      const MatrixCell& cell = m.cells[i][j];
      if (cellNotApplicable(cell)) continue;
      std::string head = m.segments[i].name + " -> " + m.segments[j].name + ": ";
      if (cell.verdict == Verdict::kHolds) {
        ++flows;
        out += head + cellSummary(cell) + "\n" + evidenceText(cell);
      } else if (cell.verdict == Verdict::kUnknown) {
        ++unknown;
        out += head + "unknown\n    reason: " + cell.reason + "\n";
      } else {
        ++none;
      }
    }
  if (none > 0)
    out += (flows + unknown > 0 ? "\n" : "") + std::to_string(none) +
           (none == 1 ? " pair has" : " pairs have") +
           " no flow, proven (`segproof reach --from A --to B` explains one)\n";
  for (const std::string& note : m.notes) out += "note: " + note + "\n";
  for (const std::string& e : m.internal_errors) out += "INTERNAL ERROR: " + e + "\n";
  char tail[96];
  std::snprintf(tail, sizeof tail,
                "%zu segments, %zu pairs with flows, %zu unknown (checked in %.2f s with %d jobs)\n",
                n, flows, unknown, m.seconds, m.jobs);
  return out + tail;
}

json matrixJson(const SegmentMatrix& m) {
  json segments = json::array();
  for (const Segment& s : m.segments) segments.push_back(segmentJson(s));
  json cells = json::array();
  size_t flows = 0, none = 0, unknown = 0;
  for (size_t i = 0; i < m.segments.size(); ++i)
    for (size_t j = 0; j < m.segments.size(); ++j) {
      const MatrixCell& c = m.cells[i][j];
      std::string verdict = cellVerdict(c);
      if (verdict == "flows") ++flows;
      if (verdict == "no flow") ++none;
      if (verdict == "unknown") ++unknown;
      json cell = {{"from", m.segments[i].name},
                   {"to", m.segments[j].name},
                   {"verdict", verdict},
                   {"summary", cellSummary(c)},
                   {"tcp", rangesJson(c.tcp)},
                   {"udp", rangesJson(c.udp)},
                   {"icmp", c.icmp},
                   {"other_protocols", c.other_protocols},
                   {"exact", c.exact},
                   {"flows", c.flows},
                   {"witness", c.witness ? witnessJson(*c.witness) : json(nullptr)},
                   {"closest_blocked", blockedJson(c.closest)},
                   {"reason", c.reason.empty() ? json(nullptr) : json(c.reason)}};
      cells.push_back(std::move(cell));
    }
  return {{"tool", {{"name", "segproof"}, {"version", kVersion}}},
          {"inputs", m.inputs},
          {"summary",
           {{"segments", m.segments.size()},
            {"pairs_with_flows", flows},
            {"pairs_without_flows", none},
            {"unknown", unknown},
            {"seconds", m.seconds},
            {"jobs", m.jobs}}},
          {"segments", segments},
          {"cells", cells},
          {"notes", m.notes},
          {"internal_errors", m.internal_errors}};
}

std::string matrixMarkdown(const SegmentMatrix& m) {
  size_t n = m.segments.size();
  std::string out = "## segproof matrix: which segment reaches which\n\n";
  out += "Rows send, columns receive. `-` no flow (proven), `?` unknown, \"at most\": an upper "
         "bound.\n\n| from \\ to |";
  for (const Segment& s : m.segments) out += " " + markdownInline(s.name) + " |";
  out += "\n|---|";
  for (size_t j = 0; j < n; ++j) out += "---|";
  out += "\n";
  for (size_t i = 0; i < n; ++i) {
    out += "| **" + markdownInline(m.segments[i].name) + "** |";
    for (size_t j = 0; j < n; ++j) {
      const MatrixCell& c = m.cells[i][j];
      std::string text = c.verdict == Verdict::kViolated ? "-"
                         : cellNotApplicable(c)          ? "n/a"
                         : c.verdict == Verdict::kUnknown ? "?"
                                                          : cellSummary(c);
      out += " " + markdownInline(text) + " |";
    }
    out += "\n";
  }
  out += "\n";
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      const MatrixCell& c = m.cells[i][j];
      if (cellNotApplicable(c) || c.verdict == Verdict::kViolated) continue;
      std::string summary = m.segments[i].name + " -> " + m.segments[j].name + ": " +
                            (c.verdict == Verdict::kUnknown ? "unknown" : cellSummary(c));
      std::string body = c.verdict == Verdict::kUnknown ? "reason: " + c.reason : evidenceText(c);
      out += markdownDetails(summary, markdownCodeBlock(body));
    }
  for (const std::string& note : m.notes) out += "> note: " + markdownInline(note) + "\n";
  for (const std::string& e : m.internal_errors)
    out += "> **internal error:** " + markdownInline(e) + "\n";
  return out;
}

}  // namespace segproof
