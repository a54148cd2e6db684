package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.thymeleaf.TemplateEngine;

/**
 * The renderer in a Spring context beside the application's own Thymeleaf engine and message source: both stay
 * as Spring Boot made them, and neither sees the document bundle.
 */
@SpringBootTest(classes = DocumentWiringTests.DocumentsOnly.class)
class DocumentWiringTests {

    @Configuration
    @ImportAutoConfiguration({ThymeleafAutoConfiguration.class, MessageSourceAutoConfiguration.class})
    @Import({DocumentRenderer.class, DocumentTemplates.class, PdfPrinter.class})
    @EnableConfigurationProperties(MailProperties.class)
    static class DocumentsOnly {
    }

    @Autowired
    DocumentRenderer renderer;

    @Autowired
    TemplateEngine applicationTemplates;

    @Autowired
    MessageSource applicationMessages;

    @Test
    void theRendererIsABeanAndRenders() {
        RenderedDocument invoice = renderer.render(DocumentKind.INVOICE, Documents.eurInvoice(Language.DA));

        assertThat(invoice.subject()).isEqualTo("Faktura 2026-00042 fra Roeivereniging De Amstel");
        assertThat(invoice.pdf()).isNotEmpty();
    }

    @Test
    void theApplicationsTemplateEngineAndMessagesAreLeftAlone() {
        assertThat(applicationTemplates).isInstanceOf(org.thymeleaf.spring6.SpringTemplateEngine.class);
        assertThat(applicationMessages.getMessage("invoice.title", null, "absent", Locale.ENGLISH)).isEqualTo("absent");
    }
}
