package io.duesflow.banking;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Text reduced to the SEPA character set, the Latin subset every bank in the scheme must accept (EPC guidance on
 * the use of character sets): {@code a-z A-Z 0-9 / - ? : ( ) . , ' +} and space. Anything else may be refused
 * or mangled by some bank in the chain, so names, addresses and remittance text are reduced before they are
 * written.
 *
 * <p>The mapping, in this order:
 * <table>
 * <caption>SEPA character mapping</caption>
 * <tr><th>from</th><th>to</th><th>why</th></tr>
 * <tr><td>the SEPA set</td><td>itself</td><td></td></tr>
 * <tr><td>æ Æ ø Ø å Å</td><td>ae AE oe OE aa AA</td><td>the Danish and Norwegian spelling without these letters
 *     (Aalborg, Aarhus)</td></tr>
 * <tr><td>ä Ä ö Ö ü Ü ß ẞ</td><td>ae AE oe OE ue UE ss SS</td><td>the German spelling without umlauts</td></tr>
 * <tr><td>œ Œ þ Þ ð Ð đ Đ ł Ł ı</td><td>oe OE th TH d D d D l L i</td><td>letters with no decomposition</td></tr>
 * <tr><td>a capital of the rows above before a small letter</td><td>capital, then small: Ålborg → Aalborg,
 *     Ærø → Aeroe, Þór → Thor; ÅLBORG → AALBORG</td><td>the word keeps its case</td></tr>
 * <tr><td>other accented Latin letters and ligatures (é è ê ë ï ñ ç ō ĳ ﬁ, fullwidth forms …)</td>
 *     <td>the base letters, by Unicode compatibility decomposition (NFKD) with the accents dropped:
 *     é → e, ë → e, ñ → n, ĳ → ij</td><td></td></tr>
 * <tr><td>digits of other scripts</td><td>0-9</td><td></td></tr>
 * <tr><td>&amp;</td><td>+</td><td>"Jensen &amp; Søn" keeps its meaning</td></tr>
 * <tr><td>€</td><td>EUR</td><td></td></tr>
 * <tr><td>‘ ’ ‚ ‛ ` ´ ′ ʼ " “ ” „ ‟ « » ‹ ›</td><td>'</td><td>"’s-Hertogenbosch" → "'s-Hertogenbosch"</td></tr>
 * <tr><td>‐ ‑ ‒ – — ― − _</td><td>-</td><td></td></tr>
 * <tr><td>; ! [ { &lt; ] } &gt; \ |</td><td>, . ( ( ( ) ) ) / /</td><td>the nearest character in the set</td></tr>
 * <tr><td>tabs, line breaks, no-break and other spaces</td><td>one space</td><td></td></tr>
 * <tr><td>any other punctuation or symbol (# * % @ = ~ ° …)</td><td>a space</td><td></td></tr>
 * </table>
 * Runs of spaces become one, leading and trailing spaces go, and the result is cut to the field's length.
 *
 * <p>A letter or digit that has no Latin form (Cyrillic, Greek, Chinese, Arabic …) is never dropped silently:
 * the text is refused with an {@link UnreducibleTextException} naming those characters, so the caller can leave
 * the member out with that reason and ask for a Latin spelling. Text with no letter or digit left is refused too.
 *
 * <p>Identifiers (message, payment information, end-to-end and mandate ids) are not reduced but checked: they
 * must stay traceable, so a change would make them useless. {@link #identifier} refuses what the EPC forbids.
 */
public final class SepaText {

    /** Field lengths of the EPC implementation guidelines (tighter than ISO 20022's 140 for names). */
    public static final int NAME = 70;
    public static final int STREET_NAME = 70;
    public static final int ADDRESS_LINE = 70;
    public static final int BUILDING_NUMBER = 16;
    public static final int POST_CODE = 16;
    public static final int TOWN_NAME = 35;
    public static final int REMITTANCE = 140;
    public static final int IDENTIFIER = 35;

    private static final int MAX_LISTED = 10;

    private SepaText() {
    }

    /** Whether the character is in the SEPA character set. */
    public static boolean isSepaCharacter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '/' || c == '-' || c == '?' || c == ':' || c == '(' || c == ')' || c == '.' || c == ','
                || c == '\'' || c == '+' || c == ' ';
    }

    /** Whether every character of the text is in the SEPA character set (an empty text is). */
    public static boolean isSepaText(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSepaCharacter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The text reduced to the SEPA character set, without a length limit. */
    public static String reduce(String text) {
        return reduce("text", text, Integer.MAX_VALUE);
    }

    /** The text reduced to the SEPA character set and cut to {@code maxLength}. */
    public static String reduce(String text, int maxLength) {
        return reduce("text", text, maxLength);
    }

    /**
     * The text reduced to the SEPA character set and cut to {@code maxLength}; {@code field} names the text in the
     * refusal ("debtor name").
     *
     * @throws UnreducibleTextException when the text is missing, has letters or digits with no Latin form, or has
     *                                  no letter or digit left
     */
    public static String reduce(String field, String text, int maxLength) {
        if (text == null || text.isBlank()) {
            throw new UnreducibleTextException(field, text == null ? "" : text, "is missing");
        }
        String reduced = isTidySepaText(text) ? text : transliterate(field, text);
        if (!hasLetterOrDigit(reduced)) {
            throw new UnreducibleTextException(field, text, "has no letter or digit in the SEPA character set");
        }
        return cut(reduced, maxLength);
    }

    /** Like {@link #reduce(String, String, int)}, but {@code null} or blank text stays {@code null}. */
    public static String reduceOptional(String field, String text, int maxLength) {
        return text == null || text.isBlank() ? null : reduce(field, text, maxLength);
    }

    /**
     * The identifier unchanged when the EPC allows it: 1 to 35 characters of the SEPA set, no leading or trailing
     * space, not starting or ending with '/' and without '//' (EPC implementation guidelines, "identifiers").
     *
     * @throws UnreducibleTextException saying which rule the identifier breaks
     */
    public static String identifier(String field, String value) {
        String problem = identifierProblem(value);
        if (problem != null) {
            throw new UnreducibleTextException(field, value == null ? "" : value, problem);
        }
        return value;
    }

    /** Whether {@link #identifier} accepts the value. */
    public static boolean isIdentifier(String value) {
        return identifierProblem(value) == null;
    }

    private static String identifierProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "is missing";
        }
        if (value.length() > IDENTIFIER) {
            return "is " + value.length() + " characters long; a SEPA identifier has at most " + IDENTIFIER;
        }
        if (!isSepaText(value)) {
            return "has characters outside the SEPA set (a-z A-Z 0-9 / - ? : ( ) . , ' + space): "
                    + listOutside(value);
        }
        if (value.startsWith(" ") || value.endsWith(" ")) {
            return "starts or ends with a space";
        }
        if (value.startsWith("/") || value.endsWith("/")) {
            return "starts or ends with '/', which the EPC forbids in identifiers";
        }
        if (value.contains("//")) {
            return "contains '//', which the EPC forbids in identifiers";
        }
        return null;
    }

    // --- the reduction ------------------------------------------------------------------------------------------

    /** SEPA characters only, single spaces, none at the ends: the common case, returned as it is. */
    private static boolean isTidySepaText(String text) {
        if (text.startsWith(" ") || text.endsWith(" ") || text.contains("  ")) {
            return false;
        }
        return isSepaText(text);
    }

    private static String transliterate(String field, String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        Set<String> noLatinForm = new LinkedHashSet<>();
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            append(c, i < text.length() ? text.codePointAt(i) : ' ', true, out, noLatinForm);
        }
        if (!noLatinForm.isEmpty()) {
            throw new UnreducibleTextException(field, text,
                    "has letters with no Latin form in the SEPA character set: " + listed(noLatinForm)
                            + "; a Latin spelling is needed");
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }

    /** Appends the SEPA form of {@code c}; {@code next} decides between "Aa" and "AA" for a capital Å. */
    private static void append(int c, int next, boolean mayDecompose, StringBuilder out, Set<String> noLatinForm) {
        String substitute;
        if (c == ' ') {
            space(out);
        } else if (isSepaCharacter(c)) {
            out.append((char) c);
        } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            space(out);
        } else if ((substitute = substitute(c)) != null) {
            if (substitute.length() > 1 && Character.isUpperCase(c) && Character.isLowerCase(next)) {
                // A capital at the start of a word keeps the word's case: Ålborg → Aalborg, ÅLBORG → AALBORG.
                out.append(substitute.charAt(0)).append(substitute.substring(1).toLowerCase(Locale.ROOT));
            } else {
                out.append(substitute);
            }
        } else if (Character.isDigit(c)) {
            out.append((char) ('0' + Character.digit(c, 10)));
        } else if (isMark(c)) {
            // An accent left by the decomposition (or given decomposed): dropped, its letter stays.
        } else if (mayDecompose && decomposes(c)) {
            Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFKD)
                    .codePoints().forEach(part -> append(part, next, false, out, noLatinForm));
        } else if (Character.isLetter(c)) {
            noLatinForm.add(new String(Character.toChars(c)));
        } else {
            space(out);
        }
    }

    /** Letters and signs with a fixed substitute, checked before the decomposition (which would drop ä's e). */
    private static String substitute(int c) {
        return switch (c) {
            case 'æ', 'ä' -> "ae";
            case 'Æ', 'Ä' -> "AE";
            case 'ø', 'ö', 'œ' -> "oe";
            case 'Ø', 'Ö', 'Œ' -> "OE";
            case 'å' -> "aa";
            case 'Å' -> "AA";
            case 'ü' -> "ue";
            case 'Ü' -> "UE";
            case 'ß' -> "ss";
            case 'ẞ' -> "SS";
            case 'þ' -> "th";
            case 'Þ' -> "TH";
            case 'ð', 'đ' -> "d";
            case 'Ð', 'Đ' -> "D";
            case 'ł' -> "l";
            case 'Ł' -> "L";
            case 'ı' -> "i";
            case '&' -> "+";
            case '€' -> "EUR";
            case '‘', '’', '‚', '‛', '`', '´', '′', 'ʼ', '"', '“', '”', '„', '‟', '«', '»', '‹', '›' -> "'";
            case '‐', '‑', '‒', '–', '—', '―', '−', '_' -> "-";
            case ';' -> ",";
            case '!' -> ".";
            case '[', '{', '<' -> "(";
            case ']', '}', '>' -> ")";
            case '\\', '|' -> "/";
            default -> null;
        };
    }

    private static boolean decomposes(int c) {
        String alone = new String(Character.toChars(c));
        return !Normalizer.isNormalized(alone, Normalizer.Form.NFKD);
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static void space(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
            out.append(' ');
        }
    }

    private static boolean hasLetterOrDigit(String sepaText) {
        for (int i = 0; i < sepaText.length(); i++) {
            if (Character.isLetterOrDigit(sepaText.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String cut(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int end = maxLength;
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String listOutside(String value) {
        Set<String> outside = new LinkedHashSet<>();
        value.codePoints().filter(c -> !isSepaCharacter(c)).forEach(c -> outside.add(new String(Character.toChars(c))));
        return listed(outside);
    }

    private static String listed(Set<String> characters) {
        String listed = String.join(", ", characters.stream().limit(MAX_LISTED).toList());
        return characters.size() > MAX_LISTED ? listed + " …" : listed;
    }
}
