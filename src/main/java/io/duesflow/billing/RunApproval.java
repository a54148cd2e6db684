package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.duesflow.banking.PaymentReferences;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import org.springframework.stereotype.Component;

/**
 * Approving a generated run, in the caller's one transaction: the treasurer's edits, gap-free numbers and payment
 * references, arrears, and who collects each charge. Set-based throughout, so 100 000 charges take seconds.
 */
@Component
class RunApproval {

    private static final int NUMBERING_SLICE = 10_000;

    private final ChargeRepository charges;
    private final ChargeNumbers chargeNumbers;
    private final CollectionDecision collectionDecision;
    private final ChargeTexts texts;
    private final MemberRegister register;
    private final ChargeMailSwitch mailSwitch;
    private final Clock clock;

    RunApproval(ChargeRepository charges, ChargeNumbers chargeNumbers, CollectionDecision collectionDecision,
                ChargeTexts texts, MemberRegister register, ChargeMailSwitch mailSwitch, Clock clock) {
        this.mailSwitch = mailSwitch;
        this.charges = charges;
        this.chargeNumbers = chargeNumbers;
        this.collectionDecision = collectionDecision;
        this.texts = texts;
        this.register = register;
        this.clock = clock;
    }

    /** Everything an approval does to the run's charges; the run itself is the caller's to mark approved. */
    Approved approve(BillingRun run, ApprovalEdits edits) {
        LocalDate today = LocalDate.now(clock);
        if (run.deadline() != null && today.isAfter(run.deadline())) {
            throw new Conflict("deadline", "Run " + run.id() + " had to be approved by " + run.deadline());
        }
        check(run, edits, today);
        applyEdits(run.id(), edits);
        String by = CurrentUser.name();
        int numbered = number(run.id(), today.getYear(), by);
        Association association = register.association();
        ApprovalEdits.ArrearsRule arrears = edits.arrears() == null ? ApprovalEdits.ArrearsRule.LEAVE : edits.arrears();
        if (arrears != ApprovalEdits.ArrearsRule.LEAVE) {
            charges.carryArrears(run.id(), arrears == ApprovalEdits.ArrearsRule.ADD_LINE_AND_CANCEL, today,
                    association.receivablesAccount(), texts, by);
        }
        boolean collects = decideCollection(run, association);
        return new Approved(numbered, charges.totals(run.id()).total(), collects);
    }

    /**
     * How each charge of a member on direct debit is collected, or why it is invoiced instead, decided and recorded as
     * many charges at a time as the run generates in one step: a run of a million charges never sits in memory whole.
     * True when any is collected.
     */
    private boolean decideCollection(BillingRun run, Association association) {
        boolean collects = false;
        long after = 0;
        List<CollectionDecision.Candidate> slice;
        do {
            slice = charges.collectionCandidates(run.id(), after, run.chunkSize());
            List<CollectionDecision.Decision> decisions = collectionDecision.decide(slice, association);
            charges.recordCollectionDecisions(decisions);
            collects |= decisions.stream().anyMatch(d -> d.collectedBy() != null);
            after = slice.isEmpty() ? after : slice.get(slice.size() - 1).chargeId();
        } while (slice.size() == run.chunkSize());
        return collects;
    }

    /** @param collects whether any charge is to be collected by direct debit */
    record Approved(int charges, BigDecimal total, boolean collects) {
    }

    void check(BillingRun run, ApprovalEdits edits) {
        check(run, edits, LocalDate.now(clock));
    }

