package io.duesflow.banking.betalingsservice;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The frame every fixed-record delivery shares (betalingsservice.md §0-§1): {@code BS002} first, sections framed by
 * {@code BS012} and {@code BS092}, {@code BS992} last, and the counts and net amounts of the section and delivery
 * ends checked against the records actually read. What a section's data records mean is its
 * {@link SectionFormat}'s business.
 *
 * <p>One reading is one pass over the file. Whoever hands records on reads twice: a first pass without a consumer
 * proves the whole file (structure, every field, every total) and gives its SHA-256; the second pass hands the
 * records out and checks the same again, and at its end that the bytes are the ones the first pass proved. So a
 * file that fails a total at its last line never gives a single record, and memory does not grow with the file.
 */
final class DeliveryReader<T> {

    /** How a section's start and end records are laid out. */
    enum HeaderLayout {
        /** 0601 sections 0112/0117: 5 positions after the section number, debtor group at 23-27. */
        COLLECTION(23),
        /** 0602 and 0603: 3 positions after the section number, debtor group at 21-25. */
        INFORMATION(21);

        private final int debtorGroupAt;

        HeaderLayout(int debtorGroupAt) {
            this.debtorGroupAt = debtorGroupAt;
        }

        int debtorGroup(RecordLine line) {
            return (int) line.digits(debtorGroupAt, debtorGroupAt + 4, "debtor group");
        }
    }

    /** The section being read, as its start record gave it. */
    record SectionStart(String number, String pbsNumber, int debtorGroup, long recordNumber) {
    }

    /** A data record read: what is handed on (or {@code null}), and its part of the net amount in øre. */
    record DataRecord<T>(T item, long signedOre) {
    }

    /**
     * A section duesflow reads: its number, the layout of its start and end, and what reads its data records
     * ({@code BS022}, {@code BS042}, {@code BS052}, {@code BS062}), refusing (with {@link RecordLine#refused}) any
     * it does not hold.
     */
    record SectionFormat<T>(String number, HeaderLayout layout,
                            BiFunction<RecordLine, SectionStart, DataRecord<T>> read) {
    }

    private final String deliveryType;
    private final boolean strict;
    private final Map<String, SectionFormat<T>> sections = new LinkedHashMap<>();

    DeliveryReader(String deliveryType, boolean strict, List<SectionFormat<T>> sections) {
        this.deliveryType = deliveryType;
        this.strict = strict;
        for (SectionFormat<T> section : sections) {
            this.sections.put(section.number(), section);
        }
    }

    String deliveryType() {
        return deliveryType;
    }

    /**
     * One pass: every record checked, and handed to {@code each} when it is given.
     *
     * @param expectedSha256 the hash a first pass found, or {@code null}; refused at the end when the bytes differ
     * @throws RefusedDeliveryException naming the record and what is wrong with it
     */
    DeliveryInfo read(Path file, Consumer<? super T> each, String expectedSha256) throws IOException {
        try (RecordLines lines = new RecordLines(file, strict)) {
            Pass pass = new Pass(each);
            RecordLine line;
            while ((line = lines.next()) != null) {
                pass.record(line);
            }
            DeliveryInfo info = pass.finish(lines);
            if (expectedSha256 != null && !expectedSha256.equals(info.sha256())) {
                throw new RefusedDeliveryException(0, "The file changed after it was checked (its SHA-256 was "
                        + expectedSha256 + ", now " + info.sha256() + "); read it again from the start");
            }
            return info;
        }
    }

    /** Counts of one section or of the whole delivery. */
    private static final class Totals {
        long nameAddress;
        long data;
        long text;
        long netOre;

        void add(Totals section) {
            nameAddress += section.nameAddress;
            data += section.data;
            text += section.text;
            netOre += section.netOre;
        }
    }

    private final class Pass {
        private final Consumer<? super T> each;
        private final Totals delivery = new Totals();
        private RecordLine start;
        private String dataSupplierNumber;
        private String subsystem;
        private String deliveryId;
        private LocalDate createdOn;
        private SectionStart section;
        private SectionFormat<T> format;
        private Totals sectionTotals;
        private int sectionCount;
        private long endRecord;

