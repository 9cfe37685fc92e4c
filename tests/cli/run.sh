#!/usr/bin/env bash
# The CLI contract of DESIGN section 6: outputs and exit codes (0 ok, 1 problems, 2 usage).
set -uo pipefail
kg="$1"
source_dir="$2"
golden="$source_dir/tests/golden/vault"
notes="$source_dir/notes"
failures=0
expect_exit() {  # expected-code description command...
  local want="$1" what="$2"
  shift 2
  "$@" >/tmp/kg-cli-out.$$ 2>/tmp/kg-cli-err.$$
  local got=$?
  if [[ "$got" != "$want" ]]; then
    echo "FAIL: $what: exit $got, expected $want" >&2
    cat /tmp/kg-cli-err.$$ >&2
    failures=$((failures + 1))
  fi
}
expect_out() {  # pattern description
  if ! grep -qE -- "$1" /tmp/kg-cli-out.$$; then
    echo "FAIL: $2: output lacks /$1/" >&2
    head -20 /tmp/kg-cli-out.$$ >&2
    failures=$((failures + 1))
  fi
}
expect_err() {
  if ! grep -qE -- "$1" /tmp/kg-cli-err.$$; then
    echo "FAIL: $2: stderr lacks /$1/" >&2
    failures=$((failures + 1))
  fi
}

expect_exit 0 "version" "$kg" --version
expect_out '^kg [0-9]+\.[0-9]+\.[0-9]+$' "version"
expect_exit 0 "help" "$kg" --help
expect_out 'Usage: kg' "help"
for c in stats check resolve links backlinks neighbors path rank components orphans related query export; do
  expect_exit 0 "$c --help" "$kg" "$c" --help
  expect_out "^(Example: kg|Examples:$)" "$c --help"
done
expect_exit 2 "no command" "$kg"
expect_exit 2 "unknown command" "$kg" frobnicate
expect_err 'unknown command' "unknown command"
expect_exit 2 "unknown flag" "$kg" stats --frob
expect_exit 2 "missing vault" "$kg" --vault /nonexistent/kg stats
expect_err 'vault not found' "missing vault"

expect_exit 0 "stats" "$kg" --vault "$golden" stats
expect_out '^notes +5$' "stats notes"
expect_out '^ghosts +' "stats ghosts"
expect_exit 0 "stats --json" "$kg" --vault "$golden" stats --json
expect_out '"notes": 5' "stats json"

expect_exit 0 "check reports warnings and infos, exit 0 without --strict" "$kg" --vault "$golden" check
expect_out '^models/Widget 2\.md:10:10: info: link-above-root: ' "check format"
expect_exit 1 "check --strict" "$kg" --vault "$golden" check --strict --quiet
expect_exit 0 "sample vault is clean" "$kg" --vault "$notes" check --strict

