#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads the file written
# by `segproof report` (and by `check --format html`) with the network cut
# off, takes a screenshot, and dumps the DOM after the page's own script
# ran. The test asserts that the page rendered the verdict table (one row
# per assertion of the JSON report of the same run), the segment matrix and
# the drawings, and that the file references nothing outside itself.
# Usage: html_browser.sh SEGPROOF  (run from the repository root)
set -u
segproof=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "FAIL: Chromium is not installed (scripts/install-deps.sh installs Debian's chromium)"
  exit 1
fi
# Chromium as root needs --no-sandbox; no network, no first-run work.
chrome() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-extensions --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>' \
    --user-data-dir="$dir/profile" "$@" 2> "$dir/chrome.err"
}
# The width and height a PNG's header gives.
png_size() { python3 -c "
import struct, sys
data = open(sys.argv[1], 'rb').read(24)
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
print(*struct.unpack('>II', data[16:24]))" "$1"; }

# One case: FILE is the report, EXPECT_ROWS the assertions, MATRIX 1 when
# the page must hold a segment matrix, CELLS its cells.
check_page() {
  local name=$1 file=$2 rows=$3 matrix=$4 cells=${5:-0}
  [ -s "$file" ] || { fail "$name: no report written"; return; }
  # Self-contained: no stylesheet, script, image or frame from elsewhere.
  if grep -Eo '(src|href)="[a-z]+:[^"]*"|<link |@import|url\(' "$file" | grep -v '^href="#' > "$dir/refs"; then
    fail "$name: the page references outside resources: $(head -3 "$dir/refs")"
  fi
  chrome --dump-dom "file://$file" > "$dir/dom.html" || fail "$name: Chromium could not load the page"
  grep -q "<title>segproof segmentation report: $rows assertions, [0-9]* drawings, $cells matrix cells</title>" "$dir/dom.html" ||
    fail "$name: the page's script did not report $rows assertions and $cells matrix cells: $(grep -o '<title>[^<]*</title>' "$dir/dom.html" | head -1)"
  grep -q "data-rendered=\"$rows\"" "$dir/dom.html" || fail "$name: body has no data-rendered=\"$rows\""
  [ "$(grep -o 'class="verdict-row"' "$dir/dom.html" | wc -l)" = "$rows" ] ||
    fail "$name: the verdict table has not $rows rows"
  if [ "$matrix" = 1 ]; then
    grep -q '<table class="matrix">' "$dir/dom.html" || fail "$name: no segment matrix"
  fi
  if [ "$matrix" = 1 ] && [ "$rows" != 0 ]; then
    grep -q '<section id="compliance">' "$dir/dom.html" || fail "$name: no compliance section"
    grep -q '<h3 id="suppressions">' "$dir/dom.html" || fail "$name: no suppressions section"
  fi
  chrome --screenshot="$dir/$name.png" --window-size=1280,2000 "file://$file" > /dev/null ||
    fail "$name: no screenshot"
  size=$(png_size "$dir/$name.png" 2>&1) || { fail "$name: screenshot: $size"; return; }
  [ "$size" = "1280 2000" ] || fail "$name: screenshot is $size, expected 1280 2000"
  # A blank page compresses to almost nothing; a rendered report does not.
  [ "$(stat -c %s "$dir/$name.png")" -gt 40000 ] ||
    fail "$name: the screenshot is nearly empty ($(stat -c %s "$dir/$name.png") bytes)"
}

"$segproof" report examples/three-tier -q examples/three-tier/queries.yaml --no-config --jobs 2 \
  -o "$dir/report.html" 2> "$dir/err"
code=$?
[ "$code" = 1 ] || fail "report: exit code $code, expected 1 (a violated assertion): $(cat "$dir/err")"
"$segproof" check examples/three-tier -q examples/three-tier/queries.yaml --jobs 2 --format json \
  -o "$dir/check.json" 2> /dev/null
rows=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['results']))" "$dir/check.json")
"$segproof" matrix examples/three-tier -q examples/three-tier/queries.yaml --jobs 2 --format json,html \
  -o "$dir/matrix/" 2> /dev/null
cells=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['cells']))" "$dir/matrix/matrix.json")
check_page report "$dir/report.html" "$rows" 1 "$cells"
check_page matrix-html "$dir/matrix/matrix.html" 0 1 "$cells"

"$segproof" check examples/pci-cde --jobs 2 --format html,json -o "$dir/pci/" 2> /dev/null
rows=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['results']))" "$dir/pci/check.json")
check_page check-html "$dir/pci/check.html" "$rows" 0

[ "$status" = 0 ] && echo "ok"
exit $status
