package io.duesflow.mail;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.text.Normalizer;
import java.util.BitSet;
import java.util.Map;

/**
 * The PDFs use the viewer's built-in fonts, which cover Windows-1252 (WinAnsi) and nothing else: a Polish or
 * Turkish name would print as {@code #ukasz}. Before printing, each character outside that set becomes its closest
 * Latin letter ({@code Łukasz Żółć} → {@code Lukasz Zólc}, as banks write names), or {@code ?} when there is none.
 * The mail body keeps the name as it is; the EPC QR code carries UTF-8 anyway.
 */
final class WinAnsiText {

    private static final BitSet PRINTABLE = new BitSet(0x10000);
    // Letters that Unicode does not decompose into a base letter and an accent.
    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('Ł', "L"), Map.entry('ł', "l"), Map.entry('Đ', "D"), Map.entry('đ', "d"),
            Map.entry('Ħ', "H"), Map.entry('ħ', "h"), Map.entry('ı', "i"), Map.entry('Ŀ', "L"), Map.entry('ŀ', "l"),
            Map.entry('Ŧ', "T"), Map.entry('ŧ', "t"), Map.entry('Ŋ', "N"), Map.entry('ŋ', "n"), Map.entry('ĸ', "k"),
            Map.entry('\u2212', "-"), Map.entry('\u2011', "-"), Map.entry('\u2010', "-"), Map.entry('\u202f', " "),
            Map.entry('\u2009', " "), Map.entry('\u200b', ""));

    static {
        CharsetEncoder winAnsi = Charset.forName("windows-1252").newEncoder();
        for (char c = 0; c < 0xFFFF; c++) {
            if (!Character.isSurrogate(c) && winAnsi.canEncode(c)) {
                PRINTABLE.set(c);
            }
        }
    }

    private WinAnsiText() {
    }

    static String of(String text) {
        int first = firstUnprintable(text);
        if (first < 0) {
            return text;
        }
        StringBuilder printable = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (PRINTABLE.get(c)) {
                printable.append(c);
            } else if (Character.isHighSurrogate(c)) {
                printable.append('?');
                i++;  // the pair is one character
            } else {
                printable.append(closest(c));
            }
        }
        return printable.toString();
    }

    private static int firstUnprintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!PRINTABLE.get(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String closest(char c) {
        String letter = LETTERS.get(c);
        if (letter != null) {
            return letter;
        }
        StringBuilder base = new StringBuilder();
        for (char part : Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).toCharArray()) {
            if (Character.getType(part) != Character.NON_SPACING_MARK && PRINTABLE.get(part)) {
                base.append(part);
            }
        }
        return base.isEmpty() ? "?" : base.toString();
    }
}
