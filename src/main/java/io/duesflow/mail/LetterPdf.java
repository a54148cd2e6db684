package io.duesflow.mail;

import java.util.ArrayList;
import java.util.List;

import io.duesflow.mail.PdfPages.Colour;
import io.duesflow.mail.PdfPages.Font;

/**
 * The built-in PDF of a member document — invoice, reminder, credit note, receipt — drawn straight onto the page:
 * the letter of {@code templates/document/letter.html} and the document templates beside it, in the same places
 * and sizes, without laying out HTML and CSS for every member, which cost ten times as much. The templates stay the
 * starting point for an association's own PDF templates, which {@link PdfPrinter} prints instead.
 * <p>
 * Lengths are those of the stylesheet in {@code letter.html}; where HTML adds something of its own (the body's
 * 8 px margin, line heights), it is added here too. Tall content goes on to further pages, each with the footer;
 * the payment box is never split.
 */
final class LetterPdf {

    private static final float MM = PdfPages.MM;
    // The page box of @page, less the body's default margin of 8 px (6 pt).
    private static final float LEFT = 20 * MM + 6;
    private static final float RIGHT = PdfPages.PAGE_WIDTH - 18 * MM - 6;
    private static final float WIDTH = RIGHT - LEFT;
    private static final float TOP = 16 * MM + 6;
    private static final float BOTTOM = PdfPages.PAGE_HEIGHT - 26 * MM - 6;
    // The footer runs in the bottom margin at the page box's full width.
    private static final float FOOTER_TOP = PdfPages.PAGE_HEIGHT - 26 * MM;
    private static final float FOOTER_LEFT = 20 * MM;
    private static final float FOOTER_WIDTH = 172 * MM;

    private static final Colour INK = Colour.of(0x1f2328);
    private static final Colour MUTED = Colour.of(0x59636e);
    private static final Colour SOFT = Colour.of(0x3d444d);
    private static final Colour BRAND = Colour.of(0x0b3d5c);
    private static final Colour RULE = Colour.of(0x9aa3ab);
    private static final Colour LIGHT_RULE = Colour.of(0xd0d7de);
    private static final Colour TINT = Colour.of(0xf3f5f7);

    private static final float TEXT = 9.5f;
    private static final float LEADING = 1.35f;
    private static final float WINDOW = 85 * MM;
    private static final float FACTS_LEFT = LEFT + WINDOW + 4 * MM;
    private static final float AMOUNT_COLUMN = 38 * MM;
    private static final float QR_COLUMN = 40 * MM;
    private static final float QR_SIZE = 36 * MM;
    private static final float BOX_PADDING = 4 * MM;
    private static final float FRAME = 0.8f;

    private final PdfPages pdf;
    private final DocumentKind kind;
    private final ChargeDocument doc;
    private final Formats fmt;
    private final PaymentInstructions pay;
    private final DocumentTemplates texts;
    private final Language language;
    /** Where the next block starts, from the page's top. */
    private float y = TOP;
    /** The bottom margin of the block above, which collapses with the top margin of the next as in CSS. */
    private float margin;

    private LetterPdf(PdfPages pdf, DocumentKind kind, ChargeDocument doc, Formats fmt, PaymentInstructions pay,
                      DocumentTemplates texts) {
        this.pdf = pdf;
        this.kind = kind;
        this.doc = doc;
        this.fmt = fmt;
        this.pay = pay;
        this.texts = texts;
        this.language = fmt.language();
    }

    static byte[] print(DocumentKind kind, ChargeDocument doc, Formats fmt, PaymentInstructions pay,
                        DocumentTemplates texts) {
        PdfPages pdf = new PdfPages();
        LetterPdf letter = new LetterPdf(pdf, kind, doc, fmt, pay, texts);
        letter.draw();
        return pdf.finish(printable(letter.text(kind.messageKey() + ".title") + " " + doc.number()),
                fmt.language().locale().getLanguage());
    }

