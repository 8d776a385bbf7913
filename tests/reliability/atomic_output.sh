#!/usr/bin/env bash
# `-o FILE` writes the report atomically (src/cli/commands.cc, emit): the file
# holds the whole report, replaces an older one, and a write that fails exits
# 2 with error[output] and leaves no file and no temporary behind.
# Usage: atomic_output.sh SEGPROOF  (run from the repository root)
set -u
binary=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
# Entries of $dir other than `expected` and the ones named.
leftovers() {
  local keep=(-e expected) name
  for name in "$@"; do keep+=(-e "$name"); done
  (cd "$dir" && ls -A | grep -vxF "${keep[@]}" || true)
}

"$binary" model examples/three-tier --format json > "$dir/expected" || fail "model to stdout failed"
[ -s "$dir/expected" ] || fail "model printed nothing"

echo "an older report" > "$dir/report.json"
"$binary" model examples/three-tier --format json -o "$dir/report.json"
code=$?
[ "$code" = 0 ] || fail "-o report.json: exit code $code, expected 0"
cmp -s "$dir/expected" "$dir/report.json" || fail "report.json differs from standard output"
[ -z "$(leftovers report.json)" ] || fail "left behind: $(leftovers report.json)"

ln -s report.json "$dir/link.json"
"$binary" model examples/three-tier --format dot -o "$dir/link.json"
[ -L "$dir/link.json" ] || fail "-o through a symbolic link replaced the link"
"$binary" model examples/three-tier --format dot | cmp -s - "$dir/report.json" ||
  fail "-o through a symbolic link did not write its target"
rm "$dir/link.json"

"$binary" model examples/three-tier --format json -o "$dir/missing/report.json" 2> "$dir/err"
code=$?
[ "$code" = 2 ] || fail "-o into a missing folder: exit code $code, expected 2"
grep -q "^error\[output\]: cannot write '$dir/missing/report.json': " "$dir/err" ||
  fail "-o into a missing folder: stderr is '$(cat "$dir/err")'"
rm "$dir/err"

mkdir "$dir/folder"
"$binary" model examples/three-tier --format json -o "$dir/folder" 2> /dev/null
code=$?
[ "$code" = 2 ] || fail "-o onto a folder: exit code $code, expected 2"
[ -z "$(ls -A "$dir/folder")" ] || fail "-o onto a folder wrote into it"
[ -z "$(leftovers report.json folder)" ] || fail "left behind: $(leftovers report.json folder)"

"$binary" model examples/three-tier --format json -o /dev/stdout | cmp -s "$dir/expected" - ||
  fail "-o /dev/stdout did not print the report"
[ -c /dev/stdout ] || [ -L /dev/stdout ] || fail "-o /dev/stdout replaced /dev/stdout"

[ "$status" = 0 ] && echo "ok"
exit $status
