package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.duesflow.ApplicationTest;
import io.duesflow.banking.PaymentReferences;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@ApplicationTest
class BillingRunsTests {

    static final AtomicInteger TESTS = new AtomicInteger();
    static final LocalDate DUE = LocalDate.now().plusMonths(2).withDayOfMonth(1);

    @Autowired
    BillingRuns runs;
    @Autowired
    BillingRules rules;
    @Autowired
    MemberRegister register;
    @Autowired
    JdbcClient jdbc;

    String group;

    @BeforeEach
    void onlyThisTestsLines() {
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Run group " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
    }

    long member(String name) {
        return register.register(null, new MemberInput(name, null, null, null, null, LocalDate.of(2020, 1, 1), null, "da",
                CollectionMethod.INVOICE, null, List.of(group), null)).memberNumber();
    }

    BillingLine line(String name, int position, String price) {
        return rules.create(new BillingLineInput(name, position, BillingLine.Kind.SCHEDULED, BillingLine.Frequency.YEARLY,
                DUE, null, "3000", true, BillingLine.Who.GROUPS, List.of(group), null, null, null,
                BillingLine.PriceKind.FIXED, new BigDecimal(price), null, null, null, null));
    }

    BillingRun generated() {
        BillingRun run = runs.createScheduled(null, DUE, DUE.plusMonths(1).minusDays(1), DUE.minusDays(1));
        return runs.generate(run.id());
    }

