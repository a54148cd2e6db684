#!/usr/bin/env bash
# bench/run faults [--size N]: N crash trials (default 20). Each trial runs the month's path against the application
# as its own process (java -jar target/duesflow.jar, job executor on, embedded PostgreSQL in the trial's folder) and a
# real SMTP server in another process (bench/smtp-sink.py, which logs every accepted mail's Message-ID before its 250):
# association and register over REST (POST /api/members/import), a monthly line, a scheduled run over three months,
# generate, approve through the REST door, the mails, the pain.008 files, a camt.053 in the bank inbox paying two thirds
# of the invoiced charges. At a random moment of one phase (generation, approval, mail, pain.008, camt import, ledger
# posting) the java process gets kill -9 and is started again on the same folder; when the engine's jobs have finished,
# SQL and the SMTP log are checked: one charge per member and due date, every mail sent once, one pain.008 per run,
# date and sequence, the statement booked once, every posting once, every voucher balanced.
# The trials set the engine's job lock to 15 s (CAMUNDA_BPM_JOBEXECUTION_LOCKTIMEINMILLIS): a job the killed process
# had locked is taken again after that (5 min by default).
# The last line: faults trials=N doubles=D lost=L. Logs and data folders: target/faults/ (kept for a look).
# BENCH_JAVA_OPTS=-Dfaults.phases=approval,pain008 chooses the phases; -Dfaults.seed=S repeats a run.
# See src/test/java/io/duesflow/FaultTrials.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 20 1 "$@")
build_jar_if_stale
cd "$BENCH_ROOT"
echo "compiling test classes" >&2
mvn -q -B -ntp -DskipTests test-compile >&2
if [ ! -s target/bench-classpath.txt ] || [ pom.xml -nt target/bench-classpath.txt ]; then
  mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi
work=target/faults
# The first start's folder (schema and engine only) is kept while the jar is the same: trials start from copies of it.
if [ -d "$work/template" ] && [ "$JAR" -nt "$work/template" ]; then rm -rf "$work/template"; fi
find "$work" -mindepth 1 -maxdepth 1 ! -name template -exec rm -rf {} + 2>/dev/null || true
mkdir -p "$work"
out=$(mktemp /tmp/duesflow-bench-faults.XXXXXX)
status=0
# shellcheck disable=SC2086
java -Xmx256m ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:$(cat target/bench-classpath.txt)" io.duesflow.FaultTrials \
  "$size" "$JAR" "$BENCH_ROOT/bench/smtp-sink.py" "$work" 2>"$work/trials.log" | tee "$out" | grep --line-buffered -v '^faults trials=' ||
  status=$?
result=$(grep '^faults trials=' "$out" | tail -1 || true)
rm -f "$out"
if [ -z "$result" ]; then
  echo "the trials failed; the end of $work/trials.log:" >&2
  tail -40 "$work/trials.log" >&2
  exit 1
fi
echo "$result"
case "$result" in *" doubles=0 lost=0") ;; *) exit 1 ;; esac