    private void draw() {
        letterhead();
        windowAndFacts();
        ChargeDocument.Original original = doc.original();
        switch (kind) {
            case INVOICE, INVOICE_AGAIN -> {
                lines();
                message();
                payment();
            }
            case FIRST_REMINDER, SECOND_REMINDER -> {
                paragraph(text(kind.messageKey() + ".intro", original.number(), fmt.date(original.dueDate()),
                        fmt.date(doc.dueDate())), 4 * MM, 4 * MM);
                lines();
                message();
                payment();
            }
            case CREDIT_NOTE -> {
                paragraph(text("credit-note.intro", original.number(), fmt.money(doc.total().negate())), 4 * MM, 4 * MM);
                lines();
                message();
                paragraph(text("credit-note.settle"), 0, 2.5f * MM);
            }
            case PAYMENT_RECEIPT -> {
                String settled = doc.owed().signum() > 0
                        ? text("payment-receipt.remaining", fmt.money(doc.owed()), doc.number())
                        : text("payment-receipt.paid-in-full", doc.number());
                paragraph(text("payment-receipt.intro", fmt.money(doc.received().amount()),
                        fmt.date(doc.received().on())) + " " + settled, 4 * MM, 4 * MM);
                lines();
                payment();
            }
            default -> throw new IllegalArgumentException(kind + " has no PDF");
        }
        footers();
    }

    // --- the parts of the letter, top to bottom ---

    private void letterhead() {
        float top = y;
        y = textLines(PdfPages.wrap(printable(doc.association().name()), Font.BOLD, 17, WIDTH), Font.BOLD, 17, 1.1f,
                BRAND, LEFT, y);
        y += 1.5f * MM;
        y = wrapped(joined(" · ", associationAddress(), doc.association().email()), Font.REGULAR, 8.5f, MUTED,
                LEFT, y, WIDTH);
        y = Math.max(y, top + 27 * MM);
    }

    /** The address window on the left (with the return address above a rule), the title and the facts beside it. */
    private void windowAndFacts() {
        float top = y;
        float window = wrapped(joined(" · ", doc.association().name(), associationAddress()), Font.REGULAR, 7, MUTED,
                LEFT, top, WINDOW);
        window += 0.6f * MM;
        pdf.rule(RULE, 0.4f, LEFT, WINDOW, window + 0.2f);
        window += 0.4f + 3 * MM;
        List<String> recipient = new ArrayList<>();
        recipient.add(doc.member().name());
        recipient.addAll(fmt.addressLines(doc.member().address(), doc.association().address().country()));
        for (String line : recipient) {
            window = textLines(PdfPages.wrap(printable(line), Font.REGULAR, 10.5f, WINDOW), Font.REGULAR, 10.5f, 1.4f,
                    INK, LEFT, window);
        }

        float width = RIGHT - FACTS_LEFT;
        float facts = textLines(PdfPages.wrap(printable(text(kind.messageKey() + ".title")), Font.BOLD, 20, width),
                Font.BOLD, 20, LEADING, BRAND, FACTS_LEFT, top);
        facts += 3 * MM;
        facts = table(pdf, facts(), FACTS_LEFT, facts, width, 9, 4 * MM, 0.5f * MM);
        y = top + Math.max(40 * MM, Math.max(window - top, facts - top));
    }

    /** A row of a table of labels and values: the value in its own font (the code font prints at 10 pt). */
    private record Fact(String label, String value, Font font) {
    }

