package io.duesflow.dunning;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.Charge;
import io.duesflow.billing.ChargeReminders;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import io.duesflow.platform.NotFound;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The front door to reminder rounds: collect a run's unpaid charges, check and record a treasurer's decision, put
 * the reminders and their fees on the charges, and list what is left for follow-up by hand. Every change to a charge
 * goes through billing's {@link ChargeReminders}; what a round looked at, decided and sent is kept here, charge by
 * charge, with the reason for every charge it left out.
 */
@Service
@Transactional
public class ReminderRounds {

    private final RoundRows rows;
    private final ChargeReminders reminders;
    private final BillingRuns runs;
    private final MemberRegister register;
    private final DunningSettingsStore settings;
    private final Clock clock;

    ReminderRounds(RoundRows rows, ChargeReminders reminders, BillingRuns runs, MemberRegister register,
                   DunningSettingsStore settings, Clock clock) {
        this.rows = rows;
        this.reminders = reminders;
        this.runs = runs;
        this.register = register;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * A new round of the run: its invoices still owed are collected; a charge whose reminders a treasurer stopped,
     * or that had its second reminder, is left out with the reason. Each charge's reminder is the next level.
     *
     * @param requestedBy who asked for a round now (null: the reminder date's timer, or the caller)
     */
    public ReminderRound select(long runId, ReminderRound.Kind kind, Integer scheduledRound, String requestedBy) {
        BillingRun run = runs.run(runId);
        if (run.state() != BillingRun.State.SENT && run.state() != BillingRun.State.APPROVED) {
            throw new Conflict("state", "Run " + runId + " is " + run.state() + "; only a run that was approved and "
                    + "sent has charges to remind");
        }
        long roundId = rows.insertRound(runId, kind, kind == ReminderRound.Kind.SCHEDULED ? scheduledRound : null,
                Instant.now(clock), requestedBy != null ? requestedBy : CurrentUser.name());
        List<RoundRows.Row> looked = new ArrayList<>();
        for (ChargeReminders.ReminderState charge : reminders.owedOfRun(runId)) {
            String skipped = charge.stopped() ? "reminders stopped: " + charge.stoppedReason()
                    : charge.reminderLevel() >= 2 ? "had its second reminder on " + charge.lastRemindedOn()
                    + ": to be followed up by hand" : null;
            looked.add(new RoundRows.Row(charge.chargeId(), charge.number(), charge.memberNumber(), charge.dueDate(),
                    charge.owed(), Math.min(2, charge.reminderLevel() + 1), charge.lastRemindedOn(),
                    charge.feeLetters(), skipped == null ? "SELECTED" : "SKIPPED", skipped, null));
        }
        rows.insertCharges(roundId, looked);
        boolean any = looked.stream().anyMatch(row -> row.outcome().equals("SELECTED"));
        rows.count(roundId, any ? ReminderRound.State.WAITING : ReminderRound.State.NOTHING_TO_SEND);
        return round(roundId);
    }

    /**
     * Refuses, naming the field and the rule, a decision the round's sending could not keep: a round not waiting, a
     * pay-by date not after today, a fee that is no amount, more than the law (or the association's settings) allows
     * per letter, on a debt that had its last fee letter or a letter too recently, or with too short a time to pay.
     */
    @Transactional(readOnly = true)
    public void checkApproval(long roundId, BigDecimal fee, LocalDate payBy) {
        ReminderRound round = round(roundId);
        if (round.state() != ReminderRound.State.WAITING) {
            throw new Conflict("state", "Reminder round " + roundId + " is " + round.state() + "; it no longer waits "
                    + "for approval");
        }
        LocalDate today = LocalDate.now(clock);
        if (payBy == null) {
            throw new InvalidInput("payBy", "Give the day the reminders ask payment by");
        }
        if (!payBy.isAfter(today)) {
            throw new InvalidInput("payBy", "The reminders must give time to pay: " + payBy + " is not after today ("
                    + today + ")");
        }
        BigDecimal amount = fee == null ? BigDecimal.ZERO : Money.checked("reminderFee", fee, false);
        if (amount.signum() == 0) {
            return;
        }
        DunningLaw law = law();
        if (law.maxFee() != null && amount.compareTo(law.maxFee()) > 0) {
            throw new InvalidInput("reminderFee", "Refused by " + law.maxFeeRule() + ": " + amount.toPlainString()
                    + " is more than " + law.maxFee().toPlainString());
        }
        LocalDate earliest = law.earliestPayByWithFee(today);
        if (earliest != null && payBy.isBefore(earliest)) {
            throw new InvalidInput("payBy", "Refused by " + law.minPayDaysRule() + ": with a fee, pay by "
                    + earliest + " at the earliest, not " + payBy + "; or approve without a fee");
        }
        int[] count = {0};
        if (law.maxFeeLetters() != null) {
            rows.firstWithFeeLetters(roundId, law.maxFeeLetters(), count).ifPresent(first -> {
                throw new InvalidInput("reminderFee", "Refused by " + law.maxFeeLettersRule() + ": charge "
                        + first.number() + (count[0] > 1 ? " and " + (count[0] - 1) + " more" : "") + " had "
                        + first.feeLetters() + " letters with a fee; approve without a fee");
            });
        }
        if (law.minDaysBetween() != null) {
            rows.firstRemindedAfter(roundId, today.minusDays(law.minDaysBetween()), count).ifPresent(first -> {
                throw new InvalidInput("reminderFee", "Refused by " + law.minDaysBetweenRule() + ": charge "
                        + first.number() + (count[0] > 1 ? " and " + (count[0] - 1) + " more" : "")
                        + " had a reminder on " + first.lastRemindedOn() + ", "
                        + java.time.temporal.ChronoUnit.DAYS.between(first.lastRemindedOn(), today)
                        + " days ago; approve without a fee, or later");
            });
        }
    }

    /** A treasurer approved the round with a fee per letter (zero: none), a pay-by date and a message. */
    public ReminderRound approve(long roundId, BigDecimal fee, LocalDate payBy, String message) {
        ReminderRound round = lock(roundId);
        checkApproval(round.id(), fee, payBy);
        rows.decide(roundId, ReminderRound.State.APPROVED, fee == null ? BigDecimal.ZERO.setScale(2)
                        : Money.checked("reminderFee", fee, false), payBy,
                message == null || message.isBlank() ? null : message.trim(), CurrentUser.name(), Instant.now(clock));
        return round(roundId);
    }

    /** A treasurer skipped the round: nothing is sent, nothing added. */
    public ReminderRound skip(long roundId) {
        ReminderRound round = lock(roundId);
        if (round.state() != ReminderRound.State.WAITING) {
            throw new Conflict("state", "Reminder round " + roundId + " is " + round.state() + "; it no longer waits "
                    + "for approval");
        }
        rows.decide(roundId, ReminderRound.State.SKIPPED, null, null, null, CurrentUser.name(), Instant.now(clock));
        return round(roundId);
    }

    /**
     * Sends an approved round: each charge it collected is looked at again, locked, and reminded only when it still
     * owes, is not stopped and was not reminded meanwhile; the fee goes on only where the rules still allow it. What
     * was sent and what was left out (and why) is recorded per charge; mail queues the reminders and the ledger books
     * the fees, in this transaction. A round already sent sends nothing again.
     */
    public ReminderRound send(long roundId) {
        ReminderRound round = lock(roundId);
        if (round.state() == ReminderRound.State.SENT) {
            return round;
        }
        if (round.state() != ReminderRound.State.APPROVED) {
            throw new Conflict("state", "Reminder round " + roundId + " is " + round.state() + "; only an approved "
                    + "round is sent");
        }
        List<RoundRows.Row> selected = rows.charges(roundId, "SELECTED", Integer.MAX_VALUE, 0);
        Map<Long, ChargeReminders.ReminderState> now = reminders.lockedStates(
                selected.stream().map(RoundRows.Row::chargeId).toList());
        LocalDate today = LocalDate.now(clock);
        DunningLaw law = law();
        BigDecimal fee = round.fee() == null ? BigDecimal.ZERO : round.fee();
        List<ChargeReminders.ReminderOrder> orders = new ArrayList<>();
        List<RoundRows.Row> outcomes = new ArrayList<>(selected.size());
        Map<Long, String> noFee = new java.util.HashMap<>();
        for (RoundRows.Row row : selected) {
            ChargeReminders.ReminderState state = now.get(row.chargeId());
            String skipped = state == null ? "is no longer there"
                    : !state.owes() ? (state.status() == Charge.Status.PAID ? "paid" : "owes nothing now ("
                    + state.status() + ")") + " while the round waited" + (round.decidedAt() == null ? ""
                    : "; re-checked at sending")
                    : state.stopped() ? "reminders stopped: " + state.stoppedReason()
                    : state.reminderLevel() != row.level() - 1 ? "reminded meanwhile (now at level "
                    + state.reminderLevel() + ")" : null;
            if (skipped != null) {
                outcomes.add(outcome(row, "SKIPPED", skipped, null));
                continue;
            }
            BigDecimal charged = fee;
            if (fee.signum() > 0) {
                String why = law.noFeeBecause(state, today);
                if (why != null) {
                    charged = BigDecimal.ZERO;
                    noFee.put(row.chargeId(), "no fee: " + why);
                }
            }
            orders.add(new ChargeReminders.ReminderOrder(row.chargeId(), row.level(), charged));
        }
        List<ChargeReminders.Reminded> reminded = reminders.remind(roundId, round.runId(), today, round.payBy(),
                round.message(), orders);
        Map<Long, ChargeReminders.Reminded> byCharge = new java.util.HashMap<>();
        reminded.forEach(r -> byCharge.put(r.chargeId(), r));
        Set<Long> ordered = new HashSet<>();
        for (ChargeReminders.ReminderOrder order : orders) {
            ordered.add(order.chargeId());
        }
        for (RoundRows.Row row : selected) {
            if (!ordered.contains(row.chargeId())) {
                continue;
            }
            ChargeReminders.Reminded done = byCharge.get(row.chargeId());
            outcomes.add(done == null ? outcome(row, "SKIPPED", "changed while the round was sent", null)
                    : outcome(row, "SENT", noFee.get(row.chargeId()), done.fee()));
        }
        rows.recordSending(roundId, outcomes);
        rows.sent(roundId, Instant.now(clock), reminded.size(), selected.size() - reminded.size(),
                reminded.stream().map(ChargeReminders.Reminded::fee).reduce(BigDecimal.ZERO, BigDecimal::add));
        return round(roundId);
    }

    private static RoundRows.Row outcome(RoundRows.Row row, String outcome, String reason, BigDecimal fee) {
        return new RoundRows.Row(row.chargeId(), row.number(), row.memberNumber(), row.dueDate(), row.owed(),
                row.level(), row.lastRemindedOn(), row.feeLetters(), outcome, reason, fee);
    }

    /** The run's invoices still owed, stopped ones included. */
    @Transactional(readOnly = true)
    public int owedLeft(long runId) {
        return reminders.owedOfRun(runId).size();
    }

    /** After a run's last round: what is still owed, listed to be followed up by hand. Answers how many. */
    public int listForFollowUp(long runId) {
        List<RoundRows.FollowUp> left = reminders.owedOfRun(runId).stream()
                .map(charge -> new RoundRows.FollowUp(runId, charge.chargeId(), charge.number(), charge.memberNumber(),
                        charge.owed(), charge.reminderLevel(), null)).toList();
        rows.insertFollowUps(runId, left, Instant.now(clock));
        return left.size();
    }

    /** The next of the run's two reminder dates no round was held for yet (3: both were). */
    @Transactional(readOnly = true)
    public int nextScheduledRound(long runId) {
        return rows.lastScheduledRound(runId) + 1;
    }

    @Transactional(readOnly = true)
    public ReminderRound round(long id) {
        return rows.round(id).orElseThrow(() -> new NotFound("Reminder round", id));
    }

    /** Rounds, newest first, of one run or of all. */
    @Transactional(readOnly = true)
    public List<ReminderRound> rounds(Long runId, int limit) {
        return rows.rounds(runId, limit);
    }

    /** What the round did with its charges (SELECTED, SENT or SKIPPED, or all), with member names, a page at a time. */
    @Transactional(readOnly = true)
    public List<ReminderRound.Charge> charges(long roundId, String outcome, int page, int size) {
        round(roundId);
        if (outcome != null && !outcome.isBlank() && !List.of("SELECTED", "SENT", "SKIPPED").contains(outcome)) {
            throw new InvalidInput("outcome", "Choose SELECTED, SENT or SKIPPED, not '" + outcome + "'");
        }
        return rows.charges(roundId, outcome == null || outcome.isBlank() ? null : outcome, size, (long) page * size)
                .stream().map(row -> new ReminderRound.Charge(row.chargeId(), row.number(), row.memberNumber(),
                        row.dueDate(), row.owed(), row.level(), row.lastRemindedOn(), row.feeLetters(), row.outcome(),
                        row.reason(), row.fee())).toList();
    }

    /** The charges listed for follow-up by hand, of one run or of all. */
    @Transactional(readOnly = true)
    public List<RoundRows.FollowUp> followUps(Long runId, int limit) {
        return rows.followUps(runId, limit);
    }

    /** What the rounds did with one charge, newest first. */
    @Transactional(readOnly = true)
    public List<Object[]> historyOfCharge(long chargeId) {
        return rows.historyOfCharge(chargeId);
    }

    @Transactional(readOnly = true)
    public DunningSettings settings() {
        return settings.settings();
    }

    DunningSettings updateSettings(DunningSettingsStore.Change change) {
        return settings.update(change);
    }

    /** The rules reminder fees follow for this association now. */
    @Transactional(readOnly = true)
    DunningLaw law() {
        return DunningLaw.of(register.association(), settings.settings());
    }

    /** The pay-by date a round offers by default: today plus the settings' days to pay, and never less than a rule wants. */
    @Transactional(readOnly = true)
    public LocalDate defaultPayBy() {
        LocalDate today = LocalDate.now(clock);
        LocalDate payBy = today.plusDays(settings.settings().payDays());
        LocalDate earliest = law().earliestPayByWithFee(today);
        return earliest != null && earliest.isAfter(payBy) ? earliest : payBy;
    }

    private ReminderRound lock(long roundId) {
        return rows.lock(roundId).orElseThrow(() -> new NotFound("Reminder round", roundId));
    }
}
