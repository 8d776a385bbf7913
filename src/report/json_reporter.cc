#include "report/json_reporter.h"

namespace segproof {

using json = nlohmann::ordered_json;

namespace {

json packetJson(const FlowPacket& p) {
  json out = {{"src", p.source.str()}, {"dst", p.destination.str()}, {"protocol", protocolName(p.protocol)}};
  if (p.protocol == kTcp || p.protocol == kUdp) {
    out["src_port"] = p.source_port;
    out["dst_port"] = p.destination_port;
  } else if (p.protocol == kIcmp || p.protocol == kIcmpV6) {
    out["icmp_type"] = p.icmp_type;
    out["icmp_code"] = p.icmp_code;
  }
  return out;
}

json hopJson(const PathHop& h) {
  json out = {{"step", h.step}, {"element", h.element}, {"rule", h.rule},
              {"location", locationJson(h.location)}, {"reply", h.reply}};
  if (!h.packet.empty()) out["packet"] = h.packet;
  return out;
}

json flowJson(const FlowSpec& f) {
  json ports = json::array();
  for (const PortRange& p : f.ports)
    ports.push_back(p.from == p.to ? std::to_string(p.from)
                                   : std::to_string(p.from) + "-" + std::to_string(p.to));
  return {{"protocol", f.protocol == kAnyProtocol ? std::string("any") : protocolName(f.protocol)},
          {"ports", ports}};
}

json selectorsJson(const std::vector<Selector>& selectors) {
  json out = json::array();
  for (const Selector& s : selectors) out.push_back(s.text);
  return out;
}

// A flow spec as a shard records it: exact numbers, for reading back.
json shardFlowJson(const FlowSpec& f) {
  json ports = json::array();
  for (const PortRange& p : f.ports) ports.push_back({p.from, p.to});
  return {{"protocol", f.protocol}, {"ports", ports}};
}

// What the reporters use of an assertion beyond the fields every check
// report has (SARIF describes the scope: selectors, flow, segments).
json shardAssertionJson(const Assertion& a) {
  json segments = json::array();
  for (const Segment& s : a.segments)
    segments.push_back({{"name", s.name},
                        {"description", s.description},
                        {"selectors", selectorsJson(s.selectors)},
                        {"location", locationJson(s.location)}});
  json allowed = json::array();
  for (const AllowedFlow& f : a.allowed)
    allowed.push_back({{"from", selectorsJson(f.from)}, {"flow", shardFlowJson(f.flow)},
                       {"location", locationJson(f.location)}});
  return {{"from", selectorsJson(a.from)},
          {"to", selectorsJson(a.to)},
          {"flow", shardFlowJson(a.flow)},
          {"segments", segments},
          {"allowed", allowed},
          {"include_internal", a.include_internal}};
}

}  // namespace

json controlsJson(const std::vector<ControlRef>& controls) {
  json out = json::array();
  for (const ControlRef& c : controls)
    out.push_back({{"framework", c.framework}, {"id", c.id}, {"title", c.title},
                   {"relation", c.relation}});
  return out;
}

namespace {

json resultJson(const AssertionResult& r, bool shard) {
  const Assertion& a = r.assertion;
  json witnesses = json::array();
  for (const Witness& w : r.witnesses) witnesses.push_back(witnessJson(w));
  json out = {{"id", a.id},
              {"description", a.description},
              {"kind", assertionKindName(a.kind)},
              {"severity", a.severity},
              {"location", locationJson(a.location)},
              {"verdict", verdictName(r.verdict)},
              {"flows", r.flows},
              {"witnesses", witnesses},
              {"closest_blocked", blockedJson(r.closest)},
              {"reason", r.reason.empty() ? json(nullptr) : json(r.reason)},
              {"controls", controlsJson(r.controls)},
              {"stats",
               {{"pairs", r.pairs_checked}, {"paths", r.paths_explored}, {"solver_calls", r.solver_calls}}}};
  if (shard) {
    out["assertion"] = shardAssertionJson(a);
    out["closest_depth"] = r.closest_depth;
    bool closest_reason = r.closest && !r.closest->reason.empty();
    out["closest_reason"] = closest_reason ? json(r.closest->reason) : json(nullptr);
    out["certain_flow"] = r.certain_flow;
    out["internal_errors"] = r.internal_errors;
  }
  return out;
}

json digestsJson(const std::vector<InputDigest>& inputs) {
  json out = json::array();
  for (const InputDigest& d : inputs)
    out.push_back({{"path", d.path}, {"bytes", d.bytes},
                   {"sha256", d.sha256.empty() ? json(nullptr) : json(d.sha256)}});
  return out;
}

json shardJson(const ShardInfo& s, const ShardRun& run) {
  auto text = [](const std::string& t) { return t.empty() ? json(nullptr) : json(t); };
  return {{"index", s.index + 1},
          {"count", s.count},
          {"subproblems", s.subproblems},
          {"subproblems_total", s.subproblems_total},
          {"uncertain_parts", text(s.uncertain_parts)},
          {"ipv6", text(s.ipv6)},
          {"max_witnesses", run.max_witnesses},
          {"options", run.options},
          {"input_digests", digestsJson(run.inputs)}};
}

}  // namespace

json locationJson(const SourceLocation& l) {
  if (!l.known()) return nullptr;
  return {{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

json witnessJson(const Witness& w) {
  json hops = json::array();
  for (const PathHop& h : w.hops) hops.push_back(hopJson(h));
  return {{"from", w.source}, {"to", w.destination}, {"packet", packetJson(w.packet)},
          {"path", w.places}, {"hops", hops}};
}

json blockedJson(const std::optional<BlockedExplanation>& b) {
  if (!b) return nullptr;
  return {{"from", b->source}, {"to", b->destination}, {"path", b->places},
          {"blocked_at", hopJson(b->blocked_at)}};
}

json checkJson(const CheckReport& report, const ShardRun& run) {
  json results = json::array();
  size_t counts[3] = {0, 0, 0};
  for (const AssertionResult& r : report.results) {
    results.push_back(resultJson(r, report.shard.has_value()));
    ++counts[static_cast<int>(r.verdict)];
  }
  json out = {{"tool", {{"name", "segproof"}, {"version", kVersion}}},
          {"inputs", report.inputs},
          {"summary",
           {{"assertions", report.results.size()},
            {"holds", counts[static_cast<int>(Verdict::kHolds)]},
            {"violated", counts[static_cast<int>(Verdict::kViolated)]},
            {"unknown", counts[static_cast<int>(Verdict::kUnknown)]},
            {"seconds", report.seconds},
            {"jobs", report.jobs}}},
          {"results", results},
          {"notes", report.notes},
          {"internal_errors", report.internal_errors}};
  if (report.shard) out["shard"] = shardJson(*report.shard, run);
  return out;
}

json traceJson(const FlowPacket& packet, const std::string& from, const std::string& to,
               const SimResult& result) {
  json hops = json::array();
  for (const SimHop& h : result.trace)
    hops.push_back({{"step", h.step},
                    {"element", h.element},
                    {"rule", h.rule},
                    {"location", locationJson(h.location)},
                    {"reply", h.reply},
                    {"passed", h.passed},
                    {"packet", h.packet}});
  return {{"packet", packetJson(packet)},
          {"from", from},
          {"to", to},
          {"disposition", dispositionName(result.disposition)},
          {"reason", result.reason.empty() ? json(nullptr) : json(result.reason)},
          {"hops", hops}};
}

json reachJson(const AssertionResult& r) {
  json reachable = nullptr;
  if (r.verdict == Verdict::kHolds) reachable = true;
  if (r.verdict == Verdict::kViolated) reachable = false;
  json flows = json::array();
  for (const Witness& w : r.witnesses) flows.push_back(witnessJson(w));
  return {{"reachable", reachable},
          {"from", selectorsJson(r.assertion.from)},
          {"to", selectorsJson(r.assertion.to)},
          {"flow", flowJson(r.assertion.flow)},
          {"flow_count", r.flows},
          {"flows", flows},
          {"closest_blocked", r.verdict == Verdict::kViolated ? blockedJson(r.closest) : json(nullptr)},
          {"reason", r.reason.empty() ? json(nullptr) : json(r.reason)},
          {"internal_errors", r.internal_errors},
          {"stats",
           {{"pairs", r.pairs_checked}, {"paths", r.paths_explored}, {"solver_calls", r.solver_calls}}}};
}

namespace {

json provenanceJson(const Provenance& p) {
  return {{"address", p.address}, {"location", locationJson(p.location)}};
}

template <class T>
std::string nameOf(const std::vector<T>& items, int32_t index) {
  return index >= 0 && index < static_cast<int32_t>(items.size()) ? items[index].name : std::string();
}

json matchJson(const Match& m) {
  json out = {{"protocol", m.protocol == kAnyProtocol ? std::string("all") : protocolName(m.protocol)}};
  if (m.protocol == kTcp || m.protocol == kUdp) out["ports"] = {m.ports.from, m.ports.to};
  if (m.protocol == kIcmp || m.protocol == kIcmpV6) {
    out["icmp_type"] = m.icmp_type;
    out["icmp_code"] = m.icmp_code;
  }
  return out;
}

json unknownJson(const UnknownValue& u) {
  return {{"description", u.description}, {"location", locationJson(u.location)}};
}

// Rules with unknown values list them; others show no key, as before.
void addUnknowns(json& rule, const std::vector<UnknownValue>& unknowns) {
  if (unknowns.empty()) return;
  json out = json::array();
  for (const UnknownValue& u : unknowns) out.push_back(unknownJson(u));
  rule["unknowns"] = out;
}

json sgRuleJson(const Network& n, const SecurityGroupRule& r) {
  json out = matchJson(r.match);
  out["direction"] = r.direction == Direction::kIngress ? "ingress" : "egress";
  switch (r.peer.kind) {
    case RulePeer::Kind::kCidr:
      out["cidr"] = r.peer.cidr.str();
      break;
    case RulePeer::Kind::kPrefixList:
      out["prefix_list"] = n.at(r.peer.prefix_list).name;
      break;
    case RulePeer::Kind::kSecurityGroup:
      out["security_group"] = n.at(r.peer.security_group).name;
      break;
  }
  out["location"] = locationJson(r.provenance.location);
  addUnknowns(out, r.unknowns);
  return out;
}

json interfacesJson(const Network& n) {
  json out = json::array();
  for (const Interface& i : n.interfaces) {
    json ips = json::array();
    for (const PrivateAddress& a : i.private_addresses) ips.push_back(a.ip ? json(a.ip->str()) : json(nullptr));
    json groups = json::array();
    for (SecurityGroupId g : i.security_groups) groups.push_back(n.at(g).name);
    json pub = nullptr;
    if (i.public_address.present())
      pub = i.public_address.ip ? json(i.public_address.ip->str()) : json("assigned");
    json entry = {{"name", i.name}, {"owner", i.owner}, {"kind", endpointKindName(i.kind)},
                  {"subnet", n.at(i.subnet).name}, {"private_ips", ips}, {"public_ip", pub},
                  {"security_groups", groups}, {"source_dest_check", i.source_dest_check},
                  {"tags", i.tags}, {"provenance", provenanceJson(i.provenance)}};
    if (i.kind == EndpointKind::kLoadBalancer)
      entry["load_balancer"] = nameOf(n.load_balancers, i.load_balancer.value);
    // Only on interfaces that have IPv6 addresses; null: one AWS picks.
    if (!i.ipv6_addresses.empty()) {
      json ipv6 = json::array();
      for (const PrivateAddress& a : i.ipv6_addresses)
        ipv6.push_back(a.ip ? json(a.ip->str()) : json(nullptr));
      entry["ipv6_addresses"] = ipv6;
    }
    out.push_back(entry);
  }
  return out;
}

// ["tcp"], ["udp"] or ["tcp", "udp"].
json protocolsJson(const LbProtocols& p) {
  json out = json::array();
  if (p.tcp) out.push_back("tcp");
  if (p.udp) out.push_back("udp");
  return out;
}

// Load balancers with their nodes and listeners, and target groups with
// their targets (only in models that have them).
json loadBalancersJson(const Network& n) {
  json lbs = json::array();
  for (const LoadBalancer& lb : n.load_balancers) {
    json nodes = json::array();
    for (InterfaceId i : lb.nodes) nodes.push_back(nameOf(n.interfaces, i.value));
    json listeners = json::array();
    for (const LbListener& l : lb.listeners) {
      json groups = json::array();
      for (TargetGroupId g : l.target_groups) groups.push_back(nameOf(n.target_groups, g.value));
      listeners.push_back({{"protocols", protocolsJson(l.protocols)}, {"ports", {l.ports.from, l.ports.to}},
                           {"target_groups", groups}, {"provenance", provenanceJson(l.provenance)}});
    }
    lbs.push_back({{"name", lb.name}, {"kind", loadBalancerKindName(lb.kind)},
                   {"internet_facing", lb.internet_facing}, {"cross_zone", lb.cross_zone},
                   {"nodes", nodes}, {"listeners", listeners}, {"tags", lb.tags},
                   {"provenance", provenanceJson(lb.provenance)}});
  }
  json groups = json::array();
  for (const TargetGroup& g : n.target_groups) {
    json targets = json::array();
    for (const LbTarget& t : g.targets)
      targets.push_back({{"interface", t.iface.valid() ? json(nameOf(n.interfaces, t.iface.value)) : json(nullptr)},
                         {"ip", t.ip ? json(t.ip->str()) : json(nullptr)},
                         {"ports", {t.ports.from, t.ports.to}},
                         {"location", locationJson(t.provenance.location)}});
    groups.push_back({{"name", g.name}, {"protocols", protocolsJson(g.protocols)},
                      {"preserve_client_ip", g.preserve_client_ip}, {"targets", targets},
                      {"tags", g.tags}, {"provenance", provenanceJson(g.provenance)}});
  }
  json out = json::object();
  if (!n.load_balancers.empty()) out["load_balancers"] = lbs;
  if (!n.target_groups.empty()) out["target_groups"] = groups;
  return out;
}

// Transit gateways, their attachments and route tables (only in models that
// have them).
json transitJson(const Network& n) {
  json tgws = json::array();
  for (const TransitGateway& t : n.transit_gateways)
    tgws.push_back({{"name", t.name}, {"tags", t.tags}, {"provenance", provenanceJson(t.provenance)}});
  json attachments = json::array();
  for (const TgwAttachment& a : n.tgw_attachments) {
    json subnets = json::array();
    for (SubnetId s : a.subnets) subnets.push_back(n.at(s).name);
    json entry = {{"name", a.name},
                  {"kind", tgwAttachmentKindName(a.kind)},
                  {"transit_gateway", nameOf(n.transit_gateways, a.transit_gateway.value)},
                  {"route_table", nameOf(n.tgw_route_tables, a.route_table.value)},
                  {"provenance", provenanceJson(a.provenance)}};
    if (a.kind == TgwAttachmentKind::kVpc) {
      entry["vpc"] = nameOf(n.vpcs, a.vpc.value);
      entry["subnets"] = subnets;
      entry["appliance_mode"] = a.appliance_mode;
      entry["ipv6_support"] = a.ipv6_support;
    }
    if (a.kind == TgwAttachmentKind::kPeering) {
      entry["peer_transit_gateway"] = nameOf(n.transit_gateways, a.peer_transit_gateway.value);
      entry["peer_route_table"] = nameOf(n.tgw_route_tables, a.peer_route_table.value);
      entry["active"] = a.active;
    }
    attachments.push_back(entry);
  }
  json tables = json::array();
  for (const TgwRouteTable& t : n.tgw_route_tables) {
    json routes = json::array();
    for (const Route& r : t.routes)
      routes.push_back({{"destination", r.destination_prefix_list.valid() ? n.at(r.destination_prefix_list).name
                                                                          : r.destination.str()},
                        {"attachment", r.target == RouteTargetKind::kBlackhole
                                           ? json(nullptr)
                                           : json(nameOf(n.tgw_attachments, r.attachment.value))},
                        {"blackhole", r.target == RouteTargetKind::kBlackhole},
                        {"propagated", r.propagated},
                        {"location", locationJson(r.provenance.location)}});
    tables.push_back({{"name", t.name}, {"transit_gateway", nameOf(n.transit_gateways, t.transit_gateway.value)},
                      {"default", t.is_default}, {"routes", routes},
                      {"provenance", provenanceJson(t.provenance)}});
  }
  return {{"transit_gateways", tgws}, {"transit_gateway_attachments", attachments},
          {"transit_gateway_route_tables", tables}};
}

}  // namespace

json modelJson(const Network& n) {
  json vpcs = json::array();
  for (const Vpc& v : n.vpcs) {
    json cidrs = json::array();
    for (const Cidr& c : v.cidrs) cidrs.push_back(c.str());
    vpcs.push_back({{"name", v.name}, {"cidrs", cidrs}, {"tags", v.tags},
                    {"internet_gateway", nameOf(n.internet_gateways, v.internet_gateway.value)},
                    {"main_route_table", nameOf(n.route_tables, v.main_route_table.value)},
                    {"default_network_acl", nameOf(n.network_acls, v.default_network_acl.value)},
                    {"default_security_group", nameOf(n.security_groups, v.default_security_group.value)},
                    {"provenance", provenanceJson(v.provenance)}});
  }
  json subnets = json::array();
  for (const Subnet& s : n.subnets) {
    json entry = {{"name", s.name}, {"vpc", n.at(s.vpc).name}, {"cidr", s.cidr.str()},
                  {"availability_zone", s.availability_zone},
                  {"map_public_ip_on_launch", s.map_public_ip_on_launch},
                  {"route_table", n.at(s.route_table).name}, {"route_table_explicit", s.route_table_explicit},
                  {"network_acl", n.at(s.network_acl).name}, {"network_acl_explicit", s.network_acl_explicit},
                  {"tags", s.tags}, {"provenance", provenanceJson(s.provenance)}};
    // Only on subnets that have an IPv6 block.
    if (s.ipv6_cidr) entry["ipv6_cidr"] = s.ipv6_cidr->str();
    subnets.push_back(entry);
  }
  json tables = json::array();
  for (const RouteTable& t : n.route_tables) {
    json routes = json::array();
    for (const Route& r : t.routes) {
      routes.push_back({{"destination", r.destination_prefix_list.valid() ? n.at(r.destination_prefix_list).name
                                                                          : r.destination.str()},
                        {"target", routeTargetName(r.target)},
                        {"propagated", r.propagated},
                        {"location", locationJson(r.provenance.location)}});
    }
    tables.push_back({{"name", t.name}, {"vpc", n.at(t.vpc).name}, {"main", t.is_main}, {"routes", routes},
                      {"provenance", provenanceJson(t.provenance)}});
  }
  json groups = json::array();
  for (const SecurityGroup& g : n.security_groups) {
    json rules = json::array();
    for (const SecurityGroupRule& r : g.rules) rules.push_back(sgRuleJson(n, r));
    groups.push_back({{"name", g.name}, {"vpc", n.at(g.vpc).name}, {"default", g.is_default},
                      {"rules", rules}, {"provenance", provenanceJson(g.provenance)}});
  }
  json acls = json::array();
  for (const NetworkAcl& a : n.network_acls) {
    json rules = json::array();
    for (const NetworkAclRule& r : a.rules) {
      json rule = matchJson(r.match);
      rule["number"] = r.number;
      rule["direction"] = r.direction == Direction::kIngress ? "ingress" : "egress";
      rule["action"] = r.allow ? "allow" : "deny";
      rule["cidr"] = r.cidr.str();
      rule["location"] = locationJson(r.provenance.location);
      addUnknowns(rule, r.unknowns);
      rules.push_back(rule);
    }
    acls.push_back({{"name", a.name}, {"vpc", n.at(a.vpc).name}, {"default", a.is_default},
                    {"rules", rules}, {"provenance", provenanceJson(a.provenance)}});
  }
  json igws = json::array();
  for (const InternetGateway& g : n.internet_gateways)
    igws.push_back({{"name", g.name}, {"vpc", nameOf(n.vpcs, g.vpc.value)}, {"provenance", provenanceJson(g.provenance)}});
  json nats = json::array();
  for (const NatGateway& g : n.nat_gateways)
    nats.push_back({{"name", g.name}, {"subnet", n.at(g.subnet).name}, {"public", g.is_public},
                    {"private_ip", g.private_address.ip ? json(g.private_address.ip->str()) : json(nullptr)},
                    {"provenance", provenanceJson(g.provenance)}});
  json peerings = json::array();
  for (const Peering& p : n.peerings)
    peerings.push_back({{"name", p.name}, {"requester", nameOf(n.vpcs, p.requester.value)},
                        {"accepter", nameOf(n.vpcs, p.accepter.value)}, {"active", p.active},
                        {"provenance", provenanceJson(p.provenance)}});
  json gateways = json::array();
  for (const Gateway& g : n.gateways)
    gateways.push_back({{"name", g.name}, {"kind", routeTargetName(g.kind)}, {"vpc", nameOf(n.vpcs, g.vpc.value)},
                        {"provenance", provenanceJson(g.provenance)}});
  json out = {{"tool", {{"name", "segproof"}, {"version", kVersion}}},
              {"inputs", n.input_files},
              {"vpcs", vpcs}, {"subnets", subnets}, {"route_tables", tables}, {"security_groups", groups},
              {"network_acls", acls}, {"internet_gateways", igws}, {"nat_gateways", nats},
              {"peerings", peerings}, {"gateways", gateways}, {"interfaces", interfacesJson(n)}};
  if (!n.transit_gateways.empty()) out.update(transitJson(n));
  out.update(loadBalancersJson(n));
  if (!n.uncertainties.empty()) {
    json uncertainties = json::array();
    for (const Uncertainty& u : n.uncertainties) {
      json entry = unknownJson(u.value);
      entry["effect"] = u.effect;
      entry["vpc"] = u.vpc.valid() ? json(n.at(u.vpc).name) : json(nullptr);
      uncertainties.push_back(entry);
    }
    out["uncertainties"] = uncertainties;
  }
  return out;
}

}  // namespace segproof