# Traversals on the sample vault: paths hop by hop with provenance, ego graphs with depths.
expect_exit 0 "path" "$kg" --vault "$notes" path Qwen 'NVIDIA B200' --direction out
expect_out '^Qwen -operated_by-> Alibaba Cloud \(models/Qwen\.md:8, 2 statements\)$' "path first hop"
expect_out '^NVIDIA H200 -predecessor_of-> NVIDIA B200 \(chips/NVIDIA H200\.md:9, 2 statements\)$' "path last hop"
expect_err '^1 shortest path of 3 hops$' "path summary"
expect_exit 0 "path --all" "$kg" --vault "$notes" path DeepSeek 'US export controls on advanced AI chips' --all
expect_out '^path 2 of 2 \(2 hops\)$' "path --all lists both"
expect_out '^China -subject_to-> US export controls on advanced AI chips ' "path --all second path"
expect_exit 0 "path --direction in" "$kg" --vault "$notes" path 'NVIDIA B200' Qwen --direction in
expect_out '^NVIDIA B200 <-predecessor_of- NVIDIA H200 \(chips/NVIDIA H200\.md:9, 2 statements\)$' "path against its relationships"
expect_exit 0 "path --json" "$kg" --vault "$notes" path DeepSeek Alibaba --json
expect_out '"relation": "competitor"' "path json relation"
expect_out '"origin": "frontmatter"' "path json provenance"
expect_exit 1 "no path" "$kg" --vault "$notes" path 'Eddie Wu' 'NVIDIA B200' --direction in --relation ceo_of
expect_err '^no path from people/Eddie Wu\.md to chips/NVIDIA B200\.md' "no path message"
expect_exit 1 "no path json" "$kg" --vault "$notes" path 'Eddie Wu' 'NVIDIA B200' --direction in --relation ceo_of --json
expect_out '"paths": \[\]' "no path json"
expect_exit 2 "bad direction" "$kg" --vault "$notes" path Qwen Alibaba --direction sideways
expect_exit 2 "bad as-of" "$kg" --vault "$notes" path Qwen Alibaba --as-of 'last year'
expect_exit 0 "neighbors" "$kg" --vault "$notes" neighbors 'US export controls on advanced AI chips'
expect_out '^0 +controls/US export controls on advanced AI chips\.md +export_control$' "neighbors start"
expect_out '^1 +chips/NVIDIA H200\.md +chip$' "neighbors depth 1"
expect_out '^NVIDIA H200 -subject_to-> US export controls on advanced AI chips \(chips/NVIDIA H200\.md:8, 4 statements\)$' "neighbors relationship"
expect_exit 0 "neighbors --json" "$kg" --vault "$notes" neighbors Qwen --depth 2 --type company --json
expect_out '"depth": 2' "neighbors json depth"
expect_out '"complete": true' "neighbors json complete"
expect_exit 0 "neighbors --max-nodes" "$kg" --vault "$notes" neighbors Qwen --depth 3 --max-nodes 4
expect_err 'cut at --max-nodes' "neighbors cut"
expect_exit 0 "path --k" "$kg" --vault "$notes" path Qwen RISC-V --k 3
expect_out '^path 3 of 3 \(4 hops\)$' "path --k ranks three"
expect_out '^T-Head -uses-> RISC-V \(companies/T-Head\.md:8, 3 statements\)$' "path --k hop"
expect_exit 0 "path --max-length" "$kg" --vault "$notes" path Qwen RISC-V --max-length 3 --json
expect_out '"nodes": \[' "path --max-length json"
expect_exit 2 "path --k and --max-length" "$kg" --vault "$notes" path Qwen RISC-V --k 2 --max-length 3
expect_exit 2 "path --k 0" "$kg" --vault "$notes" path Qwen RISC-V --k 0
expect_exit 2 "a traversal flag elsewhere" "$kg" --vault "$notes" stats --depth 2
expect_err '^kg: --depth applies to neighbors and export, not stats$' "a traversal flag elsewhere"
expect_exit 2 "orphans --dead-ends --sources" "$kg" --vault "$notes" orphans --dead-ends --sources
expect_exit 0 "rank" "$kg" --vault "$notes" rank --top 3
expect_out '^1 +0\.[0-9]{6} +companies/Alibaba\.md +company$' "rank pagerank first"
expect_exit 0 "rank --by degree --json" "$kg" --vault "$notes" rank --by degree --top 2 --json
expect_out '"ranking": \[' "rank json"
expect_out '"id": "companies/Alibaba.md"' "rank json first"
expect_exit 2 "rank --by nonsense" "$kg" --vault "$notes" rank --by fame
expect_exit 0 "components" "$kg" --vault "$notes" components --no-ghosts
expect_out '^component 1 \(57 notes\): ' "components one"
expect_exit 0 "components --strong --json" "$kg" --vault "$notes" components --strong --json
expect_out '"components": \[' "components json"
expect_exit 0 "orphans" "$kg" --vault "$notes" orphans --relation subject_to --type company --json
expect_out '"id": "companies/' "orphans by relation and type"
expect_exit 0 "related" "$kg" --vault "$notes" related DeepSeek --top 3
expect_out '^3 +companies/Alibaba Cloud\.md +company$' "related first"
expect_exit 0 "related --json" "$kg" --vault "$notes" related DeepSeek --json
expect_out '"shared": 3' "related json"
# The README's relationship questions, as it shows them.
expect_exit 0 "README path" "$kg" --vault "$notes" path Qwen RISC-V
expect_out '^Alibaba -parent_of-> T-Head \(companies/Alibaba\.md:13, 2 statements\)$' "README path"
expect_exit 0 "README rank" "$kg" --vault "$notes" rank --by betweenness --type company --top 5
expect_out '^1 +0\.706960 +companies/Alibaba\.md +company$' "README rank first"
expect_out '^5 +0\.031136 +companies/Huawei\.md +company$' "README rank fifth"
expect_exit 0 "README neighbors" "$kg" --vault "$notes" neighbors 'US export controls on advanced AI chips' --depth 2 --type company --relation subject_to --relation competitor
expect_err '^13 notes within 2 hops, 28 relationships among them$' "README neighbors summary"
expect_exit 0 "README as-of 2025-06" "$kg" --vault "$notes" neighbors 'Goldman Sachs' --relation rates --direction out --as-of 2025-06
expect_out 'Goldman Sachs\.md:7, 3 statements\)$' "as-of 2025-06 finds the \$163 rating"
if grep -q 'Goldman Sachs\.md:8' /tmp/kg-cli-out.$$; then
  echo "FAIL: as-of 2025-06 shows the rating that starts in 2025-09" >&2
  failures=$((failures + 1))
