package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.banking.BankFolders;
import io.duesflow.banking.betalingsservice.NetsLines;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.mail.MailOutbox;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * An approved run's charges to members on Betalingsservice go to Nets as a 0601 delivery through the bank outbox:
 * read back here record by record, position by position, as Nets would read it (betalingsservice.md §1-§2).
 */
@ApplicationTest
class BetalingsserviceCollectionTests {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final DateTimeFormatter DDMMYYYY = DateTimeFormatter.ofPattern("ddMMyyyy");
    static final DateTimeFormatter DDMMYY = DateTimeFormatter.ofPattern("ddMMyy");

    @Autowired
    ApplicationContext context;
    @Autowired
    DirectDebitCollections collections;
    @Autowired
    BankFolders folders;
    @Autowired
    MailOutbox mail;
    @Autowired
    TestClock clock;
    @Autowired
    io.duesflow.billing.Charges charges;

    PaymentFixtures fixtures;
    final LocalDate due = LocalDate.of(2027, 2, 1);

    @BeforeEach
    void danishAssociation() {
        fixtures = new PaymentFixtures(context);
        danish(fixtures);
    }

    @AfterEach
    void euroAgain() {
        fixtures.euroAssociation();
    }

    /** The association as a Danish creditor: kroner, the PBS number of the hand-written files, an FI number. */
    static void danish(PaymentFixtures fixtures) {
        Association a = fixtures.register.association();
        fixtures.register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "DKK",
                a.timeZone(), a.languages(), a.iban(), a.bic(), a.sepaCreditorId(), NetsLines.PBS, "81131945",
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    /** A member on Betalingsservice with the agreement Nets registered for them. */
    static long agreementMember(PaymentFixtures fixtures, String name, String agreement) {
        long member = fixtures.member(name, CollectionMethod.BETALINGSSERVICE);
        fixtures.register.addBetalingsserviceAgreement(member, agreement);
        return member;
    }

    long approvedRun(List<ChargeTemplate.Line> lines) {
        BillingRun run = fixtures.runs.createFromTemplate(null, null, lines, null, fixtures.group, due, null, null);
        fixtures.runs.generate(run.id());
        return fixtures.runs.approve(run.id(), null).id();
    }

    @Test
    void aRunWithBetalingsserviceMembersWritesADeliveryWhoseEveryRecordIsWhereNetsReadsIt() throws IOException {
        long mia = agreementMember(fixtures, "Mia Møller-Ærø", "123456");
        long bo = agreementMember(fixtures, "Bo Ibsen", "000777");
        long carl = fixtures.member("Carl Uden Aftale", CollectionMethod.BETALINGSSERVICE);
        long dora = fixtures.member("Dora Faktura", CollectionMethod.INVOICE);
        long run = approvedRun(List.of(new ChargeTemplate.Line("Kontingent 2027", new BigDecimal("300.00"), null),
                new ChargeTemplate.Line("Bådplads", new BigDecimal("150.50"), null)));

        DirectDebitCollections.Collection collection = collections.collect(run);

        assertThat(collection.state()).isEqualTo(BillingRun.CollectionState.DONE);
        assertThat(collection.betalingsserviceDeliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo("PLACED");
            assertThat(delivery.payments()).isEqualTo(2);
            assertThat(delivery.total()).isEqualByComparingTo("901.00");
            assertThat(delivery.firstPaymentDate()).isEqualTo(due);
            assertThat(delivery.format()).isEqualTo("0601");
        });
        DirectDebitCollections.BetalingsserviceDelivery delivery = collection.betalingsserviceDeliveries().get(0);
        ChargeView miasCharge = fixtures.chargeOf(run, mia);
        ChargeView bosCharge = fixtures.chargeOf(run, bo);
        assertThat(miasCharge.status()).isEqualTo("IN_COLLECTION");
        assertThat(miasCharge.collectedBy()).isEqualTo("BETALINGSSERVICE");
        assertThat(fixtures.chargeOf(run, carl).collectionNote()).isEqualTo("no active Betalingsservice agreement");
        assertThat(fixtures.chargeOf(run, carl).status()).isEqualTo("OPEN");
        assertThat(fixtures.chargeOf(run, dora).collectedBy()).isNull();

        byte[] bytes = Files.readAllBytes(folders.outbox().resolve(delivery.fileName()));
        String text = new String(bytes, WINDOWS_1252);
        assertThat(text).endsWith("\r\n").doesNotContain("\n\n");
        List<String> records = Arrays.asList(text.substring(0, text.length() - 2).split("\r\n", -1));
        assertThat(records).allSatisfy(record -> assertThat(record).hasSize(128));
        assertThat(text).contains("Mia Møller-Ærø").as("Windows-1252: ø is one byte").hasSize(bytes.length);

        String today = clock.today().format(DDMMYY);
        Record start = new Record(records.get(0));
        assertThat(start.at(1, 5)).isEqualTo("BS002");
        assertThat(start.at(6, 13)).isEqualTo(NetsLines.DATA_SUPPLIER);
        assertThat(start.at(14, 16)).isEqualTo("BS1");
        assertThat(start.at(17, 20)).isEqualTo("0601");
        assertThat(start.at(21, 30)).isEqualTo(String.format("%010d", delivery.deliveryId()));
        assertThat(start.at(50, 55)).isEqualTo(today);
        Record section = new Record(records.get(1));
        assertThat(section.at(1, 5)).isEqualTo("BS012");
        assertThat(section.at(6, 13)).isEqualTo(NetsLines.PBS);
        assertThat(section.at(14, 17)).isEqualTo("0112");
        assertThat(section.at(23, 27)).isEqualTo("00001");
        assertThat(section.at(47, 54)).isEqualTo(clock.today().format(DDMMYYYY));
        assertThat(section.at(69, 128).strip()).isEqualTo(fixtures.register.association().name());

        // Mia first (the lower member number), then Bo: name, address, post code; payment; text lines.
        int at = 2;
        for (ChargeView charge : List.of(miasCharge, bosCharge)) {
            String customer = String.format("%015d", charge.memberNumber());
            String agreement = charge == miasCharge ? "000123456" : "000000777";
            Record name = new Record(records.get(at++));
            assertThat(name.at(1, 22)).isEqualTo("BS022" + NetsLines.PBS + "0240" + "00001");
            assertThat(name.at(23, 27) + name.at(28, 42) + name.at(43, 51)).isEqualTo("00001" + customer + agreement);
            assertThat(name.at(52, 86).strip()).isEqualTo(charge == miasCharge ? "Mia Møller-Ærø" : "Bo Ibsen");
            Record address = new Record(records.get(at++));
            assertThat(address.at(18, 22)).isEqualTo("00002");
            assertThat(address.at(52, 86).strip()).isEqualTo("Åboulevarden 7");
            Record postCode = new Record(records.get(at++));
            assertThat(postCode.at(18, 22)).isEqualTo("00009");
            assertThat(postCode.at(67, 70) + postCode.at(71, 73)).isEqualTo("8000DK ");
            Record payment = new Record(records.get(at++));
            assertThat(payment.at(1, 17)).isEqualTo("BS042" + NetsLines.PBS + "0280");
            assertThat(payment.at(18, 22) + payment.at(23, 27)).isEqualTo("00000" + "00001");
            assertThat(payment.at(28, 42)).isEqualTo(customer);
            assertThat(payment.at(43, 51)).isEqualTo(agreement);
            assertThat(payment.at(52, 59)).isEqualTo("01022027");
            assertThat(payment.at(60, 60)).as("sign code: collection").isEqualTo("1");
            assertThat(payment.at(61, 73)).isEqualTo("0000000045050");
            assertThat(payment.at(74, 103).strip()).isEqualTo(charge.number());
            assertThat(payment.at(104, 105) + payment.at(121, 128)).isEqualTo("00" + "00000000");
            List<String> lines = List.of(line("Kontingent 2027", "300,00"), line("Bådplads", "150,50"),
                    "Faktura " + charge.number());
            for (int line = 0; line < lines.size(); line++) {
                Record textLine = new Record(records.get(at++));
                assertThat(textLine.at(1, 17)).isEqualTo("BS052" + NetsLines.PBS + "0241");
                assertThat(textLine.at(18, 22)).isEqualTo(String.format("%05d", line + 1));
                assertThat(textLine.at(28, 42) + textLine.at(43, 51)).isEqualTo(customer + agreement);
                assertThat(textLine.at(53, 112).stripTrailing()).isEqualTo(lines.get(line));
            }
        }
        Record sectionEnd = new Record(records.get(at++));
        assertThat(sectionEnd.at(1, 17)).isEqualTo("BS092" + NetsLines.PBS + "0112");
        assertThat(sectionEnd.at(32, 42)).as("BS042 records").isEqualTo("00000000002");
        assertThat(sectionEnd.at(43, 57)).as("net øre").isEqualTo("000000000090100");
        assertThat(sectionEnd.at(58, 68)).as("BS052 records").isEqualTo("00000000006");
        assertThat(sectionEnd.at(84, 94)).as("BS022 records").isEqualTo("00000000006");
        Record end = new Record(records.get(at++));
        assertThat(end.at(1, 20)).isEqualTo("BS992" + NetsLines.DATA_SUPPLIER + "BS10601");
        assertThat(end.at(21, 31) + end.at(32, 42) + end.at(43, 57) + end.at(58, 68) + end.at(84, 94))
                .isEqualTo("00000000001" + "00000000002" + "000000000090100" + "00000000006" + "00000000006");
        assertThat(at).as("nothing after the delivery end").isEqualTo(records.size());

        List<?> onTheChargesPage = (List<?>) charges.charge(miasCharge.number()).more().get("collection");
        assertThat(onTheChargesPage).singleElement().isInstanceOfSatisfying(CollectionFacts.Collected.class, c -> {
            assertThat(c.fileName()).isEqualTo(delivery.fileName());
            assertThat(c.collectionDate()).isEqualTo(due);
            assertThat(c.amount()).isEqualByComparingTo("450.50");
            assertThat(c.fileState()).isEqualTo("PLACED");
        });

        long invoice = fixtures.jdbc.sql("""
                        select id from duesflow.mail_outbox where document_id = :id and kind = 'INVOICE'""")
                .param("id", miasCharge.id()).query(Long.class).single();
        assertThat(mail.document(invoice).text()).as("the invoice says how the amount is collected")
                .contains("Betalingsservice");
    }

