#!/usr/bin/env bash
# N shards merged equal one run (docs/distributed.md): for every example
# (with the built-in pack and with its own assertions) and, when the bench
# generator is built, a generated network of 500 interfaces, runs
# `segproof check` once and `check --shard I/N` for I = 1..N with N = 1, 2,
# 3, 4 and 50 (more shards than sub-problems: some shards decide nothing),
# merges the shards (given in reverse order) and compares with the single
# run: the JSON report (compare_reports.py: without timings and job counts;
# the work stats may only grow), the text, SARIF, JUnit and Markdown reports
# (timings masked), and the exit code.
#
# usage: shards_merge.sh SEGPROOF [SEGPROOF_GEN]   (from the repository root)
set -u
segproof=$1
gen=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

here=$(cd "$(dirname "$0")" && pwd)
# Timings and job counts in the text and JUnit reports.
mask() {
  sed -E -e 's/\(checked in [0-9.e+-]+ s with [0-9]+ jobs?\)/(checked in T s)/' \
    -e 's/time="[0-9.e+-]+"/time="T"/g' -e 's/name="jobs" value="[0-9]+"/name="jobs" value="J"/'
}
formats=json,text,sarif,junit,markdown
# The shard counts (the sanitizer run of `make sanitize` takes fewer).
counts=${SEGPROOF_SHARD_COUNTS:-1 2 3 4 50}

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# check_case NAME ARGS...: one input and its assertions, every split.
check_case() {
  local name=$1
  shift
  local dir=$work/$name before=$failures
  mkdir -p "$dir"
  # No solver time limit: verdicts must not depend on the machine's load.
  "$segproof" check "$@" --timeout 0 --jobs 2 --quiet --format "$formats" -o "$dir/single/"
  local expected_code=$?
  [ -f "$dir/single/check.json" ] || { fail "$name: the single run wrote no report"; return; }
  for n in $counts; do
    rm -rf "$dir/shards" "$dir/merged"
    mkdir -p "$dir/shards"
    local shards=()
    for ((i = n; i >= 1; i--)); do
      "$segproof" check "$@" --timeout 0 --jobs 1 --quiet --shard "$i/$n" --format json \
        -o "$dir/shards/shard-$i.json"
      local code=$?
      # One shard alone is the whole check (its exit code is the check's);
      # a shard of several leaves the verdicts, and the exit code, to merge.
      if [ "$n" -gt 1 ] && [ "$code" -ne 0 ] && [ "$code" -ne 4 ]; then
        fail "$name: shard $i/$n exited $code"
        return
      fi
      shards+=("$dir/shards/shard-$i.json")
    done
    "$segproof" merge "${shards[@]}" --format "$formats" -o "$dir/merged/"
    local code=$?
    [ "$code" = "$expected_code" ] || fail "$name, $n shards: merge exited $code, one run $expected_code"
    if ! python3 "$here/compare_reports.py" "$dir/single/check.json" "$dir/merged/check.json" \
      > "$dir/diff" 2>&1; then
      fail "$name, $n shards: the merged JSON differs from one run's"
      cat "$dir/diff"
    fi
    # An ordinary report (one shard of one) does not record the assertions'
    # scope that SARIF's rule help shows (docs/distributed.md).
    local reports=(check.txt check.junit.xml check.md)
    [ "$n" -gt 1 ] && reports+=(check.sarif)
    for report in "${reports[@]}"; do
      if ! diff -u <(mask < "$dir/single/$report") <(mask < "$dir/merged/$report") > "$dir/diff"; then
        fail "$name, $n shards: the merged $report differs from one run's"
        head -40 "$dir/diff"
      fi
    done
  done
  [ "$failures" = "$before" ] && echo "ok: $name ($counts shards)"
}

check_case three-tier examples/three-tier
check_case three-tier-queries examples/three-tier/network.yaml -q examples/three-tier/queries.yaml
check_case pci-cde examples/pci-cde
check_case pci-cde-queries examples/pci-cde/network.yaml -q examples/pci-cde/queries.yaml \
  --max-witnesses 2
check_case pci-cde-cloudformation examples/pci-cde-cloudformation
check_case pci-cde-cloudformation-queries examples/pci-cde-cloudformation/template.yaml \
  -q examples/pci-cde-cloudformation/queries.yaml \
  --param-file examples/pci-cde-cloudformation/parameters.json
check_case prod-test-peering examples/prod-test-peering
check_case terraform-webapp examples/terraform-webapp
check_case terraform-webapp-queries examples/terraform-webapp -q examples/terraform-webapp/queries.yaml
check_case landing-zone-queries examples/landing-zone -q examples/landing-zone/queries.yaml

if [ -n "$gen" ] && [ -x "$gen" ]; then
  "$gen" --interfaces 500 --seed 7 -o "$work/generated.yaml"
  check_case generated-500 "$work/generated.yaml"
else
  echo "skipped: the generated network (no segproof_gen)"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures failures"
  exit 1
fi
