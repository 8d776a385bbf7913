// Built-ins on IP networks: cidrsubnet, cidrsubnets, cidrhost, cidrnetmask.
// Addresses are computed as 128-bit integers so IPv4 and IPv6 share the code.
#include "frontends/terraform/eval/functions_internal.h"
#include "segproof/model/ip.h"

namespace segproof::hcl::internal {

namespace {

__extension__ typedef unsigned __int128 Uint128;

Uint128 toInteger(const IpAddress& address) {
  if (address.isV4()) return address.v4();
  return (static_cast<Uint128>(address.hi) << 64) | address.lo;
}

IpAddress fromInteger(Uint128 value, IpFamily family) {
  if (family == IpFamily::kV4) return IpAddress::v4(static_cast<uint32_t>(value));
  return IpAddress{family, static_cast<uint64_t>(value >> 64), static_cast<uint64_t>(value)};
}

// 2^bits; REQUIRES: bits <= 127.
Uint128 power(int bits) { return static_cast<Uint128>(1) << bits; }

Cidr cidrArg(const Value& value) {
  std::string text = stringArg(value, "the prefix");
  CidrParse parsed = parseCidr(text);
  if (!parsed.cidr) argError("invalid CIDR block \"" + text + "\": " + parsed.error);
  return *parsed.cidr;
}

// The block of `newbits` more bits than `base` with number `netnum`.
Cidr subnet(const Cidr& base, long long newbits, long long netnum) {
  if (newbits < 0) argError("newbits must not be negative");
  long long length = base.prefix_length + newbits;
  if (length > base.maxLength()) {
    argError("insufficient address space to extend prefix of " +
             std::to_string(base.prefix_length) + " by " + std::to_string(newbits));
  }
  if (netnum < 0 || (newbits < 63 && netnum >= (1LL << newbits))) {
    argError("prefix extension of " + std::to_string(newbits) +
             " does not accommodate a subnet numbered " + std::to_string(netnum));
  }
  int shift = base.maxLength() - static_cast<int>(length);
  Uint128 offset = shift >= 128 ? 0 : static_cast<Uint128>(netnum) << shift;
  return Cidr{fromInteger(toInteger(base.address) + offset, base.family()),
              static_cast<int>(length)};
}

Value cidrsubnet(const ValueList& args) {
  Cidr base = cidrArg(args[0]);
  return Value::string(subnet(base, intArg(args[1], "newbits"), intArg(args[2], "netnum")).str());
}

// Consecutive blocks, each aligned to its own size, as Terraform allocates them.
Value cidrsubnets(const ValueList& args) {
  Cidr base = cidrArg(args[0]);
  int max = base.maxLength();
  Uint128 first = toInteger(base.address);
  Uint128 base_size = base.prefix_length == 0 && max == 128 ? 0 : power(max - base.prefix_length);
  Uint128 next = first;
  bool exhausted = false;
  ValueList out;
  for (size_t i = 1; i < args.size(); ++i) {
    long long newbits = intArg(args[i], "newbits");
    if (newbits < 1) argError("each newbits must be at least 1");
    long long length = base.prefix_length + newbits;
    if (length > max)
      argError("insufficient address space to extend prefix by " + std::to_string(newbits));
    Uint128 size = power(max - static_cast<int>(length));
    Uint128 start = (next + size - 1) / size * size;
    // base_size 0 stands for all of IPv6, which no allocation can exhaust.
    if (exhausted || start < next || (base_size != 0 && start - first + size > base_size)) {
      argError("not enough remaining address space for a subnet with a prefix of " +
               std::to_string(length) + " bits after " +
               (out.empty() ? base.str() : out.back().asString()));
    }
    out.push_back(
        Value::string(Cidr{fromInteger(start, base.family()), static_cast<int>(length)}.str()));
    next = start + size;
    exhausted = next == 0;  // wrapped past the last address
  }
  return Value::list(std::move(out));
}

Value cidrhost(const ValueList& args) {
  Cidr base = cidrArg(args[0]);
  long long hostnum = intArg(args[1], "hostnum");
  int host_bits = base.maxLength() - base.prefix_length;
  // Negative numbers count back from the end of the block.
  if (host_bits < 63 && (hostnum >= (1LL << host_bits) || hostnum < -(1LL << host_bits))) {
    argError("prefix of " + std::to_string(base.prefix_length) +
             " does not accommodate a host numbered " + std::to_string(hostnum));
  }
  Uint128 block = host_bits == 128 ? 0 : power(host_bits);  // 0: all of IPv6, modulo 2^128
  Uint128 offset =
      hostnum >= 0 ? static_cast<Uint128>(hostnum) : block - static_cast<Uint128>(-hostnum);
  return Value::string(fromInteger(toInteger(base.address) + offset, base.family()).str());
}

Value cidrnetmask(const ValueList& args) {
  Cidr base = cidrArg(args[0]);
  if (!base.isV4()) argError("only IPv4 networks have a netmask");
  uint32_t mask = base.prefix_length == 0 ? 0 : 0xffffffffu << (32 - base.prefix_length);
  return Value::string(IpAddress::v4(mask).str());
}

}  // namespace

void addCidrFunctions(BuiltinTable& table) {
  table["cidrsubnet"] = {3, 3, false, cidrsubnet};
  table["cidrsubnets"] = {1, -1, false, cidrsubnets};
  table["cidrhost"] = {2, 2, false, cidrhost};
  table["cidrnetmask"] = {1, 1, false, cidrnetmask};
}

}  // namespace segproof::hcl::internal
