package io.duesflow.cycle;

import java.util.ArrayList;
import java.util.List;

import io.duesflow.billing.BulkInvoices;
import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Creates the run Tasklist's "Bill members like an existing invoice" form describes: the model invoice's number, whom
 * ({@code who}: GROUP with {@code group}, MEMBERS with {@code memberNumbers} "12, 15", CRITERIA with
 * {@code criteria}), the due date and a message; the run's own process takes it from there.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("bulkInvoiceForm")
public class BulkInvoiceForm {

    private final BulkInvoices bulk;

    BulkInvoiceForm(BulkInvoices bulk) {
        this.bulk = bulk;
    }

    public void create(DelegateExecution execution) {
        String who = text(execution, "who");
        BulkInvoices.Copy copy = new BulkInvoices.Copy(text(execution, "name"),
                "GROUP".equals(who) ? text(execution, "group") : null,
                "MEMBERS".equals(who) ? members(text(execution, "memberNumbers")) : null,
                "CRITERIA".equals(who) ? text(execution, "criteria") : null,
                RunProcesses.date(execution.getVariable("dueDate")), text(execution, "message"), null);
        execution.setVariable(RunVariables.RUN_ID, bulk.create(text(execution, "chargeNumber"), copy).id());
    }

    private static List<Long> members(String text) {
        List<Long> numbers = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[,;\\s]+")) {
                if (!part.isBlank()) {
                    try {
                        numbers.add(Long.valueOf(part.trim()));
                    } catch (NumberFormatException e) {
                        throw new InvalidInput("memberNumbers", "'" + part + "' is not a member number");
                    }
                }
            }
        }
        return numbers;
    }

    private static String text(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
