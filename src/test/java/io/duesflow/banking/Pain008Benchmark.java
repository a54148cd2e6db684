package io.duesflow.banking;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.stream.StreamSource;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * {@code bench/run pain008 --size N}: {@link Pain008Writer#writeValidated} of a pain.008.001.08 file of N
 * collections (default 100 000) in two blocks, FRST (a tenth, new members) and RCUR (the rest). The collections
 * are generated deterministically from their number, as a stand-in for the SQL cursor behind the real file:
 * Danish, Dutch, German and Austrian names and structured addresses (æ ø å ß ü ’ …), IBANs with their check digits,
 * a BIC for seven in ten, an RF reference each, a mandate amendment for one in a hundred. Inside the measured call
 * each collection becomes a {@link DirectDebit} (SEPA reduction, IBAN and RF checks), is written with StAX, the
 * block totals are checked, and the file is validated against the schema and renamed into place. The declared
 * counts and sums come from a first pass over the generator, untimed, as the caller gets them from SQL.
 *
 * <p>The baseline is the physical floor of the same work, measured in the same run: the same generated rows
 * written with a plain StAX writer in the same element structure (no records, no reduction, no checks), then that
 * file validated with a bare {@link javax.xml.validation.Validator} of the same cached schema. Both get one
 * untimed warm-up run first, then three rounds alternate; the best round of each counts (on a shared machine other
 * work only adds time). Peak heap is the largest heap in use seen during the measured calls, sampled every 10 ms
 * and at every garbage collection (the usage just before it). The last line printed is
 * {@code pain008 size=N seconds=S baseline_seconds=B ratio=R peak_heap_mb=H}.
 */
public final class Pain008Benchmark {

    static final LocalDate FIRST_DATE = LocalDate.of(2027, 1, 5);
    static final LocalDate RECURRING_DATE = LocalDate.of(2027, 1, 6);
    static final Creditor CREDITOR = new Creditor("Idrætsforeningen Ærø & Omegn",
            new PostalAddress("Vestergade", "32", "5970", "Ærøskøbing", "DK"), "DE89370400440532013000",
            "COBADEFFXXX", "DE98ZZZ09999999999");

    private static final String[] FIRST = {"Anne", "Bo", "Søren", "Åse", "Bjørn", "Jürgen", "Zoë", "Maarten",
            "Anneke", "Françoise", "Grethe", "Jens", "Mette", "Ærling", "Hans-Peter", "Ida", "Lars", "Jörg"};
    private static final String[] LAST = {"Jensen", "Sørensen", "Møller", "Kjærgaard", "Østergaard", "de Vries",
            "van ’t Hek", "Groß", "Müller", "Dupré", "Janssens", "Ærø", "Bakker", "Hoffmann", "Nielsen", "Weiß"};
    private static final String[] STREETS = {"Søndergade", "Østerbrogade", "Kirkevej", "Hoogstraat", "Dorpsstraat",
            "Hauptstraße", "Bahnhofstraße", "Mariahilfer Straße", "Åboulevarden", "Rue de l’Église"};
    /** Town, post code, country, national bank code length, BIC. */
    private static final String[][] TOWNS = {
            {"Aarhus C", "8000", "DK", "DABADKKK"}, {"København Ø", "2100", "DK", "NDEADKKK"},
            {"’s-Hertogenbosch", "5211 AB", "NL", "ABNANL2A"}, {"Utrecht", "3511 LX", "NL", "RABONL2U"},
            {"München", "80331", "DE", "COBADEFFXXX"}, {"Köln", "50667", "DE", "DEUTDEDKXXX"},
            {"Wien", "1010", "AT", "BKAUATWW"}, {"Graz", "8010", "AT", "RZSTAT2G"}};

    private static final int ROUNDS = 3;
    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        if (size < 2) {
            throw new IllegalArgumentException("size must be at least 2 (one collection per block)");
        }
        Path folder = Files.createTempDirectory("duesflow-bench-pain008");
        try {
            OUT.println(run(size, folder));
        } finally {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
    }

    private static String run(int size, Path folder) throws Exception {
        int firstCount = Math.max(1, size / 10);
        Pain008Schemas.schema(Pain008Version.V08);

        int warmUp = Math.min(size, 20_000);
        writeValidated(file(warmUp, Math.max(1, warmUp / 10)), folder.resolve("warm-up.xml"));
        plainWriteAndValidate(warmUp, Math.max(1, warmUp / 10), folder.resolve("warm-up-plain.xml"));
        Files.delete(folder.resolve("warm-up.xml"));
        Files.delete(folder.resolve("warm-up-plain.xml"));

        // Rounds of the measured call and the baseline, alternating; the best of each counts, since on a shared
        // machine other work only ever adds time.
        double seconds = Double.MAX_VALUE;
        double baselineSeconds = Double.MAX_VALUE;
        long peakHeap = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            // --- measured: records, reduction, checks, StAX, totals, schema, rename -------------------------------
            DirectDebitFile file = file(size, firstCount);
            Path target = folder.resolve("pain008-bench.xml");
            System.gc();
            long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            PeakHeap peak = PeakHeap.start();
            long t0 = System.nanoTime();
            try {
                writeValidated(file, target);
            } finally {
                peak.stop();
            }
            double measured = seconds(System.nanoTime() - t0);
            seconds = Math.min(seconds, measured);
            peakHeap = Math.max(peakHeap, peak.peak());
            OUT.printf(Locale.ROOT, "round %d: wrote and validated %s, %d collections (FRST %d, RCUR %d), total %s "
                            + "EUR, %.1f MB, in %.2f s; heap %d MB before, peak %d MB (sampled every 10 ms and before "
                            + "each of %d collections), at most %d MB still in use after a collection%n", round,
                    Pain008Version.V08.messageName(), file.numberOfTransactions(), firstCount, size - firstCount,
                    file.controlSum().toPlainString(), Files.size(target) / 1048576.0, measured, mb(heapBefore),
                    mb(peak.peak()), peak.collections(), mb(peak.maxAfterCollection()));
            if (round == ROUNDS) {
                long t1 = System.nanoTime();
                Pain008Schemas.requireValid(target, Pain008Version.V08);
                OUT.printf(Locale.ROOT, "  of which the schema check alone takes about %.2f s (checked again, timed "
                        + "apart)%n", seconds(System.nanoTime() - t1));
            }
            Files.delete(target);

            // --- baseline: the same rows, plain StAX, bare validator -----------------------------------------------
            Path plain = folder.resolve("pain008-plain.xml");
            double[] baseline = plainWriteAndValidate(size, firstCount, plain);
            baselineSeconds = Math.min(baselineSeconds, baseline[0] + baseline[1]);
            OUT.printf(Locale.ROOT, "round %d: baseline, plain StAX write of the same rows and structure %.2f s, "
                    + "bare validation %.2f s, %.1f MB%n", round, baseline[0], baseline[1], Files.size(plain) / 1048576.0);
            Files.delete(plain);
        }

        long peakMb = Math.round(peakHeap / 1048576.0);
        OUT.printf(Locale.ROOT, "best of %d: %.2f s, baseline %.2f s; peak heap %d MB of -Xmx %d MB%n", ROUNDS,
                seconds, baselineSeconds, peakMb, mb(Runtime.getRuntime().maxMemory()));
        return String.format(Locale.ROOT, "pain008 size=%d seconds=%.2f baseline_seconds=%.2f ratio=%.2f "
                + "peak_heap_mb=%d", size, seconds, baselineSeconds, seconds / baselineSeconds, peakMb);
    }

    private static void writeValidated(DirectDebitFile file, Path target) throws IOException {
        Pain008Writer.writeValidated(file, Pain008Version.V08, target);
    }

    // --- the file -----------------------------------------------------------------------------------------------

    /** Collections 1..firstCount are first collections, the rest recurring; totals from a first pass ("SQL"). */
    static DirectDebitFile file(int size, int firstCount) {
        return new DirectDebitFile("DUESFLOW-BENCH-" + size, LocalDateTime.of(2026, 12, 21, 9, 30), CREDITOR, true,
                List.of(block("BENCH-FRST-20270105", SequenceType.FRST, FIRST_DATE, 1, firstCount),
                        block("BENCH-RCUR-20270106", SequenceType.RCUR, RECURRING_DATE, firstCount + 1, size)));
    }

    private static PaymentBlock block(String id, SequenceType type, LocalDate date, long from, long to) {
        BigDecimal sum = BigDecimal.valueOf(LongStream.rangeClosed(from, to).map(n -> row(n).cents).sum(), 2);
        return new PaymentBlock(id, type, date, (int) (to - from + 1), sum,
                () -> LongStream.rangeClosed(from, to).mapToObj(n -> row(n).debit()));
    }

    /** One member's collection as the database would give it: raw text, not yet reduced. */
    record Row(long number, long cents, String mandateId, LocalDate signedOn, String originalIban, String name,
               String street, String buildingNumber, String postCode, String town, String country, String iban,
               String bic, String rf) {

        String endToEndId() {
            return "R17-" + number;
        }

        DirectDebit debit() {
            return new DirectDebit(endToEndId(), BigDecimal.valueOf(cents, 2), mandateId, signedOn,
                    originalIban == null ? null : Amendment.debtorIbanChanged(originalIban), name,
                    new PostalAddress(street, buildingNumber, postCode, town, country), iban, bic, rf, null);
        }
    }

    static Row row(long number) {
        SplittableRandom r = new SplittableRandom(number * 0x9E3779B97F4A7C15L + 2027);
        String[] town = TOWNS[r.nextInt(TOWNS.length)];
        String name = FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
        long cents = 2_500 + r.nextInt(100_000);
        String iban = iban(town[2], number);
        String originalIban = r.nextInt(100) == 0 ? iban(town[2], number + 500_000_000L) : null;
        String bic = r.nextInt(10) < 7 ? town[3] : null;
        return new Row(number, cents, "DF-" + (100_000 + number), LocalDate.of(2015, 1, 1).plusDays(r.nextInt(3_600)),
                originalIban, name, STREETS[r.nextInt(STREETS.length)], Integer.toString(1 + r.nextInt(180)),
                town[1], town[0], town[2], iban, bic, rf(number));
    }

    /** A valid IBAN of the country for an account number: the national layout, ISO 7064 check digits. */
    public static String iban(String country, long account) {
        String bban = switch (country) {
            case "DK" -> "0040" + digits(account, 10);
            case "NL" -> "ABNA" + digits(account, 10);
            case "DE" -> "37040044" + digits(account, 10);
            case "AT" -> "19043" + digits(account, 11);
            default -> throw new IllegalArgumentException(country);
        };
        return country + digits(98 - Iso7064.mod97(bban + country + "00"), 2) + bban;
    }

    /**
     * The RF reference of charge 2027-number, as {@link PaymentReferences#rfFromCharge} makes it; computed here
     * without its clean-up of the charge number, since the database would hand over the stored reference.
     */
    static String rf(long number) {
        String body = "2027" + number;
        return "RF" + digits(98 - Iso7064.mod97(body + "RF00"), 2) + body;
    }

    private static String digits(long value, int width) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    // --- the baseline -------------------------------------------------------------------------------------------

    /** Seconds for the plain write and for the bare validation. */
    static double[] plainWriteAndValidate(int size, int firstCount, Path target) throws Exception {
        long t0 = System.nanoTime();
        // The same text channel as the writer's: the floor of StAX output, not of a slower setup.
        try (Writer out = Pain008Writer.utf8(Files.newOutputStream(target))) {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            PlainPain008 plain = new PlainPain008(xml);
            plain.write(size, firstCount);
            xml.close();
        }
        double write = seconds(System.nanoTime() - t0);
        long t1 = System.nanoTime();
        Pain008Schemas.schema(Pain008Version.V08).newValidator().validate(new StreamSource(target.toFile()));
        return new double[] {write, seconds(System.nanoTime() - t1)};
    }

    /** The writer's element structure with none of its checks: raw strings from the rows, straight out. */
    private record PlainPain008(XMLStreamWriter xml) {

        void write(int size, int firstCount) throws XMLStreamException {
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("Document");
            xml.writeDefaultNamespace(Pain008Version.V08.namespace());
            xml.writeStartElement("CstmrDrctDbtInitn");
            xml.writeCharacters("\n");
            xml.writeStartElement("GrpHdr");
            element("MsgId", "DUESFLOW-BENCH-" + size);
            element("CreDtTm", "2026-12-21T09:30:00");
            element("NbOfTxs", Integer.toString(size));
            element("CtrlSum", "1.00");
            xml.writeStartElement("InitgPty");
            element("Nm", CREDITOR.name());
            xml.writeEndElement();
            xml.writeEndElement();
            block("BENCH-FRST-20270105", "FRST", FIRST_DATE, 1, firstCount);
            block("BENCH-RCUR-20270106", "RCUR", RECURRING_DATE, firstCount + 1, size);
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
        }

        private void block(String id, String type, LocalDate date, long from, long to) throws XMLStreamException {
            xml.writeCharacters("\n");
            xml.writeStartElement("PmtInf");
            element("PmtInfId", id);
            element("PmtMtd", "DD");
            element("BtchBookg", "true");
            element("NbOfTxs", Long.toString(to - from + 1));
            element("CtrlSum", "1.00");
            xml.writeStartElement("PmtTpInf");
            xml.writeStartElement("SvcLvl");
            element("Cd", "SEPA");
            xml.writeEndElement();
            xml.writeStartElement("LclInstrm");
            element("Cd", "CORE");
            xml.writeEndElement();
            element("SeqTp", type);
            xml.writeEndElement();
            element("ReqdColltnDt", date.toString());
            xml.writeStartElement("Cdtr");
            element("Nm", CREDITOR.name());
            address(CREDITOR.address().streetName(), CREDITOR.address().buildingNumber(),
                    CREDITOR.address().postCode(), CREDITOR.address().townName(), CREDITOR.address().country());
            xml.writeEndElement();
            account("CdtrAcct", CREDITOR.iban());
            agent("CdtrAgt", CREDITOR.bic());
            element("ChrgBr", "SLEV");
            xml.writeStartElement("CdtrSchmeId");
            xml.writeStartElement("Id");
            xml.writeStartElement("PrvtId");
            xml.writeStartElement("Othr");
            element("Id", CREDITOR.creditorSchemeId());
            xml.writeStartElement("SchmeNm");
            element("Prtry", "SEPA");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            for (long n = from; n <= to; n++) {
                collection(row(n));
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
        }

        private void collection(Row row) throws XMLStreamException {
            xml.writeCharacters("\n");
            xml.writeStartElement("DrctDbtTxInf");
            xml.writeStartElement("PmtId");
            element("EndToEndId", row.endToEndId());
            xml.writeEndElement();
            xml.writeStartElement("InstdAmt");
            xml.writeAttribute("Ccy", "EUR");
            xml.writeCharacters(BigDecimal.valueOf(row.cents(), 2).toPlainString());
            xml.writeEndElement();
            xml.writeStartElement("DrctDbtTx");
            xml.writeStartElement("MndtRltdInf");
            element("MndtId", row.mandateId());
            element("DtOfSgntr", row.signedOn().toString());
            if (row.originalIban() != null) {
                element("AmdmntInd", "true");
                xml.writeStartElement("AmdmntInfDtls");
                account("OrgnlDbtrAcct", row.originalIban());
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            agent("DbtrAgt", row.bic());
            xml.writeStartElement("Dbtr");
            element("Nm", row.name());
            address(row.street(), row.buildingNumber(), row.postCode(), row.town(), row.country());
            xml.writeEndElement();
            account("DbtrAcct", row.iban());
            xml.writeStartElement("RmtInf");
            xml.writeStartElement("Strd");
            xml.writeStartElement("CdtrRefInf");
            xml.writeStartElement("Tp");
            xml.writeStartElement("CdOrPrtry");
            element("Cd", "SCOR");
            xml.writeEndElement();
            element("Issr", "ISO");
            xml.writeEndElement();
            element("Ref", row.rf());
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
        }

        private void address(String street, String number, String postCode, String town, String country)
                throws XMLStreamException {
            xml.writeStartElement("PstlAdr");
            element("StrtNm", street);
            element("BldgNb", number);
            element("PstCd", postCode);
            element("TwnNm", town);
            element("Ctry", country);
            xml.writeEndElement();
        }

        private void agent(String name, String bic) throws XMLStreamException {
            xml.writeStartElement(name);
            xml.writeStartElement("FinInstnId");
            if (bic != null) {
                element("BICFI", bic);
            } else {
                xml.writeStartElement("Othr");
                element("Id", "NOTPROVIDED");
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
        }

        private void account(String name, String iban) throws XMLStreamException {
            xml.writeStartElement(name);
            xml.writeStartElement("Id");
            element("IBAN", iban);
            xml.writeEndElement();
            xml.writeEndElement();
        }

        private void element(String name, String text) throws XMLStreamException {
            xml.writeStartElement(name);
            xml.writeCharacters(text);
            xml.writeEndElement();
        }
    }

    // --- measuring ----------------------------------------------------------------------------------------------

    /**
     * The largest heap in use: sampled every 10 ms, and taken from every garbage collection's "before" usage,
     * which catches the peaks between samples. Also the most still in use after a collection: the live set.
     */
    static final class PeakHeap implements NotificationListener {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong maxAfter = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private Thread sampler;

        static PeakHeap start() {
            PeakHeap heap = new PeakHeap();
            heap.peak.set(heap.memory.getHeapMemoryUsage().getUsed());
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener(heap, null, null);
            }
            heap.sampler = new Thread(() -> {
                while (heap.running.get()) {
                    heap.peak.accumulateAndGet(heap.memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            heap.sampler.setDaemon(true);
            heap.sampler.start();
            return heap;
        }

        @Override
        public void handleNotification(Notification notification, Object handback) {
            if (!running.get() || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                    .equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                    .from((CompositeData) notification.getUserData());
            long before = 0;
            long after = 0;
            for (String pool : info.getGcInfo().getMemoryUsageBeforeGc().keySet()) {
                if (isHeapPool(pool)) {
                    before += info.getGcInfo().getMemoryUsageBeforeGc().get(pool).getUsed();
                    MemoryUsage afterUsage = info.getGcInfo().getMemoryUsageAfterGc().get(pool);
                    after += afterUsage == null ? 0 : afterUsage.getUsed();
                }
            }
            peak.accumulateAndGet(before, Math::max);
            maxAfter.accumulateAndGet(after, Math::max);
            collections.incrementAndGet();
        }

        private static boolean isHeapPool(String pool) {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .anyMatch(bean -> bean.getName().equals(pool) && bean.getType() == java.lang.management.MemoryType.HEAP);
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                try {
                    ((NotificationEmitter) collector).removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException e) {
                    // not registered on this collector
                }
            }
        }

        long peak() {
            return peak.get();
        }

        long maxAfterCollection() {
            return maxAfter.get();
        }

        long collections() {
            return collections.get();
        }
    }

    private static long mb(long bytes) {
        return Math.round(bytes / 1048576.0);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
