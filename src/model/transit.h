// Which transit gateway attachment interfaces a packet uses: the choices AWS
// documents, shared by the engine (src/encode/) and the packet simulator
// (src/simulate/) so that both read the model the same way
// (docs/aws-modeling.md, "Transit gateways").
//
//   - A subnet reaches a transit gateway only through the attachment's
//     interface in its own availability zone (an unknown zone matches any).
//   - The transit gateway keeps a packet in the zone it entered in: it
//     leaves through the exit attachment's interface in that zone when there
//     is one; otherwise, in appliance mode, or after a peering between
//     transit gateways (zones of another region), through any of them.
//   - A reply enters the transit gateway through the interface in the
//     replying subnet's zone (none: the reply is lost), and leaves towards
//     the requester through the interface in that zone, else through the one
//     the request entered by.
#ifndef SEGPROOF_MODEL_TRANSIT_H_
#define SEGPROOF_MODEL_TRANSIT_H_

#include <optional>
#include <vector>

#include "segproof/model/network.h"

namespace segproof {

// Zones match when equal or when either is not known.
bool sameZone(const Network& network, SubnetId a, SubnetId b);

// The attachment's interfaces (subnets) a packet from subnet `from` enters by.
std::vector<SubnetId> entryInterfaces(const Network& network, const TgwAttachment& attachment,
                                      SubnetId from);

// The interfaces of `exit` a packet that entered by `entered` (invalid after
// a peering) may leave by.
std::vector<SubnetId> exitInterfaces(const Network& network, const TgwAttachment& exit,
                                     SubnetId entered);

// The interface of `attachment` a reply from subnet `at` enters by; nullopt
// when the attachment has none in that zone. `request` is the interface the
// request used, preferred when several match.
std::optional<SubnetId> replyEntry(const Network& network, const TgwAttachment& attachment,
                                   SubnetId at, SubnetId request);

// The interface of `attachment` a reply from subnet `at` leaves by towards
// the requester, which entered by `request` (`peered`: the reply crossed a
// peering, so zones do not carry over).
SubnetId replyExit(const Network& network, const TgwAttachment& attachment, SubnetId at,
                   SubnetId request, bool peered);

// The route table `attachment` is associated with on transit gateway `tgw`
// (a peering has one on each side); invalid when none.
TgwRouteTableId routeTableOn(const TgwAttachment& attachment, TransitGatewayId tgw);

// The VPC attachment of `tgw` that holds an interface in `subnet`, if any.
TgwAttachmentId attachmentIn(const Network& network, TransitGatewayId tgw, SubnetId subnet);

}  // namespace segproof

#endif  // SEGPROOF_MODEL_TRANSIT_H_
