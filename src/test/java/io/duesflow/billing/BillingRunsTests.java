package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.banking.PaymentReferences;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.InvalidInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApplicationTest
class BillingRunsTests {

    static final AtomicInteger TESTS = new AtomicInteger();

    @Autowired
    BillingRuns runs;
    @Autowired
    BillingRules rules;
    @Autowired
    Charges charges;
    @Autowired
    MemberRegister register;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    LocalDate due;
    String group;

    @BeforeEach
    void onlyThisTestsLines() {
        due = clock.today().plusMonths(2).withDayOfMonth(1);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Run group " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
    }

    long member(String name) {
        return register.register(null, new MemberInput(name, null, null, null, null, LocalDate.of(2020, 1, 1), null, "da",
                CollectionMethod.INVOICE, null, List.of(group), null)).memberNumber();
    }

    /** A monthly line from {@code due}: each month's run bills a new occurrence. */
    BillingLine line(String name, int position, String price) {
        return rules.create(new BillingLineInput(name, position, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.MONTHLY,
                due, null, "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null,
                BillingLine.PriceKind.FIXED, new BigDecimal(price), null, null, null, null));
    }

    /** The scheduled run of the month {@code month} months after {@code due}'s, generated. */
    BillingRun generated(int month) {
        LocalDate from = due.plusMonths(month);
        BillingRun run = runs.createScheduled(null, from, from.plusMonths(1).minusDays(1), from.minusDays(1));
        return runs.generate(run.id());
    }

    ChargeView chargeOf(long runId, long member) {
        return runs.charges(runId, 0, 100).stream().filter(c -> c.memberNumber() == member).findFirst().orElseThrow();
    }

