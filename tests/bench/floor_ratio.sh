#!/bin/sh
# kg's ingest time against the parse floor, measured the way the README reports it: ROUNDS
# rounds, each running `kg stats` (two threads) and `kg-floor` with one and with two threads
# back to back, so every round sees the same machine; prints the medians and the median of
# the per-round ratios. Times are the programs' own load times (no process start or exit).
#
#   tests/bench/floor_ratio.sh VAULT [ROUNDS=7] [BUILD=build]
set -eu
vault=$1
rounds=${2:-7}
build=${3:-build}
kg="$build/bin/kg"
floor="$build/bin/kg-floor"
[ -x "$kg" ] && [ -x "$floor" ] || { echo "build $kg and $floor first" >&2; exit 2; }
"$kg" --vault "$vault" --threads 2 stats > /dev/null  # warm the page cache
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while [ "$i" -lt "$rounds" ]; do
  k=$("$kg" --vault "$vault" --threads 2 stats --json | sed -n 's/.*"seconds": *\([0-9.]*\).*/\1/p')
  f1=$("$floor" "$vault" --threads 1 | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
  f2=$("$floor" "$vault" --threads 2 | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
  echo "$k $f1 $f2" >> "$out"
  i=$((i + 1))
done
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { n++; k[n] = $1; f1[n] = $2; f2[n] = $3; r1[n] = $1 / $2; r2[n] = $1 / $3 }
  END {
    printf "rounds %d\nkg stats, 2 threads   %.3f s\nfloor, 1 thread        %.3f s\nfloor, 2 threads       %.3f s\n", n, median(k, n), median(f1, n), median(f2, n)
    printf "kg / floor (1 thread)  %.2f  (median of the rounds'"'"' ratios)\nkg / floor (2 threads) %.2f\n", median(r1, n), median(r2, n)
  }' "$out"
