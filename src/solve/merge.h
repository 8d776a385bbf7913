// Merging the shards of one check (`segproof merge`, docs/distributed.md).
//
// `check --shard I/N` decides a contiguous part of the sub-problems in
// planning order and folds its answers in that order, without qualifying
// its results by what the analysis leaves out. Combining the shards in
// shard order therefore replays the fold of one run (analyzer.cc, fold()
// and finish()), and qualifying the combination (qualify.h) gives the
// verdicts of one run:
//   verdict    a flow if any shard found one; else unknown if any shard is
//              unknown; else proven
//   counts     flows, pairs, paths and solver calls add up
//   witnesses  the first max_witnesses of the shards' witnesses, in order
//   closest    the first with the strictly greatest depth, in order; none
//              when a flow was found
//   reason     the first unknown's (a later internal error's replaces it);
//              without unknowns, the first note; "no endpoint matches the
//              assertion's selectors" when no shard checked a pair
//   errors     internal errors in order (at most 10 per assertion); notes
//              the union in order of first appearance
// A shard that checked no pair of an assertion adds nothing to it.
//
// A single unsharded report (CheckReport::shard empty) merges to itself.
#ifndef SEGPROOF_SOLVE_MERGE_H_
#define SEGPROOF_SOLVE_MERGE_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/query/result.h"

namespace segproof {

struct ShardReport {
  std::string name;  // where it came from (a file name), for the errors
  CheckReport report;
  size_t max_witnesses = 0;  // a shard's witness limit (a shard's report only)
  // What must be equal for all shards of one run besides the report (the
  // tool version, the options, the inputs' checksums): compared as text.
  std::string run;
};

struct MergeResult {
  std::optional<CheckReport> report;  // set on success
  std::string error;                  // else why, naming the shard's file
};

// REQUIRES: nothing; shards may come in any order. Fails, merging nothing,
// when a report is not a shard (and not alone), when the shards are not
// exactly shards 1..N of one N, or when they are not of one run: different
// `run`, inputs, assertions, controls, uncertain parts, IPv6 or witness
// limits, or sub-problems that do not add up.
MergeResult mergeShards(std::vector<ShardReport> shards);

// One assertion's results (of shards, or of the IPv4 and IPv6 passes of one
// run) folded in order, as above, keeping `max_witnesses` witnesses.
// REQUIRES: !parts.empty(), all of the same assertion.
AssertionResult foldResults(const std::vector<const AssertionResult*>& parts, size_t max_witnesses);

}  // namespace segproof

#endif  // SEGPROOF_SOLVE_MERGE_H_
