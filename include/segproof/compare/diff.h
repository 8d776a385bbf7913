// Differential reachability (`segproof diff BEFORE AFTER`, docs/diff.md):
// the flows one network allows and another does not, per source and
// destination, as compact header sets with a witness each, and the
// assertions whose verdict changed.
//
// Both networks are analysed over the same ends: named parts of the
// network (segments of the query files, the built-in pack's environments,
// or one end per endpoint), each with the selectors that name it on each
// side (the same text for two versions of one code base; the matched live
// and code resources for `segproof drift`).
#ifndef SEGPROOF_COMPARE_DIFF_H_
#define SEGPROOF_COMPARE_DIFF_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"
#include "segproof/query/assertion.h"
#include "segproof/query/result.h"
#include "segproof/segproof.h"

namespace segproof {

// One end of the comparison. Empty selectors on a side: the end does not
// exist there (a resource added or removed), and nothing reaches it or
// leaves it on that side.
struct DiffEnd {
  std::string name;
  std::vector<Selector> before;
  std::vector<Selector> after;
  bool internet = false;  // a part of the internet (rows split by address range)
};

// A compact header set: source address ranges (only for sources on the
// internet: an endpoint's own addresses are its name), protocols and
// destination ports.
struct HeaderRanges {
  std::vector<std::string> sources;  // CIDRs / ranges; empty: every address of the source
  std::vector<PortRange> tcp;
  std::vector<PortRange> udp;
  bool icmp = false;
  std::vector<PortRange> other_protocols;  // protocol numbers (ESP 50, GRE 47...)
  bool empty() const { return tcp.empty() && udp.empty() && !icmp && other_protocols.empty(); }
  // "tcp/22,5432 udp/53 icmp from 0.0.0.0/0 except 203.0.113.0/24"
  std::string text() const;
};

struct FlowChange {
  enum class Kind : uint8_t { kOpened, kClosed };
  Kind kind = Kind::kOpened;
  std::string from;  // end names
  std::string to;
  HeaderRanges headers;
  // A packet of `headers` and its path, on the side that allows it (AFTER
  // for an opened flow, BEFORE for a closed one); the other side's proof
  // that it does not (the hop that stops it) when it has one.
  std::optional<Witness> witness;
  std::optional<BlockedExplanation> blocked_on_other_side;
  // Negative assertions (of the files or the pack) the opened flow breaks.
  std::vector<std::string> forbidden_by;
};

// An end pair the comparison could not decide (a verdict unknown on one
// side, or header sets known only as upper bounds).
struct UndecidedChange {
  std::string from;
  std::string to;
  std::string reason;
};

struct AssertionChange {
  std::string id;
  std::string description;
  std::optional<Verdict> before;  // nullopt: the assertion is not asked on that side
  std::optional<Verdict> after;
  std::string reason;             // AFTER's reason, when unknown
  std::optional<Witness> witness; // AFTER's first witness, when violated
  // Violated on both sides, and some opened flow breaks it.
  bool new_violation_flows = false;
};

struct DiffReport {
  std::vector<std::string> before_inputs;
  std::vector<std::string> after_inputs;
  std::vector<std::string> ends;  // in order
  std::vector<FlowChange> changes;
  std::vector<UndecidedChange> undecided;
  std::vector<AssertionChange> assertions;  // verdict changed, or violated with new flows
  size_t assertions_compared = 0;
  size_t pairs_compared = 0;
  std::vector<std::string> notes;
  std::vector<std::string> internal_errors;
  double seconds = 0;
  int jobs = 1;

  // Opened flows that an assertion forbids, or an assertion newly violated.
  bool forbiddenNewReachability() const;
  bool anyUndecided() const;
};

// Compares `before` and `after` over `ends` (see defaultDiffEnds).
DiffReport diffReachability(const Network& before, const Network& after,
                            const std::vector<DiffEnd>& ends, const AssertionSet& assertions,
                            const AnalyzerOptions& options, DiagnosticEngine& diags);

// The ends of `segproof diff` when the caller names none: the segments
// given, else one end per endpoint (instance, database, load balancer,
// service; up to 60), else per subnet (up to 60), else per VPC; the
// internet first, its IPv4 part split into the address ranges the two
// networks' rules and routes distinguish. Says which in `notes`.
std::vector<DiffEnd> defaultDiffEnds(const Network& before, const Network& after,
                                     const std::vector<Segment>& segments,
                                     std::vector<std::string>& notes);

}  // namespace segproof

#endif  // SEGPROOF_COMPARE_DIFF_H_