    @Test
    void twoLinesDueTheSameDayBecomeOneChargePerMemberWithTheirLinesInPositionOrder() {
        long anna = member("Anna");
        member("Bo");
        line("Ball money", 20, "500.00");
        line("Dues", 10, "1000.00");

        BillingRun run = generated(0);

        assertThat(run.state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(run.chargeCount()).isEqualTo(2);
        assertThat(run.total()).isEqualByComparingTo("3000.00");
        assertThat(run.chunksDone()).isEqualTo(run.chunksTotal());
        ChargeView charge = chargeOf(run.id(), anna);
        assertThat(charge.lines()).extracting(ChargeView.Line::text).containsExactly("Dues", "Ball money");
        assertThat(charge.number()).as("numbers come at approval").isNull();
        assertThat(charge.status()).isEqualTo("DRAFT");
    }

    @Test
    void chunksBilledInAnyOrderSideBySideAndTwiceBillEveryMemberOnceAndTheRunIsGeneratedOnce() throws Exception {
        List<Long> members = java.util.stream.IntStream.range(0, 12).mapToObj(i -> member("Chunked " + i)).toList();
        line("Dues", 10, "100.00");
        BillingRun run = runs.createScheduled(null, due, due.plusMonths(1).minusDays(1), due.minusDays(1));
        // Chunks of a few members, so that this test's members fall in several (a large shared register: at most 60).
        int size = (int) Math.max(3, (register.memberCount() + 59) / 60);
        jdbc.sql("update duesflow.billing_run set chunk_size = :size where id = :id").param("size", size)
                .param("id", run.id()).update();
        int chunks = runs.startGeneration(run.id()).chunksTotal();
        assertThatThrownBy(() -> runs.finishGeneration(run.id())).as("not before the last chunk")
                .hasMessageContaining("cannot be generated yet");

        // Every chunk twice, last first, on two threads at once: as two nodes' job executors and a retry might.
        List<java.util.concurrent.Callable<BillingRuns.GenerationChunk>> work = new java.util.ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int number = chunks; number >= 1; number--) {
                int chunk = number;
                work.add(() -> runs.generateChunk(run.id(), chunk));
            }
        }
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (java.util.concurrent.Future<BillingRuns.GenerationChunk> done : two.invokeAll(work)) {
                done.get();
            }
        } finally {
            two.shutdown();
        }
        BillingRun generated = runs.finishGeneration(run.id());
        BillingRun again = runs.finishGeneration(run.id());

        assertThat(generated.state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(generated.chargeCount()).isEqualTo(12);
        assertThat(generated.total()).isEqualByComparingTo("1200.00");
        assertThat(generated.chunksDone()).isEqualTo(chunks).isEqualTo(generated.chunksTotal());
        assertThat(jdbc.sql("select member_number from duesflow.charge where run_id = :id order by member_number")
                .param("id", run.id()).query(Long.class).list()).as("each member once").isEqualTo(members);
        assertThat(again.chargeCount()).as("finished once; a repeat changes nothing").isEqualTo(12);
        assertThat(again.total()).isEqualByComparingTo("1200.00");
        // A chunk's job whose work committed but whose own completion did not (a node killed in between) runs again
        // after its lock; it finds its chunk billed and bills nothing, also once the run is generated.
        int billedByTheLast = jdbc.sql("""
                        select charge_count from duesflow.billing_run_chunk where run_id = :id and number = :n""")
                .param("id", run.id()).param("n", chunks).query(Integer.class).single();
        assertThat(runs.generateChunk(run.id(), chunks).charges()).isEqualTo(billedByTheLast);
        assertThat(runs.run(run.id()).chargeCount()).isEqualTo(12);
    }

    @Test
    void generatingAGeneratedRunAgainIsRefusedAndBillsNobodyTwice() {
        member("Cai");
        member("Dan");
        line("Dues", 10, "100.00");
        BillingRun run = generated(0);

        assertThatThrownBy(() -> runs.generate(run.id())).isInstanceOf(Conflict.class)
                .hasMessageContaining("Run " + run.id() + " is GENERATED");

        assertThat(runs.run(run.id()).chargeCount()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from duesflow.charge where run_id = :id").param("id", run.id())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aRejectedRunBurnsNoNumbersAndARerunPicksUpNewMembers() {
        member("Eva");
        line("Dues", 10, "100.00");
        BillingRun rejected = runs.reject(generated(0).id());
        assertThat(rejected.state()).isEqualTo(BillingRun.State.REJECTED);
        assertThat(runs.charges(rejected.id(), 0, 10)).isEmpty();

        long latecomer = member("Finn");
        BillingRun rerun = runs.generate(rejected.id());

        assertThat(rerun.state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(runs.charges(rerun.id(), 0, 10)).extracting(ChargeView::memberNumber).contains(latecomer);
    }

    @Test
    void approvalNumbersChargesWithoutGapsAndGivesValidPaymentReferences() {
        member("Gry");
        member("Hans");
        line("Dues", 10, "250.00");
        BillingRun first = runs.approve(generated(0).id(), null);
        runs.reject(generated(1).id());
        BillingRun third = runs.approve(generated(2).id(), null);

        List<Integer> numbers = jdbc.sql("""
                        select cast(split_part(number, '-', 2) as int) from duesflow.charge
                        where run_id in (:first, :third) order by number""")
                .param("first", first.id()).param("third", third.id()).query(Integer.class).list();
        assertThat(numbers).hasSize(4);
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("no gaps, none burnt by the rejected run").isEqualTo(numbers.get(i - 1) + 1);
        }
        for (ChargeView charge : runs.charges(third.id(), 0, 10)) {
            assertThat(charge.status()).isEqualTo("OPEN");
            assertThat(charge.number()).startsWith(clock.today().getYear() + "-");
            assertThat(PaymentReferences.isValidRf(charge.rfReference())).isTrue();
            assertThat(PaymentReferences.isValidFik71PaymentId(charge.paymentId())).isTrue();
        }
        assertThat(third.approvedBy()).isNotBlank();
    }

    @Test
    void approvalEditsApplyToEveryChargeAtOnce() {
        long ida = member("Ida");
        line("Dues", 10, "1000.00");
        LocalDate later = due.plusDays(14);

        BillingRun run = runs.approve(generated(0).id(), new ApprovalEdits("Spring dues", later, due.plusDays(1),
                due.plusMonths(1), later.plusDays(14), later.plusDays(28), "Administration fee", new BigDecimal("25.00"),
                "3900", "Thank you for rowing with us", null, null));

        assertThat(run.name()).isEqualTo("Spring dues");
        assertThat(run.firstReminderOn()).isEqualTo(later.plusDays(14));
        ChargeView charge = chargeOf(run.id(), ida);
        assertThat(charge.dueDate()).isEqualTo(later);
        assertThat(charge.periodStart()).isEqualTo(due.plusDays(1));
        assertThat(charge.periodEnd()).isEqualTo(due.plusMonths(1));
        assertThat(charge.message()).isEqualTo("Thank you for rowing with us");
        assertThat(charge.lines()).extracting(ChargeView.Line::text).containsExactly("Dues", "Administration fee");
        assertThat(charge.lines()).extracting(ChargeView.Line::kind).containsExactly("LINE", "FEE");
        assertThat(charge.total()).isEqualByComparingTo("1025.00");
        assertThat(run.total()).isEqualByComparingTo("1025.00");
    }

    @Test
    void approvingARejectedOrExpiredRunOrADueDateInThePastIsRefusedAndChangesNothing() {
        member("Jens");
        line("Dues", 10, "100.00");
        BillingRun rejected = runs.reject(generated(0).id());
        assertThatThrownBy(() -> runs.approve(rejected.id(), null)).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("REJECTED");
        BillingRun expired = runs.expire(generated(0).id());
        assertThatThrownBy(() -> runs.approve(expired.id(), null)).hasMessageContaining("EXPIRED");

        BillingRun open = generated(0);
        assertThatThrownBy(() -> runs.approve(open.id(), new ApprovalEdits(null, clock.today().minusDays(1), null,
                null, null, null, null, null, null, null, null, null))).hasMessageContaining("in the past");
        assertThat(runs.run(open.id()).state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(runs.charges(open.id(), 0, 10)).allSatisfy(c -> assertThat(c.number()).isNull());

        BillingRun approved = runs.approve(open.id(), null);
        assertThatThrownBy(() -> runs.approve(approved.id(), null)).hasMessageContaining("APPROVED");
        assertThatThrownBy(() -> runs.reject(approved.id())).hasMessageContaining("APPROVED");
    }

    @Test
    void theRunsOwnDueDateSentBackUnchangedAfterItPassedIsNoNewDateAndApproves() {
        member("Karin");
        line("Dues", 10, "100.00");
        BillingRun late = runs.generate(runs.createScheduled(null, due, due.plusMonths(1).minusDays(1), due.plusDays(10)).id());
        // Approved a few days after its charges fell due: the form still shows, and sends back, their due date.
        clock.moveTo(due.plusDays(3));

        assertThatThrownBy(() -> runs.approve(late.id(), new ApprovalEdits(null, due.plusDays(1), null, null, null, null,
                null, null, null, null, null, null))).as("a new date in the past").hasMessageContaining("in the past");
        BillingRun approved = runs.approve(late.id(), new ApprovalEdits(null, due, null, null, null, null, null, null,
                null, null, null, null));

        assertThat(approved.state()).isEqualTo(BillingRun.State.APPROVED);
        assertThat(runs.charges(late.id(), 0, 10)).allSatisfy(c -> assertThat(c.dueDate()).isEqualTo(due));
    }

    @Test
    void olderOverdueChargesAreCarriedAsAnArrearsLineAndCancelledWhenAsked() {
        long kim = member("Kim");
        line("Dues", 10, "100.00");
        BillingRun older = runs.approve(generated(0).id(), null);
        String olderNumber = runs.charges(older.id(), 0, 10).get(0).number();
        clock.moveTo(due.plusDays(20));

        BillingRun newer = runs.approve(generated(1).id(), new ApprovalEdits(null, null, null, null, null, null, null,
                null, null, null, null, ApprovalEdits.ArrearsRule.ADD_LINE_AND_CANCEL));

        ChargeView charge = chargeOf(newer.id(), kim);
        assertThat(charge.lines()).extracting(ChargeView.Line::text).containsExactly("Dues", "Restance " + olderNumber);
        assertThat(charge.total()).isEqualByComparingTo("200.00");
        assertThat(charge.lines().get(1).ledgerAccount()).as("receivables, not income again")
                .isEqualTo(register.association().receivablesAccount());
        assertThat(runs.charges(older.id(), 0, 10).get(0).status()).isEqualTo("CANCELLED");
        assertThat(runs.debtors(null, group, null)).extracting(DebtorList.Debtor::number)
                .containsExactly(charge.number());
    }

    @Test
    void aCreditNoteMirrorsTheChosenLinesAndCanNeverExceedTheCharge() {
        long lis = member("Lis");
        line("Dues", 10, "1000.00");
        line("Ball money", 20, "500.00");
        BillingRun run = runs.approve(generated(0).id(), null);
        ChargeView charge = chargeOf(run.id(), lis);

        ChargeView note = charges.creditNote(charge.number(), List.of(new Charges.CreditedLine(2, null)));

        assertThat(note.lines()).extracting(ChargeView.Line::amount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("-500.00"));
        assertThat(note.number()).isNotEqualTo(charge.number()).startsWith(clock.today().getYear() + "-");
        assertThat(runs.debtors(run.id(), null, null)).filteredOn(d -> d.memberNumber() == lis)
                .extracting(DebtorList.Debtor::owed).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1000.00"));

        assertThatThrownBy(() -> charges.creditNote(charge.number(), List.of(new Charges.CreditedLine(1, new BigDecimal("1000.01")))))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("up to 1000.00");
        assertThatThrownBy(() -> charges.creditNote(charge.number(), List.of(new Charges.CreditedLine(2, null))))
                .as("line 2 was credited already").hasMessageContaining("Nothing is left to credit");
        charges.creditNote(charge.number(), List.of(new Charges.CreditedLine(1, null)));
        assertThatThrownBy(() -> charges.creditNote(charge.number(), List.of()))
                .hasMessageContaining("CREDITED");
        assertThat(runs.debtors(run.id(), null, null)).noneMatch(d -> d.memberNumber() == lis);
    }
}
