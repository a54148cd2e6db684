package io.duesflow.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-text alternative of a mail body, derived from its HTML so that wording lives in one template. The
 * bodies are simple (paragraphs, a small table, links), which is all this handles.
 */
final class PlainText {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern HEAD = Pattern.compile("(?is)<head.*?</head>");
    private static final Pattern LINK = Pattern.compile("(?is)<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>");
    private static final Pattern PARAGRAPH_END = Pattern.compile("(?i)</(p|div|h[1-6]|table)>");
    private static final Pattern LINE_END = Pattern.compile("(?i)</(tr|li)>|<br\\s*/?>");
    private static final Pattern CELL_END = Pattern.compile("(?i)</t[dh]>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");
    private static final Pattern NEW_LINE = Pattern.compile("\n");
    private static final Pattern SPACE_RUN = Pattern.compile("[ \\u00a0]+");
    private static final Pattern SPACED_TAB = Pattern.compile(" ?\t ?");

    private PlainText() {
    }

    static String of(String html) {
        // In HTML a line break in the source is just a space; the lines of the text come from the block elements.
        String text = WHITESPACE.matcher(html).replaceAll(" ");
        text = HEAD.matcher(text).replaceAll("");
        text = LINK.matcher(text).replaceAll(link -> Matcher.quoteReplacement(
                link.group(2) + ": " + link.group(1)));
        text = PARAGRAPH_END.matcher(text).replaceAll("\n\n");
        text = LINE_END.matcher(text).replaceAll("\n");
        text = CELL_END.matcher(text).replaceAll("\t");
        text = TAG.matcher(text).replaceAll("");
        text = unescape(text);
        StringBuilder out = new StringBuilder();
        boolean blank = true;
        for (String line : NEW_LINE.split(text)) {
            // Table cells are separated by one tab; the spaces around it and a trailing one are noise.
            String trimmed = SPACED_TAB.matcher(SPACE_RUN.matcher(line).replaceAll(" ")).replaceAll("\t").strip();
            if (trimmed.isEmpty()) {
                if (!blank) {
                    out.append('\n');
                }
                blank = true;
            } else {
                out.append(trimmed).append('\n');
                blank = false;
            }
        }
        return out.toString().trim() + "\n";
    }

    private static String unescape(String text) {
        String named = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", " ");
        named = NUMERIC_ENTITY.matcher(named).replaceAll(entity -> Matcher.quoteReplacement(Character.toString(
                Integer.parseInt(entity.group(2), entity.group(1).isEmpty() ? 10 : 16))));
        // Last, so that an escaped "&amp;lt;" stays the text "&lt;".
        return named.replace("&amp;", "&");
    }
}