fi
expect_exit 0 "README as-of 2026" "$kg" --vault "$notes" neighbors 'Goldman Sachs' --relation rates --direction out --as-of 2026
expect_out 'Goldman Sachs\.md:8\)$' "as-of 2026 finds the \$179 rating"
expect_exit 0 "check --json" "$kg" --vault "$golden" check --json
expect_out '"code": "link-above-root"' "check json"

expect_exit 0 "resolve by alias" "$kg" --vault "$golden" resolve '[[ACME Corp]]'
expect_out '-> companies/Acme.md +\(via alias\)' "resolve text"
expect_exit 1 "resolve unresolved" "$kg" --vault "$golden" resolve '[[Nobody]]'
expect_out 'unresolved \(not-found\)' "resolve unresolved"
expect_exit 0 "resolve --from --json" "$kg" --vault "$golden" resolve --from 'chips/Widget 2.md' --json '[[Widget 2]]'
expect_out '"target": "chips/Widget 2.md"' "resolve own folder"
expect_out '"ambiguous": true' "resolve ambiguous"
expect_exit 0 "obsidian profile" "$kg" --vault "$golden" --profile obsidian resolve '[[Chipco]]'
expect_exit 1 "obsidian profile drops aliases" "$kg" --vault "$golden" --profile obsidian resolve '[[ACME Corp]]'

expect_exit 0 "links" "$kg" --vault "$golden" links Acme
expect_out '^supplier +companies/Chipco\.md +companies/Acme\.md:8:12 +frontmatter' "links row"
expect_exit 0 "links by alias" "$kg" --vault "$golden" links 'Chip Co' --json
expect_out '"id": "companies/Chipco.md"' "links json node"
expect_exit 0 "backlinks" "$kg" --vault "$golden" backlinks Chipco
expect_out '^supplier +companies/Acme\.md' "backlinks row"
expect_exit 2 "links of nothing" "$kg" --vault "$golden" links 'No Such Note'
expect_err 'no note matches' "links of nothing"

out_dir="$(mktemp -d)"
expect_exit 0 "export json" "$kg" --vault "$golden" export --format json -o "$out_dir/g.json"
grep -q '"relation": "subject_to"' "$out_dir/g.json" || { echo "FAIL: export content" >&2; failures=$((failures + 1)); }
expect_exit 2 "export inside vault" "$kg" --vault "$golden" export --format json -o "$golden/out.json"
[[ -e "$golden/out.json" ]] && { echo "FAIL: wrote inside the vault" >&2; failures=$((failures + 1)); rm -f "$golden/out.json"; }
(cd "$golden" && "$kg" --vault . export --format json -o out.json >/dev/null 2>&1)
code=$?
[[ $code == 2 && ! -e "$golden/out.json" ]] || { echo "FAIL: bare -o name inside the vault (exit $code)" >&2; failures=$((failures + 1)); rm -f "$golden/out.json"; }
expect_exit 0 "export to stdout with -o -" "$kg" --vault "$golden" export --format json -o -
expect_out '"nodes"' "export -o - writes standard output"
cmp -s "$out_dir/g.json" /tmp/kg-cli-out.$$ || { echo "FAIL: export -o FILE differs from export to stdout" >&2; failures=$((failures + 1)); }
# A file export streams to a partial file renamed into place: one that cannot be placed (the
# target is a folder) fails with exit 2 and leaves neither a partial file nor a change.
mkdir -p "$out_dir/taken/inner"
expect_exit 2 "export onto a folder" "$kg" --vault "$golden" export --format json -o "$out_dir/taken"
[[ -d "$out_dir/taken/inner" ]] || { echo "FAIL: a failed export changed its target" >&2; failures=$((failures + 1)); }
expect_exit 2 "export under a file" "$kg" --vault "$golden" export --format json -o "$out_dir/g.json/x.json"
ls "$out_dir" | grep -q 'kg-partial' && { echo "FAIL: a partial export file was left behind" >&2; failures=$((failures + 1)); }
[[ -e ./- ]] && { echo "FAIL: -o - wrote a file named -" >&2; failures=$((failures + 1)); rm -f ./-; }
expect_exit 2 "export unknown format" "$kg" --vault "$golden" export --format bmp
# Diagrams of path, neighbors and query go to -o FILE too, whole or not at all, never inside.
expect_exit 0 "path svg to a file" "$kg" --vault "$notes" path Qwen RISC-V --format svg -o "$out_dir/path.svg"
grep -q '<svg' "$out_dir/path.svg" && grep -q 'xlink:href=".*notes/models/Qwen.md"' "$out_dir/path.svg" ||
  { echo "FAIL: path --format svg -o: no SVG linking Qwen's note" >&2; failures=$((failures + 1)); }
