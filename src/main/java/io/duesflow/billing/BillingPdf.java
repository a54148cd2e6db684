package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.platform.ReportPdf;
import org.springframework.stereotype.Component;

/** Lists a treasurer prints: the simulation of a run, and the debtor list. */
@Component
class BillingPdf {

    static final int MAX_ROWS = ReportPdf.MAX_ROWS;

    private final ReportPdf pdf;

    BillingPdf(ReportPdf pdf) {
        this.pdf = pdf;
    }

    byte[] simulation(Simulation simulation, String associationName) {
        Map<String, Object> context = new HashMap<>();
        context.put("simulation", simulation);
        context.put("associationName", associationName);
        List<Simulation.Charge> shown = simulation.charges().size() > MAX_ROWS
                ? simulation.charges().subList(0, MAX_ROWS) : simulation.charges();
        context.put("charges", shown);
        context.put("notShown", simulation.chargeCount() - shown.size());
        return pdf.render("simulation/simulation", context);
    }

    /** @param filter what the list was filtered by, in words, or null */
    byte[] debtors(List<DebtorList.Debtor> debtors, String associationName, String currency, LocalDate on, String filter) {
        Map<String, Object> context = new HashMap<>();
        context.put("associationName", associationName);
        context.put("currency", currency);
        context.put("on", on);
        context.put("filter", filter);
        context.put("debtors", debtors.size() > MAX_ROWS ? debtors.subList(0, MAX_ROWS) : debtors);
        context.put("notShown", Math.max(0, debtors.size() - MAX_ROWS));
        context.put("count", debtors.size());
        context.put("owed", debtors.stream().map(DebtorList.Debtor::owed).reduce(BigDecimal.ZERO, BigDecimal::add));
        return pdf.render("debtors/debtors", context);
    }
}
