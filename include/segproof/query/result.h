// Results: verdicts with their evidence.
//
// A violated `unreachable` (or a holding `reachable`) carries witnesses: a
// concrete packet and its hop-by-hop path, each hop naming the rule that let
// it through and where that rule is written. A holding `unreachable` (or a
// violated `reachable`) is a proof; it names, for the candidate path that got
// furthest, the hop and rule that stop it. An unknown verdict says why.
#ifndef SEGPROOF_QUERY_RESULT_H_
#define SEGPROOF_QUERY_RESULT_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/model/ip.h"
#include "segproof/query/assertion.h"

namespace segproof {

enum class Verdict : uint8_t { kHolds, kViolated, kUnknown };
const char* verdictName(Verdict verdict);  // "holds", "violated", "unknown"

// A concrete packet header.
struct FlowPacket {
  IpAddress source;
  IpAddress destination;
  int protocol = 0;
  int source_port = 0;  // tcp/udp
  int destination_port = 0;
  int icmp_type = 0;  // icmp
  int icmp_code = 0;
  // "203.0.113.7:49152 -> 10.0.1.10:22 tcp", "[2001:db8::a]:49152 -> [2600::10]:443 tcp"
  std::string str() const;
};

// One step of a path and the rule that decides it.
struct PathHop {
  std::string step;     // "security group egress", "network ACL inbound", "route", ...
  std::string element;  // resource address of the group / ACL / table / gateway
  std::string rule;     // the deciding rule: "rule 100 allow tcp/22 from 0.0.0.0/0"
  SourceLocation location;  // where that rule (or element) is written
  bool reply = false;       // checks the reply packet
  std::string packet;       // the packet at this hop when it differs from the first
};

struct Witness {
  std::string source;       // "internet", "aws_instance.web (10.0.1.10)"
  std::string destination;
  // The interfaces at the ends (names); empty for the internet or a zone.
  std::string source_interface;
  std::string destination_interface;
  FlowPacket packet;        // as the source sends it
  std::vector<PathHop> hops;
  std::vector<std::string> places;
};

struct BlockedExplanation {
  std::string source;
  std::string destination;
  std::vector<std::string> places;  // the places the packet got through
  PathHop blocked_at;               // the hop that stops it, with its rule
  std::string reason;
};

// A control of a compliance framework that a lint finding or an assertion
// bears on (the table is queries/controls.yaml; docs/lint.md, "Controls").
struct ControlRef {
  std::string framework;  // "CIS AWS Foundations Benchmark v3.0.0", "PCI DSS v4.0"
  std::string id;         // "5.2", "1.3.1"
  std::string title;
  std::string relation;   // "violates" (a failure of the control) or "evidences"
};

struct AssertionResult {
  Assertion assertion;
  Verdict verdict = Verdict::kUnknown;
  std::vector<Witness> witnesses;     // evidence (up to the witness limit)
  size_t flows = 0;                   // reachable (source, destination) pairs found
  std::optional<BlockedExplanation> closest;  // for proofs of unreachability
  std::string reason;                 // why unknown, or a note
  size_t pairs_checked = 0;
  size_t paths_explored = 0;
  size_t solver_calls = 0;
  // Checks of the engine against itself that failed (a witness the packet
  // simulator does not deliver, Z3 contradicting an exact interval result).
  // Never a finding: the verdict they touch is unknown, and the CLI exits 4.
  std::vector<std::string> internal_errors;
  // The controls the assertion evidences (empty when the table maps none).
  std::vector<ControlRef> controls;
  // For merging shard results (`segproof merge`): the number of hops the
  // closest blocked path passed, and whether some flow found avoids every
  // part of the network left out for unknown values.
  size_t closest_depth = 0;
  bool certain_flow = false;
};

// A shard's share of a check (`check --shard I/N`, docs/distributed.md).
// Its results are not yet qualified by what the analysis leaves out of the
// whole network (parts with unknown values, IPv6): `segproof merge` combines
// the shards' results and then qualifies them with the texts kept here.
struct ShardInfo {
  int index = 0;  // 0-based
  int count = 1;
  size_t subproblems = 0;        // decided by this shard
  size_t subproblems_total = 0;  // of all shards together
  std::string uncertain_parts;   // what is left out for unknown values; "" when nothing
  std::string ipv6;              // an element with IPv6 addresses; "" when none
};

struct CheckReport {
  std::vector<std::string> inputs;
  std::vector<AssertionResult> results;
  std::vector<std::string> notes;  // analysis-wide remarks (e.g. IPv6 not analysed)
  std::vector<std::string> internal_errors;  // every result's, with its assertion id
  double seconds = 0;
  int jobs = 1;
  std::optional<ShardInfo> shard;  // set for one shard of a sharded check
};

// The segment matrix (`segproof matrix`): for each ordered pair of segments,
// whether some flow gets from the first to the second, and on what.
struct MatrixCell {
  bool asked = true;  // false: not a question (the internet to itself)
  // kHolds: some flow gets through (a witness); kViolated: none can (a
  // proof); kUnknown: undecided (reason).
  Verdict verdict = Verdict::kUnknown;
  // What gets through, per protocol: tcp and udp destination ports, any
  // ICMP, any other protocol. Exact unless `exact` is false, when it is an
  // upper bound (a path's header set is over-approximated, or rules have
  // unknown values): `segproof reach` decides a port exactly.
  std::vector<PortRange> tcp;
  std::vector<PortRange> udp;
  bool icmp = false;
  bool other_protocols = false;
  std::vector<PortRange> other_protocol_numbers;  // which, as ranges of protocol numbers
  bool exact = true;
  std::optional<Witness> witness;             // kHolds
  std::optional<BlockedExplanation> closest;  // kViolated, when a path got partway
  std::string reason;                         // kUnknown: why; else a note
  size_t flows = 0;                           // reachable (source, destination) classes
};

struct SegmentMatrix {
  std::vector<std::string> inputs;
  std::vector<Segment> segments;               // rows and columns, in order
  std::vector<std::vector<MatrixCell>> cells;  // cells[from][to]; [i][i]: within segment i
  std::vector<std::string> notes;
  std::vector<std::string> internal_errors;
  double seconds = 0;
  int jobs = 1;
};

}  // namespace segproof

#endif  // SEGPROOF_QUERY_RESULT_H_