expect_exit 0 "neighbors png to a file" "$kg" --vault "$notes" neighbors DeepSeek --format png -o "$out_dir/n.png"
[[ "$(head -c 4 "$out_dir/n.png" | od -An -c | tr -d ' ')" == '211PNG' ]] ||
  { echo "FAIL: neighbors --format png -o wrote no PNG" >&2; failures=$((failures + 1)); }
expect_exit 0 "query dot to a file" "$kg" --vault "$golden" query 'MATCH p = (a)-[:supplier]->(b) RETURN p' --format dot -o "$out_dir/q.dot"
grep -q -- '-> n' "$out_dir/q.dot" || { echo "FAIL: query --format dot -o wrote no arrow" >&2; failures=$((failures + 1)); }
# A full disk under standard output is an error (exit 2, said on stderr), never a short answer
# with exit 0: the writers' streams throw, and every command's output is flushed and checked.
full_disk() {  # command words...
  "$kg" --vault "$golden" "$@" >/dev/full 2>/tmp/kg-cli-err.$$
  local code=$?
  if [[ $code != 2 ]] || ! grep -q 'cannot write the output' /tmp/kg-cli-err.$$; then
    echo "FAIL: $* to a full disk: exit $code, $(head -c 200 /tmp/kg-cli-err.$$)" >&2
    failures=$((failures + 1))
  fi
}
full_disk stats
full_disk export --format json
full_disk export --format graphml
full_disk export --format cypher
full_disk export --format dot
full_disk links Acme
full_disk query 'RETURN 1'
expect_exit 2 "path diagram inside the vault" "$kg" --vault "$notes" path Qwen RISC-V --format svg -o "$notes/p.svg"
[[ -e "$notes/p.svg" ]] && { echo "FAIL: wrote a diagram inside the vault" >&2; failures=$((failures + 1)); rm -f "$notes/p.svg"; }
expect_exit 2 "-o without a diagram" "$kg" --vault "$notes" path Qwen RISC-V -o "$out_dir/p.txt"
expect_err 'add --format dot, svg, png or mermaid' "-o without a diagram"
expect_exit 2 "csv without a folder" "$kg" --vault "$golden" export --format csv
expect_err 'name their folder with -o DIR' "csv without a folder"
expect_exit 2 "dialect without cypher" "$kg" --vault "$golden" export --format json --dialect kuzu
expect_exit 2 "unknown view" "$kg" --vault "$notes" export --view nope
expect_err "kg.yaml has no view 'nope'" "unknown view"
expect_exit 0 "a capped diagram" "$kg" --vault "$notes" export --format dot --max-nodes 5
expect_err '^kg: drew 5 notes of 57, the most connected \(--max-nodes 5; --max-nodes 0 draws all\)$' "a capped diagram says so"
[[ "$(grep -cE '^  +n[0-9]+ \[' /tmp/kg-cli-out.$$)" == 5 ]] || { echo "FAIL: --max-nodes 5 drew another count" >&2; failures=$((failures + 1)); }
expect_exit 0 "a capped query diagram" "$kg" --vault "$notes" query 'MATCH (a)-[r]->(b) RETURN a, r, b' --format dot --max-nodes 10
expect_err '^kg: drew 10 notes of 57, the most connected' "a capped query diagram says so"
expect_exit 2 "Graphviz without its plugins" env GVBINDIR=/nonexistent "$kg" --vault "$notes" path Qwen RISC-V --format svg
expect_err "Graphviz has no 'dot' layout: its plugins are missing \\(install the graphviz package" "Graphviz without its plugins"
expect_exit 0 "a capped focus" "$kg" --vault "$notes" export --format dot --focus DeepSeek --depth 2 --max-nodes 4
expect_err '^kg: drew the 4 notes nearest the focus; more are within 2 hops \(--max-nodes 4; --max-nodes 0 draws all\)$' "a capped focus says so"
expect_exit 0 "a focused mermaid" "$kg" --vault "$notes" export --format mermaid --focus DeepSeek --depth 1
mkdir -p "$out_dir/big"
for i in $(seq 1 250); do printf 'supplier:: [[n%d]]\n' $(((i % 250) + 1)) >"$out_dir/big/n$i.md"; done
expect_exit 2 "a whole large mermaid" "$kg" --vault "$out_dir/big" export --format mermaid
expect_err 'kg export --format mermaid --focus NOTE' "mermaid points to --focus"

