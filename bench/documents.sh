#!/usr/bin/env bash
# bench/run documents [--size N]: seconds to render N invoices (default 2000) on 2 threads, each with subject, HTML
# body, plain text and an A4 PDF carrying an EPC QR code, in da/nl/en by turns; the same on 1 thread is printed
# before. No database, no mail: the rendering the mail benchmark builds on. No baseline. Peak heap is sampled every
# 10 ms under -Xmx512m. See src/test/java/io/duesflow/mail/DocumentRenderBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=2000
[ "${1:-}" = "--size" ] && size=$2
case "$size" in '' | *[!0-9]* | 0) echo "--size must be a positive whole number" >&2; exit 2 ;; esac

cd "$BENCH_ROOT"
echo "compiling main and test classes" >&2
mvn -q -B -ntp -DskipTests test-compile >&2
if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi

out=$(mktemp /tmp/duesflow-bench-documents.XXXXXX)
log=target/bench-documents.log
trap 'rm -f "$out"' EXIT
java -Xmx512m ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.duesflow.mail.DocumentRenderBenchmark "$size" 1 2 2>"$log" | tee "$out" | grep -v '^documents size=' || true
result=$(grep '^documents size=' "$out" | tail -1 || true)
if [ -z "$result" ]; then
  echo "the benchmark failed; the end of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "$result"
