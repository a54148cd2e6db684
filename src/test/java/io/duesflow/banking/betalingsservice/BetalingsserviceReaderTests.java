package io.duesflow.banking.betalingsservice;

import static io.duesflow.banking.betalingsservice.NetsLines.agreement;
import static io.duesflow.banking.betalingsservice.NetsLines.automaticPayment;
import static io.duesflow.banking.betalingsservice.NetsLines.deliveryEnd;
import static io.duesflow.banking.betalingsservice.NetsLines.deliveryStart;
import static io.duesflow.banking.betalingsservice.NetsLines.sectionEnd;
import static io.duesflow.banking.betalingsservice.NetsLines.sectionStart;
import static io.duesflow.banking.betalingsservice.NetsLines.slipPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.banking.betalingsservice.AgreementInformation.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BetalingsserviceReaderTests {

    private static final String NO_DATE = "000000";

    @TempDir
    Path folder;

    /** One payment of each kind in section 0211 and a paid payment slip in 0215; net 93 000 øre. */
    private static List<String> paymentInformation() {
        return new ArrayList<>(List.of(
                deliveryStart("0602", "0000004711", "020227"),
                sectionStart("0211"),
                automaticPayment("0236", "000000000000042", "000000123", "010227", '1', 17_000,
                        pad("2027-00042", 30), "010227", "020227", 17_000),
                automaticPayment("0237", "000000000000043", "000000124", "010227", '1', 25_000,
                        pad("2027-00043", 30), NO_DATE, NO_DATE, 0),
                automaticPayment("0238", "000000000000044", "000000125", "010227", '1', 17_000,
                        pad("2027-00044", 30), NO_DATE, NO_DATE, 0),
                automaticPayment("0239", "000000000000045", "000000126", "010227", '1', 17_000,
                        pad("2027-00045", 30), "010227", "030227", 17_000),
                sectionEnd("0211", 4, 76_000),
                sectionStart("0215"),
                slipPayment("0297", "000000000000046", "71", 0, "010227", 17_000, "202700046",
                        "0000000000001234567890", "280127", "010227", 17_000),
                sectionEnd("0215", 1, 17_000),
                deliveryEnd("0602", 2, 5, 93_000)));
    }

    private List<PaymentInformation> readPayments(Path file) throws IOException {
        List<PaymentInformation> payments = new ArrayList<>();
        BetalingsserviceReader.paymentInformation(file).forEach(payments::add);
        return payments;
    }

    @Test
    void aCompletedCollectionIsReadWithItsPaymentDateAndAmounts() throws IOException {
        PaymentInformation completed = readPayments(NetsLines.write(folder.resolve("0602.txt"), paymentInformation()))
                .get(0);

        assertThat(completed.kind()).isEqualTo(PaymentInformation.Kind.COMPLETED);
        assertThat(completed.recordNumber()).isEqualTo(3);
        assertThat(completed.pbsNumber()).isEqualTo("03985644");
        assertThat(completed.debtorGroup()).isEqualTo(1);
        assertThat(completed.customerNumber()).isEqualTo("42");
        assertThat(completed.memberNumber()).hasValue(42);
        assertThat(completed.agreementNumber()).isEqualTo("123");
        assertThat(completed.dueDate()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(completed.amount()).isEqualByComparingTo("170.00");
        assertThat(completed.reference()).isEqualTo("2027-00042");
        assertThat(completed.paymentDate()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(completed.bookedOn()).isEqualTo(LocalDate.of(2027, 2, 2));
        assertThat(completed.paidAmount()).isEqualByComparingTo("170.00");
        assertThat(completed.cardType()).isNull();
        assertThat(completed.kind().isPaid()).isTrue();
    }

    @Test
    void rejectedCancelledAndChargedBackPaymentsAreReadWithTheirKinds() throws IOException {
        List<PaymentInformation> payments = readPayments(NetsLines.write(folder.resolve("0602.txt"),
                paymentInformation()));

        PaymentInformation rejected = payments.get(1);
        assertThat(rejected.kind()).isEqualTo(PaymentInformation.Kind.REJECTED);
        assertThat(rejected.customerNumber()).isEqualTo("43");
        assertThat(rejected.amount()).isEqualByComparingTo("250.00");
        assertThat(rejected.reference()).isEqualTo("2027-00043");
        assertThat(rejected.paymentDate()).isNull();
        assertThat(rejected.bookedOn()).isNull();
        assertThat(rejected.paidAmount()).isEqualByComparingTo("0");
        assertThat(rejected.kind().isPaid()).isFalse();

        PaymentInformation cancelled = payments.get(2);
        assertThat(cancelled.kind()).isEqualTo(PaymentInformation.Kind.CANCELLED);
        assertThat(cancelled.agreementNumber()).isEqualTo("125");
        assertThat(cancelled.paymentDate()).isNull();

        PaymentInformation chargedBack = payments.get(3);
        assertThat(chargedBack.kind()).isEqualTo(PaymentInformation.Kind.CHARGED_BACK);
        assertThat(chargedBack.kind().isChargeBack()).isTrue();
        assertThat(chargedBack.customerNumber()).isEqualTo("45");
        assertThat(chargedBack.paymentDate()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(chargedBack.bookedOn()).isEqualTo(LocalDate.of(2027, 2, 3));
        assertThat(chargedBack.paidAmount()).isEqualByComparingTo("170.00");
    }

    @Test
    void aPaymentSlipPaidInSection0215IsReadWithCardTypeAndArchiveReference() throws IOException {
        PaymentInformation slip = readPayments(NetsLines.write(folder.resolve("0602.txt"), paymentInformation()))
                .get(4);

        assertThat(slip.kind()).isEqualTo(PaymentInformation.Kind.SLIP_COMPLETED);
        assertThat(slip.recordNumber()).isEqualTo(9);
        assertThat(slip.customerNumber()).isEqualTo("46");
        assertThat(slip.agreementNumber()).isNull();
        assertThat(slip.cardType()).isEqualTo("71");
        assertThat(slip.fee()).isEqualByComparingTo("0");
        assertThat(slip.dueDate()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(slip.amount()).isEqualByComparingTo("170.00");
        assertThat(slip.reference()).isEqualTo("202700046");
        assertThat(slip.archiveReference()).isEqualTo("0000000000001234567890");
        assertThat(slip.paymentDate()).isEqualTo(LocalDate.of(2027, 1, 28));
        assertThat(slip.bookedOn()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(slip.paidAmount()).isEqualByComparingTo("170.00");
    }

    @Test
    void theDeliveryFrameGivesIdentificationTotalsAndHash() throws IOException {
        Path file = NetsLines.write(folder.resolve("0602.txt"), paymentInformation());

        DeliveryInfo info = BetalingsserviceReader.paymentInformation(file).info();

        assertThat(info.dataSupplierNumber()).isEqualTo("29349444");
        assertThat(info.subsystem()).isEqualTo("BS1");
        assertThat(info.deliveryType()).isEqualTo("0602");
        assertThat(info.deliveryId()).isEqualTo("0000004711");
        assertThat(info.createdOn()).isEqualTo(LocalDate.of(2027, 2, 2));
        assertThat(info.sections()).isEqualTo(2);
        assertThat(info.dataRecords()).isEqualTo(5);
        assertThat(info.netAmount()).isEqualByComparingTo("930.00");
        assertThat(info.sha256()).hasSize(64).isEqualTo(sha256(file));
        assertThat(BetalingsserviceReader.deliveryType(file)).isEqualTo("0602");
    }

    /** The shape of the real records in betalingsservice.md §3, identifiers filled in. */
    @Test
    void recordsShapedLikeTheRealOnesInTheLayoutNotesAreRead() throws IOException {
        String real0211 = "BS042" + "03985644" + "0236" + "000" + "00001" + "000000320016142" + "000004711" + "030809"
                + "1" + "0000000006250" + "611967" + " ".repeat(28) + "030809" + "030809" + "0000000006250";
        String real0215 = "BS042039856440297000000010000" + "000000320016142" + "7100000003080910000000006250"
                + "612023   " + "1234567890123456789012" + "220809" + "250809" + "0000000006250";
        Path file = NetsLines.write(folder.resolve("real.txt"), List.of(deliveryStart("0602", "2037862001", "310709"),
                sectionStart("0211"), real0211, sectionEnd("0211", 1, 6_250), sectionStart("0215"), real0215,
                sectionEnd("0215", 1, 6_250), deliveryEnd("0602", 2, 2, 12_500)));

        List<PaymentInformation> payments = readPayments(file);

        assertThat(real0211).hasSize(128);
        assertThat(real0215).hasSize(128);
        assertThat(payments.get(0)).extracting(PaymentInformation::customerNumber, PaymentInformation::agreementNumber,
                        PaymentInformation::dueDate, PaymentInformation::amount, PaymentInformation::reference,
                        PaymentInformation::paymentDate)
                .containsExactly("320016142", "4711", LocalDate.of(2009, 8, 3), new BigDecimal("62.50"), "611967",
                        LocalDate.of(2009, 8, 3));
        assertThat(payments.get(1)).extracting(PaymentInformation::customerNumber, PaymentInformation::cardType,
                        PaymentInformation::amount, PaymentInformation::reference, PaymentInformation::archiveReference,
                        PaymentInformation::paymentDate, PaymentInformation::bookedOn)
                .containsExactly("320016142", "71", new BigDecimal("62.50"), "612023", "1234567890123456789012",
                        LocalDate.of(2009, 8, 22), LocalDate.of(2009, 8, 25));
    }

    @Test
    void aNewAndACancelledAgreementAreReadFrom0603() throws IOException {
        Path file = NetsLines.write(folder.resolve("0603.txt"), List.of(
                deliveryStart("0603", "0000000815", "200127"),
                sectionStart("0212"),
                agreement("0231", "000000000000042", "000000123", "150127", NO_DATE),
                agreement("0233", "000000000000043", "000000124", "200127", "310127"),
                sectionEnd("0212", 2, 0),
                deliveryEnd("0603", 1, 2, 0)));
        List<AgreementInformation> agreements = new ArrayList<>();

        BetalingsserviceReader.agreementInformation(file).forEach(agreements::add);

        assertThat(agreements).hasSize(2);
        AgreementInformation registered = agreements.get(0);
        assertThat(registered.kind()).isEqualTo(Kind.REGISTERED);
        assertThat(registered.kind().isCancellation()).isFalse();
        assertThat(registered.customerNumber()).isEqualTo("42");
        assertThat(registered.memberNumber()).hasValue(42);
        assertThat(registered.agreementNumber()).isEqualTo("123");
        assertThat(registered.date()).isEqualTo(LocalDate.of(2027, 1, 15));
        assertThat(registered.endDate()).isNull();
        AgreementInformation cancelled = agreements.get(1);
        assertThat(cancelled.kind()).isEqualTo(Kind.CANCELLED_BY_CREDITOR);
        assertThat(cancelled.kind().cancelledBy()).hasValue("creditor");
        assertThat(cancelled.recordNumber()).isEqualTo(4);
        assertThat(cancelled.date()).isEqualTo(LocalDate.of(2027, 1, 20));
        assertThat(cancelled.endDate()).isEqualTo(LocalDate.of(2027, 1, 31));
    }

    @Test
    void cancellationsByTheBankAndByBetalingsserviceSayWhoCancelled() throws IOException {
        Path file = NetsLines.write(folder.resolve("0603.txt"), List.of(
                deliveryStart("0603", "0000000816", "200127"), sectionStart("0212"),
                agreement("0232", "000000000000044", "000000125", "180127", NO_DATE),
                agreement("0234", "000000000000045", "000000126", "190127", NO_DATE),
                sectionEnd("0212", 2, 0), deliveryEnd("0603", 1, 2, 0)));
        List<AgreementInformation> agreements = new ArrayList<>();

        BetalingsserviceReader.agreementInformation(file).forEach(agreements::add);

        assertThat(agreements).extracting(AgreementInformation::kind)
                .containsExactly(Kind.CANCELLED_BY_BANK, Kind.CANCELLED_BY_BETALINGSSERVICE);
        assertThat(agreements).extracting(a -> a.kind().cancelledBy().orElseThrow())
                .containsExactly("bank", "Betalingsservice");
    }

    /** Stored files lose their trailing spaces and may have LF alone; the PBCNET wrapper lines are skipped. */
    @Test
    void trimmedRecordsLfLineEndsAndTheTransmissionWrapperAreAccepted() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("PBCNET00BS1 270202010  000471");
        paymentInformation().forEach(line -> lines.add(line.stripTrailing()));
        lines.add("PBCNET90000013");
        Path file = NetsLines.write(folder.resolve("stored.txt"), lines, "\n");

        List<PaymentInformation> payments = readPayments(file);

        assertThat(lines.get(1)).hasSize(55);
        assertThat(payments).hasSize(5);
        assertThat(payments.get(0).recordNumber()).isEqualTo(4);
        assertThat(payments.get(0).reference()).isEqualTo("2027-00042");
    }

    // --- refused ------------------------------------------------------------------------------------------------

    @Test
    void aRecordLongerThan128CharactersIsRefusedWithItsNumber() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(3, lines.get(3) + "0");

        assertRefused(lines, 4, "the record is 129 characters long; a record has 128");
    }

    @Test
    void aRecordCutShortIsRefusedWhereItsFieldsAreMissing() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(2, lines.get(2).substring(0, 115));

        assertRefused(lines, 3, "BS042 positions 116-128 (amount paid) hold '             ', expected 13 digits; "
                + "the record is only 115 characters long, 128 expected");
    }

    @Test
    void anUnknownRecordTypeIsRefused() throws IOException {
        List<String> lines = paymentInformation();
        lines.add(3, "BS071" + lines.get(3).substring(5));

        assertRefused(lines, 4, "unknown record type BS071; a delivery has BS002, BS012, BS022, BS042, BS052, "
                + "BS062, BS092 and BS992");
    }

    @Test
    void aLineThatIsNoBetalingsserviceRecordIsRefused() throws IOException {
        List<String> lines = paymentInformation();
        lines.add(3, "Kontoudtog januar");

        assertRefused(lines, 4, "not a Betalingsservice record: it starts with 'Konto', not 'BS' and a record type");
    }

    @Test
    void anUnknownTransactionCodeInASectionIsRefusedNamingTheKnownOnes() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(2, lines.get(2).substring(0, 13) + "0240" + lines.get(2).substring(17));

        assertRefused(lines, 3, "BS042 carries transaction code 0240 (positions 14-17), which is not one of "
                + "section 0211's: 0236 completed, 0237 rejected, 0238 cancelled, 0239 charged back");
    }

    @Test
    void aSectionCountThatDisagreesRefusesTheFileBeforeAnyRecordIsHandedOn() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(6, sectionEnd("0211", 3, 76_000));
        Path file = NetsLines.write(folder.resolve("0602.txt"), lines);
        List<PaymentInformation> handedOn = new ArrayList<>();

        assertThatThrownBy(() -> BetalingsserviceReader.paymentInformation(file).forEach(handedOn::add))
                .isInstanceOfSatisfying(RefusedDeliveryException.class, refused -> {
                    assertThat(refused.recordNumber()).isEqualTo(7);
                    assertThat(refused.reason()).isEqualTo("BS092 says section 0211 has 3 BS042 records "
                            + "(positions 32-42); it has 4");
                });
        assertThat(handedOn).isEmpty();
    }

    @Test
    void aSectionNetAmountThatDisagreesIsRefused() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(6, sectionEnd("0211", 4, 75_000));

        assertRefused(lines, 7, "BS092 says section 0211 has a net amount of 750.00 DKK (positions 43-57); its "
                + "BS042 records add up to 760.00 DKK");
    }

    @Test
    void deliveryTotalsThatDisagreeAtTheLastRecordRefuseTheWholeFile() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(10, deliveryEnd("0602", 2, 5, 93_001));
        Path file = NetsLines.write(folder.resolve("0602.txt"), lines);
        List<PaymentInformation> handedOn = new ArrayList<>();

        assertThatThrownBy(() -> BetalingsserviceReader.paymentInformation(file).forEach(handedOn::add))
                .isInstanceOf(RefusedDeliveryException.class)
                .hasMessage("Record 11: BS992 says the delivery has a net amount of 930.01 DKK (positions 43-57); "
                        + "its BS042 records add up to 930.00 DKK");
        assertThat(handedOn).isEmpty();
    }

    @Test
    void aFileCutOffInsideASectionIsRefusedAsIncomplete() throws IOException {
        List<String> lines = paymentInformation().subList(0, 9);

        assertRefused(lines, 9, "the file ends inside section 0215 (opened at record 8, no section end BS092): it "
                + "is incomplete");
    }

    @Test
    void aFileWithoutItsDeliveryEndIsRefusedAsIncomplete() throws IOException {
        List<String> lines = paymentInformation().subList(0, 10);

        assertRefused(lines, 10, "the file ends without the delivery end record (BS992): it is incomplete");
    }

    @Test
    void aDeliveryOfAnotherTypeIsRefused() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(0, deliveryStart("0603", "0000004711", "020227"));

        assertRefused(lines, 1, "BS002 starts a delivery of type 0603 (positions 17-20), not 0602");
    }

    @Test
    void aSectionDuesflowDoesNotReadIsRefusedByName() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(7, sectionStart("0214"));

        assertRefused(lines, 8, "BS012 starts section 0214, which duesflow does not read; a 0602 delivery is read in "
                + "sections 0211, 0215");
    }

    @Test
    void aDataRecordOutsideASectionIsRefused() throws IOException {
        List<String> lines = paymentInformation();
        lines.add(7, lines.get(2));

        assertRefused(lines, 8, "BS042 stands outside a section (no section start, BS012, before it)");
    }

    @Test
    void aRecordAfterTheDeliveryEndIsRefused() throws IOException {
        List<String> lines = paymentInformation();
        lines.add(lines.get(2));

        assertRefused(lines, 12, "a record after the delivery end (BS992 at record 11)");
    }

    @Test
    void aDateThatDoesNotExistIsRefused() throws IOException {
        List<String> lines = paymentInformation();
        lines.set(2, lines.get(2).substring(0, 49) + "300227" + lines.get(2).substring(55));

        assertRefused(lines, 3, "BS042 positions 50-55 (payment date) hold '300227', which is not a date");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path file = Files.writeString(folder.resolve("empty.txt"), "");

        assertThatThrownBy(() -> BetalingsserviceReader.paymentInformation(file))
                .isInstanceOfSatisfying(RefusedDeliveryException.class,
                        refused -> assertThat(refused.recordNumber()).isZero())
                .hasMessage("The file holds no Betalingsservice records");
    }

    @Test
    void aFileChangedBetweenItsCheckAndItsReadingIsRefused() throws IOException {
        Path file = NetsLines.write(folder.resolve("0602.txt"), paymentInformation());
        VerifiedDelivery<PaymentInformation> checked = BetalingsserviceReader.paymentInformation(file);
        List<String> changed = paymentInformation();
        changed.set(2, changed.get(2).replace("2027-00042", "2027-00099"));
        NetsLines.write(file, changed);

        assertThatThrownBy(() -> checked.forEach(payment -> { }))
                .isInstanceOfSatisfying(RefusedDeliveryException.class,
                        refused -> assertThat(refused.recordNumber()).isZero())
                .hasMessageStartingWith("The file changed after it was checked");
    }

    private void assertRefused(List<String> lines, long recordNumber, String reason) throws IOException {
        Path file = NetsLines.write(folder.resolve("refused.txt"), lines);
        assertThatThrownBy(() -> BetalingsserviceReader.paymentInformation(file))
                .isInstanceOfSatisfying(RefusedDeliveryException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(reason);
                    assertThat(refused.recordNumber()).isEqualTo(recordNumber);
                })
                .hasMessage("Record " + recordNumber + ": " + reason);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String sha256(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