# Typed edges and implied edges (tests/golden/typed has a kg.yaml).
typed="$source_dir/tests/golden/typed"
expect_exit 0 "stats typed" "$kg" --vault "$typed" stats
expect_out '^edges +39 \(9 implied\)' "stats counts implied edges"
expect_exit 0 "stats --no-implied" "$kg" --vault "$typed" --no-implied stats
expect_out '^edges +30 \(0 implied\)' "--no-implied leaves them out"
expect_exit 0 "backlinks implied" "$kg" --vault "$typed" links Rocket
expect_out '^developed_by +companies/Acme\.md +companies/Acme\.md:4:13 +frontmatter \(implied: inverse\)' "implied edge row"
expect_exit 1 "check --strict typed" "$kg" --vault "$typed" check --strict
expect_out 'Oddity\.md:3:20: warning: range-violation' "schema warning in check"
expect_exit 1 "no-config" "$kg" --vault "$typed" --no-config check --strict
grep -q 'range-violation\|unknown-type' /tmp/kg-cli-out.$$ && { echo "FAIL: --no-config still read kg.yaml" >&2; failures=$((failures + 1)); }
# NOTE arguments: a name several notes share is an error listing them; a name that matches
# nothing suggests the closest names; a path as the shell completes it is understood.
expect_exit 2 "links of an ambiguous name" "$kg" --vault "$golden" links 'Widget 2'
expect_err "^kg: 'Widget 2' matches 2 notes; name one by its path:$" "ambiguous NOTE"
expect_err '^  chips/Widget 2\.md$' "ambiguous NOTE lists the first candidate"
expect_err '^  models/Widget 2\.md$' "ambiguous NOTE lists the second candidate"
expect_exit 2 "backlinks of an ambiguous name" "$kg" --vault "$golden" backlinks '[[Widget 2]]'
expect_err 'matches 2 notes' "ambiguous NOTE in backlinks"
expect_exit 2 "resolve --from an ambiguous name" "$kg" --vault "$golden" resolve --from 'Widget 2' '[[Acme]]'
expect_err 'matches 2 notes' "ambiguous --from"
expect_exit 0 "a path picks one of them" "$kg" --vault "$golden" links 'models/Widget 2'
expect_exit 2 "links of a typo" "$kg" --vault "$golden" links 'Chipc'
expect_err "^kg: no note matches 'Chipc'; did you mean$" "suggestions"
expect_err '^  Chipco +companies/Chipco\.md$' "suggests the closest title"
expect_exit 2 "links of an alias typo" "$kg" --vault "$golden" links 'ACME Crop'
expect_err '^  ACME Corp +companies/Acme\.md$' "suggests an alias"
expect_exit 2 "links of nothing like anything" "$kg" --vault "$golden" links 'Zzzzqqqq'
expect_err "^kg: no note matches 'Zzzzqqqq'$" "no suggestions when nothing is close"
h200_row='^developed_by +companies/NVIDIA\.md +chips/NVIDIA H200\.md:6:13 +frontmatter$'
for form in 'notes/chips/NVIDIA H200.md' './notes/chips/NVIDIA H200.md' 'notes/chips/NVIDIA H200' \
            "$notes/chips/NVIDIA H200.md"; do
  expect_exit 0 "links of '$form' from the vault's parent" \
    bash -c 'cd "$1" && exec "$2" --vault notes links "$3"' _ "$source_dir" "$kg" "$form"
  expect_out "$h200_row" "links of '$form'"
done
expect_exit 0 "a path from inside the vault" \
  bash -c 'cd "$1/chips" && exec "$2" --vault .. links "NVIDIA H200.md"' _ "$notes" "$kg"
expect_out "$h200_row" "a path from inside the vault"
expect_exit 0 "resolve --from a path with the vault folder in front" \
  bash -c 'cd "$1" && exec "$2" --vault notes resolve --from "notes/chips/NVIDIA H200.md" "[[NVIDIA]]"' _ "$source_dir" "$kg"
expect_out '^\[\[NVIDIA\]\] -> companies/NVIDIA\.md' "resolve --from a path"

# Text tables: columns line up in terminal columns (CJK and emoji two, a combining mark
# none), the header with the data; counts are singular or plural as they should be.
wide="$(mktemp -d)"
printf '[[中文笔记]]\n[[Zed]]\n[[🚀 Launch]]\n[[Café]]\n' >"$wide/a.md"
printf 'CJK.\n' >"$wide/中文笔记.md"
printf 'Z.\n' >"$wide/Zed.md"
printf 'Emoji.\n' >"$wide/🚀 Launch.md"
printf 'NFD.\n' >"$wide/Cafe$(printf '\xcc\x81').md"
printf '[[Nowhere]]\n' >"$wide/one.md"
expect_exit 0 "links with wide characters" "$kg" --vault "$wide" links a
printf '%s\n' \
  'relation  target        at        origin' \
  'links_to  中文笔记.md   a.md:1:1  body' \
  'links_to  Zed.md        a.md:2:1  body' \
  'links_to  🚀 Launch.md  a.md:3:1  body' \
  "links_to  Cafe$(printf '\xcc\x81').md       a.md:4:1  body" >/tmp/kg-cli-want.$$
