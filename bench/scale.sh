#!/usr/bin/env bash
# bench/run scale [--size N]: how generation, import and simulation grow with the register. Runs bench/run
# billing-run, members-import and simulate at N/100, N/10 and N members (default N = 1 000 000, a national
# federation), each on a fresh embedded PostgreSQL, and prints their seconds and peak heaps side by side, with the
# growth from N/10 to N (goal: at most 12× for ten times the members; heap at most 512 MB; simulation ≤ 20 s).
# The last line: seconds and baseline_seconds are the three benchmarks' seconds added up at N and at N/10, ratio
# their growth, peak_heap_mb the largest peak at N. Takes a while: about half an hour at the default size.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 1000000 100 "$@")
sizes=($((size / 100)) $((size / 10)) "$size")
benchmarks=(billing-run members-import simulate)
declare -A seconds heap
for name in "${benchmarks[@]}"; do
  for n in "${sizes[@]}"; do
    echo "-- $name --size $n" >&2
    line=$(bash "$BENCH_ROOT/bench/$name.sh" --size "$n" | tail -1)
    echo "   $line" >&2
    seconds[$name,$n]=$(sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p' <<<"$line")
    heap[$name,$n]=$(sed -n 's/.* peak_heap_mb=\([0-9]*\).*/\1/p' <<<"$line")
  done
done
printf '%-16s' "" ; for n in "${sizes[@]}"; do printf '%22s' "$n members"; done; printf '%10s\n' "growth"
total_small=0; total_large=0; largest_heap=0
for name in "${benchmarks[@]}"; do
  printf '%-16s' "$name"
  for n in "${sizes[@]}"; do printf '%13s s %4s MB' "${seconds[$name,$n]}" "${heap[$name,$n]}"; done
  printf '%9.1f×\n' "$(echo "${seconds[$name,$size]} / ${seconds[$name,${sizes[1]}]}" | bc -l)"
  total_small=$(echo "$total_small + ${seconds[$name,${sizes[1]}]}" | bc -l)
  total_large=$(echo "$total_large + ${seconds[$name,$size]}" | bc -l)
  [ "${heap[$name,$size]}" -gt "$largest_heap" ] && largest_heap=${heap[$name,$size]}
done
printf 'scale size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f peak_heap_mb=%d\n' "$size" "$total_large" \
  "$total_small" "$(echo "$total_large / $total_small" | bc -l)" "$largest_heap"
