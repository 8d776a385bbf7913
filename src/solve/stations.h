// Stations: the ends of the questions an assertion asks.
//
// Interfaces that share a subnet, security groups and public-address status
// behave alike on every path; they form one station and are solved once.
// The internet and each on-premises zone (behind a VPN gateway) are stations
// too. A selection (query/selector.h) becomes the stations it covers, with
// addresses narrowed by its cidr: filter.
#ifndef SEGPROOF_SOLVE_STATIONS_H_
#define SEGPROOF_SOLVE_STATIONS_H_

#include <string>
#include <vector>

#include "encode/path_search.h"
#include "segproof/query/selector.h"

namespace segproof {

// The addresses (codes of `space`) a selection admits: its cidr: filter,
// or every address.
IntervalSet addressFilterOf(const Selection& selection, const AddressSpace& space);

// Stations covered by the union of `selections`, in a deterministic order.
std::vector<Station> buildStations(const EncodingContext& context,
                                   const std::vector<Selection>& selections);

// Every interface, the internet and every on-premises zone, less `excluded`
// interfaces: "anything outside" a segment.
Selection complementOf(const Network& network, const std::vector<Selection>& excluded);

// Splits stations so that each lies wholly inside or wholly outside each of
// `selections` (by interface membership).
std::vector<Station> refineStations(const EncodingContext& context, std::vector<Station> stations,
                                    const std::vector<std::vector<Selection>>& selections);

// `station` narrowed to `members` (some of its own): the addresses only they
// may have, and a label naming them.
Station narrowStation(const EncodingContext& context, const Station& station,
                      std::vector<InterfaceId> members);

// Whether every member of `station` belongs to the union of `selections`.
bool stationWithin(const Station& station, const std::vector<Selection>& selections);

// The interface of `station` that owns `address`, for naming witnesses: the
// member with that fixed address, else one AWS may give it, other than
// `avoid` when another can have it.
InterfaceId memberWithAddress(const EncodingContext& context, const Station& station,
                              uint64_t address, InterfaceId avoid = {});

// "aws_instance.web (10.0.1.10)", "internet", "on-premises via corp-vgw";
// `member` names the interface (memberWithAddress when invalid).
std::string endpointLabel(const EncodingContext& context, const Station& station,
                          uint64_t address, InterfaceId member = {});

}  // namespace segproof

#endif  // SEGPROOF_SOLVE_STATIONS_H_
