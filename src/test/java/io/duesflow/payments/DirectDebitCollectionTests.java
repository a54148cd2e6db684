package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestUsers;
import io.duesflow.banking.BankFolders;
import io.duesflow.banking.Pain008Schemas;
import io.duesflow.banking.Pain008Version;
import io.duesflow.banking.Target2Calendar;
import io.duesflow.billing.BillingLine;
import io.duesflow.billing.BillingLineInput;
import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.BusinessClock;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Roles;
import org.apache.camel.CamelContext;
import org.camunda.bpm.engine.IdentityService;
import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Approved runs collected by SEPA direct debit: files recorded, then placed in the bank outbox once the recording
 * has committed, checked against the official schemas, read back element by element; and collections that fail
 * shown on the run and tried again. Every test bills its own group, so other tests' members never appear.
 */
@ApplicationTest
class DirectDebitCollectionTests {

    static final AtomicInteger TESTS = new AtomicInteger();
    static final AtomicInteger ACCOUNTS = new AtomicInteger(1000);
    static final AtomicBoolean OUTBOX_EMPTIED = new AtomicBoolean();

    @Autowired
    DirectDebitCollections collections;
    @Autowired
    BillingRuns runs;
    @Autowired
    BillingRules rules;
    @Autowired
    MemberRegister register;
    @Autowired
    BankFolders folders;
    @Autowired
    BusinessClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    CamelContext camel;
    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;

    String group;
    Instant start;
    LocalDate due;

