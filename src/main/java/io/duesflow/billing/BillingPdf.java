package io.duesflow.billing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/** Lists a treasurer prints: the simulation of a run, and the debtor list. */
@Component
class BillingPdf {

    /** Very large lists print their first rows and say how many more the JSON or CSV has. */
    static final int MAX_ROWS = 2000;

    private final TemplateEngine templates;

    BillingPdf(TemplateEngine templates) {
        this.templates = templates;
    }

    byte[] simulation(Simulation simulation, String associationName) {
        Context context = new Context();
        context.setVariable("simulation", simulation);
        context.setVariable("associationName", associationName);
        List<Simulation.Charge> shown = simulation.charges().size() > MAX_ROWS
                ? simulation.charges().subList(0, MAX_ROWS) : simulation.charges();
        context.setVariable("charges", shown);
        context.setVariable("notShown", simulation.charges().size() - shown.size());
        return render("simulation/simulation", context);
    }

    /** @param filter what the list was filtered by, in words, or null */
    byte[] debtors(List<DebtorList.Debtor> debtors, String associationName, String currency, LocalDate on, String filter) {
        Context context = new Context();
        context.setVariable("associationName", associationName);
        context.setVariable("currency", currency);
        context.setVariable("on", on);
        context.setVariable("filter", filter);
        context.setVariable("debtors", debtors.size() > MAX_ROWS ? debtors.subList(0, MAX_ROWS) : debtors);
        context.setVariable("notShown", Math.max(0, debtors.size() - MAX_ROWS));
        context.setVariable("count", debtors.size());
        context.setVariable("owed", debtors.stream().map(DebtorList.Debtor::owed).reduce(BigDecimal.ZERO, BigDecimal::add));
        return render("debtors/debtors", context);
    }

    private byte[] render(String template, Context context) {
        String html = templates.process(template, context);
        try (ByteArrayOutputStream pdf = new ByteArrayOutputStream()) {
            new PdfRendererBuilder().useFastMode().withHtmlContent(html, null).toStream(pdf).run();
            return pdf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The PDF from " + template + " could not be rendered", e);
        }
    }
}
