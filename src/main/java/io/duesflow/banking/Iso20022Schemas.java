package io.duesflow.banking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The official ISO 20022 schemas shipped in {@code xsd/} (see its README for where each comes from), for the
 * files duesflow writes and the files it reads. Each is compiled once and shared: a compiled schema is
 * thread-safe, its validators are not, so every check takes a validator of its own.
 */
public final class Iso20022Schemas {

    /** More problems than this are not collected: a file that wrong is refused anyway. */
    public static final int MAX_PROBLEMS = 100;

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private Iso20022Schemas() {
    }

    /** The compiled schema of a message, e.g. {@code camt.053.001.08}, from {@code xsd/camt.053.001.08.xsd}. */
    public static Schema schema(String messageName) {
        return SCHEMAS.computeIfAbsent(messageName, Iso20022Schemas::compile);
    }

    /** The classpath resource of a message's schema. */
    public static String resource(String messageName) {
        return "xsd/" + messageName + ".xsd";
    }

    private static Schema compile(String messageName) {
        String name = resource(messageName);
        URL resource = Iso20022Schemas.class.getClassLoader().getResource(name);
        if (resource == null) {
            throw new IllegalStateException("The schema " + name + " is missing from the classpath");
        }
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        try (InputStream in = resource.openStream()) {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newSchema(new StreamSource(in, resource.toExternalForm()));
        } catch (org.xml.sax.SAXException e) {
            throw new IllegalStateException("The schema " + name + " does not compile: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("The schema " + name + " cannot be read", e);
        }
    }

    /**
     * Collects a validator's errors with their position, in file order; stops the check (by throwing the error
     * on) at a fatal error or at the {@value #MAX_PROBLEMS}th problem.
     */
    public static final class ProblemCollector implements ErrorHandler {
        private final List<SchemaProblem> problems = new ArrayList<>();

        @Override
        public void warning(SAXParseException e) {
            // Warnings (e.g. about the schema itself) do not make a file invalid.
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            problems.add(new SchemaProblem(e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
            if (problems.size() >= MAX_PROBLEMS) {
                throw e;
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            problems.add(new SchemaProblem(e.getLineNumber(), e.getColumnNumber(), e.getMessage()));
            throw e;
        }

        public boolean none() {
            return problems.isEmpty();
        }

        public List<SchemaProblem> problems() {
            return List.copyOf(problems);
        }
    }
}
