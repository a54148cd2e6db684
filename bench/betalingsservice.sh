#!/usr/bin/env bash
# bench/run betalingsservice [--size N]: seconds for a run's Betalingsservice collection of N charges (default
# 100 000) written as a 0601 delivery and placed in the bank outbox (DirectDebitCollections.collect: charges,
# agreements and lines read, every payment checked and recorded, the charges put in collection, the delivery written
# from the record, read back and checked), plus the bank inbox's import of a 0602 of N completed payments for them
# (checked whole, then booked: charges settled, payments recorded, announced), under java -Xmx256m, in the
# application on a fresh embedded PostgreSQL. Members, agreements and the approved run are copied in first
# (untimed); a warm-up does the same for 20 000 other charges. Each call is printed on its own, with its processor
# time (JVM and PostgreSQL) and the split it logs; the result line adds them. Baseline, measured in the same run: the same number of 128-character records written plainly, the 0602 read
# plainly, and a COPY of N payment rows (best of 3). Peak heap: the maximum heap in use during the measured calls,
# sampled every 10 ms. See src/test/java/io/duesflow/payments/BetalingsserviceRunBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main betalingsservice 256m io.duesflow.payments.BetalingsserviceRunBenchmark "$size"
