package io.duesflow.banking.betalingsservice;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * One 128-character record being written, positions 1-based and inclusive as in Nets' layouts. Reused for every
 * record of a delivery: each record starts as spaces, fields are put at their positions, and the record goes out
 * with CR LF.
 */
final class FixedRecord {

    static final int LENGTH = 128;
    static final String LINE_END = "\r\n";

    private final char[] chars = new char[LENGTH];
    private final byte[] bytes = new byte[LENGTH + LINE_END.length()];
    private CharsetEncoder encoder;

    FixedRecord() {
        bytes[LENGTH] = '\r';
        bytes[LENGTH + 1] = '\n';
    }

    /** Starts a record of the given type ({@code "042"}): {@code BS042} at 1-5, spaces elsewhere. */
    FixedRecord start(String recordType) {
        Arrays.fill(chars, ' ');
        return text(1, 5, "BS" + recordType);
    }

    /** Text left-aligned in positions {@code from}-{@code to}, padded with spaces; it must fit. */
    FixedRecord text(int from, int to, String text) {
        int width = to - from + 1;
        if (text.length() > width) {
            throw new IllegalArgumentException("'" + text + "' does not fit positions " + from + "-" + to);
        }
        text.getChars(0, text.length(), chars, from - 1);
        return this;
    }

    /** A number right-aligned and zero-padded in positions {@code from}-{@code to}; it must fit. */
    FixedRecord number(int from, int to, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(value + " cannot go into the unsigned positions " + from + "-" + to);
        }
        long rest = value;
        for (int i = to - 1; i >= from - 1; i--) {
            chars[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        if (rest != 0) {
            throw new IllegalArgumentException(value + " does not fit the " + (to - from + 1) + " digits of positions "
                    + from + "-" + to);
        }
        return this;
    }

    /** Zeros in positions {@code from}-{@code to}. */
    FixedRecord zeros(int from, int to) {
        Arrays.fill(chars, from - 1, to, '0');
        return this;
    }

    /** DDMMYY. */
    FixedRecord ddmmyy(int from, LocalDate date) {
        return number(from, from + 1, date.getDayOfMonth()).number(from + 2, from + 3, date.getMonthValue())
                .number(from + 4, from + 5, date.getYear() % 100);
    }

    /** DDMMYYYY. */
    FixedRecord ddmmyyyy(int from, LocalDate date) {
        return number(from, from + 1, date.getDayOfMonth()).number(from + 2, from + 3, date.getMonthValue())
                .number(from + 4, from + 7, date.getYear());
    }

    /**
     * The record in Windows-1252, with CR LF. Printable ASCII and U+00A0-U+00FF, all a delivery's text is made of
     * ({@link DeliveryText#isDeliveryCharacter}), are the same byte in Windows-1252 and go out as they are: the
     * charset encoder was the largest part of writing a 100 000-payment delivery (600 000 records). Any other
     * character takes the encoder, which refuses what Windows-1252 cannot carry, as the writer's encoder did.
     *
     * @throws java.nio.charset.CharacterCodingException for a character Windows-1252 does not have
     */
    void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < LENGTH; i++) {
            char c = chars[i];
            if (c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xFF) {
                bytes[i] = (byte) c;
            } else {
                encode();
                break;
            }
        }
        out.write(bytes);
    }

    private void encode() throws IOException {
        if (encoder == null) {
            encoder = RecordLines.WINDOWS_1252.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        ByteBuffer encoded = encoder.reset().encode(CharBuffer.wrap(chars));
        if (encoded.remaining() != LENGTH) {
            throw new IllegalStateException("A record encodes to " + encoded.remaining() + " bytes, not " + LENGTH);
        }
        encoded.get(bytes, 0, LENGTH);
    }
}
