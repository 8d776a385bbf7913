#include "encode/path_formula.h"

namespace segproof {

namespace {

IntervalSet tcpUdp() {
  IntervalSet s = IntervalSet::point(kTcp);
  s.add(kUdp, kUdp);
  return s;
}

}  // namespace

HeaderSet tcpReplyGuard(const HeaderSet& reply_set) {
  Cube not_tcp;
  not_tcp.set(Field::kProtocol, IntervalSet::point(kTcp).complement(fieldMax(Field::kProtocol)));
  Cube tcp;
  tcp.set(Field::kProtocol, IntervalSet::point(kTcp));
  HeaderSet out(not_tcp);
  out = out.unite(reply_set.swapped().intersect(tcp));
  out.simplify();
  return out;
}

HeaderSet applyRewrite(const HeaderSet& set, const Rewrite& rewrite) {
  Cube ported;
  ported.set(Field::kProtocol, tcpUdp());
  Cube portless;
  portless.set(Field::kProtocol, tcpUdp().complement(fieldMax(Field::kProtocol)));
  HeaderSet out = set.intersect(ported)
                      .assign(Field::kSrcIp, rewrite.source_addresses)
                      .assign(Field::kSrcPort, rewrite.source_ports);
  out = out.unite(set.intersect(portless).assign(Field::kSrcIp, rewrite.source_addresses));
  out.simplify();
  return out;
}

HeaderSet wellFormedHeaders(const IntervalSet& source_ports) {
  IntervalSet zero = IntervalSet::point(0);
  Cube ported;
  ported.set(Field::kProtocol, tcpUdp()).set(Field::kSrcPort, source_ports);
  ported.set(Field::kIcmpType, zero).set(Field::kIcmpCode, zero);
  IntervalSet icmp = IntervalSet::point(kIcmp);
  icmp.add(kIcmpV6, kIcmpV6);
  Cube icmp_cube;
  icmp_cube.set(Field::kProtocol, icmp).set(Field::kSrcPort, zero).set(Field::kDstPort, zero);
  Cube other;
  other.set(Field::kProtocol, tcpUdp().unite(icmp).complement(fieldMax(Field::kProtocol)));
  other.set(Field::kSrcPort, zero).set(Field::kDstPort, zero);
  other.set(Field::kIcmpType, zero).set(Field::kIcmpCode, zero);
  HeaderSet out(ported);
  out.add(icmp_cube);
  out.add(other);
  return out;
}

}  // namespace segproof
