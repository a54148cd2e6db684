#!/usr/bin/env bash
# bench/run ledger [--size N]: seconds the ledger takes to book the approval of a run of N charges (default 100 000),
# each of two lines to one income account (one voucher of 2N journal lines: dues owed debited, dues credited per
# charge), and the payment of all of them from one camt.053 statement through the bank inbox (2N more: bank debited,
# dues owed credited per payment, a voucher per part of the file), read from the ledger's booking timer inside the
# approval and the import (whose seconds are printed beside). Baseline, measured in the same run: a PostgreSQL COPY
# of the same 4N rows, read back, into the same table, through the same database rules and the balance check at
# commit. Peak heap is sampled every 10 ms during the approval and the import, under -Xmx512m.
# See src/test/java/io/duesflow/ledger/LedgerBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main ledger 512m io.duesflow.ledger.LedgerBenchmark "$size"
