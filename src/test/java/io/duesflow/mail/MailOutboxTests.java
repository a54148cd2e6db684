package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Members' mail through the real outbox, the real route, the real {@code run-mail} process and a real SMTP server
 * (GreenMail), stopped and started under it. This context sends and runs process jobs; the other test contexts keep
 * their outbox route and job executor off.
 */
@ApplicationTest
class MailOutboxTests {

    static final int PORT = MailTransportTests.freePort();
    static final AtomicInteger TESTS = new AtomicInteger();
    /** Mails received by servers since stopped (GreenMail forgets them when it stops). */
    static final List<MimeMessage> EARLIER = new ArrayList<>();
    static GreenMail smtp = started();
    /** The association's own templates: empty but for the test that breaks one. */
    static final Path OWN_TEMPLATES = temporaryFolder();

    @DynamicPropertySource
    static void sendingToGreenMail(DynamicPropertyRegistry registry) {
        registry.add("duesflow.mail.smtp.host", () -> "127.0.0.1");
        registry.add("duesflow.mail.smtp.port", () -> PORT);
        registry.add("duesflow.mail.smtp.starttls", () -> false);
        registry.add("duesflow.mail.outbox.enabled", () -> true);
        registry.add("camunda.bpm.job-execution.enabled", () -> true);
        registry.add("duesflow.mail.outbox.poll-interval", () -> "200ms");
        registry.add("duesflow.mail.outbox.retry-base", () -> "200ms");
        registry.add("duesflow.mail.outbox.batch-size", () -> 5);
        // A run's mail process then sends twelve mails in three jobs.
        registry.add("duesflow.mail.outbox.run-chunk", () -> 5);
        registry.add("duesflow.mail.templates.dir", OWN_TEMPLATES::toString);
        registry.add("duesflow.mail.templates.check-interval", () -> "100ms");
    }

    @Autowired
    BillingRuns runs;
    @Autowired
    MemberRegister register;
    @Autowired
    MailOutbox outbox;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    TestClock clock;
    @Autowired
    DocumentRenderer renderer;

    String group;

