#!/usr/bin/env bash
# Every include in libkg points down the pipeline (libkg/src/README.md): a file includes its
# own folder and lower layers only, and only the graph layer and above include kg/graph.hpp.
set -euo pipefail
src="$1/libkg/src"
declare -A level=([util]=0 [base]=1 [scan]=2 [parse]=3 [config]=3 [resolve]=4 [graph]=5 [traverse]=6 [query]=7 [io]=8
                  [capi]=9)
failures=0
for dir in "$src"/*/; do
  layer="$(basename "$dir")"
  [[ -n "${level[$layer]+x}" ]] || { echo "FAIL: folder $layer has no level in the layering" >&2; failures=$((failures + 1)); continue; }
  while IFS=: read -r file line include; do
    target="$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"$include")"
    [[ -n "${level[$target]+x}" ]] || continue
    if ((level[$target] > level[$layer])) || { [[ "$target" != "$layer" ]] && ((level[$target] == level[$layer])); }; then
      echo "FAIL: ${file#"$1"/}:$line includes $target/ from $layer/ (level ${level[$target]} > ${level[$layer]})" >&2
      failures=$((failures + 1))
    fi
  done < <(grep -rnE '#include "[a-z_]+/' "$dir" || true)
  if ((level[$layer] < level[graph])); then
    while IFS=: read -r file line _; do
      echo "FAIL: ${file#"$1"/}:$line includes <kg/graph.hpp> below the graph layer" >&2
      failures=$((failures + 1))
    done < <(grep -rn '#include <kg/graph.hpp>' "$dir" || true)
  fi
done
if ((failures)); then
  echo "layering: $failures includes point up the pipeline" >&2
  exit 1
fi
echo "layering: every include points down the pipeline"
