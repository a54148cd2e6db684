#!/usr/bin/env bash
# bench/run betalingsservice-files [--size N]: seconds for Delivery0601Writer.writeChecked of a Betalingsservice 0601
# delivery of N payments (default 100 000) plus BetalingsserviceReader.paymentInformation and forEach over a 0602 of
# N completed payments, under java -Xmx256m. The payments are generated deterministically (Danish names and
# addresses with æ ø å, three text lines each); inside the measured calls each payment is checked and mapped,
# every record written, the totals checked, the file read back strictly and renamed into place; the 0602 is read
# twice (checked whole, then handed out). Baseline, measured in the same run: the same number of 128-character
# lines written plainly with a buffered Windows-1252 writer, and the 0602's lines read once with a plain
# BufferedReader. One untimed warm-up, then three alternating rounds; the best of each is reported. Peak heap is the
# maximum heap in use sampled every 10 ms during the measured calls. No database and no Spring context.
# See src/test/java/io/duesflow/banking/betalingsservice/BetalingsserviceBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 100000 1 "$@")
run_bench_main betalingsservice-files 256m io.duesflow.banking.betalingsservice.BetalingsserviceBenchmark "$size"
