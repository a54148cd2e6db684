package io.duesflow.mail;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.duesflow.BenchSupport;
import io.duesflow.banking.PaymentReferences;

/**
 * How many invoices (subject, HTML body, plain text and PDF with QR code) the renderer makes per second, on one
 * thread and on several, and the processor time each takes; then, for comparison, on one thread a quarter as many
 * with an association's own PDF template, which are printed from HTML. Not a test: {@code bench/run documents
 * [--size N]} runs it. Arguments: invoices per measurement (default 2000), then the thread counts (default 1 2).
 * The last line, in the shape bench/run expects, is the last thread count's with the built-in letter.
 */
public final class DocumentRenderBenchmark {

    public static void main(String[] args) throws Exception {
        int invoices = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<Integer> threadCounts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            threadCounts.add(Integer.parseInt(args[i]));
        }
        if (threadCounts.isEmpty()) {
            threadCounts = List.of(1, 2);
        }
        quietLogging();
        DocumentRenderer renderer = Documents.renderer();
        // Warm up: the JIT, the template cache and the PDF library's static state.
        measure(renderer, Math.min(invoices, 500), 2);
        Result result = null;
        for (int threads : threadCounts) {
            result = measure(renderer, invoices, threads);
            print("", threads, invoices, result);
        }
        Path own = Files.createTempDirectory("duesflow-own-templates");
        try {
            // A copy of the built-in letter is an own PDF template: the same invoice, printed from HTML.
            Path letter = own.resolve(DocumentTemplates.LETTER + ".html");
            Files.createDirectories(letter.getParent());
            try (InputStream builtIn = DocumentRenderBenchmark.class.getResourceAsStream(
                    "/" + DocumentTemplates.FOLDER + DocumentTemplates.LETTER + ".html")) {
                Files.copy(builtIn, letter);
            }
            DocumentRenderer printing = Documents.renderer(own);
            int fewer = Math.max(1, invoices / 4);
            measure(printing, Math.min(fewer, 200), 1);
            print("own_pdf_template ", 1, fewer, measure(printing, fewer, 1));
        } finally {
            BenchSupport.deleteRecursively(own);
        }
        System.out.printf(Locale.ROOT, "documents size=%d seconds=%.2f baseline_seconds=- ratio=- peak_heap_mb=%d%n",
                invoices, result.seconds(), result.peakHeapMb());
    }

    private static void print(String what, int threads, int invoices, Result result) {
        System.out.printf(Locale.ROOT, "%sthreads=%d invoices=%d seconds=%.2f invoices_per_second=%.1f "
                        + "cpu_ms_per_invoice=%.2f allocated_kb_per_invoice=%.0f avg_pdf_kb=%.1f peak_heap_mb=%d%n",
                what, threads, invoices, result.seconds(), invoices / result.seconds(),
                CpuUse.ms(result.renderCpuNanos(), invoices), result.allocatedBytes() / 1024.0 / invoices,
                result.pdfBytes() / 1024.0 / invoices, result.peakHeapMb());
        System.out.print(result.cpu());
    }

    /** The levels the application runs with (application.yml), not logback's bare default of DEBUG. */
    static void quietLogging() {
        var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
        context.getLogger("org.apache.pdfbox.pdmodel.font.PDType1Font").setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    /**
     * @param renderCpuNanos processor time of the rendering threads alone; {@code cpu} says where all of it went
     * @param allocatedBytes what the rendering threads allocated (and the garbage collector collects again)
     */
    record Result(double seconds, long pdfBytes, long peakHeapMb, long renderCpuNanos, long allocatedBytes,
                  String cpu) {
    }

    static Result measure(DocumentRenderer renderer, int invoices, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong bytes = new AtomicLong();
        AtomicLong renderCpu = new AtomicLong();
        AtomicLong allocated = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 10, TimeUnit.MILLISECONDS);
        CpuUse.Snapshot cpuAtStart = CpuUse.now();
        long start = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    long cpu = CpuUse.currentThreadNanos();
                    long allocatedBefore = CpuUse.currentThreadAllocatedBytes();
                    for (int i = first; i < invoices; i += threads) {
                        bytes.addAndGet(renderer.render(DocumentKind.INVOICE, invoice(i)).pdf().length);
                    }
                    renderCpu.addAndGet(CpuUse.currentThreadNanos() - cpu);
                    allocated.addAndGet(CpuUse.currentThreadAllocatedBytes() - allocatedBefore);
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Before the pool ends, while its threads still say what they used.
            return new Result(seconds, bytes.get(), peakHeap.get() / (1024 * 1024), renderCpu.get(), allocated.get(),
                    CpuUse.report(cpuAtStart, CpuUse.now(), invoices, "invoice"));
        } finally {
            pool.shutdown();
            sampler.shutdown();
        }
    }

    /** A different invoice each time (number, reference, member, amount), so no cache can cheat. */
    static ChargeDocument invoice(int i) {
        Language language = Language.values()[i % Language.values().length];
        String number = String.format("2027-%05d", i + 1);
        ChargeDocument.Debtor template = Documents.member(language);
        ChargeDocument.Debtor member = new ChargeDocument.Debtor(10_000 + i, template.name() + " " + i,
                template.address(), template.email(), language);
        BigDecimal dues = new BigDecimal(900 + i % 300).setScale(2);
        List<ChargeDocument.Line> lines = List.of(new ChargeDocument.Line("Contributie 2027", dues),
                new ChargeDocument.Line("Botenloods", new BigDecimal("184.50")));
        return new ChargeDocument(Documents.DUTCH_CLUB, member, number, Documents.ISSUED, Documents.DUE,
                Documents.YEAR_2027, lines, dues.add(new BigDecimal("184.50")), null, null, null, null, null,
                ChargeDocument.Payment.byInvoice(PaymentReferences.rfFromCharge(number), null));
    }
}
