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
  std::string out = source.str();
  if (ported) out.append(":").append(std::to_string(source_port));
  out.append(" -> ").append(destination.str());
  if (ported) out.append(":").append(std::to_string(destination_port));
  out.append(" ").append(protocolName(protocol));
  if (protocol == kIcmp || protocol == kIcmpV6)
    out.append(" type ").append(std::to_string(icmp_type)).append(" code ").append(std::to_string(icmp_code));
  return out;
}

}  // namespace segproof
