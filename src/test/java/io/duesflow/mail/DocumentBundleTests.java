package io.duesflow.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The three bundles must say the same things: a key missing in one language would print as ??key_da??. */
class DocumentBundleTests {

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyLanguageHasEveryKeyAndNoOther(Language language) throws IOException {
        assertThat(bundle(language).stringPropertyNames()).isEqualTo(bundle(Language.EN).stringPropertyNames());
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyTextIsAValidMessageFormatWithoutAStrayApostrophe(Language language) throws IOException {
        Properties texts = bundle(language);
        for (String key : texts.stringPropertyNames()) {
            String text = texts.getProperty(key);
            // A single ' starts a quoted section in MessageFormat and would swallow the placeholders after it.
            assertThat(text.replace("''", "")).as(key).doesNotContain("'");
            new MessageFormat(text, language.locale());
        }
    }

    @Test
    void everyKindHasItsTitleSubjectAndFileName() throws IOException {
        Properties english = bundle(Language.EN);
        for (DocumentKind kind : DocumentKind.values()) {
            Set<String> needed = kind.forMembers()
                    ? Set.of(".title", ".subject", ".file", ".number-label", ".mail")
                    : Set.of(".subject");
            for (String suffix : needed) {
                assertThat(english.getProperty(kind.messageKey() + suffix)).as(kind + suffix).isNotBlank();
            }
        }
    }

    private static Properties bundle(Language language) throws IOException {
        String name = DocumentTemplates.BUNDLE + "_" + language.name().toLowerCase(Locale.ROOT) + ".properties";
        Properties texts = new Properties();
        try (Reader in = new InputStreamReader(DocumentBundleTests.class.getClassLoader().getResourceAsStream(name),
                StandardCharsets.UTF_8)) {
            texts.load(in);
        }
        return texts;
    }
}
