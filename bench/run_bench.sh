#!/bin/sh
# run_bench.sh: what `make bench` runs (bench/CMakeLists.txt). The engine
# against the naive encoding, then the enterprise network's growth over four
# doublings up to the full 20,000 interfaces; a few minutes on two cores. Markdown goes to
# stdout and to OUT.
#
#   run_bench.sh SEGPROOF_NAIVE SEGPROOF_BENCH OUT
#
# Sizes can be changed through the environment:
#   SEGPROOF_BENCH_NAIVE_ARGS  (default: --shape enterprise --scale 0.01 --runs 3)
#   SEGPROOF_BENCH_SCALE_ARGS  (default: --shape enterprise
#                               --scales 0.125,0.25,0.5,1 --runs 3 --jobs 1,2)
set -u
naive=$1
bench=$2
out=$3
naive_args=${SEGPROOF_BENCH_NAIVE_ARGS:---shape enterprise --scale 0.01 --runs 3}
scale_args=${SEGPROOF_BENCH_SCALE_ARGS:---shape enterprise --scales 0.125,0.25,0.5,1 --runs 3 --jobs 1,2}

{
  echo "# segproof benchmarks ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores)"
  echo
  echo "## Engine against a naive encoding"
  echo
  echo "\`segproof_naive $naive_args\`"
  echo
} | tee "$out"
# shellcheck disable=SC2086
"$naive" $naive_args > "$out.part"
naive_status=$?
tee -a "$out" < "$out.part"

{
  echo
  echo "## Growth of the enterprise network"
  echo
  echo "\`segproof_bench $scale_args\`"
  echo
} | tee -a "$out"
# shellcheck disable=SC2086
"$bench" $scale_args > "$out.part"
bench_status=$?
tee -a "$out" < "$out.part"
rm -f "$out.part"
echo
echo "Written to $out"
if [ "$naive_status" -ne 0 ]; then
  echo "run_bench.sh: segproof_naive failed or found different verdicts (exit $naive_status)" >&2
  exit 1
fi
[ "$bench_status" -eq 0 ] || echo "run_bench.sh: segproof_bench exited with $bench_status" >&2
exit "$bench_status"
