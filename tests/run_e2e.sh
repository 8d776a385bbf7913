#!/usr/bin/env bash
# Runs one end-to-end case: tests/e2e/<case>/cmd holds the segproof arguments
# (one line, paths relative to the repository root); the case passes when the
# exit code equals `exit_code` and standard output and standard error equal
# `expected_stdout` and `expected_stderr` (timings masked as "T").
# Set UPDATE=1 to rewrite the expected files from the current output.
set -u
binary=$1
case_dir=$2
read -r -a args < "$case_dir/cmd"
actual_out=$(mktemp)
actual_err=$(mktemp)
trap 'rm -f "$actual_out" "$actual_err"' EXIT
"$binary" "${args[@]}" > "$actual_out" 2> "$actual_err"
code=$?
mask() { sed -E 's/(checked in |"seconds": |time=")[0-9.e+-]+/\1T/g'; }
mask < "$actual_out" > "$actual_out.m" && mv "$actual_out.m" "$actual_out"
if [ "${UPDATE:-0}" = 1 ]; then
  cp "$actual_out" "$case_dir/expected_stdout"
  cp "$actual_err" "$case_dir/expected_stderr"
  echo "$code" > "$case_dir/exit_code"
  exit 0
fi
status=0
expected_code=$(cat "$case_dir/exit_code")
if [ "$code" != "$expected_code" ]; then
  echo "exit code $code, expected $expected_code"
  status=1
fi
if ! diff -u "$case_dir/expected_stdout" "$actual_out"; then status=1; fi
if ! diff -u "$case_dir/expected_stderr" "$actual_err"; then status=1; fi
exit $status
