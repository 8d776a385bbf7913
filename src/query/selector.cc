#include "segproof/query/selector.h"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "query/spelling.h"

namespace segproof {

namespace {

constexpr std::string_view kValidForms =
    "expected internet, any, resource:ADDR, tag:KEY=VALUE, subnet:ADDR, sg:ADDR, vpc:ADDR, "
    "cidr:CIDR or kind:KIND";

struct Prefix {
  std::string_view text;  // including the colon
  Selector::Kind kind;
  std::string_view example;
};

constexpr std::array<Prefix, 7> kPrefixes = {{
    {"resource:", Selector::Kind::kResource, "resource:aws_instance.web"},
    {"tag:", Selector::Kind::kTag, "tag:Env=prod"},
    {"subnet:", Selector::Kind::kSubnet, "subnet:aws_subnet.private"},
    {"sg:", Selector::Kind::kSecurityGroup, "sg:aws_security_group.web"},
    {"vpc:", Selector::Kind::kVpc, "vpc:aws_vpc.main"},
    {"cidr:", Selector::Kind::kCidr, "cidr:10.0.0.0/8"},
    {"kind:", Selector::Kind::kEndpointKind, "kind:database"},
}};

// The spellings of kind:KIND (docs/queries.md). The last two narrow load
// balancer nodes by whether their load balancer is internet-facing.
struct KindSpelling {
  std::string_view text;
  EndpointKind kind;
  std::optional<bool> internet_facing;
};

constexpr std::array<KindSpelling, 13> kKinds = {{
    {"instance", EndpointKind::kInstance, std::nullopt},
    {"network-interface", EndpointKind::kNetworkInterface, std::nullopt},
    {"database", EndpointKind::kDatabase, std::nullopt},
    {"cache", EndpointKind::kCache, std::nullopt},
    {"function", EndpointKind::kFunction, std::nullopt},
    {"container", EndpointKind::kContainer, std::nullopt},
    {"kubernetes-control-plane", EndpointKind::kKubernetesControlPlane, std::nullopt},
    {"kubernetes-node", EndpointKind::kKubernetesNode, std::nullopt},
    {"search-domain", EndpointKind::kSearchDomain, std::nullopt},
    {"vpc-endpoint", EndpointKind::kVpcEndpoint, std::nullopt},
    {"load-balancer", EndpointKind::kLoadBalancer, std::nullopt},
    {"internet-facing-load-balancer", EndpointKind::kLoadBalancer, true},
    {"internal-load-balancer", EndpointKind::kLoadBalancer, false},
}};

void reportInvalid(const std::string& text, const std::string& why, const SourceLocation& location,
                   DiagnosticEngine& diags) {
  diags.error("invalid-selector", location, "invalid selector '" + text + "': " + why);
}

// Reports a selector that is none of the valid forms, suggesting the form the
// user probably meant ("tags:Env=prod" -> "tag:").
void reportUnknownForm(const std::string& text, const SourceLocation& location,
                       DiagnosticEngine& diags) {
  std::string why(kValidForms);
  size_t colon = text.find(':');
  if (colon == std::string::npos) {
    why += didYouMean(text, {"internet", "any"});
  } else {
    std::vector<std::string> forms;
    forms.reserve(kPrefixes.size());
    for (const Prefix& prefix : kPrefixes) forms.emplace_back(prefix.text);
    why += didYouMean(text.substr(0, colon + 1), forms);
  }
  reportInvalid(text, why, location, diags);
}

// Reports a kind: selector whose KIND is not one of kKinds, listing them and
// suggesting the one the user probably meant ("kind:databse" -> "database").
void reportUnknownKind(const std::string& text, const std::string& kind,
                       const SourceLocation& location, DiagnosticEngine& diags) {
  std::string why = "unknown kind '" + kind + "': expected ";
  std::vector<std::string> spellings;
  spellings.reserve(kKinds.size());
  for (size_t i = 0; i < kKinds.size(); ++i) {
    if (i > 0) why += i + 1 == kKinds.size() ? " or " : ", ";
    why += kKinds[i].text;
    spellings.emplace_back(kKinds[i].text);
  }
  reportInvalid(text, why + didYouMean(kind, spellings), location, diags);
}

}  // namespace

std::optional<Selector> parseSelector(const std::string& text, const SourceLocation& location,
                                      DiagnosticEngine& diags) {
  Selector selector;
  selector.text = text;
  selector.location = location;
  if (text.empty()) {
    diags.error("invalid-selector", location, "empty selector: " + std::string(kValidForms));
    return std::nullopt;
  }
  if (text == "internet" || text == "any") {
    selector.kind = text == "internet" ? Selector::Kind::kInternet : Selector::Kind::kAny;
    return selector;
  }
  const Prefix* prefix = nullptr;
  for (const Prefix& candidate : kPrefixes) {
    if (text.starts_with(candidate.text)) prefix = &candidate;
  }
  if (prefix == nullptr) {
    reportUnknownForm(text, location, diags);
    return std::nullopt;
  }
  selector.kind = prefix->kind;
  std::string argument = text.substr(prefix->text.size());
  std::string form(prefix->text.substr(0, prefix->text.size() - 1));
  if (argument.empty()) {
    reportInvalid(text, form + ": needs a value, as in " + std::string(prefix->example), location,
                  diags);
    return std::nullopt;
  }
  switch (selector.kind) {
    case Selector::Kind::kTag: {
      size_t equals = argument.find('=');
      if (equals == std::string::npos || equals == 0) {
        reportInvalid(text, "expected tag:KEY=VALUE, as in tag:Env=prod", location, diags);
        return std::nullopt;
      }
      selector.key = argument.substr(0, equals);
      selector.value = argument.substr(equals + 1);
      break;
    }
    case Selector::Kind::kCidr: {
      CidrParse parsed = parseCidr(argument);
      if (!parsed.cidr) {
        reportInvalid(text, parsed.error, location, diags);
        return std::nullopt;
      }
      selector.cidr = *parsed.cidr;
      selector.key = argument;
      break;
    }
    case Selector::Kind::kEndpointKind: {
      auto spelling = std::find_if(kKinds.begin(), kKinds.end(),
                                   [&](const KindSpelling& k) { return k.text == argument; });
      if (spelling == kKinds.end()) {
        reportUnknownKind(text, argument, location, diags);
        return std::nullopt;
      }
      selector.endpoint_kind = spelling->kind;
      selector.internet_facing = spelling->internet_facing;
      selector.key = argument;
      break;
    }
    default:
      selector.key = argument;
      break;
  }
  return selector;
}

namespace {

// `name` is `address` or one instance of it: "aws_instance.web" names
// "aws_instance.web[0]" and "aws_instance.web[\"a\"]" (count / for_each).
bool namesAddress(std::string_view name, std::string_view address) {
  if (name.empty()) return false;
  if (name == address) return true;
  return name.size() > address.size() && name.starts_with(address) && name[address.size()] == '[';
}

// Whether an element called `name`, created by resource `provenance.address`,
// is what `address` names.
bool matches(const std::string& name, const Provenance& provenance, std::string_view address) {
  return namesAddress(name, address) || namesAddress(provenance.address, address);
}

// --- Address ranges, for the cidr: selector --------------------------------

// A 128-bit unsigned number (IPv4 addresses live in the low 32 bits).
struct Address128 {
  uint64_t hi = 0;
  uint64_t lo = 0;
  auto operator<=>(const Address128&) const = default;
};

Address128 next(Address128 a) {
  return a.lo == ~0ULL ? Address128{a.hi + 1, 0} : Address128{a.hi, a.lo + 1};
}
Address128 previous(Address128 a) {
  return a.lo == 0 ? Address128{a.hi - 1, ~0ULL} : Address128{a.hi, a.lo - 1};
}

struct Range {
  Address128 first, last;  // inclusive
};

Range rangeOf(const Cidr& cidr) {
  if (cidr.isV4()) return {{0, cidr.firstV4()}, {0, cidr.lastV4()}};
  auto host = [](int bits) {
    return bits >= 64 ? ~0ULL : (bits <= 0 ? 0ULL : (~0ULL >> (64 - bits)));
  };
  int host_bits = 128 - cidr.prefix_length;
  return {{cidr.address.hi, cidr.address.lo},
          {cidr.address.hi | host(host_bits - 64), cidr.address.lo | host(host_bits)}};
}

// `ranges` without the addresses of `cut`.
std::vector<Range> subtract(const std::vector<Range>& ranges, const Range& cut) {
  std::vector<Range> out;
  for (const Range& r : ranges) {
    if (cut.last < r.first || r.last < cut.first) {
      out.push_back(r);
      continue;
    }
    if (r.first < cut.first) out.push_back({r.first, previous(cut.first)});
    if (cut.last < r.last) out.push_back({next(cut.last), r.last});
  }
  return out;
}

bool overlapsInternet(const Cidr& block) {
  std::vector<Range> rest = {rangeOf(block)};
  for (const Cidr& special : nonInternetBlocks(block.family()))
    rest = subtract(rest, rangeOf(special));
  return !rest.empty();
}

// Whether `block` holds addresses that are neither internet nor inside a VPC
// of `network`: on-premises space, reached through VPN gateways.
bool overlapsOnPremises(const Cidr& block, const Network& network) {
  std::vector<Range> rest;
  for (const Cidr& special : nonInternetBlocks(block.family())) {
    // CIDR blocks are nested or disjoint: the overlap is the smaller one.
    if (special.overlaps(block)) rest.push_back(rangeOf(special.contains(block) ? block : special));
  }
  for (const Vpc& vpc : network.vpcs) {
    for (const Cidr& cidr : vpc.cidrs) {
      if (cidr.family() == block.family()) rest = subtract(rest, rangeOf(cidr));
    }
  }
  return !rest.empty();
}

bool interfaceInCidr(const Network& network, const Interface& iface, const Cidr& block) {
  if (iface.subnet.valid()) {
    const Subnet& subnet = network.at(iface.subnet);
    if (subnet.cidr.overlaps(block)) return true;
    if (subnet.ipv6_cidr && subnet.ipv6_cidr->overlaps(block)) return true;
  }
  for (const PrivateAddress& address : iface.private_addresses) {
    if (address.ip && block.contains(*address.ip)) return true;
  }
  return iface.public_address.ip && block.contains(*iface.public_address.ip);
}

// --- Resolution -------------------------------------------------------------

std::vector<GatewayId> vpnGateways(const Network& network) {
  std::vector<GatewayId> out;
  for (size_t i = 0; i < network.gateways.size(); ++i) {
    if (network.gateways[i].kind == RouteTargetKind::kVpnGateway)
      out.push_back(GatewayId{static_cast<int32_t>(i)});
  }
  return out;
}

template <class Pred>
std::vector<InterfaceId> interfacesWhere(const Network& network, Pred pred) {
  std::vector<InterfaceId> out;
  for (size_t i = 0; i < network.interfaces.size(); ++i) {
    if (pred(network.interfaces[i])) out.push_back(InterfaceId{static_cast<int32_t>(i)});
  }
  return out;
}

// Indices of the elements of `elements` that `address` names.
template <class Element>
std::vector<int32_t> elementsNamed(const std::vector<Element>& elements, std::string_view address) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < elements.size(); ++i) {
    if (matches(elements[i].name, elements[i].provenance, address))
      out.push_back(static_cast<int32_t>(i));
  }
  return out;
}

