package io.duesflow.mail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.duesflow.banking.PaymentReferences;

/**
 * How many invoices (subject, HTML body, text and PDF with QR code) the renderer makes per second, on one thread
 * and on several. Not a test: run it by hand, e.g.
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.duesflow.mail.DocumentRenderBenchmark -Dexec.args="2000 1 2"}
 * or from the IDE. Arguments: invoices per measurement (default 2000), then the thread counts (default 1 2).
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
        // Warm up: the JIT, the template cache and openhtmltopdf's static state.
        measure(renderer, Math.min(invoices, 500), 2);
        for (int threads : threadCounts) {
            Result result = measure(renderer, invoices, threads);
            System.out.printf("documents threads=%d invoices=%d seconds=%.2f invoices_per_second=%.1f avg_pdf_kb=%.1f%n",
                    threads, invoices, result.seconds(), invoices / result.seconds(), result.pdfBytes() / 1024.0 / invoices);
        }
    }

    /** The levels the application runs with (application.yml), not logback's bare default of DEBUG. */
    static void quietLogging() {
        var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
        context.getLogger("org.apache.pdfbox.pdmodel.font.PDType1Font").setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    record Result(double seconds, long pdfBytes) {
    }

    static Result measure(DocumentRenderer renderer, int invoices, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int i = first; i < invoices; i += threads) {
                        bytes.addAndGet(renderer.render(DocumentKind.INVOICE, invoice(i)).pdf().length);
                    }
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Result((System.nanoTime() - start) / 1e9, bytes.get());
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
