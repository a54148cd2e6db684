package io.duesflow.mail;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.billing.OpenCharges;
import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.spin.plugin.variable.SpinValues;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code send-open-invoices} ("Send open invoices by hand"): the treasurer's filter from the start form
 * shows the open invoices it selects (counts and the first of them, never the whole list as variables), and the
 * choice in the task sends them through the outbox: all not mailed yet, chosen numbers, or chosen numbers again.
 */
// Public: the BPMN's expressions call its methods, and the expression language reaches only public classes.
@Component("openInvoiceSteps")
public class OpenInvoiceSteps {

    static final int SHOWN = 50;

    private final OpenInvoices invoices;
    private final ObjectMapper json;

    OpenInvoiceSteps(OpenInvoices invoices, ObjectMapper json) {
        this.invoices = invoices;
        this.json = json;
    }

    /** After the start form: what the filter selects, for the task's form. */
    public void find(DelegateExecution execution) {
        List<OpenInvoices.OpenInvoice> found = invoices.list(filter(execution, null), mailed(execution));
        long mailed = found.stream().filter(OpenInvoices.OpenInvoice::mailed).count();
        execution.setVariable("openCount", found.size());
        execution.setVariable("mailedCount", (int) mailed);
        execution.setVariable("notMailedCount", found.size() - (int) mailed);
        List<Map<String, Object>> rows = found.stream().limit(SHOWN).map(invoice -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", invoice.number());
            row.put("member", invoice.memberNumber());
            row.put("name", invoice.name());
            row.put("due", invoice.dueDate().toString());
            row.put("owed", invoice.owed().toPlainString());
            row.put("mail", invoice.mail().name() + (invoice.resends() > 0 ? " (+" + invoice.resends() + " again)" : ""));
            return row;
        }).toList();
        try {
            execution.setVariable("invoices", SpinValues.jsonValue(json.writeValueAsString(rows)).create());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** After the task: sends what the treasurer chose; a refusal leaves the task open with the reason. */
    public void send(DelegateExecution execution) {
        String action = text(execution, "action");
        List<String> numbers = numbers(text(execution, "numbers"));
        switch (action == null ? "" : action) {
            case "sendAll" -> record(execution, invoices.sendNow(filter(execution, null), mailed(execution)));
            case "sendNumbers" -> record(execution, invoices.sendNow(filter(execution, required(numbers)), null));
            case "sendAgain" -> {
                int resent = 0;
                for (String number : required(numbers)) {
                    invoices.sendAgain(number);
                    resent++;
                }
                execution.setVariable("mailsResent", resent);
            }
            case "nothing" -> execution.setVariable("mailsQueued", 0);
            default -> throw new InvalidInput("action", "Choose what to send: all not mailed yet, these numbers, "
                    + "these numbers again, or nothing");
        }
    }

    private static void record(DelegateExecution execution, OpenInvoices.Sending sending) {
        execution.setVariable("mailsQueued", sending.queued());
        execution.setVariable("mailsAlreadySent", sending.alreadySent());
        execution.setVariable("mailsAlreadyQueued", sending.alreadyQueued());
    }

    private static List<String> required(List<String> numbers) {
        if (numbers.isEmpty()) {
            throw new InvalidInput("numbers", "Give the invoice numbers, e.g. 2027-00042, 2027-00043");
        }
        return numbers;
    }

    private static OpenCharges.Filter filter(DelegateExecution execution, List<String> numbers) {
        String run = text(execution, "run");
        Long runId;
        try {
            runId = run == null ? null : Long.valueOf(run);
        } catch (NumberFormatException e) {
            throw new InvalidInput("run", "'" + run + "' is not a run's number");
        }
        String dueBefore = text(execution, "dueBefore");
        LocalDate before;
        try {
            before = dueBefore == null ? null : LocalDate.parse(dueBefore.length() > 10 ? dueBefore.substring(0, 10)
                    : dueBefore);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("dueBefore", "'" + dueBefore + "' is not a day, such as 2027-01-31");
        }
        return new OpenCharges.Filter(runId, text(execution, "group"), text(execution, "method"), before, numbers);
    }

    /** "any", or mailed ("true") or not ("false"). */
    private static Boolean mailed(DelegateExecution execution) {
        String mailed = text(execution, "mailed");
        return mailed == null || mailed.equals("any") ? null : Boolean.valueOf(mailed);
    }

    private static List<String> numbers(String text) {
        if (text == null) {
            return List.of();
        }
        return new ArrayList<>(Arrays.stream(text.split("[,;\\s]+")).filter(n -> !n.isBlank()).toList());
    }

    private static String text(DelegateExecution execution, String name) {
        Object value = execution.getVariable(name);
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
