package io.duesflow.cycle;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.duesflow.billing.BillingRules;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.Simulation;
import io.duesflow.billing.SimulationRequest;
import io.duesflow.mail.AssociationMail;
import io.duesflow.mail.AssociationNotice;
import io.duesflow.mail.DocumentKind;
import io.duesflow.members.MemberRegister;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The monthly cycle's steps: which month it bills (the next one), the draft mailed to the association with its
 * simulation PDF, and next month's run created on the generation day. One instance per month: business key
 * {@code cycle-2027-02} for the charges due in February 2027.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("cycleSteps")
public class CycleSteps {

    private final BillingRuns runs;
    private final BillingRules rules;
    private final AssociationMail associationMail;
    private final MemberRegister register;
    private final HistoryService history;
    private final CycleProperties cycle;
    private final Clock clock;

    CycleSteps(BillingRuns runs, BillingRules rules, AssociationMail associationMail, MemberRegister register,
               HistoryService history, CycleProperties cycle, Clock clock) {
        this.runs = runs;
        this.rules = rules;
        this.associationMail = associationMail;
        this.register = register;
        this.history = history;
        this.cycle = cycle;
        this.clock = clock;
    }

    /** A start variable: generate next month's run at once instead of on the generation day. */
    static final String GENERATE_NOW = "generateNow";

    static String businessKey(YearMonth month) {
        return "cycle-" + month;
    }

    /** The month the cycle bills, its instance's business key, and whether another instance bills it already. */
    public void nextMonth(DelegateExecution execution) {
        LocalDate today = LocalDate.now(clock);
        YearMonth month = YearMonth.from(today).plusMonths(1);
        String key = businessKey(month);
        boolean underWay = history.createHistoricProcessInstanceQuery().processDefinitionKey("billing-cycle")
                .processInstanceBusinessKey(key).list().stream()
                .anyMatch(other -> !other.getId().equals(execution.getProcessInstanceId()));
        execution.setProcessBusinessKey(key);
        execution.setVariable("month", month.toString());
        execution.setVariable("from", month.atDay(1).toString());
        execution.setVariable("to", month.atEndOfMonth().toString());
        execution.setVariable("alreadyUnderWay", underWay);
        LocalDate generation = YearMonth.from(today).atDay(cycle.generateDay());
        // The example data's first look generates at once rather than on the generation day.
        boolean generateNow = Boolean.TRUE.equals(execution.getVariable(GENERATE_NOW));
        execution.setVariable("generateAt", generateNow
                ? clock.instant().atZone(clock.getZone()).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                : at(generation.isBefore(today) ? today : generation));
    }

    /**
     * The draft of next month's scheduled charges, with the simulation PDF, to the association; a month with nothing
     * due ends here.
     */
    public void mailDraft(DelegateExecution execution) {
        YearMonth month = YearMonth.parse((String) execution.getVariable("month"));
        Simulation draft = rules.simulate(new SimulationRequest(month.atDay(1), month.atEndOfMonth(), null, null, null));
        execution.setVariable("nothingDue", draft.chargeCount() == 0);
        execution.setVariable("draftCharges", draft.chargeCount());
        execution.setVariable("draftTotal", draft.total().toPlainString());
        if (draft.chargeCount() == 0) {
            return;
        }
        LocalDate lastDay = LocalDate.now(clock).withDayOfMonth(LocalDate.now(clock).lengthOfMonth());
        boolean told = associationMail.send(DocumentKind.DRAFT_RUN_NOTICE, new AssociationNotice(
                        register.association().name(), associationMail.language(), "Dues " + month, null,
                        draft.chargeCount(), draft.memberCount(), draft.total(), draft.currency(), lastDay, 0,
                        cycle.tasklist()), "draft-" + month + "@duesflow",
                List.of(new AssociationMail.Attachment("draft-" + month + ".pdf", "application/pdf",
                        rules.simulationPdf(draft))));
        execution.setVariable("associationTold", told);
    }

    /** Next month's scheduled run, to be generated at once; its deadline comes when it is generated. */
    public void createRun(DelegateExecution execution) {
        YearMonth month = YearMonth.parse((String) execution.getVariable("month"));
        BillingRun run = runs.createScheduled("Dues " + month, month.atDay(1), month.atEndOfMonth(), null);
        execution.setVariable(RunVariables.RUN_ID, run.id());
    }

    private String at(LocalDate day) {
        ZoneId zone = clock.getZone();
        return day.atTime(cycle.at()).atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
