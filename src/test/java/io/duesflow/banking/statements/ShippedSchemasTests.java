package io.duesflow.banking.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import io.duesflow.banking.SchemaViolationException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every message duesflow says it reads has its schema on the classpath, and it is the schema of that message. */
class ShippedSchemasTests {

    @ParameterizedTest
    @EnumSource(value = BankMessage.class)
    void aShippedVersionIsCheckedAgainstItsOwnSchemaAndAnUnshippedOneIsRefused(BankMessage message) {
        String root = "<?xml version=\"1.0\"?>\n<Document xmlns=\"" + message.namespace() + "\"><Nothing/></Document>";
        Throwable refusal = Assertions.catchThrowable(() -> new BankFileReader().read(
                new ByteArrayInputStream(root.getBytes(StandardCharsets.UTF_8)), new RecordingVisitor()));

        if (message.schemaShipped()) {
            assertThat(ShippedSchemasTests.class.getClassLoader().getResource(message.schemaResource())).isNotNull();
            // The schema of the message: it knows its Document and expects that message's element in it.
            assertThat(refusal).isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                assertThat(e.messageName()).isEqualTo(message.messageName());
                assertThat(e.problems().get(0).message()).contains("Nothing");
            });
        } else {
            assertThat(refusal).isInstanceOf(UnreadableBankFileException.class)
                    .hasMessageContaining(message.messageName() + " is a version duesflow knows but cannot check");
        }
    }
}