    /**
     * The tests' configuration records deliveries two charges at a time, so five members are three chunks. The
     * database refuses the last chunk's payment (a trigger standing in for any failure late in a large delivery):
     * nothing of the first two chunks stays. Once it accepts it, the delivery holds all five, and the ledger has one
     * voucher per payment date with every payment on it.
     */
    @Test
    void aDeliveryRecordedAChunkAtATimeIsOneUnitAndItsCollectionsAreBookedPerPaymentDate() throws IOException {
        List<Long> members = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            members.add(agreementMember(fixtures, "Klump " + i + " Jensen", "77" + i));
        }
        LocalDate later = LocalDate.of(2027, 3, 1);
        BillingRun generated = fixtures.runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line(
                "Kontingent", new BigDecimal("100.00"), null)), null, fixtures.group, due, null, null);
        fixtures.runs.generate(generated.id());
        // A run of two due dates, as a monthly line billed over two months makes it: the last two members a month on.
        fixtures.jdbc.sql("""
                        update duesflow.charge set due_date = :later where run_id = :run and member_number = any(:members)""")
                .param("later", java.sql.Date.valueOf(later)).param("run", generated.id())
                .param("members", new org.springframework.jdbc.support.SqlArrayValue("bigint", members.get(3),
                        members.get(4)))
                .update();
        long run = fixtures.runs.approve(generated.id(), null).id();
        List<ChargeView> charges = members.stream().map(member -> fixtures.chargeOf(run, member)).toList();
        String last = charges.get(4).number();
        long deliveryIdBefore = lastDeliveryId();
        Set<Path> outboxBefore = outboxFiles();

        fixtures.jdbc.sql("""
                        create or replace function duesflow.refuse_test_payment() returns trigger language plpgsql as $$
                        begin
                            if new.charge_number = '%s' then
                                raise exception 'the disk is full (test)';
                            end if;
                            return new;
                        end $$""".formatted(last)).update();
        fixtures.jdbc.sql("""
                        create trigger refuse_test_payment before insert on duesflow.betalingsservice_payment
                        for each row execute function duesflow.refuse_test_payment()""").update();
        DirectDebitCollections.Collection failed;
        try {
            failed = collections.collect(run);
        } finally {
            fixtures.jdbc.sql("drop trigger refuse_test_payment on duesflow.betalingsservice_payment").update();
            fixtures.jdbc.sql("drop function duesflow.refuse_test_payment()").update();
        }

        assertThat(failed.state()).isEqualTo(BillingRun.CollectionState.FAILED);
        assertThat(failed.error()).contains("the disk is full (test)");
        assertThat(failed.betalingsserviceDeliveries()).as("no delivery recorded").isEmpty();
        assertThat(members).allSatisfy(member -> assertThat(fixtures.chargeOf(run, member).status())
                .as("member %s's charge", member).isEqualTo("OPEN"));
        assertThat(clearing(charges)).as("nothing booked as in collection").isEqualByComparingTo("0.00");
        assertThat(lastDeliveryId()).as("the delivery id given back").isEqualTo(deliveryIdBefore);
        assertThat(outboxFiles()).as("nothing placed").isEqualTo(outboxBefore);

        DirectDebitCollections.Collection collected = collections.collect(run);

        assertThat(collected.state()).isEqualTo(BillingRun.CollectionState.DONE);
        DirectDebitCollections.BetalingsserviceDelivery delivery = collected.betalingsserviceDeliveries().get(0);
        assertThat(collected.betalingsserviceDeliveries()).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo("PLACED");
            assertThat(d.payments()).isEqualTo(5);
            assertThat(d.total()).isEqualByComparingTo("500.00");
            assertThat(d.firstPaymentDate()).isEqualTo(due);
            assertThat(d.lastPaymentDate()).isEqualTo(later);
        });
        assertThat(members).allSatisfy(member -> assertThat(fixtures.chargeOf(run, member).status())
                .isEqualTo("IN_COLLECTION"));
        assertThat(fixtures.jdbc.sql("""
                        select v.source_key || ' dated ' || v.dated_on || ': ' || count(*) || ' payments, '
                               || sum(l.amount)
                        from duesflow.voucher v
                        join duesflow.journal_line l on l.voucher_id = v.id
                        join duesflow.ledger_account a on a.number = l.account
                        where v.source = 'COLLECTION_PLACED' and v.source_key like :file || '/%'
                          and a.role = 'COLLECTION_CLEARING'
                        group by v.source_key, v.dated_on order by v.dated_on""")
                .param("file", delivery.fileName()).query(String.class).list())
                .containsExactly(delivery.fileName() + "/" + due + " dated " + due + ": 3 payments, 300.00",
                        delivery.fileName() + "/" + later + " dated " + later + ": 2 payments, 200.00");
        assertThat(clearing(charges)).isEqualByComparingTo("500.00");

        List<String> records = Files.readAllLines(folders.outbox().resolve(delivery.fileName()), WINDOWS_1252);
        assertThat(records.stream().filter(record -> record.startsWith("BS042")).map(record -> record.substring(73, 103)
                .strip())).as("every charge once, in member order").containsExactlyElementsOf(charges.stream()
                .map(ChargeView::number).toList());
        assertThat(records.stream().filter(record -> record.startsWith("BS042")).map(record -> record.substring(51, 59)))
                .containsExactly("01022027", "01022027", "01022027", "01032027", "01032027");
        assertThat(new Record(records.get(records.size() - 1)).at(32, 57)).as("BS992: 5 payments, 500.00 DKK")
                .isEqualTo("00000000005" + "000000000050000");
    }

    private long lastDeliveryId() {
        return fixtures.jdbc.sql("select last_delivery_id from duesflow.betalingsservice_delivery_counter")
                .query(Long.class).single();
    }

    private Set<Path> outboxFiles() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folders.outbox())) {
            return files.collect(java.util.stream.Collectors.toSet());
        }
    }

    /** What the ledger's collection clearing account holds for these charges. */
    private BigDecimal clearing(List<ChargeView> charges) {
        return fixtures.jdbc.sql("""
                        select coalesce(sum(l.amount), 0) from duesflow.journal_line l
                        join duesflow.ledger_account a on a.number = l.account
                        where a.role = 'COLLECTION_CLEARING' and l.charge_id = any(:ids)""")
                .param("ids", new org.springframework.jdbc.support.SqlArrayValue("bigint",
                        charges.stream().map(ChargeView::id).toArray()))
                .query(BigDecimal.class).single();
    }

    @Test
    void aDeliverysPaymentsAlwaysNameItsRecordWhichStaysWhileTheyDoAndEachChargeKeepsItsHistory() {
        long ida = agreementMember(fixtures, "Ida Historik", "8080");
        long run = approvedRun(List.of(new ChargeTemplate.Line("Kontingent", new BigDecimal("120.00"), null)));
        collections.collect(run);
        long charge = fixtures.chargeOf(run, ida).id();
        long delivery = fixtures.jdbc.sql("select delivery_row_id from duesflow.betalingsservice_payment "
                + "where charge_id = :charge").param("charge", charge).query(Long.class).single();

        assertThat(fixtures.jdbc.sql("""
                        select from_status || ' -> ' || to_status || ': ' || reason from duesflow.charge_status_change
                        where charge_id = :charge order by changed_at""")
                .param("charge", charge).query(String.class).list())
                .last().asString().startsWith("OPEN -> IN_COLLECTION: in Betalingsservice delivery ");
        assertThatThrownBy(() -> fixtures.jdbc.sql("""
                        insert into duesflow.betalingsservice_payment (charge_id, run_id, delivery_row_id, charge_number,
                            member_number, customer_number, agreement_number, amount, payment_date, debtor_name,
                            text_lines)
                        values (-1, :run, -1, 'NO-SUCH', 1, '1', '1', 1.00, date '2027-02-01', 'Nobody', 'x')""")
                .param("run", run).update())
                .hasMessageContaining("names delivery row -1, which does not exist");
        assertThatThrownBy(() -> fixtures.jdbc.sql("delete from duesflow.betalingsservice_delivery where id = :id")
                .param("id", delivery).update())
                .hasMessageContaining("A Betalingsservice delivery with payments cannot be removed");
    }

    @Test
    void aMemberIsCollectedOnTheAgreementNetsRegisteredLastAndOneWhoseAgreementWasCancelledSinceIsLeftOut() {
        long gry = fixtures.member("Gry To Aftaler", CollectionMethod.BETALINGSSERVICE);
        fixtures.register.agreementReported(gry, "1111", LocalDate.of(2025, 1, 10), null);
        fixtures.register.agreementReported(gry, "2222", LocalDate.of(2026, 3, 1), null);
        long hans = agreementMember(fixtures, "Hans Opsagt", "3333");
        long run = approvedRun(List.of(new ChargeTemplate.Line("Kontingent", new BigDecimal("80.00"), null)));
        fixtures.register.cancelBetalingsserviceAgreement(hans, "3333");

        DirectDebitCollections.Collection collection = collections.collect(run);

        assertThat(collection.betalingsserviceDeliveries()).singleElement()
                .satisfies(delivery -> assertThat(delivery.payments()).isEqualTo(1));
        assertThat(fixtures.jdbc.sql("select agreement_number from duesflow.betalingsservice_payment "
                        + "where charge_id = :charge").param("charge", fixtures.chargeOf(run, gry).id())
                .query(String.class).single()).endsWith("2222");
        assertThat(collection.betalingsserviceLeftOut()).singleElement().satisfies(out -> {
            assertThat(out.memberNumber()).isEqualTo(hans);
            assertThat(out.reason()).startsWith("no active Betalingsservice agreement");
        });
        assertThat(fixtures.chargeOf(run, hans).status()).isEqualTo("OPEN");
        assertThat(collection.state()).isEqualTo(BillingRun.CollectionState.PENDING);
        assertThat(collection.error()).startsWith("1 charge waits for a later file; the first, "
                + fixtures.chargeOf(run, hans).number() + ": no active Betalingsservice agreement");
    }

    @Test
    void collectingAgainWritesNothingNewAndTheNextRunsDeliveryHasTheNextDeliveryId() {
        agreementMember(fixtures, "Eva Gentagen", "4711");
        long first = approvedRun(List.of(new ChargeTemplate.Line("Kontingent", new BigDecimal("100.00"), null)));
        long firstId = collections.collect(first).betalingsserviceDeliveries().get(0).deliveryId();

        assertThat(collections.collect(first).betalingsserviceDeliveries()).hasSize(1);

        long second = fixtures.approvedRun("50.00", LocalDate.of(2027, 3, 1));
        DirectDebitCollections.Collection next = collections.collect(second);
        assertThat(next.betalingsserviceDeliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.deliveryId()).isGreaterThan(firstId);
            assertThat(delivery.fileName()).isEqualTo(String.format("betalingsservice-0601-%010d.txt",
                    delivery.deliveryId()));
        });
    }

    @Test
    void withoutADataSupplierOrInAnotherCurrencyTheMemberIsInvoicedAndToldWhy() {
        long member = agreementMember(fixtures, "Frede Euro", "5150");
        fixtures.euroAssociation();

        long run = fixtures.approvedRun("70.00", due);

        assertThat(fixtures.chargeOf(run, member).collectionNote()).startsWith(
                "the association cannot collect through Betalingsservice: it collects Danish kroner");
        assertThat(collections.collect(run).betalingsserviceDeliveries()).isEmpty();
    }

    /** A text line as the overview shows it: the text, and the amount at the end of the 60 positions. */
    static String line(String text, String amount) {
        return text + " ".repeat(60 - text.length() - amount.length()) + amount;
    }

    /** One record of a delivery, read at Nets' 1-based, inclusive positions. */
    record Record(String line) {
        String at(int from, int to) {
            return line.substring(from - 1, to);
        }
    }
}
