package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.banking.PaymentReferences;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberRegister;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hand-written bank files in the shapes real banks send, each dropped into the bank inbox twice: the first time they
 * are booked, the second time nothing changes.
 */
@ApplicationTest
class BankStatementImportTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    MemberRegister register;
    @Autowired
    Charges charges;
    @Autowired
    Payments payments;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;
    @Autowired
    BankFileImport imports;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    PaymentFixtures fixtures;

    @BeforeEach
    void inboxRunning() throws Exception {
        fixtures = new PaymentFixtures(context);
        fixtures.startInbox();
    }

    @AfterEach
    void inboxStopped() throws Exception {
        fixtures.stopInbox();
    }

    @Test
    void aBatchCreditOfThreeMembersIsSplitByItsDetailsEachPayingItsOwnChargeWithItsOwnAmount() {
        ThreeMembers batch = threeMembersPayingByOneBatchCredit();
        ChargeView first = batch.first();
        ChargeView second = batch.second();
        ChargeView third = batch.third();
        String statement = batch.statement();

        PaymentFixtures.Taken taken = fixtures.drop("statement-" + fixtures.token + ".xml", statement);

        assertThat(taken.file()).as("booked").isNotNull();
        assertThat(taken.file().message()).isEqualTo("camt.053.001.02");
        assertThat(fixtures.transactions(taken.file().id())).containsExactly(
                "CREDIT MATCHED RF_REFERENCE " + first.number() + " 25.00",
                "CREDIT MATCHED RF_REFERENCE " + second.number() + " 75.00",
                "CREDIT MATCHED AMOUNT_AND_IBAN " + third.number() + " 50.00");
        assertThat(List.of(first, second, third)).allSatisfy(charge -> {
            assertThat(charges.state(charge.number()).status().name()).isEqualTo("PAID");
            assertThat(charges.state(charge.number()).owed()).isEqualByComparingTo("0");
        });
        assertThat(payments.paymentsOf(third.number())).singleElement().satisfies(payment -> {
            assertThat(payment.amount()).isEqualByComparingTo("50.00");
            assertThat(payment.bookingDate()).isEqualTo(LocalDate.of(2026, 12, 2));
            assertThat(payment.bankReference()).isEqualTo(fixtures.token + "-BATCH");
        });
        assertThat(taken.movedTo()).exists();

        PaymentFixtures.Taken again = fixtures.drop("statement-" + fixtures.token + ".xml", statement);

        assertThat(again.file().id()).isEqualTo(taken.file().id());
        assertThat(again.file().duplicates()).isEqualTo(1);
        assertThat(payments.paymentsOf(first.number())).hasSize(1);
        assertThat(charges.state(first.number()).paid()).isEqualByComparingTo("25.00");
    }

    /**
     * A statement's rows are decided before they are written: inserted once with their final state, never inserted
     * as new and then rewritten (an update of every row, once the largest step of a 100 000-credit import).
     */
    @Test
    void aStatementsRowsAreWrittenOnceWithTheirDecisionAndNeverUpdated() throws Exception {
        ThreeMembers batch = threeMembersPayingByOneBatchCredit();
        ChargeView first = batch.first();
        ChargeView second = batch.second();
        ChargeView third = batch.third();
        String statement = batch.statement();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("statement-" + fixtures.token, ".xml");
        java.nio.file.Files.writeString(file, statement);

        long[] written = new org.springframework.transaction.support.TransactionTemplate(transactions).execute(tx -> {
            // Counted before and after, in this transaction: the counts also hold what earlier transactions on this
            // connection did that the statistics collector has not taken yet, and nothing is taken during one.
            long[] before = bankRowCounts();
            try {
                imports.importFile(file, file.getFileName().toString(), "written-once-" + fixtures.token);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long[] after = bankRowCounts();
            return new long[] {after[0] - before[0], after[1] - before[1]};
        });

        assertThat(written[0]).as("rows inserted").isEqualTo(3);
        assertThat(written[1]).as("rows updated").isZero();
        long fileId = jdbc.sql("select id from duesflow.bank_file where content_hash = :hash")
                .param("hash", "written-once-" + fixtures.token).query(Long.class).single();
        assertThat(fixtures.transactions(fileId)).containsExactly(
                "CREDIT MATCHED RF_REFERENCE " + first.number() + " 25.00",
                "CREDIT MATCHED RF_REFERENCE " + second.number() + " 75.00",
                "CREDIT MATCHED AMOUNT_AND_IBAN " + third.number() + " 50.00");
        assertThat(jdbc.sql("""
                        select count(*) from duesflow.payment p join duesflow.bank_transaction t
                        on t.id = p.bank_transaction_id where t.bank_file_id = :file""")
                .param("file", fileId).query(Long.class).single()).as("payments naming their rows").isEqualTo(3);
        java.nio.file.Files.deleteIfExists(file);
    }

    /** Three members' charges, and a camt.053.001.02 paying them by one batch credit: two by RF, one by account. */
    private ThreeMembers threeMembersPayingByOneBatchCredit() {
        long anneke = fixtures.member("Anneke Bakker", CollectionMethod.INVOICE);
        long maarten = fixtures.member("Maarten Janssens", CollectionMethod.INVOICE);
        long zoe = fixtures.member("Zoë Dupré", CollectionMethod.INVOICE);
        String zoesAccount = fixtures.sepaMember(zoe);
        LocalDate due = clock.today().plusDays(20);
        ChargeView first = fixtures.chargeOf(fixtures.approvedRun("25.00", due, anneke), anneke);
        ChargeView second = fixtures.chargeOf(fixtures.approvedRun("75.00", due, maarten), maarten);
        ChargeView third = fixtures.chargeOf(fixtures.approvedRun("50.00", due, zoe), zoe);
        String statement = fixtures.template("camt053-v02-three-members.xml", Map.of(
                "total", "150.00", "amount1", "25.00", "amount2", "75.00", "amount3", "50.00",
                "name1", "Anneke Bakker", "name2", "M. Janssens", "name3", "Zoë Dupré",
                "rf1", first.rfReference(), "rf2printed", PaymentReferences.formatRf(second.rfReference()),
                "iban3", zoesAccount));
        return new ThreeMembers(first, second, third, statement);
    }

    private record ThreeMembers(ChargeView first, ChargeView second, ChargeView third, String statement) {
    }

    @Test
    void twoDaysOfTheAccountInOneVersion8FileAreBookedAndTheSavingsAccountBesideThemIsLeftOut() {
        long jurgen = fixtures.member("Jürgen Groß", CollectionMethod.INVOICE);
        long greta = fixtures.member("Greta Lund", CollectionMethod.INVOICE);
        LocalDate due = clock.today().plusDays(20);
        ChargeView first = fixtures.chargeOf(fixtures.approvedRun("120.00", due, jurgen), jurgen);
        ChargeView second = fixtures.chargeOf(fixtures.approvedRun("80.00", due, greta), greta);
        String statement = fixtures.template("camt053-v08-two-statements.xml", Map.of(
                "amount1", "120.00", "number1", first.number(), "name1", "Jürgen Groß",
                "amount2", "80.00", "rf2", second.rfReference(), "name2", "Greta Lund"));

        PaymentFixtures.Taken taken = fixtures.drop("camt53-" + fixtures.token + ".xml", statement);

        assertThat(taken.file().statements()).as("the association's two days").isEqualTo(2);
        assertThat(fixtures.transactions(taken.file().id())).containsExactly(
                "CREDIT MATCHED END_TO_END_ID " + first.number() + " 120.00",
                "ZERO IGNORED 0.00",
                "NOT_BOOKED IGNORED 80.00",
                "CREDIT MATCHED RF_REFERENCE " + second.number() + " 80.00");
        assertThat(charges.state(first.number()).status().name()).isEqualTo("PAID");
        assertThat(charges.state(second.number()).paid()).isEqualByComparingTo(new BigDecimal("80.00"));

        PaymentFixtures.Taken again = fixtures.drop("camt53-" + fixtures.token + ".xml", statement);

        assertThat(again.file().duplicates()).isEqualTo(1);
        assertThat(payments.paymentsOf(second.number())).hasSize(1);
    }

    // --- our own collections -----------------------------------------------------------------------------------

    @Test
    void ourCollectionBlockBookedAsOneLumpEntryPaysEveryChargeInItOnTheBookingDate() {
        List<Long> members = List.of(fixtures.member("Søren Østergaard", CollectionMethod.SEPA_DIRECT_DEBIT),
                fixtures.member("Hans-Peter Müller", CollectionMethod.SEPA_DIRECT_DEBIT),
                fixtures.member("Mette Frederiksen", CollectionMethod.SEPA_DIRECT_DEBIT));
        members.forEach(fixtures::sepaMember);
        long run = fixtures.approvedRun("40.00", LocalDate.of(2027, 1, 4));
        LocalDate collected = fixtures.collected(run).files().get(0).collectionDate();
        PaymentFixtures.SentFile sent = fixtures.sentFile(run);
        String lump = fixtures.template("camt053-v08-collection-lump.xml", Map.of("bookingDate", collected.toString(),
                "messageId", sent.messageId(), "block", sent.frstBlock(), "count", "3", "total", "120.00"));

        PaymentFixtures.Taken taken = fixtures.drop("lump-" + fixtures.token + ".xml", lump);

        assertThat(fixtures.transactions(taken.file().id())).containsExactly("CREDIT SETTLED COLLECTION_BATCH 120.00");
        assertThat(taken.file().settled()).isEqualTo(3);
        assertThat(fixtures.charges(run)).allSatisfy(charge -> {
            assertThat(charge.status()).isEqualTo("PAID");
            assertThat(payments.paymentsOf(charge.number())).singleElement().satisfies(payment -> {
                assertThat(payment.how()).isEqualTo(PaymentMatch.COLLECTION_BATCH);
                assertThat(payment.amount()).isEqualByComparingTo("40.00");
                assertThat(payment.bookingDate()).isEqualTo(collected);
            });
        });

        fixtures.drop("lump-" + fixtures.token + ".xml", lump);

        assertThat(fixtures.charges(run)).allSatisfy(charge ->
                assertThat(payments.paymentsOf(charge.number())).hasSize(1));
    }

    @Test
    void aNotificationDetailingWhatTheStatementBookedAsOneLineIsLinkedNotCountedTwice() {
        List<Long> members = List.of(fixtures.member("Ida Holm", CollectionMethod.SEPA_DIRECT_DEBIT),
                fixtures.member("Ole Holm", CollectionMethod.SEPA_DIRECT_DEBIT));
        members.forEach(fixtures::sepaMember);
        long run = fixtures.approvedRun("30.00", LocalDate.of(2027, 1, 4));
        LocalDate collected = fixtures.collected(run).files().get(0).collectionDate();
        PaymentFixtures.SentFile sent = fixtures.sentFile(run);
        fixtures.drop("lump-" + fixtures.token + ".xml", fixtures.template("camt053-v08-collection-lump.xml",
                Map.of("bookingDate", collected.toString(), "messageId", sent.messageId(), "block", sent.frstBlock(),
                        "count", "2", "total", "60.00")));
        StringBuilder details = new StringBuilder();
        for (ChargeView charge : fixtures.charges(run)) {
            details.append("""
                              <TxDtls>
                                <Refs>
                                  <PmtInfId>%s</PmtInfId>
                                  <EndToEndId>%s</EndToEndId>
                                </Refs>
                                <Amt Ccy="EUR">30.00</Amt>
                                <CdtDbtInd>CRDT</CdtDbtInd>
                              </TxDtls>
                    """.formatted(sent.frstBlock(), charge.number()));
        }

        PaymentFixtures.Taken notification = fixtures.drop("camt054-" + fixtures.token + ".xml", fixtures.template(
                "camt054-v08-details-of-lump.xml", Map.of("bookingDate", collected.toString(),
                        "block", sent.frstBlock(), "count", "2", "total", "60.00", "details", details.toString())));

        assertThat(notification.file().known()).isEqualTo(2);
        assertThat(fixtures.transactions(notification.file().id())).containsOnly("CREDIT LINKED 30.00");
        assertThat(fixtures.charges(run)).allSatisfy(charge -> {
            assertThat(charge.status()).isEqualTo("PAID");
            assertThat(charge.paid()).isEqualByComparingTo("30.00");
            assertThat(payments.paymentsOf(charge.number())).hasSize(1);
        });
    }

    @Test
    void aReturnedDirectDebitReopensItsChargeKeepsTheBankFeeApartAndTheSameReturnTwiceChangesNothing() {
        long kasper = fixtures.member("Kasper Nielsen", CollectionMethod.SEPA_DIRECT_DEBIT);
        long lone = fixtures.member("Lone Nielsen", CollectionMethod.SEPA_DIRECT_DEBIT);
        String kaspersAccount = fixtures.sepaMember(kasper);
        fixtures.sepaMember(lone);
        long run = fixtures.approvedRun("50.00", LocalDate.of(2027, 1, 4));
        LocalDate collected = fixtures.collected(run).files().get(0).collectionDate();
        PaymentFixtures.SentFile sent = fixtures.sentFile(run);
        fixtures.drop("lump-" + fixtures.token + ".xml", fixtures.template("camt053-v08-collection-lump.xml",
                Map.of("bookingDate", collected.toString(), "messageId", sent.messageId(), "block", sent.frstBlock(),
                        "count", "2", "total", "100.00")));
        ChargeView returned = fixtures.chargeOf(run, kasper);
        String notification = fixtures.template("camt054-v02-return-md06-fee.xml", Map.of(
                "bookingDate", collected.plusDays(14).toString(), "debited", "53.00", "original", "50.00",
                "fee", "3.00", "block", sent.frstBlock(), "e2e", returned.number(), "mandate", "M-" + kasper,
                "name", "Kasper Nielsen", "iban", kaspersAccount));

        PaymentFixtures.Taken taken = fixtures.drop("return-" + fixtures.token + ".xml", notification);

        assertThat(taken.file().returns()).isEqualTo(1);
        assertThat(fixtures.transactions(taken.file().id())).containsExactly(
                "RETURN RETURNED " + returned.number() + " 50.00");
        assertThat(charges.state(returned.number())).satisfies(charge -> {
            assertThat(charge.status().name()).isEqualTo("OPEN");
            assertThat(charge.owed()).isEqualByComparingTo("50.00");
        });
        assertThat(payments.paymentsOf(returned.number())).singleElement().satisfies(payment -> {
            assertThat(payment.undoneAt()).isNotNull();
            assertThat(payment.undoReason()).startsWith("returned by the bank: MD06 – ");
        });
        assertThat(jdbc.sql("""
                        select code || ' ' || original_amount || ' ' || return_fee || ' ' || outcome || ' ' || mandate_ended
                               || ' ' || reason_text
                        from duesflow.collection_return where end_to_end_id = :e2e""")
                .param("e2e", returned.number()).query(String.class).single())
                .isEqualTo("MD06 50.00 3.00 PAYMENT_UNDONE false "
                        + io.duesflow.banking.statements.ReasonCode.MD06.text(java.util.Locale.forLanguageTag("da"))
                        + " (Erstattung auf Verlangen des Zahlers)");
        assertThat(register.activeMandates(List.of(kasper))).as("a refund does not end the mandate").containsKey(kasper);
        assertThat(charges.state(fixtures.chargeOf(run, lone).number()).status().name()).isEqualTo("PAID");

        fixtures.drop("return-" + fixtures.token + ".xml", notification);
        PaymentFixtures.Taken resent = fixtures.drop("return-again-" + fixtures.token + ".xml",
                notification.replace(fixtures.token + "-RET", fixtures.token + "-RET2")
                        .replace(fixtures.token + "-CAMT054", fixtures.token + "-CAMT054-2"));

        assertThat(resent.file().returns()).as("the same return reported again").isZero();
        assertThat(charges.state(returned.number()).status().name()).isEqualTo("OPEN");
        assertThat(payments.paymentsOf(returned.number())).hasSize(1);
    }

    @Test
    void aStatusReportRejectingOneCollectionAndAWholeBlockReopensThemAndEndsTheClosedAccountsMandate() {
        long closed = fixtures.member("Bent Lukket", CollectionMethod.SEPA_DIRECT_DEBIT);
        long fine = fixtures.member("Birte Fin", CollectionMethod.SEPA_DIRECT_DEBIT);
        long recurring = fixtures.member("Rasmus Igen", CollectionMethod.SEPA_DIRECT_DEBIT);
        List.of(closed, fine, recurring).forEach(fixtures::sepaMember);
        register.mandatesReachedTheBank(List.of("M-" + recurring));
        long run = fixtures.approvedRun("60.00", LocalDate.of(2027, 1, 4));
        LocalDate collected = fixtures.collected(run).files().get(0).collectionDate();
        PaymentFixtures.SentFile sent = fixtures.sentFile(run);
        String report = fixtures.template("pain002-v03-rejects.xml", Map.of("messageId", sent.messageId(),
                "frstBlock", sent.frstBlock(), "rcurBlock", sent.rcurBlock(), "e2e", fixtures.chargeOf(run, closed)
                        .number(), "amount", "60.00", "collectionDate", collected.toString(), "mandate", "M-" + closed));

        PaymentFixtures.Taken taken = fixtures.drop("pain002-" + fixtures.token + ".xml", report);

        assertThat(taken.file().message()).isEqualTo("pain.002.001.03");
        assertThat(taken.file().returns()).isEqualTo(2);
        assertThat(charges.state(fixtures.chargeOf(run, closed).number())).satisfies(charge -> {
            assertThat(charge.status().name()).isEqualTo("OPEN");
            assertThat(charge.owed()).isEqualByComparingTo("60.00");
        });
        assertThat(charges.state(fixtures.chargeOf(run, recurring).number()).status().name()).isEqualTo("OPEN");
        assertThat(charges.state(fixtures.chargeOf(run, fine).number()).status().name()).isEqualTo("IN_COLLECTION");
        assertThat(register.activeMandates(List.of(closed, recurring, fine)).keySet())
                .as("AC04 (account closed) ends the mandate; DT01 (a wrong date) does not")
                .containsExactlyInAnyOrder(recurring, fine);
        assertThat(jdbc.sql("""
                        select source || ' ' || code || ' ' || outcome || ' ' || mandate_ended from duesflow.collection_return
                        where end_to_end_id = any(:e2e) order by source""")
                .param("e2e", new org.springframework.jdbc.support.SqlArrayValue("text",
                        fixtures.chargeOf(run, closed).number(), fixtures.chargeOf(run, recurring).number()))
                .query(String.class).list())
                .containsExactly("PAIN002_BLOCK DT01 REOPENED false", "PAIN002_TRANSACTION AC04 REOPENED true");
        assertThat(charges.charge(fixtures.chargeOf(run, closed).number()).history())
                .last().satisfies(change -> assertThat(change.reason()).isEqualTo("rejected by the bank: AC04 – "
                        + io.duesflow.banking.statements.ReasonCode.AC04.text(java.util.Locale.forLanguageTag("da"))
                        + " (Konto erloschen)"));

        PaymentFixtures.Taken again = fixtures.drop("pain002-" + fixtures.token + ".xml", report);

        assertThat(again.file().duplicates()).isEqualTo(1);
        assertThat(charges.charge(fixtures.chargeOf(run, closed).number()).history()).hasSize(3);
    }

    // --- references and the amount-and-account rule ------------------------------------------------------------

    @Test
    void aDanishPaymentIdInTheFiCodeLineFindsItsCharge() {
        long member = fixtures.member("Karen Kortart", CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("300.00", clock.today().plusDays(20), member), member);

        PaymentFixtures.Taken taken = fixtures.drop("fi-" + fixtures.token + ".xml", fixtures.credits(clock.today(),
                fixtures.credit(1, "300.00", null, null, "Karen Kortart", null,
                        "+71<" + charge.paymentId() + " +12345678<")));

        assertThat(fixtures.transactions(taken.file().id())).containsExactly(
                "CREDIT MATCHED PAYMENT_ID " + charge.number() + " 300.00");
    }

    @Test
    void onlyAmountAndPayersAccountMatchWhenExactlyOneChargeFitsWithinTheToleranceAndTheDifferenceIsNoted() {
        long member = fixtures.member("Tove Tolerance", CollectionMethod.INVOICE);
        String account = fixtures.sepaMember(member);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("50.00", clock.today().plusDays(20), member), member);
        Payments.Settings settings = payments.settings();
        payments.updateSettings(new BigDecimal("0.50"), null, settings.version());
        try {
            PaymentFixtures.Taken taken = fixtures.drop("tolerance-" + fixtures.token + ".xml", fixtures.credits(
                    clock.today(), fixtures.credit(1, "49.75", null, null, "T. Tolerance", account, "kontingent")));

            assertThat(fixtures.transactions(taken.file().id())).containsExactly(
                    "CREDIT MATCHED AMOUNT_AND_IBAN " + charge.number() + " 49.75");
            assertThat(charges.state(charge.number()).status().name()).isEqualTo("PAID");
            assertThat(payments.paymentsOf(charge.number())).singleElement().satisfies(payment -> {
                assertThat(payment.amount()).isEqualByComparingTo("50.00");
                assertThat(payment.toleranceDifference()).isEqualByComparingTo("-0.25");
            });
        } finally {
            payments.updateSettings(settings.amountTolerance(), null, payments.settings().version());
        }
    }

    @Test
    void twoChargesThatFitTheAmountAndAccountAreTheTreasurersDecisionNotAGuess() {
        long member = fixtures.member("Tvilling Dobbelt", CollectionMethod.INVOICE);
        String account = fixtures.sepaMember(member);
        ChargeView first = fixtures.chargeOf(fixtures.approvedRun("20.00", clock.today().plusDays(20), member), member);
        ChargeView second = fixtures.chargeOf(fixtures.approvedRun("20.00", clock.today().plusDays(21), member), member);

        PaymentFixtures.Taken taken = fixtures.drop("twins-" + fixtures.token + ".xml", fixtures.credits(clock.today(),
                fixtures.credit(1, "20.00", null, null, "Tvilling Dobbelt", account, null)));

        assertThat(fixtures.transactions(taken.file().id())).containsExactly("CREDIT UNMATCHED 20.00");
        assertThat(jdbc.sql("select note from duesflow.bank_transaction where bank_file_id = :file")
                .param("file", taken.file().id()).query(String.class).single())
                .isEqualTo("2 open charges of the payer's account owe 20.00; which one it pays is the treasurer's decision");
        assertThat(payments.paymentsOf(first.number())).isEmpty();
        assertThat(payments.paymentsOf(second.number())).isEmpty();
    }

    @Test
    void aDirectDebitMembersCreditPaysPartOfTheNextChargeAndOnlyTheRestIsCollected() {
        long member = fixtures.member("Kredit Debitor", CollectionMethod.SEPA_DIRECT_DEBIT);
        ChargeView earlier = fixtures.chargeOf(fixtures.approvedRun("40.00", clock.today().plusDays(10), member), member);
        payments.registerPayment(earlier.number(), new BigDecimal("55.00"), clock.today(), "paid by transfer");
        fixtures.sepaMember(member);

        long run = fixtures.approvedRun("40.00", LocalDate.of(2027, 1, 4), member);
        DirectDebitCollections.Collection collection = fixtures.collected(run);

        assertThat(collection.collected()).as("what the member's credit did not pay").isEqualByComparingTo("25.00");
        assertThat(fixtures.chargeOf(run, member).status()).isEqualTo("IN_COLLECTION");
        assertThat(fixtures.chargeOf(run, member).paid()).isEqualByComparingTo("15.00");
    }

    /** The bank rows inserted and updated so far as this connection's transaction counts them. */
    private long[] bankRowCounts() {
        return jdbc.sql("""
                        select coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0) from pg_stat_xact_user_tables
                        where schemaname = 'duesflow' and relname = 'bank_transaction'""")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }
}