    /** Each build starts on an empty database, so run ids repeat: files of earlier builds would pass for this one's. */
    @BeforeEach
    void noDirectDebitFilesOfEarlierBuilds() throws IOException {
        if (OUTBOX_EMPTIED.compareAndSet(false, true)) {
            try (Stream<Path> files = Files.list(folders.outbox())) {
                for (Path file : files.filter(file -> file.getFileName().toString().startsWith("pain008-")).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @BeforeEach
    void aEuroAssociationWithACreditorIdentifier() {
        start = clock.instant();
        due = LocalDate.now(clock).plusMonths(2).withDayOfMonth(1);
        settings(new SepaSettings(Pain008Version.V08, false, true, false, 1), "DE98ZZZ09999999999");
        group = "Collected " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
    }

    @AfterEach
    void clockBack() {
        clock.moveTo(start);
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void anApprovedRunsDirectDebitsBecomeOneValidFileLeavingOutWhoCannotBeCollected(Pain008Version version) throws Exception {
        settings(new SepaSettings(version, false, true, false, 1), "DE98ZZZ09999999999");
        long soeren = member("Søren Ærø", CollectionMethod.SEPA_DIRECT_DEBIT);
        String iban = mandate(soeren, "M-" + soeren);
        long noMandate = member("Bo Uden", CollectionMethod.SEPA_DIRECT_DEBIT);
        long unreducible = sepaMember("王小明");
        member("Ida Faktura", CollectionMethod.INVOICE);

        long runId = approvedRun("125.50");
        DirectDebitCollections.Collection collection = awaitCollection(runId, BillingRun.CollectionState.DONE);

        assertThat(collection.files()).singleElement().satisfies(file -> {
            assertThat(file.state()).isEqualTo("PLACED");
            assertThat(file.attempts()).isEqualTo(1);
        });
        DirectDebitCollections.BankFile placed = collection.files().get(0);
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
        // Who cannot be collected was decided at approval and is invoiced, saying why; the file never promised them.
        assertThat(collection.leftOut()).isEmpty();
        assertThat(runs.charges(runId, 0, 10)).filteredOn(charge -> charge.memberNumber() == unreducible)
                .singleElement().satisfies(charge -> {
                    assertThat(charge.invoicedInstead()).isTrue();
                    assertThat(charge.collectedBy()).isNull();
                    assertThat(charge.collectionNote()).contains("SEPA character set");
                });
        assertThat(runs.charges(runId, 0, 10)).filteredOn(charge -> charge.memberNumber() == noMandate)
                .singleElement().satisfies(charge -> assertThat(charge.collectionNote()).isEqualTo("no active SEPA mandate"));
        assertThat(chargeOf(runId, soeren)).satisfies(charge -> {
            assertThat(charge.collectedBy()).isEqualTo("SEPA_DIRECT_DEBIT");
            assertThat(charge.status()).as("in a file placed for the bank").isEqualTo("IN_COLLECTION");
        });
        assertThat(collection.collected()).isEqualByComparingTo("125.50");
        assertThat(collection.error()).isNull();
        assertThat(collection.nextAttemptAt()).isNull();
    }

    @Test
    void aRunDecidedASliceAtATimeDecidesEveryDirectDebitOnce() throws Exception {
        settings(new SepaSettings(Pain008Version.V08, false, true, false, 1), "DE98ZZZ09999999999");
        List<Long> collected = new ArrayList<>();
        for (String name : List.of("Aksel Alm", "Berit Bøg", "Carl Cedertræ")) {
            long member = member(name, CollectionMethod.SEPA_DIRECT_DEBIT);
            mandate(member, "M-" + member);
            collected.add(member);
        }
        long noMandate = member("Dorte Uden", CollectionMethod.SEPA_DIRECT_DEBIT);
        member("Ejnar Faktura", CollectionMethod.INVOICE);
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal("80.00"), null)), null, group, due, null, null);
        runs.generate(run.id());
        // Two charges per slice: the five members' charges are decided in three slices, the last one short.
        jdbc.sql("update duesflow.billing_run set chunk_size = 2 where id = :id").param("id", run.id()).update();

        approveAndCollect(run.id());

        DirectDebitCollections.Collection collection = awaitCollection(run.id(), BillingRun.CollectionState.DONE);
        Document xml = parse(placedFile(collection));
        assertThat(xml.getElementsByTagName("DrctDbtTxInf").getLength()).isEqualTo(3);
        assertThat(text(xml, "CtrlSum")).isEqualTo("240.00");
        assertThat(runs.charges(run.id(), 0, 10)).allSatisfy(charge -> {
            if (collected.contains(charge.memberNumber())) {
                assertThat(charge.collectedBy()).isEqualTo("SEPA_DIRECT_DEBIT");
            } else if (charge.memberNumber() == noMandate) {
                assertThat(charge.invoicedInstead()).isTrue();
                assertThat(charge.collectionNote()).isEqualTo("no active SEPA mandate");
            } else {
                assertThat(charge.collectedBy()).isNull();
                assertThat(charge.invoicedInstead()).isFalse();
            }
        });
    }

    @Test
    void theFirstCollectionIsFrstTheNextRcurAndWritingAgainAddsNoFile() throws Exception {
        long member = sepaMember("Karen Kvist");

        long first = approvedRun("100.00");
        Path firstFile = placedFile(awaitCollection(first, BillingRun.CollectionState.DONE));
        long second = approvedRun("100.00");
        Path secondFile = placedFile(awaitCollection(second, BillingRun.CollectionState.DONE));
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
        awaitCollection(approvedRun("50.00"), BillingRun.CollectionState.DONE);
        String newIban = iban();
        register.amendSepaMandate(member, "M-" + member, null, newIban, null);

        Document amended = parse(placedFile(awaitCollection(approvedRun("50.00"), BillingRun.CollectionState.DONE)));
        Document after = parse(placedFile(awaitCollection(approvedRun("50.00"), BillingRun.CollectionState.DONE)));

        assertThat(text(amended, "AmdmntInd")).isEqualTo("true");
        assertThat(text(amended, "IBAN", "OrgnlDbtrAcct")).isEqualTo(oldIban);
        assertThat(text(amended, "IBAN", "DbtrAcct")).isEqualTo(newIban);
        assertThat(after.getElementsByTagName("AmdmntInfDtls").getLength()).as("told once").isZero();
        assertThat(after.getElementsByTagName("OrgnlDbtrAcct").getLength()).isZero();
    }

    @Test
    void aChargeDueOnChristmasDayIsCollectedOnTheNextTarget2BusinessDay() {
        long member = sepaMember("Nis Jul");
        clock.moveTo(LocalDate.of(2026, 12, 14).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        LocalDate christmas = LocalDate.of(2026, 12, 25);

        LocalDate collected = awaitCollection(approvedRun("80.00", christmas), BillingRun.CollectionState.DONE).files()
                .get(0).collectionDate();

        assertThat(christmas.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.FRIDAY);
        assertThat(collected).as("closed on the 25th and 26th, then a weekend").isEqualTo(LocalDate.of(2026, 12, 28))
                .isEqualTo(Target2Calendar.nextBusinessDayOnOrAfter(christmas));
    }

    @Test
    void withoutACreditorIdentifierAtApprovalNothingIsWrittenAndTheMemberIsInvoicedSayingWhy() throws Exception {
        long member = sepaMember("Ulla Uden");
        settings(register.association().sepa(), null);
        long filesInOutbox = outboxFiles();
        long runId = approvedRun("60.00");

        DirectDebitCollections.Collection collection = collections.collect(runId);

        assertThat(collection.files()).isEmpty();
        assertThat(collection.state()).as("nothing was decided for SEPA").isEqualTo(BillingRun.CollectionState.NONE);
        assertThat(outboxFiles()).isEqualTo(filesInOutbox);
        assertThat(runs.charges(runId, 0, 10)).singleElement().satisfies(charge -> {
            assertThat(charge.invoicedInstead()).isTrue();
            assertThat(charge.collectionNote()).contains("SEPA creditor identifier");
        });
    }

    @Test
    void aRunNobodyApprovedIsNeverCollected() throws Exception {
        long member = sepaMember("Pia Venter");
        BillingRun generated = runs.generate(runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal("10.00"), null)), null, group, due, null, null).id());

        assertThatThrownBy(() -> collections.collect(generated.id())).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("GENERATED");
        assertThat(outboxFilesOf(generated.id())).isEmpty();
    }

