package io.duesflow.billing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The simulation as a PDF a treasurer can print: totals per line, then every charge. Very large runs list the
 * first {@value #MAX_CHARGES} charges and say how many more the JSON has.
 */
@Component
class SimulationPdf {

    static final int MAX_CHARGES = 2000;

    private final TemplateEngine templates;

    SimulationPdf(TemplateEngine templates) {
        this.templates = templates;
    }

    byte[] render(Simulation simulation, String associationName) {
        Context context = new Context();
        context.setVariable("simulation", simulation);
        context.setVariable("associationName", associationName);
        List<Simulation.Charge> shown = simulation.charges().size() > MAX_CHARGES
                ? simulation.charges().subList(0, MAX_CHARGES) : simulation.charges();
        context.setVariable("charges", shown);
        context.setVariable("notShown", simulation.charges().size() - shown.size());
        String html = templates.process("simulation/simulation", context);
        try (ByteArrayOutputStream pdf = new ByteArrayOutputStream()) {
            new PdfRendererBuilder().useFastMode().withHtmlContent(html, null).toStream(pdf).run();
            return pdf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The simulation PDF could not be rendered", e);
        }
    }
}
