package io.duesflow.mail;

/**
 * A document ready to be mailed: the subject and body in the reader's language, and for member documents the
 * PDF with a file name the member understands ({@code faktura-2026-00042.pdf}).
 *
 * @param text          plain-text alternative of the HTML body
 * @param pdf           null for association notices
 * @param pdfFileName   null when there is no PDF
 */
public record RenderedDocument(String subject, String html, String text, byte[] pdf, String pdfFileName) {

    public boolean hasPdf() {
        return pdf != null;
    }
}
