#!/usr/bin/env bash
# Installs the Debian 12 packages segproof needs to build and test.
# Idempotent: installs only what is missing. Must run as root (uses apt-get).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libz3-dev libboost-graph-dev libyaml-cpp-dev nlohmann-json3-dev libtbb-dev
  libcli11-dev catch2 librapidcheck-dev libpugixml-dev
  python3-yaml  # the report tests: python3, and YAML for the docs/ci.md examples
  chromium      # the HTML report is checked in a real browser (tests/reports/html_browser.sh)
)

# `install-deps.sh fuzz` (make fuzz): also clang with the libFuzzer and
# sanitizer runtimes. A plain build and `make test` do not need clang.
fuzz_packages=(clang libclang-rt-14-dev)
if [ "${1:-}" = "fuzz" ]; then
  packages+=("${fuzz_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root to install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
