package io.duesflow.banking.betalingsservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 0601 delivery read back field by field at the positions of betalingsservice.md §1-§2, with plain substrings,
 * not with the production reader.
 */
class Delivery0601WriterTests {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final LocalDate CREATED = LocalDate.of(2027, 1, 15);
    private static final LocalDate FEBRUARY = LocalDate.of(2027, 2, 1);
    private static final BetalingsserviceCreditor CREDITOR = new BetalingsserviceCreditor("29349444", "BS1",
            "03985644", 1, "DUESFLOW", "IDRÆTSFORENINGEN ÆRØ & OMEGN");

    private final Delivery0601Writer writer = new Delivery0601Writer();

    @TempDir
    Path folder;

    /** Søren with a full address and three text lines, Åse with a name only, a refund of 20.00 to Bjørn. */
    private static List<CollectionPayment> payments() {
        return List.of(
                new CollectionPayment(CustomerNumbers.forMember(42), "123", new BigDecimal("170.00"), FEBRUARY,
                        "2027-00042", new DebtorNameAndAddress("Søren Østergaard", "Åboulevarden 12, 3. tv",
                        "c/o Jens Æbeltoft", "8000", "DK"),
                        List.of("Kontingent 2027 for Søren", "  perioden 2027-01-01 til 2027-12-31", "")),
                new CollectionPayment("43", "000000124", new BigDecimal("250.5"), FEBRUARY, "2027-00043",
                        DebtorNameAndAddress.nameOnly("Åse Kjærgaard"), List.of("Kontingent 2027")),
                new CollectionPayment("44", "125", new BigDecimal("-20.00"), FEBRUARY, "2027-00044",
                        new DebtorNameAndAddress("Bjørn Møller", "Kirkevej 3", null, "5970", null),
                        List.of("Tilbagebetaling af for meget betalt")));
    }

    private static CollectionDelivery delivery(List<CollectionPayment> payments) {
        BigDecimal total = payments.stream().map(CollectionPayment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new CollectionDelivery(CREDITOR, 710, CREATED, payments.size(), total, payments::stream);
    }

    private byte[] written(CollectionDelivery delivery) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(delivery, out);
        return out.toByteArray();
    }

    /** The records, split at CR LF. */
    private List<String> records() throws IOException {
        String text = new String(written(delivery(payments())), WINDOWS_1252);
        assertThat(text).endsWith("\r\n");
        return List.of(text.substring(0, text.length() - 2).split("\r\n", -1));
    }

    /** Positions 1-based and inclusive, as in the layout tables. */
    private static String at(String record, int from, int to) {
        return record.substring(from - 1, to);
    }

    /** Positions 1-51, the same in BS022, BS042 and BS052: PBS number, debtor group, Søren's numbers. */
    private static void assertSørensRecord(String record, String type, String transactionCode) {
        assertThat(at(record, 1, 5)).isEqualTo(type);
        assertThat(at(record, 6, 13)).isEqualTo("03985644");
        assertThat(at(record, 14, 17)).isEqualTo(transactionCode);
        assertThat(at(record, 23, 27)).isEqualTo("00001");
        assertThat(at(record, 28, 42)).isEqualTo("000000000000042");
        assertThat(at(record, 43, 51)).isEqualTo("000000123");
    }

