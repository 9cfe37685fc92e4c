#!/usr/bin/env bash
# kg's one-command set-up on Debian 12, as root or with sudo; idempotent.
#   tools/setup.sh demo   install what is missing, build, run the main job on notes/
#   tools/setup.sh test   install what is missing, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"

packages=(build-essential cmake pkg-config libboost-graph-dev libyaml-cpp-dev libcmark-gfm-dev
          libcmark-gfm-extensions-dev nlohmann-json3-dev googletest libgtest-dev
          libbenchmark-dev libicu-dev libre2-dev graphviz libgraphviz-dev libxml2-utils
          python3-networkx python3-scipy python3-numpy)
# The test suite also needs clang with libFuzzer (the sanitizer build fuzzes each target),
# strace (the containment test) and GNU time (peak memory of each hostile case).
[[ $mode == test ]] && packages+=(clang libclang-rt-14-dev strace time)
missing=()
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq </dev/null
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"

case "$mode" in
  demo)
    echo "== kg stats"
    build/bin/kg --vault notes stats
    echo "== kg check --strict"
    build/bin/kg --vault notes check --strict
    echo "== kg links 'NVIDIA H200'   (typed edges, each with where it is written)"
    build/bin/kg --vault notes links 'NVIDIA H200'
    echo "== kg backlinks 'US export controls on advanced AI chips'"
    build/bin/kg --vault notes backlinks 'US export controls on advanced AI chips'
    echo "== kg path Qwen RISC-V   (what connects them, each hop with where it is stated)"
    build/bin/kg --vault notes path Qwen RISC-V
    echo "== kg neighbors 'US export controls on advanced AI chips' --depth 2 --type company --relation subject_to --relation competitor"
    build/bin/kg --vault notes neighbors 'US export controls on advanced AI chips' --depth 2 \
      --type company --relation subject_to --relation competitor
    echo "== kg rank --by betweenness --type company --top 5   (who sits between the others)"
    build/bin/kg --vault notes rank --by betweenness --type company --top 5
    echo "== kg neighbors 'Goldman Sachs' --relation rates --direction out --as-of 2025-06"
    build/bin/kg --vault notes neighbors 'Goldman Sachs' --relation rates --direction out --as-of 2025-06
    echo "== kg query: which companies develop chips that export controls bind?"
    build/bin/kg --vault notes query "MATCH (co:company)-[:develops]->(chip:chip)-[:subject_to]->(rule:export_control) RETURN co.title AS company, chip.title AS chip, rule.title AS rule ORDER BY company, chip"
    echo "== kg query: who competes with Alibaba, and where does the vault say so?"
    build/bin/kg --vault notes query "MATCH (c {title: 'Alibaba'})-[r:competitor]->(rival) RETURN rival.title AS rival, size(r.statements) AS statements, [s IN r.statements | s.file + ':' + toString(s.line)] AS written ORDER BY rival"
    echo "== kg query --as-of 2025-06: Goldman Sachs' target for Alibaba in mid-2025"
    build/bin/kg --vault notes query --as-of 2025-06 "MATCH (g {title: 'Goldman Sachs'})-[r:rates]->(c) RETURN c.title AS company, r.rating AS rating, r.target_price_usd AS target, r.file + ':' + toString(r.line) AS stated"
    mkdir -p build/out
    build/bin/kg --vault notes export --format json -o build/out/notes.json
    echo "== wrote build/out/notes.json"
    echo "== kg export --view landscape   (the sample vault drawn by Graphviz; each note links to its file)"
    build/bin/kg --vault notes export --view landscape -o build/out/landscape.svg
    echo "== wrote build/out/landscape.svg"
    echo "== kg path Qwen RISC-V --format svg   (the path above as a diagram)"
    build/bin/kg --vault notes path Qwen RISC-V --format svg -o build/out/qwen-riscv.svg
    echo "== wrote build/out/qwen-riscv.svg"
    ;;
  test)
    # Kuzu (npm), which runs the Kuzu-dialect Cypher script kg exports (tests/export).
    if [[ ! -d build/kuzu-npm/node_modules/kuzu ]]; then
      if ! command -v npm >/dev/null 2>&1; then
        echo "setup: installing nodejs npm" >&2
        "${sudo_cmd[@]}" apt-get update -qq </dev/null
        "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm </dev/null
      fi
      npm install --prefix build/kuzu-npm --no-audit --no-fund --loglevel=error kuzu@0.11.3 </dev/null ||
        echo "setup: npm could not install kuzu; the export test will count the Kuzu script, not run it" >&2
    fi
    ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, built by clang
    # with libFuzzer's coverage: hostile input must not only be reported, it must not touch
    # memory it does not own. The build also fuzzes each target for a minute (fuzz_run_*).
    cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_SANITIZE=ON -DKG_FUZZ=ON \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DKG_BUILD_BENCHMARKS=OFF -DKG_BUILD_TOOLS=ON
    cmake --build build-sanitize -j"$jobs"
    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" \
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      ctest --test-dir build-sanitize --output-on-failure -j"$jobs" --timeout 900
    ;;
  *)
    echo "usage: tools/setup.sh [demo|test]" >&2
    exit 2
    ;;
esac
