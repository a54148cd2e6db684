package io.duesflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.banking.Pain008Version;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import io.duesflow.members.SepaSettings;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A Dutch treasurer working the way the Dutch manual describes, over REST: a euro association that collects by SEPA,
 * a group of the test's own (so other tests' members never count), only the test's own billing lines active, and runs
 * through their processes (a look, generate, approve, the jobs that follow).
 */
public final class DutchTreasurer extends Api {

    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final AtomicInteger ACCOUNTS = new AtomicInteger(70_000);

    public final String group;
    /** Unique to this test, in its members' mail addresses. */
    public final String tag;
    public final TestClock clock;
    public final JdbcClient jdbc;
    public final MemberRegister register;
    private final RunJobs jobs;

    public DutchTreasurer(ApplicationContext context) {
        super(TestUsers.signedIn(context.getBean(TestRestTemplate.class), context.getBean(IdentityService.class), "joke",
                Roles.TREASURER));
        this.clock = context.getBean(TestClock.class);
        this.jobs = context.getBean(RunJobs.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.register = context.getBean(MemberRegister.class);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        this.tag = "nl" + TESTS.incrementAndGet() + "x" + Long.toString(System.nanoTime(), 36);
        this.group = "Abonnees " + tag;
        euroAssociation();
        register.createGroup(group, null, null);
    }

    private void euroAssociation() {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR",
                a.timeZone(), a.languages(), "NL91ABNA0417164300", a.bic(), "NL57ZZZ999999999999",
                a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(),
                a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(),
                new SepaSettings(Pain008Version.V08, false, true, false, 1), a.createdAt(), a.createdBy(),
                a.updatedAt(), a.updatedBy()));
    }

    /** A member of the test's group who pays by invoice, with a mail address of the test's own. */
    public long member(String name) {
        return member(name, CollectionMethod.INVOICE);
    }

    public long member(String name, CollectionMethod method) {
        return register.register(null, new MemberInput(name, mailOf(name),
                new PostalAddress("Herengracht", "12", "1015 BS", "Amsterdam", "NL"), null, null,
                LocalDate.of(2020, 1, 1), null, "nl", method, null, List.of(group), null)).memberNumber();
    }

    /** A member on SEPA direct debit with an active mandate. */
    public long sepaMember(String name) {
        long member = member(name, CollectionMethod.SEPA_DIRECT_DEBIT);
        String iban = new Iban.Builder().countryCode(CountryCode.NL).bankCode("INGB")
                .accountNumber(String.format("%010d", ACCOUNTS.incrementAndGet() * 7919L)).build().toString();
        register.addSepaMandate(member, "M-" + member, iban, null, LocalDate.of(2024, 5, 1));
        return member;
    }

    public String mailOf(String name) {
        return name.toLowerCase().replace(' ', '.') + "." + tag + "@example.nl";
    }

    /** A fixed-price line for the test's group, {@code mail} switched as given. */
    public long groupLine(String name, String price, LocalDate dueDate, boolean mail) {
        Map<String, Object> line = new HashMap<>(Map.of("name", name, "kind", "SCHEDULED", "frequency", "YEARLY",
                "who", "GROUPS", "groups", List.of(group), "position", 10, "firstDueDate", dueDate.toString(),
                "priceKind", "FIXED", "price", price, "mail", mail));
        return created("/api/billing/lines", line);
    }

    /** POSTs and answers the created resource's id, after checking it was created. */
    public long created(String path, Object body) {
        ResponseEntity<JsonNode> created = post(path, body);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    /** The scheduled run of [from, to], created over REST and generated through its process. */
    public long generatedScheduled(LocalDate from, LocalDate to) {
        return generated(created("/api/billing/runs", Map.of("kind", "SCHEDULED", "from", from.toString(),
                "to", to.toString())));
    }

    /** A run its process shows for a look: "generate", then the engine's jobs bill it. */
    public long generated(long run) {
        jobs.settle(run);
        ResponseEntity<JsonNode> generated = post("/api/billing/runs/" + run + "/generate", null);
        assertThat(generated.getStatusCode()).as("%s", generated.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        jobs.settle(run);
        return run;
    }

    /** Approves in the run's approval task with these edits; then its process numbers, mails and collects. */
    public JsonNode approved(long run, Map<String, Object> edits) {
        ResponseEntity<JsonNode> approved = post("/api/billing/runs/" + run + "/approve", edits);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        jobs.settle(run);
        return approved.getBody();
    }

    public List<JsonNode> charges(long run) {
        List<JsonNode> charges = new ArrayList<>();
        get("/api/billing/runs/" + run + "/charges?size=1000").getBody().forEach(charges::add);
        return charges;
    }

    public JsonNode chargeOf(long run, long member) {
        return charges(run).stream().filter(c -> c.path("memberNumber").asLong() == member).findFirst()
                .orElseThrow(() -> new AssertionError("No charge of member " + member + " in run " + run));
    }

    public void settle(long run) {
        jobs.settle(run);
    }
}
