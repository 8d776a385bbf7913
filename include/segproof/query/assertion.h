// Assertions: the reachability invariants segproof checks.
//
// Loaded from YAML assertion files (docs/queries.md) or the built-in pack
// (queries/default.yaml, compiled in). Four kinds:
//   unreachable  no flow from `from` to `to` on `flow`
//   isolated     no flow between any two of `segments`, in every direction
//   only         `to` may be reached only by the `allowed` flows
//   reachable    some flow from `from` reaches `to` on `flow`
#ifndef SEGPROOF_QUERY_ASSERTION_H_
#define SEGPROOF_QUERY_ASSERTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"
#include "segproof/query/selector.h"

namespace segproof {

// Protocol and destination ports of the flows an assertion talks about.
struct FlowSpec {
  int protocol = kAnyProtocol;   // kAnyProtocol, kTcp, kUdp, kIcmp or a number
  std::vector<PortRange> ports;  // destination ports; empty means all
  std::string text() const;      // "tcp/22,3389", "any protocol"
};

// A named set of endpoints: the union of its selectors.
struct Segment {
  std::string name;
  std::string description;
  std::vector<Selector> selectors;
  SourceLocation location;
};

struct AllowedFlow {
  std::vector<Selector> from;
  FlowSpec flow;
  SourceLocation location;
};

enum class AssertionKind : uint8_t { kUnreachable, kIsolated, kOnly, kReachable };

struct Assertion {
  std::string id;
  std::string description;
  AssertionKind kind = AssertionKind::kUnreachable;
  SourceLocation location;
  std::string severity = "high";  // informational: critical, high, medium, low
  std::vector<Selector> from;     // unreachable, reachable
  std::vector<Selector> to;       // unreachable, reachable, only
  FlowSpec flow;                  // unreachable, reachable
  std::vector<Segment> segments;  // isolated (two or more)
  std::vector<AllowedFlow> allowed;  // only
  bool include_internal = false;     // only: also constrain flows within `to`
};

struct AssertionSet {
  std::vector<Segment> segments;
  std::vector<Assertion> assertions;
};

const char* assertionKindName(AssertionKind kind);

// "N" or "N-M" (inclusive), within 0-65535 and not reversed; nullopt
// otherwise. The form assertion files and the command line share.
std::optional<PortRange> parsePortRange(std::string_view text);

// Parses an assertion file. Problems are reported to `diags` with file:line:col.
AssertionSet loadAssertionFile(const std::string& path, DiagnosticEngine& diags);
AssertionSet parseAssertions(const std::string& name, const std::string& text,
                             DiagnosticEngine& diags);

// The built-in pack (queries/default.yaml, embedded at build time).
AssertionSet builtinAssertions(DiagnosticEngine& diags);

}  // namespace segproof

#endif  // SEGPROOF_QUERY_ASSERTION_H_
