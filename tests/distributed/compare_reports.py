#!/usr/bin/env python3
"""Compares a merged check report with one run's (tests/distributed/shards_merge.sh).

usage: compare_reports.py ONE_RUN.json MERGED.json

Equal but for the timing and the job count, and for the work stats `paths`
and `solver_calls`, which may only be greater in the merged report: each
shard looks for up to --max-witnesses witnesses per assertion, and merge
keeps the first ones (docs/distributed.md, "What differs"). Exit 0 when
they agree; else prints the differences and exits 1.
"""
import difflib
import json
import sys


def load(path):
    with open(path) as f:
        doc = json.load(f)
    doc["summary"].pop("seconds")
    doc["summary"].pop("jobs")
    work = []
    for result in doc["results"]:
        stats = result["stats"]
        work.append((result["id"], stats.pop("paths"), stats.pop("solver_calls")))
    return doc, work


def main():
    single, single_work = load(sys.argv[1])
    merged, merged_work = load(sys.argv[2])
    ok = True
    if single != merged:
        ok = False
        a = json.dumps(single, indent=1).splitlines()
        b = json.dumps(merged, indent=1).splitlines()
        diff = difflib.unified_diff(a, b, "one run", "merged", lineterm="")
        print("\n".join(list(diff)[:60]))
    for (name, paths, calls), (_, merged_paths, merged_calls) in zip(single_work, merged_work):
        if merged_paths < paths or merged_calls < calls:
            ok = False
            print(f"{name}: merged {merged_paths} paths, {merged_calls} solver calls; "
                  f"one run {paths}, {calls}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