    private void check(BillingRun run, ApprovalEdits edits, LocalDate today) {
        if (edits.dueDate() != null) {
            List<LocalDate> dueDates = charges.dueDates(run.id());
            // The form shows the run's one due date; sent back unchanged, it is no new date, even if it has passed.
            boolean unchanged = dueDates.equals(List.of(edits.dueDate()));
            if (!unchanged && edits.dueDate().isBefore(today)) {
                throw new InvalidInput("dueDate", "The due date " + edits.dueDate() + " is in the past");
            }
            if (dueDates.size() > 1) {
                // One member's charges of different due dates would fall on one day, where a member has one charge.
                throw new InvalidInput("dueDate", "Run " + run.id() + " bills " + dueDates.size() + " due dates ("
                        + dueDates.stream().map(LocalDate::toString).collect(Collectors.joining(", "))
                        + "); one due date for all its charges would merge them. Approve it without a new due date, "
                        + "or bill the due dates in runs of their own");
            }
        }
        if (edits.periodStart() != null || edits.periodEnd() != null) {
            List<RunCharges.Period> periods = charges.periods(run.id());
            if (periods.size() > 1) {
                throw new InvalidInput(edits.periodStart() != null ? "periodStart" : "periodEnd", "Run " + run.id()
                        + "'s charges cover " + periods.size() + " different periods; one period cannot be set for all");
            }
            RunCharges.Period period = periods.isEmpty() ? null : periods.get(0);
            LocalDate start = edits.periodStart() != null ? edits.periodStart() : period == null ? null : period.start();
            LocalDate end = edits.periodEnd() != null ? edits.periodEnd() : period == null ? null : period.end();
            if (start != null && end != null && end.isBefore(start)) {
                // Named after what the treasurer changed: a new start after the charges' end is the start's fault.
                throw new InvalidInput(edits.periodEnd() != null ? "periodEnd" : "periodStart",
                        "The period would end on " + end + ", before it starts on " + start);
            }
        }
        if (edits.firstReminderOn() != null && edits.secondReminderOn() != null
                && !edits.secondReminderOn().isAfter(edits.firstReminderOn())) {
            throw new InvalidInput("secondReminderOn", "The second reminder (" + edits.secondReminderOn()
                    + ") must come after the first (" + edits.firstReminderOn() + ")");
        }
        if (edits.feeAmount() != null) {
            BigDecimal fee = Money.checked("feeAmount", edits.feeAmount(), false);
            if (fee.signum() > 0 && (blank(edits.feeText()) || blank(edits.feeAccount()))) {
                throw new InvalidInput(blank(edits.feeText()) ? "feeText" : "feeAccount",
                        "A fee line needs its text and its ledger account");
            }
        }
    }

    private void applyEdits(long runId, ApprovalEdits edits) {
        // Only when there is something to change: rewriting every charge of a large run with its own values costs
        // seconds.
        if (edits.dueDate() != null || edits.periodStart() != null || edits.periodEnd() != null || edits.message() != null) {
            charges.editCharges(runId, edits.dueDate(), edits.periodStart(), edits.periodEnd(), edits.message());
        }
        if (!blank(edits.ledgerAccount())) {
            charges.replaceDefaultAccounts(runId, edits.ledgerAccount().trim());
        }
        if (Boolean.FALSE.equals(edits.mail())) {
            mailSwitch.holdRun(runId);
        }
        if (edits.feeAmount() != null && edits.feeAmount().signum() > 0) {
            charges.addFeeLine(runId, edits.feeText().trim(), Money.checked("feeAmount", edits.feeAmount(), false),
                    edits.feeAccount().trim());
        }
    }

    /**
     * Gap-free numbers per year ({@code 2027-00042}): the year's counter row is locked for the rest of the
     * approval, so two nodes approving at once number one after the other.
     */
    private int number(long runId, int year, String by) {
        List<Long> ids = charges.draftIds(runId);
        // The numbers, references and payment ids of a slice at a time: a million charges' would not fit the heap.
        // The year's counter stays locked from the first slice on, so the slices' numbers follow each other.
        for (int from = 0; from < ids.size(); from += NUMBERING_SLICE) {
            List<Long> slice = ids.subList(from, Math.min(ids.size(), from + NUMBERING_SLICE));
            List<String> numbers = chargeNumbers.take(year, slice.size());
            List<String> rfs = new ArrayList<>(slice.size());
            List<String> paymentIds = new ArrayList<>(slice.size());
            for (String number : numbers) {
                rfs.add(PaymentReferences.rfFromCharge(number));
                paymentIds.add(PaymentReferences.fik71PaymentId(Long.parseLong(number.replace("-", ""))));
            }
            charges.open(slice, numbers, rfs, paymentIds, "approved in run " + runId, by);
        }
        return ids.size();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
