#include "segproof/query/result.h"

#include "segproof/model/network.h"

namespace segproof {

const char* verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHolds:
      return "holds";
    case Verdict::kViolated:
      return "violated";
    case Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string FlowPacket::str() const {
  bool ported = protocol == kTcp || protocol == kUdp;
  // An IPv6 address with a port is bracketed: [2001:db8::a]:49152.
  auto end = [&](const IpAddress& a, int port) {
    if (!ported) return a.str();
    return (a.isV4() ? a.str() : "[" + a.str() + "]") + ":" + std::to_string(port);
  };
  std::string out = end(source, source_port);
  out.append(" -> ").append(end(destination, destination_port));
  out.append(" ").append(protocolName(protocol));
  if (protocol == kIcmp || protocol == kIcmpV6)
    out.append(" type ").append(std::to_string(icmp_type)).append(" code ").append(std::to_string(icmp_code));
  return out;
}

}  // namespace segproof
