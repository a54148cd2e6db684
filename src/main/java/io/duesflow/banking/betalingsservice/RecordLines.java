package io.duesflow.banking.betalingsservice;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The records of a delivery file, line by line, decoded as Windows-1252, with the SHA-256 of the file's bytes for
 * recognising a file read before. Lines of the PBCNET transmission wrapper (betalingsservice.md §0) are counted
 * but not returned.
 *
 * <p>Lenient (files from Nets): a record may end with CR LF or LF, and may be shorter than 128 characters because
 * a stored file trimmed its trailing spaces. Strict (our own files, read back before they leave): every record is
 * exactly 128 characters and ends with CR LF. A line is read up to {@value #MAX_LINE} characters at most, so a
 * file without line breaks never fills the memory; the reader refuses any line longer than 128.
 */
final class RecordLines implements Closeable {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final String WRAPPER = "PBCNET";
    /** Long enough to say how long a wrong record is, short enough that a file without line breaks does no harm. */
    static final int MAX_LINE = 4096;

    private final DigestInputStream bytes;
    private final Reader reader;
    private final boolean strict;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder line = new StringBuilder(2 * FixedRecord.LENGTH);
    private int position;
    private int limit;
    private long number;
    private boolean endOfFile;

    RecordLines(Path file, boolean strict) throws IOException {
        InputStream in = Files.newInputStream(file);
        this.bytes = new DigestInputStream(in, sha256());
        this.reader = new InputStreamReader(bytes, WINDOWS_1252);
        this.strict = strict;
    }

    /** The next record, or {@code null} at the end of the file. */
    RecordLine next() throws IOException {
        while (true) {
            String raw = readLine();
            if (raw == null) {
                return null;
            }
            number++;
            if (raw.startsWith(WRAPPER)) {
                continue;
            }
            return new RecordLine(number, raw);
        }
    }

    /** The number of the last line read. */
    long lastNumber() {
        return number;
    }

    /** The SHA-256 of the file's bytes, hex; once every record has been read. */
    String sha256Hex() {
        if (!endOfFile) {
            throw new IllegalStateException("The file has not been read to its end");
        }
        return HexFormat.of().formatHex(bytes.getMessageDigest().digest());
    }

    /** The next line without its line end; the line's characters are copied once, straight from the buffer. */
    private String readLine() throws IOException {
        line.setLength(0);
        boolean anything = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!anything) {
                    return null;
                }
                if (strict) {
                    throw new RefusedDeliveryException(number + 1, "the last record does not end with CR LF");
                }
                return line.toString();
            }
            anything = true;
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            if (line.length() + end - start > MAX_LINE) {
                throw new RefusedDeliveryException(number + 1, "the record is longer than " + MAX_LINE
                        + " characters: this is no Betalingsservice delivery");
            }
            if (end == limit) {
                line.append(buffer, start, end - start);
                position = limit;
                continue;
            }
            position = end + 1;
            if (line.length() == 0) {
                boolean crlf = end > start && buffer[end - 1] == '\r';
                requireCrLf(crlf);
                return new String(buffer, start, end - start - (crlf ? 1 : 0));
            }
            line.append(buffer, start, end - start);
            boolean crlf = line.charAt(line.length() - 1) == '\r';
            requireCrLf(crlf);
            return line.substring(0, line.length() - (crlf ? 1 : 0));
        }
    }

    private boolean fill() throws IOException {
        limit = reader.read(buffer);
        position = 0;
        if (limit <= 0) {
            limit = 0;
            endOfFile = true;
            return false;
        }
        return true;
    }

    private void requireCrLf(boolean crlf) {
        if (strict && !crlf) {
            throw new RefusedDeliveryException(number + 1, "the record ends with LF alone, not CR LF");
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
