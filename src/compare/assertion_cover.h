// Which negative assertions a concrete flow breaks: the check `segproof
// diff` makes of each opened flow's witness. An `unreachable` assertion is
// broken by a packet from its `from` to its `to` within its flow; an
// `isolated` one by a packet between two of its segments; an `only` one by
// a packet into `to` that none of its allowed flows admits.
#ifndef SEGPROOF_COMPARE_ASSERTION_COVER_H_
#define SEGPROOF_COMPARE_ASSERTION_COVER_H_

#include <map>
#include <string>
#include <vector>

#include "segproof/model/network.h"
#include "segproof/query/assertion.h"
#include "segproof/query/result.h"
#include "segproof/query/selector.h"

namespace segproof {

class AssertionCover {
 public:
  // The negative assertions of `assertions`, their selectors resolved in
  // `network` (the network the witnesses come from).
  AssertionCover(const AssertionSet& assertions, const Network& network);

  size_t size() const { return entries_.size(); }
  const Assertion& assertion(size_t k) const { return entries_[k].assertion; }
  // The flows assertion `k` forbids, as flow specs (any flow for
  // `isolated` and `only`).
  std::vector<FlowSpec> flows(size_t k) const;
  // Whether the witness's packet, between the witness's ends, breaks
  // assertion `k`.
  bool covers(size_t k, const Witness& w) const;

 private:
  struct Entry {
    Assertion assertion;
    std::vector<Selection> from, to;
    std::vector<std::vector<Selection>> segments;  // isolated
    std::vector<std::vector<Selection>> allowed;   // only, per allowed flow
  };
  bool holds(const std::vector<Selection>& selections, const std::string& iface,
             const IpAddress& address) const;

  const Network& network_;
  std::map<std::string, InterfaceId> interfaces_;
  std::vector<Entry> entries_;
};

// Whether `flow` admits the packet's protocol and destination port.
bool flowAdmits(const FlowSpec& flow, const FlowPacket& packet);

}  // namespace segproof

#endif  // SEGPROOF_COMPARE_ASSERTION_COVER_H_
