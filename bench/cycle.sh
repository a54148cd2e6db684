#!/usr/bin/env bash
# bench/run cycle [--size N]: one whole month for N members (default 100 000) with two monthly lines, through the
# processes with the job executor on: generate, approve through the task, postings, N invoice mails to an SMTP server
# in another process (bench/smtp-sink.py), pain.008, a camt.053 paying 90 %, the first reminder round of the rest.
# Prints each step's seconds and the whole; goal ≤ 12 min on 2 cores, resident memory ≤ 1.5 GB.
# See src/test/java/io/duesflow/cycle/CycleBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 10 "$@")
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dduesflow.bench.smtp-sink=$BENCH_ROOT/bench/smtp-sink.py" \
  run_bench_main cycle 1g io.duesflow.cycle.CycleBenchmark "$size"
