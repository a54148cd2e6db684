#!/usr/bin/env bash
# bench/run simulate [--size N]: seconds for one BillingRules.simulate over January 2027 on a register of N members
# (default 100 000) with two scheduled lines due on 2027-01-01: quarterly dues for adults by join month
# (criteria måned(indmeldelsesdato)=rul(3) og alder>=18, fixed 250.00) and water for everyone priced by an interval
# formula over the "meter reading" extra field (about 1 % of the readings lie beyond its ranges and are skipped).
# The application's own context on a fresh embedded PostgreSQL; the members are loaded through the REST CSV import
# first, untimed. Baseline, measured in the same run: reading the same member snapshots alone
# (MemberRegister.snapshots), the input the simulation cannot do without. Peak heap is the maximum heap in use
# sampled every 10 ms during the measured call, under -Xmx1g. See src/test/java/io/duesflow/billing/SimulateBenchmark.java.
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

out=$(mktemp /tmp/duesflow-bench-simulate.XXXXXX)
log=target/bench-simulate.log
trap 'rm -f "$out"' EXIT
# The application's own logging (WARN and up) goes to the log; the benchmark's lines to stdout.
# BENCH_JAVA_OPTS adds JVM options, e.g. a JFR recording: -XX:StartFlightRecording=filename=target/simulate.jfr
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.duesflow.billing.SimulateBenchmark "$size" 2>"$log" | tee "$out" | grep -v '^simulate size=' || true
result=$(grep '^simulate size=' "$out" | tail -1 || true)
if [ -z "$result" ]; then
  echo "the benchmark failed; the end of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "$result"
