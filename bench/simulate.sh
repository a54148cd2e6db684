#!/usr/bin/env bash
# bench/run simulate [--size N]: seconds for one BillingRules.simulate over January 2027 on a register of N members
# (default 100 000) with two scheduled lines due on 2027-01-01: quarterly dues for adults by join month
# (criteria måned(indmeldelsesdato)=rul(3) og alder>=18, fixed 250.00) and water for everyone priced by an interval
# formula over the "meter reading" extra field (about 1 % of the readings lie beyond its ranges and are skipped).
# The application's own context on a fresh embedded PostgreSQL; the members are loaded through the REST CSV import
# first, untimed. Baseline, measured in the same run: reading the same member snapshots alone
# (MemberRegister.snapshotsBetween, in the same pages), the input the simulation cannot do without. Peak heap is the maximum heap in use
# sampled every 10 ms during the measured call, under -Xmx512m. See src/test/java/io/duesflow/billing/SimulateBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main simulate 512m io.duesflow.billing.SimulateBenchmark "$size"
