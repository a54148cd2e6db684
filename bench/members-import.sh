#!/usr/bin/env bash
# bench/run members-import [--size N]: seconds to import an N-row member CSV (default 100 000) through
# MemberImport, all or nothing (parse, validate, stage, merge, commit), into the application's own context on a
# fresh embedded PostgreSQL. Baseline, measured in the same run on the same database: a plain COPY of the same
# rows into the same five tables with the same indexes, in one transaction. Peak heap is the maximum heap in use
# sampled during the import, under java -Xmx512m: the CSV and the baseline's COPY text are written to files first
# and read from there, as an upload arrives, so a register of 1 000 000 members never sits in the heap. See src/test/java/io/duesflow/members/MembersImportBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main members-import 512m io.duesflow.members.MembersImportBenchmark "$size"
