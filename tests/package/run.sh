#!/usr/bin/env bash
# Installs kg from the build tree into a scratch prefix, then builds and runs a consumer
# project (C++ through find_package(kg), and C through kg.h) against it.
set -euo pipefail
build_dir="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/cmake/kg/kgConfig.cmake"
test -f "$work/prefix/lib/cmake/kg/kgConfigVersion.cmake"
pc="$(find "$work/prefix" -name kg.pc | head -n 1)"
test -n "$pc"
# Public headers never pull in Boost, yaml-cpp, cmark or nlohmann.
if grep -rE '#include <(boost|yaml-cpp|cmark|nlohmann)' "$work/prefix/include/kg"; then
  echo "a public header includes a private dependency" >&2
  exit 1
fi
cmake -S "$source_dir/tests/package/consumer" -B "$work/consumer" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/consumer" -j2 >/dev/null
vault="$source_dir/tests/golden/vault"
out="$(LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/consumer" "$vault" Acme)"
echo "$out"
grep -q '^supplier companies/Chipco.md$' <<<"$out"
out="$(LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/c_consumer" "$vault" '[[ACME Corp]]')"
echo "$out"
grep -q '"target": *"companies/Acme.md"' <<<"$out"
grep -q '"via": *"alias"' <<<"$out"
echo "package: ok"
