package io.duesflow.banking;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes pain.008 customer direct-debit initiations (SEPA Core, EUR) as a stream: StAX, one collection at a time,
 * so a file of 100 000 collections needs no more memory than a small one. The document is in the default namespace
 * of its version ({@code xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.08"}, no prefix), which every bank
 * takes. Each collection is on a line of its own, so the file can be searched and compared with line tools.
 *
 * <p>The counts and control sums stand in the group header and in each block before the collections, so they come
 * declared with the {@link PaymentBlock}s; the writer adds up what it streams and refuses the file with a
 * {@link DeclaredTotalsMismatchException} at the end of a block whose collections do not match. Use
 * {@link #writeValidated} to get a file only when it is whole, adds up and matches the official schema.
 */
public final class Pain008Writer {

    private static final int WRITE_BUFFER = 1 << 16;

    private Pain008Writer() {
    }

    /**
     * Writes the file to {@code out}, which is flushed but not closed. On an exception what was written is
     * incomplete and must be thrown away.
     *
     * @throws DeclaredTotalsMismatchException when a block streams other collections than it declared
     */
    public static void write(DirectDebitFile file, Pain008Version version, OutputStream out) throws IOException {
        Writer text = utf8(out);
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(text);
            new Pain008Document(xml, version, file).write();
            xml.close();
            text.flush();
        } catch (XMLStreamException e) {
            throw new IOException("Writing the " + version.messageName() + " file " + file.messageId() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The text channel under the StAX writer: the JDK's own StAX implementation (not whatever else the classpath
     * brings) given a {@link Writer}: on an {@link OutputStream} it encodes byte by byte, which doubled the time
     * of a plain write of 100 000 collections; a buffered encoder does it in blocks.
     */
    static Writer utf8(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(new BufferedOutputStream(out, WRITE_BUFFER),
                StandardCharsets.UTF_8), WRITE_BUFFER);
    }

    /**
     * Writes the file to {@code target} only when it is right: written under a temporary name beside the target,
     * checked against the schema of its version, then renamed to {@code target} in one step (replacing a file of
     * that name). On any failure the temporary file is deleted and {@code target} is left as it was, so an invalid
     * or half-written file never appears under the target's name. Write into a work folder, not straight into a
     * folder the bank collects from.
     *
     * @throws DeclaredTotalsMismatchException when a block streams other collections than it declared
     * @throws SchemaViolationException        when the written file does not match the schema
     */
    public static void writeValidated(DirectDebitFile file, Pain008Version version, Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".part");
        boolean placed = false;
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                write(file, version, out);
            }
            Pain008Schemas.requireValid(temporary, version);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            placed = true;
        } finally {
            if (!placed) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
