package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import io.duesflow.CamtCredit;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * FI-card payments outside Betalingsservice: a member pays a Danish invoice with its {@code +71} line in their
 * netbank, and the bank reports the credit in a camt.054 (or camt.053) with the payment id in the structured
 * reference. The reconciliation finds the charge by it, check digit verified.
 */
@ApplicationTest
class FiCardPaymentTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    Charges charges;
    @Autowired
    TestClock clock;

    PaymentFixtures fixtures;

    @BeforeEach
    void danishAssociationAndTheInbox() throws Exception {
        fixtures = new PaymentFixtures(context);
        BetalingsserviceCollectionTests.danish(fixtures);
        fixtures.startInbox();
    }

    @AfterEach
    void stopTheInbox() throws Exception {
        fixtures.stopInbox();
        fixtures.euroAssociation();
    }

    @Test
    void aCreditNotificationWithThePlus71PaymentIdInItsStructuredReferencePaysItsChargeAndAWrongCheckDigitDoesNot() {
        long karen = fixtures.member("Karen Kortbetaling", CollectionMethod.INVOICE);
        long lars = fixtures.member("Lars Lunde", CollectionMethod.INVOICE);
        long run = fixtures.approvedRun("250.00", clock.today().plusDays(20));
        ChargeView karens = fixtures.chargeOf(run, karen);
        ChargeView larses = fixtures.chargeOf(run, lars);
        String wrongDigit = larses.paymentId().substring(0, 14) + ((larses.paymentId().charAt(14) - '0' + 1) % 10);

        PaymentFixtures.Taken taken = fixtures.drop("fik-" + fixtures.token + ".xml", fixtures.template(
                "camt054-v08-fi-credits.xml", Map.of("bookingDate", clock.today().toString(), "entries",
                        entry(1, "250.00", "71" + karens.paymentId()) + entry(2, "250.00", wrongDigit))));

        assertThat(taken.refusal()).as("%s", taken.reason()).isNull();
        assertThat(fixtures.transactions(taken.file().id())).containsExactly(
                "CREDIT MATCHED PAYMENT_ID " + karens.number() + " 250.00", "CREDIT UNMATCHED 250.00");
        assertThat(charges.state(karens.number()).status().name()).isEqualTo("PAID");
        assertThat(charges.state(larses.number()).status().name()).isEqualTo("OPEN");
    }

    /**
     * The end-of-day statement, camt.053.001.02, reports the same kind of credit: the bare 15-digit payment id in the
     * structured reference pays its charge; the same statement again pays nothing twice.
     */
    @Test
    void anEndOfDayStatementWithThePlus71PaymentIdInItsStructuredReferencePaysItsCharge() {
        long mette = fixtures.member("Mette Månedsudtog", CollectionMethod.INVOICE);
        long run = fixtures.approvedRun("180.00", clock.today().plusDays(20));
        ChargeView mettes = fixtures.chargeOf(run, mette);
        String statement = fixtures.template("camt053-v02-fi-credits.xml", Map.of("bookingDate",
                clock.today().toString(), "entries", statementEntry("180.00", mettes.paymentId())));

        PaymentFixtures.Taken taken = fixtures.drop("fik053-" + fixtures.token + ".xml", statement);

        assertThat(taken.refusal()).as("%s", taken.reason()).isNull();
        assertThat(fixtures.transactions(taken.file().id())).containsExactly(
                "CREDIT MATCHED PAYMENT_ID " + mettes.number() + " 180.00");
        assertThat(charges.state(mettes.number()).status().name()).isEqualTo("PAID");

        PaymentFixtures.Taken again = fixtures.drop("fik053-" + fixtures.token + ".xml", statement);

        assertThat(again.file().duplicates()).isEqualTo(1);
        assertThat(charges.state(mettes.number()).paid()).isEqualByComparingTo("180.00");
    }

    /** One FI credit: the amount in kroner, the card type 71 and the reference as the bank gives it. */
    private String entry(int number, String amount, String reference) {
        return CamtCredit.of("DKK", amount, fixtures.token + "-FIK" + number, clock.today().toString())
                .withoutValueDate().subFamily("DMCT").withoutReferences().proprietary("71", reference).xml();
    }

    /**
     * One FI credit as a .001.02 statement entry has it: the status as text, the transaction's amount in
     * AmtDtls/TxAmt (that version has no TxDtls/Amt).
     */
    private String statementEntry(String amount, String reference) {
        LocalDate day = clock.today();
        return """
                      <Ntry>
                        <Amt Ccy="DKK">%1$s</Amt>
                        <CdtDbtInd>CRDT</CdtDbtInd>
                        <Sts>BOOK</Sts>
                        <BookgDt>
                          <Dt>%3$s</Dt>
                        </BookgDt>
                        <ValDt>
                          <Dt>%3$s</Dt>
                        </ValDt>
                        <AcctSvcrRef>%2$s-FIK053</AcctSvcrRef>
                        <BkTxCd>
                          <Domn>
                            <Cd>PMNT</Cd>
                            <Fmly>
                              <Cd>RCDT</Cd>
                              <SubFmlyCd>DMCT</SubFmlyCd>
                            </Fmly>
                          </Domn>
                        </BkTxCd>
                        <NtryDtls>
                          <TxDtls>
                            <AmtDtls>
                              <TxAmt>
                                <Amt Ccy="DKK">%1$s</Amt>
                              </TxAmt>
                            </AmtDtls>
                            <RmtInf>
                              <Strd>
                                <CdtrRefInf>
                                  <Tp>
                                    <CdOrPrtry>
                                      <Prtry>71</Prtry>
                                    </CdOrPrtry>
                                  </Tp>
                                  <Ref>%4$s</Ref>
                                </CdtrRefInf>
                              </Strd>
                            </RmtInf>
                          </TxDtls>
                        </NtryDtls>
                      </Ntry>
                """.formatted(amount, fixtures.token, day, reference);
    }
}