// A name and its address without the instance key: both are valid targets.
void addCandidate(std::set<std::string>& out, const std::string& name) {
  if (name.empty()) return;
  out.insert(name);
  size_t bracket = name.find('[');
  if (bracket != std::string::npos && bracket > 0) out.insert(name.substr(0, bracket));
}

template <class Element>
void addCandidates(std::set<std::string>& out, const std::vector<Element>& elements) {
  for (const Element& e : elements) {
    addCandidate(out, e.name);
    addCandidate(out, e.provenance.address);
  }
}

// Reports a resource:, subnet:, sg: or vpc: selector that names nothing, with
// a suggestion: a close spelling, or the right form when the address names an
// element of another kind.
void reportUnknownTarget(const Selector& selector, const Network& network,
                         DiagnosticEngine& diags) {
  std::set<std::string> candidates;
  std::string what;
  switch (selector.kind) {
    case Selector::Kind::kSubnet:
      what = "subnet";
      addCandidates(candidates, network.subnets);
      break;
    case Selector::Kind::kSecurityGroup:
      what = "security group";
      addCandidates(candidates, network.security_groups);
      break;
    case Selector::Kind::kVpc:
      what = "VPC";
      addCandidates(candidates, network.vpcs);
      break;
    default:
      what = "resource";
      for (const Interface& iface : network.interfaces) {
        addCandidate(candidates, iface.name);
        addCandidate(candidates, iface.owner);
      }
      for (const Gateway& gateway : network.gateways) {
        if (gateway.kind == RouteTargetKind::kVpnGateway) {
          addCandidate(candidates, gateway.name);
          addCandidate(candidates, gateway.provenance.address);
        }
      }
      break;
  }
  std::string message = "no " + what + " matches '" + selector.text + "'";
  std::string hint = didYouMean(selector.key, {candidates.begin(), candidates.end()});
  if (hint.empty()) {
    // The address may name an element of another kind: say which form to use.
    const std::string& key = selector.key;
    if (selector.kind != Selector::Kind::kSubnet && !elementsNamed(network.subnets, key).empty())
      hint = "; " + key + " is a subnet: write subnet:" + key;
    else if (selector.kind != Selector::Kind::kSecurityGroup &&
             !elementsNamed(network.security_groups, key).empty())
      hint = "; " + key + " is a security group: write sg:" + key;
    else if (selector.kind != Selector::Kind::kVpc && !elementsNamed(network.vpcs, key).empty())
      hint = "; " + key + " is a VPC: write vpc:" + key;
  }
  diags.error("unknown-selector-target", selector.location, message + hint);
}

