package io.duesflow.cycle;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.banking.DanishBankCalendar;
import io.duesflow.banking.betalingsservice.BetalingsserviceProperties;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.Simulation;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * What the preview and approval forms show, as process variables: counts, totals per line, the flagged members (the
 * first few of each kind, and how many), links to the run's simulation PDF and its charges, and the approval's
 * editable fields filled with the run's values. Lists are JSON variables, which Camunda Forms' tables read.
 */
@Component
class ApprovalForm {

    private final BillingRuns runs;
    private final MemberRegister register;
    private final BetalingsserviceProperties betalingsservice;
    private final CycleProperties cycle;
    private final ObjectMapper json;
    private final io.duesflow.billing.OpenCharges openCharges;
    private final Clock clock;

    ApprovalForm(BillingRuns runs, MemberRegister register, BetalingsserviceProperties betalingsservice,
                 CycleProperties cycle, ObjectMapper json, io.duesflow.billing.OpenCharges openCharges, Clock clock) {
        this.openCharges = openCharges;
        this.runs = runs;
        this.register = register;
        this.betalingsservice = betalingsservice;
        this.cycle = cycle;
        this.json = json;
        this.clock = clock;
    }

    /** After generation: the run's figures, the flagged members, the editable fields and the deadline. */
    void fill(DelegateExecution execution, BillingRun generated) {
        BillingRuns.Summary summary = runs.summary(generated.id(), cycle.flagLimit());
        BillingRun run = summary.run();
        Association association = register.association();
        execution.setVariable("runName", run.name());
        execution.setVariable("runKind", run.kind().name());
        execution.setVariable("period", run.periodFrom() + " – " + run.periodTo());
        execution.setVariable("chargeCount", run.chargeCount());
        execution.setVariable("memberCount", run.memberCount());
        execution.setVariable("total", run.total().toPlainString() + " " + association.currency());
        execution.setVariable("lines", list(summary.lines().stream().map(line -> row("text", line.text(),
                "charges", line.charges(), "total", line.total().toPlainString())).toList()));
        execution.setVariable("skipped", list(flags(summary.skipped())));
        execution.setVariable("skippedCount", summary.skippedCount());
        execution.setVariable("invoicedInstead", list(flags(summary.invoicedInstead())));
        execution.setVariable("invoicedInsteadCount", summary.invoicedInsteadCount());
        execution.setVariable("noMailAddress", list(flags(summary.noMailAddress())));
        execution.setVariable("noMailAddressCount", summary.noMailAddressCount());
        execution.setVariable("simulationPdf", "/api/billing/runs/" + run.id() + "/simulation.pdf");
        execution.setVariable("chargesCsv", "/api/billing/runs/" + run.id() + "/charges.csv");
        LocalDate deadline = deadline(run, summary.betalingsservice(), summary.dueDates());
        execution.setVariable("deadline", deadline.toString());
        execution.setVariable(RunVariables.DEADLINE_AT, endOf(deadline));
        // The editable fields, as the run stands; the treasurer changes what needs changing.
        execution.setVariable("name", run.name());
        LocalDate dueDate = run.dueDate() != null ? run.dueDate() : summary.singleDueDate();
        execution.setVariable("dueDate", dueDate == null ? null : dueDate.toString());
        execution.setVariable("message", run.message());
        execution.setVariable("arrears", "LEAVE");
        // The run's mail switch, on; the charges their own lines hold back from mail are counted beside it.
        execution.setVariable("mailInvoices", true);
        execution.setVariable("notMailedCount", openCharges.notMailed(run.id()));
        execution.setVariable("feeAccount", association.feeAccount());
    }

    /** Before generation: what the run will bill, from its simulation. */
    void preview(DelegateExecution execution, long runId) {
        Simulation simulation = runs.simulation(runId);
        BillingRun run = runs.run(runId);
        execution.setVariable("runName", run.name());
        execution.setVariable("runKind", run.kind().name());
        execution.setVariable("period", simulation.periodFrom() + " – " + simulation.periodTo());
        execution.setVariable("chargeCount", simulation.chargeCount());
        execution.setVariable("memberCount", simulation.memberCount());
        execution.setVariable("total", simulation.total().toPlainString() + " " + simulation.currency());
        execution.setVariable("lines", list(simulation.lines().stream().map(line -> row("text", line.name(),
                "charges", line.members(), "total", line.total().toPlainString())).toList()));
        execution.setVariable("skippedCount", simulation.skipped().size());
        execution.setVariable("notMailedCount", simulation.notMailedCount());
        execution.setVariable("skipped", list(simulation.skipped().stream().limit(cycle.flagLimit()).map(s -> row(
                "member", s.memberNumber(), "name", s.name(), "line", s.lineName(), "reason", s.reason())).toList()));
        execution.setVariable("simulationPdf", "/api/billing/runs/" + runId + "/simulation.pdf");
    }

    /**
     * The last day to approve: the run's own deadline; else, when it holds Betalingsservice charges, the day the
     * delivery must reach Nets for its earliest due date (counted in Danish bank days from the payment date the
     * delivery carries, the due date on a bank day); else the last day of this month. Never before today.
     */
    LocalDate deadline(BillingRun run, boolean betalingsserviceCharges, List<LocalDate> dueDates) {
        LocalDate today = LocalDate.now(clock);
        LocalDate deadline;
        LocalDate earliest = !dueDates.isEmpty() ? dueDates.get(0)
                : run.dueDate() != null ? run.dueDate() : run.periodFrom();
        if (run.deadline() != null) {
            deadline = run.deadline();
        } else if (betalingsserviceCharges && earliest != null) {
            deadline = betalingsservice.deliveryDeadline(DanishBankCalendar.nextBankDayOnOrAfter(earliest));
        } else {
            deadline = today.with(TemporalAdjusters.lastDayOfMonth());
        }
        return deadline.isBefore(today) ? today : deadline;
    }

    /** The moment a day ends in the association's time zone, as the deadline timer wants it. */
    String endOf(LocalDate day) {
        ZoneId zone = clock.getZone();
        return day.plusDays(1).atStartOfDay(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private List<Map<String, Object>> flags(List<io.duesflow.billing.RunFlag> flags) {
        return flags.stream().map(f -> row("member", f.memberNumber(), "name", f.name(), "line", f.line(),
                "reason", f.reason())).toList();
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private org.camunda.bpm.engine.variable.value.TypedValue list(List<Map<String, Object>> rows) {
        try {
            return SpinValues.jsonValue(json.writeValueAsString(rows)).create();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
