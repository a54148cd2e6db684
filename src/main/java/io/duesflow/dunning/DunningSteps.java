package io.duesflow.dunning;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.members.MemberRegister;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * The steps of a run's {@code dunning} process, each a call into {@link ReminderRounds}: work out the reminder dates,
 * collect a round, record the treasurer's decision, send, count what is left, list it for follow-up by hand. The
 * approval form's figures and first rows are left as variables (lists as JSON, which Camunda Forms' tables read).
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("dunningSteps")
public class DunningSteps {

    private final ReminderRounds rounds;
    private final BillingRuns runs;
    private final MemberRegister register;
    private final DunningProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    DunningSteps(ReminderRounds rounds, BillingRuns runs, MemberRegister register, DunningProperties properties,
                 ObjectMapper json, Clock clock) {
        this.rounds = rounds;
        this.runs = runs;
        this.register = register;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The run's two reminder dates: those its approval set, else the settings' days after its due date and after the
     * first. An instance a treasurer started to send a reminder now leaves out reminder dates already past: the
     * reminder sent now stands for them.
     */
    public void plan(DelegateExecution execution) {
        long runId = DunningVariables.runId(execution);
        BillingRun run = runs.run(runId);
        DunningSettings settings = rounds.settings();
        LocalDate due = run.dueDate() != null ? run.dueDate() : run.periodFrom() != null ? run.periodFrom()
                : LocalDate.now(clock);
        LocalDate first = run.firstReminderOn() != null ? run.firstReminderOn() : due.plusDays(settings.firstReminderDays());
        LocalDate second = run.secondReminderOn() != null ? run.secondReminderOn()
                : first.plusDays(settings.secondReminderDays());
        if (!second.isAfter(first)) {
            second = first.plusDays(settings.secondReminderDays());
        }
        execution.setVariable("runName", run.name());
        execution.setVariable("firstReminderOn", first.toString());
        execution.setVariable("secondReminderOn", second.toString());
        int next = rounds.nextScheduledRound(runId);
        next(execution, DunningVariables.sendNow(execution) ? notYetPast(execution, next) : next);
    }

    /** A round is collected: the run's unpaid charges, the ones left out and why, and the approval form's fields. */
    public void select(DelegateExecution execution) {
        long runId = DunningVariables.runId(execution);
        boolean now = DunningVariables.sendNow(execution);
        int scheduled = ((Number) execution.getVariable(DunningVariables.NEXT_ROUND)).intValue();
        ReminderRound round = rounds.select(runId, now ? ReminderRound.Kind.NOW : ReminderRound.Kind.SCHEDULED,
                now ? null : scheduled, now ? DunningVariables.text(execution, DunningVariables.REQUESTED_BY) : null);
        String currency = register.association().currency();
        execution.setVariable(DunningVariables.ROUND_ID, round.id());
        execution.setVariable("roundKind", round.kind().name());
        execution.setVariable("reminderCount", round.reminders());
        execution.setVariable("reminderMembers", round.members());
        execution.setVariable("reminderOwedAmount", round.owed().toPlainString());
        execution.setVariable("reminderOwed", round.owed().toPlainString() + " " + currency);
        execution.setVariable("skippedCount", round.skipped());
        execution.setVariable("nothingOwed", round.reminders() == 0 && round.skipped() == 0);
        List<ReminderRound.Charge> selected = rounds.charges(round.id(), "SELECTED", 0, properties.listLimit());
        List<ReminderRound.Charge> skipped = rounds.charges(round.id(), "SKIPPED", 0, properties.listLimit());
        Map<Long, String> names = register.names(java.util.stream.Stream.concat(selected.stream(), skipped.stream())
                .map(ReminderRound.Charge::memberNumber).distinct().toList());
        int level = selected.stream().mapToInt(ReminderRound.Charge::level).max().orElse(now ? 1 : scheduled);
        execution.setVariable("roundLevel", level);
        execution.setVariable("roundTitle", now ? "reminder sent now" : scheduled == 1 ? "first reminder date"
                : "second reminder date");
        execution.setVariable("reminders", list(selected.stream().map(c -> row("member", c.memberNumber(),
                "name", names.get(c.memberNumber()), "charge", c.number(), "dueDate", c.dueDate().toString(),
                "owed", c.owed().toPlainString(), "reminder", c.level() == 1 ? "first" : "second",
                "lastReminder", c.lastRemindedOn() == null ? "" : c.lastRemindedOn().toString())).toList()));
        execution.setVariable("skipped", list(skipped.stream().map(c -> row("member", c.memberNumber(),
                "name", names.get(c.memberNumber()), "charge", c.number(), "reason", c.reason())).toList()));
        LocalDate approveBy = LocalDate.now(clock).plusDays(rounds.settings().approvalDays());
        execution.setVariable(DunningVariables.APPROVE_BY, approveBy.toString());
        execution.setVariable("approveByAt", approveBy.plusDays(1).atStartOfDay(clock.getZone()).toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        execution.setVariable("tasklistLink", properties.tasklist());
        execution.setVariable("remindersCsv", "/api/dunning/rounds/" + round.id() + "/charges.csv");
        DunningLaw law = rounds.law();
        execution.setVariable("feeRules", rules(law, currency));
        // The editable fields: no fee unless the treasurer types one (duesflow charges no collection costs by itself).
        execution.setVariable(DunningVariables.FEE, "");
        execution.setVariable(DunningVariables.PAY_BY, rounds.defaultPayBy().toString());
        execution.setVariable(DunningVariables.MESSAGE, "");
        // A round before this one left its decision; this round's is the treasurer's own.
        execution.setVariable(DunningVariables.DECISION, null);
    }

    /** In the completion's transaction: the treasurer's fee, pay-by date and message, recorded with who and when. */
    public void approve(DelegateExecution execution) {
        rounds.approve(DunningVariables.roundId(execution), DunningVariables.amount(execution, DunningVariables.FEE),
                DunningVariables.date(execution, DunningVariables.PAY_BY),
                DunningVariables.text(execution, DunningVariables.MESSAGE));
    }

    public void skip(DelegateExecution execution) {
        rounds.skip(DunningVariables.roundId(execution));
    }

    /** The reminders and fees go onto their charges and into the mail queue: once, whatever retries the step. */
    public void send(DelegateExecution execution) {
        ReminderRound sent = rounds.send(DunningVariables.roundId(execution));
        execution.setVariable("remindersSent", sent.sent());
        execution.setVariable("remindersSkippedAtSending", sent.skippedAtSending());
        execution.setVariable("reminderFeesTotal", sent.feesTotal() == null ? "0.00" : sent.feesTotal().toPlainString());
    }

    /**
     * After a round: the next reminder date and what is owed. A round for a reminder date moves on to the next one; a
     * reminder sent now keeps the dates still ahead, but stands for a date that passed while it waited for approval,
     * whose timer would otherwise fire at once and ask for a second round straight after this one.
     */
    public void afterRound(DelegateExecution execution) {
        long runId = DunningVariables.runId(execution);
        int next = ((Number) execution.getVariable(DunningVariables.NEXT_ROUND)).intValue();
        next = DunningVariables.sendNow(execution) ? notYetPast(execution, next) : next + 1;
        execution.setVariable(DunningVariables.SEND_NOW, false);
        int owedLeft = rounds.owedLeft(runId);
        execution.setVariable("owedLeft", owedLeft);
        next(execution, next);
        execution.setVariable("moreRounds", next <= 2 && owedLeft > 0);
    }

    /** After the last round: the charges still owed are listed to be followed up by hand. */
    public void followUp(DelegateExecution execution) {
        execution.setVariable("followUpCount", rounds.listForFollowUp(DunningVariables.runId(execution)));
    }

    private void next(DelegateExecution execution, int next) {
        execution.setVariable(DunningVariables.NEXT_ROUND, next);
        execution.setVariable("nextReminderOn", next <= 2 ? dateOf(execution, next).toString() : null);
        // The timer needs a moment even when no reminder date is left; the gateway after the round never waits then.
        LocalDate day = next <= 2 ? dateOf(execution, next) : LocalDate.now(clock);
        execution.setVariable(DunningVariables.REMINDER_AT, day.atTime(properties.at()).atZone(clock.getZone())
                .toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** The first of the reminder dates from {@code next} on that is still ahead (3: none is). */
    private int notYetPast(DelegateExecution execution, int next) {
        LocalDate today = LocalDate.now(clock);
        while (next <= 2 && !dateOf(execution, next).isAfter(today)) {
            next++;
        }
        return next;
    }

    private static LocalDate dateOf(DelegateExecution execution, int round) {
        return LocalDate.parse(execution.getVariable(round == 1 ? "firstReminderOn" : "secondReminderOn").toString());
    }

    private static String rules(DunningLaw law, String currency) {
        StringBuilder text = new StringBuilder("Fees follow " + law.name() + ":");
        if (law.maxFee() != null) {
            text.append(" at most ").append(law.maxFee().toPlainString()).append(' ').append(currency)
                    .append(" per letter;");
        }
        if (law.maxFeeLetters() != null) {
            text.append(" on at most ").append(law.maxFeeLetters()).append(" letters for one debt;");
        }
        if (law.minDaysBetween() != null) {
            text.append(" only ").append(law.minDaysBetween()).append(" days or more after the letter before;");
        }
        if (law.minPayDaysWithFee() != null) {
            text.append(" with a fee, at least ").append(law.minPayDaysWithFee())
                    .append(" days to pay, counted from the day after the letter;");
        }
        if (text.charAt(text.length() - 1) == ':') {
            text.append(" no limits are set.");
        } else {
            text.setCharAt(text.length() - 1, '.');
        }
        return text.toString();
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private TypedValue list(List<Map<String, Object>> rows) {
        try {
            return SpinValues.jsonValue(json.writeValueAsString(rows)).create();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
