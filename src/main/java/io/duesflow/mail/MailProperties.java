package io.duesflow.mail;

import java.nio.file.Path;

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
                      @DefaultValue Smtp smtp) {

    record Smtp(String host, @DefaultValue("587") int port, String user, String password,
                @DefaultValue("true") boolean starttls) {
    }

    boolean usesSmtp() {
        return smtp != null && StringUtils.hasText(smtp.host());
    }
}
