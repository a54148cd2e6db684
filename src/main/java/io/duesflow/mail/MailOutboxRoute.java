package io.duesflow.mail;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Every poll interval: send the due mails. */
@Component
class MailOutboxRoute extends RouteBuilder {

    private final MailOutbox outbox;
    private final MailProperties properties;

    MailOutboxRoute(MailOutbox outbox, MailProperties properties) {
        this.outbox = outbox;
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("timer:mail-outbox?delay=" + properties.outbox().pollInterval().toMillis()
                + "&period=" + properties.outbox().pollInterval().toMillis())
                .routeId("mail-outbox")
                .autoStartup(properties.outbox().enabled())
                .process(exchange -> outbox.sendDue());
    }
}