    @Test
    void everyRecordIs128Windows1252BytesEndingWithCrLf() throws IOException {
        byte[] bytes = written(delivery(payments()));

        List<Integer> lengths = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertThat(bytes[i - 1]).as("the byte before LF at %d", i).isEqualTo((byte) '\r');
                lengths.add(i - 1 - start);
                start = i + 1;
            } else if (bytes[i] == '\r') {
                assertThat(bytes[i + 1]).as("the byte after CR at %d", i).isEqualTo((byte) '\n');
            }
        }
        assertThat(start).isEqualTo(bytes.length);
        // 002, 012; Søren: 4×022, 042, 3×052; Åse: 022, 042, 052; Bjørn: 3×022, 042, 052; 092, 992
        assertThat(lengths).hasSize(20).allMatch(length -> length == 128);
    }

    @Test
    void danishLettersAreWrittenAsWindows1252Bytes() throws IOException {
        byte[] bytes = written(delivery(payments()));
        byte[] heading = java.util.Arrays.copyOfRange(bytes, 130 + 68, 130 + 68 + 28);

        assertThat(heading).containsExactly("IDRÆTSFORENINGEN ÆRØ & OMEGN".getBytes(WINDOWS_1252));
        assertThat(heading[3]).isEqualTo((byte) 0xC6); // Æ
        assertThat(heading[19]).isEqualTo((byte) 0xD8); // Ø
        assertThat(records().get(2)).contains("Søren Østergaard");
        assertThat(records().get(3)).contains("Åboulevarden");
    }

    @Test
    void theDeliveryStartCarriesDataSupplierSubsystemTypeIdAndDate() throws IOException {
        String start = records().get(0);

        assertThat(at(start, 1, 5)).isEqualTo("BS002");
        assertThat(at(start, 6, 13)).isEqualTo("29349444");
        assertThat(at(start, 14, 16)).isEqualTo("BS1");
        assertThat(at(start, 17, 20)).isEqualTo("0601");
        assertThat(at(start, 21, 30)).isEqualTo("0000000710");
        assertThat(at(start, 31, 49)).isBlank();
        assertThat(at(start, 50, 55)).isEqualTo("150127");
        assertThat(at(start, 56, 128)).isBlank();
    }

    @Test
    void theSectionStartCarriesPbsNumberSectionDebtorGroupDateAndHeading() throws IOException {
        String section = records().get(1);

        assertThat(at(section, 1, 5)).isEqualTo("BS012");
        assertThat(at(section, 6, 13)).isEqualTo("03985644");
        assertThat(at(section, 14, 17)).isEqualTo("0112");
        assertThat(at(section, 18, 22)).isBlank();
        assertThat(at(section, 23, 27)).isEqualTo("00001");
        assertThat(at(section, 28, 42)).isEqualTo("DUESFLOW       ");
        assertThat(at(section, 43, 46)).isBlank();
        assertThat(at(section, 47, 54)).isEqualTo("15012027");
        assertThat(at(section, 55, 68)).isBlank();
        assertThat(at(section, 69, 128).stripTrailing()).isEqualTo("IDRÆTSFORENINGEN ÆRØ & OMEGN");
    }

    @Test
    void nameAndAddressRecordsPrecedeTheirPayment() throws IOException {
        List<String> records = records();

        for (int i = 2; i <= 5; i++) {
            assertSørensRecord(records.get(i), "BS022", "0240");
        }
        assertThat(at(records.get(2), 18, 22)).isEqualTo("00001");
        assertThat(at(records.get(2), 52, 128).stripTrailing()).isEqualTo("Søren Østergaard");
        assertThat(at(records.get(3), 18, 22)).isEqualTo("00002");
        assertThat(at(records.get(3), 52, 86)).isEqualTo("Åboulevarden 12, 3. tv             ");
        assertThat(at(records.get(4), 18, 22)).isEqualTo("00003");
        assertThat(at(records.get(4), 52, 86).stripTrailing()).isEqualTo("c/o Jens Æbeltoft");
        String postCode = records.get(5);
        assertThat(at(postCode, 18, 22)).isEqualTo("00009");
        assertThat(at(postCode, 52, 66)).isBlank();
        assertThat(at(postCode, 67, 70)).isEqualTo("8000");
        assertThat(at(postCode, 71, 73)).isEqualTo("DK ");
        assertThat(at(postCode, 74, 128)).isBlank();
        assertThat(at(records.get(6), 1, 5)).isEqualTo("BS042");
    }

    @Test
    void thePaymentRecordCarriesCustomerAgreementDateSignAmountAndReference() throws IOException {
        String payment = records().get(6);

        assertSørensRecord(payment, "BS042", "0280");
        assertThat(at(payment, 18, 22)).isEqualTo("00000");
        assertThat(at(payment, 52, 59)).isEqualTo("01022027");
        assertThat(at(payment, 60, 60)).isEqualTo("1");
        assertThat(at(payment, 61, 73)).isEqualTo("0000000017000");
        assertThat(at(payment, 74, 103)).isEqualTo("2027-00042                    ");
        assertThat(at(payment, 104, 105)).isEqualTo("00");
        assertThat(at(payment, 106, 120)).isBlank();
        assertThat(at(payment, 121, 128)).isEqualTo("00000000");
    }

    @Test
    void aPayoutHasSignCodeTwoAndItsAmountUnsigned() throws IOException {
        String payout = records().get(16);

        assertThat(at(payout, 1, 5)).isEqualTo("BS042");
        assertThat(at(payout, 28, 42)).isEqualTo("000000000000044");
        assertThat(at(payout, 60, 60)).isEqualTo("2");
        assertThat(at(payout, 61, 73)).isEqualTo("0000000002000");
    }

    @Test
    void textLinesFollowTheirPaymentNumberedFromOne() throws IOException {
        List<String> records = records();

        for (int i = 7; i <= 9; i++) {
            String text = records.get(i);
            assertSørensRecord(text, "BS052", "0241");
            assertThat(at(text, 18, 22)).isEqualTo("0000" + (i - 6));
            assertThat(at(text, 52, 52)).isEqualTo(" ");
            assertThat(at(text, 113, 128)).isBlank();
        }
        assertThat(at(records.get(7), 53, 112).stripTrailing()).isEqualTo("Kontingent 2027 for Søren");
        assertThat(at(records.get(8), 53, 112).stripTrailing()).isEqualTo("  perioden 2027-01-01 til 2027-12-31");
        assertThat(at(records.get(9), 53, 112)).isBlank();
        assertThat(at(records.get(12), 18, 22)).isEqualTo("00001");
        assertThat(at(records.get(12), 53, 112).stripTrailing()).isEqualTo("Kontingent 2027");
    }

    @Test
    void theSectionAndDeliveryEndsCountTheRecordsAndTheNetAmount() throws IOException {
        List<String> records = records();
        String sectionEnd = records.get(18);
        String deliveryEnd = records.get(19);

        assertThat(at(sectionEnd, 1, 5)).isEqualTo("BS092");
        assertThat(at(sectionEnd, 6, 13)).isEqualTo("03985644");
        assertThat(at(sectionEnd, 14, 17)).isEqualTo("0112");
        assertThat(at(sectionEnd, 18, 22)).isEqualTo("00000");
        assertThat(at(sectionEnd, 23, 27)).isEqualTo("00001");
        assertThat(at(sectionEnd, 28, 31)).isBlank();
        assertThat(at(sectionEnd, 32, 42)).isEqualTo("00000000003");
        assertThat(at(sectionEnd, 43, 57)).isEqualTo("000000000040050"); // 170.00 + 250.50 - 20.00
        assertThat(at(sectionEnd, 58, 68)).isEqualTo("00000000005");
        assertThat(at(sectionEnd, 69, 83)).isBlank();
        assertThat(at(sectionEnd, 84, 94)).isEqualTo("00000000008");
        assertThat(at(sectionEnd, 95, 128)).isBlank();

        assertThat(at(deliveryEnd, 1, 5)).isEqualTo("BS992");
        assertThat(at(deliveryEnd, 6, 13)).isEqualTo("29349444");
        assertThat(at(deliveryEnd, 14, 16)).isEqualTo("BS1");
        assertThat(at(deliveryEnd, 17, 20)).isEqualTo("0601");
        assertThat(at(deliveryEnd, 21, 31)).isEqualTo("00000000001");
        assertThat(at(deliveryEnd, 32, 42)).isEqualTo("00000000003");
        assertThat(at(deliveryEnd, 43, 57)).isEqualTo("000000000040050");
        assertThat(at(deliveryEnd, 58, 68)).isEqualTo("00000000005");
        assertThat(at(deliveryEnd, 69, 83)).isEqualTo("0".repeat(15));
        assertThat(at(deliveryEnd, 84, 94)).isEqualTo("00000000008");
        assertThat(at(deliveryEnd, 95, 128)).isEqualTo("0".repeat(34));
    }

    @Test
    void aStreamThatGivesOtherPaymentsThanDeclaredIsRefusedAtTheSectionEnd() {
        List<CollectionPayment> payments = payments();
        CollectionDelivery declaredFour = new CollectionDelivery(CREDITOR, 710, CREATED, 4, new BigDecimal("400.50"),
                payments::stream);

        assertThatThrownBy(() -> written(declaredFour))
                .isInstanceOfSatisfying(DeliveryTotalsMismatchException.class, mismatch -> {
                    assertThat(mismatch.record()).isEqualTo("BS092");
                    assertThat(mismatch.recordNumber()).isEqualTo(19);
                    assertThat(mismatch.writtenCount()).isEqualTo(3);
                    assertThat(mismatch.writtenTotal()).isEqualByComparingTo("400.50");
                })
                .hasMessageStartingWith("BS092 (record 19) cannot be written: 4 payments were declared with a net "
                        + "total of 400.50 DKK, but the stream gave 3 with 400.50 DKK");
    }

    @Test
    void aStreamThatRunsPastItsDeclaredCountIsStoppedAtTheFirstPaymentTooMany() {
        List<CollectionPayment> payments = payments();
        CollectionDelivery declaredOne = new CollectionDelivery(CREDITOR, 710, CREATED, 1, new BigDecimal("170.00"),
                payments::stream);

        assertThatThrownBy(() -> written(declaredOne))
                .isInstanceOfSatisfying(DeliveryTotalsMismatchException.class, mismatch -> {
                    assertThat(mismatch.record()).isEqualTo("BS022");
                    assertThat(mismatch.recordNumber()).isEqualTo(11);
                    assertThat(mismatch.writtenCount()).isEqualTo(2);
                })
                .hasMessageStartingWith("BS022 (record 11) cannot be written: 1 payment was declared with a net "
                        + "total of 170.00 DKK, but the stream gave more (stopped at 2, 420.50 DKK)");
    }

    @Test
    void aTotalThatDiffersByOneOreIsRefused() {
        List<CollectionPayment> payments = payments();
        CollectionDelivery offByOne = new CollectionDelivery(CREDITOR, 710, CREATED, 3, new BigDecimal("400.51"),
                payments::stream);

        assertThatThrownBy(() -> written(offByOne)).isInstanceOf(DeliveryTotalsMismatchException.class);
    }

    @Test
    void writeCheckedPlacesTheFileAndReportsWhatItReadBack() throws IOException {
        Path target = folder.resolve("D270115.BS1");

        DeliveryInfo info = writer.writeChecked(delivery(payments()), target);

        assertThat(Files.readAllBytes(target)).containsExactly(written(delivery(payments())));
        assertThat(info.deliveryType()).isEqualTo("0601");
        assertThat(info.deliveryId()).isEqualTo("0000000710");
        assertThat(info.dataRecords()).isEqualTo(3);
        assertThat(info.netAmount()).isEqualByComparingTo("400.50");
        assertThat(info.textRecords()).isEqualTo(5);
        assertThat(info.nameAddressRecords()).isEqualTo(8);
        assertThat(folder).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void writeCheckedLeavesNoFileWhenTheTotalsDoNotMatch() throws IOException {
        Path target = folder.resolve("D270115.BS1");
        List<CollectionPayment> payments = payments();
        CollectionDelivery wrong = new CollectionDelivery(CREDITOR, 710, CREATED, 2, new BigDecimal("400.50"),
                payments::stream);

        assertThatThrownBy(() -> writer.writeChecked(wrong, target))
                .isInstanceOf(DeliveryTotalsMismatchException.class);
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theWriterClosesThePaymentStream() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        List<CollectionPayment> payments = payments();
        CollectionDelivery delivery = new CollectionDelivery(CREDITOR, 710, CREATED, 3, new BigDecimal("400.50"),
                () -> payments.stream().onClose(() -> closed.set(true)));

        written(delivery);

        assertThat(closed).isTrue();
    }

    @Test
    void theWrittenFilePassesTheStrictReadBack() throws IOException {
        Path file = Files.write(folder.resolve("0601.txt"), written(delivery(payments())));

        DeliveryInfo info = DeliveryFormats.collectionReadBack().read(file, null, null);

        assertThat(info.sections()).isEqualTo(1);
        assertThat(info.netAmount()).isEqualByComparingTo("400.50");
    }

    @Test
    void theStrictReadBackRefusesATrimmedRecord() throws IOException {
        String text = new String(written(delivery(payments())), WINDOWS_1252);
        Path file = Files.writeString(folder.resolve("0601.txt"), text.replaceFirst(" +\r\n", "\r\n"), WINDOWS_1252);

        assertThatThrownBy(() -> DeliveryFormats.collectionReadBack().read(file, null, null))
                .isInstanceOf(RefusedDeliveryException.class)
                .hasMessage("Record 1: the record is 55 characters long; a record has 128");
    }

    // --- what a payment refuses ---------------------------------------------------------------------------------

    @Test
    void anAgreementNumberLongerThanNineDigitsIsRefused() {
        assertThatThrownBy(() -> new CollectionPayment("42", "1234567890", BigDecimal.TEN, FEBRUARY, "R1",
                DebtorNameAndAddress.nameOnly("Søren"), List.of()))
                .hasMessage("The agreement number '1234567890' of customer 42 is not a Betalingsservice agreement "
                        + "number: expected 1 to 9 digits, not all zero");
    }

    @Test
    void aTextLineLongerThanSixtyCharactersIsRefused() {
        String line = "x".repeat(61);

        assertThatThrownBy(() -> new CollectionPayment("42", "123", BigDecimal.TEN, FEBRUARY, "R1",
                DebtorNameAndAddress.nameOnly("Søren"), List.of("ok", line)))
                .hasMessage("The text line 2 of customer 42 '" + line + "' is 61 characters long; it has 60 "
                        + "positions");
    }

    @Test
    void aNameInAnotherScriptIsRefusedNamingTheCharacters() {
        assertThatThrownBy(() -> DebtorNameAndAddress.nameOnly("Иван Petrov"))
                .hasMessageStartingWith("The debtor name 'Иван Petrov' has characters a Betalingsservice delivery "
                        + "cannot carry: И (U+0418), в (U+0432), а (U+0430), н (U+043D)");
    }

    @Test
    void typographicPunctuationBecomesPlainAndLongNamesAreCutAtASpace() {
        DebtorNameAndAddress debtor = new DebtorNameAndAddress("Anneke van ’t Hek–de Vries\tJanssens Bakker",
                null, null, null, null);

        assertThat(debtor.name()).isEqualTo("Anneke van 't Hek-de Vries Janssens");
    }

    @Test
    void anAmountWithFractionsOfAnOreIsRefused() {
        assertThatThrownBy(() -> new CollectionPayment("42", "123", new BigDecimal("10.005"), FEBRUARY, "R1",
                DebtorNameAndAddress.nameOnly("Søren"), List.of()))
                .hasMessageStartingWith("The amount of customer 42 10.005 has fractions of an øre");
    }

    @Test
    void aPaymentDueBeforeTheDeliveryIsMadeIsRefused() {
        CollectionPayment early = new CollectionPayment("42", "123", BigDecimal.TEN, CREATED.minusDays(1), "R1",
                DebtorNameAndAddress.nameOnly("Søren"), List.of());

        assertThatThrownBy(() -> written(delivery(List.of(early))))
                .hasMessage("The payment date 2027-01-14 of customer 42 is before the delivery's creation date "
                        + "2027-01-15");
    }
}
