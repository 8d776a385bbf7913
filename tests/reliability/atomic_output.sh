#!/usr/bin/env bash
# `-o FILE` writes the report atomically (src/cli/outputs.cc, writeReport): the file
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

# -o onto an existing folder writes the report into it, as model.json.
mkdir "$dir/folder"
"$binary" model examples/three-tier --format json -o "$dir/folder"
code=$?
[ "$code" = 0 ] || fail "-o onto a folder: exit code $code, expected 0"
cmp -s "$dir/expected" "$dir/folder/model.json" || fail "-o onto a folder: folder/model.json differs"
[ "$(ls -A "$dir/folder")" = "model.json" ] || fail "-o onto a folder left: $(ls -A "$dir/folder")"

# Several formats: each report into the folder (created), atomically.
"$binary" model examples/three-tier --format json,dot -o "$dir/out/"
code=$?
[ "$code" = 0 ] || fail "--format json,dot -o out/: exit code $code, expected 0"
cmp -s "$dir/expected" "$dir/out/model.json" || fail "out/model.json differs from standard output"
"$binary" model examples/three-tier --format dot | cmp -s - "$dir/out/model.dot" ||
  fail "out/model.dot differs from standard output"
[ "$(ls -A "$dir/out" | tr '\n' ' ')" = "model.dot model.json " ] ||
  fail "out/ holds: $(ls -A "$dir/out")"

# Several formats need a folder: none, or a file, is exit 2 and writes nothing.
"$binary" model examples/three-tier --format json,dot > "$dir/stdout" 2> "$dir/err"
code=$?
[ "$code" = 2 ] || fail "several formats without -o: exit code $code, expected 2"
[ ! -s "$dir/stdout" ] || fail "several formats without -o printed a report"
grep -q "^error\[output\]: several formats need -o FOLDER" "$dir/err" ||
  fail "several formats without -o: stderr is '$(cat "$dir/err")'"
cp "$dir/report.json" "$dir/before"
"$binary" model examples/three-tier --format json,dot -o "$dir/report.json" 2> "$dir/err"
code=$?
[ "$code" = 2 ] || fail "several formats onto a file: exit code $code, expected 2"
cmp -s "$dir/before" "$dir/report.json" || fail "several formats onto a file changed the file"
rm -f "$dir/err" "$dir/stdout" "$dir/before"
[ -z "$(leftovers report.json folder out)" ] ||
  fail "left behind: $(leftovers report.json folder out)"

"$binary" model examples/three-tier --format json -o /dev/stdout | cmp -s "$dir/expected" - ||
  fail "-o /dev/stdout did not print the report"
[ -c /dev/stdout ] || [ -L /dev/stdout ] || fail "-o /dev/stdout replaced /dev/stdout"

[ "$status" = 0 ] && echo "ok"
exit $status
