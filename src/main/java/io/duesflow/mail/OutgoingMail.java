package io.duesflow.mail;

import java.util.List;
import java.util.Objects;

/**
 * One mail ready to travel.
 *
 * @param html      the HTML body, sent beside the plain text; null for text only
 * @param messageId stable per document and kind ({@code invoice-2026-00042@duesflow}), so a resend after a
 *                  crash is recognisably the same mail
 * @param replyTo   where the member's answer goes (the association's address), or null for the sender's
 */
record OutgoingMail(String messageId, String to, String subject, String text, String html, List<Attachment> attachments,
                    String replyTo) {

    OutgoingMail(String messageId, String to, String subject, String text, List<Attachment> attachments) {
        this(messageId, to, subject, text, null, attachments, null);
    }

    OutgoingMail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(to, "to");
        attachments = List.copyOf(attachments);
    }

    OutgoingMail replyingTo(String address) {
        return new OutgoingMail(messageId, to, subject, text, html, attachments, address);
    }

    record Attachment(String fileName, String contentType, byte[] content) {
    }
}
