#!/usr/bin/env bash
# Checks the run-time library search path (DT_RUNPATH and DT_RPATH) of every ELF executable
# and shared library under ROOT. An empty entry ("a:", ":a", "a::b" or an empty path) makes
# the dynamic linker search the current directory, so a libgcc_s.so.1 dropped into a vault
# would run inside `kg stats`; a relative entry is resolved against the current directory
# too. The only relative entries allowed start with $ORIGIN (the binary's own directory).
#   runpath.sh ROOT [REQUIRED...]   each REQUIRED file must be among those checked
set -euo pipefail
root="$1"
shift

is_elf() {
  [[ "$(head -c 4 "$1" | od -An -c | tr -d ' \n')" == '177ELF' ]]
}

bad=0
checked=()
while IFS= read -r -d '' file; do
  is_elf "$file" || continue
  checked+=("$(realpath "$file")")
  while IFS= read -r line; do
    [[ "$line" =~ \((RUNPATH|RPATH)\).*\[(.*)\]$ ]] || continue
    kind="${BASH_REMATCH[1]}"
    path="${BASH_REMATCH[2]}"
    echo "$file: $kind [$path]"
    if [[ -z "$path" || "$path" == :* || "$path" == *: || "$path" == *::* ]]; then
      echo "  error: empty entry, the current directory is searched" >&2
      bad=1
    fi
    IFS=: read -ra entries <<<"$path"
    for entry in "${entries[@]}"; do
      [[ -z "$entry" || "$entry" == /* ]] && continue
      [[ "$entry" =~ ^(\$ORIGIN|\$\{ORIGIN\})(/|$) ]] && continue
      echo "  error: relative entry '$entry' is resolved against the current directory" >&2
      bad=1
    done
  done < <(readelf -d "$file" 2>/dev/null || true)
done < <(find "$root" -type f \( -perm -u=x -o -name '*.so' -o -name '*.so.*' \) -print0)

for required in "$@"; do
  [[ -n "$required" ]] || continue  # a target this configuration does not build
  found=0
  for file in "${checked[@]}"; do
    [[ "$file" == "$(realpath "$required")" ]] && found=1
  done
  if ((!found)); then
    echo "error: $required was not checked" >&2
    bad=1
  fi
done

echo "runpath: checked ${#checked[@]} ELF files under $root"
exit "$bad"
