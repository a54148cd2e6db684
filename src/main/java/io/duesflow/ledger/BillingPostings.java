package io.duesflow.ledger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeCancelled;
import io.duesflow.billing.ChargeCredited;
import io.duesflow.billing.ChargeLine;
import io.duesflow.billing.ChargePostings;
import io.duesflow.billing.Charges;
import io.duesflow.billing.RunApproved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Books what billing announces, inside the transaction that announces it (plain, synchronous listeners, as the mail
 * room queues its mail): the approval and its voucher commit together or not at all, so the ledger never lags behind
 * or runs ahead of the charges, and a refused posting (an account missing from the chart) refuses the change with
 * the reason. A voucher is keyed by what caused it (the run, the credit note, the cancelled charge): hearing the same
 * event again books nothing.
 *
 * <ul>
 *   <li>A run approved: per charge, dues owed debited with what it bills, each income account (line, group, template
 *   or the run's account; fees to theirs) credited with its lines; an arrears line books no income, it moves the
 *   older charge's receivable onto the new charge.</li>
 *   <li>A credit note: its lines back out of their accounts, dues owed credited; an arrears line given back moves that
 *   receivable back to the older charge.</li>
 *   <li>A cancellation: what is left of the charge (its lines less earlier credit notes) reversed, and the arrears it
 *   carried owed on their own charges again.</li>
 * </ul>
 */
@Component
class BillingPostings {

    private final Journal journal;
    private final ChartOfAccounts chart;
    private final Charges charges;
    private final BillingRuns runs;
    private final Clock clock;

    BillingPostings(Journal journal, ChartOfAccounts chart, Charges charges, BillingRuns runs, Clock clock) {
        this.journal = journal;
        this.chart = chart;
        this.charges = charges;
        this.runs = runs;
        this.clock = clock;
    }

    @EventListener
    void on(RunApproved approved) {
        BillingRun run = runs.run(approved.runId());
        String duesOwed = chart.duesOwed();
        journal.book(Journal.Source.RUN_APPROVED, String.valueOf(approved.runId()), today(),
                run.name() + " (run " + approved.runId() + "): " + approved.chargeCount() + " invoices approved",
                lines -> charges.postingsOfRun(approved.runId(),
                        slice -> slice.forEach(charge -> invoice(charge, duesOwed, lines))));
    }

    private static void invoice(ChargePostings charge, String duesOwed, Journal.Lines lines) {
        String text = "Invoice " + charge.number() + ", member " + charge.memberNumber();
        BigDecimal billed = BigDecimal.ZERO;
        for (ChargePostings.Line line : charge.lines()) {
            if (line.kind() == ChargeLine.Kind.LINE || line.kind() == ChargeLine.Kind.FEE) {
                billed = billed.add(line.amount());
            }
        }
        lines.add(duesOwed, billed, text, charge.memberNumber(), charge.chargeId());
        for (ChargePostings.Line line : charge.lines()) {
            switch (line.kind()) {
                case LINE, FEE -> lines.add(line.ledgerAccount(), line.amount().negate(), text, charge.memberNumber(),
                        charge.chargeId());
                case ARREARS -> {
                    String moved = "Arrears of " + line.carriedChargeNumber() + " carried into " + charge.number()
                            + ", member " + charge.memberNumber();
                    lines.add(duesOwed, line.amount(), moved, charge.memberNumber(), charge.chargeId());
                    lines.add(duesOwed, line.amount().negate(), moved, charge.memberNumber(), line.carriedChargeId());
                }
                case CREDIT -> throw new IllegalStateException("Invoice " + charge.number() + " has a credit line");
            }
        }
    }

    @EventListener
    void on(ChargeCredited credited) {
        ChargePostings note = charges.postingsOfCreditNote(credited.creditNoteId());
        String duesOwed = chart.duesOwed();
        String text = "Credit note " + note.number() + " for " + note.creditsNumber() + ", member " + note.memberNumber();
        journal.book(Journal.Source.CREDIT_NOTE, String.valueOf(credited.creditNoteId()), today(), text, lines -> {
            BigDecimal credit = BigDecimal.ZERO;
            for (ChargePostings.Line line : note.lines()) {
                BigDecimal amount = line.amount().negate();
                if (line.carriedChargeId() != null) {
                    lines.add(duesOwed, amount, "Arrears of " + line.carriedChargeNumber() + " given back by credit note "
                            + note.number(), note.memberNumber(), line.carriedChargeId());
                } else {
                    lines.add(line.ledgerAccount(), amount, text, note.memberNumber(), note.creditsChargeId());
                }
                credit = credit.add(amount);
            }
            lines.add(duesOwed, credit.negate(), text, note.memberNumber(), note.creditsChargeId());
        });
    }

    @EventListener
    void on(ChargeCancelled cancelled) {
        ChargePostings left = charges.postingsLeftOn(cancelled.chargeId());
        String duesOwed = chart.duesOwed();
        String text = "Invoice " + left.number() + " cancelled, member " + left.memberNumber();
        journal.book(Journal.Source.CHARGE_CANCELLED, String.valueOf(cancelled.chargeId()), today(), text, lines -> {
            BigDecimal reversed = BigDecimal.ZERO;
            for (ChargePostings.Line line : left.lines()) {
                if (line.kind() == ChargeLine.Kind.ARREARS) {
                    lines.add(duesOwed, line.amount(), "Arrears of " + line.carriedChargeNumber() + " given back: "
                            + left.number() + " cancelled", left.memberNumber(), line.carriedChargeId());
                } else {
                    lines.add(line.ledgerAccount(), line.amount(), text, left.memberNumber(), left.chargeId());
                }
                reversed = reversed.add(line.amount());
            }
            lines.add(duesOwed, reversed.negate(), text, left.memberNumber(), left.chargeId());
        });
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
