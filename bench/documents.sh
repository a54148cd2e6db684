#!/usr/bin/env bash
# bench/run documents [--size N]: seconds to render N invoices (default 2000) on 2 threads, each with subject, HTML
# body, plain text and an A4 PDF carrying an EPC QR code, in da/nl/en by turns; the same on 1 thread is printed
# before. No database, no mail: the rendering the mail benchmark builds on. No baseline. Peak heap is sampled every
# 10 ms under -Xmx512m. See src/test/java/io/duesflow/mail/DocumentRenderBenchmark.java.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
size=$(bench_size 2000 1 "$@")
run_bench_main documents 512m io.duesflow.mail.DocumentRenderBenchmark "$size" 1 2
