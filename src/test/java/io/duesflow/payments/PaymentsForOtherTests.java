package io.duesflow.payments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.billing.ChargeView;
import io.duesflow.members.CollectionMethod;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.ApplicationContext;

/**
 * The payments room's test fixtures for the tests of other rooms (the authorization matrix, the hostile input suite):
 * open charges, bank credits that matched nothing with their waiting tasks, and files dropped into the real bank inbox.
 */
public final class PaymentsForOtherTests {

    /** What the bank inbox did with a dropped file: booked, or refused with the reason beside it in the error folder. */
    public record Outcome(boolean refused, String reason, Path movedTo) {
    }

    /** A credit that matched nothing and the task that waits for a treasurer to decide it. */
    public record UnmatchedCredit(long creditId, String processInstanceId, String taskId) {
    }

    private final PaymentFixtures fixtures;
    private final ApplicationContext context;

    public PaymentsForOtherTests(ApplicationContext context) {
        this.context = context;
        this.fixtures = new PaymentFixtures(context);
    }

    /** An open charge of {@code amount} due in two weeks, for a member of its own; answers its number. */
    public String openCharge(String amount) {
        long member = fixtures.member("Otto " + fixtures.token.replaceAll("[^A-Za-z]", ""), CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun(amount, LocalDate.now(clock()).plusDays(14), member),
                member);
        return charge.number();
    }

    /** {@code count} bank credits in one statement, matching nothing; answers them once each one's task waits. */
    public List<UnmatchedCredit> unmatchedCredits(int count) throws Exception {
        StringBuilder entries = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            entries.append(fixtures.credit(i, (10 + i) + ".00", null, null, "Nobody Known " + i, PaymentFixtures.iban(),
                    "gift " + fixtures.token + " " + i));
        }
        fixtures.startInbox();
        try {
            PaymentFixtures.Taken taken = fixtures.drop("unmatched-" + fixtures.token + ".xml",
                    fixtures.credits(LocalDate.now(clock()), entries.toString()));
            List<Long> credits = fixtures.jdbc.sql("select id from duesflow.bank_transaction where bank_file_id = :file "
                    + "order by id").param("file", taken.file().id()).query(Long.class).list();
            RuntimeService runtime = context.getBean(RuntimeService.class);
            TaskService tasks = context.getBean(TaskService.class);
            List<UnmatchedCredit> waiting = new ArrayList<>();
            for (long credit : credits) {
                // The tasks are opened once the file has committed, on another thread.
                Task task = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> tasks.createTaskQuery()
                        .processInstanceBusinessKey("credit-" + credit).singleResult(), found -> found != null);
                waiting.add(new UnmatchedCredit(credit, task.getProcessInstanceId(), task.getId()));
            }
            return waiting;
        } finally {
            fixtures.stopInbox();
        }
    }

    /**
     * Where to write a file for the bank inbox before dropping it: a hidden name in the inbox itself, as a bank's
     * download client writes it, so a large file is renamed, never copied.
     */
    public Path bankInboxPart(String name) throws Exception {
        Files.createDirectories(fixtures.folders.inbox());
        return fixtures.folders.inbox().resolve("." + name + ".part");
    }

    /** Renames the written file to {@code name} in the bank inbox, and waits for the inbox to have taken it. */
    public Outcome dropIntoBankInbox(String name, Path written) throws Exception {
        fixtures.startInbox();
        try {
            Path hidden = bankInboxPart(name);
            if (!written.equals(hidden)) {
                Files.move(written, hidden);
            }
            PaymentFixtures.Taken taken = fixtures.dropped(name, hidden);
            return new Outcome(taken.refusal() != null, taken.reason(), taken.movedTo());
        } finally {
            fixtures.stopInbox();
        }
    }

    /** The same with the file's bytes. */
    public Outcome dropIntoBankInbox(String name, byte[] content) throws Exception {
        Path written = bankInboxPart(name);
        Files.write(written, content);
        return dropIntoBankInbox(name, written);
    }

    private java.time.Clock clock() {
        return context.getBean(io.duesflow.platform.BusinessClock.class);
    }
}
