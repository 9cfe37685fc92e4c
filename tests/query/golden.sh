#!/usr/bin/env bash
# kg query's golden cases: each tests/golden/query/NAME.case is a vault (relative to the source
# tree), extra arguments and a query; NAME.out is what kg prints (stdout, stderr after a
# `--- stderr` line, then the exit code). `golden.sh KG SOURCE --update` rewrites the .out
# files; review the diff before committing.
#
# A case file:
#   vault: notes
#   args: --json --param name=Alibaba
#   ---
#   MATCH (c {title: $name}) RETURN c.title
set -uo pipefail
kg="$1"
source_dir="$2"
update="${3:-}"
dir="$source_dir/tests/golden/query"
failures=0
err="$(mktemp)"
trap 'rm -f "$err"' EXIT
count=0
for case in "$dir"/*.case; do
  name="$(basename "$case" .case)"
  vault="$(sed -n 's/^vault: //p' "$case" | head -1)"
  args="$(sed -n 's/^args: //p' "$case" | head -1)"
  query="$(sed '1,/^---$/d' "$case")"
  # shellcheck disable=SC2086  # args are words by design
  out="$(cd "$source_dir" && { "$kg" --vault "$vault" query $args "$query" 2>"$err"; echo "exit $?"; })"
  out="$(printf '%s\n--- stderr\n%s' "$out" "$(cat "$err")")"
  rm -f "$err"
  count=$((count + 1))
  if [[ "$update" == "--update" ]]; then
    printf '%s\n' "$out" >"$dir/$name.out"
  elif ! diff -u "$dir/$name.out" <(printf '%s\n' "$out") >&2; then
    echo "FAIL: query case $name differs from tests/golden/query/$name.out" >&2
    failures=$((failures + 1))
  fi
done
# Graphviz reads the diagrams of query answers (skipped where its dot is not installed).
if command -v dot >/dev/null 2>&1 && [[ "$update" != "--update" ]]; then
  for case in "$dir"/*.case; do
    grep -q '^args: .*--format dot' "$case" || continue
    if ! sed -n '/^digraph/,/^}$/p' "${case%.case}.out" | dot -Tsvg -o /dev/null; then
      echo "FAIL: dot -Tsvg rejects the diagram of $(basename "$case")" >&2
      failures=$((failures + 1))
    fi
  done
fi
if ((failures)); then
  echo "query golden: $failures of $count differ" >&2
  exit 1
fi
echo "query golden: $count cases ok"
