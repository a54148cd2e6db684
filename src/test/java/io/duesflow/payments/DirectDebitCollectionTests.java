package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import io.duesflow.ApplicationTest;
import io.duesflow.banking.BankFolders;
import io.duesflow.banking.Pain008Schemas;
import io.duesflow.banking.Pain008Version;
import io.duesflow.banking.Target2Calendar;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.InvalidInput;
import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Approved runs collected by SEPA direct debit: files in the bank outbox, checked against the official schemas,
 * read back element by element. Every test bills its own group, so other tests' members never appear.
 */
@ApplicationTest
class DirectDebitCollectionTests {

    static final AtomicInteger TESTS = new AtomicInteger();
    static final AtomicInteger ACCOUNTS = new AtomicInteger(1000);
    static final LocalDate DUE = LocalDate.now().plusMonths(2).withDayOfMonth(1);

    @Autowired
    DirectDebitCollections collections;
    @Autowired
    BillingRuns runs;
    @Autowired
    MemberRegister register;
    @Autowired
    BankFolders folders;

    String group;

    @BeforeEach
    void aEuroAssociationWithACreditorIdentifier() {
        settings(new SepaSettings(Pain008Version.V08, false, true, false, 1), "DE98ZZZ09999999999");
        group = "Collected " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void anApprovedRunsDirectDebitsBecomeOneValidFileLeavingOutWhoCannotBeCollected(Pain008Version version) throws Exception {
        settings(new SepaSettings(version, false, true, false, 1), "DE98ZZZ09999999999");
        long soeren = member("Søren Ærø", CollectionMethod.SEPA_DIRECT_DEBIT);
        String iban = mandate(soeren, "M-" + soeren);
        long noMandate = member("Bo Uden", CollectionMethod.SEPA_DIRECT_DEBIT);
        long unreducible = member("王小明", CollectionMethod.SEPA_DIRECT_DEBIT);
        mandate(unreducible, "M-" + unreducible);
        member("Ida Faktura", CollectionMethod.INVOICE);

        long runId = approvedRun("125.50");
        DirectDebitCollections.Collection collection = awaitFiles(runId, 1);

        DirectDebitCollections.PlacedFile placed = collection.files().get(0);
        Path file = folders.outbox().resolve(placed.fileName());
        assertThat(Pain008Schemas.problems(file, version)).isEmpty();
        assertThat(placed.fileName()).isEqualTo("pain008-R" + runId + "-" + placed.collectionDate().toString().replace("-", "") + ".xml");
        Document xml = parse(file);
        assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo(version.namespace());
        assertThat(xml.getDocumentElement().getPrefix()).isNull();
        assertThat(xml.getElementsByTagName("DrctDbtTxInf").getLength()).isEqualTo(1);
        assertThat(text(xml, "CtrlSum")).isEqualTo("125.50");
        assertThat(text(xml, "SeqTp")).isEqualTo("FRST");
        assertThat(text(xml, "MndtId")).isEqualTo("M-" + soeren);
        assertThat(text(xml, "Nm", "Dbtr")).isEqualTo("Soeren Aeroe");
        assertThat(text(xml, "IBAN", "DbtrAcct")).isEqualTo(iban);
        String chargeNumber = text(xml, "EndToEndId");
        assertThat(runs.charges(runId, 0, 10)).anySatisfy(charge -> {
            assertThat(charge.number()).isEqualTo(chargeNumber);
            assertThat(charge.memberNumber()).isEqualTo(soeren);
            assertThat(text(xml, "Ref")).isEqualTo(charge.rfReference());
        });
        // Bo was invoiced when billed (no mandate then): not collected, and not "left out" either.
        assertThat(collection.leftOut()).extracting(DirectDebitCollections.LeftOut::memberNumber)
                .containsExactly(unreducible).doesNotContain(noMandate);
        assertThat(collection.leftOut().get(0).reason()).contains("SEPA character set");
        assertThat(collection.collected()).isEqualByComparingTo("125.50");
    }

    @Test
    void theFirstCollectionIsFrstTheNextRcurAndWritingAgainAddsNoFile() throws Exception {
        long member = member("Karen Kvist", CollectionMethod.SEPA_DIRECT_DEBIT);
        mandate(member, "M-" + member);

        long first = approvedRun("100.00");
        Path firstFile = folders.outbox().resolve(awaitFiles(first, 1).files().get(0).fileName());
        long second = approvedRun("100.00");
        Path secondFile = folders.outbox().resolve(awaitFiles(second, 1).files().get(0).fileName());
        long filesInOutbox = outboxFiles();

        assertThat(text(parse(firstFile), "SeqTp")).isEqualTo("FRST");
        assertThat(text(parse(secondFile), "SeqTp")).isEqualTo("RCUR");
        assertThat(collections.collect(first).files()).hasSize(1);
        assertThat(collections.collect(second).files()).hasSize(1);
        assertThat(outboxFiles()).isEqualTo(filesInOutbox);
    }

    @Test
    void anIbanChangeIsToldToTheBankOnceAsAnAmendment() throws Exception {
        long member = member("Jens Skifte", CollectionMethod.SEPA_DIRECT_DEBIT);
        String oldIban = mandate(member, "M-" + member);
        awaitFiles(approvedRun("50.00"), 1);
        String newIban = iban();
        register.amendSepaMandate(member, "M-" + member, null, newIban, null);

        Document amended = parse(folders.outbox().resolve(awaitFiles(approvedRun("50.00"), 1).files().get(0).fileName()));
        Document after = parse(folders.outbox().resolve(awaitFiles(approvedRun("50.00"), 1).files().get(0).fileName()));

        assertThat(text(amended, "AmdmntInd")).isEqualTo("true");
        assertThat(text(amended, "IBAN", "OrgnlDbtrAcct")).isEqualTo(oldIban);
        assertThat(text(amended, "IBAN", "DbtrAcct")).isEqualTo(newIban);
        assertThat(after.getElementsByTagName("AmdmntInfDtls").getLength()).as("told once").isZero();
        assertThat(after.getElementsByTagName("OrgnlDbtrAcct").getLength()).isZero();
    }

    @Test
    void aChargeDueOnChristmasDayIsCollectedOnTheNextTarget2BusinessDay() {
        long member = member("Nis Jul", CollectionMethod.SEPA_DIRECT_DEBIT);
        mandate(member, "M-" + member);
        LocalDate christmas = MonthDay.of(12, 25).atYear(LocalDate.now().plusDays(10).getYear());
        if (christmas.isBefore(LocalDate.now().plusDays(10))) {
            christmas = christmas.plusYears(1);
        }

        LocalDate collected = awaitFiles(approvedRun("80.00", christmas), 1).files().get(0).collectionDate();

        assertThat(collected).isAfter(christmas.plusDays(1)).isEqualTo(Target2Calendar.nextBusinessDayOnOrAfter(christmas));
        assertThat(collected.getDayOfWeek().getValue()).isLessThan(6);
    }

    @Test
    void withoutACreditorIdentifierNothingIsWrittenAndTheReasonNamesTheSetting() throws Exception {
        long member = member("Ulla Uden", CollectionMethod.SEPA_DIRECT_DEBIT);
        mandate(member, "M-" + member);
        settings(register.association().sepa(), null);
        try {
            long runId = approvedRun("60.00");
            long filesInOutbox = outboxFiles();

            assertThatThrownBy(() -> collections.collect(runId)).isInstanceOf(InvalidInput.class)
                    .hasMessageContaining("SEPA creditor identifier")
                    .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("sepaCreditorId"));
            assertThat(collections.collection(runId).files()).isEmpty();
            assertThat(outboxFiles()).isEqualTo(filesInOutbox);
        } finally {
            settings(register.association().sepa(), "DE98ZZZ09999999999");
        }
    }

