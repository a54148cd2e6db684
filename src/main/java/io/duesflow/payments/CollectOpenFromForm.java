package io.duesflow.payments;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The {@code collect-open-charges} process's one step: the treasurer's start form ({@code collectionDate},
 * {@code dueBefore}, {@code runIds} "4, 7") as one collection of everything open, recorded as the treasurer who
 * started it. Nothing to collect refuses the form with the reason.
 */
@Component("collectOpenFromForm")
class CollectOpenFromForm implements JavaDelegate {

    private final OpenCollections collections;

    CollectOpenFromForm(OpenCollections collections) {
        this.collections = collections;
    }

    @Override
    public void execute(DelegateExecution execution) {
        OpenCollections.Request request = new OpenCollections.Request(day(execution, "collectionDate"),
                day(execution, "dueBefore"), runs(text(execution.getVariable("runIds"))));
        OpenCollections.Collection collection = CurrentUser.as(text(execution.getVariable("startedBy")),
                () -> collections.collect(request));
        execution.setVariable("openCollectionId", collection.id());
        execution.setVariable("collected", collection.charges());
        execution.setVariable("controlSum", collection.controlSum().toPlainString());
        execution.setVariable("leftOut", collection.leftOut().size());
        execution.setVariable("files", String.join(", ", collection.files().stream()
                .map(DirectDebitCollections.BankFile::fileName).toList()));
    }

    private static List<Long> runs(String text) {
        List<Long> runs = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[,;\\s]+")) {
                if (!part.isBlank()) {
                    try {
                        runs.add(Long.valueOf(part));
                    } catch (NumberFormatException e) {
                        throw new InvalidInput("runIds", "'" + part + "' is not a run's number");
                    }
                }
            }
        }
        return runs;
    }

    private static LocalDate day(DelegateExecution execution, String name) {
        String text = text(execution.getVariable(name));
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name, "'" + text + "' is not a day, such as 2027-01-31");
        }
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }
}