        Pass(Consumer<? super T> each) {
            this.each = each;
        }

        void record(RecordLine line) {
            if (endRecord > 0) {
                if (line.isBlank() || line.at(1, FixedRecord.LENGTH).strip().equals("\u001A")) {
                    return; // an empty last line, or the DOS end-of-file mark, after the delivery end
                }
                throw new RefusedDeliveryException(line.number(), "a record after the delivery end (BS992 at record "
                        + endRecord + ")");
            }
            if (line.length() > FixedRecord.LENGTH) {
                throw new RefusedDeliveryException(line.number(), "the record is " + line.length()
                        + " characters long; a record has " + FixedRecord.LENGTH);
            }
            if (line.isBlank()) {
                throw new RefusedDeliveryException(line.number(), "the record is empty");
            }
            if (strict && line.length() != FixedRecord.LENGTH) {
                throw new RefusedDeliveryException(line.number(), "the record is " + line.length()
                        + " characters long; a record has " + FixedRecord.LENGTH);
            }
            if (!line.at(1, 2).equals("BS")) {
                throw new RefusedDeliveryException(line.number(), "not a Betalingsservice record: it starts with '"
                        + line.at(1, 5) + "', not 'BS' and a record type");
            }
            String type = line.type();
            if (start == null && !type.equals("002")) {
                throw line.refused("comes first; a delivery starts with its delivery start record (BS002)");
            }
            switch (type) {
                case "002" -> deliveryStart(line);
                case "012" -> sectionStart(line);
                case "022", "042", "052", "062" -> dataRecord(line, type);
                case "092" -> sectionEnd(line);
                case "992" -> deliveryEnd(line);
                default -> throw new RefusedDeliveryException(line.number(), "unknown record type BS" + type
                        + "; a delivery has BS002, BS012, BS022, BS042, BS052, BS062, BS092 and BS992");
            }
        }

        private void deliveryStart(RecordLine line) {
            if (start != null) {
                throw line.refused("is a second delivery start (the first is record " + start.number() + ")");
            }
            start = line;
            dataSupplierNumber = line.digitText(6, 13, "data supplier number");
            subsystem = line.at(14, 16);
            String type = line.at(17, 20);
            if (!type.equals(deliveryType)) {
                throw line.refused("starts a delivery of type " + type + " (positions 17-20), not " + deliveryType);
            }
            deliveryId = line.stripped(21, 30);
            if (deliveryId.isEmpty()) {
                throw line.refused("has no delivery identification at positions 21-30");
            }
            createdOn = line.ddmmyy(50, "creation date");
        }

        private void sectionStart(RecordLine line) {
            if (section != null) {
                throw line.refused("starts a section while section " + section.number() + " (record "
                        + section.recordNumber() + ") is still open: its section end (BS092) is missing");
            }
            String number = line.at(14, 17);
            format = sections.get(number);
            if (format == null) {
                throw line.refused("starts section " + number + ", which duesflow does not read; a " + deliveryType
                        + " delivery is read in section" + (sections.size() == 1 ? " " : "s ")
                        + String.join(", ", sections.keySet()));
            }
            section = new SectionStart(number, line.digitText(6, 13, "PBS number"), format.layout().debtorGroup(line),
                    line.number());
            sectionTotals = new Totals();
        }

        private void dataRecord(RecordLine line, String type) {
            if (section == null) {
                throw line.refused("stands outside a section (no section start, BS012, before it)");
            }
            String pbsNumber = line.at(6, 13);
            if (!pbsNumber.equals(section.pbsNumber())) {
                throw line.refused("carries PBS number " + pbsNumber + " (positions 6-13) in section "
                        + section.number() + " of PBS number " + section.pbsNumber());
            }
            DataRecord<T> read = format.read().apply(line, section);
            switch (type) {
                case "022" -> sectionTotals.nameAddress++;
                case "042" -> {
                    sectionTotals.data++;
                    sectionTotals.netOre += read.signedOre();
                }
                default -> sectionTotals.text++;
            }
            if (each != null && read.item() != null) {
                each.accept(read.item());
            }
        }

