package io.duesflow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-written bank file from {@code src/test/resources/payments/} with its placeholders ({@code {{name}}}) filled
 * in: {@code {{run}}} (what makes the file's references the test's own) and {@code {{account}}} always, the rest
 * from {@code values}; a placeholder left over fails the test.
 */
public final class BankFileTemplate {

    /** The association's account the statements are for. */
    public static final String ACCOUNT = "NL91ABNA0417164300";

    private BankFileTemplate() {
    }

    public static String filled(String name, String run, Map<String, String> values) {
        String text;
        try (InputStream in = BankFileTemplate.class.getResourceAsStream("/payments/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        text = text.replace("{{run}}", run).replace("{{account}}", ACCOUNT);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        assertThat(text).as("every placeholder of " + name + " filled in").doesNotContain("{{");
        return text;
    }
}