    private List<Fact> facts() {
        List<Fact> rows = new ArrayList<>();
        rows.add(new Fact(text(kind.messageKey() + ".number-label"), doc.number(), Font.BOLD));
        if (doc.original() != null && !doc.original().number().equals(doc.number())) {
            rows.add(new Fact(text("doc.invoice"), doc.original().number(), Font.REGULAR));
        }
        rows.add(new Fact(text("doc.member-number"), String.valueOf(doc.member().number()), Font.REGULAR));
        rows.add(new Fact(text("doc.date"), fmt.date(doc.issueDate()), Font.REGULAR));
        switch (kind) {
            case PAYMENT_RECEIPT -> rows.add(new Fact(text("doc.payment-received"), fmt.date(doc.received().on()),
                    Font.REGULAR));
            case INVOICE, INVOICE_AGAIN -> rows.add(new Fact(text("doc.due-date"), fmt.date(doc.dueDate()), Font.BOLD));
            case FIRST_REMINDER, SECOND_REMINDER -> {
                if (doc.original().dueDate() != null) {
                    rows.add(new Fact(text("doc.original-due-date"), fmt.date(doc.original().dueDate()), Font.REGULAR));
                }
                rows.add(new Fact(text("doc.pay-by"), fmt.date(doc.dueDate()), Font.BOLD));
            }
            default -> {
            }
        }
        if (doc.period() != null) {
            rows.add(new Fact(text("doc.period"), fmt.period(doc.period()), Font.REGULAR));
        }
        return rows;
    }

    private enum Row {
        HEADER(Font.REGULAR, 8.5f, MUTED, 0, 1.2f * MM),
        LINE(Font.REGULAR, TEXT, INK, 1.6f * MM, 1.6f * MM),
        SUM(Font.REGULAR, TEXT, INK, 2 * MM, 1.6f * MM),
        SUB(Font.REGULAR, TEXT, SOFT, 0.8f * MM, 0.8f * MM),
        GRAND(Font.BOLD, 11, INK, 2 * MM, 1.6f * MM);

        final Font font;
        final float size;
        final Colour colour;
        final float above;
        final float below;

        Row(Font font, float size, Colour colour, float above, float below) {
            this.font = font;
            this.size = size;
            this.colour = colour;
            this.above = above;
            this.below = below;
        }
    }

    private record AmountRow(Row row, String text, String amount) {
    }

    /** The charge lines, then the total; what was paid and a reminder fee when there are any. */
    private void lines() {
        boolean paid = doc.alreadyPaid().signum() != 0;
        boolean fee = doc.reminderFee().signum() != 0;
        List<AmountRow> rows = new ArrayList<>();
        rows.add(new AmountRow(Row.HEADER, text("doc.description"), text("doc.amount") + " " + fmt.currency()));
        for (ChargeDocument.Line line : doc.lines()) {
            rows.add(new AmountRow(Row.LINE, line.text(), fmt.amount(line.amount())));
        }
        boolean totalIsLast = !paid && !fee;
        rows.add(new AmountRow(totalIsLast ? Row.GRAND : Row.SUM, text("doc.total"),
                totalIsLast ? fmt.money(doc.total()) : fmt.amount(doc.total())));
        if (paid) {
            rows.add(new AmountRow(Row.SUB, text("doc.already-paid"), fmt.amount(doc.alreadyPaid().negate())));
            rows.add(new AmountRow(fee ? Row.SUM : Row.GRAND, text("doc.owed"),
                    fee ? fmt.amount(doc.owed()) : fmt.money(doc.owed())));
        }
        if (fee) {
            rows.add(new AmountRow(Row.SUB, text("doc.reminder-fee"), fmt.amount(doc.reminderFee())));
            rows.add(new AmountRow(Row.GRAND, text("doc.to-pay"), fmt.money(doc.amountDue())));
        }
        startBlock(5 * MM);
        float textWidth = WIDTH - AMOUNT_COLUMN;
        for (int i = 0; i < rows.size(); i++) {
            AmountRow row = rows.get(i);
            Row style = row.row();
            List<String> text = PdfPages.wrap(printable(row.text()), style.font, style.size, textWidth);
            float leading = style.size * LEADING;
            float height = style.above + text.size() * leading + style.below;
            room(height);
            textLines(text, style.font, style.size, LEADING, style.colour, LEFT, y + style.above);
            String amount = printable(row.amount());
            pdf.text(amount, style.font, style.size, style.colour, RIGHT - style.font.width(amount, style.size),
                    baseline(style.font, style.size, leading, y + style.above));
            y += height;
            // Collapsed borders: a grand total's dark rule above it wins over the light one below a line.
            boolean nextIsGrand = i + 1 < rows.size() && rows.get(i + 1).row() == Row.GRAND;
            if (style == Row.HEADER || nextIsGrand) {
                rule(INK, 0.8f);
            } else if (style == Row.LINE) {
                rule(LIGHT_RULE, 0.4f);
            }
        }
        endBlock(4 * MM);
    }