        private void sectionEnd(RecordLine line) {
            if (section == null) {
                throw line.refused("ends a section, but no section is open");
            }
            String number = line.at(14, 17);
            if (!number.equals(section.number())) {
                throw line.refused("ends section " + number + ", but section " + section.number() + " (record "
                        + section.recordNumber() + ") is open");
            }
            String pbsNumber = line.at(6, 13);
            if (!pbsNumber.equals(section.pbsNumber())) {
                throw line.refused("carries PBS number " + pbsNumber + ", the section start (record "
                        + section.recordNumber() + ") " + section.pbsNumber());
            }
            int debtorGroup = format.layout().debtorGroup(line);
            if (debtorGroup != section.debtorGroup()) {
                throw line.refused("carries debtor group " + debtorGroup + ", the section start (record "
                        + section.recordNumber() + ") " + section.debtorGroup());
            }
            compareCounts(line, "section " + section.number(), sectionTotals);
            delivery.add(sectionTotals);
            sectionCount++;
            section = null;
            format = null;
        }

        private void deliveryEnd(RecordLine line) {
            if (section != null) {
                throw line.refused("ends the delivery while section " + section.number() + " (record "
                        + section.recordNumber() + ") is open: its section end (BS092) is missing");
            }
            String supplier = line.at(6, 13);
            String endSubsystem = line.at(14, 16);
            String type = line.at(17, 20);
            if (!supplier.equals(dataSupplierNumber) || !endSubsystem.equals(subsystem) || !type.equals(deliveryType)) {
                throw line.refused("names data supplier " + supplier + ", subsystem " + endSubsystem + " and type "
                        + type + "; the delivery start (record " + start.number() + ") " + dataSupplierNumber + ", "
                        + subsystem + " and " + deliveryType);
            }
            long declaredSections = line.digits(21, 31, "number of sections");
            if (declaredSections != sectionCount) {
                throw line.refused("says the delivery has " + declaredSections + " section" + plural(declaredSections)
                        + " (positions 21-31); it has " + sectionCount);
            }
            compareCounts(line, "the delivery", delivery);
            endRecord = line.number();
        }

        /** The counts at 32-42 (042), 43-57 (net øre), 58-68 (052/062) and 84-94 (022), in both end records. */
        private void compareCounts(RecordLine line, String what, Totals counted) {
            compare(line, what, "BS042 records", 32, 42, counted.data);
            long declaredNet = line.digits(43, 57, "net amount");
            if (declaredNet != counted.netOre) {
                throw line.refused("says " + what + " has a net amount of " + Ore.text(declaredNet) + " (positions "
                        + "43-57); its BS042 records add up to " + Ore.text(counted.netOre));
            }
            compare(line, what, "BS052/BS062 records", 58, 68, counted.text);
            compare(line, what, "BS022 records", 84, 94, counted.nameAddress);
        }

        private void compare(RecordLine line, String what, String records, int from, int to, long counted) {
            long declared = line.digits(from, to, "number of " + records);
            if (declared != counted) {
                throw line.refused("says " + what + " has " + declared + " " + records + " (positions " + from + "-"
                        + to + "); it has " + counted);
            }
        }

        DeliveryInfo finish(RecordLines lines) {
            if (start == null) {
                throw new RefusedDeliveryException(0, "The file holds no Betalingsservice records");
            }
            if (section != null) {
                throw new RefusedDeliveryException(lines.lastNumber(), "the file ends inside section "
                        + section.number() + " (opened at record " + section.recordNumber() + ", no section end "
                        + "BS092): it is incomplete");
            }
            if (endRecord == 0) {
                throw new RefusedDeliveryException(lines.lastNumber(), "the file ends without the delivery end "
                        + "record (BS992): it is incomplete");
            }
            return new DeliveryInfo(dataSupplierNumber, subsystem, deliveryType, deliveryId, createdOn, sectionCount,
                    delivery.data, Ore.dkk(delivery.netOre), delivery.text, delivery.nameAddress, lines.sha256Hex());
        }
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}
