package io.duesflow.mail;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Where outgoing mail goes: an SMTP server when {@code DUESFLOW_SMTP_HOST} is set, otherwise a pickup folder
 * of {@code .eml} files that any mail client opens.
 */
@ConfigurationProperties("duesflow.mail")
record MailProperties(@DefaultValue("treasurer@localhost") String from,
                      @DefaultValue("./data/mail") Path pickupDir,
                      @DefaultValue Smtp smtp,
                      @DefaultValue Outbox outbox,
                      @DefaultValue Templates templates) {

    /**
     * @param pollInterval how often queued mails are looked for
     * @param batchSize    mails taken per round
     * @param maxAttempts  tries before a mail is parked as failed
     * @param retryBase    the wait after the first failure; it doubles with every further one, up to an hour
     * @param runChunk     mails a run's mail process sends in one job before it goes on in the next
     */
    record Outbox(@DefaultValue("true") boolean enabled, @DefaultValue("2s") Duration pollInterval,
                  @DefaultValue("100") int batchSize, @DefaultValue("8") int maxAttempts,
                  @DefaultValue("30s") Duration retryBase, @DefaultValue("2000") int runChunk) {
    }

    /**
     * @param dir           the association's own versions of document templates, used instead of the built-in ones
     *                      of the same name; none by default
     * @param checkInterval how long a template is used before its file is looked at again
     */
    record Templates(Path dir, @DefaultValue("10s") Duration checkInterval) {
    }

    record Smtp(String host, @DefaultValue("587") int port, String user, String password,
                @DefaultValue("true") boolean starttls) {
    }

    boolean usesSmtp() {
        return smtp != null && StringUtils.hasText(smtp.host());
    }
}
