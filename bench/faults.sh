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
work=$BENCH_ROOT/target/faults
# The first start's folder (schema and engine only) is kept while the jar is the same: trials start from copies of it.
if [ -d "$work/template" ] && [ "$JAR" -nt "$work/template" ]; then rm -rf "$work/template"; fi
find "$work" -mindepth 1 -maxdepth 1 ! -name template -exec rm -rf {} + 2>/dev/null || true
run_trials "$work" '^faults trials=' io.duesflow.FaultTrials "$size" "$JAR" "$BENCH_ROOT/bench/smtp-sink.py" "$work"
