package io.duesflow.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns the XHTML a PDF template produced into a PDF: for an association's own PDF templates (the built-in PDFs
 * are drawn by {@link LetterPdf}). The documents use only the PDF viewer's built-in fonts and {@code data:} images,
 * so nothing is loaded from disk or network and nothing is embedded but the QR code.
 */
@Component
class PdfPrinter {

    static {
        PdfLogging.install();
        // ImageIO otherwise buffers every image it reads (the QR code) in a temporary file.
        ImageIO.setUseCache(false);
    }

    /**
     * One XML parser per thread, made once: openhtmltopdf would look up and configure a new parser factory for every
     * PDF, which scans the whole classpath and costs more than parsing the page.
     */
    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(PdfPrinter::newParser);

    byte[] print(String xhtml, String template) {
        Document page = parse(WinAnsiText.of(xhtml), template);
        try (ByteArrayOutputStream pdf = new ByteArrayOutputStream(16 * 1024)) {
            new PdfRendererBuilder()
                    .useFastMode()
                    // Member names reach the template escaped, but should anything ever produce a link to a file or
                    // a server, it is refused rather than fetched.
                    .useExternalResourceAccessControl(PdfPrinter::isInline, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
                    .useExternalResourceAccessControl(PdfPrinter::isInline, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI)
                    .withProducer("duesflow")
                    .withW3cDocument(page, null)
                    .toStream(pdf)
                    .run();
            return pdf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The PDF for " + template + " could not be written", e);
        }
    }

    private static boolean isInline(String uri, Object type) {
        return uri != null && uri.startsWith("data:");
    }

    /** The template's output must be well-formed XML; a tag it leaves open is a template error. */
    private static Document parse(String xhtml, String template) {
        DocumentBuilder parser = PARSER.get();
        try {
            return parser.parse(new InputSource(new StringReader(xhtml)));
        } catch (SAXParseException e) {
            throw new TemplateFailed(template, -1, "the output is not well-formed XHTML at output line "
                    + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new TemplateFailed(template, -1, "the output cannot be read as XHTML: " + e.getMessage(), e);
        } finally {
            parser.reset();
        }
    }

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder parser = factory.newDocumentBuilder();
            // The default handler prints "[Fatal Error]" to stderr before throwing; we only want the exception.
            parser.setErrorHandler(new DefaultHandler() {
                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return parser;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("No XML parser for the document templates", e);
        }
    }
}
