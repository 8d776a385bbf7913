#!/usr/bin/env bash
# The examples of docs/distributed.md stay in step with the CLI: every YAML
# block parses (python3-yaml); the shell lines of the Kubernetes shard pod
# and of the GitLab shard and merge jobs run, with the variables those
# systems set, on examples/terraform-webapp as infra/ with its queries as
# segmentation.yaml; and the merged report equals one run's text report.
# It runs neither Kubernetes, GitLab nor GitHub.
#
# usage: docs_examples.sh SEGPROOF DOCS/distributed.md   (from the repository root)
set -u
segproof=$(realpath "$1")
doc=$(realpath "$2")
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# Writes the YAML blocks' documents as JSON, one file per block.
python3 - "$doc" "$work" <<'EOF' || fail "a YAML block of docs/distributed.md does not parse"
import json, re, sys, yaml
text = open(sys.argv[1]).read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
assert len(blocks) == 3, f"expected 3 YAML blocks, found {len(blocks)}"
for i, block in enumerate(blocks):
    docs = list(yaml.safe_load_all(block))
    with open(f"{sys.argv[2]}/block{i}.json", "w") as f:
        json.dump(docs, f)
EOF

# The shard pod's script (Kubernetes) and the GitLab jobs' script lines.
python3 - "$work" <<'EOF' || fail "the examples are not where this test expects them"
import json, sys
work = sys.argv[1]
k8s = json.load(open(f"{work}/block0.json"))
shard = k8s[0]["spec"]["template"]["spec"]["containers"][0]["args"][0]
merge = k8s[1]["spec"]["template"]["spec"]["containers"][0]["args"][0]
open(f"{work}/k8s_shard.sh", "w").write(shard.replace("/work/", f"{work}/run/"))
open(f"{work}/k8s_merge.sh", "w").write(merge.replace("/work/", f"{work}/run/"))
gitlab = json.load(open(f"{work}/block2.json"))[0]
open(f"{work}/gitlab_shard.sh", "w").write("\n".join(gitlab["segproof-shard"]["script"]) + "\n")
open(f"{work}/gitlab_merge.sh", "w").write("\n".join(gitlab["segproof-merge"]["script"]) + "\n")
assert gitlab["segproof-shard"]["parallel"] == 4
EOF

setup() {
  rm -rf "$work/run" && mkdir -p "$work/run/checkout" && cd "$work/run/checkout" || exit 1
  cp -r "$root/examples/terraform-webapp" infra
  cp infra/queries.yaml segmentation.yaml
}
export PATH="$(dirname "$segproof"):$PATH"

setup
"$segproof" check infra/ -q segmentation.yaml --quiet > one.txt
expected=$?
for index in 0 1 2 3; do
  JOB_COMPLETION_INDEX=$index sh "$work/k8s_shard.sh" || fail "Kubernetes shard $index exited $?"
done
sh "$work/k8s_merge.sh" > merged.txt
code=$?
[ "$code" = "$expected" ] || fail "the Kubernetes merge exited $code, one run $expected"
mask() { sed -E 's/\(checked in [0-9.e+-]+ s with [0-9]+ jobs?\)/(checked in T s)/'; }
diff <(mask < one.txt) <(mask < merged.txt) || fail "the Kubernetes merge's text report differs"

setup
for index in 1 2 3 4; do
  CI_NODE_INDEX=$index CI_NODE_TOTAL=4 sh -e "$work/gitlab_shard.sh" || fail "GitLab shard $index failed"
done
sh -e "$work/gitlab_merge.sh"
code=$?
[ "$code" = "$expected" ] || fail "the GitLab merge exited $code, one run $expected"
[ -f reports/check.junit.xml ] || fail "the GitLab merge wrote no JUnit report"

if [ "$failures" -gt 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "ok: docs/distributed.md examples"