diff /tmp/kg-cli-want.$$ /tmp/kg-cli-out.$$ >&2 || { echo "FAIL: a table with wide characters does not line up" >&2; failures=$((failures + 1)); }
expect_err '^4 outgoing edges of a\.md$' "plural edges"
expect_exit 0 "one outgoing edge" "$kg" --vault "$wide" links one
expect_err '^1 outgoing edge of one\.md$' "singular outgoing edge"
expect_exit 0 "one incoming edge" "$kg" --vault "$wide" backlinks Zed
expect_err '^1 incoming edge of Zed\.md$' "singular incoming edge"
expect_exit 0 "check counts in the singular" "$kg" --vault "$wide" check
expect_err '^6 notes checked: 0 errors, 1 warning, 0 infos$' "singular warning"
expect_exit 0 "stats counts in the singular" "$kg" --vault "$wide" stats
expect_out '^diagnostics +0 errors, 1 warning, 0 infos$' "stats singular warning"
rm -f /tmp/kg-cli-want.$$

# --distinct folds the statements of one (source, relation, target) into one row.
expect_exit 0 "links without --distinct" "$kg" --vault "$golden" links Acme
[[ $(grep -cE '^supplier +companies/Chipco\.md ' /tmp/kg-cli-out.$$) == 2 ]] || { echo "FAIL: links lists each statement as its own edge" >&2; failures=$((failures + 1)); }
expect_exit 0 "links --distinct" "$kg" --vault "$golden" links --distinct Acme
expect_out '^relation +target +count +at +properties$' "links --distinct header"
expect_out '^subject_to +ghost:export rules +1 +companies/Acme\.md:10:4 +\{"status":"approved","since":"2025-12"\}$' "links --distinct properties"
expect_out '^supplier +companies/Chipco\.md +2 +companies/Acme\.md:8:12, companies/Acme\.md:29:3$' "links --distinct row"
[[ $(grep -c '^supplier ' /tmp/kg-cli-out.$$) == 1 ]] || { echo "FAIL: --distinct left two supplier rows" >&2; failures=$((failures + 1)); }
expect_err '^[0-9]+ distinct outgoing relationships \([0-9]+ edges\) of companies/Acme\.md$' "links --distinct summary"
expect_exit 0 "backlinks --distinct" "$kg" --vault "$golden" backlinks --distinct Chipco
expect_out '^supplier +companies/Acme\.md +2 +companies/Acme\.md:8:12, companies/Acme\.md:29:3$' "backlinks --distinct row"
expect_exit 0 "links --distinct --json" "$kg" --vault "$golden" links --distinct --json Acme
expect_out '"relationships": \[' "--distinct json"
expect_out '"count": 2,' "--distinct json count"
expect_out '"line": 29,' "--distinct json statements"
expect_exit 0 "links --distinct of an implied edge" "$kg" --vault "$typed" links --distinct Rocket
expect_out '^developed_by +companies/Acme\.md +1 +companies/Acme\.md:4:13 \(implied: inverse\)$' "--distinct implied row"
expect_exit 2 "--distinct elsewhere" "$kg" --vault "$golden" stats --distinct
for c in links backlinks; do
  expect_exit 0 "$c --help" "$kg" "$c" --help
  expect_out '--distinct' "$c --help names --distinct"
done

# Without --vault, kg reads the current directory; where that is not recognisably a vault
# (a git checkout), it says so on stderr, never on stdout, and --quiet silences it.
plain="$(mktemp -d)"
mkdir "$plain/.git"
printf '# Note\n' >"$plain/note.md"
expect_exit 0 "stats without --vault in a git checkout" bash -c 'cd "$1" && exec "$2" stats' _ "$plain" "$kg"
expect_err "^kg: no --vault given; reading the current directory $(cd "$plain" && pwd -P)" "which folder kg reads"
grep -q 'no --vault' /tmp/kg-cli-out.$$ && { echo "FAIL: the folder notice went to stdout" >&2; failures=$((failures + 1)); }
expect_exit 0 "--quiet silences it" bash -c 'cd "$1" && exec "$2" --quiet stats' _ "$plain" "$kg"
[[ -s /tmp/kg-cli-err.$$ ]] && { echo "FAIL: --quiet still printed: $(cat /tmp/kg-cli-err.$$)" >&2; failures=$((failures + 1)); }
expect_exit 0 "--vault silences it" bash -c 'cd "$1" && exec "$2" --vault . stats' _ "$plain" "$kg"
[[ -s /tmp/kg-cli-err.$$ ]] && { echo "FAIL: the notice with --vault" >&2; failures=$((failures + 1)); }
mkdir "$plain/.obsidian"
expect_exit 0 "a vault is read silently" bash -c 'cd "$1" && exec "$2" stats' _ "$plain" "$kg"
[[ -s /tmp/kg-cli-err.$$ ]] && { echo "FAIL: the notice in an Obsidian vault" >&2; failures=$((failures + 1)); }
rm -rf "$plain"
expect_exit 0 "help" "$kg" --help
expect_out 'no --vault' "--help says when kg names the folder it reads"

