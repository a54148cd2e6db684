#!/usr/bin/env bash
# bench/run camt053 [--size N]: seconds for the bank inbox's import of a camt.053.001.08 statement of N credits
# (default 100 000; 69 % our direct debits by end-to-end id, 20 % RF references, 10 % only amount and payer's IBAN,
# 1 % matching nothing) against N open charges, under java -Xmx256m, in the application on a fresh embedded
# PostgreSQL: recognised, schema-checked while streamed into the database, matched and booked in one transaction.
# The members, mandates and charges are copied in first (untimed); a warm-up imports 5 000 other credits. Baseline,
# measured in the same run: a plain StAX read of the same file (best of 3). Peak heap: the maximum heap in use
# during the import, sampled every 10 ms. The time until the unmatched credits' tasks exist is printed, not counted.
# See src/test/java/io/duesflow/payments/Camt053Benchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main camt053 256m io.duesflow.payments.Camt053Benchmark "$size"
