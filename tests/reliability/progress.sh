#!/usr/bin/env bash
# The progress line (src/cli/outputs.h, ProgressLine): on a terminal, check,
# reach and lint write "N of M ... decided, T s" to standard error and erase
# it before the report; with --quiet, or when standard error is not a
# terminal, nothing. script(1) gives the command a terminal.
# Usage: progress.sh SEGPROOF  (run from the repository root)
set -u
binary=$1
status=0
fail() { echo "FAIL: $*"; status=1; }
if ! command -v script > /dev/null; then
  echo "script(1) is missing (bsdutils): cannot give segproof a terminal"
  exit 1
fi
# Runs "$@" with a terminal; prints what it wrote there (stdout goes to /dev/null).
on_terminal() { script -qec "$* > /dev/null" /dev/null; }

seen=$(on_terminal "$binary" check examples/three-tier --jobs 2)
[[ "$seen" == *"segproof check: "*" of "*" sub-problems decided, "*" s"* ]] ||
  fail "check on a terminal: no progress line in '$seen'"
[[ "$seen" == *$'\r\033[K' ]] || fail "check on a terminal: the progress line is not erased at the end"

seen=$(on_terminal "$binary" reach examples/three-tier --from internet --to resource:bastion --port 22)
[[ "$seen" == *"segproof reach: "*" sub-problems decided"* ]] ||
  fail "reach on a terminal: no progress line in '$seen'"

seen=$(on_terminal "$binary" lint examples/three-tier --no-config)
[[ "$seen" == *"segproof lint: "*" path verdicts decided"* ]] ||
  fail "lint on a terminal: no progress line in '$seen'"

seen=$(on_terminal "$binary" check examples/three-tier --jobs 2 --quiet)
[ -z "$seen" ] || fail "check --quiet on a terminal wrote '$seen'"

# Not a terminal: standard error holds nothing but diagnostics (none here).
"$binary" check examples/three-tier --jobs 2 > /dev/null 2> "${TMPDIR:-/tmp}/progress.$$"
[ ! -s "${TMPDIR:-/tmp}/progress.$$" ] ||
  fail "check without a terminal wrote to standard error: $(cat "${TMPDIR:-/tmp}/progress.$$")"
rm -f "${TMPDIR:-/tmp}/progress.$$"

[ "$status" = 0 ] && echo "ok"
exit $status
