package io.duesflow.ledger;

import java.time.Clock;
import java.time.LocalDate;

import io.duesflow.billing.ChargeReminders;
import io.duesflow.billing.ReminderFeesAdded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Books the fees a reminder round added, inside the transaction that added them (as {@link BillingPostings} books
 * billing's other steps): per reminded charge, dues owed debited and the fee account its FEE line names credited.
 * One voucher per round, keyed by the round: a round's sending retried books nothing twice.
 */
@Component
class ReminderFeePostings {

    private final Journal journal;
    private final ChartOfAccounts chart;
    private final ChargeReminders reminders;
    private final Clock clock;

    ReminderFeePostings(Journal journal, ChartOfAccounts chart, ChargeReminders reminders, Clock clock) {
        this.journal = journal;
        this.chart = chart;
        this.reminders = reminders;
        this.clock = clock;
    }

    @EventListener
    void on(ReminderFeesAdded added) {
        String duesOwed = chart.duesOwed();
        journal.book(Journal.Source.REMINDER_FEE, String.valueOf(added.roundId()), LocalDate.now(clock),
                "Reminder fees of reminder round " + added.roundId() + ": " + added.charges() + " charges",
                lines -> reminders.feesOfRound(added.roundId()).forEach(fee -> {
                    String text = "Reminder fee on " + fee.number() + ", member " + fee.memberNumber();
                    lines.add(duesOwed, fee.fee(), text, fee.memberNumber(), fee.chargeId());
                    lines.add(fee.ledgerAccount(), fee.fee().negate(), text, fee.memberNumber(), fee.chargeId());
                }));
    }
}
