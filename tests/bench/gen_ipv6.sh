#!/bin/sh
# gen_ipv6.sh: segproof_gen --ipv6 writes a dual-stack network that segproof
# reads without error, and adds IPv6 to the IPv4 network without changing it.
#   - The small enterprise network with --ipv6 (--scale 0.01: 200
#     interfaces, 3 VPCs) builds with `segproof model` without error
#     diagnostics, and the built-in pack runs on it (exit 0 or 1).
#   - Without --ipv6 the enterprise network keeps the bytes it had before
#     the option existed (SHA-256; gen_stable.sh does the same for the
#     classic outputs).
#   - With --ipv6 the file is the IPv4 file plus IPv6: removing the VPCs'
#     IPv6 blocks, the subnets' ipv6_cidr, the instances'
#     ipv6_address_count, the egress-only gateways and every rule, entry and
#     route for an IPv6 CIDR gives back the IPv4 file byte for byte.
#   - --ipv6 with --format terraform is refused (exit 2).
#
#   gen_ipv6.sh SEGPROOF_GEN SEGPROOF WORKDIR
#
# Exit 0: all hold; 1: one failed; 77: a binary or sha256sum is missing.
set -u
gen=$1
segproof=$2
work=$3

for binary in "$gen" "$segproof"; do
  if [ ! -x "$binary" ]; then
    echo "SKIP: $binary is missing"
    exit 77
  fi
done
if ! command -v sha256sum > /dev/null; then
  echo "SKIP: sha256sum is missing"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work" || exit 1
failed=0

"$gen" --shape enterprise --scale 0.01 -o "$work/ipv4.yaml" 2> /dev/null || exit 1
"$gen" --shape enterprise --scale 0.01 --ipv6 -o "$work/dual.yaml" 2> /dev/null || exit 1

expected=4beb07362e68a02761f8424ab8258afdb82093d9141f41efbe919dac404714d5
actual=$(sha256sum < "$work/ipv4.yaml" | cut -d' ' -f1)
if [ "$actual" != "$expected" ]; then
  echo "FAIL: segproof_gen --shape enterprise --scale 0.01: sha256 $actual, expected $expected"
  failed=1
fi

if ! grep -q 'egress_only_gateway' "$work/dual.yaml" ||
  ! grep -q 'ipv6_address_count: 1' "$work/dual.yaml"; then
  echo "FAIL: --ipv6 wrote no egress-only routes or no IPv6 addresses"
  failed=1
fi

# The dual-stack file without its IPv6 is the IPv4 file.
sed -e 's/, dual-stack\. Do not edit\./. Do not edit./' \
  -e 's/cidrs: \[\([0-9./]*\), "[0-9a-f:]*\/[0-9]*"\]/cidr: \1/' \
  -e 's/, ipv6_cidr: "[0-9a-f:]*\/[0-9]*"//' \
  -e 's/, ipv6_address_count: 1//' \
  -e '/: "[0-9a-f:]*\/[0-9]*"[,}]/d' \
  -e '/^gateways:$/,/^$/d' \
  "$work/dual.yaml" > "$work/dual-without-ipv6.yaml"
if ! cmp -s "$work/ipv4.yaml" "$work/dual-without-ipv6.yaml"; then
  echo "FAIL: the --ipv6 network without its IPv6 differs from the IPv4 network:"
  diff "$work/ipv4.yaml" "$work/dual-without-ipv6.yaml" | head -20
  failed=1
fi

if ! "$segproof" model "$work/dual.yaml" > "$work/model.txt" 2>&1; then
  echo "FAIL: segproof model on the --ipv6 network failed:"
  head -40 "$work/model.txt"
  failed=1
elif grep -q 'error' "$work/model.txt"; then
  echo "FAIL: segproof model on the --ipv6 network reported errors:"
  grep 'error' "$work/model.txt" | head -20
  failed=1
fi

# check exits 1 when an assertion is violated: expected here.
"$segproof" check --jobs 2 "$work/dual.yaml" > "$work/check.txt" 2>&1
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "FAIL: segproof check on the --ipv6 network exited with $status:"
  head -40 "$work/check.txt"
  failed=1
fi

"$gen" --shape enterprise --scale 0.01 --ipv6 --format terraform -o "$work/terraform" \
  > /dev/null 2>&1
status=$?
if [ "$status" -ne 2 ] || [ -e "$work/terraform" ]; then
  echo "FAIL: --ipv6 --format terraform was not refused (exit $status)"
  failed=1
fi
[ "$failed" -eq 0 ] && echo "OK"
exit "$failed"
