#!/usr/bin/env bash
# Installs kg from the build tree into a scratch prefix and proves the installed package works
# as a user meets it, with no LD_LIBRARY_PATH anywhere:
#   - the installed CLI runs, finding libkg through its RUNPATH ($ORIGIN), and never loads a
#     library from the working directory (run from a vault holding garbage libkg/libgcc_s);
#   - kg.pc names the real prefix and its flags build a C program (kg.h, compiled as C with
#     -Werror) and a C++ program (kg/kg.hpp), which then run;
#   - the CMake consumer (find_package(kg)) builds and runs, in C++ and in C.
#   run.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir="$(realpath "$1")"
source_dir="$(realpath "$2")"
unset LD_LIBRARY_PATH
here="$source_dir/tests/package"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
vault="$source_dir/tests/golden/vault"

fail() {
  echo "package: $*" >&2
  exit 1
}

# --- install -------------------------------------------------------------------------------
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
config="$(find "$prefix" -path '*/cmake/kg/kgConfig.cmake' | head -n 1)"
test -n "$config" || fail "kgConfig.cmake not installed"
test -f "$(dirname "$config")/kgConfigVersion.cmake" || fail "kgConfigVersion.cmake not installed"
pc="$(find "$prefix" -name kg.pc | head -n 1)"
test -n "$pc" || fail "kg.pc not installed"
# Public headers never pull in Boost, yaml-cpp, cmark or nlohmann.
if grep -rE '#include <(boost|yaml-cpp|cmark|nlohmann)' "$prefix/include/kg"; then
  fail "a public header includes a private dependency"
fi
# A shared libkg is the default; a static one (BUILD_SHARED_LIBS=OFF) is linked into kg.
libkg="$(find "$prefix" -name 'libkg.so.*' -type f | head -n 1)"
pkg_config_static=()
libkg_names=(libkg.so libkg.so.0)
if [[ -n "$libkg" ]]; then
  soname="$(readelf -d "$libkg" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
  libkg_names+=("$(basename "$libkg")" "$soname")
  "$here/runpath.sh" "$prefix" "$prefix/bin/kg" "$libkg"
else
  test -n "$(find "$prefix" -name libkg.a)" || fail "libkg is not installed"
  pkg_config_static=(--static)
  "$here/runpath.sh" "$prefix" "$prefix/bin/kg"
fi

# --- the installed CLI ---------------------------------------------------------------------
version="$("$prefix/bin/kg" --version)"
echo "$version"
grep -qF "$(sed -n 's/^Version: //p' "$pc")" <<<"$version" ||
  fail "kg --version disagrees with kg.pc"
out="$("$prefix/bin/kg" --vault "$source_dir/notes" stats)"
echo "$out"
test -n "$out" || fail "kg stats printed nothing"

# A vault holding files named like the libraries kg loads, full of garbage: were the working
# directory searched, the dynamic linker would load one and the program would not start.
hostile="$work/hostile vault"
cp -R "$source_dir/notes" "$hostile"
for lib in "${libkg_names[@]}" libgcc_s.so.1 libstdc++.so.6 libm.so.6 libc.so.6; do
  head -c 256 /dev/urandom >"$hostile/$lib"
done
# The control: a program whose RUNPATH ends in an empty entry is broken by this vault.
printf 'int main(void) { return 0; }\n' >"$work/control.c"
cc "$work/control.c" -o "$work/control" -Wl,--enable-new-dtags,-rpath,/nonexistent:
if (cd "$hostile" && "$work/control") 2>/dev/null; then
  fail "the control program ran, so the hostile vault proves nothing"
fi
(cd "$hostile" && "$prefix/bin/kg" stats) >"$work/hostile.out" ||
  fail "the installed kg loaded a library from the working directory"
counts='^(notes|edges|links resolved) '
diff <(grep -E "$counts" <<<"$out") <(grep -E "$counts" "$work/hostile.out") ||
  fail "kg stats in the hostile vault counts other notes than kg stats on notes/"
(cd "$hostile" && PATH="$prefix/bin:$PATH" kg --version) >/dev/null ||
  fail "kg found through PATH loaded a library from the working directory"
