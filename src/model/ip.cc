#include "segproof/model/ip.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace segproof {

namespace {

std::optional<uint32_t> parseV4(std::string_view text) {
  uint32_t value = 0;
  int parts = 0;
  size_t pos = 0;
  while (parts < 4) {
    size_t end = text.find('.', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(pos, end - pos);
    if (part.empty() || part.size() > 3) return std::nullopt;
    unsigned octet = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), octet);
    if (ec != std::errc() || ptr != part.data() + part.size() || octet > 255) return std::nullopt;
    value = (value << 8) | octet;
    ++parts;
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (parts != 4 || pos > text.size()) return std::nullopt;
  // Reject trailing text such as "1.2.3.4.5".
  size_t dots = 0;
  for (char c : text) dots += c == '.';
  if (dots != 3) return std::nullopt;
  return value;
}

std::optional<IpAddress> parseV6(std::string_view text) {
  std::vector<uint16_t> head, tail;
  bool seen_gap = false;
  size_t pos = 0;
  if (text.substr(0, 2) == "::") {
    seen_gap = true;
    pos = 2;
  }
  while (pos < text.size()) {
    size_t end = text.find(':', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view group = text.substr(pos, end - pos);
    if (group.empty() || group.size() > 4) return std::nullopt;
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(group.data(), group.data() + group.size(), value, 16);
    if (ec != std::errc() || ptr != group.data() + group.size()) return std::nullopt;
    (seen_gap ? tail : head).push_back(static_cast<uint16_t>(value));
    if (end == text.size()) break;
    pos = end + 1;
    if (pos < text.size() && text[pos] == ':') {
      if (seen_gap) return std::nullopt;
      seen_gap = true;
      ++pos;
    } else if (pos == text.size()) {
      return std::nullopt;  // trailing single colon
    }
  }
  size_t total = head.size() + tail.size();
  if ((!seen_gap && total != 8) || (seen_gap && total > 7)) return std::nullopt;
  std::array<uint16_t, 8> groups{};
  for (size_t i = 0; i < head.size(); ++i) groups[i] = head[i];
  for (size_t i = 0; i < tail.size(); ++i) groups[8 - tail.size() + i] = tail[i];
  IpAddress ip{IpFamily::kV6, 0, 0};
  for (int i = 0; i < 4; ++i) ip.hi = (ip.hi << 16) | groups[i];
  for (int i = 4; i < 8; ++i) ip.lo = (ip.lo << 16) | groups[i];
  return ip;
}

// Mask with the top `length` bits of a 64-bit half set.
uint64_t highMask(int length) {
  if (length <= 0) return 0;
  if (length >= 64) return ~0ULL;
  return ~0ULL << (64 - length);
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parseV6(text);
  if (auto v = parseV4(text)) return IpAddress::v4(*v);
  return std::nullopt;
}

std::string IpAddress::str() const {
  if (isV4()) {
    uint32_t v = v4();
    return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." +
           std::to_string((v >> 8) & 255) + "." + std::to_string(v & 255);
  }
  std::array<uint16_t, 8> g{};
  for (int i = 0; i < 4; ++i) g[i] = static_cast<uint16_t>(hi >> (48 - 16 * i));
  for (int i = 0; i < 4; ++i) g[4 + i] = static_cast<uint16_t>(lo >> (48 - 16 * i));
  // RFC 5952: compress the longest run of two or more zero groups.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
    i = j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

std::optional<IpAddress> IpAddress::plus(int64_t delta) const {
  // Unsigned arithmetic: the magnitude of INT64_MIN fits in 64 bits.
  uint64_t step = delta < 0 ? 0 - static_cast<uint64_t>(delta) : static_cast<uint64_t>(delta);
  if (isV4()) {
    uint64_t value = v4();
    if (delta < 0 ? step > value : step > 0xffffffffu - value) return std::nullopt;
    return IpAddress::v4(static_cast<uint32_t>(delta < 0 ? value - step : value + step));
  }
  IpAddress out = *this;
  if (delta >= 0) {
    out.lo = lo + step;
    if (out.lo < lo) {  // carry
      if (hi == ~0ULL) return std::nullopt;
      ++out.hi;
    }
  } else {
    out.lo = lo - step;
    if (lo < step) {  // borrow
      if (hi == 0) return std::nullopt;
      --out.hi;
    }
  }
  return out;
}

uint32_t Cidr::firstV4() const { return address.v4(); }

uint32_t Cidr::lastV4() const {
  uint32_t host = prefix_length == 0 ? 0xffffffffu : (prefix_length >= 32 ? 0u : (0xffffffffu >> prefix_length));
  return address.v4() | host;
}

IpAddress Cidr::last() const {
  if (isV4()) return IpAddress::v4(lastV4());
  IpAddress out = address;
  out.hi |= ~highMask(prefix_length);
  out.lo |= ~highMask(prefix_length - 64);
  return out;
}

bool Cidr::contains(const IpAddress& ip) const {
  if (ip.family != family()) return false;
  if (isV4()) return ip.v4() >= firstV4() && ip.v4() <= lastV4();
  uint64_t mh = highMask(prefix_length), ml = highMask(prefix_length - 64);
  return (ip.hi & mh) == address.hi && (ip.lo & ml) == address.lo;
}

bool Cidr::contains(const Cidr& other) const {
  return other.family() == family() && other.prefix_length >= prefix_length &&
         contains(other.address);
}

bool Cidr::overlaps(const Cidr& other) const { return contains(other) || other.contains(*this); }

std::string Cidr::str() const { return address.str() + "/" + std::to_string(prefix_length); }

CidrParse parseCidr(std::string_view text) {
  CidrParse result;
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    result.error = "'" + std::string(text) + "' is not a CIDR block (expected address/length)";
    return result;
  }
  auto ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) {
    result.error = "'" + std::string(text.substr(0, slash)) + "' is not an IP address";
    return result;
  }
  std::string_view len_text = text.substr(slash + 1);
  int length = -1;
  auto [ptr, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), length);
  int max = ip->isV4() ? 32 : 128;
  if (len_text.empty() || ec != std::errc() || ptr != len_text.data() + len_text.size() ||
      length < 0 || length > max) {
    result.error = "prefix length '" + std::string(len_text) + "' is out of range (0-" +
                   std::to_string(max) + ")";
    return result;
  }
  Cidr cidr{*ip, length};
  if (ip->isV4()) {
    uint32_t mask = length == 0 ? 0 : (0xffffffffu << (32 - length));
    cidr.address = IpAddress::v4(ip->v4() & mask);
  } else {
    cidr.address.hi &= highMask(length);
    cidr.address.lo &= highMask(length - 64);
  }
  result.canonical = cidr.address == *ip;
  result.cidr = cidr;
  return result;
}

Cidr anyV4() { return Cidr{IpAddress::v4(0), 0}; }

const std::vector<Cidr>& nonInternetBlocks(IpFamily family) {
  static const auto make = [](std::initializer_list<const char*> texts) {
    std::vector<Cidr> blocks;
    for (const char* text : texts) blocks.push_back(*parseCidr(text).cidr);
    return blocks;
  };
  static const std::vector<Cidr> v4 =
      make({"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
            "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4"});
  static const std::vector<Cidr> v6 =
      make({"::/128", "::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10", "ff00::/8"});
  return family == IpFamily::kV4 ? v4 : v6;
}
Cidr anyV6() { return Cidr{IpAddress{IpFamily::kV6, 0, 0}, 0}; }

}  // namespace segproof
