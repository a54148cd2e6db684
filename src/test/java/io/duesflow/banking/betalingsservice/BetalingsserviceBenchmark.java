package io.duesflow.banking.betalingsservice;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import io.duesflow.BenchSupport;

/**
 * {@code bench/run betalingsservice-files --size N}: {@link Delivery0601Writer#writeChecked} of a 0601 delivery of
 * N payments (default 100 000), then {@link BetalingsserviceReader#paymentInformation} and its
 * {@link VerifiedDelivery#forEach} over a 0602 of N completed payments. The payments are generated
 * deterministically from their number, as a stand-in for the SQL cursor behind a run: Danish names and addresses
 * (æ ø å), a post code, three text lines each, amounts from 25 to 1 025 DKK; the declared count and total come from
 * a first pass over the generator, untimed, as the caller gets them from SQL. The 0602 is written untimed.
 *
 * <p>Inside the measured calls: each {@link CollectionPayment} is made (its checks and text mapping), every record
 * is written and the totals checked, the file is read back strictly and renamed into place; the 0602 is read twice,
 * every record parsed and every total checked, then handed out. The baseline is the physical floor of the same
 * work, measured in the same run: writing the same number of 128-character lines plainly (one buffered Windows-1252
 * writer, a line with its number in it) and reading the 0602's lines once with a plain {@link BufferedReader}. One
 * untimed warm-up, then three alternating rounds; the best of each counts (on a shared machine other work only
 * adds time). Peak heap is the largest heap in use sampled every 10 ms during the measured calls. The last line is
 * {@code betalingsservice-files size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}.
 */
public final class BetalingsserviceBenchmark {

    private static final PrintStream OUT = System.out;
    private static final int ROUNDS = 3;
    private static final LocalDate CREATED = LocalDate.of(2027, 1, 15);
    private static final LocalDate PAYMENT_DATE = LocalDate.of(2027, 2, 1);
    private static final BetalingsserviceCreditor CREDITOR = new BetalingsserviceCreditor("29349444", "BS1",
            "03985644", 1, "DUESFLOW", "IDRÆTSFORENINGEN ÆRØ & OMEGN");

    private static final String[] FIRST = {"Anne", "Bo", "Søren", "Åse", "Bjørn", "Grethe", "Jens", "Mette",
            "Ærling", "Hans-Peter", "Ida", "Lars", "Jørgen", "Kirsten", "Mads", "Sofie"};
    private static final String[] LAST = {"Jensen", "Sørensen", "Møller", "Kjærgaard", "Østergaard", "Nielsen",
            "Hansen", "Ærø", "Pedersen", "Andersen", "Christensen", "Larsen", "Rasmussen", "Thomsen"};
    private static final String[] STREETS = {"Søndergade", "Østerbrogade", "Kirkevej", "Åboulevarden", "Vestergade",
            "Nørregade", "Strandvejen", "Skovvej", "Bygaden", "Møllevej"};
    private static final String[] POST_CODES = {"8000", "2100", "5970", "9000", "6700", "4000", "7100", "3000"};

