#!/usr/bin/env bash
# Runs fuzz targets one after another for a set time each and reports, per target, the
# executions, coverage, corpus size, CPU seconds and findings.
#
#   tests/fuzz/campaign.sh BUILD WORKDIR SECONDS TARGET...
#
# BUILD is a -DKG_FUZZ=ON build (clang). Each target grows WORKDIR/TARGET from the committed
# corpus tests/fuzz/corpus/TARGET and its dictionary; findings land in WORKDIR/findings/.
# The summary lines go to WORKDIR/summary.txt; the exit status is 1 when any target found
# something (a crash, a sanitizer report, a leak, a timeout or running out of memory). Entropic scheduling is off: with the tens of
# thousands of features the writers and whole-note targets reach, libFuzzer spent two thirds
# of its time ranking them (perf), forty times the throughput without it.
set -euo pipefail

if [[ $# -lt 4 ]]; then
  sed -n '2,11p' "$0"
  exit 2
fi
build=$1 work=$2 seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$work/findings"
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

failed=0
for target in "$@"; do
  binary=$build/bin/kg_fuzz_$target
  [[ -x $binary ]] || { echo "campaign: $binary is missing (build with -DKG_FUZZ=ON)" >&2; exit 2; }
  mkdir -p "$work/$target"
  log=$work/$target.log
  status=0
  /usr/bin/time -f '%U %S' -o "$work/$target.cpu" \
    "$binary" "$work/$target" "$here/corpus/$target" -dict="$here/dict/$target.dict" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2560 -entropic=0 \
    -print_final_stats=1 -artifact_prefix="$work/findings/$target-" >"$log" 2>&1 || status=$?
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  [[ -n $done_line ]] || done_line=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cpu=$(awk '{printf "%.0f", $1 + $2}' "$work/$target.cpu" 2>/dev/null || echo '?')
  findings=$(find "$work/findings" -name "$target-*" | wc -l)
  printf '%s exit=%s cpu_s=%s findings=%s %s\n' "$target" "$status" "$cpu" "$findings" "$done_line" \
    | tee -a "$work/summary.txt"
  if [[ $status -ne 0 ]]; then
    failed=1
    echo "campaign: $target found something; the end of $log:" >&2
    tail -n 40 "$log" >&2
  fi
done
exit $failed
