#!/usr/bin/env bash
# Runs every test file with node's test runner. Node 20 does not expand globs and silently runs
# nothing for a directory, so the list is built here and an empty list is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find test -name '*.test.ts' | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no test files found under test/" >&2
  exit 1
fi
exec node --import tsx --test --test-concurrency=1 "$@" "${files[@]}"
