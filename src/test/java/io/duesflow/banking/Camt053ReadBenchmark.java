package io.duesflow.banking;

import static io.duesflow.BenchSupport.mb;
import static io.duesflow.BenchSupport.seconds;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;

import io.duesflow.BenchSupport;
import io.duesflow.banking.statements.BankFileLimits;
import io.duesflow.banking.statements.BankFileReader;
import io.duesflow.banking.statements.BankFileVisitor;
import io.duesflow.banking.statements.Entry;
import io.duesflow.banking.statements.EntryTransaction;
import io.duesflow.banking.statements.Statement;
import org.springframework.util.unit.DataSize;

/**
 * {@code bench/run camt053-read --size N}: {@link BankFileReader#read} of a camt.053.001.08 statement of N credits
 * (default 100 000; {@link Camt053BenchFile}, written once, untimed), under {@code -Xmx256m}. The measured call
 * recognises the file, checks every element against the official schema while streaming it, and hands each
 * statement, entry and transaction to a visitor as records; the visitor counts them and adds up the amounts (and
 * the total is checked against the closing balance, so nothing is skipped).
 *
 * <p>The baseline is the physical floor of reading the same file, measured in the same run: a plain StAX read
 * (the JDK's parser, same buffer) that walks every event and touches every text, with no schema and no records.
 * Both get one untimed warm-up, then three rounds alternate; the best of each counts. A bare schema check of the
 * file ({@code javax.xml.validation}, no records) is timed beside them and printed, not part of the ratio: it shows
 * what the check alone costs. Peak heap is the largest
 * heap in use during the measured calls ({@link Pain008Benchmark.PeakHeap}). The last line printed is
 * {@code camt053-read size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}. The payments room's
 * {@code camt053} benchmark (import and match) builds on the same file.
 */
public final class Camt053ReadBenchmark {

    private static final int ROUNDS = 3;
    /** Standard output as the JVM started; {@link BenchSupport#main} sends everything else to stderr. */
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        BenchSupport.main("camt053-read", args, 100_000, Camt053ReadBenchmark::run);
    }

    private static String run(int size, Path folder) throws Exception {
        // Large sizes make files beyond the default 100 MB: the benchmark measures reading, not the limit.
        BankFileReader reader = new BankFileReader(new BankFileLimits(DataSize.ofGigabytes(2)));
        Path warmUp = folder.resolve("warm-up.xml");
        Camt053BenchFile.write(warmUp, Math.min(size, 20_000));
        read(reader, warmUp);
        plainRead(warmUp);
        Files.delete(warmUp);

        Path file = folder.resolve("camt053-bench.xml");
        long t0 = System.nanoTime();
        Camt053BenchFile.write(file, size);
        OUT.printf(Locale.ROOT, "wrote a camt.053.001.08 of %d credits, %.1f MB, in %.2f s (untimed)%n", size,
                Files.size(file) / 1048576.0, seconds(System.nanoTime() - t0));

        double seconds = Double.MAX_VALUE;
        double baselineSeconds = Double.MAX_VALUE;
        double bareCheckSeconds = Double.MAX_VALUE;
        long peakHeap = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            System.gc();
            long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            Pain008Benchmark.PeakHeap peak = Pain008Benchmark.PeakHeap.start();
            long t1 = System.nanoTime();
            Counted counted;
            try {
                counted = read(reader, file);
            } finally {
                peak.stop();
            }
            double measured = seconds(System.nanoTime() - t1);
            if (counted.entries != size || counted.transactions != size
                    || counted.sum.compareTo(counted.closing) != 0) {
                throw new IllegalStateException("The reader handed over " + counted.entries + " entries and "
                        + counted.transactions + " transactions summing to " + counted.sum + ", not " + size
                        + " credits summing to the closing balance " + counted.closing);
            }
            seconds = Math.min(seconds, measured);
            peakHeap = Math.max(peakHeap, peak.peak());
            OUT.printf(Locale.ROOT, "round %d: read, checked and handed over %d entries (%s EUR) in %.2f s; heap %d "
                            + "MB before, peak %d MB, at most %d MB still in use after a collection%n", round,
                    counted.entries, counted.sum.toPlainString(), measured, mb(heapBefore), mb(peak.peak()),
                    mb(peak.maxAfterCollection()));

            long t3 = System.nanoTime();
            Iso20022Schemas.schema("camt.053.001.08").newValidator().validate(new StreamSource(file.toFile()));
            bareCheckSeconds = Math.min(bareCheckSeconds, seconds(System.nanoTime() - t3));

            long t2 = System.nanoTime();
            long characters = plainRead(file);
            double baseline = seconds(System.nanoTime() - t2);
            baselineSeconds = Math.min(baselineSeconds, baseline);
            OUT.printf(Locale.ROOT, "round %d: baseline, plain StAX read of every event (%d characters of text) in "
                    + "%.2f s%n", round, characters, baseline);
        }
        long peakMb = mb(peakHeap);
        OUT.printf(Locale.ROOT, "best of %d: %.2f s, baseline %.2f s; peak heap %d MB of -Xmx %d MB%n", ROUNDS,
                seconds, baselineSeconds, peakMb, mb(Runtime.getRuntime().maxMemory()));
        OUT.printf(Locale.ROOT, "  for comparison: a bare schema check of the same file (javax.xml.validation, no "
                + "records), best of %d, takes %.2f s%n", ROUNDS, bareCheckSeconds);
        return String.format(Locale.ROOT, "camt053-read size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                + "peak_heap_mb=%d", size, seconds, baselineSeconds, seconds / baselineSeconds, peakMb);
    }

    /** What the measured visitor saw. */
    private static final class Counted implements BankFileVisitor {
        long entries;
        long transactions;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal closing;

        @Override
        public void statement(Statement statement) {
            closing = statement.closing().amount();
        }

        @Override
        public void entry(Entry entry) {
            entries++;
        }

        @Override
        public void transaction(Entry entry, EntryTransaction transaction) {
            transactions++;
            sum = sum.add(transaction.amount().value());
        }
    }

    private static Counted read(BankFileReader reader, Path file) throws IOException {
        Counted counted = new Counted();
        reader.read(file, counted);
        return counted;
    }

    /** Every event of the file through the JDK's StAX parser, every text touched; nothing kept: the baseline. */
    public static long plainRead(Path file) throws IOException, XMLStreamException {
        long characters = 0;
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.CHARACTERS) {
                    characters += xml.getTextLength();
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    characters += xml.getAttributeCount();
                }
            }
            xml.close();
        }
        return characters;
    }

}
