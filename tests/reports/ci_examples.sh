#!/usr/bin/env bash
# The CI examples of docs/ci.md, run, so they cannot rot:
#  1. every ```yaml block parses as YAML (python3-yaml);
#  2. every `segproof ...` command line in those blocks (a `run:` script line,
#     a GitLab `script:` item, a pre-commit `entry:`; `\` continuations
#     joined, a trailing `|| ...` or redirection cut off) is run with the
#     built binary, the Terraform folder `infra/` replaced by
#     examples/terraform-webapp and the output folder `reports/` by a
#     temporary folder (one per block). Its exit code must be one that
#     docs/output.md documents for that command as a result (2, a usage or
#     input error, and 4, an internal error, fail the test);
#  3. every `reports/...` path a block names (the SARIF it uploads, the
#     JUnit report, the artifacts) exists after the block's commands ran;
#  4. GitHub workflows: each upload-sarif step runs after a failed step
#     (`!cancelled()`, `always()` or `failure()` in its `if`), the uploads
#     have distinct categories, and `security-events: write` is granted;
#     GitLab jobs with a JUnit report keep their artifacts `when: always`.
# Usage: ci_examples.sh SEGPROOF DOCS_CI_MD  (from the repository root)
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 SEGPROOF DOCS_CI_MD" >&2
  exit 2
fi
if ! python3 -c "import yaml" 2> /dev/null; then
  echo "FAIL: python3 with yaml is needed (Debian: python3-yaml; scripts/install-deps.sh installs it)"
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$1" "$2" "$dir" <<'PY'
import os, re, shlex, subprocess, sys
import yaml

segproof, ci_md, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
INFRA, EXAMPLE, REPORTS = "infra/", "examples/terraform-webapp/", "reports/"
failures = []

def fail(message):
    print("FAIL: " + message)
    failures.append(message)

# The exit codes docs/output.md documents per command: the cells of its
# exit-code table that are not "—".
def documented_codes(output_md):
    codes, commands = {}, None
    for line in open(output_md, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if commands is None:
            if line.startswith("| code |"):
                commands = [c.strip("`") for c in cells[1:]]
            continue
        if not line.startswith("|"):
            break
        if not cells[0].isdigit():
            continue
        for command, cell in zip(commands, cells[1:]):
            if cell and cell != "—":
                codes.setdefault(command, set()).add(int(cells[0]))
    return codes

output_md = os.path.join(os.path.dirname(ci_md), "output.md")
documented = documented_codes(output_md)
if not documented:
    fail(f"no exit-code table found in {output_md}")

def yaml_blocks(path):
    blocks, current, start = [], None, 0
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if current is None and line.rstrip() == "```yaml":
            current, start = [], number + 1
        elif current is not None and line.rstrip() == "```":
            blocks.append((start, "".join(current)))
            current = None
        elif current is not None:
            current.append(line)
    return blocks

# Every string of the document with the key it is under; step and hook
# names are labels, not commands.
def strings(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)
    elif isinstance(node, str) and key not in ("name", "description"):
        yield node

def command_lines(document):
    for text in strings(document):
        for line in re.sub(r"\\\n\s*", " ", text).splitlines():
            line = line.strip()
            if line.startswith("segproof "):
                yield line

# The words of a command line, up to the first shell operator (`||`, `&&`,
# `;`, `|`, a redirection).
def words(line):
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    result = []
    for token in lexer:
        if set(token) <= set("();<>|&"):
            if token[0] in "<>" and result and result[-1].isdigit():
                result.pop()
            break
        result.append(token)
    return result

def substitute(word, out):
    head, sep, value = word.partition("=") if word.startswith("--") else ("", "", word)
    if value == INFRA.rstrip("/") or value.startswith(INFRA):
        value = EXAMPLE.rstrip("/") + value[len(INFRA) - 1:]
    elif value.startswith(REPORTS):
        value = os.path.join(out, value)
    return head + sep + value

def check_github(document, where):
    steps = [s for job in (document.get("jobs") or {}).values() for s in job.get("steps", [])]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
    if not uploads:
        return
    categories = [str((s.get("with") or {}).get("category")) for s in uploads]
    if len(set(categories)) != len(categories):
        fail(f"{where}: upload-sarif categories are not distinct: {categories}")
    for s in uploads:
        condition = str(s.get("if", ""))
        if not any(f in condition for f in ("!cancelled()", "always()", "failure()")):
            fail(f"{where}: the upload of {(s.get('with') or {}).get('sarif_file')} does not run after a failed step")
    granted = [document.get("permissions") or {}] + [j.get("permissions") or {}
                                                     for j in document["jobs"].values()]
    if not any(isinstance(p, dict) and p.get("security-events") == "write" for p in granted):
        fail(f"{where}: no `security-events: write` permission for upload-sarif")

def check_gitlab(document, where):
    for name, job in document.items():
        artifacts = job.get("artifacts") if isinstance(job, dict) else None
        if isinstance(artifacts, dict) and "junit" in (artifacts.get("reports") or {}):
            if artifacts.get("when") != "always":
                fail(f"{where}: job {name} keeps its JUnit report only when it succeeds (artifacts:when)")

blocks = yaml_blocks(ci_md)
if not blocks:
    fail(f"{ci_md}: no ```yaml blocks")
run = 0
for index, (line, text) in enumerate(blocks, 1):
    where = f"{ci_md}:{line}"
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        fail(f"{where}: not YAML: {error}")
        continue
    print(f"{where}: parses as YAML")
    if isinstance(document, dict):
        check_github(document, where)
        check_gitlab(document, where)
    out = os.path.join(tmp, f"block{index}")
    os.makedirs(out)
    commands = list(command_lines(document))
    if not commands:
        fail(f"{where}: no segproof command")
    for command in commands:
        argv = [substitute(w, out) for w in words(command)]
        if any("$" in w or "`" in w for w in argv):
            fail(f"{where}: `{command}` uses a shell variable the test cannot give")
            continue
        subcommand = argv[1] if len(argv) > 1 else ""
        allowed = documented.get(subcommand, set()) - {2, 4}
        result = subprocess.run([segproof] + argv[1:], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        run += 1
        print(f"  ran: {' '.join(shlex.quote(w) for w in [segproof] + argv[1:])}  -> exit {result.returncode}")
        if result.returncode not in allowed:
            fail(f"{where}: `{command}` exited {result.returncode}, documented results of "
                 f"`{subcommand}` are {sorted(allowed)}: {result.stderr.strip()}")
    for path in sorted(set(re.findall(r"(?<![\w./-])" + re.escape(REPORTS) + r"[\w./-]*", text))):
        target = os.path.join(out, path)
        exists = os.path.isdir(target) if path.endswith("/") else os.path.exists(target)
        print(f"  {'found' if exists else 'MISSING'}: {path}")
        if not exists:
            fail(f"{where}: the example names {path}, which its commands did not write")

print(f"{len(blocks)} YAML blocks, {run} segproof commands run, {len(failures)} failures")
sys.exit(1 if failures or run == 0 else 0)
PY
