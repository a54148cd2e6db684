package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestUsers;
import io.duesflow.banking.betalingsservice.NetsLines;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.mail.MailOutbox;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberView;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What Betalingsservice reports, dropped into the bank inbox as Nets writes it (hand-written 0602 and 0603 deliveries,
 * betalingsservice.md §3-§4): completed collections pay their charges, rejected and cancelled ones reopen them and
 * invoice the member with the FI line, a charge-back reverses the payment; agreements registered and cancelled update
 * the members; the same delivery again changes nothing; a delivery whose totals disagree books nothing.
 */
@ApplicationTest
class BetalingsserviceInformationTests {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final DateTimeFormatter DDMMYY = DateTimeFormatter.ofPattern("ddMMyy");
    /** Delivery ids of this build's hand-written deliveries: never one twice. */
    static final AtomicLong DELIVERY_IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 10);

    @Autowired
    ApplicationContext context;
    @Autowired
    DirectDebitCollections collections;
    @Autowired
    Charges charges;
    @Autowired
    Payments payments;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    MailOutbox mail;

    PaymentFixtures fixtures;
    final LocalDate due = LocalDate.of(2027, 2, 1);

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

    /** A run of one 200.00 line for the group, approved and delivered to Betalingsservice. */
    long deliveredRun() {
        BillingRun run = fixtures.runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Kontingent",
                new BigDecimal("200.00"), null)), null, fixtures.group, due, null, null);
        fixtures.runs.generate(run.id());
        long id = fixtures.runs.approve(run.id(), null).id();
        assertThat(collections.collect(id).betalingsserviceDeliveries()).singleElement()
                .satisfies(delivery -> assertThat(delivery.state()).isEqualTo("PLACED"));
        return id;
    }

    // --- 0602 ---------------------------------------------------------------------------------------------------

    @Test
    void completedRejectedCancelledAndChargedBackPaymentsMoveTheirChargesAndTheSameDeliveryAgainChangesNothing() {
        long anna = BetalingsserviceCollectionTests.agreementMember(fixtures, "Anna Andersen", "1001");
        long bent = BetalingsserviceCollectionTests.agreementMember(fixtures, "Bent Bertelsen", "1002");
        long cilla = BetalingsserviceCollectionTests.agreementMember(fixtures, "Cilla Christensen", "1003");
        long dan = BetalingsserviceCollectionTests.agreementMember(fixtures, "Dan Dahl", "1004");
        long run = deliveredRun();
        ChargeView annas = fixtures.chargeOf(run, anna);
        ChargeView bents = fixtures.chargeOf(run, bent);
        ChargeView cillas = fixtures.chargeOf(run, cilla);
        ChargeView dans = fixtures.chargeOf(run, dan);
        List<Long> ids = List.of(annas.id(), bents.id(), cillas.id(), dans.id());
        assertThat(owedByTheBank(ids)).as("the ledger: the delivery's four payments owed by Nets")
                .isEqualByComparingTo("800.00");
        fixtures.drop("dan-paid-" + fixtures.token + ".txt", paymentInformation(List.of(
                completed(dans, "1004"))));
        assertThat(owedByTheBank(ids)).as("the ledger: Dan's payment cleared").isEqualByComparingTo("600.00");
        assertThat(charges.state(dans.number()).status().name()).isEqualTo("PAID");

        String delivery = paymentInformation(List.of(completed(annas, "1001"),
                notCollected("0237", bents, "1002"), notCollected("0238", cillas, "1003"),
                chargedBack(dans, "1004")));
        PaymentFixtures.Taken taken = fixtures.drop("bs0602-" + fixtures.token + ".txt", delivery);

        assertThat(taken.refusal()).as("%s", taken.reason()).isNull();
        assertThat(taken.file().message()).isEqualTo("betalingsservice.0602");
        assertThat(taken.file().settled()).isEqualTo(1);
        assertThat(taken.file().returns()).isEqualTo(3);
        assertThat(taken.file().unmatched()).isZero();

        assertThat(charges.state(annas.number()).status().name()).isEqualTo("PAID");
        assertThat(payments.paymentsOf(annas.number())).singleElement().satisfies(payment -> {
            assertThat(payment.how()).isEqualTo(PaymentMatch.COLLECTION);
            assertThat(payment.amount()).isEqualByComparingTo("200.00");
            assertThat(payment.bookingDate()).as("registered on its payment date").isEqualTo(due);
            assertThat(payment.valueDate()).isEqualTo(due.plusDays(1));
        });

        for (ChargeView notCollected : List.of(bents, cillas)) {
            ChargeView now = fixtures.chargeOf(run, notCollected.memberNumber());
            assertThat(now.status()).isEqualTo("OPEN");
            assertThat(now.collectedBy()).as("the member pays now").isNull();
            assertThat(now.invoicedInstead()).isTrue();
            assertThat(now.collectionNote()).contains(notCollected == bents ? "0237" : "0238")
                    .endsWith("invoiced with the FI payment line instead");
            assertThat(charges.charge(now.number()).history()).last().satisfies(change ->
                    assertThat(change.reason()).startsWith("reported by Betalingsservice: ")
                            .contains(notCollected == bents ? "afviste" : "afmeldt"));
            long invoicedAgain = fixtures.jdbc.sql("""
                            select id from duesflow.mail_outbox where document_id = :id and kind = 'INVOICE_AGAIN'""")
                    .param("id", now.id()).query(Long.class).single();
            assertThat(mail.document(invoicedAgain).text()).as("invoiced again, with the FI line")
                    .contains("+71<" + now.paymentId() + " +81131945<");
        }

        assertThat(charges.state(dans.number()).status().name()).as("charged back: owed again").isEqualTo("OPEN");
        assertThat(payments.paymentsOf(dans.number())).singleElement().satisfies(payment -> {
            assertThat(payment.undoneAt()).isNotNull();
            assertThat(payment.undoReason()).contains("0239");
        });
        assertThat(fixtures.jdbc.sql("""
                        select code || ' ' || outcome from duesflow.collection_return
                        where charge_number = any(:numbers) order by code""")
                .param("numbers", new org.springframework.jdbc.support.SqlArrayValue("text", bents.number(),
                        cillas.number(), dans.number()))
                .query(String.class).list())
                .containsExactly("0237 REOPENED", "0238 REOPENED", "0239 PAYMENT_UNDONE");

        assertThat(owedByTheBank(ids)).as("the ledger: nothing is in collection any more").isEqualByComparingTo("0.00");

        int changes = charges.charge(cillas.number()).history().size();
        PaymentFixtures.Taken again = fixtures.drop("bs0602-" + fixtures.token + ".txt", delivery);

        assertThat(again.file().duplicates()).isEqualTo(1);
        assertThat(payments.paymentsOf(annas.number())).hasSize(1);
        assertThat(charges.state(bents.number()).status().name()).isEqualTo("OPEN");
        assertThat(charges.charge(cillas.number()).history()).hasSize(changes);
    }

    @Test
    void theSameEventInALaterDeliveryIsRecordedOnceAndAnUnknownReferenceOrAnotherAmountIsListedForTheTreasurer() {
        long eva = BetalingsserviceCollectionTests.agreementMember(fixtures, "Eva Egholm", "2001");
        long run = deliveredRun();
        ChargeView evas = fixtures.chargeOf(run, eva);
        fixtures.drop("eva-1-" + fixtures.token + ".txt", paymentInformation(List.of(completed(evas, "2001"))));

        String unknown = NetsLines.automaticPayment("0236", String.format("%015d", eva), "000002001",
                due.format(DDMMYY), '1', 5000, pad("1999-99999", 30), due.format(DDMMYY),
                due.plusDays(1).format(DDMMYY), 5000);
        String otherAmount = completed(evas, "2001").replace("0000000020000", "0000000019900");
        PaymentFixtures.Taken later = fixtures.drop("eva-2-" + fixtures.token + ".txt",
                paymentInformation(List.of(completed(evas, "2001"), unknown, otherAmount)));

        assertThat(later.refusal()).isNull();
        assertThat(later.file().settled()).isZero();
        assertThat(later.file().known()).as("reported before").isEqualTo(1);
        assertThat(later.file().unmatched()).as("listed").isEqualTo(2);
        assertThat(payments.paymentsOf(evas.number())).hasSize(1);
        assertThat(fixtures.jdbc.sql("""
                        select r.record_number || ' ' || r.state || ' ' || r.note from duesflow.betalingsservice_record r
                        join duesflow.betalingsservice_information i on i.id = r.information_id
                        join duesflow.bank_file f on f.id = i.bank_file_id
                        where f.id = :file order by r.record_number""")
                .param("file", later.file().id()).query(String.class).list())
                .containsExactly("3 ALREADY reported before; nothing changed",
                        "4 LISTED the reference '1999-99999' is no charge duesflow delivered to Betalingsservice",
                        "5 LISTED the amount 199.00 DKK is not the 200.00 DKK charge " + evas.number()
                                + " was delivered with");
    }

    @Test
    void aRecordAlwaysNamesItsInformationDeliveryWhichStaysWhileItsRecordsDo() {
        long fie = BetalingsserviceCollectionTests.agreementMember(fixtures, "Fie Fastholdt", "2101");
        long run = deliveredRun();
        ChargeView fies = fixtures.chargeOf(run, fie);
        PaymentFixtures.Taken taken = fixtures.drop("fie-" + fixtures.token + ".txt",
                paymentInformation(List.of(completed(fies, "2101"))));
        long information = fixtures.jdbc.sql("select id from duesflow.betalingsservice_information "
                + "where bank_file_id = :file").param("file", taken.file().id()).query(Long.class).single();

        assertThatThrownBy(() -> fixtures.jdbc.sql("""
                        insert into duesflow.betalingsservice_record (information_id, record_number, transaction_code,
                            kind, state)
                        values (-1, 1, '0236', 'COMPLETED', 'LISTED')""").update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("names information delivery -1, which does not exist");
        assertThatThrownBy(() -> fixtures.jdbc.sql("""
                        update duesflow.betalingsservice_record set information_id = -1
                        where information_id = :information""").param("information", information).update())
                .hasMessageContaining("information_id is never changed once written");
        assertThatThrownBy(() -> fixtures.jdbc.sql("delete from duesflow.betalingsservice_information where id = :id")
                .param("id", information).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("A Betalingsservice information delivery with records cannot be removed");
    }

    @Test
    void aDeliveryWhoseTotalsDisagreeOrWhoseIdWasReadBeforeGoesToTheErrorFolderAndBooksNothing() {
        long finn = BetalingsserviceCollectionTests.agreementMember(fixtures, "Finn Fejl", "3001");
        long run = deliveredRun();
        ChargeView finns = fixtures.chargeOf(run, finn);
        List<String> lines = new ArrayList<>(List.of(paymentInformation(List.of(completed(finns, "3001")))
                .split("\r\n")));
        String id = lines.get(0).substring(20, 30);
        lines.set(3, NetsLines.sectionEnd("0211", 1, 19_900));

        PaymentFixtures.Taken wrong = fixtures.drop("bad-sum-" + fixtures.token + ".txt",
                String.join("\r\n", lines) + "\r\n");

        assertThat(wrong.refusal()).isNotNull();
        assertThat(wrong.reason()).contains("Record 4").contains("net amount");
        assertThat(wrong.movedTo().getParent().getFileName().toString()).isEqualTo("error");
        assertThat(charges.state(finns.number()).status().name()).isEqualTo("IN_COLLECTION");

        fixtures.drop("good-" + fixtures.token + ".txt", paymentInformation(List.of(completed(finns, "3001")), id));
        PaymentFixtures.Taken copy = fixtures.drop("copy-" + fixtures.token + ".txt",
                paymentInformation(List.of(completed(finns, "3001")), id).replace(due.plusDays(1).format(DDMMYY),
                        due.plusDays(2).format(DDMMYY)));

        assertThat(copy.reason()).contains("Record 1").contains("no. " + id).contains("was read before");
        assertThat(payments.paymentsOf(finns.number())).hasSize(1);
    }

    /**
     * A broken record after a good one (betalingsservice.md §0: 128 characters, a known record type; §3: the section
     * end's count): the file goes to error/ naming the record and why, nothing of it is booked, and the delivery is
     * not taken as read, so Nets' corrected file with the same delivery id is booked.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a record of 129 characters     | 4 | the record is 129 characters long; a record has 128",
            "a record of an unknown type    | 4 | unknown record type BS071",
            "a section count that disagrees | 5 | BS092 says section 0211 has 1 BS042 records (positions 32-42); it "
                    + "has 2"})
    void aBrokenRecordOrACountThatDisagreesSendsTheDeliveryToErrorNamingTheRecordAndBooksNothing(String broken,
                                                                                                 int recordNumber,
                                                                                                 String reason) {
        long jens = fixtures.member("Jens Lang", CollectionMethod.BETALINGSSERVICE);
        long kirsten = fixtures.member("Kirsten Kort", CollectionMethod.BETALINGSSERVICE);
        fixtures.register.addBetalingsserviceAgreement(jens, "5" + jens);
        fixtures.register.addBetalingsserviceAgreement(kirsten, "5" + kirsten);
        long run = deliveredRun();
        ChargeView jenses = fixtures.chargeOf(run, jens);
        ChargeView kirstens = fixtures.chargeOf(run, kirsten);
        String id = nextDeliveryId();
        String good = paymentInformation(List.of(completed(jenses, "5" + jens), completed(kirstens, "5" + kirsten)),
                id);
        List<String> lines = new ArrayList<>(List.of(good.split("\r\n")));
        switch (recordNumber == 5 ? "count" : broken.contains("129") ? "length" : "type") {
            case "length" -> lines.set(3, lines.get(3) + "0");
            case "type" -> lines.set(3, "BS071" + lines.get(3).substring(5));
            default -> lines.set(4, NetsLines.sectionEnd("0211", 1, 40_000));
        }

        PaymentFixtures.Taken refused = fixtures.drop("broken-" + fixtures.token + ".txt",
                String.join("\r\n", lines) + "\r\n");

        assertThat(refused.refusal()).as(broken).isNotNull();
        assertThat(refused.movedTo().getParent().getFileName().toString()).isEqualTo("error");
        assertThat(refused.reason()).contains("nothing of it was booked").contains("Record " + recordNumber + ": "
                + reason);
        for (ChargeView charge : List.of(jenses, kirstens)) {
            assertThat(charges.state(charge.number()).status().name()).as("nothing booked, not even record 3")
                    .isEqualTo("IN_COLLECTION");
            assertThat(payments.paymentsOf(charge.number())).isEmpty();
        }
        assertThat(owedByTheBank(List.of(jenses.id(), kirstens.id()))).isEqualByComparingTo("400.00");

        PaymentFixtures.Taken corrected = fixtures.drop("corrected-" + fixtures.token + ".txt", good);

        assertThat(corrected.refusal()).as("%s", corrected.reason()).isNull();
        assertThat(corrected.file().settled()).isEqualTo(2);
        assertThat(charges.state(kirstens.number()).status().name()).isEqualTo("PAID");
    }

    /**
     * Records that name a charge duesflow delivered but another customer or agreement number than it was delivered
     * with, an agreement the member does not have, or a customer number that is no member's: each is listed for a
     * treasurer with its record number and the reason, and the rest of the delivery is booked.
     */
    @Test
    void anUnknownCustomerOrAgreementNumberIsListedForTheTreasurerWithTheRecordAndTheReason() {
        long lise = BetalingsserviceCollectionTests.agreementMember(fixtures, "Lise Liste", "6001");
        long mads = BetalingsserviceCollectionTests.agreementMember(fixtures, "Mads Mangel", "6002");
        long run = deliveredRun();
        ChargeView lises = fixtures.chargeOf(run, lise);
        ChargeView madses = fixtures.chargeOf(run, mads);
        String otherCustomer = completed(lises, "6001").substring(0, 25) + String.format("%015d", mads)
                + completed(lises, "6001").substring(40);
        String otherAgreement = completed(madses, "6099");
        String payments0602 = nextDeliveryId();

        PaymentFixtures.Taken taken = fixtures.drop("listed-0602-" + fixtures.token + ".txt",
                paymentInformation(List.of(otherCustomer, otherAgreement), payments0602));

        assertThat(taken.refusal()).as("%s", taken.reason()).isNull();
        assertThat(taken.file().unmatched()).isEqualTo(2);
        assertThat(charges.state(lises.number()).status().name()).isEqualTo("IN_COLLECTION");
        assertThat(charges.state(madses.number()).status().name()).isEqualTo("IN_COLLECTION");

        String agreements0603 = nextDeliveryId();
        LocalDate cancelled = LocalDate.of(2026, 11, 25);
        fixtures.drop("listed-0603-" + fixtures.token + ".txt", delivery("0603", "0212", List.of(
                NetsLines.agreement("0233", String.format("%015d", lise), "000006999", cancelled.format(DDMMYY),
                        "000000"),
                NetsLines.agreement("0234", "999999999999999", "000006001", cancelled.format(DDMMYY), "000000")), 0,
                agreements0603));

        assertThat(fixtures.register.member(lise).betalingsserviceAgreements()).singleElement()
                .satisfies(agreement -> assertThat(agreement.status()).isEqualTo("ACTIVE"));
        TestRestTemplate treasurer = TestUsers.signedIn(rest, identity, "tove", Roles.TREASURER);
        assertThat(listed(treasurer, payments0602)).containsExactly(
                "3 0236 LISTED customer number " + mads + " is not the one charge "
                        + lises.number() + " was delivered with (" + lise + ")",
                "4 0236 LISTED agreement number 6099 is not the one charge " + madses.number()
                        + " was delivered under (6002)");
        assertThat(listed(treasurer, agreements0603)).containsExactly(
                "3 0233 LISTED member " + lise + " has no agreement 6999",
                "4 0234 LISTED no member 999999999999999");
    }

    /** The records of a delivery a treasurer finds listed, as the API gives them. */
    private static List<String> listed(TestRestTemplate treasurer, String deliveryId) {
        ResponseEntity<JsonNode> records = treasurer.getForEntity("/api/payments/betalingsservice/records?state=LISTED"
                + "&deliveryId=" + deliveryId, JsonNode.class);
        assertThat(records.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> listed = new ArrayList<>();
        records.getBody().forEach(record -> listed.add(record.path("recordNumber").asLong() + " "
                + record.path("transactionCode").asText() + " " + record.path("state").asText() + " "
                + record.path("note").asText()));
        return listed;
    }

    @Test
    void aPaidPaymentSlipPaysTheMembersChargeOfThatAmountAndItsChargeBackReversesIt() {
        long gro = fixtures.member("Gro Giro", CollectionMethod.INVOICE);
        long run = fixtures.approvedRun("75.00", due);
        ChargeView gros = fixtures.chargeOf(run, gro);
        String customer = String.format("%015d", gro);
        String archive = "A" + fixtures.token.replaceAll("[^A-Z0-9]", "") + "0000000000000000000000";
        String paid = NetsLines.slipPayment("0297", customer, "71", 0, due.format(DDMMYY), 7500, pad("", 9),
                archive.substring(0, 22), due.minusDays(3).format(DDMMYY), due.minusDays(2).format(DDMMYY), 7500);

        PaymentFixtures.Taken taken = fixtures.drop("slip-" + fixtures.token + ".txt", delivery("0215",
                List.of(paid), 7500));

        assertThat(taken.refusal()).as("%s", taken.reason()).isNull();
        assertThat(taken.file().payments()).isEqualTo(1);
        assertThat(charges.state(gros.number()).status().name()).isEqualTo("PAID");
        assertThat(payments.paymentsOf(gros.number())).singleElement().satisfies(payment ->
                assertThat(payment.bookingDate()).isEqualTo(due.minusDays(3)));

        String back = NetsLines.slipPayment("0299", customer, "71", 0, due.format(DDMMYY), 7500, pad("", 9),
                archive.substring(0, 22), due.plusDays(3).format(DDMMYY), due.plusDays(3).format(DDMMYY), 7500);
        fixtures.drop("slip-back-" + fixtures.token + ".txt", delivery("0215", List.of(back), 7500));

        assertThat(charges.state(gros.number()).status().name()).isEqualTo("OPEN");
        assertThat(payments.paymentsOf(gros.number())).singleElement()
                .satisfies(payment -> assertThat(payment.undoneAt()).isNotNull());
    }

    // --- 0603 ---------------------------------------------------------------------------------------------------

    @Test
    void aNewAndACancelledAgreementUpdateTheMembersAndTheSameDeliveryAgainChangesNothing() {
        long hans = fixtures.member("Hans Ny", CollectionMethod.BETALINGSSERVICE);
        long ida = BetalingsserviceCollectionTests.agreementMember(fixtures, "Ida Opsagt", "4002");
        LocalDate registered = LocalDate.of(2026, 11, 20);
        LocalDate cancelled = LocalDate.of(2026, 11, 25);
        String delivery = delivery("0603", "0212", List.of(
                NetsLines.agreement("0231", String.format("%015d", hans), "000004001", registered.format(DDMMYY),
                        "000000"),
                NetsLines.agreement("0232", String.format("%015d", ida), "000004002", cancelled.format(DDMMYY),
                        cancelled.format(DDMMYY)),
                NetsLines.agreement("0233", "00000000TEST001", "000009999", cancelled.format(DDMMYY), "000000")), 0,
                nextDeliveryId());

        PaymentFixtures.Taken taken = fixtures.drop("bs0603-" + fixtures.token + ".txt", delivery);

        assertThat(taken.refusal()).as("%s", taken.reason()).isNull();
        assertThat(taken.file().unmatched()).as("the unknown customer number is listed").isEqualTo(1);
        assertThat(fixtures.jdbc.sql("""
                        select r.record_number || ' ' || r.state || ' ' || r.note from duesflow.betalingsservice_record r
                        join duesflow.betalingsservice_information i on i.id = r.information_id
                        where i.bank_file_id = :file order by r.record_number""")
                .param("file", taken.file().id()).query(String.class).list())
                .containsExactly("3 UPDATED registered", "4 UPDATED cancelled by bank on " + cancelled,
                        "5 LISTED the customer number 'TEST001' is no member's");
        MemberView hansNow = fixtures.register.member(hans);
        assertThat(hansNow.validMandate()).isTrue();
        assertThat(hansNow.betalingsserviceAgreements()).singleElement().satisfies(agreement -> {
            assertThat(agreement.agreementNumber()).isEqualTo("4001");
            assertThat(agreement.status()).isEqualTo("ACTIVE");
            assertThat(agreement.registeredOn()).isEqualTo(registered);
        });
        MemberView idaNow = fixtures.register.member(ida);
        assertThat(idaNow.validMandate()).as("left without an agreement: flagged").isFalse();
        JsonNode flagged = TestUsers.signedIn(rest, identity, "tove", Roles.TREASURER)
                .getForObject("/api/members/without-valid-mandate", JsonNode.class);
        List<Long> flaggedMembers = new ArrayList<>();
        flagged.forEach(member -> flaggedMembers.add(member.path("memberNumber").asLong()));
        assertThat(flaggedMembers).as("among the members who will be invoiced instead").contains(ida)
                .doesNotContain(hans);
        assertThat(idaNow.betalingsserviceAgreements()).singleElement().satisfies(agreement -> {
            assertThat(agreement.status()).isEqualTo("CANCELLED");
            assertThat(agreement.cancelledOn()).isEqualTo(cancelled);
            assertThat(agreement.cancelledBy()).isEqualTo("bank");
        });
        assertThat(fixtures.jdbc.sql("""
                        select details from duesflow.change_log where entity = 'member' and entity_key = :member
                        order by id desc limit 1""")
                .param("member", String.valueOf(ida)).query(String.class).single())
                .isEqualTo("Betalingsservice agreement 4002 cancelled by bank on " + cancelled
                        + ", as Betalingsservice reported");

        long run = fixtures.approvedRun("60.00", due);
        assertThat(fixtures.chargeOf(run, ida).collectionNote()).as("invoiced next time")
                .isEqualTo("no active Betalingsservice agreement");
        assertThat(fixtures.chargeOf(run, hans).collectedBy()).isEqualTo("BETALINGSSERVICE");

        PaymentFixtures.Taken again = fixtures.drop("bs0603-" + fixtures.token + ".txt", delivery);

        assertThat(again.file().duplicates()).isEqualTo(1);
        assertThat(fixtures.register.member(hans).betalingsserviceAgreements()).hasSize(1);
        assertThat(fixtures.register.member(ida).betalingsserviceAgreements()).singleElement()
                .satisfies(agreement -> assertThat(agreement.cancelledOn()).isEqualTo(cancelled));
    }

    // --- hand-written deliveries ------------------------------------------------------------------------------

    String completed(ChargeView charge, String agreement) {
        long ore = charge.total().movePointRight(2).longValueExact();
        return NetsLines.automaticPayment("0236", String.format("%015d", charge.memberNumber()),
                String.format("%09d", Long.parseLong(agreement)), due.format(DDMMYY), '1', ore,
                pad(charge.number(), 30), due.format(DDMMYY), due.plusDays(1).format(DDMMYY), ore);
    }

    String notCollected(String code, ChargeView charge, String agreement) {
        long ore = charge.total().movePointRight(2).longValueExact();
        return NetsLines.automaticPayment(code, String.format("%015d", charge.memberNumber()),
                String.format("%09d", Long.parseLong(agreement)), due.format(DDMMYY), '1', ore,
                pad(charge.number(), 30), "000000", "000000", 0);
    }

    String chargedBack(ChargeView charge, String agreement) {
        long ore = charge.total().movePointRight(2).longValueExact();
        return NetsLines.automaticPayment("0239", String.format("%015d", charge.memberNumber()),
                String.format("%09d", Long.parseLong(agreement)), due.format(DDMMYY), '1', ore,
                pad(charge.number(), 30), due.plusDays(10).format(DDMMYY), due.plusDays(10).format(DDMMYY), ore);
    }

    String paymentInformation(List<String> records) {
        return paymentInformation(records, nextDeliveryId());
    }

    String paymentInformation(List<String> records, String deliveryId) {
        long net = records.stream().mapToLong(record -> Long.parseLong(record.substring(56, 69))).sum();
        return delivery("0602", "0211", records, net, deliveryId);
    }

    String delivery(String section, List<String> records, long netOre) {
        return delivery("0602", section, records, netOre, nextDeliveryId());
    }

    /** A delivery of one section, its counts and net amount in the section and delivery ends, CR LF after each line. */
    String delivery(String type, String section, List<String> records, long netOre, String deliveryId) {
        List<String> lines = new ArrayList<>();
        lines.add(NetsLines.deliveryStart(type, deliveryId, LocalDate.of(2026, 12, 1).format(DDMMYY)));
        lines.add(NetsLines.sectionStart(section));
        lines.addAll(records);
        lines.add(NetsLines.sectionEnd(section, records.size(), netOre));
        lines.add(NetsLines.deliveryEnd(type, 1, records.size(), netOre));
        return String.join("\r\n", lines) + "\r\n";
    }

    static String nextDeliveryId() {
        return String.format("%010d", DELIVERY_IDS.incrementAndGet());
    }

    static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    /** What the ledger's collection clearing account says Nets still owes for these charges. */
    private java.math.BigDecimal owedByTheBank(List<Long> chargeIds) {
        return fixtures.jdbc.sql("""
                        select coalesce(sum(l.amount), 0) from duesflow.journal_line l
                        join duesflow.ledger_account a on a.number = l.account
                        where a.role = 'COLLECTION_CLEARING' and l.charge_id = any(:ids)""")
                .param("ids", new org.springframework.jdbc.support.SqlArrayValue("bigint", chargeIds.toArray()))
                .query(java.math.BigDecimal.class).single();
    }
}
