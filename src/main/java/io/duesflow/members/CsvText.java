package io.duesflow.members;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.duesflow.platform.InvalidInput;

/**
 * A member list's bytes as UTF-8 text, read as it arrives, never held whole. It refuses what is not UTF-8 with the
 * byte and line where it stops being so, skips a byte order mark, and refuses a record that grows past
 * {@link #MAX_RECORD} characters: one stray quote opens a cell that, to a CSV parser, runs to the end of the file,
 * and that must not turn a 200 MB upload into a 200 MB cell in memory.
 */
final class CsvText extends Reader {

    /** The longest record (row) taken: every column of a member, with room to spare. */
    static final int MAX_RECORD = 100_000;
    private static final int READ_AHEAD = 1 << 18;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    /** Bytes consumed before {@link #bytes}' start, so a bad byte is named by its place in the file. */
    private long bytesBefore;
    private long line = 1;
    private long charsRead;
    private long recordStart;
    private long recordLine = 1;
    private boolean endOfInput;
    private boolean first = true;

    CsvText(InputStream in) {
        this.in = in;
        bytes.limit(0);
        chars.limit(0);
    }

    /** The parser finished a record: the next one is measured from here. */
    void recordEnded(long nextLine) {
        recordStart = charsRead;
        recordLine = nextLine;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        for (int i = offset; i < offset + n; i++) {
            if (target[i] == '\n') {
                line++;
            }
        }
        charsRead += n;
        // The readers above read ahead (64 K and 8 K characters): past this, the record itself is over MAX_RECORD.
        if (charsRead - recordStart > MAX_RECORD + READ_AHEAD) {
            throw new InvalidInput("file", "Row " + recordLine + " goes on for more than " + MAX_RECORD
                    + " characters: a cell that opens a quote (\") and never closes it takes the rest of the file. "
                    + "Close the quote, or write a quote inside a quoted cell as two (\"\")");
        }
        return n;
    }

    private boolean fill() throws IOException {
        chars.clear();
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                throw notUtf8(bytesBefore + bytes.position());
            }
            if (chars.position() > 0 || endOfInput) {
                break;
            }
            // Every byte decoded: read on, keeping the start of a character cut off at the buffer's end.
            bytesBefore += bytes.position();
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        chars.flip();
        if (first && chars.hasRemaining()) {
            first = false;
            if (chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
        if (!chars.hasRemaining()) {
            return !endOfInput && fill();
        }
        return true;
    }

    private InvalidInput notUtf8(long position) {
        long lineOfByte = line;
        for (int i = 0; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                lineOfByte++;
            }
        }
        boolean utf16 = position == 0 && bytes.hasRemaining()
                && (bytes.get(bytes.position()) == (byte) 0xFF || bytes.get(bytes.position()) == (byte) 0xFE);
        return new InvalidInput("file", "The file is not UTF-8: the bytes at position " + position + " (row "
                + lineOfByte + ") are not UTF-8 text" + (utf16 ? "; it is UTF-16 (\"Unicode text\")" : "")
                + ". Save it as \"CSV UTF-8\" and import it again.");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
