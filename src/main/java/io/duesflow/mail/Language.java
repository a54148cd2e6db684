package io.duesflow.mail;

import java.util.Locale;

/** The languages documents are written in: the member's for member documents, the association's for notices. */
public enum Language {
    DA, NL, EN;

    private final Locale locale = Locale.forLanguageTag(name().toLowerCase(Locale.ROOT));

    public Locale locale() {
        return locale;
    }

    /** The language for a code as the member register stores it ({@code da}, {@code nl}, {@code en}). */
    public static Language of(String code) {
        if (code != null) {
            for (Language language : values()) {
                if (language.name().equalsIgnoreCase(code.trim())) {
                    return language;
                }
            }
        }
        throw new IllegalArgumentException("'" + code + "' is not a document language: expected da, nl or en");
    }
}
