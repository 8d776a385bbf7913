// Graphviz DOT drawings: the model's topology (`model --format dot`) and one
// path (`reach --format dot`: the first witness, or the closest path and the
// hop that stops it). Render with `dot -Tsvg`.
#include "report/dot_reporter.h"

#include <set>
#include <vector>

namespace segproof {

namespace {

// A DOT string: quotes and backslashes escaped, a newline as DOT's
// centred line break.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}


std::string hopLabel(const PathHop& h) {
  std::string text = h.step + "\n" + h.element;
  if (!h.rule.empty()) text += "\n" + h.rule;
  if (h.location.known()) text += "\n" + h.location.str();
  return text;
}

std::string header(const std::string& title) {
  return "digraph segproof_path {\n  rankdir=LR;\n  labelloc=t;\n  label=" + quoted(title) +
         ";\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n";
}

// A witness: the source, each hop that lets the packet through (the rule
// and where it is written) in order, the destination; the reply's checks
// follow the destination, dashed.
std::string witnessDot(const Witness& w) {
  std::string out = header(w.packet.str() + "\npath: " + [&] {
    std::string places;
    for (const std::string& p : w.places) places += (places.empty() ? "" : " -> ") + p;
    return places;
  }());
  out += "  src [shape=ellipse, label=" + quoted(w.source) + "];\n";
  out += "  dst [shape=ellipse, label=" + quoted(w.destination) + "];\n";
  std::string previous = "src";
  size_t n = 0;
  for (const PathHop& h : w.hops) {
    if (h.reply) continue;
    std::string node = "h" + std::to_string(n++);
    out += "  " + node + " [label=" + quoted(hopLabel(h)) + ", color=darkgreen];\n";
    out += "  " + previous + " -> " + node + ";\n";
    previous = node;
  }
  out += "  " + previous + " -> dst;\n";
  previous = "dst";
  for (const PathHop& h : w.hops) {
    if (!h.reply) continue;
    std::string node = "h" + std::to_string(n++);
    std::string label = "reply: " + hopLabel(h);
    if (!h.packet.empty()) label += "\n" + h.packet;
    out += "  " + node + " [label=" + quoted(label) + ", style=dashed, color=darkgreen];\n";
    out += "  " + previous + " -> " + node + " [style=dashed];\n";
    previous = node;
  }
  return out + "}\n";
}

// A proof: the places the closest candidate got through, and the hop that
// stops it.
std::string blockedDot(const BlockedExplanation& b) {
  std::string out = header(b.source + " -> " + b.destination + ": not reachable");
  out += "  src [shape=ellipse, label=" + quoted(b.source) + "];\n";
  std::string previous = "src";
  // The places start at the source, drawn already.
  size_t first = !b.places.empty() && b.places.front() == b.source ? 1 : 0;
  for (size_t i = first; i < b.places.size(); ++i) {
    std::string node = "p" + std::to_string(i);
    out += "  " + node + " [label=" + quoted(b.places[i]) + "];\n";
    out += "  " + previous + " -> " + node + ";\n";
    previous = node;
  }
  std::string stop = "stopped at " + hopLabel(b.blocked_at);
  if (!b.reason.empty()) stop += "\n" + b.reason;
  out += "  stop [shape=octagon, color=red, label=" + quoted(stop) + "];\n";
  out += "  " + previous + " -> stop [color=red];\n";
  out += "  dst [shape=ellipse, style=dashed, label=" + quoted(b.destination) + "];\n";
  out += "  stop -> dst [style=invis];\n";
  return out + "}\n";
}

// Load balancers: a node each, joined to the subnets of its nodes, with an
// edge to each target of the target groups its listeners forward to
// (labelled with the group); an address outside the model is an ellipse.
std::string loadBalancersDot(const Network& n) {
  std::string out;
  std::set<std::string> addresses;
  for (size_t b = 0; b < n.load_balancers.size(); ++b) {
    const LoadBalancer& lb = n.load_balancers[b];
    std::string self = "lb" + std::to_string(b);
    std::string label = std::string(loadBalancerKindName(lb.kind)) + " load balancer " + lb.name;
    out += "  " + self + " [shape=trapezium, label=" + quoted(label) + "];\n";
    std::set<int32_t> subnets;
    for (InterfaceId i : lb.nodes)
      if (subnets.insert(n.at(i).subnet.value).second)
        out += "  subnet" + std::to_string(n.at(i).subnet.value) + " -> " + self + " [dir=none];\n";
    std::set<int32_t> groups;
    for (const LbListener& l : lb.listeners) {
      for (TargetGroupId g : l.target_groups) {
        if (!groups.insert(g.value).second) continue;
        const TargetGroup& group = n.at(g);
        for (const LbTarget& t : group.targets) {
          if (!t.iface.valid() && !t.ip) continue;
          std::string to = t.iface.valid() ? "iface" + std::to_string(t.iface.value)
                                           : "addr_" + t.ip->str();
          if (!t.iface.valid() && addresses.insert(to).second)
            out += "  " + quoted(to) + " [shape=ellipse, label=" + quoted(t.ip->str()) + "];\n";
          if (!t.iface.valid()) to = quoted(to);
          out += "  " + self + " -> " + to + " [style=dashed, label=" +
                 quoted(group.name + ":" + portsText(t.ports)) + "];\n";
        }
      }
    }
  }
  return out;
}

}  // namespace

std::string modelDot(const Network& n) {
  std::string out = "digraph segproof {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  out += "  internet [shape=ellipse];\n";
  for (size_t v = 0; v < n.vpcs.size(); ++v) {
    out += "  subgraph cluster_vpc" + std::to_string(v) + " {\n    label=" +
           quoted("VPC " + n.vpcs[v].name) + ";\n";
    for (size_t s = 0; s < n.subnets.size(); ++s) {
      if (n.subnets[s].vpc.value != static_cast<int32_t>(v)) continue;
      out += "    subnet" + std::to_string(s) + " [label=" +
             quoted(n.subnets[s].name + "\n" + n.subnets[s].cidr.str()) + "];\n";
      for (size_t i = 0; i < n.interfaces.size(); ++i)
        if (n.interfaces[i].subnet.value == static_cast<int32_t>(s))
          out += "    iface" + std::to_string(i) + " [shape=oval, label=" + quoted(n.interfaces[i].name) +
                 "];\n    subnet" + std::to_string(s) + " -> iface" + std::to_string(i) + " [dir=none];\n";
    }
    out += "  }\n";
  }
  for (size_t g = 0; g < n.internet_gateways.size(); ++g) {
    const InternetGateway& igw = n.internet_gateways[g];
    out += "  igw" + std::to_string(g) + " [shape=diamond, label=" + quoted(igw.name) + "];\n";
    out += "  igw" + std::to_string(g) + " -> internet [dir=both];\n";
  }
  for (size_t g = 0; g < n.nat_gateways.size(); ++g)
    out += "  nat" + std::to_string(g) + " [shape=diamond, label=" + quoted(n.nat_gateways[g].name) +
           "];\n  subnet" + std::to_string(n.nat_gateways[g].subnet.value) + " -> nat" + std::to_string(g) +
           " [dir=none];\n";
  // Transit gateways: a node each, joined to the subnets of their VPC
  // attachments' interfaces and to their peers.
  for (size_t t = 0; t < n.transit_gateways.size(); ++t)
    out += "  tgw" + std::to_string(t) + " [shape=hexagon, label=" +
           quoted("transit gateway " + n.transit_gateways[t].name) + "];\n";
  for (const TgwAttachment& a : n.tgw_attachments) {
    if (!a.transit_gateway.valid()) continue;
    std::string tgw = "tgw" + std::to_string(a.transit_gateway.value);
    for (SubnetId s : a.subnets)
      out += "  subnet" + std::to_string(s.value) + " -> " + tgw + " [dir=both, label=" + quoted(a.name) + "];\n";
    if (a.kind == TgwAttachmentKind::kPeering && a.peer_transit_gateway.valid())
      out += "  " + tgw + " -> tgw" + std::to_string(a.peer_transit_gateway.value) +
             " [dir=both, style=dashed, label=" + quoted(a.name) + "];\n";
  }
  out += loadBalancersDot(n);
  for (size_t s = 0; s < n.subnets.size(); ++s) {
    const RouteTable& t = n.at(n.subnets[s].route_table);
    for (const Route& r : t.routes) {
      std::string to;
      if (r.target == RouteTargetKind::kInternetGateway) to = "igw" + std::to_string(r.internet_gateway.value);
      if (r.target == RouteTargetKind::kNatGateway) to = "nat" + std::to_string(r.nat_gateway.value);
      if (r.target == RouteTargetKind::kTransitGateway && r.transit_gateway.valid())
        to = "tgw" + std::to_string(r.transit_gateway.value);
      if (!to.empty())
        out += "  subnet" + std::to_string(s) + " -> " + to + " [label=" + quoted(r.destination.str()) + "];\n";
    }
  }
  for (const Peering& p : n.peerings) {
    auto first = [&](VpcId v) {
      for (size_t s = 0; s < n.subnets.size(); ++s)
        if (n.subnets[s].vpc == v) return "subnet" + std::to_string(s);
      return std::string();
    };
    std::string a = first(p.requester), b = first(p.accepter);
    if (!a.empty() && !b.empty())
      out += "  " + a + " -> " + b + " [dir=both, style=dashed, label=" + quoted("peering " + p.name) + "];\n";
  }
  return out + "}\n";
}


std::string reachDot(const AssertionResult& result) {
  if (!result.witnesses.empty()) return witnessDot(result.witnesses.front());
  if (result.closest) return blockedDot(*result.closest);
  std::string why = result.reason.empty() ? std::string("no candidate path") : result.reason;
  return header(std::string(verdictName(result.verdict)) + ": " + why) + "}\n";
}

}  // namespace segproof
