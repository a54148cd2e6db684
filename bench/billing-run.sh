#!/usr/bin/env bash
# bench/run billing-run [--size N]: seconds to generate a scheduled run of two lines over N members (default
# 100 000; both lines due on one day, so one charge with two lines per member), in chunks of 1 000, then to approve
# it (numbers and payment references). Baseline, measured in the same run: a PostgreSQL COPY of the same charges and
# lines into the same tables. Peak heap is the maximum heap in use sampled every 10 ms during generation and
# approval, under -Xmx512m. The approval's seconds are on the line before the last.
# See src/test/java/io/duesflow/billing/BillingRunBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=100000
[ "${1:-}" = "--size" ] && size=$2
case "$size" in '' | *[!0-9]* | 0) echo "--size must be a positive whole number" >&2; exit 2 ;; esac

cd "$BENCH_ROOT"
echo "compiling main and test classes" >&2
mvn -q -B -ntp -DskipTests test-compile >&2
if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi

out=$(mktemp /tmp/duesflow-bench-billing-run.XXXXXX)
log=target/bench-billing-run.log
trap 'rm -f "$out"' EXIT
java -Xmx512m ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.duesflow.billing.BillingRunBenchmark "$size" 2>"$log" | tee "$out" | grep -v '^billing-run size=' || true
result=$(grep '^billing-run size=' "$out" | tail -1 || true)
if [ -z "$result" ]; then
  echo "the benchmark failed; the end of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "$result"
