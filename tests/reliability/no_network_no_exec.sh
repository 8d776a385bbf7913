#!/usr/bin/env bash
# "segproof never touches the network and never executes anything", checked
# on the built executable: none of its own undefined dynamic symbols is a
# socket, name-lookup, process-creation or exec function. Only the segproof
# executable is checked; the shared libraries it loads (libz3, libtbb,
# libyaml-cpp, libstdc++) are separate objects with their own imports
# (docs/reliability.md, "Output and side effects").
set -euo pipefail
binary=$1
forbidden='socket|socketpair|connect|bind|listen|accept|accept4|getaddrinfo|gethostbyname|gethostbyname_r|gethostbyaddr|getnameinfo|execve|execv|execvp|execvpe|execl|execlp|execle|fexecve|system|popen|fork|vfork|clone|posix_spawn|posix_spawnp'
imports=$(nm -D --undefined-only "$binary" | awk '{print $NF}' | sed 's/@.*//')
if [ -z "$imports" ]; then
  echo "no dynamic imports read from $binary (is it a dynamic executable?)"
  exit 1
fi
found=$(grep -xE "$forbidden" <<< "$imports" || true)
if [ -n "$found" ]; then
  echo "$binary imports functions it must never call:"
  echo "$found"
  exit 1
fi
echo "$(wc -l <<< "$imports") imports, none of: ${forbidden//|/ }"