    private BetalingsserviceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1");
        }
        Path folder = Files.createTempDirectory("duesflow-bench-betalingsservice");
        try {
            OUT.println(run(size, folder));
        } finally {
            BenchSupport.deleteRecursively(folder);
        }
    }

    private static String run(int size, Path folder) throws Exception {
        Delivery0601Writer writer = new Delivery0601Writer();
        int warmUp = Math.min(size, 20_000);
        Path warmUp0602 = write0602(warmUp, folder.resolve("warm-up-0602.txt"));
        writer.writeChecked(delivery(warmUp), folder.resolve("warm-up-0601.txt"));
        read(warmUp0602);
        plainWrite(lines0601(warmUp), folder.resolve("warm-up-plain.txt"));
        plainRead(warmUp0602);

        Path file0602 = write0602(size, folder.resolve("0602.txt"));
        CollectionDelivery delivery = delivery(size);
        long lines = lines0601(size);
        double best = Double.MAX_VALUE;
        double bestBaseline = Double.MAX_VALUE;
        long peak = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            Path target = folder.resolve("0601.txt");
            System.gc();
            BenchSupport.HeapSampler heap = BenchSupport.HeapSampler.started();
            long t0 = System.nanoTime();
            DeliveryInfo written = writer.writeChecked(delivery, target);
            long t1 = System.nanoTime();
            long[] read = read(file0602);
            long t2 = System.nanoTime();
            long peakMb = heap.stop();
            double writeSeconds = BenchSupport.seconds(t1 - t0);
            double readSeconds = BenchSupport.seconds(t2 - t1);
            best = Math.min(best, writeSeconds + readSeconds);
            peak = Math.max(peak, peakMb);
            OUT.printf(Locale.ROOT, "round %d: wrote and read back a 0601 of %d payments, %d records, %s DKK, %.1f MB "
                            + "in %.2f s; checked and read a 0602 of %d payments, %s DKK, in %.2f s; peak heap %d MB%n",
                    round, written.dataRecords(), Files.size(target) / 130, written.netAmount().toPlainString(),
                    Files.size(target) / 1048576.0, writeSeconds, read[0], BigDecimal.valueOf(read[1], 2)
                            .toPlainString(), readSeconds, peakMb);
            Files.delete(target);

            Path plain = folder.resolve("plain.txt");
            long b0 = System.nanoTime();
            plainWrite(lines, plain);
            long b1 = System.nanoTime();
            long plainLines = plainRead(file0602);
            long b2 = System.nanoTime();
            bestBaseline = Math.min(bestBaseline, BenchSupport.seconds(b2 - b0));
            OUT.printf(Locale.ROOT, "round %d: baseline, %d plain 128-character lines written in %.2f s, the 0602's %d "
                    + "lines read in %.2f s%n", round, lines, BenchSupport.seconds(b1 - b0), plainLines,
                    BenchSupport.seconds(b2 - b1));
            Files.delete(plain);
        }
        OUT.printf(Locale.ROOT, "best of %d: %.2f s, baseline %.2f s; peak heap %d MB of -Xmx %d MB%n", ROUNDS, best,
                bestBaseline, peak, BenchSupport.mb(Runtime.getRuntime().maxMemory()));
        return String.format(Locale.ROOT, "betalingsservice-files size=%d seconds=%.2f baseline_seconds=%.2f "
                + "ratio=%.2f peak_heap_mb=%d", size, best, bestBaseline, best / bestBaseline, peak);
    }

    // --- the 0601 -----------------------------------------------------------------------------------------------

    /** One member's charge as the database would give it: raw text, not yet checked. */
    private record Row(long number, long ore, String name, String street, String postCode) {

        CollectionPayment payment() {
            return new CollectionPayment(CustomerNumbers.forMember(number), Long.toString(100_000 + number),
                    BigDecimal.valueOf(ore, 2), PAYMENT_DATE, "2027-" + number,
                    new DebtorNameAndAddress(name, street, null, postCode, "DK"),
                    List.of("Kontingent 2027 for " + name, "Perioden 01.01.2027 - 31.12.2027",
                            "Medlem nr. " + number));
        }
    }

    private static Row row(long number) {
        SplittableRandom r = new SplittableRandom(number * 0x9E3779B97F4A7C15L + 601);
        return new Row(number, 2_500 + r.nextInt(100_000), FIRST[r.nextInt(FIRST.length)] + " "
                + LAST[r.nextInt(LAST.length)], STREETS[r.nextInt(STREETS.length)] + " " + (1 + r.nextInt(180)),
                POST_CODES[r.nextInt(POST_CODES.length)]);
    }

    private static CollectionDelivery delivery(int size) {
        BigDecimal total = BigDecimal.valueOf(LongStream.rangeClosed(1, size).map(n -> row(n).ore()).sum(), 2);
        return new CollectionDelivery(CREDITOR, 710, CREATED, size, total,
                () -> LongStream.rangeClosed(1, size).mapToObj(n -> row(n).payment()));
    }

    /** 002, 012, per payment 3 × 022 (name, address, post code), 042 and 3 × 052, then 092 and 992. */
    private static long lines0601(int size) {
        return 4 + 7L * size;
    }

    // --- the 0602 -----------------------------------------------------------------------------------------------

    private static Path write0602(int size, Path file) throws IOException {
        List<String> lines = new ArrayList<>(size + 5);
        lines.add(NetsLines.deliveryStart("0602", "0000004711", "020227"));
        lines.add(NetsLines.sectionStart("0211"));
        long net = 0;
        for (long n = 1; n <= size; n++) {
            long ore = row(n).ore();
            net += ore;
            String reference = "2027-" + n;
            lines.add(NetsLines.automaticPayment("0236", CustomerNumbers.forMember(n),
                    String.format("%09d", 100_000 + n), "010227", '1', ore, reference + " ".repeat(30
                            - reference.length()), "010227", "020227", ore));
        }
        lines.add(NetsLines.sectionEnd("0211", size, net));
        lines.add(NetsLines.deliveryEnd("0602", 1, size, net));
        return NetsLines.write(file, lines);
    }

    /** Count and total in øre of what the reader handed out. */
    private static long[] read(Path file) throws IOException {
        AtomicLong count = new AtomicLong();
        AtomicLong ore = new AtomicLong();
        BetalingsserviceReader.paymentInformation(file).forEach(payment -> {
            count.incrementAndGet();
            ore.addAndGet(payment.paidAmount().movePointRight(2).longValueExact());
        });
        return new long[] {count.get(), ore.get()};
    }

    // --- the baseline -------------------------------------------------------------------------------------------

    private static void plainWrite(long lines, Path file) throws IOException {
        char[] line = ("BS042" + "X".repeat(123)).toCharArray();
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                RecordLines.WINDOWS_1252), 1 << 16)) {
            for (long n = 0; n < lines; n++) {
                long rest = n;
                for (int i = 12; i >= 5; i--) {
                    line[i] = (char) ('0' + rest % 10);
                    rest /= 10;
                }
                out.write(line);
                out.write("\r\n");
            }
        }
    }

    private static long plainRead(Path file) throws IOException {
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(file, RecordLines.WINDOWS_1252)) {
            while (in.readLine() != null) {
                lines++;
            }
        }
        return lines;
    }
}
