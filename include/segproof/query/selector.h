// Selectors name parts of the network in queries and assertion files:
//   internet | any | resource:ADDR | tag:KEY=VALUE | subnet:ADDR | sg:ADDR |
//   vpc:ADDR | cidr:CIDR | kind:KIND
// and, inside assertion files, the name of a segment defined there.
//
// A Selection is what a selector stands for in one Network: a set of
// interfaces, possibly the internet, possibly external zones (VPN gateways),
// and an optional address filter that narrows all of them (cidr:).
#ifndef SEGPROOF_QUERY_SELECTOR_H_
#define SEGPROOF_QUERY_SELECTOR_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"

namespace segproof {

struct Selector {
  enum class Kind : uint8_t {
    kInternet,
    kAny,
    kResource,
    kTag,
    kSubnet,
    kSecurityGroup,
    kVpc,
    kCidr,
    kEndpointKind,  // kind:KIND
  };
  Kind kind = Kind::kAny;
  std::string text;   // as written, e.g. "tag:Env=prod"
  std::string key;    // resource / subnet / sg / vpc address, tag key, or KIND; "family" for
                      // the internet of `cidr`'s family only (built by the lint)
  std::string value;  // tag value
  Cidr cidr;          // for kCidr
  // For kEndpointKind: the interfaces' kind and, for load balancer nodes,
  // whether their load balancer must be internet-facing (true) or internal
  // (false); nullopt accepts both.
  EndpointKind endpoint_kind = EndpointKind::kInstance;
  std::optional<bool> internet_facing;
  SourceLocation location;
};

// Parses one selector. On error (an unknown form, a malformed value, an
// unknown KIND) reports "invalid-selector" at `location` and returns nullopt.
std::optional<Selector> parseSelector(const std::string& text, const SourceLocation& location,
                                      DiagnosticEngine& diags);

struct Selection {
  std::vector<InterfaceId> interfaces;  // sorted, unique
  bool internet = false;                // the internet (see docs/aws-modeling.md)
  std::vector<GatewayId> external;      // VPN gateways: on-premises zones behind them
  // When non-empty, only addresses inside these blocks belong to the
  // selection (cidr: selectors); applies to interfaces, internet and zones.
  std::vector<Cidr> address_filter;

  bool empty() const { return interfaces.empty() && !internet && external.empty(); }
};

// What `selector` stands for in `network`. A resource:, subnet:, sg: or vpc:
// selector that matches nothing reports "unknown-selector-target"; a tag: or
// kind: selector that matches nothing selects nothing, silently.
// Addresses match an element's name (for subnets, groups and VPCs also its
// resource address), and an address without an instance key matches every
// instance: "aws_instance.web" names "aws_instance.web[0]" (docs/queries.md).
Selection resolveSelector(const Selector& selector, const Network& network,
                          DiagnosticEngine& diags);

// Union of several selections (address filters are kept per part, so the
// union is computed by the caller on stations; see query/stations.h).
std::vector<Selection> resolveSelectors(const std::vector<Selector>& selectors,
                                        const Network& network, DiagnosticEngine& diags);

}  // namespace segproof

#endif  // SEGPROOF_QUERY_SELECTOR_H_
