#!/usr/bin/env bash
# bench/run members-import [--size N]: seconds to import an N-row member CSV (default 100 000) through
# MemberImport, all or nothing (parse, validate, stage, merge, commit), into the application's own context on a
# fresh embedded PostgreSQL. Baseline, measured in the same run on the same database: a plain COPY of the same
# rows into the same five tables with the same indexes, in one transaction. Peak heap is the maximum heap in use
# sampled during the import. See src/test/java/io/duesflow/members/MembersImportBenchmark.java.
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

out=$(mktemp /tmp/duesflow-bench-members-import.XXXXXX)
log=target/bench-members-import.log
trap 'rm -f "$out"' EXIT
# The application's own logging (WARN and up) goes to the log; the benchmark's lines to stdout.
java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.duesflow.members.MembersImportBenchmark "$size" 2>"$log" | tee "$out" | grep -v '^members-import size=' || true
result=$(grep '^members-import size=' "$out" | tail -1 || true)
if [ -z "$result" ]; then
  echo "the benchmark failed; the end of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "$result"
