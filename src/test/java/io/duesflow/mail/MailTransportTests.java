package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class MailTransportTests {

    static final OutgoingMail INVOICE = new OutgoingMail("invoice-2026-00042@duesflow", "anna@example.org",
            "Faktura 2026-00042 – kontingent", "Kære Anna, se vedhæftede faktura.",
            List.of(new OutgoingMail.Attachment("invoice-2026-00042.pdf", "application/pdf",
                    "%PDF-1.7 pretend".getBytes(StandardCharsets.US_ASCII))));

    @Configuration
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    @EnableConfigurationProperties(MailProperties.class)
    @Import({MailTransport.class, MailTransportRoute.class})
    static class TransportOnly {
    }

    @Nested
    @SpringBootTest(classes = TransportOnly.class, properties = "duesflow.mail.from=kasserer@roklub.dk")
    class WithoutSmtp {

        static final Path PICKUP = Path.of("target/test-data/mail-pickup-" + ProcessHandle.current().pid());

        @DynamicPropertySource
        static void pickup(DynamicPropertyRegistry registry) {
            registry.add("duesflow.mail.pickup-dir", PICKUP::toString);
        }

        @Autowired
        MailTransport transport;

        @Test
        void aMailBecomesAnEmlFileAMailClientOpens() throws Exception {
            transport.deliver(INVOICE);

            Path file = PICKUP.resolve("invoice-2026-00042_duesflow.eml");
            assertThat(file).exists();
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage read = new MimeMessage(Session.getInstance(new Properties()), in);
                assertThat(read.getSubject()).isEqualTo("Faktura 2026-00042 – kontingent");
                assertThat(read.getMessageID()).isEqualTo("<invoice-2026-00042@duesflow>");
                assertThat(read.getFrom()[0].toString()).isEqualTo("kasserer@roklub.dk");
                assertThat(attachmentNames((Multipart) read.getContent())).containsExactly("invoice-2026-00042.pdf");
            }
        }

        @Test
        void deliveringTheSameMailAgainLeavesOneFileAndNoTemporaryOnes() throws Exception {
            transport.deliver(INVOICE);
            transport.deliver(INVOICE);

            try (Stream<Path> files = Files.list(PICKUP)) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .containsExactly("invoice-2026-00042_duesflow.eml");
            }
        }
    }

    @Nested
    @SpringBootTest(classes = TransportOnly.class, properties = "duesflow.mail.smtp.starttls=false")
    class WithSmtp {

        // The Spring context is built before GreenMail starts, so the port is chosen up front.
        static final int PORT = freePort();

        @RegisterExtension
        static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

        @DynamicPropertySource
        static void server(DynamicPropertyRegistry registry) {
            registry.add("duesflow.mail.smtp.host", () -> "127.0.0.1");
            registry.add("duesflow.mail.smtp.port", () -> PORT);
        }

        @Autowired
        MailTransport transport;

        @Test
        void aMailIsSentOverSmtpWithItsStableMessageIdAndAttachment() throws Exception {
            transport.deliver(INVOICE);

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(1);
            assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("anna@example.org");
            assertThat(received[0].getMessageID()).isEqualTo("<invoice-2026-00042@duesflow>");
            assertThat(received[0].getSubject()).isEqualTo("Faktura 2026-00042 – kontingent");
            assertThat(attachmentNames((Multipart) received[0].getContent())).containsExactly("invoice-2026-00042.pdf");
        }

        @Test
        void aMailWithAReplyToAddressCarriesItAndOneWithoutCarriesNone() throws Exception {
            transport.deliver(INVOICE.replyingTo("kasserer@roklub.dk"));
            transport.deliver(new OutgoingMail("notice-7@duesflow", "kasserer@roklub.dk", "Run 7 is ready", "Approve it.",
                    List.of()));

            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(received).hasSize(2);
            assertThat(received[0].getHeader("Reply-To")).containsExactly("kasserer@roklub.dk");
            assertThat(received[1].getHeader("Reply-To")).isNull();
        }
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> attachmentNames(Multipart multipart) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            if (Part.ATTACHMENT.equalsIgnoreCase(multipart.getBodyPart(i).getDisposition())) {
                names.add(multipart.getBodyPart(i).getFileName());
            }
        }
        return names;
    }
}