    // --- recorded first, placed after the commit ---

    @Test
    void aCollectionWhoseTransactionRollsBackLeavesNoFileInTheOutbox() throws Exception {
        long member = sepaMember("Rolf Tilbage");
        long runId = approvedWhileTheCreditorIdIsRemoved("70.00");
        awaitCollection(runId, BillingRun.CollectionState.FAILED);
        settings(register.association().sepa(), "DE98ZZZ09999999999");

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            collections.collect(runId);
            status.setRollbackOnly();
        });

        assertThat(outboxFilesOf(runId)).isEmpty();
        DirectDebitCollections.Collection collection = collections.collection(runId);
        assertThat(collection.files()).isEmpty();
        assertThat(collection.state()).isEqualTo(BillingRun.CollectionState.FAILED);
        assertThat(chargeOf(runId, member).status()).isEqualTo("OPEN");
    }

    @Test
    void aRecordedFileThatWasNeverPlacedIsPlacedByTheNextPollWithTheSameNameAndContent() throws Exception {
        long member = sepaMember("Kim Afbrudt");
        long runId = approvedRun("90.00");
        Path file = placedFile(awaitCollection(runId, BillingRun.CollectionState.DONE));
        byte[] placed = Files.readAllBytes(file);
        // The application stopped after the recording committed and before the file reached the outbox.
        Files.delete(file);
        markedRecordedOnly(runId);
        jdbc.sql("""
                        update duesflow.billing_run set collection_state = 'PENDING', collection_next_attempt_at = :later
                        where id = :run""")
                .param("later", java.sql.Timestamp.from(clock.instant().plus(Duration.ofHours(1)))).param("run", runId)
                .update();
        clock.advance(Duration.ofDays(1));

        camel.getRouteController().startRoute("bank-file-placer");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
            awaitCollection(runId, BillingRun.CollectionState.DONE);
        } finally {
            camel.getRouteController().stopRoute("bank-file-placer");
        }

        assertThat(Files.readAllBytes(file)).as("the same file, message id and creation time").isEqualTo(placed);
        assertThat(Pain008Schemas.problems(file, Pain008Version.V08)).isEmpty();
        assertThat(outboxFilesOf(runId)).containsExactly(file.getFileName().toString());
        assertThat(placedFile(collections.collection(runId))).isEqualTo(file);
    }

    @Test
    void placingARecordedFileAgainReplacesItWithTheSameFileAndAddsNone() throws Exception {
        long member = sepaMember("Ane Igen");
        long runId = approvedRun("95.00");
        Path file = placedFile(awaitCollection(runId, BillingRun.CollectionState.DONE));
        byte[] placed = Files.readAllBytes(file);
        long filesInOutbox = outboxFiles();
        // The application stopped after the rename and before the file was marked placed.
        markedRecordedOnly(runId);

        collections.pollDue();

        assertThat(outboxFiles()).isEqualTo(filesInOutbox);
        assertThat(Files.readAllBytes(file)).isEqualTo(placed);
        assertThat(placedFile(collections.collection(runId))).isEqualTo(file);
    }

    // --- failures after approval are shown on the run and tried again ---

    @Test
    void aCreditorIdLostAfterApprovalFailsTheCollectionVisiblyAndTheTreasurersRetryCollectsIt() throws Exception {
        long member = sepaMember("Lis Mistet");
        long runId = approvedWhileTheCreditorIdIsRemoved("65.00");

        DirectDebitCollections.Collection failed = awaitCollection(runId, BillingRun.CollectionState.FAILED);

        assertThat(failed.error()).contains("SEPA creditor identifier");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.nextAttemptAt()).isBetween(clock.instant().plus(Duration.ofSeconds(50)),
                clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(failed.files()).isEmpty();
        assertThat(chargeOf(runId, member)).satisfies(charge -> {
            assertThat(charge.status()).isEqualTo("OPEN");
            assertThat(charge.collectedBy()).as("still to be collected by SEPA").isEqualTo("SEPA_DIRECT_DEBIT");
        });
        JsonNode shown = treasurer().getForEntity("/api/billing/runs/" + runId, JsonNode.class).getBody();
        assertThat(shown.path("collectionState").asText()).isEqualTo("FAILED");
        assertThat(shown.path("collectionError").asText()).contains("SEPA creditor identifier");

        settings(register.association().sepa(), "DE98ZZZ09999999999");
        ResponseEntity<JsonNode> retried = treasurer().postForEntity("/api/payments/runs/" + runId + "/direct-debit",
                null, JsonNode.class);

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retried.getBody().path("state").asText()).isEqualTo("DONE");
        assertThat(retried.getBody().path("attempts").asInt()).isEqualTo(2);
        assertThat(retried.getBody().path("files").get(0).path("state").asText()).isEqualTo("PLACED");
        assertThat(Pain008Schemas.problems(folders.outbox().resolve(retried.getBody().path("files").get(0)
                .path("fileName").asText()), Pain008Version.V08)).isEmpty();
        assertThat(chargeOf(runId, member).status()).isEqualTo("IN_COLLECTION");
    }

    @Test
    void aFileTheDiskRefusesIsShownOnTheRunTriedAgainAfterGrowingWaitsAndPlacedOnceTheFolderIsFixed() throws Exception {
        long member = sepaMember("Per Disk");
        Path outbox = folders.outbox();
        Path aside = outbox.resolveSibling("outbox-aside-" + System.nanoTime());
        Files.move(outbox, aside);
        Files.writeString(outbox, "a plain file where the outbox folder should be");
        DirectDebitCollections.Collection failed;
        DirectDebitCollections.Collection second;
        DirectDebitCollections.Collection stillWaiting;
        long runId;
        try {
            runId = approvedRun("75.00");
            failed = awaitCollection(runId, BillingRun.CollectionState.FAILED);
            collections.pollDue();
            stillWaiting = collections.collection(runId);
            clock.advance(Duration.ofMinutes(1).plusSeconds(1));
            collections.pollDue();
            second = collections.collection(runId);
        } finally {
            Files.delete(outbox);
            Files.move(aside, outbox);
        }
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        collections.pollDue();
        DirectDebitCollections.Collection done = collections.collection(runId);
        long filesInOutbox = outboxFiles();
        collections.pollDue();
        collections.collect(runId);

        String fileName = failed.files().get(0).fileName();
        assertThat(failed.error()).startsWith("the file " + fileName + " could not be placed in the bank outbox: ");
        assertThat(failed.files().get(0)).satisfies(file -> {
            assertThat(file.state()).isEqualTo("RECORDED");
            assertThat(file.attempts()).isEqualTo(1);
            assertThat(file.lastError()).isNotBlank();
        });
        assertThat(chargeOf(runId, member).status()).as("its file is recorded and will be placed").isEqualTo("IN_COLLECTION");
        assertThat(stillWaiting.attempts()).as("not due yet").isEqualTo(1);
        assertThat(second.state()).isEqualTo(BillingRun.CollectionState.FAILED);
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(Duration.between(failed.nextAttemptAt(), second.nextAttemptAt()))
                .as("twice the wait after the second attempt").isBetween(Duration.ofMinutes(2), Duration.ofMinutes(2).plusSeconds(5));
        assertThat(done.state()).isEqualTo(BillingRun.CollectionState.DONE);
        assertThat(done.error()).isNull();
        assertThat(done.files()).singleElement().satisfies(file -> {
            assertThat(file.fileName()).isEqualTo(fileName);
            assertThat(file.state()).isEqualTo("PLACED");
            assertThat(file.attempts()).isEqualTo(3);
            assertThat(file.lastError()).isNull();
        });
        assertThat(Pain008Schemas.problems(outbox.resolve(fileName), Pain008Version.V08)).isEmpty();
        assertThat(outboxFiles()).as("placed once").isEqualTo(filesInOutbox);
        assertThat(outboxFilesOf(runId)).containsExactly(fileName);
    }

    @Test
    void aSecondChargeUnderAMandateBeforeItsFirstCollectionWaitsPendingAndALaterAttemptCollectsIt() throws Exception {
        long member = sepaMember("Freja Først");
        jdbc.sql("update duesflow.billing_line set active = false").update();
        rules.create(new BillingLineInput("Monthly dues", 10, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY,
                due, null, "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null,
                BillingLine.PriceKind.FIXED, new BigDecimal("30.00"), null, null, null, null));
        BillingRun run = runs.createScheduled(null, due, due.plusMonths(2).minusDays(1), due.minusDays(1));
        runs.generate(run.id());
        approveAndCollect(run.id());

        DirectDebitCollections.Collection pending = awaitCollection(run.id(), BillingRun.CollectionState.PENDING);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        collections.pollDue();
        DirectDebitCollections.Collection done = collections.collection(run.id());

        List<ChargeView> charges = runs.charges(run.id(), 0, 10);
        assertThat(charges).hasSize(2);
        assertThat(pending.files()).singleElement().satisfies(file -> assertThat(file.sequenceTypes()).isEqualTo("FRST"));
        assertThat(pending.leftOut()).singleElement()
                .satisfies(out -> assertThat(out.reason()).contains("has its first collection in this file"));
        assertThat(pending.error()).startsWith("1 charge waits for a later file");
        assertThat(done.state()).isEqualTo(BillingRun.CollectionState.DONE);
        assertThat(done.files()).extracting(DirectDebitCollections.BankFile::sequenceTypes).containsExactly("FRST", "RCUR");
        assertThat(done.files()).allSatisfy(file -> assertThat(file.state()).isEqualTo("PLACED"));
        assertThat(done.leftOut()).isEmpty();
        assertThat(runs.charges(run.id(), 0, 10)).allSatisfy(charge -> assertThat(charge.status()).isEqualTo("IN_COLLECTION"));
    }

    @Test
    void aChargesPageShowsItsCollection() {
        long member = sepaMember("Sif Side");
        long runId = approvedRun("55.00");
        DirectDebitCollections.BankFile file = awaitCollection(runId, BillingRun.CollectionState.DONE).files().get(0);

        JsonNode page = treasurer().getForEntity("/api/billing/charges/" + chargeOf(runId, member).number(),
                JsonNode.class).getBody();

        JsonNode collection = page.path("more").path("collection");
        assertThat(collection).hasSize(1);
        assertThat(collection.get(0).path("fileName").asText()).isEqualTo(file.fileName());
        assertThat(collection.get(0).path("collectionDate").asText()).isEqualTo(file.collectionDate().toString());
        assertThat(collection.get(0).path("sequenceType").asText()).isEqualTo("FRST");
        assertThat(collection.get(0).path("amount").decimalValue()).isEqualByComparingTo("55.00");
        assertThat(collection.get(0).path("fileState").asText()).isEqualTo("PLACED");
    }

    // --- helpers ---

    private TestRestTemplate treasurer() {
        return TestUsers.signedIn(http, identity, "karen", Roles.TREASURER);
    }

    /**
     * An approved run whose collection, right after the approval, finds the association without its creditor id:
     * it was there when the approval decided who is collected, and removed in the same transaction.
     */
    private long approvedWhileTheCreditorIdIsRemoved(String amount) {
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues", new BigDecimal(amount),
                null)), null, group, due, null, null);
        runs.generate(run.id());
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            runs.approve(run.id(), null);
            settings(register.association().sepa(), null);
        });
        collections.collect(run.id());
        return run.id();
    }

    /** The run's files as the database holds them when the application stops before a file is marked placed. */
    private void markedRecordedOnly(long runId) {
        jdbc.sql("update duesflow.sepa_file set state = 'RECORDED', placed_at = null, attempts = 0 where run_id = :run")
                .param("run", runId).update();
    }

    private ChargeView chargeOf(long runId, long member) {
        return runs.charges(runId, 0, 10).stream().filter(charge -> charge.memberNumber() == member).findFirst()
                .orElseThrow();
    }

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

    /** A member on SEPA direct debit with an active mandate {@code M-<member number>}. */
    private long sepaMember(String name) {
        long member = member(name, CollectionMethod.SEPA_DIRECT_DEBIT);
        mandate(member, "M-" + member);
        return member;
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
        return approvedRun(amount, due);
    }

    private long approvedRun(String amount, LocalDate due) {
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues", new BigDecimal(amount),
                null)), null, group, due, null, null);
        runs.generate(run.id());
        return approveAndCollect(run.id());
    }

    /** As the run's process does it: the approval, then (its own step) the collection. */
    private long approveAndCollect(long runId) {
        runs.approve(runId, null);
        collections.collect(runId);
        return runId;
    }

    /** The collection's state after an attempt that ended in {@code state}. */
    private DirectDebitCollections.Collection awaitCollection(long runId, BillingRun.CollectionState state) {
        // PENDING from the approval itself is no attempt yet.
        return await().atMost(Duration.ofSeconds(30)).until(() -> collections.collection(runId),
                collection -> collection.state() == state && collection.attempts() > 0);
    }

    private Path placedFile(DirectDebitCollections.Collection collection) {
        assertThat(collection.files()).singleElement().satisfies(file -> assertThat(file.state()).isEqualTo("PLACED"));
        return folders.outbox().resolve(collection.files().get(0).fileName());
    }

    private long outboxFiles() throws IOException {
        try (Stream<Path> files = Files.list(folders.outbox())) {
            return files.count();
        }
    }

    private List<String> outboxFilesOf(long runId) throws IOException {
        try (Stream<Path> files = Files.list(folders.outbox())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("pain008-R" + runId + "-")).toList();
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
