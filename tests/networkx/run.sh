#!/usr/bin/env bash
# kg rank against NetworkX (Debian's python3-networkx, installed by tools/setup.sh) on the
# sample vault, the golden vaults and a generated 1,500-note vault; and kg's GraphML read back.
#   run.sh KG KG_GENVAULT SOURCE_DIR
set -euo pipefail
kg="$1"
genvault="$2"
source_dir="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$genvault" --out "$work/gen" --notes 1500 --seed 3 >/dev/null
/usr/bin/python3 "$source_dir/tests/networkx/agree.py" "$kg" "$source_dir/notes" \
  "$source_dir/tests/golden/vault" "$source_dir/tests/golden/typed" "$work/gen"
# kg's GraphML, read back by NetworkX with kg's counts.
/usr/bin/python3 "$source_dir/tests/networkx/graphml.py" "$kg" "$source_dir/notes" \
  "$source_dir/tests/golden/vault" "$source_dir/tests/golden/typed" "$source_dir/tests/fixtures/query-vault" "$work/gen"