if [[ -x "$build_dir/bin/kg" ]]; then
  (cd "$hostile" && "$build_dir/bin/kg" stats) >/dev/null ||
    fail "the build tree's kg loaded a library from the working directory"
fi

# --- pkg-config ----------------------------------------------------------------------------
export PKG_CONFIG_PATH
PKG_CONFIG_PATH="$(dirname "$pc")"
[[ "$(realpath "$(pkg-config --variable=prefix kg)")" == "$(realpath "$prefix")" ]] ||
  fail "kg.pc names prefix $(pkg-config --variable=prefix kg), not $prefix"
cflags="$(pkg-config "${pkg_config_static[@]}" --cflags kg)"
libs="$(pkg-config "${pkg_config_static[@]}" --libs kg)"
libdir="$(pkg-config --variable=libdir kg)"
echo "pkg-config: Cflags: $cflags  Libs: $libs"
[[ "$cflags" != *-std=* ]] || fail "Cflags carries a language standard: $cflags"
# shellcheck disable=SC2086  # the flags are word lists
cc -std=c11 -Wall -Werror $cflags "$here/consumer/c_main.c" -o "$work/c_pc" $libs \
  -Wl,-rpath,"$libdir"
out="$("$work/c_pc" "$vault" '[[ACME Corp]]')"
echo "$out"
grep -q '"target": *"companies/Acme.md"' <<<"$out" || fail "the pkg-config C program"
# shellcheck disable=SC2086
c++ -std=c++20 -Wall -Werror $cflags "$here/consumer/main.cpp" -o "$work/cxx_pc" $libs \
  -Wl,-rpath,"$libdir"
out="$("$work/cxx_pc" "$vault" Acme)"
echo "$out"
grep -q '^supplier companies/Chipco.md$' <<<"$out" || fail "the pkg-config C++ program"
[[ "$(pkg-config --variable=cxxflags kg)" == -std=c++20 ]] || fail "kg.pc lacks cxxflags"
# The README's embedding example, exactly as printed there, builds and runs on notes/.
awk '/^## Embedding libkg/ { section = 1 } section && /^```cpp/ { code = 1; next }
     code && /^```/ { exit } code' "$source_dir/README.md" >"$work/readme_example.cpp"
test -s "$work/readme_example.cpp" || fail "no C++ example under the README's 'Embedding libkg'"
# shellcheck disable=SC2086
c++ -std=c++20 -Wall -Werror $cflags "$work/readme_example.cpp" -o "$work/readme_example" $libs \
  -Wl,-rpath,"$libdir"
out="$(cd "$source_dir" && "$work/readme_example")"
grep -q '^competitor -> ByteDance  (companies/Alibaba.md:22, 4 statements)$' <<<"$out" ||
  fail "the README example: $out"
grep -q ', implied)$' <<<"$out" || fail "the README example shows no implied relationship"
grep -q '^founded 1999$' <<<"$out" || fail "the README example reads no property value"
grep -q '^rival Baidu (companies/Alibaba.md)$' <<<"$out" || fail "the README example's query answers nothing"

# --- CMake: find_package(kg) ---------------------------------------------------------------
cmake -S "$here/consumer" -B "$work/consumer" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/consumer" -j2 >/dev/null
"$here/runpath.sh" "$work/consumer" "$work/consumer/consumer" "$work/consumer/c_consumer" \
  >/dev/null
out="$("$work/consumer/consumer" "$vault" Acme)"
echo "$out"
grep -q '^supplier companies/Chipco.md$' <<<"$out" || fail "the CMake C++ consumer"
out="$("$work/consumer/c_consumer" "$vault" '[[ACME Corp]]')"
echo "$out"
grep -q '"target": *"companies/Acme.md"' <<<"$out" || fail "the CMake C consumer"
grep -q '"via": *"alias"' <<<"$out" || fail "the CMake C consumer (via alias)"

# --- a moved install still works: RUNPATH and kg.pc are relative to themselves ------------
mv "$prefix" "$work/moved"
"$work/moved/bin/kg" --version >/dev/null || fail "a moved install's kg does not start"
PKG_CONFIG_PATH="${PKG_CONFIG_PATH/$prefix/$work/moved}"
test -f "$(pkg-config --variable=includedir kg)/kg/kg.h" || fail "a moved kg.pc points elsewhere"

echo "package: ok"