# Progress and colour go to a terminal only; `script` gives the command one. Where it cannot
# open a pseudo-terminal (a container without /dev/pts), these checks are skipped.
if ! command -v script >/dev/null; then
  echo "cli: skipping the terminal checks: no 'script' command" >&2
elif ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "cli: skipping the terminal checks: 'script' cannot open a pseudo-terminal here" >&2
else
  KG_PROGRESS_DELAY=0 script -qec "$(printf '%q ' "$kg" --vault "$notes" stats)" /dev/null >/tmp/kg-cli-tty.$$ 2>&1
  grep -q 'kg: parse' /tmp/kg-cli-tty.$$ || { echo "FAIL: no progress on a terminal" >&2; failures=$((failures + 1)); }
  KG_PROGRESS_DELAY=0 "$kg" --vault "$notes" stats 2>/tmp/kg-cli-err.$$ >/dev/null
  grep -q 'kg: parse' /tmp/kg-cli-err.$$ && { echo "FAIL: progress on a non-terminal" >&2; failures=$((failures + 1)); }
  check_cmd="$(printf '%q ' "$kg" --quiet --vault "$wide" check)"
  NO_COLOR= script -qec "$check_cmd" /dev/null >/tmp/kg-cli-tty.$$ 2>&1
  grep -q $'\033\\[33mwarning' /tmp/kg-cli-tty.$$ || { echo "FAIL: no colour on a terminal with NO_COLOR empty" >&2; failures=$((failures + 1)); }
  NO_COLOR=1 script -qec "$check_cmd" /dev/null >/tmp/kg-cli-tty.$$ 2>&1
  grep -q $'\033\\[' /tmp/kg-cli-tty.$$ && { echo "FAIL: colour with NO_COLOR=1" >&2; failures=$((failures + 1)); }
  grep -q 'warning: unresolved-link' /tmp/kg-cli-tty.$$ || { echo "FAIL: check printed nothing on a terminal" >&2; failures=$((failures + 1)); }
  rm -f /tmp/kg-cli-tty.$$
fi
rm -rf "$wide"
rm -rf "$out_dir" /tmp/kg-cli-out.$$ /tmp/kg-cli-err.$$

# The README quotes kg's output on the sample vault, whole or visibly cut: line for line,
# each quoted line is what kg prints, or holds "..." where it is cut (the text before the
# "..." must still begin kg's line).
readme="$source_dir/README.md"
# The README stands on its own: a clone has no ../shared beside it.
if grep -nE '\.\./shared|shared/(corpora|research|seeds|bench|tck)' "$readme" >&2; then
  echo "FAIL: the README refers to ../shared, which is not part of a clone" >&2
  failures=$((failures + 1))