    /** The run's message as the treasurer typed it, its line breaks kept, on a tinted band. */
    private void message() {
        if (doc.message() == null || doc.message().isEmpty()) {
            return;
        }
        startBlock(0);
        float padding = 2.5f * MM;
        float inset = 3 * MM;
        float leading = TEXT * LEADING;
        List<String> lines = new ArrayList<>();
        // Split before printable(), which would make the line breaks spaces.
        for (String typed : doc.message().split("\\R", -1)) {
            lines.addAll(PdfPages.wrap(printable(typed), Font.REGULAR, TEXT, WIDTH - 2 * inset));
        }
        // The band is drawn line by line, so that a long message goes on to the next page like any text.
        room(padding + leading);
        pdf.fill(TINT, LEFT, y, WIDTH, padding);
        y += padding;
        for (String line : lines) {
            if (room(leading)) {
                pdf.fill(TINT, LEFT, y - padding, WIDTH, padding);
            }
            pdf.fill(TINT, LEFT, y, WIDTH, leading);
            pdf.text(line, Font.REGULAR, TEXT, INK, LEFT + inset, baseline(Font.REGULAR, TEXT, leading, y));
            y += leading;
        }
        pdf.fill(TINT, LEFT, y, WIDTH, padding);
        y += padding;
        endBlock(5 * MM);
    }

    /** How to pay: the sentence, the account details or FI code line, and the QR code to scan; never split. */
    private void payment() {
        if (!pay.present()) {
            return;
        }
        startBlock(2 * MM);
        float height = paymentBox(false);
        if (y + height > BOTTOM && y > TOP) {
            nextPage();
        }
        paymentBox(true);
        y += height;
        endBlock(0);
    }

    /** Lays the payment box out at {@link #y}, drawing it when asked to; its height either way. */
    private float paymentBox(boolean draw) {
        EpcQrCode.Bitmap qr = draw && pay.qr() != null ? pay.qr().bitmap() : null;
        float inner = (pay.qr() != null ? WIDTH - QR_COLUMN - 4 * BOX_PADDING : WIDTH - 2 * BOX_PADDING) - FRAME;
        // Inside the frame's line, as the collapsed border of a table lies half inside it.
        float x = LEFT + FRAME / 2 + BOX_PADDING;
        float top = y + FRAME / 2 + BOX_PADDING;
        PdfPages drawn = draw ? pdf : null;
        float left = wrapped(drawn, printable(pay.heading()), Font.BOLD, 11, BRAND, x, top, inner) + 2 * MM;
        left = wrapped(drawn, printable(pay.boxLead()), Font.REGULAR, TEXT, INK, x, left, inner) + 2.5f * MM;
        if (!pay.details().isEmpty()) {
            List<Fact> rows = new ArrayList<>();
            for (PaymentInstructions.Detail detail : pay.details()) {
                rows.add(new Fact(detail.label(), detail.value(), detail.code() ? Font.CODE : Font.REGULAR));
            }
            left = table(drawn, rows, x, left, inner, TEXT, 5 * MM, 0.6f * MM);
        }
        if (pay.ocrLine() != null) {
            String code = printable(pay.ocrLine());
            float size = 13;
            float leading = size * LEADING;
            float width = Font.CODE.width(code, size) + 8 * MM + 1.6f;
            float boxTop = left + MM;
            float boxHeight = leading + 5 * MM + 1.6f;
            if (draw) {
                pdf.frame(INK, 0.8f, x, boxTop, width, boxHeight);
                pdf.text(code, Font.CODE, size, INK, x + 0.8f + 4 * MM,
                        baseline(Font.CODE, size, leading, boxTop + 0.8f + 2.5f * MM));
            }
            left = boxTop + boxHeight + 3 * MM;
        }
        for (String note : pay.notes()) {
            left = wrapped(drawn, printable(note), Font.REGULAR, 8.5f, SOFT, x, left, inner) + MM;
        }
        float right = top;
        if (pay.qr() != null) {
            float column = RIGHT - FRAME / 2 - BOX_PADDING - QR_COLUMN;
            if (draw) {
                pdf.bitmap(qr.deflatedRows(), qr.pixels(), column + (QR_COLUMN - QR_SIZE) / 2, top, QR_SIZE);
            }
            String caption = printable(text("pay.qr-caption"));
            // The image sits on the line's baseline; the caption's line follows below the line's descent.
            float captionTop = top + QR_SIZE + 3;
            if (draw) {
                float width = Font.BOLD.width(caption, 8.5f);
                pdf.text(caption, Font.BOLD, 8.5f, BRAND, column + (QR_COLUMN - width) / 2,
                        baseline(Font.BOLD, 8.5f, 8.5f * LEADING, captionTop));
            }
            right = captionTop + 8.5f * LEADING;
        }
        float height = Math.max(left, right) - y + BOX_PADDING + FRAME / 2;
        if (draw) {
            pdf.frame(BRAND, FRAME, LEFT, y, WIDTH, height);
        }
        return height;
    }

