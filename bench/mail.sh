#!/usr/bin/env bash
# bench/run mail [--size N]: seconds from approving a run of N invoices (default 10 000) until an in-process SMTP
# server (GreenMail) has received every invoice mail, each rendered in the member's language with its PDF and EPC QR
# code and sent the production way (outbox queued at approval, the mail-outbox route, Camel Mail over SMTP).
# No baseline. The rate in mails/s is on the line before the last. Heap sampled every 10 ms, under -Xmx1g.
# See src/test/java/io/duesflow/mail/MailBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=10000
[ "${1:-}" = "--size" ] && size=$2
case "$size" in '' | *[!0-9]* | 0) echo "--size must be a positive whole number" >&2; exit 2 ;; esac

cd "$BENCH_ROOT"
echo "compiling main and test classes" >&2
mvn -q -B -ntp -DskipTests test-compile >&2
if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi

out=$(mktemp /tmp/duesflow-bench-mail.XXXXXX)
log=target/bench-mail.log
trap 'rm -f "$out"' EXIT
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  io.duesflow.mail.MailBenchmark "$size" 2>"$log" | tee "$out" | grep -v '^mail size=' || true
result=$(grep '^mail size=' "$out" | tail -1 || true)
if [ -z "$result" ]; then
  echo "the benchmark failed; the end of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "$result"
