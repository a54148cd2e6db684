#!/usr/bin/env bash
# bench/run outages [--size N]: the application as its own process (java -jar target/duesflow.jar, job executor on) on
# a PostgreSQL server of the trial's own (initdb/pg_ctl from /usr/lib/postgresql, on a free port, under
# target/outages/postgres; the machine's server is not touched) and a real SMTP server in another process
# (bench/smtp-sink.py). A run for 200 members is generated, approved and mailed; the SMTP server stops after the first
# mail it accepts and stays down N seconds (default 30; --size 300 for five minutes), then starts again on the same
# port. PostgreSQL is restarted (pg_ctl restart -m fast: every connection cut) during generation, just after the
# approval, while the SMTP server is down and during the statement's import. Then: the run sent and collected, every
# mail sent once, nothing doubled or lost (the crash trials' checks), no incident left.
# Mail delivery is retried after 5 s, 10 s, 20 s … here (DUESFLOW_MAIL_OUTBOX_RETRYBASE=5s; 30 s by default).
# Lines: outages doubles=D lost=L, then outages size=N seconds=S baseline_seconds=- ratio=- peak_heap_mb=H.
# Logs: target/outages/ (kept for a look). See src/test/java/io/duesflow/NodeTrials.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 30 1 "$@")
work=$BENCH_ROOT/target/outages
rm -rf "$work"
run_trials "$work" '^outages (size|doubles)=' io.duesflow.NodeTrials outages "$size" "$JAR" "$BENCH_ROOT/bench/smtp-sink.py" "$work"
