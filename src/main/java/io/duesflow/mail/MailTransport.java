package io.duesflow.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.util.StreamProvider;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/**
 * Builds the MIME message and hands it to the {@code mail-transport} route. A failure to deliver is thrown to
 * the caller, which keeps the mail queued.
 */
@Service
class MailTransport {

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader scan of the whole classpath for every body
        // part it makes, reads or writes; naming it here turns that scan (most of a mail's cost) into one lookup.
        if (System.getProperty(StreamProvider.class.getName()) == null) {
            System.setProperty(StreamProvider.class.getName(), "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }


    private final ProducerTemplate camel;
    private final MailProperties properties;
    private final Session session = Session.getInstance(new Properties());

    MailTransport(ProducerTemplate camel, MailProperties properties) {
        this.camel = camel;
        this.properties = properties;
    }

    void deliver(OutgoingMail mail) {
        camel.sendBodyAndHeader(MailTransportRoute.ENDPOINT, toMime(mail),
                MailTransportRoute.FILE_NAME_HEADER, MailTransportRoute.fileNameFor(mail.messageId()));
    }

    MimeMessage toMime(OutgoingMail mail) {
        try {
            MimeMessage message = new StableIdMimeMessage(session, mail.messageId());
            message.setFrom(new InternetAddress(properties.from()));
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(mail.to(), true));
            if (mail.replyTo() != null) {
                message.setReplyTo(InternetAddress.parse(mail.replyTo(), true));
            }
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            if (mail.attachments().isEmpty() && mail.html() == null) {
                message.setText(mail.text(), StandardCharsets.UTF_8.name());
            } else {
                MimeMultipart multipart = new MimeMultipart();
                multipart.addBodyPart(body(mail));
                for (OutgoingMail.Attachment attachment : mail.attachments()) {
                    MimeBodyPart part = new MimeBodyPart();
                    part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
                    part.setFileName(attachment.fileName());
                    // Named, so that saving the message does not read the whole file to find out.
                    part.setHeader("Content-Transfer-Encoding", "base64");
                    multipart.addBodyPart(part);
                }
                message.setContent(multipart);
            }
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("Mail " + mail.messageId() + " cannot be built: " + e.getMessage(), e);
        }
    }

    /** The text, or text and HTML as alternatives a mail client chooses between. */
    private static MimeBodyPart body(OutgoingMail mail) throws MessagingException {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name());
        // Named rather than worked out by reading the text through once more when the message is saved: quoted-
        // printable keeps the mostly Latin text readable and its lines short, whatever the language.
        text.setHeader("Content-Transfer-Encoding", "quoted-printable");
        if (mail.html() == null) {
            return text;
        }
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        html.setHeader("Content-Transfer-Encoding", "quoted-printable");
        MimeMultipart alternatives = new MimeMultipart("alternative");
        alternatives.addBodyPart(text);
        alternatives.addBodyPart(html);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternatives);
        return body;
    }

    static byte[] toBytes(MimeMessage message) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("Cannot serialise mail: " + e.getMessage(), e);
        }
    }

    /** Jakarta Mail invents a new Message-ID on every save; ours is fixed per document and kind. */
    private static final class StableIdMimeMessage extends MimeMessage {
        private final String messageId;

        StableIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + messageId + ">");
        }
    }
}