bool contains(const std::vector<int32_t>& ids, int32_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

Selection resolveSelector(const Selector& selector, const Network& network,
                          DiagnosticEngine& diags) {
  Selection selection;
  const std::string& key = selector.key;
  bool target_exists = true;  // for resource:, subnet:, sg: and vpc:
  switch (selector.kind) {
    case Selector::Kind::kInternet:
      selection.internet = true;
      // The internet of one family (built by the lint, never parsed).
      if (selector.key == "family") selection.address_filter = {selector.cidr};
      break;
    case Selector::Kind::kAny:
      selection.interfaces = interfacesWhere(network, [](const Interface&) { return true; });
      selection.internet = true;
      selection.external = vpnGateways(network);
      break;
    case Selector::Kind::kResource:
      selection.interfaces = interfacesWhere(network, [&](const Interface& iface) {
        return namesAddress(iface.name, key) || namesAddress(iface.owner, key);
      });
      for (GatewayId id : vpnGateways(network)) {
        const Gateway& gateway = network.at(id);
        if (matches(gateway.name, gateway.provenance, key)) selection.external.push_back(id);
      }
      target_exists = !selection.empty();
      break;
    case Selector::Kind::kTag:
      selection.interfaces = interfacesWhere(network, [&](const Interface& iface) {
        const std::string* value = effectiveTag(network, iface, key);
        return value && *value == selector.value;
      });
      break;
    case Selector::Kind::kSubnet: {
      std::vector<int32_t> subnets = elementsNamed(network.subnets, key);
      target_exists = !subnets.empty();
      selection.interfaces = interfacesWhere(network, [&](const Interface& iface) {
        return iface.subnet.valid() && contains(subnets, iface.subnet.value);
      });
      break;
    }
    case Selector::Kind::kSecurityGroup: {
      std::vector<int32_t> groups = elementsNamed(network.security_groups, key);
      target_exists = !groups.empty();
      selection.interfaces = interfacesWhere(network, [&](const Interface& iface) {
        return std::any_of(iface.security_groups.begin(), iface.security_groups.end(),
                           [&](SecurityGroupId id) { return contains(groups, id.value); });
      });
      break;
    }
    case Selector::Kind::kVpc: {
      std::vector<int32_t> vpcs = elementsNamed(network.vpcs, key);
      target_exists = !vpcs.empty();
      selection.interfaces = interfacesWhere(network, [&](const Interface& iface) {
        return iface.subnet.valid() && contains(vpcs, network.at(iface.subnet).vpc.value);
      });
      break;
    }
    case Selector::Kind::kCidr:
      selection.address_filter = {selector.cidr};
      selection.interfaces = interfacesWhere(network, [&](const Interface& iface) {
        return interfaceInCidr(network, iface, selector.cidr);
      });
      selection.internet = overlapsInternet(selector.cidr);
      if (overlapsOnPremises(selector.cidr, network)) selection.external = vpnGateways(network);
      break;
    case Selector::Kind::kEndpointKind:
      selection.interfaces = interfacesWhere(network, [&](const Interface& iface) {
        if (iface.kind != selector.endpoint_kind) return false;
        if (!selector.internet_facing) return true;
        return iface.load_balancer.valid() &&
               network.at(iface.load_balancer).internet_facing == *selector.internet_facing;
      });
      break;
  }
  if (!target_exists) reportUnknownTarget(selector, network, diags);
  return selection;
}

std::vector<Selection> resolveSelectors(const std::vector<Selector>& selectors,
                                        const Network& network, DiagnosticEngine& diags) {
  std::vector<Selection> out;
  out.reserve(selectors.size());
  for (const Selector& selector : selectors)
    out.push_back(resolveSelector(selector, network, diags));
  return out;
}

}  // namespace segproof