    @BeforeEach
    void ownGroupInAEuroAssociationWithAnIban() {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR",
                a.timeZone(), a.languages(), "NL91ABNA0417164300", a.bic(), a.sepaCreditorId(),
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(),
                a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(),
                a.createdBy(), a.updatedAt(), a.updatedBy()));
        group = "Mailed " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
    }

    @AfterAll
    static void stopServer() {
        smtp.stop();
    }

    /**
     * This context's outbox route would go on taking every test context's queued mail after this class, and try it
     * on the stopped server: the tests that have their run's own mail process send it would find it taken. It stops
     * with the class.
     */
    @AfterAll
    static void stopOutboxRoute(@Autowired org.apache.camel.CamelContext camel) throws Exception {
        camel.getRouteController().stopRoute("mail-outbox");
    }

    /**
     * This context's job executor would go on running every test context's jobs (they share one database) after this
     * class: the tests that drive their runs' jobs themselves would meet it. It stops with the class.
     */
    @AfterAll
    static void stopJobExecutor(@Autowired org.camunda.bpm.engine.ProcessEngine engine) {
        ((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getJobExecutor().shutdown();
    }

    @Test
    void anApprovedRunsInvoicesArriveInEachMembersLanguageWithTheirPdfAndAPayableQrCode() throws Exception {
        String tag = "lang" + System.nanoTime();
        member("Karen Dansk", tag + "-da@example.dk", "da");
        member("Joost Nederlands", tag + "-nl@example.nl", "nl");
        member("Emma English", tag + "-en@example.org", "en");

        long runId = approvedRun("150.00");
        Map<String, MimeMessage> byRecipient = awaitMails(tag, 3);

        List<ChargeView> charges = runs.charges(runId, 0, 10);
        assertThat(byRecipient.get(tag + "-da@example.dk").getSubject()).startsWith("Faktura ");
        assertThat(byRecipient.get(tag + "-nl@example.nl").getSubject()).startsWith("Factuur ");
        assertThat(byRecipient.get(tag + "-en@example.org").getSubject()).startsWith("Invoice ");
        for (Map.Entry<String, MimeMessage> mail : byRecipient.entrySet()) {
            BodyPart pdf = attachment(mail.getValue());
            String number = mail.getValue().getSubject().split(" ")[1];
            ChargeView charge = charges.stream().filter(c -> c.number().equals(number)).findFirst().orElseThrow();
            assertThat(pdf.getFileName()).matches("(faktura|factuur|invoice)-" + number + "\\.pdf");
            byte[] bytes = pdf.getInputStream().readAllBytes();
            String[] epc = Pdfs.qrCode(bytes).orElseThrow().split("\n", -1);
            assertThat(epc[0]).isEqualTo("BCD");
            assertThat(epc[3]).isEqualTo("SCT");
            assertThat(epc[6]).isEqualTo(register.association().iban());
            assertThat(epc[7]).isEqualTo("EUR150.00");
            assertThat(epc[9]).isEqualTo(charge.rfReference());
        }
        assertThat(outbox.entries(MailOutbox.Status.SENT, runId, 10)).hasSize(3)
                .allSatisfy(entry -> assertThat(byRecipient.get(entry.recipient()).getMessageID())
                        .isEqualTo("<" + entry.messageId() + ">"));
    }

    @Test
    void aDanishInvoiceMailCarriesTheFiCodeLineInItsTextAndItsPdf() throws Exception {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "DKK",
                a.timeZone(), a.languages(), "DK5000400440116243", a.bic(), a.sepaCreditorId(),
                a.betalingsserviceCreditor(), "12345678", a.defaultCollectionMethod(), a.monthlySuspensionFee(),
                a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(),
                a.createdBy(), a.updatedAt(), a.updatedBy()));
        String tag = "fik" + System.nanoTime();
        member("Mette Sørensen", tag + "@example.dk", "da");

        long runId = approvedRun("450.00");
        MimeMessage mail = awaitMails(tag, 1).get(tag + "@example.dk");

        ChargeView charge = runs.charges(runId, 0, 10).get(0);
        assertThat(charge.paymentId()).matches("[0-9]{15}");
        String codeLine = "+71<" + charge.paymentId() + " +12345678<";
        byte[] pdf = attachment(mail).getInputStream().readAllBytes();
        assertThat(Pdfs.text(pdf)).contains(codeLine, "450,00");
        assertThat(Pdfs.qrCode(pdf)).as("no EPC QR code for Danish kroner").isEmpty();
        assertThat(plainText(mail)).contains(codeLine);
        assertThat(mail.getSubject()).startsWith("Faktura " + charge.number());
    }

    @Test
    void aDirectDebitMemberInvoicedInsteadGetsAMailAndPdfThatPromiseNoDebit() throws Exception {
        Association before = register.association();
        withCreditorId(before, "DE98ZZZ09999999999");
        try {
            String tag = "invoiced" + System.nanoTime();
            long collected = member("Sanne Sepa", tag + "-collected@example.org", "en", CollectionMethod.SEPA_DIRECT_DEBIT);
            register.addSepaMandate(collected, "M-MAIL-" + collected, "DE89370400440532013000", null,
                    LocalDate.of(2024, 5, 1));
            long noMandate = member("Bo Uden", tag + "-nomandate@example.org", "en", CollectionMethod.SEPA_DIRECT_DEBIT);
            // A mandate, but a name the SEPA character set cannot write: no file can hold this debit.
            long unwritable = member("王小明", tag + "-unwritable@example.org", "en", CollectionMethod.SEPA_DIRECT_DEBIT);
            register.addSepaMandate(unwritable, "M-MAIL-" + unwritable, "DE89370400440532013000", null,
                    LocalDate.of(2024, 5, 1));

            long runId = approvedRun("57.30");
            Map<String, MimeMessage> mails = awaitMails(tag, 3);

            Map<Long, ChargeView> charges = new HashMap<>();
            runs.charges(runId, 0, 10).forEach(charge -> charges.put(charge.memberNumber(), charge));
            assertThat(charges.get(collected).collectedBy()).isEqualTo("SEPA_DIRECT_DEBIT");
            MimeMessage debited = mails.get(tag + "-collected@example.org");
            assertThat(plainText(debited)).as("the member the file collects is told so").contains("will be collected");
            assertThat(Pdfs.text(attachment(debited).getInputStream().readAllBytes())).contains("will be collected");
            for (long member : List.of(noMandate, unwritable)) {
                ChargeView charge = charges.get(member);
                assertThat(charge.invoicedInstead()).isTrue();
                MimeMessage mail = mails.get(tag + (member == noMandate ? "-nomandate" : "-unwritable") + "@example.org");
                String text = plainText(mail);
                String pdf = Pdfs.text(attachment(mail).getInputStream().readAllBytes());
                for (String said : List.of(text, pdf)) {
                    assertThat(said).as("member %s (%s)", member, charge.collectionNote())
                            .doesNotContain("will be collected", "Mandate reference", "DE89")
                            .contains("Please transfer", charge.rfReference().substring(0, 4));
                }
            }
        } finally {
            withCreditorId(register.association(), before.sepaCreditorId());
        }
    }

    @Test
    void aMembersMailCarriesTheAssociationsAddressAsReplyTo() throws Exception {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), "kasserer@roklub.dk", a.address(),
                a.currency(), a.timeZone(), a.languages(), a.iban(), a.bic(), a.sepaCreditorId(),
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(),
                a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(),
                a.createdBy(), a.updatedAt(), a.updatedBy()));
        String tag = "reply" + System.nanoTime();
        member("Rasmus Svar", tag + "@example.dk", "da");

        approvedRun("95.00");
        MimeMessage mail = awaitMails(tag, 1).get(tag + "@example.dk");

        assertThat(mail.getHeader("Reply-To")).containsExactly("kasserer@roklub.dk");
        assertThat(mail.getFrom()[0].toString()).as("sent as before").isEqualTo("treasurer@localhost");
    }

    @Test
    void aRunThatIsGeneratedOrRejectedButNotApprovedSendsNothing() {
        String tag = "unapproved" + System.nanoTime();
        member("Jens Venter", tag + "@example.dk", "da");
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal("60.00"), null)), null, group, due(), null, null);
        runs.generate(run.id());

        // Several of the outbox route's polls go by: nothing is queued, sent or started for the draft run.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> received(tag).isEmpty()
                && outbox.entries(null, run.id(), 10).isEmpty());
        runs.reject(run.id());
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> received(tag).isEmpty());
        assertThat(outbox.entries(null, run.id(), 10)).isEmpty();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("run-" + run.id()).count()).isZero();
    }

    @Test
    void aMemberWithoutAUsableAddressIsListedForPrintingWithThePdfReady() {
        long member = member("Ole Uden Post", null, "da");

        long runId = approvedRun("75.00");

        MailOutbox.Entry entry = await().atMost(Duration.ofSeconds(30)).until(
                () -> outbox.entries(MailOutbox.Status.NEEDS_PRINTING, runId, 10), list -> list.size() == 1).get(0);
        assertThat(entry.memberNumber()).isEqualTo(member);
        assertThat(entry.lastError()).isEqualTo("the member has no mail address");
        RenderedDocument document = outbox.document(entry.id());
        assertThat(document.pdfFileName()).startsWith("faktura-");
        assertThat(Pdfs.text(document.pdf())).contains("Ole Uden Post", "75,00");
    }

    @Test
    void mailsQueuedWhileSmtpIsDownArriveExactlyOnceWhenItIsBack() throws Exception {
        String tag = "down" + System.nanoTime();
        for (int i = 1; i <= 12; i++) {
            member("Medlem " + i, tag + "-" + i + "@example.dk", "da");
        }
        long runId = approvedRun("40.00");
        // Down in the middle of the run: some mails have gone, the rest wait.
        await().atMost(Duration.ofSeconds(30)).until(() -> received(tag).size() >= 1);
        // Its store is read once it is down (stop() replaces it): a mail taken while stopping still counts.
        Managers stored = smtp.getManagers();
        smtp.stop();
        stored.getImapHostManager().getAllMessages().forEach(message -> EARLIER.add(message.getMimeMessage()));
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.entries(MailOutbox.Status.QUEUED, runId, 20)
                .stream().anyMatch(entry -> entry.attempts() > 0 && entry.lastError() != null));
        int beforeRestart = received(tag).size();
        assertThat(beforeRestart).isLessThan(12);

        smtp = started();
        Map<String, MimeMessage> all = awaitMails(tag, 12);
        // A mail the stopping server took without its "250 OK" is here already but still queued for its next attempt.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> outbox.entries(MailOutbox.Status.SENT, runId, 20).size() == 12);

        assertThat(all).hasSize(12);
        // A mail whose "250 OK" the stopping server never sent may have arrived all the same: SMTP cannot tell the
        // sender. It goes again under its own Message-ID, so the member's mail program shows it once; no other mail
        // comes twice (at most one per sender that was mid-mail: the outbox route's round and the run's chunk).
        Map<String, Integer> copiesByMessageId = new HashMap<>();
        for (MimeMessage message : received(tag)) {
            copiesByMessageId.merge(message.getMessageID(), 1, Integer::sum);
        }
        assertThat(copiesByMessageId).as("every member's mail under one Message-ID").hasSize(12);
        assertThat(received(tag).size() - 12).as("second copies, only of mails in flight at the stop")
                .isBetween(0, 2);
        assertThat(outbox.entries(MailOutbox.Status.QUEUED, runId, 20)).isEmpty();
    }

    @Test
    void aBrokenTemplateGivesTheRunsProcessAnIncidentNamingItAndARetryAfterTheFixSendsEachMailOnce() throws Exception {
        String tag = "broken" + System.nanoTime();
        member("Karen Dansk", tag + "-1@example.dk", "da");
        member("Emma English", tag + "-2@example.org", "en");
        Path ownMail = OWN_TEMPLATES.resolve("invoice/mail.html");
        Files.createDirectories(ownMail.getParent());
        Files.writeString(ownMail, """
                <!DOCTYPE html>
                <html xmlns:th="http://www.thymeleaf.org">
                <body><p th:text="${doc.noSuchField}">Our own invoice mail</p></body>
                </html>
                """);
        long runId;
        String processId;
        try {
            runId = approvedRun("75.00");
            processId = runtime.createProcessInstanceQuery().processDefinitionKey("run-mail")
                    .processInstanceBusinessKey("run-" + runId).singleResult().getId();

            Incident incident = await().atMost(Duration.ofSeconds(60)).until(() -> runtime.createIncidentQuery()
                    .processInstanceId(processId).singleResult(), found -> found != null);
            assertThat(incident.getIncidentMessage()).contains("2 of run " + runId + "'s mails could not be written")
                    .contains("template invoice/mail line 3").contains("noSuchField");
            assertThat(outbox.entries(MailOutbox.Status.FAILED, runId, 10)).hasSize(2)
                    .allSatisfy(entry -> assertThat(entry.failure()).isEqualTo(MailOutbox.Failure.TEMPLATE));
            assertThat(received(tag)).isEmpty();
        } finally {
            Files.delete(ownMail);
        }

        // Fixed (the built-in template is back, once the template cache has looked at the folder again); then what a
        // supervisor's "Retry" in Cockpit does.
        await().atMost(Duration.ofSeconds(30)).until(() -> rendersAnInvoice());
        Job job = management.createJobQuery().processInstanceId(processId).singleResult();
        management.setJobRetries(job.getId(), 1);

        Map<String, MimeMessage> mails = awaitMails(tag, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createProcessInstanceQuery()
                .processInstanceId(processId).count() == 0);
        assertThat(mails.values()).allSatisfy(mail -> assertThat(mail.getSubject()).matches("(Faktura|Invoice) .*"));
        assertThat(received(tag)).as("each mail once").hasSize(2);
        assertThat(outbox.entries(MailOutbox.Status.SENT, runId, 10)).hasSize(2);
        assertThat(runtime.createIncidentQuery().processInstanceId(processId).count()).isZero();
    }

    // --- helpers ---

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("duesflow-own-templates");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GreenMail started() {
        GreenMail server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        return server;
    }

    /** Every mail to an address containing the tag, by the servers so far. */
    private static List<MimeMessage> received(String tag) throws Exception {
        List<MimeMessage> all = new ArrayList<>(EARLIER);
        all.addAll(List.of(smtp.getReceivedMessages()));
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : all) {
            if (Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().contains(tag))) {
                mails.add(message);
            }
        }
        return mails;
    }

    private Map<String, MimeMessage> awaitMails(String tag, int count) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> received(tag).size() >= count);
        Map<String, MimeMessage> byRecipient = new HashMap<>();
        for (MimeMessage message : received(tag)) {
            byRecipient.put(message.getAllRecipients()[0].toString(), message);
        }
        return byRecipient;
    }

    /** The text/plain alternative, wherever it sits in the message's parts. */
    private static String plainText(Part part) throws Exception {
        if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                String text = plainText(parts.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    private static BodyPart attachment(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
                return parts.getBodyPart(i);
            }
        }
        throw new AssertionError("no attachment in " + message.getSubject());
    }

    private long member(String name, String email, String language) {
        return register.register(null, new MemberInput(name, email, new PostalAddress("Havnegade", "1", "1058",
                "København K", "DK"), null, null, LocalDate.of(2020, 1, 1), null, language, CollectionMethod.INVOICE,
                null, List.of(group), null)).memberNumber();
    }

    private long member(String name, String email, String language, CollectionMethod method) {
        return register.register(null, new MemberInput(name, email, new PostalAddress("Havnegade", "1", "1058",
                "København K", "DK"), null, null, LocalDate.of(2020, 1, 1), null, language, method, null, List.of(group),
                null)).memberNumber();
    }

    private void withCreditorId(Association a, String creditorId) {
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), a.currency(),
                a.timeZone(), a.languages(), a.iban(), a.bic(), creditorId, a.betalingsserviceCreditor(),
                a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(),
                a.incomeAccount(), a.feeAccount(), a.bankAccount(), a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(),
                a.updatedBy()));
    }

    /** Whether an invoice renders with the templates as they now stand (own ones are looked at again now and then). */
    private boolean rendersAnInvoice() {
        try {
            renderer.render(DocumentKind.INVOICE, Documents.eurInvoice(Language.DA));
            return true;
        } catch (TemplateFailed e) {
            return false;
        }
    }

    private LocalDate due() {
        return clock.today().plusMonths(2).withDayOfMonth(1);
    }

    private long approvedRun(String amount) {
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues", new BigDecimal(amount),
                null)), null, group, due(), null, null);
        runs.generate(run.id());
        runs.approve(run.id(), null);
        // What the run's own process does next: it calls run-mail for the run.
        runtime.startProcessInstanceByKey("run-mail", "run-" + run.id(), Map.of("runId", run.id()));
        return run.id();
    }
}
