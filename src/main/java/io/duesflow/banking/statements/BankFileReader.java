package io.duesflow.banking.statements;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.duesflow.banking.SchemaViolationException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads a file from the bank: a camt.052, camt.053 or camt.054 (.001.02 to .001.08) or a pain.002 (.001.03,
 * .001.10), recognised by the namespace of its root element, never by its name. The file is streamed once: the
 * official schema of its own version checks every element as it passes, and the {@link BankFileVisitor} gets each
 * statement, entry and transaction as soon as it is read and checked. Memory stays flat however long the file.
 *
 * <p>Refused, with the reason and where it is: no XML or cut off ({@link UnreadableBankFileException}); a
 * DOCTYPE (no DTD, no external entity, no entity expansion is ever read); more bytes than the configured maximum
 * (a file on disk is refused before it is opened); a namespace that is no message duesflow reads; a version whose
 * schema duesflow does not ship; anything the schema refuses ({@link SchemaViolationException}, with up to 100
 * problems by line and column). The visitor may have got part of the file by then: see {@link BankFileVisitor}.
 *
 * <p>Thread-safe: each call reads on its own.
 */
@Component
public class BankFileReader {

    private final long maxBytes;

    @Autowired
    public BankFileReader(BankFileLimits limits) {
        this.maxBytes = limits.maxFileSize().toBytes();
    }

    /** With the default limits: files up to 100 MB. */
    public BankFileReader() {
        this(BankFileLimits.DEFAULT);
    }

    /**
     * Reads the file into the visitor.
     *
     * @return which message the file was
     * @throws UnreadableBankFileException when the file is not one duesflow reads, and why
     * @throws SchemaViolationException    when its schema refuses it
     * @throws IOException                 when the file cannot be read from disk
     */
    public BankMessage read(Path file, BankFileVisitor visitor) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new UnreadableBankFileException("The file is " + describe(size) + ", more than the "
                    + describe(maxBytes) + " a bank file may have (duesflow.bank.reading.max-file-size)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new ValidatingParser(maxBytes).read(in, visitor);
        }
    }

    /**
     * Reads the stream, which is read to the end of the document (or to the maximum size) but not closed.
     *
     * @see #read(Path, BankFileVisitor)
     */
    public BankMessage read(InputStream in, BankFileVisitor visitor) throws IOException {
        return new ValidatingParser(maxBytes).read(in, visitor);
    }

    static String describe(long bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0).replace(".0 MB", " MB");
        }
        if (bytes >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0).replace(".0 KB", " KB");
        }
        return bytes + " bytes";
    }
}
