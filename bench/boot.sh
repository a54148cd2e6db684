#!/usr/bin/env bash
# bench/run boot [--size N]: seconds from `java -jar` to ready (readiness probe answers UP), and memory.
# First a start on an empty data folder (initdb, Flyway, Camunda's schema), then N restarts on that data,
# which is what an operator sees on every deploy; the last line reports the median restart.
# No baseline: there is no smaller program doing the same work.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=3
[ "${1:-}" = "--size" ] && size=$2

build_jar_if_stale
data=$(mktemp -d /tmp/duesflow-bench-boot.XXXXXX)
trap 'rm -rf "$data"' EXIT
export DUESFLOW_DATA_DIR=$data DUESFLOW_ADMIN_USER=bench DUESFLOW_ADMIN_PASSWORD='Kasse-boot-secret-1'

boot_once() {  # prints: seconds rss_mb heap_mb postgres_rss_mb
  local port pid start ready seconds rss heap pg_rss
  port=$(free_port)
  start=$(now)
  DUESFLOW_PORT=$port java -jar "$JAR" >"$data/app.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q UP; do
    kill -0 "$pid" 2>/dev/null || { echo "the application died; see its log:" >&2; tail -30 "$data/app.log" >&2; exit 1; }
    sleep 0.1
  done
  ready=$(now)
  seconds=$(awk -v a="$start" -v b="$ready" 'BEGIN {print b - a}')
  rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$pid/status")
  heap=$(curl -fs -u "bench:$DUESFLOW_ADMIN_PASSWORD" \
    "http://127.0.0.1:$port/actuator/metrics/jvm.memory.used?tag=area:heap" |
    python3 -c 'import json,sys; print(round(json.load(sys.stdin)["measurements"][0]["value"]/1048576))')
  postmaster=$(pgrep -f -- "-D $data/postgres" | head -1 || true)
  pg_rss=0
  [ -n "$postmaster" ] && pg_rss=$(ps -o rss= -p "$postmaster" --ppid "$postmaster" | awk '{s+=$1} END {printf "%d", s/1024}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%.2f %s %s %s\n' "$seconds" "$rss" "$heap" "${pg_rss:-0}"
}

result=$(boot_once)
read -r first_s first_rss first_heap first_pg <<<"$result"
echo "first start on empty data: seconds=$first_s jvm_rss_mb=$first_rss heap_used_mb=$first_heap postgres_rss_mb=$first_pg"
restarts=()
for i in $(seq 1 "$size"); do
  result=$(boot_once)
  read -r s rss heap pg <<<"$result"
  echo "restart $i: seconds=$s jvm_rss_mb=$rss heap_used_mb=$heap postgres_rss_mb=$pg"
  restarts+=("$s $rss $heap")
done
median=$(printf '%s\n' "${restarts[@]}" | sort -n | awk -v n="$size" 'NR == int((n + 1) / 2)')
read -r s rss heap <<<"$median"
echo "median restart: jvm_rss_mb=$rss (heap in use at ready: ${heap} MB)"
echo "boot size=$size seconds=$s baseline_seconds=- ratio=- peak_heap_mb=$heap"
