#!/usr/bin/env bash
# bench/run nodes [--size N]: two application processes (java -jar target/duesflow.jar, both with the job executor) on
# one PostgreSQL server of the trial's own (initdb/pg_ctl from /usr/lib/postgresql, on a free port, under
# target/nodes/postgres; the machine's server is not touched), sharing one bank folder, and a real SMTP server in
# another process (bench/smtp-sink.py). Both start at the same moment. A run for N members (default 300) is generated
# in chunks of 100 that the two job executors take between them (the engine's job log says which node ran how many),
# approved through the REST door on both nodes at the same moment (one approval wins, the other is refused with 409),
# mailed and collected; a camt.053 in the shared inbox is imported once; the cycle's draft-day timer, made due, fires
# once. Then the crash trials' checks: every member billed once, every mail sent once, one pain.008 per date, every
# posting once; and no incident left.
# Lines: nodes doubles=D lost=L, then nodes size=N seconds=S baseline_seconds=- ratio=- peak_heap_mb=H (the larger
# node's heap). Logs: target/nodes/ (kept for a look). See src/test/java/io/duesflow/NodeTrials.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 300 1 "$@")
work=$BENCH_ROOT/target/nodes
rm -rf "$work"
run_trials "$work" '^nodes (size|doubles)=' io.duesflow.NodeTrials nodes "$size" "$JAR" "$BENCH_ROOT/bench/smtp-sink.py" "$work"