    @Test
    void twoLinesDueTheSameDayBecomeOneChargePerMemberWithTheirLinesInPositionOrder() {
        long anna = member("Anna");
        member("Bo");
        line("Ball money", 20, "500.00");
        line("Dues", 10, "1000.00");

        BillingRun run = generated();

        assertThat(run.state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(run.chargeCount()).isEqualTo(2);
        assertThat(run.total()).isEqualByComparingTo("3000.00");
        assertThat(run.chunksDone()).isEqualTo(run.chunksTotal());
        ChargeView charge = runs.charges(run.id(), 0, 10).stream().filter(c -> c.memberNumber() == anna).findFirst().orElseThrow();
        assertThat(charge.lines()).extracting(ChargeView.Line::text).containsExactly("Dues", "Ball money");
        assertThat(charge.number()).as("numbers come at approval").isNull();
        assertThat(charge.status()).isEqualTo("DRAFT");
    }

    @Test
    void generatingAgainNeverBillsAnybodyTwice() {
        member("Cai");
        member("Dan");
        line("Dues", 10, "100.00");
        BillingRun run = generated();

        BillingRun again = runs.generate(run.id());

        assertThat(again.chargeCount()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from duesflow.charge where run_id = :id").param("id", run.id())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aRejectedRunBurnsNoNumbersAndARerunPicksUpNewMembers() {
        member("Eva");
        line("Dues", 10, "100.00");
        BillingRun rejected = runs.reject(generated().id());
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
        BillingRun first = runs.approve(generated().id(), null);
        runs.reject(generated().id());
        BillingRun third = runs.approve(generated().id(), null);

        List<Integer> numbers = jdbc.sql("""
                        select cast(split_part(number, '-', 2) as int) from duesflow.charge
                        where run_id in (:first, :third) order by number""")
                .param("first", first.id()).param("third", third.id()).query(Integer.class).list();
        for (int i = 1; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("no gaps, none burnt by the rejected run").isEqualTo(numbers.get(i - 1) + 1);
        }
        for (ChargeView charge : runs.charges(third.id(), 0, 10)) {
            assertThat(charge.status()).isEqualTo("OPEN");
            assertThat(charge.number()).startsWith(LocalDate.now().getYear() + "-");
            assertThat(PaymentReferences.isValidRf(charge.rfReference())).isTrue();
            assertThat(PaymentReferences.isValidFik71PaymentId(charge.paymentId())).isTrue();
        }
        assertThat(third.approvedBy()).isNotBlank();
    }

    @Test
    void approvalEditsApplyToEveryChargeAtOnce() {
        long ida = member("Ida");
        line("Dues", 10, "1000.00");
        LocalDate later = DUE.plusDays(14);

        BillingRun run = runs.approve(generated().id(), new ApprovalEdits("Spring dues", later, null, null,
                later.plusDays(14), later.plusDays(28), "Administration fee", new BigDecimal("25.00"), "3900",
                "Thank you for rowing with us", null, null));

        assertThat(run.name()).isEqualTo("Spring dues");
        assertThat(run.firstReminderOn()).isEqualTo(later.plusDays(14));
        ChargeView charge = runs.charges(run.id(), 0, 10).stream().filter(c -> c.memberNumber() == ida).findFirst().orElseThrow();
        assertThat(charge.dueDate()).isEqualTo(later);
        assertThat(charge.message()).isEqualTo("Thank you for rowing with us");
        assertThat(charge.lines()).extracting(ChargeView.Line::text).containsExactly("Dues", "Administration fee");
        assertThat(charge.total()).isEqualByComparingTo("1025.00");
        assertThat(run.total()).isEqualByComparingTo("1025.00");
    }

    @Test
    void approvingARejectedOrExpiredRunOrADueDateInThePastIsRefusedAndChangesNothing() {
        member("Jens");
        line("Dues", 10, "100.00");
        BillingRun rejected = runs.reject(generated().id());
        assertThatThrownBy(() -> runs.approve(rejected.id(), null)).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("REJECTED");
        BillingRun expired = runs.expire(generated().id());
        assertThatThrownBy(() -> runs.approve(expired.id(), null)).hasMessageContaining("EXPIRED");

        BillingRun open = generated();
        assertThatThrownBy(() -> runs.approve(open.id(), new ApprovalEdits(null, LocalDate.now().minusDays(1), null,
                null, null, null, null, null, null, null, null, null))).hasMessageContaining("in the past");
        assertThat(runs.run(open.id()).state()).isEqualTo(BillingRun.State.GENERATED);
        assertThat(runs.charges(open.id(), 0, 10)).allSatisfy(c -> assertThat(c.number()).isNull());

        BillingRun approved = runs.approve(open.id(), null);
        assertThatThrownBy(() -> runs.approve(approved.id(), null)).hasMessageContaining("APPROVED");
        assertThatThrownBy(() -> runs.reject(approved.id())).hasMessageContaining("APPROVED");
    }

    @Test
    void olderUnpaidChargesAreCarriedAsAnArrearsLineAndCancelledWhenAsked() {
        long kim = member("Kim");
        line("Dues", 10, "100.00");
        BillingRun older = runs.approve(generated().id(), null);
        String olderNumber = runs.charges(older.id(), 0, 10).get(0).number();

        BillingRun newer = runs.approve(generated().id(), new ApprovalEdits(null, null, null, null, null, null, null,
                null, null, null, null, ApprovalEdits.ArrearsRule.ADD_LINE_AND_CANCEL));

        ChargeView charge = runs.charges(newer.id(), 0, 10).stream().filter(c -> c.memberNumber() == kim).findFirst().orElseThrow();
        assertThat(charge.lines()).extracting(ChargeView.Line::text).containsExactly("Dues", "Arrears " + olderNumber);
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
        BillingRun run = runs.approve(generated().id(), null);
        ChargeView charge = runs.charges(run.id(), 0, 10).stream().filter(c -> c.memberNumber() == lis).findFirst().orElseThrow();

        ChargeView note = runs.creditNote(charge.number(), List.of(new CreditNotes.CreditedLine(2, null)));

        assertThat(note.lines()).extracting(ChargeView.Line::amount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("-500.00"));
        assertThat(note.number()).isNotEqualTo(charge.number()).startsWith(LocalDate.now().getYear() + "-");
        assertThat(runs.debtors(run.id(), null, null)).filteredOn(d -> d.memberNumber() == lis)
                .extracting(DebtorList.Debtor::owed).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("1000.00"));

        assertThatThrownBy(() -> runs.creditNote(charge.number(), List.of(new CreditNotes.CreditedLine(1, new BigDecimal("1000.01")))))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("up to 1000.00");
        runs.creditNote(charge.number(), List.of(new CreditNotes.CreditedLine(1, null)));
        assertThatThrownBy(() -> runs.creditNote(charge.number(), List.of()))
                .hasMessageContaining("CREDITED");
        assertThat(runs.debtors(run.id(), null, null)).noneMatch(d -> d.memberNumber() == lis);
    }
}
