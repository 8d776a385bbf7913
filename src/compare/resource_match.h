// Matching the elements of two networks for `segproof drift`
// (compare/drift.h, docs/drift.md): per kind of element, which element of
// the code network is which element of the live one.
//
// Each kind is matched by keys tried in order (cloud id, Name tag, AWS
// name, structure); a key decides only when its value belongs to exactly
// one element of the kind on each side, and both are still unmatched.
// An element is matched at most once. Kinds are matched in dependency
// order (VPCs before subnets, subnets before route tables...), so that
// structural keys can speak of matched VPCs and subnets.
#ifndef SEGPROOF_COMPARE_RESOURCE_MATCH_H_
#define SEGPROOF_COMPARE_RESOURCE_MATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "segproof/compare/drift.h"
#include "segproof/model/network.h"

namespace segproof::compare {

// For one kind: the live index of each code element (-1: unmatched), and
// the code index of each live element.
struct IndexMatching {
  std::vector<int32_t> code_to_live;
  std::vector<int32_t> live_to_code;

  int32_t liveOf(int32_t code) const {
    return code >= 0 && static_cast<size_t>(code) < code_to_live.size() ? code_to_live[code] : -1;
  }
};

// An owner of interfaces (an instance, a database, a service, a standalone
// interface) on one side. Load balancer nodes belong to their load
// balancer and are in no group.
struct EndpointGroup {
  std::string name;  // the interfaces' owner, or the interface's name when it has none
  std::vector<InterfaceId> interfaces;
};

struct EndpointGroups {
  std::vector<EndpointGroup> groups;  // in order of their first interface
  std::vector<int32_t> group_of;      // per interface; -1 for load balancer nodes
};

EndpointGroups endpointGroups(const Network& network);

struct ElementMatching {
  IndexMatching vpcs, subnets, route_tables, security_groups, network_acls, internet_gateways,
      nat_gateways, peerings, gateways, prefix_lists, transit_gateways, tgw_attachments,
      tgw_route_tables, load_balancers, target_groups, endpoints;
  EndpointGroups code_endpoints;
  EndpointGroups live_endpoints;
};

// Matches every kind; appends to out.matches, out.code_only, out.live_only
// and out.notes (ambiguous keys).
ElementMatching matchElements(const Network& code, const Network& live, ResourceMatching& out);

// Ends for the reachability comparison (see ResourceMatching::ends).
std::vector<DiffEnd> driftEnds(const Network& code, const Network& live,
                               const ElementMatching& matching);

}  // namespace segproof::compare

#endif  // SEGPROOF_COMPARE_RESOURCE_MATCH_H_
