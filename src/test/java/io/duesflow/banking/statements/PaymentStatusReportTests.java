package io.duesflow.banking.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** pain.002 status reports: the bank's answer to a pain.008, before anything is settled. */
class PaymentStatusReportTests {

    @Test
    void aReportNamesThePain008ItAnswersAndItsStatusAsAWhole() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("pain002-v03-rejects.xml");

        assertThat(file.document()).isEqualTo(new BankDocument(BankMessage.PAIN_002_001_03, "STS-20270104-000112",
                LocalDateTime.of(2027, 1, 4, 16, 20, 5)));
        assertThat(file.reports).containsExactly(new StatusReport("DUESFLOW-R17-20270105", "pain.008.001.02",
                "PART", List.of()));
    }

    @Test
    void oneRejectedCollectionComesWithItsReasonAndWhatWasSent() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("pain002-v03-rejects.xml");

        assertThat(file.blocks.get(0).originalPaymentInformationId()).isEqualTo("R17-FRST-20270106");
        assertThat(file.blocks.get(0).status()).isEqualTo("PART");
        TransactionStatus rejected = file.transactionStatuses.get(0);
        assertThat(rejected.originalEndToEndId()).isEqualTo("R17-2");
        assertThat(rejected.originalInstructionId()).isEqualTo("R17-2");
        assertThat(rejected.status()).isEqualTo("RJCT");
        assertThat(rejected.reasons()).containsExactly(new Reason("AC04", null, null, "DEUTDEDKXXX",
                List.of("Konto erloschen")));
        assertThat(rejected.originalAmount()).isEqualTo(new Amount(new BigDecimal("60.00"), "EUR"));
        assertThat(rejected.requestedCollectionDate()).isEqualTo(LocalDate.of(2027, 1, 6));
        assertThat(rejected.mandateId()).isEqualTo("DF-100002");
        assertThat(rejected.debtorName()).isEqualTo("Hans-Peter Müller");
        assertThat(rejected.debtorIban()).isEqualTo("DE02120300000000202051");
        assertThat(rejected.reasons().get(0).known()).hasValueSatisfying(code -> assertThat(code.endsMandate()).isTrue());
    }

    @Test
    void aWholeBlockIsRejectedWithoutTransactions() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("pain002-v03-rejects.xml");

        PaymentBlockStatus block = file.blocks.get(1);
        assertThat(block.originalPaymentInformationId()).isEqualTo("R17-RCUR-20270106");
        assertThat(block.status()).isEqualTo("RJCT");
        assertThat(block.reasons()).containsExactly(new Reason("DT01", null, "Commerzbank", null,
                List.of("Faelligkeitsdatum zu frueh")));
        assertThat(file.calls).containsExactly("document", "status report PART", "block R17-FRST-20270106",
                "transaction status R17-FRST-20270106 RJCT", "block R17-RCUR-20270106");
        assertThat(ReasonCode.describe("DT01", Locale.ENGLISH)).isEqualTo("Reason code DT01 (not one duesflow knows)");
    }

    @Test
    void version10ReadsTheDebtorAsAPartyAndANotProvidedEndToEndIdAsNone() throws IOException {
        RecordingVisitor file = RecordingVisitor.read("pain002-v10-reject.xml");

        assertThat(file.document().message()).isEqualTo(BankMessage.PAIN_002_001_10);
        assertThat(file.reports.get(0).originalMessageName()).isEqualTo("pain.008.001.08");
        TransactionStatus refused = file.transactionStatuses.get(0);
        assertThat(refused.originalEndToEndId()).isNull();
        assertThat(refused.originalInstructionId()).isEqualTo("R18-77");
        assertThat(refused.reasons()).extracting(Reason::code, Reason::originatorName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MS02", "Anne Jensen"));
        assertThat(refused.debtorName()).isEqualTo("Anne Jensen");
        assertThat(refused.debtorIban()).isEqualTo("DK5000400440116243");
        assertThat(refused.mandateId()).isEqualTo("DF-100077");
    }
}
