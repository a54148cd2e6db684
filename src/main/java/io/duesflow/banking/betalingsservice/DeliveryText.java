package io.duesflow.banking.betalingsservice;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Text as a fixed-record delivery carries it: printable ISO 8859-1, i.e. {@code 0x20-0x7E} and {@code 0xA0-0xFF}
 * (æ ø å Æ Ø Å é ü ß … are in it). Those are the characters that are the same bytes in Windows-1252, which the
 * Puls 3060 client uploads, and in ISO 8859-1, which the Compassion parser reads (betalingsservice.md §0); the
 * Windows-only characters {@code 0x80-0x9F} (€ “ ” ‘ ’ – —) would be control characters to the other reading, so
 * they are mapped to plain ones first. A control character would break the record structure (a line break
 * inside a text line ends the record), so white space of any kind becomes a space.
 *
 * <p>A character with no such form (Cyrillic, Greek, Polish ł, emoji …) is refused with the field and the
 * characters named, never dropped: the caller leaves the member out with that reason or asks for another
 * spelling.
 */
final class DeliveryText {

    private static final int MAX_LISTED = 10;

    private DeliveryText() {
    }

    /**
     * The text mapped to the delivery's characters, trailing spaces removed; {@code null} or blank gives "".
     *
     * @throws IllegalArgumentException naming {@code field} and the characters that have no form in a delivery
     */
    static String mapped(String field, String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        if (isDeliveryText(text)) {
            return text.stripTrailing(); // Latin-1 alone is in NFC: the combining marks start at U+0300
        }
        String normal = Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder mapped = new StringBuilder(normal.length());
        Set<String> refused = new LinkedHashSet<>();
        for (int i = 0; i < normal.length(); ) {
            int c = normal.codePointAt(i);
            i += Character.charCount(c);
            String replacement = replacement(c);
            if (replacement != null) {
                mapped.append(replacement);
            } else if (isDeliveryCharacter(c)) {
                mapped.append((char) c);
            } else if (refused.size() < MAX_LISTED) {
                refused.add(new String(Character.toChars(c)) + " (U+" + String.format("%04X", c) + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("The " + field + " '" + text + "' has characters a Betalingsservice "
                    + "delivery cannot carry: " + String.join(", ", refused) + ". Use Latin letters (æ, ø, å, é "
                    + "and the like are fine)");
        }
        return mapped.toString().stripTrailing();
    }

    /** Like {@link #mapped}, with runs of spaces made one and leading spaces removed too: for names and addresses. */
    static String tidy(String field, String text) {
        String mapped = mapped(field, text).strip();
        if (!mapped.contains("  ")) {
            return mapped;
        }
        StringBuilder single = new StringBuilder(mapped.length());
        for (int i = 0; i < mapped.length(); i++) {
            char c = mapped.charAt(i);
            if (c != ' ' || single.charAt(single.length() - 1) != ' ') {
                single.append(c);
            }
        }
        return single.toString();
    }

    /** The text cut to {@code length} characters, at the last space when there is one in the second half. */
    static String cut(String text, int length) {
        if (text.length() <= length) {
            return text;
        }
        int space = text.lastIndexOf(' ', length);
        return (space > length / 2 ? text.substring(0, space) : text.substring(0, length)).strip();
    }

    /** The text mapped, and refused when it is longer than {@code length}; for text the caller composed. */
    static String limited(String field, String text, int length) {
        String mapped = mapped(field, text);
        if (mapped.length() > length) {
            throw new IllegalArgumentException("The " + field + " '" + mapped + "' is " + mapped.length()
                    + " characters long; it has " + length + " positions");
        }
        return mapped;
    }

    private static boolean isDeliveryText(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isDeliveryCharacter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isDeliveryCharacter(int c) {
        return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xFF && c != 0xAD);
    }

    private static String replacement(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
            return " ";
        }
        return switch (c) {
            case 0xAD -> ""; // soft hyphen: invisible unless a word is broken
            case '‘', '’', '‚', '‛', '′', 'ʼ' -> "'";
            case '“', '”', '„', '‟', '″' -> "\"";
            case '‐', '‑', '‒', '–', '—', '―', '−' -> "-";
            case '…' -> "...";
            case '€' -> "EUR";
            case '•' -> "*";
            default -> null;
        };
    }
}
