package io.duesflow.mail;

import jakarta.mail.internet.MimeMessage;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * How a mail travels: over SMTP with Camel Mail when a server is configured, otherwise as an {@code .eml} file
 * in the pickup folder, written under a temporary name and renamed so a mail client never sees half a file.
 */
@Component
class MailTransportRoute extends RouteBuilder {

    static final String ENDPOINT = "direct:mail-transport";
    static final String FILE_NAME_HEADER = "DuesflowMailFile";
    private static final String SENDER = "duesflowMailSender";

    private final MailProperties properties;

    MailTransportRoute(MailProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        var route = from(ENDPOINT).routeId("mail-transport");
        if (properties.usesSmtp()) {
            route.to(smtpUri());
        } else {
            route.process(exchange -> exchange.getIn().setBody(
                            MailTransport.toBytes(exchange.getIn().getBody(MimeMessage.class))))
                    .to("file:" + properties.pickupDir().toAbsolutePath()
                            + "?fileName=${header." + FILE_NAME_HEADER + "}&tempPrefix=.writing-&fileExist=Override");
        }
    }

    private String smtpUri() {
        MailProperties.Smtp smtp = properties.smtp();
        getContext().getRegistry().bind(SENDER, new KeptOpenMailSender(smtp));
        return "smtp://" + smtp.host() + ":" + smtp.port() + "?javaMailSender=#" + SENDER;
    }

    /** The same mail always gets the same file, so writing it again replaces it instead of adding a copy. */
    static String fileNameFor(String messageId) {
        return messageId.replaceAll("[^A-Za-z0-9._-]", "_") + ".eml";
    }
}