    /** A paragraph of running text across the page, with its margins above and below. */
    private void paragraph(String text, float above, float below) {
        startBlock(above);
        float leading = TEXT * LEADING;
        for (String line : PdfPages.wrap(printable(text), Font.REGULAR, TEXT, WIDTH)) {
            room(leading);
            pdf.text(line, Font.REGULAR, TEXT, INK, LEFT, baseline(Font.REGULAR, TEXT, leading, y));
            y += leading;
        }
        endBlock(below);
    }

    /** Every page's footer: the association, its bank details, the page number. */
    private void footers() {
        List<String> bank = new ArrayList<>();
        ChargeDocument.Creditor association = doc.association();
        if (association.iban() != null) {
            bank.add("IBAN " + Formats.iban(association.iban()));
        }
        if (association.bic() != null) {
            bank.add("BIC " + association.bic());
        }
        if (association.sepaCreditorId() != null) {
            bank.add(text("doc.creditor-id") + " " + association.sepaCreditorId());
        }
        float size = 7.5f;
        float top = FOOTER_TOP + 0.6f + 2 * MM;
        for (int page = 1; page <= pdf.pageCount(); page++) {
            pdf.drawOnPage(page);
            pdf.rule(RULE, 0.6f, FOOTER_LEFT, FOOTER_WIDTH, FOOTER_TOP + 0.3f);
            float who = textLines(PdfPages.wrap(printable(association.name()), Font.BOLD, size, 72 * MM), Font.BOLD,
                    size, LEADING, MUTED, FOOTER_LEFT, top);
            who = wrapped(associationAddress(), Font.REGULAR, size, MUTED, FOOTER_LEFT, who, 72 * MM);
            wrapped(association.email(), Font.REGULAR, size, MUTED, FOOTER_LEFT, who, 72 * MM);
            float bankTop = top;
            for (String line : bank) {
                bankTop = wrapped(line, Font.REGULAR, size, MUTED, FOOTER_LEFT + 76 * MM, bankTop, 68 * MM);
            }
            String number = printable(text("doc.page") + " " + page + " / " + pdf.pageCount());
            pdf.text(number, Font.REGULAR, size, MUTED,
                    FOOTER_LEFT + FOOTER_WIDTH - Font.REGULAR.width(number, size),
                    baseline(Font.REGULAR, size, size * LEADING, top));
        }
    }

    // --- laying out ---

