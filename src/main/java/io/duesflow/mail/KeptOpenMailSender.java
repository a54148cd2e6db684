package io.duesflow.mail;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;

/**
 * Camel Mail's sender, but keeping the SMTP connection open between mails: a new connection (greeting, EHLO,
 * STARTTLS, login) per mail costs more than rendering the mail's PDF. A connection that failed or went stale is
 * closed and opened afresh with the next mail; the failure itself still reaches the caller, which keeps the mail queued.
 */
class KeptOpenMailSender extends DefaultJavaMailSender {

    /** Servers drop idle connections; after this long without a mail a fresh one is opened instead of asking. */
    private static final long IDLE_NANOS = 20_000_000_000L;

    private Transport transport;
    private long lastUsed;

    KeptOpenMailSender(MailProperties.Smtp smtp) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        properties.setProperty("mail.smtp.starttls.required", String.valueOf(smtp.starttls()));
        properties.setProperty("mail.smtp.connectiontimeout", "10000");
        // Without read and write timeouts a server that accepts but never answers would hold the outbox forever.
        properties.setProperty("mail.smtp.timeout", "20000");
        properties.setProperty("mail.smtp.writetimeout", "20000");
        boolean login = smtp.user() != null && !smtp.user().isBlank();
        properties.setProperty("mail.smtp.auth", String.valueOf(login));
        setJavaMailProperties(properties);
        setHost(smtp.host());
        setPort(smtp.port());
        setProtocol("smtp");
        if (login) {
            setUsername(smtp.user());
            setPassword(smtp.password());
        }
        setSession(Session.getInstance(properties));
    }

    @Override
    public synchronized void send(MimeMessage message) throws MessagingException {
        try {
            if (transport == null || System.nanoTime() - lastUsed > IDLE_NANOS || !transport.isConnected()) {
                close();
                transport = getTransport(getSession());
                transport.connect(getHost(), getPort(), getUsername(), getPassword());
            }
            transport.sendMessage(message, message.getAllRecipients());
            lastUsed = System.nanoTime();
        } catch (MessagingException | RuntimeException e) {
            close();
            throw e;
        }
    }

    synchronized void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // already broken: nothing more to close
            }
            transport = null;
        }
    }
}
