#!/usr/bin/env bash
# The traversal commands' whole output on the sample vault, text and JSON, against the files
# in tests/golden/cli/ (stdout, then the exit code). `golden.sh KG SOURCE --update` rewrites
# them; review the diff before committing.
set -uo pipefail
kg="$1"
source_dir="$2"
update="${3:-}"
dir="$source_dir/tests/golden/cli"
notes="$source_dir/notes"
failures=0
check() {  # name args...
  local name="$1"
  shift
  local out
  out="$("$kg" --vault "$notes" --quiet "$@" 2>/dev/null; echo "exit $?")"
  if [[ "$update" == "--update" ]]; then
    printf '%s\n' "$out" >"$dir/$name"
  elif ! diff -u "$dir/$name" <(printf '%s\n' "$out") >&2; then
    echo "FAIL: kg $* differs from tests/golden/cli/$name" >&2
    failures=$((failures + 1))
  fi
}
controls='US export controls on advanced AI chips'
check neighbors.txt neighbors "$controls" --depth 2 --type company --relation subject_to --relation competitor
check neighbors.json neighbors "$controls" --depth 2 --type company --relation subject_to --relation competitor --json
check neighbors-as-of.txt neighbors 'Goldman Sachs' --relation rates --direction out --as-of 2025-06
check path.txt path Qwen RISC-V
check path.json path Qwen RISC-V --json
check path-in.txt path 'NVIDIA B200' Qwen --direction in
check path-all.txt path DeepSeek "$controls" --all
check path-k.txt path Qwen RISC-V --k 3
check path-max-length.json path Qwen RISC-V --max-length 3 --json
check path-none.txt path 'Eddie Wu' 'NVIDIA B200' --direction in --relation ceo_of
check path-none.json path 'Eddie Wu' 'NVIDIA B200' --direction in --relation ceo_of --json
check rank.txt rank --top 10
check rank-betweenness.txt rank --by betweenness --type company --top 5
check rank-degree.json rank --by in-degree --top 5 --json
check components.txt components --no-ghosts
check components.json components --no-ghosts --json
check components-strong.json components --strong --relation competitor --json
check orphans.json orphans --relation subject_to --type company --json
check orphans-sources.txt orphans --sources --relation subject_to --no-implied
check related.txt related DeepSeek
check related.json related DeepSeek --json
check path.dot path Qwen RISC-V --format dot
check neighbors.dot neighbors 'Goldman Sachs' --depth 1 --format dot
check path.mermaid path Qwen RISC-V --format mermaid
check export.mermaid export --format mermaid
check landscape.dot export --view landscape --format dot
check focus.mermaid export --format mermaid --focus DeepSeek --depth 1
# The README's picture of the sample vault (the `landscape` view in notes/kg.yaml), drawn
# from where it lies so its links to the notes resolve: a change to the notes, the view or
# the diagram writer that leaves it stale fails here until --update redraws it (compared
# element by element: Graphviz's cluster order follows the allocator).
picture="$source_dir/tests/golden/readme/landscape.svg"
mkdir -p "$(dirname "$picture")"
drawn="$(cd "$(dirname "$picture")" && "$kg" --vault ../../../notes --quiet export --view landscape)"
if [[ "$update" == "--update" ]]; then
  printf '%s\n' "$drawn" >"$picture"
elif ! /usr/bin/python3 "$source_dir/tests/support/svg_same.py" "$picture" <(printf '%s\n' "$drawn"); then
  echo "FAIL: the README's picture tests/golden/readme/landscape.svg is stale (golden.sh KG SOURCE --update redraws it)" >&2
  failures=$((failures + 1))
fi
# Graphviz reads every diagram (skipped where its dot is not installed).
if command -v dot >/dev/null 2>&1 && [[ "$update" != "--update" ]]; then
  for diagram in "path Qwen RISC-V --format dot" "neighbors DeepSeek --depth 2 --format dot"; do
    # shellcheck disable=SC2086  # words by design
    if ! "$kg" --vault "$notes" --quiet $diagram | dot -Tsvg -o /dev/null; then
      echo "FAIL: dot -Tsvg rejects kg $diagram" >&2
      failures=$((failures + 1))
    fi
  done
  if ! "$kg" --vault "$notes" --quiet export --format dot | dot -Tsvg -o /dev/null; then
    echo "FAIL: dot -Tsvg rejects kg export --format dot" >&2
    failures=$((failures + 1))
  fi
fi
if ((failures)); then
  echo "cli golden: $failures differ" >&2
  exit 1
fi
echo "cli golden: ok"