    @Test
    void aRunNobodyApprovedIsNeverCollected() {
        long member = member("Pia Venter", CollectionMethod.SEPA_DIRECT_DEBIT);
        mandate(member, "M-" + member);
        BillingRun generated = runs.generate(runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal("10.00"), null)), null, group, DUE, null, null).id());

        assertThatThrownBy(() -> collections.collect(generated.id())).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("GENERATED");
    }

    // --- helpers ---

    private void settings(SepaSettings sepa, String creditorId) {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR", a.timeZone(), a.languages(),
                "NL91ABNA0417164300", a.bic(), creditorId, a.betalingsserviceCreditor(), a.fiCreditorNumber(),
                a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(),
                a.feeAccount(), a.bankAccount(), sepa, a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    private long member(String name, CollectionMethod method) {
        return register.register(null, new MemberInput(name, null,
                new PostalAddress("Åboulevarden", "7", "8000", "Århus C", "DK"), null, null, LocalDate.of(2020, 1, 1),
                null, "da", method, null, List.of(group), null)).memberNumber();
    }

    private String mandate(long member, String mandateId) {
        String iban = iban();
        register.addSepaMandate(member, mandateId, iban, null, LocalDate.of(2024, 5, 1));
        return iban;
    }

    private static String iban() {
        return new Iban.Builder().countryCode(CountryCode.NL).bankCode("ABNA")
                .accountNumber(String.format("%010d", ACCOUNTS.incrementAndGet() * 7919L)).build().toString();
    }

    private long approvedRun(String amount) {
        return approvedRun(amount, DUE);
    }

    private long approvedRun(String amount, LocalDate due) {
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues", new BigDecimal(amount),
                null)), null, group, due, null, null);
        runs.generate(run.id());
        return runs.approve(run.id(), null).id();
    }

    /** The file is written right after the approval commits, on another thread. */
    private DirectDebitCollections.Collection awaitFiles(long runId, int files) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> collections.collection(runId),
                collection -> collection.files().size() == files);
    }

    private long outboxFiles() throws Exception {
        try (Stream<Path> files = Files.list(folders.outbox())) {
            return files.count();
        }
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the first element called {@code name}, inside one called {@code parent} when given. */
    private static String text(Document xml, String name, String... parent) {
        var elements = xml.getElementsByTagName(name);
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            if (parent.length == 0 || hasAncestor(element, parent[0])) {
                return element.getTextContent();
            }
        }
        throw new AssertionError("No <" + name + ">" + (parent.length == 0 ? "" : " inside <" + parent[0] + ">"));
    }

    private static boolean hasAncestor(Element element, String name) {
        for (var node = element.getParentNode(); node != null; node = node.getParentNode()) {
            if (name.equals(node.getLocalName())) {
                return true;
            }
        }
        return false;
    }
}
