#!/usr/bin/env bash
# bench/run dunning [--size N]: a sent run of N charges (default 100 000) of which 10 % are unpaid on the first
# reminder date: the run's dunning process (job executor on) collects them, the treasurer approves the round with a
# 50 kr fee over REST, and the reminders go out with their PDFs to an in-process SMTP server (GreenMail) the
# production way. seconds = selection + approval (goal ≤ 3 s); the sending's rate (mails/s, compare bench/run mail)
# is on the line before. No baseline. Under -Xmx1g. See src/test/java/io/duesflow/dunning/DunningBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 10 "$@")
run_bench_main dunning 1g io.duesflow.dunning.DunningBenchmark "$size"
