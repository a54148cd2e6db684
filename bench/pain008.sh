#!/usr/bin/env bash
# bench/run pain008 [--size N]: seconds for Pain008Writer.writeValidated of a pain.008.001.08 file of N collections
# (default 100 000) under java -Xmx256m: two blocks (FRST a tenth, RCUR the rest), generated deterministically with
# Danish, Dutch, German and Austrian names and structured addresses, IBANs, BICs for seven in ten, RF references and
# a mandate amendment for one in a hundred. The measured call makes each DirectDebit (SEPA reduction, IBAN and RF
# checks), streams it with StAX, checks the blocks' declared totals, validates the file against the shipped XSD
# and renames it into place. Baseline, measured in the same run: the physical floor of the same work, i.e. the
# same rows written with a plain StAX writer in the same element structure (no records, reduction or checks) plus
# a bare javax.xml.validation check of that file with the same schema. Both get one untimed warm-up, then three
# alternating rounds; the best of each is reported (other builds on the machine only ever add time). Peak heap is
# the maximum heap in use during the measured calls, sampled every 10 ms and read before every garbage collection.
# No database and no Spring context. See src/test/java/io/duesflow/banking/Pain008Benchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 2 "$@")
run_bench_main pain008 256m io.duesflow.banking.Pain008Benchmark "$size"
