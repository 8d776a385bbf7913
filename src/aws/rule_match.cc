// AWS's reading of rule matches (rule_match.h).
#include "aws/rule_match.h"

#include <cctype>
#include <charconv>

namespace segproof::aws {

namespace {

constexpr int kMaxPort = 65535;
constexpr int kMaxIcmp = 255;
constexpr int kMaxProtocol = 255;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// Absent ports mean all ports; one given port stands for both ends.
bool checkPorts(const MatchSpec& spec, PortRange& ports, DiagnosticEngine& diags) {
  const auto& from = spec.from_port;
  const auto& to = spec.to_port;
  if (!from && !to) return true;
  for (const auto* port : {&from, &to}) {
    if (!*port || ((*port)->value >= 0 && (*port)->value <= kMaxPort)) continue;
    diags.error("invalid-port", (*port)->location,
                "port " + std::to_string((*port)->value) + " is out of range (0-65535)");
    return false;
  }
  ports.from = static_cast<int>(from ? from->value : to->value);
  ports.to = static_cast<int>(to ? to->value : from->value);
  if (ports.from <= ports.to) return true;
  diags.error("invalid-port", from->location,
              "port range " + std::to_string(ports.from) + "-" + std::to_string(ports.to) +
                  " is reversed (the first port is greater than the last)");
  return false;
}

bool checkIcmp(const std::optional<Located<long long>>& value, const char* what, int& out,
               DiagnosticEngine& diags) {
  if (!value) return true;
  if (value->value >= -1 && value->value <= kMaxIcmp) {
    out = static_cast<int>(value->value);
    return true;
  }
  diags.error("invalid-icmp", value->location,
              std::string("ICMP ") + what + " " + std::to_string(value->value) +
                  " is out of range (-1 for any, or 0-255)");
  return false;
}

}  // namespace

// AWS accepts protocol names, "-1" for all, and IANA numbers 0-255.
std::optional<int> protocolNumber(const std::string& written) {
  std::string text = lower(written);
  if (text == "all" || text == "-1") return kAnyProtocol;
  if (text == "tcp") return kTcp;
  if (text == "udp") return kUdp;
  if (text == "icmp") return kIcmp;
  if (text == "icmpv6") return kIcmpV6;
  int number = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (number < 0 || number > kMaxProtocol) return std::nullopt;
  return number;
}

std::optional<Match> readMatch(const MatchSpec& spec, const SourceLocation& where,
                               DiagnosticEngine& diags) {
  auto protocol = protocolNumber(spec.protocol.value);
  if (!protocol) {
    bool missing = spec.protocol.value.empty();
    diags.error("invalid-protocol",
                spec.protocol.location.known() ? spec.protocol.location : where,
                missing ? std::string("missing protocol")
                        : "invalid protocol " + quoted(spec.protocol.value) +
                              " (expected tcp, udp, icmp, icmpv6, all, -1 or a number 0-255)");
    return std::nullopt;
  }
  Match match;
  match.protocol = *protocol;
  if (match.protocol == kTcp || match.protocol == kUdp) {
    if (!checkPorts(spec, match.ports, diags)) return std::nullopt;
  } else if (match.protocol == kIcmp || match.protocol == kIcmpV6) {
    // AWS carries the ICMP type in FromPort and the code in ToPort.
    const auto& type = spec.icmp_type ? spec.icmp_type : spec.from_port;
    const auto& code = spec.icmp_code ? spec.icmp_code : spec.to_port;
    if (!checkIcmp(type, "type", match.icmp_type, diags) ||
        !checkIcmp(code, "code", match.icmp_code, diags))
      return std::nullopt;
  }
  return match;
}

}  // namespace segproof::aws
