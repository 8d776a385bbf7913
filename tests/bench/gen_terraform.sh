#!/bin/sh
# gen_terraform.sh: the generator's Terraform writer describes the same
# network as its YAML. Generates a small enterprise network both ways
# (segproof_gen --shape enterprise --scale 0.02: 400 interfaces, 3 VPCs),
# runs `segproof check --format json` on each, and requires the same
# assertions with the same verdicts and flow counts, and a pack that has
# real work (some assertion violated, some holding).
#
#   gen_terraform.sh SEGPROOF_GEN SEGPROOF WORKDIR [SCALE]
#
# Exit 0: equal; 1: different or a step failed; 77: a binary is missing
# (ctest SKIP_RETURN_CODE).
set -u
gen=$1
segproof=$2
work=$3
scale=${4:-0.02}

for binary in "$gen" "$segproof"; do
  if [ ! -x "$binary" ]; then
    echo "SKIP: $binary is missing"
    exit 77
  fi
done
if ! command -v python3 > /dev/null; then
  echo "SKIP: python3 is missing"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work" || exit 1
"$gen" --shape enterprise --scale "$scale" -o "$work/network.yaml" || exit 1
"$gen" --shape enterprise --scale "$scale" --format terraform -o "$work/terraform" || exit 1
for f in network.tf security.tf acls.tf compute.tf; do
  [ -s "$work/terraform/$f" ] || { echo "FAIL: $work/terraform/$f was not written"; exit 1; }
done

# check exits 1 when an assertion is violated: expected here. 2 and 4 are
# failures (bad input, internal error).
run_check() {
  "$segproof" check --format json "$1" > "$2" 2> "$2.stderr"
  status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ] && [ "$status" -ne 3 ]; then
    echo "FAIL: segproof check $1 exited with $status"
    cat "$2.stderr"
    exit 1
  fi
}
run_check "$work/network.yaml" "$work/yaml.json"
run_check "$work/terraform" "$work/terraform.json"

python3 - "$work/yaml.json" "$work/terraform.json" <<'PY'
import json
import sys

def results(path):
    with open(path) as f:
        report = json.load(f)
    return [(r["id"], r["verdict"], r["flows"]) for r in report["results"]]

yaml, terraform = results(sys.argv[1]), results(sys.argv[2])
print("%-36s %-22s %-22s" % ("assertion", "YAML verdict (flows)", "Terraform verdict (flows)"))
for (i, v, f), (j, w, g) in zip(yaml, terraform):
    print("%-36s %-22s %-22s" % (i, "%s (%d)" % (v, f), "%s (%d)" % (w, g)))
if yaml != terraform:
    print("FAIL: the YAML and the Terraform source give different results")
    sys.exit(1)
verdicts = {v for _, v, _ in yaml}
if "violated" not in verdicts or "holds" not in verdicts:
    print("FAIL: expected both violated and holding assertions, got %s" % sorted(verdicts))
    sys.exit(1)
print("OK: %d assertions, identical verdicts and flow counts" % len(yaml))
PY
