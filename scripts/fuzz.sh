#!/usr/bin/env bash
# Runs libFuzzer targets built in BUILD_DIR (by `make fuzz`, SEGPROOF_FUZZ=ON)
# one after the other, each for SECONDS on a scratch copy of its corpus
# (BUILD_DIR/corpus/<target>, seeded from tests/fuzz/corpus/<target> and the
# files tests/fuzz/seeds.txt names for it), and
# prints per target the executions, the coverage and whether it crashed.
# Crashing inputs go to BUILD_DIR/artifacts/<target>/, logs to BUILD_DIR/logs/.
# Exit code 1 if any target found a crash (or a leak, a timeout, an OOM).
#
#   scripts/fuzz.sh BUILD_DIR SECONDS TARGET...
set -uo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 BUILD_DIR SECONDS TARGET..." >&2
  exit 2
fi
build=$1
seconds=$2
shift 2
source_dir=$(cd "$(dirname "$0")/.." && pwd)

failed=0
for target in "$@"; do
  corpus=$build/corpus/$target
  artifacts=$build/artifacts/$target
  log=$build/logs/$target.log
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts" "$build/logs"
  if [ -d "$source_dir/tests/fuzz/corpus/$target" ]; then
    cp "$source_dir/tests/fuzz/corpus/$target/"* "$corpus/"
  fi
  n=0
  while read -r seed_target path; do
    [ "$seed_target" = "$target" ] || continue
    n=$((n + 1))
    cp "$source_dir/$path" "$corpus/seed-$n-$(basename "$path")"
  done < <(grep -E '^fuzz_' "$source_dir/tests/fuzz/seeds.txt")
  echo "==> $target: ${seconds}s, log $log"
  "$build/tests/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$log" 2>&1
  status=$?
  # The last status line libFuzzer printed: "#N DONE cov: C ft: F corp: ..." (or
  # the last progress line when it stopped early).
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+')
  corp=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' <<<"$last" | cut -d' ' -f2)
  if [ "$status" -eq 0 ]; then
    verdict="no crash"
  else
    verdict="FOUND A PROBLEM (exit $status): $(grep -m1 -E 'ERROR: |runtime error|==ERROR' "$log")"
    failed=1
  fi
  echo "    executions ${execs:-?}, exec/s ${rate:-?}, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}: $verdict"
done
exit $failed
