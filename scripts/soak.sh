#!/usr/bin/env bash
# The differential tests at length: COUNT random networks from seed FIRST,
# split over JOBS processes, each checked against the packet simulator
# (src/solve/differential_test.cc). Prints each shard's tally and fails if
# any shard failed.
#   scripts/soak.sh BUILD_DIR COUNT FIRST JOBS
set -uo pipefail
build=$1 count=$2 first=$3 jobs=$4
binary="$build/tests_solve"
[ -x "$binary" ] || { echo "soak: $binary is not built" >&2; exit 2; }
logs=$(mktemp -d)
per=$(( (count + jobs - 1) / jobs ))
start=$(date +%s)
pids=()
for ((k = 0; k < jobs; k++)); do
  n=$per
  seed=$(( first + k * per ))
  (( k == jobs - 1 )) && n=$(( count - k * per ))
  (( n > 0 )) || continue
  SEGPROOF_DIFF_COUNT=$n SEGPROOF_DIFF_SEED=$seed \
    "$binary" '[differential]' > "$logs/shard-$k.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
for log in "$logs"/shard-*.log; do
  # The tally line Catch2 wraps over several lines, joined back.
  sed -n '/differential: seeds/,/^$/p' "$log" | tr -s ' \n' ' '
  echo
  grep -q 'All tests passed' "$log" || { echo "--- $log"; tail -50 "$log"; }
done
echo "soak: $count networks from seed $first in $(( $(date +%s) - start )) s on $jobs processes: $([ $status -eq 0 ] && echo passed || echo FAILED)"
rm -rf "$logs"
exit $status
