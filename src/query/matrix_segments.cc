// The rows and columns of `segproof matrix` (segproof/query/matrix_segments.h).
#include "segproof/query/matrix_segments.h"

#include <algorithm>

namespace segproof {

namespace {

Selector selectorOf(Selector::Kind kind, std::string text, std::string key = "") {
  Selector s;
  s.kind = kind;
  s.text = std::move(text);
  s.key = std::move(key);
  return s;
}

bool selectsInterfaces(const Segment& segment, const Network& network) {
  DiagnosticEngine quiet;
  for (const Selection& s : resolveSelectors(segment.selectors, network, quiet))
    if (!s.interfaces.empty()) return true;
  return false;
}

bool internetOnly(const Segment& segment) {
  return !segment.selectors.empty() &&
         std::all_of(segment.selectors.begin(), segment.selectors.end(),
                     [](const Selector& s) { return s.kind == Selector::Kind::kInternet; });
}

}  // namespace

std::vector<Segment> matrixSegments(const Network& network, const std::vector<Segment>& chosen,
                                    const std::vector<Segment>& builtin,
                                    std::vector<std::string>& notes) {
  std::vector<Segment> out;
  if (!chosen.empty()) {
    out = chosen;
  } else {
    for (const Segment& s : builtin)
      if (selectsInterfaces(s, network)) out.push_back(s);
    if (out.size() >= 2) {
      notes.push_back("segments: the built-in pack's environment segments that select "
                      "interfaces (give your own with -q FILE)");
    } else {
      out.clear();
      for (const Subnet& subnet : network.subnets) {
        Segment s;
        s.name = subnet.name;
        s.description = "subnet " + subnet.name + " (" + subnet.cidr.str() + ")";
        s.selectors.push_back(
            selectorOf(Selector::Kind::kSubnet, "subnet:" + subnet.name, subnet.name));
        if (selectsInterfaces(s, network)) out.push_back(std::move(s));
      }
      notes.push_back("segments: one per subnet with interfaces (no -q FILE, and fewer than two "
                      "of the built-in pack's environment segments select interfaces)");
    }
  }
  if (std::none_of(out.begin(), out.end(), internetOnly)) {
    Segment internet;
    internet.name = "internet";
    internet.description = "every public address outside the VPCs";
    internet.selectors.push_back(selectorOf(Selector::Kind::kInternet, "internet"));
    out.insert(out.begin(), std::move(internet));
  }
  return out;
}

}  // namespace segproof
