package io.duesflow.banking.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** camt files in the shapes real banks send (see shared/docs/bank-files.md), read into records. */
class StatementReadingTests {

    private static Amount eur(String value) {
        return new Amount(new BigDecimal(value), "EUR");
    }

    @Test
    void aDutchStatementOfVersion02GivesItsAccountPeriodAndBalances() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-batch-credit.xml");

        assertThat(file.document()).isEqualTo(new BankDocument(BankMessage.CAMT_053_001_02,
                "0417164300.2027-01-07.0001", LocalDateTime.of(2027, 1, 8, 6, 12, 44, 123_000_000)));
        Statement statement = file.statements.get(0);
        assertThat(statement.id()).isEqualTo("0417164300.2027-01-07");
        assertThat(statement.electronicSequenceNumber()).isEqualTo("7");
        assertThat(statement.accountIban()).isEqualTo("NL91ABNA0417164300");
        assertThat(statement.currency()).isEqualTo("EUR");
        assertThat(statement.fromDate()).isEqualTo(LocalDate.of(2027, 1, 7));
        assertThat(statement.toDate()).isEqualTo(LocalDate.of(2027, 1, 7));
        assertThat(statement.opening()).isEqualTo(new Statement.Balance("OPBD", new BigDecimal("1520.40"), "EUR",
                LocalDate.of(2027, 1, 7)));
        assertThat(statement.closing().amount()).isEqualByComparingTo("1745.40");
    }

    @Test
    void statusAsTextInVersion02IsReadAsTheEntryStatus() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-batch-credit.xml");

        assertThat(file.entries).extracting(Entry::status).containsExactly("BOOK", "BOOK");
        assertThat(file.entries).allMatch(Entry::booked);
    }

    @Test
    void aBatchCreditOfThreeMembersGivesEachTransactionItsOwnAmountNotTheBatchTotal() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-batch-credit.xml");

        Entry batch = file.entries.get(1);
        // Written 000000000000150.00, as ABN AMRO pads it: the same number, its two decimals kept.
        assertThat(batch.amount()).isEqualTo(eur("150.00"));
        assertThat(batch.batches()).containsExactly(new Entry.Batch(null, null, 3L, eur("150.00"),
                CreditDebit.CREDIT));
        assertThat(file.transactions.subList(1, 4)).extracting(EntryTransaction::amount)
                .containsExactly(eur("25.00"), eur("75.00"), eur("50.00"));
        assertThat(file.transactions.subList(1, 4)).extracting(EntryTransaction::endToEndId)
                .containsExactly("R2027-104", "R2027-105", "R2027-106");
        assertThat(file.transactions.subList(1, 4)).extracting(EntryTransaction::debtorName)
                .containsExactly("Anneke Bakker", "Maarten Janssens", "Françoise Dupré");
        assertThat(file.transactions.subList(1, 4)).allMatch(t -> t.creditDebit() == CreditDebit.CREDIT);
    }

    @Test
    void theVisitorGetsEachPieceInFileOrderWithTheEntryBeforeItsTransactions() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-batch-credit.xml");

        assertThat(file.calls).containsExactly("document", "statement 0417164300.2027-01-07",
                "entry 75.00 EUR", "transaction null", "entry end",
                "entry 150.00 EUR", "transaction 25.00 EUR", "transaction 75.00 EUR",
                "transaction 50.00 EUR", "entry end", "statement end 0417164300.2027-01-07");
    }

    @Test
    void structuredReferencesKeepTheirTypeAndIssuer() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-batch-credit.xml");

        assertThat(file.transactions.get(1).creditorReferences())
                .containsExactly(new EntryTransaction.CreditorReference("RF712027104", "SCOR", "ISO"));
        assertThat(file.transactions.get(2).creditorReferences())
                .containsExactly(new EntryTransaction.CreditorReference("090933755493", "SCOR", "BBA"));
        assertThat(file.transactions.get(3).remittanceLines())
                .containsExactly("Contributie Zoë Dupré", "jeugdlid 2027");
        assertThat(file.transactions.get(3).ultimateDebtorName()).isEqualTo("Zoë Dupré");
    }

    @Test
    void notProvidedAndNonrefCountAsNoReference() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-batch-credit.xml");

        EntryTransaction single = file.transactions.get(0);
        assertThat(single.endToEndId()).isNull();
        assertThat(single.amount()).isNull();
        assertThat(single.debtorIban()).isEqualTo("NL02RABO0123456789");
        assertThat(single.remittanceLines()).containsExactly("Contributie 2027 lid 1017");
        assertThat(file.entries.get(0).accountServicerReference()).isNull();
        assertThat(file.entries.get(0).bankTransactionCode())
                .isEqualTo(new BankTransactionCode("PMNT", "RCDT", "ESCT", "N944", "ABNAMRO"));
        assertThat(file.entries.get(0).bankTransactionCode().iso()).isEqualTo("PMNT/RCDT/ESCT");
    }

    @Test
    void additionalEntryInformationComesAfterTheTransactions() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-batch-credit.xml");

        assertThat(file.entries.get(0).additionalInformation()).isNull();
        assertThat(file.entryEndInformation).containsExactly("SEPA OVERBOEKING", null);
    }

    @Test
    void version08ReadsStatusAsCodeAndTwoStatementsForTwoAccounts() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v08-two-statements.xml");

        assertThat(file.document().message()).isEqualTo(BankMessage.CAMT_053_001_08);
        assertThat(file.statements).extracting(Statement::accountIban)
                .containsExactly("DE89370400440532013000", "DK5000400440116243");
        assertThat(file.statements).extracting(Statement::currency).containsExactly("EUR", "DKK");
        assertThat(file.entries).extracting(Entry::status).containsExactly("BOOK", "BOOK");
        assertThat(file.calls).containsExactly("document", "statement DE89370400440532013000-2027-01-07",
                "entry 120.00 EUR", "transaction 120.00 EUR", "entry end",
                "statement end DE89370400440532013000-2027-01-07", "statement DK5000400440116243-2027-01-07",
                "entry 450.00 DKK", "entry end", "statement end DK5000400440116243-2027-01-07");
    }

    @Test
    void aPreviouslyClosedBalanceStandsInForTheOpeningAndAnOverdraftIsNegative() throws IOException {
        Statement german = RecordingVisitor.read("camt053-v08-two-statements.xml").statements.get(0);

        assertThat(german.opening().type()).isEqualTo("PRCD");
        assertThat(german.opening().amount()).isEqualByComparingTo("-10.00");
        assertThat(german.opening().date()).isEqualTo(LocalDate.of(2027, 1, 6));
    }

    @Test
    void aBookingDateGivenAsDateAndTimeIsTheDayAsWritten() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v08-two-statements.xml");

        assertThat(file.entries.get(0).bookingDate()).isEqualTo(LocalDate.of(2027, 1, 7));
        assertThat(file.entries.get(1).valueDate()).isEqualTo(LocalDate.of(2027, 1, 8));
        EntryTransaction transfer = file.transactions.get(0);
        assertThat(transfer.endToEndId()).isEqualTo("R2027-17");
        assertThat(transfer.instructionId()).isEqualTo("INSTR-88");
        assertThat(transfer.debtorName()).isEqualTo("Jürgen Groß");
    }

    @Test
    void anEntryWithoutTransactionsCarriesItsAdditionalInformation() throws IOException {
        Entry danish = RecordingVisitor.read("camt053-v08-two-statements.xml").entries.get(1);

        assertThat(danish.additionalInformation()).isEqualTo("Indbetalingskort +71 000000202717");
    }

    @Test
    void aCollectionBlockBookedAsOneEntryGivesTheBlockAndEachCollection() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v08-collection-lump.xml");

        Entry lump = file.entries.get(0);
        assertThat(lump.amount()).isEqualTo(eur("150.00"));
        assertThat(lump.bankTransactionCode().iso()).isEqualTo("PMNT/IDDT/ESDD");
        Entry.Batch block = new Entry.Batch("DUESFLOW-R17-20270105", "R17-FRST-20270106", 3L, eur("150.00"),
                CreditDebit.CREDIT);
        assertThat(lump.batches()).containsExactly(block);
        assertThat(file.transactions).extracting(EntryTransaction::endToEndId)
                .containsExactly("R17-1", "R17-2", "R17-3");
        assertThat(file.transactions).extracting(EntryTransaction::mandateId)
                .containsExactly("DF-100001", "DF-100002", "DF-100003");
        assertThat(file.transactions).extracting(EntryTransaction::amount)
                .containsExactly(eur("40.00"), eur("60.00"), eur("50.00"));
        assertThat(file.transactions).allSatisfy(t -> {
            assertThat(t.paymentInformationId()).isEqualTo("R17-FRST-20270106");
            assertThat(t.messageId()).isEqualTo("DUESFLOW-R17-20270105");
            assertThat(t.batch()).isEqualTo(block);
        });
    }

    @Test
    void aCollectionBlockBookedWithoutDetailsStillNamesTheBlock() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v08-collection-lump.xml");

        Entry postbank = file.entries.get(1);
        assertThat(postbank.batches()).containsExactly(new Entry.Batch("DUESFLOW-R17-20270105",
                "R17-RCUR-20270106", 100L, null, null));
        assertThat(postbank.additionalInformation()).isEqualTo("SEPA-Lastschrift Sammler 100 Posten");
        assertThat(file.calls.subList(file.calls.size() - 3, file.calls.size()))
                .containsExactly("entry 2500.00 EUR", "entry end", "statement end 2027-01-06-DE89");
    }

    @Test
    void aReturnWithABankFeeKeepsTheOriginalAmountTheDebitAndTheFeeApart() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt054-v02-return-with-fee.xml");

        assertThat(file.document().message()).isEqualTo(BankMessage.CAMT_054_001_02);
        Entry entry = file.entries.get(0);
        assertThat(entry.amount()).isEqualTo(eur("53.00"));
        assertThat(entry.creditDebit()).isEqualTo(CreditDebit.DEBIT);
        assertThat(entry.reversal()).isTrue();
        assertThat(entry.bankTransactionCode().iso()).isEqualTo("PMNT/IDDT/UPDD");
        assertThat(entry.charges()).isEqualTo(new Charges(null, List.of(
                new Charges.Charge(eur("3.00"), CreditDebit.DEBIT, null, "Ruecklastschriftgebuehr"))));
        EntryTransaction returned = file.transactions.get(0);
        assertThat(returned.instructedAmount()).isEqualTo(eur("50.00"));
        assertThat(returned.amount()).isEqualTo(eur("53.00"));
        assertThat(returned.creditDebit()).isEqualTo(CreditDebit.DEBIT);
        assertThat(returned.charges().records()).extracting(Charges.Charge::amount).containsExactly(eur("3.00"));
        assertThat(returned.endToEndId()).isEqualTo("R17-42");
        assertThat(returned.mandateId()).isEqualTo("DF-100042");
        assertThat(returned.paymentInformationId()).isEqualTo("R17-RCUR-20270106");
        assertThat(returned.debtorName()).isEqualTo("Grethe Nielsen");
        assertThat(returned.debtorIban()).isEqualTo("DE75512108001245126199");
    }

    @Test
    void aReturnNamesItsReasonCodeAndWhoGaveIt() throws IOException {
        EntryTransaction returned = RecordingVisitor.read("camt054-v02-return-with-fee.xml").transactions.get(0);

        assertThat(returned.returnReason()).isEqualTo(new Reason("MD06", null, null, "SSKMDEMMXXX",
                List.of("Erstattung auf Verlangen des Zahlers")));
        assertThat(returned.returnReason().known()).contains(ReasonCode.MD06);
    }

    @Test
    void chargeRecordsOfLaterVersionsSayWhetherTheEntryIncludesThem() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt054-v04-return-charges.xml");

        assertThat(file.document().message()).isEqualTo(BankMessage.CAMT_054_001_04);
        assertThat(file.entries.get(0).charges()).isEqualTo(new Charges(eur("2.50"),
                List.of(new Charges.Charge(eur("2.50"), CreditDebit.DEBIT, true, "RTRN"))));
        EntryTransaction returned = file.transactions.get(0);
        assertThat(returned.amount()).isEqualTo(eur("32.50"));
        assertThat(returned.instructedAmount()).isEqualTo(eur("30.00"));
        assertThat(returned.charges().records()).containsExactly(new Charges.Charge(eur("2.50"), CreditDebit.DEBIT,
                true, null));
        assertThat(returned.returnReason().code()).isEqualTo("AC04");
        assertThat(returned.returnReason().originatorName()).isEqualTo("PostFinance AG");
        assertThat(returned.debtorName()).isEqualTo("Lars Weiß");
    }

    @Test
    void aNotificationHasNoBalancesAndTakesItsCurrencyFromItsEntry() throws IOException {
        Statement notification = RecordingVisitor.read("camt054-v02-return-with-fee.xml").statements.get(0);

        assertThat(notification.id()).isEqualTo("NTF-20270120-0003");
        assertThat(notification.balances()).isEmpty();
        assertThat(notification.opening()).isNull();
        assertThat(notification.currency()).isEqualTo("EUR");
    }

    @Test
    void anIntradayReportGivesPendingEntriesWithoutABookingDate() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt052-v08-intraday.xml");

        assertThat(file.document().message()).isEqualTo(BankMessage.CAMT_052_001_08);
        assertThat(file.statements.get(0).balance("ITBD").amount()).isEqualByComparingTo("880.00");
        Entry pending = file.entries.get(0);
        assertThat(pending.status()).isEqualTo("PDNG");
        assertThat(pending.booked()).isFalse();
        assertThat(pending.bookingDate()).isNull();
        assertThat(file.transactions.get(0).creditDebit()).isEqualTo(CreditDebit.CREDIT);
    }

    @Test
    void aByteOrderMarkBeforeTheDeclarationIsRead(@TempDir Path folder) throws IOException {
        byte[] file = Files.readAllBytes(RecordingVisitor.file("camt053-v02-batch-credit.xml"));
        Path withBom = folder.resolve("bom.xml");
        Files.write(withBom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        Files.write(withBom, file, StandardOpenOption.APPEND);
        RecordingVisitor visitor = new RecordingVisitor();

        new BankFileReader().read(withBom, visitor);

        assertThat(visitor.transactions.get(3).debtorName()).isEqualTo("Françoise Dupré");
    }

    @Test
    void amountsKeepTheDecimalsTheBankWrote() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("camt053-v02-amounts.xml");

        assertThat(file.entries).extracting(entry -> entry.amount().value().toPlainString())
                .containsExactly("18.150", "0", "200000");
        assertThat(file.transactions.get(0).amount().value().scale()).isEqualTo(3);
        assertThat(file.statements.get(0).opening().amount().toPlainString()).isEqualTo("200000");
        assertThat(file.statements.get(0).currency()).isEqualTo("EUR");
    }
}
