#include "report/text_reporter.h"

#include <cstdio>

namespace segproof {

namespace {

std::string hopLine(const PathHop& hop) {
  std::string out = "      - ";
  if (hop.reply) out += "reply: ";
  out += hop.step;
  if (!hop.element.empty()) out += " " + hop.element;
  if (!hop.rule.empty()) out += ": " + hop.rule;
  if (hop.location.known()) out += "  [" + hop.location.str() + "]";
  out += "\n";
  if (!hop.packet.empty()) out += "          packet " + hop.packet + "\n";
  return out;
}

std::string joinPlaces(const std::vector<std::string>& places) {
  std::string out;
  for (const std::string& p : places) out += (out.empty() ? "" : " -> ") + p;
  return out;
}

const char* label(Verdict v) {
  switch (v) {
    case Verdict::kHolds:
      return "HOLDS   ";
    case Verdict::kViolated:
      return "VIOLATED";
    case Verdict::kUnknown:
      return "UNKNOWN ";
  }
  return "UNKNOWN ";
}

std::string resultText(const AssertionResult& r) {
  const Assertion& a = r.assertion;
  std::string out = std::string(label(r.verdict)) + "  " + a.id + "  [" + assertionKindName(a.kind) +
                    ", " + a.severity + "]\n";
  if (!a.description.empty()) out += "    " + a.description + "\n";
  bool evidence = (r.verdict == Verdict::kViolated && a.kind != AssertionKind::kReachable) ||
                  (r.verdict == Verdict::kHolds && a.kind == AssertionKind::kReachable);
  if (evidence) {
    out += "    " + std::to_string(r.flows) + (r.flows == 1 ? " flow gets" : " flows get") + " through";
    if (r.witnesses.size() < r.flows) out += "; the first " + std::to_string(r.witnesses.size()) + " shown";
    out += ":\n";
    for (size_t i = 0; i < r.witnesses.size(); ++i) out += witnessText(r.witnesses[i], i + 1);
  } else if (r.pairs_checked == 0) {
    out += "    nothing to check: no endpoint matches the assertion's selectors\n";
    if (r.reason == "no endpoint matches the assertion's selectors") return out;
  } else if (r.verdict != Verdict::kUnknown) {
    out += "    proof: none of " + std::to_string(r.pairs_checked) +
           " source/destination classes can get a packet through (" +
           std::to_string(r.paths_explored) + " candidate paths, " +
           std::to_string(r.solver_calls) + " solver calls)\n";
    if (r.closest) out += blockedText(*r.closest);
    else if (r.paths_explored == 0)
      out += "    no candidate path: no gateway, peering or route connects the sources to the destinations\n";
  }
  if (!r.reason.empty()) out += "    " + std::string(r.verdict == Verdict::kUnknown ? "reason: " : "note: ") + r.reason + "\n";
  return out;
}

}  // namespace

std::string countText(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string witnessText(const Witness& w, size_t index) {
  std::string out = "    " + std::to_string(index) + ". " + w.source + " -> " + w.destination + "\n";
  out += "       packet " + w.packet.str() + "\n";
  out += "       path   " + joinPlaces(w.places) + "\n";
  for (const PathHop& hop : w.hops) out += hopLine(hop);
  return out;
}

std::string blockedText(const BlockedExplanation& b) {
  std::string out = "    closest path: " + b.source + " -> " + b.destination + "\n";
  if (!b.places.empty()) out += "       got through " + joinPlaces(b.places) + "\n";
  out += "       stopped at:\n" + hopLine(b.blocked_at);
  return out;
}

std::string checkText(const CheckReport& report) {
  std::string out;
  size_t holds = 0, violated = 0, unknown = 0;
  for (const AssertionResult& r : report.results) {
    out += resultText(r) + "\n";
    if (r.verdict == Verdict::kHolds) ++holds;
    else if (r.verdict == Verdict::kViolated) ++violated;
    else ++unknown;
  }
  for (const std::string& n : report.notes) out += "note: " + n + "\n";
  for (const std::string& e : report.internal_errors) out += "INTERNAL ERROR: " + e + "\n";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", report.seconds);
  out += std::to_string(report.results.size()) + " assertions: " + std::to_string(violated) +
         " violated, " + std::to_string(holds) + " hold, " + std::to_string(unknown) +
         " unknown (checked in " + seconds + " s with " + std::to_string(report.jobs) +
         (report.jobs == 1 ? " job)\n" : " jobs)\n");
  return out;
}

std::string reachText(const AssertionResult& r) {
  std::string out;
  switch (r.verdict) {
    case Verdict::kHolds:
      out += "REACHABLE: " + std::to_string(r.flows) + (r.flows == 1 ? " flow" : " flows");
      if (r.witnesses.size() < r.flows) out += " (first " + std::to_string(r.witnesses.size()) + " shown)";
      out += "\n";
      for (size_t i = 0; i < r.witnesses.size(); ++i) out += witnessText(r.witnesses[i], i + 1);
      break;
    case Verdict::kViolated:
      out += "UNREACHABLE: proven for " + std::to_string(r.pairs_checked) +
             " source/destination classes (" + std::to_string(r.paths_explored) + " candidate paths)\n";
      if (r.closest) out += blockedText(*r.closest);
      else if (r.paths_explored == 0)
        out += "    no candidate path: no gateway, peering or route connects the sources to the destinations\n";
      break;
    case Verdict::kUnknown:
      out += "UNKNOWN: " + r.reason + "\n";
      break;
  }
  if (r.verdict != Verdict::kUnknown && !r.reason.empty()) out += "note: " + r.reason + "\n";
  for (const std::string& e : r.internal_errors) out += "INTERNAL ERROR: " + e + "\n";
  return out;
}

std::string traceText(const FlowPacket& packet, const std::string& from, const std::string& to,
                      const SimResult& result) {
  std::string out = "packet " + packet.str() + "\nfrom   " + from + "\nto     " + to + "\n";
  for (size_t i = 0; i < result.trace.size(); ++i) {
    const SimHop& h = result.trace[i];
    out += (h.passed ? "  ok    " : "  STOP  ") + std::string(h.reply ? "reply: " : "") + h.step;
    if (!h.element.empty()) out += " " + h.element;
    if (!h.rule.empty()) out += ": " + h.rule;
    if (h.location.known()) out += "  [" + h.location.str() + "]";
    out += "\n";
    if (h.packet != packet.str()) out += "          packet " + h.packet + "\n";
  }
  switch (result.disposition) {
    case Disposition::kDelivered:
      out += "DELIVERED\n";
      break;
    case Disposition::kDropped:
      out += "DROPPED: " + result.reason + "\n";
      break;
    case Disposition::kLeavesModel:
      out += "LEAVES THE MODEL: " + result.reason + "\n";
      break;
    case Disposition::kInvalid:
      out += "INVALID: " + result.reason + "\n";
      break;
  }
  return out;
}

std::string controlsText(const std::vector<ControlRef>& controls) {
  std::string out;
  for (const ControlRef& c : controls) {
    if (!out.empty()) out += "; ";
    out += c.framework + " " + c.id;
    if (c.relation == "evidences") out += " (evidence)";
  }
  return out;
}

std::string proofText(const AssertionResult& r) {
  if (r.pairs_checked == 0)
    return "nothing to check: no endpoint matches the assertion's selectors\n";
  std::string out = "proof: none of " + std::to_string(r.pairs_checked) +
                    " source/destination classes can get a packet through (" +
                    countText(r.paths_explored, "candidate path", "candidate paths") + ", " +
                    countText(r.solver_calls, "solver call", "solver calls") + ")\n";
  if (r.closest)
    out += blockedText(*r.closest);
  else if (r.paths_explored == 0)
    out +=
        "no candidate path: no gateway, peering or route connects the sources to the "
        "destinations\n";
  return out;
}

}  // namespace segproof
