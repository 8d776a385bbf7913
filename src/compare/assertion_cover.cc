// Negative assertions against concrete flows (compare/assertion_cover.h).
#include "compare/assertion_cover.h"

#include <algorithm>

namespace segproof {

bool flowAdmits(const FlowSpec& flow, const FlowPacket& packet) {
  if (flow.protocol != kAnyProtocol && flow.protocol != packet.protocol) return false;
  if (flow.ports.empty() || flow.protocol == kAnyProtocol) return true;
  if (packet.protocol != kTcp && packet.protocol != kUdp) return true;
  return std::any_of(flow.ports.begin(), flow.ports.end(), [&](const PortRange& r) {
    return r.from <= packet.destination_port && packet.destination_port <= r.to;
  });
}

AssertionCover::AssertionCover(const AssertionSet& assertions, const Network& network)
    : network_(network) {
  for (size_t i = 0; i < network.interfaces.size(); ++i)
    interfaces_[network.interfaces[i].name] = InterfaceId{static_cast<int32_t>(i)};
  DiagnosticEngine quiet;  // the check of the same assertions reports them
  for (const Assertion& a : assertions.assertions) {
    if (a.kind == AssertionKind::kReachable) continue;
    Entry e;
    e.assertion = a;
    e.from = resolveSelectors(a.from, network, quiet);
    e.to = resolveSelectors(a.to, network, quiet);
    for (const Segment& s : a.segments) e.segments.push_back(resolveSelectors(s.selectors, network, quiet));
    for (const AllowedFlow& f : a.allowed) e.allowed.push_back(resolveSelectors(f.from, network, quiet));
    entries_.push_back(std::move(e));
  }
}

std::vector<FlowSpec> AssertionCover::flows(size_t k) const {
  const Assertion& a = entries_[k].assertion;
  if (a.kind == AssertionKind::kUnreachable) return {a.flow};
  return {FlowSpec{}};
}

bool AssertionCover::holds(const std::vector<Selection>& selections, const std::string& iface,
                           const IpAddress& address) const {
  auto id = iface.empty() ? interfaces_.end() : interfaces_.find(iface);
  for (const Selection& s : selections) {
    bool filtered = std::none_of(s.address_filter.begin(), s.address_filter.end(),
                                 [&](const Cidr& c) { return c.contains(address); });
    if (!s.address_filter.empty() && filtered) continue;
    if (id != interfaces_.end()) {
      if (std::binary_search(s.interfaces.begin(), s.interfaces.end(), id->second)) return true;
    } else if (iface.empty() && s.internet) {
      return true;
    }
  }
  return false;
}

bool AssertionCover::covers(size_t k, const Witness& w) const {
  const Entry& e = entries_[k];
  const Assertion& a = e.assertion;
  const FlowPacket& p = w.packet;
  auto from = [&](const std::vector<Selection>& s) { return holds(s, w.source_interface, p.source); };
  auto to = [&](const std::vector<Selection>& s) {
    return holds(s, w.destination_interface, p.destination);
  };
  switch (a.kind) {
    case AssertionKind::kUnreachable:
      return flowAdmits(a.flow, p) && from(e.from) && to(e.to);
    case AssertionKind::kIsolated:
      for (size_t i = 0; i < e.segments.size(); ++i)
        for (size_t j = 0; j < e.segments.size(); ++j)
          if (i != j && from(e.segments[i]) && to(e.segments[j])) return true;
      return false;
    case AssertionKind::kOnly: {
      if (!to(e.to)) return false;
      if (!a.include_internal && from(e.to)) return false;
      for (size_t i = 0; i < e.allowed.size(); ++i)
        if (from(e.allowed[i]) && flowAdmits(a.allowed[i].flow, p)) return false;
      return true;
    }
    case AssertionKind::kReachable:
      return false;
  }
  return false;
}

}  // namespace segproof
