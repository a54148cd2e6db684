#!/usr/bin/env bash
# bench/run mail [--size N]: seconds from approving a run of N invoices (default 10 000) until an in-process SMTP
# server (GreenMail) has received every invoice mail, each rendered in the member's language with its PDF and EPC QR
# code and sent the production way (outbox queued at approval, the mail-outbox route, Camel Mail over SMTP).
# No baseline. The rate in mails/s is on the line before the last. Heap sampled every 10 ms, under -Xmx1g.
# See src/test/java/io/duesflow/mail/MailBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 10000 1 "$@")
run_bench_main mail 1g io.duesflow.mail.MailBenchmark "$size"
