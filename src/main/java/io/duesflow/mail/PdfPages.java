package io.duesflow.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.apache.fontbox.afm.FontMetrics;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.font.encoding.WinAnsiEncoding;

/**
 * A PDF drawn straight onto A4 pages with the viewer's built-in fonts: lines of text, rules, filled and framed
 * boxes, a bitmap. Positions are in points from the page's top left, as a page is read; text must already be
 * {@link #printable}. Not thread-safe: one per document.
 * <p>
 * The file is written here, operator by operator, as PDFBox wrote it for these pages (the same objects, fonts,
 * operators and numbers), without building PDFBox's object model of a document first: making the fonts, the pages
 * and their dictionaries and then serialising them cost more than the rest of an invoice. PDFBox still supplies
 * the fonts' glyph widths (their AFM metrics), read once.
 */
final class PdfPages {

    static final float MM = 72f / 25.4f;
    static final float PAGE_WIDTH = PDRectangle.A4.getWidth();
    static final float PAGE_HEIGHT = PDRectangle.A4.getHeight();

    /** The built-in fonts the documents use, with their glyph widths read once. */
    enum Font {
        REGULAR(Standard14Fonts.FontName.HELVETICA),
        BOLD(Standard14Fonts.FontName.HELVETICA_BOLD),
        CODE(Standard14Fonts.FontName.COURIER_BOLD);

        /** Every character WinAnsi has lies below this (™ is U+2122). */
        private static final int CHARACTERS = 0x2200;

        /** The font's PostScript name, which a PDF viewer knows as one of its standard fonts. */
        private final String baseFont;
        /** Advance width per character in thousandths of the size; negative where the font has no glyph. */
        private final float[] widths = new float[CHARACTERS];
        /** Above and below the baseline, in thousandths of the size: the font's bounding box, as HTML renderers take it. */
        final float ascent;
        final float descent;

        Font(Standard14Fonts.FontName name) {
            this.baseFont = name.getName();
            // Straight from the font's metrics (AFM), as PDFBox measures the standard fonts, without making a
            // PDFBox font: that looks for a system font to stand in for it, scanning the server's fonts on first use.
            FontMetrics metrics = Standard14Fonts.getAFM(baseFont);
            Set<String> glyphs = new HashSet<>();
            metrics.getCharMetrics().forEach(glyph -> glyphs.add(glyph.getName()));
            Arrays.fill(widths, -1);
            for (char c = 0; c < CHARACTERS; c++) {
                int code = WIN_ANSI[c];
                // Control characters have no glyph (DEL's code is a bullet in WinAnsi, but DEL is no bullet).
                if (code < 0 || Character.isISOControl(c)) {
                    continue;
                }
                String glyph = WinAnsiEncoding.INSTANCE.getName(code);
                // The standard fonts print a no-break space and a soft hyphen with their space and hyphen.
                glyph = switch (glyph) {
                    case "nbspace" -> "space";
                    case "sfthyphen" -> "hyphen";
                    default -> glyph;
                };
                if (glyphs.contains(glyph)) {
                    widths[c] = metrics.getCharacterWidth(glyph);
                }
            }
            ascent = metrics.getFontBBox().getUpperRightY();
            descent = -metrics.getFontBBox().getLowerLeftY();
        }

        boolean prints(char c) {
            return c < CHARACTERS && widths[c] >= 0;
        }

