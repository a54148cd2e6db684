package io.duesflow.cycle;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Creates the run a Tasklist start form describes (immediate billing: immediate lines or a charge template, to all
 * members, a group or one member; new-member billing: lines, cut-off, discount), so the run's own process takes it
 * from there. The form's fields are the variables read here.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("startForms")
public class StartForms {

    private final BillingRuns runs;

    StartForms(BillingRuns runs) {
        this.runs = runs;
    }

    public void createImmediate(DelegateExecution execution) {
        String who = text(execution, "who");
        LocalDate due = date(execution, "dueDate");
        Long template = number(execution, "templateId");
        BillingRuns.NewRun spec;
        if (template != null || "MEMBER".equals(who) || "GROUP".equals(who)) {
            Long member = "MEMBER".equals(who) ? number(execution, "memberNumber") : null;
            String group = "GROUP".equals(who) ? text(execution, "group") : null;
            if (template == null) {
                throw new InvalidInput("templateId", "A charge to one member or a group takes its lines from a charge "
                        + "template; choose one");
            }
            spec = new BillingRuns.NewRun(BillingRun.Kind.TEMPLATE, text(execution, "name"), null, null, null, due, null,
                    null, null, template, List.of(), member, group, text(execution, "message"));
        } else {
            spec = new BillingRuns.NewRun(BillingRun.Kind.IMMEDIATE, text(execution, "name"), null, null,
                    ids(execution, "lineIds"), due, null, null, null, null, null, null, null, null);
        }
        execution.setVariable(RunVariables.RUN_ID, runs.create(spec).id());
    }

    public void createNewMembers(DelegateExecution execution) {
        String discount = text(execution, "discountPercent");
        BillingRuns.NewRun spec = new BillingRuns.NewRun(BillingRun.Kind.NEW_MEMBERS, text(execution, "name"), null, null,
                ids(execution, "lineIds"), date(execution, "dueDate"), null, date(execution, "cutOff"),
                discount == null ? null : new BigDecimal(discount.replace(',', '.')), null, null, null, null, null);
        execution.setVariable(RunVariables.RUN_ID, runs.create(spec).id());
    }

    private static String text(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    private static LocalDate date(DelegateExecution execution, String name) {
        return RunProcesses.date(execution.getVariable(name));
    }

    private static Long number(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        String text = text(execution, name);
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, "'" + text + "' is not a number");
        }
    }

    /** A multi-select sends a list; a text field "7, 9". */
    private static List<Long> ids(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        List<Long> ids = new ArrayList<>();
        if (value instanceof Iterable<?> values) {
            values.forEach(v -> ids.add(Long.valueOf(v.toString().trim())));
        } else if (value instanceof org.camunda.spin.json.SpinJsonNode node) {
            node.elements().forEach(v -> ids.add(v.isNumber() ? v.numberValue().longValue() : Long.valueOf(v.stringValue())));
        } else if (value != null && !value.toString().isBlank()) {
            for (String part : value.toString().replace("[", "").replace("]", "").split(",")) {
                if (!part.isBlank()) {
                    ids.add(Long.valueOf(part.trim().replace("\"", "")));
                }
            }
        }
        return ids;
    }
}
