package io.duesflow.banking;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;

import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks pain.008 files against the official ISO 20022 schemas shipped in {@code xsd/}. The file is read as a
 * stream (a SAX parse under the validator), so a file of 100 000 collections needs no more memory than a small
 * one. The compiled schemas are {@link Iso20022Schemas}' shared ones; each check gets its own validator, so any
 * number of threads may check at once.
 */
public final class Pain008Schemas {

    /** More problems than this are not collected: a file that wrong is rejected anyway. */
    public static final int MAX_PROBLEMS = Iso20022Schemas.MAX_PROBLEMS;

    private static final int READ_BUFFER = 1 << 16;

    private Pain008Schemas() {
    }

    /** The compiled schema of the version, thread-safe and shared. */
    public static Schema schema(Pain008Version version) {
        return Iso20022Schemas.schema(version.messageName());
    }

    /** What the schema of {@code version} refuses in the file, in file order; empty when the file is valid. */
    public static List<SchemaProblem> problems(Path file, Pain008Version version) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return problems(in, file.toUri().toString(), version);
        }
    }

    /** What the schema of {@code version} refuses in the stream, which is read to its end but not closed. */
    public static List<SchemaProblem> problems(InputStream in, Pain008Version version) throws IOException {
        return problems(in, null, version);
    }

    /**
     * Nothing, when the file is valid for {@code version}.
     *
     * @throws SchemaViolationException with the problems and where they are, when it is not
     */
    public static void requireValid(Path file, Pain008Version version) throws IOException {
        List<SchemaProblem> problems = problems(file, version);
        if (!problems.isEmpty()) {
            throw new SchemaViolationException(version.messageName(), problems);
        }
    }

    /**
     * The file's version, read from its namespace, when the file is valid for it.
     *
     * @throws SchemaViolationException when it is not
     * @throws IllegalArgumentException when the file is no pain.008 of a version duesflow writes
     */
    public static Pain008Version requireValid(Path file) throws IOException {
        Pain008Version version = versionOf(file);
        requireValid(file, version);
        return version;
    }

    /** The version named by the namespace of the file's root element. */
    public static Pain008Version versionOf(Path file) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        // A bank file has no business with a DTD or external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                        return Pain008Version.ofNamespace(reader.getNamespaceURI());
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException(file + " is not well-formed XML: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + " has no root element");
    }

    private static List<SchemaProblem> problems(InputStream in, String systemId, Pain008Version version)
            throws IOException {
        Validator validator = schema(version).newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("The XML validator cannot be locked against external entities", e);
        }
        Iso20022Schemas.ProblemCollector collector = new Iso20022Schemas.ProblemCollector();
        validator.setErrorHandler(collector);
        StreamSource source = new StreamSource(new BufferedInputStream(in, READ_BUFFER));
        if (systemId != null) {
            source.setSystemId(systemId);
        }
        try {
            validator.validate(source);
        } catch (SAXParseException e) {
            // Thrown by the collector: a fatal (not well-formed) error, or too many problems. Already collected.
        } catch (SAXException e) {
            throw new IOException("The " + version.messageName() + " check could not run: " + e.getMessage(), e);
        }
        return collector.problems();
    }
}
