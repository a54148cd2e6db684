#!/usr/bin/env bash
# bench/run pain008 [--size N]: seconds for Pain008Writer.writeValidated of a pain.008.001.08 file of N collections
# (default 100 000) under java -Xmx256m: two blocks (FRST a tenth, RCUR the rest), generated deterministically with
# Danish, Dutch, German and Austrian names and structured addresses, IBANs, BICs for seven in ten, RF references and
# a mandate amendment for one in a hundred. The measured call makes each DirectDebit (SEPA reduction, IBAN and RF
# checks), streams it with StAX, checks the blocks' declared totals, validates the file against the shipped XSD
# and renames it into place. Baseline, measured in the same run: the physical floor of the same work, i.e. the
# same rows written with a plain StAX writer in the same element structure (no records, reduction or checks) plus
# a bare javax.xml.validation check of that file with the same schema. Both get one untimed warm-up, then three
# alternating rounds; the best of each is reported (other builds on the machine only ever add time). Peak heap is
# the maximum heap in use during the measured calls, sampled every 10 ms and read before every garbage collection.
# No database and no Spring context. See src/test/java/io/duesflow/banking/Pain008Benchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=100000
[ "${1:-}" = "--size" ] && size=$2
case "$size" in '' | *[!0-9]* | 0 | 1) echo "--size must be a whole number of at least 2" >&2; exit 2 ;; esac

cd "$BENCH_ROOT"
echo "compiling main and test classes" >&2
mvn -q -B -ntp -DskipTests test-compile >&2
if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi

out=$(mktemp /tmp/duesflow-bench-pain008.XXXXXX)
log=target/bench-pain008.log
trap 'rm -f "$out"' EXIT
# BENCH_JAVA_OPTS adds JVM options, e.g. a JFR recording: -XX:StartFlightRecording=filename=target/pain008.jfr
java -Xmx256m ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.duesflow.banking.Pain008Benchmark "$size" 2>"$log" | tee "$out" | grep -v '^pain008 size=' || true
result=$(grep '^pain008 size=' "$out" | tail -1 || true)
if [ -z "$result" ]; then
  echo "the benchmark failed; the end of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "$result"