fi
readme_block() {  # the first fenced block after the line holding $1
  awk -v key="$1" 'index($0, key) {f = 1; next} f && /^```/ {if (inside) exit; inside = 1; next}
                   f && inside {print}' "$readme"
}
check_quoted() {  # description, key, command...
  local what="$1" key="$2"
  shift 2
  "$@" >/tmp/kg-cli-out.$$ 2>/dev/null
  local quoted
  quoted="$(readme_block "$key")"
  [[ -n "$quoted" ]] || { echo "FAIL: README block for $what not found" >&2; failures=$((failures + 1)); return; }
  local -a want got
  mapfile -t want <<<"$quoted"
  mapfile -t got </tmp/kg-cli-out.$$
  if ((${#want[@]} != ${#got[@]})); then
    echo "FAIL: README $what quotes ${#want[@]} lines, kg prints ${#got[@]} (quote it whole, or cut lines with ...)" >&2
    failures=$((failures + 1))
  fi
  local i
  for ((i = 0; i < ${#want[@]} && i < ${#got[@]}; i++)); do
    if [[ "${want[i]}" == *"..."* ]]; then
      [[ "${got[i]}" == "${want[i]%%...*}"* ]] && continue
    elif [[ "${want[i]}" == "${got[i]}" ]]; then
      continue
    fi
    echo "FAIL: README $what line $((i + 1)) quotes '${want[i]}', kg prints '${got[i]}'" >&2
    failures=$((failures + 1))
  done
}
check_quoted "stats" "build/bin/kg --vault notes stats\`" "$kg" --vault "$notes" stats
check_quoted "links" "notes links 'NVIDIA H200'\`" "$kg" --vault "$notes" links 'NVIDIA H200'
check_quoted "links --distinct" "notes links --distinct 'NVIDIA H200'\`" "$kg" --vault "$notes" links --distinct 'NVIDIA H200'
check_quoted "query: export controls" "Which companies develop chips that export controls bind?" \
  "$kg" --vault "$notes" query "MATCH (co:company)-[:develops]->(chip:chip)-[:subject_to]->(rule:export_control) RETURN co.title AS company, chip.title AS chip, rule.title AS rule ORDER BY company, chip"
check_quoted "query: statements" "Who competes with Alibaba, and where does the vault say so?" \
  "$kg" --vault "$notes" query "MATCH (c {title: 'Alibaba'})-[r:competitor]->(rival) RETURN rival.title AS rival, size(r.statements) AS statements, [s IN r.statements | s.file + ':' + toString(s.line)] AS written ORDER BY rival"
check_quoted "query: as-of" "What was Goldman Sachs' target for Alibaba in mid-2025?" \
  "$kg" --vault "$notes" query --as-of 2025-06 "MATCH (g {title: 'Goldman Sachs'})-[r:rates]->(c) RETURN c.title AS company, r.rating AS rating, r.target_price_usd AS target, r.file + ':' + toString(r.line) AS stated"
check_quoted "disagreeing sources" "| grep market_share_in\`" \
  bash -c '"$1" --vault "$2" links --distinct "Alibaba Cloud" | grep market_share_in' _ "$kg" "$notes"

# The README's sample sessions ("$ kg ..." and what it prints on stderr) are whole too.
check_session() {  # command as the README writes it, command to run
  local written="$1"
  shift
  local quoted
  quoted="$(awk -v c="\$ $written" '{line = $0; sub(/^  /, "", line)} line == c {f = 1; next}
                                     f && line ~ /^```/ {exit} f {print line}' "$readme")"
  [[ -n "$quoted" ]] || { echo "FAIL: README session '$written' not found" >&2; failures=$((failures + 1)); return; }
  (cd "$source_dir" && "$@") >/dev/null 2>/tmp/kg-cli-err.$$
  diff <(printf '%s\n' "$quoted") /tmp/kg-cli-err.$$ >&2 || { echo "FAIL: README session '$written' is not what kg prints" >&2; failures=$((failures + 1)); }
}
check_session "kg --vault tests/golden/vault links 'Widget 2'" "$kg" --vault tests/golden/vault links 'Widget 2'
check_session "kg --vault notes query 'MATCH (c:compnay) RETURN c.title'" "$kg" --vault notes query 'MATCH (c:compnay) RETURN c.title'
check_session "kg --vault notes query 'MATCH (c:company) RETURN c.title ORDER BY c.title LIMT 3'" \
  "$kg" --vault notes query 'MATCH (c:company) RETURN c.title ORDER BY c.title LIMT 3'
check_session "kg --vault notes links 'NVIDA H200'" "$kg" --vault notes links 'NVIDA H200'

# The README's kg.yaml example loads without a config or schema warning.
yaml_vault="$(mktemp -d)"
awk '/<!-- kg.yaml example/ {f = 1; next} /<!-- end of the kg.yaml example -->/ {f = 0}
     f && !/^```/ {print}' "$readme" >"$yaml_vault/kg.yaml"
mkdir -p "$yaml_vault/companies"
printf -- '---\ntype: company\n---\n# Acme\n' >"$yaml_vault/companies/Acme.md"
if ! grep -q '^relations:' "$yaml_vault/kg.yaml"; then
  echo "FAIL: the README's kg.yaml example was not found between its markers" >&2
  failures=$((failures + 1))
fi
expect_exit 0 "the README's kg.yaml example loads cleanly" "$kg" --vault "$yaml_vault" check --strict
if grep -E ': (config|schema)-' /tmp/kg-cli-out.$$ >&2; then
  echo "FAIL: the README's kg.yaml example gives the warnings above" >&2
  failures=$((failures + 1))
fi
rm -rf "$yaml_vault" /tmp/kg-cli-out.$$ /tmp/kg-cli-err.$$

if ((failures)); then
  echo "cli: $failures failures" >&2
  exit 1
fi
echo "cli: ok"
