package io.duesflow.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The lists a treasurer prints (a simulation, the debtor list, a trial balance): a Thymeleaf template under
 * {@code templates/} sharing {@code report/style}, rendered to PDF with the viewer's built-in fonts.
 */
@Component
public class ReportPdf {

    /** Very large lists print their first rows and say how many more the JSON or CSV has. */
    public static final int MAX_ROWS = 2000;

    private final TemplateEngine templates;

    ReportPdf(TemplateEngine templates) {
        this.templates = templates;
    }

    public byte[] render(String template, Map<String, Object> variables) {
        String html = templates.process(template, new Context(Locale.getDefault(), variables));
        try (ByteArrayOutputStream pdf = new ByteArrayOutputStream()) {
            new PdfRendererBuilder().useFastMode().withHtmlContent(html, null).toStream(pdf).run();
            return pdf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The PDF from " + template + " could not be rendered", e);
        }
    }
}