    /**
     * A table of labels (muted, as wide as the widest, then {@code gap}) and values (wrapped in the rest), each row
     * with {@code padding} above and below; where it ends. Only measured when {@code drawn} is null.
     */
    private static float table(PdfPages drawn, List<Fact> rows, float x, float top, float width, float size,
                               float gap, float padding) {
        float labels = 0;
        for (Fact row : rows) {
            labels = Math.max(labels, Font.REGULAR.width(printable(row.label()), size));
        }
        float valueX = x + labels + gap;
        float at = top;
        for (Fact row : rows) {
            float valueSize = row.font() == Font.CODE ? 10 : size;
            if (drawn != null) {
                drawn.text(printable(row.label()), Font.REGULAR, size, MUTED, x,
                        baseline(Font.REGULAR, size, size * LEADING, at + padding));
            }
            float end = wrapped(drawn, printable(row.value()), row.font(), valueSize, INK, valueX, at + padding,
                    x + width - valueX);
            at = Math.max(end, at + padding + size * LEADING) + padding;
        }
        return at;
    }

    /** Text wrapped to {@code width} at the line height of the letter; where it ends. */
    private float wrapped(String text, Font font, float size, Colour colour, float x, float top, float width) {
        return wrapped(pdf, printable(text), font, size, colour, x, top, width);
    }

    /** As above, only measured when {@code drawn} is null. The text must be printable. */
    private static float wrapped(PdfPages drawn, String text, Font font, float size, Colour colour, float x, float top,
                                 float width) {
        if (text.isEmpty()) {
            return top;
        }
        List<String> lines = PdfPages.wrap(text, font, size, width);
        if (drawn == null) {
            return top + lines.size() * size * LEADING;
        }
        return textLines(drawn, lines, font, size, LEADING, colour, x, top);
    }

    private float textLines(List<String> lines, Font font, float size, float lineHeight, Colour colour, float x,
                            float top) {
        return textLines(pdf, lines, font, size, lineHeight, colour, x, top);
    }

    /** Lines one under the other, each in a line box of {@code lineHeight} times the size; where they end. */
    private static float textLines(PdfPages drawn, List<String> lines, Font font, float size, float lineHeight,
                                   Colour colour, float x, float top) {
        float leading = size * lineHeight;
        float at = top;
        for (String line : lines) {
            drawn.text(line, font, size, colour, x, baseline(font, size, leading, at));
            at += leading;
        }
        return at;
    }

    /** As CSS places it: the glyphs' height centred in the line box, the baseline below their ascent. */
    private static float baseline(Font font, float size, float leading, float lineTop) {
        float glyphs = (font.ascent + font.descent) * size / 1000;
        return lineTop + (leading - glyphs) / 2 + font.ascent * size / 1000;
    }

    /** A rule across the page that takes its thickness of room, as a table row's border does. */
    private void rule(Colour colour, float thickness) {
        pdf.rule(colour, thickness, LEFT, WIDTH, y + thickness / 2);
        y += thickness;
    }

    private void startBlock(float marginAbove) {
        y += Math.max(margin, marginAbove);
        margin = 0;
    }

    private void endBlock(float marginBelow) {
        margin = marginBelow;
    }

    /** Starts a new page when {@code height} no longer fits on this one; whether it did. */
    private boolean room(float height) {
        if (y + height > BOTTOM && y > TOP) {
            nextPage();
            return true;
        }
        return false;
    }

    private void nextPage() {
        pdf.newPage();
        y = TOP;
        margin = 0;
    }

    private String associationAddress() {
        return fmt.addressLine(doc.association().address());
    }

    private String text(String key, Object... arguments) {
        return texts.message(key, language, arguments);
    }

    private static String printable(String text) {
        return PdfPages.printable(text);
    }

    private static String joined(String separator, String first, String second) {
        return first == null || first.isEmpty() ? (second == null ? "" : second)
                : second == null || second.isEmpty() ? first : first + separator + second;
    }
}
