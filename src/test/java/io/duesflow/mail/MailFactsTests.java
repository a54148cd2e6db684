package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.ApplicationTest;
import io.duesflow.TestUsers;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.BusinessClock;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** A charge's page shows the mails about it. Sending is off in this context, so the invoice stays queued. */
@ApplicationTest
class MailFactsTests {

    @Autowired
    BillingRuns runs;
    @Autowired
    MemberRegister register;
    @Autowired
    BusinessClock clock;
    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;
    @Autowired
    MailOutbox outbox;

    @Test
    void aChargesPageShowsTheMailsAboutIt() {
        String group = "Mail facts " + System.nanoTime();
        register.createGroup(group, null, null);
        long member = register.register(null, new MemberInput("Maja Post", "maja@example.org", null, null, null,
                LocalDate.of(2020, 1, 1), null, "da", CollectionMethod.INVOICE, null, List.of(group), null))
                .memberNumber();
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal("40.00"), null)), member, null, LocalDate.now(clock).plusMonths(1), null, null);
        runs.generate(run.id());
        runs.approve(run.id(), null);
        ChargeView charge = runs.charges(run.id(), 0, 10).get(0);

        JsonNode page = TestUsers.signedIn(http, identity, "karen", Roles.TREASURER)
                .getForEntity("/api/billing/charges/" + charge.number(), JsonNode.class).getBody();

        JsonNode mails = page.path("more").path("mails");
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).path("kind").asText()).isEqualTo("INVOICE");
        assertThat(mails.get(0).path("status").asText()).isEqualTo("QUEUED");
        assertThat(mails.get(0).path("attempts").asInt()).isZero();
        assertThat(mails.get(0).path("messageId").asText()).startsWith("invoice-" + charge.id() + ".").endsWith("@duesflow");
        assertThat(mails.get(0).path("queuedAt").isMissingNode()).isFalse();
        assertThat(mails.get(0).path("sentAt").isMissingNode()).as("not sent yet").isTrue();
    }

    @Test
    void aChargesPageShowsItsReminderAndReceiptBesideItsInvoice() {
        String group = "Mail facts reminded " + System.nanoTime();
        register.createGroup(group, null, null);
        long member = register.register(null, new MemberInput("Rikke Rykket", "rikke@example.org", null, null, null,
                LocalDate.of(2020, 1, 1), null, "da", CollectionMethod.INVOICE, null, List.of(group), null))
                .memberNumber();
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal("40.00"), null)), member, null, LocalDate.now(clock).plusMonths(1), null, null);
        runs.generate(run.id());
        runs.approve(run.id(), null);
        ChargeView charge = runs.charges(run.id(), 0, 10).get(0);
        outbox.queueReminders(run.id(), List.of(charge.id()), List.of());
        outbox.queueReceipts(List.of(charge.id()));

        JsonNode mails = TestUsers.signedIn(http, identity, "karen", Roles.TREASURER)
                .getForEntity("/api/billing/charges/" + charge.number(), JsonNode.class).getBody()
                .path("more").path("mails");

        assertThat(mails.findValuesAsText("kind")).containsExactly("INVOICE", "FIRST_REMINDER", "PAYMENT_RECEIPT");
        assertThat(mails.get(1).path("status").asText()).isEqualTo("QUEUED");
        assertThat(mails.get(1).path("messageId").asText()).startsWith("first-reminder-" + charge.id() + ".");
    }
}
