#!/usr/bin/env bash
# bench/run billing-run [--size N]: seconds to generate a scheduled run of two lines over N members (default
# 100 000; both lines due on one day, so one charge with two lines per member), in chunks of 1 000, then to approve
# it (numbers and payment references). Baseline, measured in the same run: a PostgreSQL COPY of the same charges and
# lines into the same tables. Peak heap is the maximum heap in use sampled every 10 ms during generation and
# approval, under -Xmx512m. The approval's seconds are on the line before the last.
# See src/test/java/io/duesflow/billing/BillingRunBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main billing-run 512m io.duesflow.billing.BillingRunBenchmark "$size"
