#!/usr/bin/env bash
# bench/run camt053-read [--size N]: seconds for BankFileReader.read of a camt.053.001.08 statement of N credits
# (default 100 000) under java -Xmx256m: one entry per credit, each with one transaction detail (end-to-end id,
# RF reference or only amount and IBAN, payer name and IBAN), generated deterministically and written once,
# untimed. The measured call recognises the file by its namespace, checks it against the shipped XSD while
# streaming it, and hands every statement, entry and transaction to a visitor as records; the visitor's total
# must equal the closing balance. Baseline, measured in the same run: a plain StAX read of the same file (every
# event, every text touched, no schema, no records). One untimed warm-up, then three alternating rounds; the best
# of each is reported, and a bare schema check of the same file is printed beside them. Peak heap: the maximum
# heap in use during the measured calls, sampled every 10 ms and read before every garbage collection. No
# database and no Spring context.
# See src/test/java/io/duesflow/banking/Camt053ReadBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main camt053-read 256m io.duesflow.banking.Camt053ReadBenchmark "$size"
