#!/usr/bin/env bash
# Every report format of `check` and `lint`, written in one run from one
# result (--format json,sarif,junit,markdown,text -o FOLDER), on every example:
# the SARIF log passes our SARIF 2.1.0 validator, the JUnit report parses and
# passes the JUnit structure check, and the formats agree with the JSON report
# on what was found (violated assertions, findings, suppressions).
# Usage: formats.sh SEGPROOF SARIF_VALIDATE JUNIT_VALIDATE  (from the repository root)
set -u
segproof=$1
sarif_validate=$2
junit_validate=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# count PYTHON-EXPRESSION FILE: evaluates the expression over the parsed JSON `d`.
count() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2"; }
# The number of elements NAME (optionally with an attribute filter) in an XML file.
xml_count() { python3 -c "
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(len(root.findall(sys.argv[2])))" "$1" "$2"; }

for example in examples/*/; do
  name=$(basename "$example")
  out="$dir/$name"
  "$segproof" check "$example" --jobs 2 --format json,sarif,junit,markdown,text -o "$out/check" \
    > /dev/null 2> "$dir/err"
  code=$?
  { [ "$code" = 0 ] || [ "$code" = 1 ] || [ "$code" = 3 ]; } ||
    fail "$name: check exited $code: $(cat "$dir/err")"
  for f in check.json check.sarif check.junit.xml check.md check.txt; do
    [ -s "$out/check/$f" ] || fail "$name: check wrote no $f"
  done
  "$sarif_validate" "$out/check/check.sarif" || fail "$name: check SARIF is not valid"
  "$junit_validate" "$out/check/check.junit.xml" || fail "$name: check JUnit is not valid"

  violated=$(count "sum(r['verdict'] == 'violated' for r in d['results'])" "$out/check/check.json")
  unknown=$(count "sum(r['verdict'] == 'unknown' for r in d['results'])" "$out/check/check.json")
  total=$(count "len(d['results'])" "$out/check/check.json")
  witnesses=$(count "sum(len(r['witnesses']) for r in d['results'] if r['verdict'] == 'violated')" \
    "$out/check/check.json")
  [ "$(xml_count "$out/check/check.junit.xml" ".//testcase")" = "$total" ] ||
    fail "$name: JUnit testcases differ from the $total assertions"
  [ "$(xml_count "$out/check/check.junit.xml" ".//testcase/failure")" = "$violated" ] ||
    fail "$name: JUnit failures differ from the $violated violated assertions"
  [ "$(count "len(d['runs'][0]['tool']['driver']['rules'])" "$out/check/check.sarif")" = "$total" ] ||
    fail "$name: SARIF rules differ from the $total assertions"
  sarif_errors=$(count "sum(r.get('kind', 'fail') == 'fail' and r['properties']['verdict'] == 'violated' for r in d['runs'][0]['results'])" "$out/check/check.sarif")
  # One result per witness of a violated `unreachable`-like assertion; a
  # violated `reachable` assertion (no witness) gets one result.
  expected=$(count "sum(max(1, len(r['witnesses'])) for r in d['results'] if r['verdict'] == 'violated')" \
    "$out/check/check.json")
  [ "$sarif_errors" = "$expected" ] ||
    fail "$name: $sarif_errors SARIF results for violations, expected $expected ($witnesses witnesses)"
  # One verdict-table row per assertion, with the JSON report's verdict.
  python3 - "$out/check/check.json" "$out/check/check.md" <<'PY' || fail "$name: the Markdown verdict table differs from the JSON report"
import json, sys
d = json.load(open(sys.argv[1]))
rows = {}
for line in open(sys.argv[2]):
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if len(cells) == 5:
        rows[cells[0]] = cells[3]
for r in d['results']:
    if r['verdict'] not in rows.get(r['id'], ''):
        print(r['id'], r['verdict'], 'not in the Markdown table')
        sys.exit(1)
PY

  "$segproof" lint "$example" --no-config --format json,sarif,junit,markdown -o "$out/lint" \
    > /dev/null 2> "$dir/err"
  code=$?
  { [ "$code" = 0 ] || [ "$code" = 1 ]; } || fail "$name: lint exited $code: $(cat "$dir/err")"
  "$sarif_validate" "$out/lint/lint.sarif" || fail "$name: lint SARIF is not valid"
  "$junit_validate" "$out/lint/lint.junit.xml" || fail "$name: lint JUnit is not valid"
  findings=$(count "len(d['findings'])" "$out/lint/lint.json")
  [ "$(count "len(d['runs'][0]['results'])" "$out/lint/lint.sarif")" = "$findings" ] ||
    fail "$name: lint SARIF results differ from the $findings findings"
  [ "$(xml_count "$out/lint/lint.junit.xml" ".//testcase/failure")" = "$findings" ] ||
    fail "$name: lint JUnit failures differ from the $findings findings"
done

# A suppressed finding: in SARIF with its justification, skipped in JUnit.
case=tests/e2e/lint-suppressed
"$segproof" lint $(cat "$case/cmd" | cut -d' ' -f2- | sed 's/--format [a-z]*//') \
  --format json,sarif,junit -o "$dir/suppressed" > /dev/null 2>&1
suppressed=$(count "len(d['suppressed'])" "$dir/suppressed/lint.json")
[ "$suppressed" -gt 0 ] || fail "lint-suppressed: no suppressed finding in the JSON report"
[ "$(count "sum(1 for r in d['runs'][0]['results'] if r.get('suppressions'))" "$dir/suppressed/lint.sarif")" = "$suppressed" ] ||
  fail "lint-suppressed: SARIF does not carry the $suppressed suppressions"
[ "$(xml_count "$dir/suppressed/lint.junit.xml" ".//testcase/skipped")" = "$suppressed" ] ||
  fail "lint-suppressed: JUnit does not skip the $suppressed suppressed findings"

[ "$status" = 0 ] && echo "ok"
exit $status
