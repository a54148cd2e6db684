package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.duesflow.ApplicationTest;
import io.duesflow.DutchTreasurer;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Dutch way of sending (Stap 4): a run approved without mail mails nothing; its invoices wait in the open list and
 * are sent from there by hand, each exactly once, however often "send now" is pressed; "send again" mails one once
 * more as a resend. Counted on a real SMTP server (GreenMail). The outbox is sent here by hand ({@code sendDue}, what
 * its route does every poll), so every count is what one round delivered.
 */
@ApplicationTest
class OpenInvoicesMailTests {

    static final int PORT = MailTransportTests.freePort();
    static GreenMail smtp = started();

    @DynamicPropertySource
    static void sendingToGreenMail(DynamicPropertyRegistry registry) {
        registry.add("duesflow.mail.smtp.host", () -> "127.0.0.1");
        registry.add("duesflow.mail.smtp.port", () -> PORT);
        registry.add("duesflow.mail.smtp.starttls", () -> false);
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    MailOutbox outbox;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    IdentityService identity;

    DutchTreasurer treasurer;

    @BeforeEach
    void aDutchTreasurer() {
        treasurer = new DutchTreasurer(context);
    }

    @AfterAll
    static void stopServer() {
        smtp.stop();
    }

    @Test
    void aRunApprovedWithoutMailMailsNothingAndItsInvoicesAreSentByHandExactlyOnceEachAndResentOnRequest()
            throws Exception {
        long anne = treasurer.member("Anne");
        treasurer.member("Bram");
        treasurer.member("Cor");
        long run = templateRun("Contributie", "45.00");

        treasurer.approved(run, Map.of("mail", false));
        outbox.sendDue();

        assertThat(received()).as("nothing mailed").isEmpty();
        JsonNode open = treasurer.get("/api/mail/open-invoices?run=" + run + "&mailed=false").getBody();
        assertThat(open).hasSize(3).allSatisfy(invoice -> {
            assertThat(invoice.path("number").asText()).as("numbered").isNotBlank();
            assertThat(invoice.path("mailSwitch").asBoolean()).isFalse();
            assertThat(invoice.path("mailNote").asText()).contains("approved without mail");
            assertThat(invoice.path("mail").asText()).isEqualTo("NOT_QUEUED");
        });

        JsonNode first = send(Map.of("run", run, "mailed", false));
        outbox.sendDue();
        JsonNode again = send(Map.of("run", run));
        String one = treasurer.chargeOf(run, anne).path("number").asText();
        JsonNode single = send(Map.of("numbers", List.of(one)));
        outbox.sendDue();

        assertThat(first.path("queued").asInt()).isEqualTo(3);
        assertThat(again.path("queued").asInt()).isZero();
        assertThat(again.path("alreadySent").asInt()).isEqualTo(3);
        assertThat(single.path("alreadySent").asInt()).isEqualTo(1);
        assertThat(received()).as("exactly once each").hasSize(3)
                .extracting(mail -> mail.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder(treasurer.mailOf("Anne"), treasurer.mailOf("Bram"), treasurer.mailOf("Cor"));
        assertThat(treasurer.get("/api/mail/open-invoices?run=" + run + "&mailed=false").getBody()).isEmpty();

        ResponseEntity<JsonNode> resent = treasurer.post("/api/mail/open-invoices/" + one + "/send-again", null);
        assertThat(resent.getStatusCode()).as("%s", resent.getBody()).isEqualTo(HttpStatus.OK);
        outbox.sendDue();

        List<MimeMessage> annes = received().stream().filter(mail -> to(mail).equals(treasurer.mailOf("Anne"))).toList();
        assertThat(annes).as("resent once").hasSize(2);
        assertThat(annes.get(0).getMessageID()).isNotEqualTo(annes.get(1).getMessageID());
        assertThat(annes.get(1).getSubject()).as("the same document").isEqualTo(annes.get(0).getSubject()).contains(one);
        assertThat(annes.get(1).getMessageID()).isEqualTo("<" + resent.getBody().path("messageId").asText() + ">");
        JsonNode mails = treasurer.get("/api/billing/charges/" + one).getBody().path("more").path("mails");
        assertThat(mails).extracting(mail -> mail.path("resend").asInt() + " " + mail.path("status").asText())
                .containsExactly("0 SENT", "1 SENT");
        assertThat(treasurer.get("/api/mail/open-invoices?numbers=" + one).getBody().get(0).path("resends").asInt())
                .isEqualTo(1);
    }

    @Test
    void sendingAgainAnInvoiceNeverMailedOrSendingANumberThatIsNotOpenIsRefusedAndNothingIsQueued() {
        treasurer.member("Dirk");
        long run = templateRun("Contributie", "45.00");
        treasurer.approved(run, Map.of("mail", false));
        String number = treasurer.charges(run).get(0).path("number").asText();
        long queued = queuedMails();

        ResponseEntity<JsonNode> neverSent = treasurer.post("/api/mail/open-invoices/" + number + "/send-again", null);
        ResponseEntity<JsonNode> unknown = treasurer.post("/api/mail/open-invoices/send",
                Map.of("numbers", List.of(number, "2099-99999")));
        ResponseEntity<JsonNode> nothing = treasurer.post("/api/mail/open-invoices/send",
                Map.of("run", run, "mailed", true));

        assertThat(neverSent.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(neverSent.getBody().path("detail").asText()).contains(number, "never sent", "send it now");
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().path("field").asText()).isEqualTo("numbers[1]");
        assertThat(nothing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nothing.getBody().path("detail").asText()).contains("No open invoice to send");
        assertThat(queuedMails()).isEqualTo(queued);
    }

    @Test
    void inTasklistATreasurerLooksAtTheOpenInvoicesOfARunAndSendsThoseNotMailedYet() throws Exception {
        treasurer.member("Eva");
        treasurer.member("Frits");
        long run = templateRun("Contributie", "45.00");
        treasurer.approved(run, Map.of("mail", false));

        identity.setAuthentication("joke", List.of(io.duesflow.platform.Roles.TREASURER));
        ProcessInstance instance;
        try {
            Map<String, Object> form = new HashMap<>();
            form.put("run", String.valueOf(run));
            form.put("mailed", "false");
            instance = runtime.startProcessInstanceByKey("send-open-invoices", form);
        } finally {
            identity.clearAuthentication();
        }
        Task task = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(task.getName()).isEqualTo("Choose the open invoices to send");
        assertThat(tasks.getVariable(task.getId(), "notMailedCount")).isEqualTo(2);
        assertThat(tasks.getVariable(task.getId(), "invoices").toString()).contains(treasurer.charges(run).get(0)
                .path("number").asText());

        tasks.complete(task.getId(), Map.of("action", "sendAll"));
        outbox.sendDue();

        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
        assertThat(received()).hasSize(2);
    }

    // --- helpers ---

    private long templateRun(String text, String amount) {
        long run = treasurer.created("/api/billing/runs", Map.of("kind", "TEMPLATE", "group", treasurer.group,
                "dueDate", treasurer.clock.today().plusMonths(1).toString(),
                "lines", List.of(Map.of("text", text, "amount", amount))));
        return treasurer.generated(run);
    }

    private JsonNode send(Map<String, Object> selection) {
        ResponseEntity<JsonNode> sent = treasurer.post("/api/mail/open-invoices/send", selection);
        assertThat(sent.getStatusCode()).as("%s", sent.getBody()).isEqualTo(HttpStatus.OK);
        return sent.getBody();
    }

    private long queuedMails() {
        return treasurer.jdbc.sql("select count(*) from duesflow.mail_outbox").query(Long.class).single();
    }

    /** The mails GreenMail received for this test's members. */
    private List<MimeMessage> received() throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().contains(treasurer.tag))) {
                mails.add(message);
            }
        }
        return mails;
    }

    private static String to(MimeMessage mail) {
        try {
            return mail.getAllRecipients()[0].toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail started() {
        GreenMail server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        return server;
    }
}
