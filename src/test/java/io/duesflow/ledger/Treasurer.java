package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.Api;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.TestUsers;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A treasurer billing a group of their own over REST and reading the ledger, as the ledger's tests need it: every
 * test has its own group and members, and only its own billing lines are active, so what it reads of the debtor list
 * and the members' accounts is its own, whatever other tests left in the shared database.
 */
final class Treasurer extends Api {

    private static final AtomicInteger GROUPS = new AtomicInteger();

    final String group;
    /** The tests' calendar and the database, for what a test checks behind the REST API. */
    final TestClock clock;
    final JdbcClient jdbc;
    private final MemberRegister register;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final List<Long> members = new ArrayList<>();
    private final RunJobs jobs;

    Treasurer(ApplicationContext context) {
        super(TestUsers.signedIn(context.getBean(TestRestTemplate.class), context.getBean(IdentityService.class), "tove",
                Roles.TREASURER));
        this.clock = context.getBean(TestClock.class);
        this.jobs = context.getBean(RunJobs.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.register = context.getBean(MemberRegister.class);
        this.events = context;
        this.transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        jdbc.sql("update duesflow.billing_line set active = false").update();
        this.group = "Ledger " + GROUPS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
    }

    /** A supervisor calling the REST API. */
    static Api supervisor(ApplicationContext context) {
        return Api.as(context.getBean(TestRestTemplate.class), context.getBean(IdentityService.class), "svend",
                Roles.SUPERVISOR);
    }

    /** Billing's events published again, in one transaction, as a listener retried would hear them. */
    void hearAgain(Object... billingEvents) {
        transaction.executeWithoutResult(status -> {
            for (Object event : billingEvents) {
                events.publishEvent(event);
            }
        });
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    long member(String name) {
        return member(name, CollectionMethod.INVOICE);
    }

    /** A member of this treasurer's group, paying by {@code method} (by direct debit: give them a mandate too). */
    long member(String name, CollectionMethod method) {
        long number = register.register(null, new MemberInput(name, name.toLowerCase() + "@example.org",
                new io.duesflow.members.PostalAddress("Åboulevarden", "7", "8000", "Århus C", "DK"), null, null,
                LocalDate.of(2020, 1, 1), null, "da", method, null, List.of(group), null)).memberNumber();
        members.add(number);
        return number;
    }

    /** A monthly line billing the group {@code price} from {@code firstDue}, to {@code account} (null: the default). */
    long monthlyLine(String name, String price, LocalDate firstDue, String account) {
        Map<String, Object> line = new HashMap<>(Map.of("name", name, "kind", "SCHEDULED", "frequency", "MONTHLY",
                "who", "GROUPS", "groups", List.of(group), "position", 10, "firstDueDate", firstDue.toString(),
                "priceKind", "FIXED", "price", price));
        if (account != null) {
            line.put("ledgerAccount", account);
        }
        return created("/api/billing/lines", line);
    }

    long generated(LocalDate from, LocalDate to) {
        long run = created("/api/billing/runs", Map.of("kind", "SCHEDULED", "from", from.toString(), "to", to.toString()));
        // The run's process: a look at what it bills, then "generate", then the engine's jobs bill it.
        jobs.settle(run);
        ResponseEntity<JsonNode> generated = post("/api/billing/runs/" + run + "/generate", null);
        assertThat(generated.getStatusCode()).as("%s", generated.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        jobs.settle(run);
        return run;
    }

    /** Approves in the run's approval task; then its process mails and collects. */
    ResponseEntity<JsonNode> approve(long run, Map<String, Object> edits) {
        ResponseEntity<JsonNode> approved = post("/api/billing/runs/" + run + "/approve", edits);
        if (approved.getStatusCode().is2xxSuccessful()) {
            jobs.settle(run);
        }
        return approved;
    }

    /** The scheduled run of [from, to], generated and approved with {@code edits}. */
    long approved(LocalDate from, LocalDate to, Map<String, Object> edits) {
        long run = generated(from, to);
        ResponseEntity<JsonNode> approved = approve(run, edits);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        return run;
    }

    JsonNode chargeOf(long run, long member) {
        for (JsonNode charge : get("/api/billing/runs/" + run + "/charges").getBody()) {
            if (charge.path("memberNumber").asLong() == member) {
                return charge;
            }
        }
        throw new AssertionError("No charge for member " + member + " in run " + run);
    }

    /** The position of the charge's line with that text, or of its line of that kind. */
    static int position(JsonNode charge, String textOrKind) {
        for (JsonNode line : charge.path("lines")) {
            if (line.path("text").asText().equals(textOrKind) || line.path("kind").asText().equals(textOrKind)) {
                return line.path("position").asInt();
            }
        }
        throw new AssertionError("No line " + textOrKind + " on " + charge);
    }

    /** The members this treasurer registered. */
    List<Long> members() {
        return List.copyOf(members);
    }

    String numberOf(long run, long member) {
        return chargeOf(run, member).path("number").asText();
    }

    JsonNode creditNote(String chargeNumber, Object body) {
        ResponseEntity<JsonNode> note = post("/api/billing/charges/" + chargeNumber + "/credit-notes", body);
        assertThat(note.getStatusCode()).as("%s", note.getBody()).isEqualTo(HttpStatus.CREATED);
        return note.getBody();
    }

    void cancel(String chargeNumber) {
        ResponseEntity<JsonNode> cancelled = post("/api/billing/charges/" + chargeNumber + "/cancel", null);
        assertThat(cancelled.getStatusCode()).as("%s", cancelled.getBody()).isEqualTo(HttpStatus.OK);
    }

    // --- the ledger as this treasurer's members see it --------------------------------------------------------------

    /** What the debtor list says this group's members owe. */
    BigDecimal debtorListTotal() {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode debtor : get("/api/billing/debtors?group=" + group).getBody()) {
            total = total.add(debtor.path("owed").decimalValue());
        }
        return total;
    }

    /** What the ledger says a member owes: the closing balance of their account. */
    BigDecimal owedByLedger(long member) {
        return get("/api/ledger/members/" + member).getBody().path("closing").decimalValue();
    }

    /** What the ledger says this group's members owe. */
    BigDecimal owedByLedger() {
        return members.stream().map(this::owedByLedger).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The vouchers booked for what {@code source} and {@code key} name (a run, a credit note, a charge). */
    List<JsonNode> vouchersOf(String source, long key) {
        return vouchersOf(source, String.valueOf(key));
    }

    List<JsonNode> vouchersOf(String source, String key) {
        List<JsonNode> vouchers = new ArrayList<>();
        get("/api/ledger/vouchers?source=" + source + "&key=" + key).getBody().forEach(vouchers::add);
        return vouchers;
    }

    /** Every voucher {@code source} booked, newest last. */
    List<JsonNode> vouchersOf(String source) {
        List<JsonNode> vouchers = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode found = get("/api/ledger/vouchers?source=" + source + "&size=1000&page=" + page).getBody();
            found.forEach(vouchers::add);
            if (found.size() < 1000) {
                return vouchers;
            }
        }
    }

    /** What the member's lines on {@code account} come to, every date (debit less credit). */
    BigDecimal balance(String account, long member) {
        return balance(account, member, LocalDate.of(2100, 12, 31));
    }

    /** What the member's lines on {@code account} booked up to and including {@code on} come to. */
    BigDecimal balance(String account, long member, LocalDate on) {
        return get("/api/ledger/accounts/" + account + "/statement?member=" + member
                + "&from=2000-01-01&to=" + on + "&size=1").getBody().path("closing").decimalValue();
    }

    /** The one voucher booked for {@code source} and {@code key}. */
    JsonNode voucherOf(String source, long key) {
        List<JsonNode> vouchers = vouchersOf(source, key);
        assertThat(vouchers).as("vouchers of %s %s", source, key).hasSize(1);
        return vouchers.get(0);
    }

    /** A voucher's lines as "account amount" (credit negative), in line order. */
    List<String> voucherLines(JsonNode voucher) {
        JsonNode page = get("/api/ledger/vouchers/" + voucher.path("year").asInt() + "/" + voucher.path("number").asInt()
                + "?size=1000").getBody();
        List<String> lines = new ArrayList<>();
        for (JsonNode line : page.path("lines")) {
            BigDecimal amount = line.hasNonNull("debit") ? line.path("debit").decimalValue()
                    : line.path("credit").decimalValue().negate();
            lines.add(line.path("account").asText() + " " + amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        }
        return lines;
    }

    long created(String path, Object body) {
        ResponseEntity<JsonNode> created = post(path, body);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }
}