        float width(String text, float size) {
            float width = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                width += c < CHARACTERS ? Math.max(0, widths[c]) : 0;
            }
            return width * size / 1000;
        }
    }

    /** An sRGB colour. */
    record Colour(float red, float green, float blue) {

        static Colour of(int rgb) {
            return new Colour((rgb >> 16 & 0xff) / 255f, (rgb >> 8 & 0xff) / 255f, (rgb & 0xff) / 255f);
        }
    }

    private static final Pattern SPACES = Pattern.compile(" +");
    /** The WinAnsi (Windows-1252) code of every character below {@link Font#CHARACTERS}, or -1. */
    private static final short[] WIN_ANSI = new short[0x2200];

    static {
        Arrays.fill(WIN_ANSI, (short) -1);
        Charset windows1252 = Charset.forName("windows-1252");
        CharsetEncoder encoder = windows1252.newEncoder();
        for (char c = 0; c < WIN_ANSI.length; c++) {
            if (encoder.canEncode(c)) {
                WIN_ANSI[c] = (short) (String.valueOf(c).getBytes(windows1252)[0] & 0xff);
            }
        }
    }

    /** A page's content stream as it is drawn, with the graphics state it leaves, and the bitmaps it shows. */
    private static final class Page {
        /** Operators and operands; every char is one byte (strings already WinAnsi codes). */
        final StringBuilder content = new StringBuilder(6 * 1024);
        final List<Integer> images = new ArrayList<>(1);
        Colour fill;
        Colour stroke;
        float lineWidth = -1;
    }

    /** A bitmap's image data as the PDF carries it, and its width and height in pixels. */
    private record Image(byte[] deflatedRows, int pixels) {
    }

    private final List<Page> pages = new ArrayList<>(1);
    private final List<Image> images = new ArrayList<>(1);
    private final boolean[] fontsUsed = new boolean[Font.values().length];
    private Page page;

    PdfPages() {
        newPage();
    }

    /**
     * The text as the built-in fonts can print it: letters beyond WinAnsi as their closest Latin letter (see
     * {@link WinAnsiText}), tabs and other control characters as spaces.
     */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String latin = WinAnsiText.of(text);
        StringBuilder out = null;
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            if (!Font.REGULAR.prints(c)) {
                if (out == null) {
                    out = new StringBuilder(latin);
                }
                out.setCharAt(i, Character.isWhitespace(c) || Character.isISOControl(c) ? ' ' : '?');
            }
        }
        return out == null ? latin : out.toString();
    }

    /**
     * The text broken into lines no wider than {@code width}: at spaces, and a word longer than a line after a
     * hyphen or, failing that, anywhere. Runs of spaces count as one; an empty text is one empty line.
     */
    static List<String> wrap(String text, Font font, float size, float width) {
        List<String> lines = new ArrayList<>(2);
        StringBuilder line = new StringBuilder(text.length());
        float lineWidth = 0;
        float space = font.width(" ", size);
        for (String word : SPACES.split(text.strip())) {
            float wordWidth = font.width(word, size);
            if (!line.isEmpty() && lineWidth + space + wordWidth <= width) {
                line.append(' ').append(word);
                lineWidth += space + wordWidth;
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            while (wordWidth > width && word.length() > 1) {
                int cut = longWordCut(word, font, size, width);
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
                wordWidth = font.width(word, size);
            }
            line.append(word);
            lineWidth = wordWidth;
        }
        lines.add(line.toString());
        return lines;
    }

    /** Where a word too long for a line is cut: after its last hyphen that fits, else after what fits. */
    private static int longWordCut(String word, Font font, float size, float width) {
        int fits = 1;
        while (fits < word.length() && font.width(word.substring(0, fits + 1), size) <= width) {
            fits++;
        }
        int hyphen = word.lastIndexOf('-', fits - 1);
        return hyphen > 0 ? hyphen + 1 : fits;
    }

    void newPage() {
        page = new Page();
        pages.add(page);
    }

    int pageCount() {
        return pages.size();
    }

    /** Goes on drawing on an earlier page (counted from 1), e.g. to add its footer once the page count is known. */
    void drawOnPage(int number) {
        page = pages.get(number - 1);
    }

    /** One line of text with its baseline {@code baseline} points below the page's top. */
    void text(String text, Font font, float size, Colour colour, float x, float baseline) {
        if (text.isEmpty()) {
            return;
        }
        fillColour(colour);
        fontsUsed[font.ordinal()] = true;
        StringBuilder out = page.content;
        out.append("BT\n/F").append(font.ordinal() + 1).append(' ');
        number(out, size).append(" Tf\n");
        number(out, x).append(' ');
        number(out, PAGE_HEIGHT - baseline).append(" Td\n(");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int code = c < WIN_ANSI.length ? WIN_ANSI[c] : -1;
            if (code < 0) {
                code = '?';
            }
            if (code == '(' || code == ')' || code == '\\') {
                out.append('\\').append((char) code);
            } else if (code < 0x20) {
                out.append('\\').append((char) ('0' + (code >> 6))).append((char) ('0' + (code >> 3 & 7)))
                        .append((char) ('0' + (code & 7)));
            } else {
                out.append((char) code);
            }
        }
        out.append(") Tj\nET\n");
    }

    void fill(Colour colour, float x, float top, float width, float height) {
        fillColour(colour);
        rectangle(x, PAGE_HEIGHT - top - height, width, height).append("f\n");
    }

    /** A horizontal rule of the given thickness, its middle {@code y} points below the page's top. */
    void rule(Colour colour, float thickness, float x, float width, float y) {
        fill(colour, x, y - thickness / 2, width, thickness);
    }

    /** A frame whose outer edge is the rectangle given. */
    void frame(Colour colour, float thickness, float x, float top, float width, float height) {
        StringBuilder out = page.content;
        if (!colour.equals(page.stroke)) {
            colour(out, colour).append("RG\n");
            page.stroke = colour;
        }
        if (thickness != page.lineWidth) {
            number(out, thickness).append(" w\n");
            page.lineWidth = thickness;
        }
        rectangle(x + thickness / 2, PAGE_HEIGHT - top - height + thickness / 2, width - thickness,
                height - thickness).append("S\n");
    }

    /**
     * A black and white bitmap: rows of {@code pixels} pixels, one bit each (0 black), each row led by a PNG filter
     * byte and the whole deflated, as in a PNG's image data, which the PDF then carries unchanged.
     */
    void bitmap(byte[] deflatedRows, int pixels, float x, float top, float size) {
        images.add(new Image(deflatedRows, pixels));
        int number = images.size();
        page.images.add(number);
        StringBuilder out = page.content.append("q\n");
        number(out, size).append(" 0 0 ");
        number(out, size).append(' ');
        number(out, x).append(' ');
        number(out, PAGE_HEIGHT - top - size).append(" cm\n/Im").append(number).append(" Do\nQ\n");
    }

    /**
     * The finished PDF: catalog, info, the pages with their content streams (deflated), the fonts used, the bitmaps,
     * and a plain cross-reference table (object streams would cost more than they save).
     */
    byte[] finish(String title, String language) {
        Writer pdf = new Writer();
        pdf.ascii("%PDF-1.4\n%\u00f6\u00e4\u00fc\u00df\n");
        // Objects: 1 catalog, 2 page tree, 3 info, 4 font resources, then the fonts, then page, content, images.
        int fonts = 0;
        int[] fontObjects = new int[fontsUsed.length];
        for (int f = 0; f < fontsUsed.length; f++) {
            fontObjects[f] = fontsUsed[f] ? 5 + fonts++ : 0;
        }
        int firstPage = 5 + fonts;
        int firstImage = firstPage + 2 * pages.size();
        int objects = firstImage + images.size();

        pdf.begin(1).ascii("<<\n/Type /Catalog\n/Version /1.4\n/Pages 2 0 R\n/Lang ").string(language)
                .ascii("\n>>\n").end();
        pdf.begin(2).ascii("<<\n/Type /Pages\n/Kids [");
        for (int p = 0; p < pages.size(); p++) {
            pdf.ascii(p == 0 ? "" : " ").number(firstPage + 2 * p).ascii(" 0 R");
        }
        pdf.ascii("]\n/Count ").number(pages.size()).ascii("\n>>\n").end();
        pdf.begin(3).ascii("<<\n/Title ").string(title).ascii("\n/Producer (duesflow)\n>>\n").end();
        pdf.begin(4).ascii("<<\n");
        for (Font font : Font.values()) {
            if (fontsUsed[font.ordinal()]) {
                pdf.ascii("/F").number(font.ordinal() + 1).ascii(" ").number(fontObjects[font.ordinal()])
                        .ascii(" 0 R\n");
            }
        }
        pdf.ascii(">>\n").end();
        for (Font font : Font.values()) {
            if (fontsUsed[font.ordinal()]) {
                pdf.begin(fontObjects[font.ordinal()]).ascii("<<\n/Type /Font\n/Subtype /Type1\n/BaseFont /")
                        .ascii(font.baseFont).ascii("\n/Encoding /WinAnsiEncoding\n>>\n").end();
            }
        }
        StringBuilder numbers = new StringBuilder(32);
        for (int p = 0; p < pages.size(); p++) {
            Page drawn = pages.get(p);
            int pageObject = firstPage + 2 * p;
            numbers.setLength(0);
            numbers.append("[0 0 ");
            number(numbers, PAGE_WIDTH).append(' ');
            number(numbers, PAGE_HEIGHT).append(']');
            pdf.begin(pageObject).ascii("<<\n/Type /Page\n/MediaBox ").ascii(numbers)
                    .ascii("\n/Parent 2 0 R\n/Resources <<\n/Font 4 0 R\n");
            if (!drawn.images.isEmpty()) {
                pdf.ascii("/XObject <<\n");
                for (int image : drawn.images) {
                    pdf.ascii("/Im").number(image).ascii(" ").number(firstImage + image - 1).ascii(" 0 R\n");
                }
                pdf.ascii(">>\n");
            }
            pdf.ascii(">>\n/Contents ").number(pageObject + 1).ascii(" 0 R\n>>\n").end();
            byte[] content = Deflating.deflate(drawn.content.toString().getBytes(StandardCharsets.ISO_8859_1),
                    java.util.zip.Deflater.DEFAULT_COMPRESSION);
            pdf.begin(pageObject + 1).ascii("<<\n/Length ").number(content.length)
                    .ascii("\n/Filter /FlateDecode\n>>\nstream\n").bytes(content).ascii("\nendstream\n").end();
        }
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            pdf.begin(firstImage + i).ascii("<<\n/Length ").number(image.deflatedRows().length)
                    .ascii("\n/Type /XObject\n/Subtype /Image\n/Filter /FlateDecode\n/BitsPerComponent 1\n/Width ")
                    .number(image.pixels()).ascii("\n/Height ").number(image.pixels())
                    .ascii("\n/ColorSpace /DeviceGray\n/DecodeParms <<\n/Predictor 15\n/Colors 1\n"
                            + "/BitsPerComponent 1\n/Columns ").number(image.pixels()).ascii("\n>>\n>>\nstream\n")
                    .bytes(image.deflatedRows()).ascii("\nendstream\n").end();
        }
        return pdf.finish(objects);
    }

    private void fillColour(Colour colour) {
        if (!colour.equals(page.fill)) {
            colour(page.content, colour).append("rg\n");
            page.fill = colour;
        }
    }

    private static StringBuilder colour(StringBuilder out, Colour colour) {
        number(out, colour.red()).append(' ');
        number(out, colour.green()).append(' ');
        return number(out, colour.blue()).append(' ');
    }

    private StringBuilder rectangle(float x, float y, float width, float height) {
        StringBuilder out = page.content;
        number(out, x).append(' ');
        number(out, y).append(' ');
        number(out, width).append(' ');
        return number(out, height).append(" re\n");
    }

    /** A number as PDFBox writes one: at most five decimals, no trailing zeros, no exponent. */
    static StringBuilder number(StringBuilder out, float value) {
        long scaled = Math.round((double) value * 100_000);
        if (scaled < 0) {
            out.append('-');
            scaled = -scaled;
        }
        out.append(scaled / 100_000);
        long fraction = scaled % 100_000;
        if (fraction != 0) {
            out.append('.');
            int digits = 5;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            String text = Long.toString(fraction);
            for (int pad = text.length(); pad < digits; pad++) {
                out.append('0');
            }
            out.append(text);
        }
        return out;
    }

    /** The file as it is written: bytes, and where each object starts for the cross-reference table. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        private final List<int[]> offsets = new ArrayList<>(16);

        Writer begin(int object) {
            offsets.add(new int[] {object, out.size()});
            return number(object).ascii(" 0 obj\n");
        }

        void end() {
            ascii("endobj\n");
        }

        Writer ascii(CharSequence text) {
            for (int i = 0; i < text.length(); i++) {
                out.write(text.charAt(i));
            }
            return this;
        }

        Writer number(long value) {
            return ascii(Long.toString(value));
        }

        Writer bytes(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        /** A text string: literal when it is plain ASCII, else UTF-16 with its byte order mark, in hex. */
        Writer string(String text) {
            boolean ascii = true;
            for (int i = 0; i < text.length() && ascii; i++) {
                char c = text.charAt(i);
                ascii = c >= 0x20 && c < 0x7f;
            }
            if (ascii) {
                out.write('(');
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '(' || c == ')' || c == '\\') {
                        out.write('\\');
                    }
                    out.write(c);
                }
                out.write(')');
                return this;
            }
            StringBuilder hex = new StringBuilder(4 + 4 * text.length()).append("<FEFF");
            for (int i = 0; i < text.length(); i++) {
                String code = Integer.toHexString(text.charAt(i)).toUpperCase(java.util.Locale.ROOT);
                hex.append("0000", code.length(), 4).append(code);
            }
            return ascii(hex.append('>'));
        }

        byte[] finish(int objects) {
            int xref = out.size();
            int[] at = new int[objects];
            for (int[] offset : offsets) {
                at[offset[0]] = offset[1];
            }
            ascii("xref\n0 ").number(objects).ascii("\n0000000000 65535 f\r\n");
            for (int object = 1; object < objects; object++) {
                String offset = Integer.toString(at[object]);
                ascii("0000000000".substring(offset.length())).ascii(offset).ascii(" 00000 n\r\n");
            }
            byte[] id = new byte[16];
            ThreadLocalRandom.current().nextBytes(id);
            StringBuilder hex = new StringBuilder(32);
            for (byte b : id) {
                hex.append(Character.forDigit(b >> 4 & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            String fileId = hex.toString().toUpperCase(java.util.Locale.ROOT);
            ascii("trailer\n<<\n/Root 1 0 R\n/Info 3 0 R\n/ID [<").ascii(fileId).ascii("> <").ascii(fileId)
                    .ascii(">]\n/Size ").number(objects).ascii("\n>>\nstartxref\n").number(xref)
                    .ascii("\n%%EOF\n");
            return out.toByteArray();
        }
    }
}
