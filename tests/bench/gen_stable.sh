#!/bin/sh
# gen_stable.sh: segproof_gen keeps its promises.
#   - The classic options write the bytes they always wrote (docs and
#     recorded results cite these networks): SHA-256 of three outputs,
#     recorded before the enterprise shape was added.
#   - The same arguments write the same bytes (YAML and Terraform).
#   - --shape enterprise at scale 1 has exactly the sizes of issue 8, and
#     scale 0.5 half of them.
#
#   gen_stable.sh SEGPROOF_GEN WORKDIR
#
# Exit 0: all hold; 1: one failed; 77: the binary or sha256sum is missing.
set -u
gen=$1
work=$2
if [ ! -x "$gen" ]; then
  echo "SKIP: $gen is missing"
  exit 77
fi
if ! command -v sha256sum > /dev/null; then
  echo "SKIP: sha256sum is missing"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work" || exit 1
failed=0

expect_hash() {
  expected=$1
  shift
  actual=$("$gen" "$@" 2> /dev/null | sha256sum | cut -d' ' -f1)
  if [ "$actual" != "$expected" ]; then
    echo "FAIL: segproof_gen $*: sha256 $actual, expected $expected"
    failed=1
  fi
}
expect_hash 56c8669adb023c9d19702946ddc64ed9e5c8209662e8fb2768d802753b37ffdf --interfaces 200
expect_hash d1bac843783a6443ed07ab97042c3162543710a870ae65f4c3ed7439ce184507 --interfaces 1500 --seed 3
expect_hash 9b8073f160e94478805598b2f2d623f742cdcf3e244dcd694b8409a3fc28bf3a --interfaces 20000 \
  --vpcs 50 --subnets-per-vpc 20 --groups-per-vpc 100 --rules-per-group 10 --acl-rules 10

expect_counts() {
  expected=$1
  shift
  actual=$("$gen" "$@" -o "$work/counts.yaml" 2>&1)
  if [ "$actual" != "$expected" ]; then
    echo "FAIL: segproof_gen $*:"
    echo "  got      $actual"
    echo "  expected $expected"
    failed=1
  fi
}
expect_counts "segproof_gen: 20000 interfaces (19884 instances, 58 databases), 50 VPCs, 1000 subnets, 5000 security groups (50000 rules), 1000 network ACLs (20000 rules), 99 peerings, 100 route tables" \
  --shape enterprise
expect_counts "segproof_gen: 10000 interfaces (9940 instances, 30 databases), 25 VPCs, 500 subnets, 2500 security groups (25000 rules), 500 network ACLs (10000 rules), 49 peerings, 50 route tables" \
  --shape enterprise --scale 0.5

for format in yaml terraform; do
  for run in 1 2; do
    "$gen" --shape enterprise --scale 0.05 --seed 7 --format "$format" -o "$work/$format-$run" \
      2> /dev/null || { echo "FAIL: segproof_gen --format $format failed"; failed=1; }
  done
  if ! diff -r "$work/$format-1" "$work/$format-2" > /dev/null; then
    echo "FAIL: two runs of --format $format with the same arguments differ"
    failed=1
  fi
done
[ "$failed" -eq 0 ] && echo "OK"
exit "$failed"
