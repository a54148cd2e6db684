package io.duesflow.banking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A written file parsed back (namespace-aware DOM) so tests can check values, not just validity. Paths are local
 * names separated by '/', and only elements in the document's namespace match, so a stray prefix or namespace
 * shows up as a missing value.
 */
final class XmlReadBack {

    private final Element root;
    private final String namespace;

    private XmlReadBack(Element root) {
        this.root = root;
        this.namespace = root.getNamespaceURI();
    }

    static XmlReadBack parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(in);
            return new XmlReadBack(document.getDocumentElement());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(e);
        }
    }

    Element root() {
        return root;
    }

    /** The elements at the path below the root ({@code CstmrDrctDbtInitn/PmtInf}), in document order. */
    List<Element> all(String path) {
        return all(root, path);
    }

    List<Element> all(Element from, String path) {
        List<Element> current = List.of(from);
        for (String name : path.split("/")) {
            List<Element> next = new ArrayList<>();
            for (Element element : current) {
                for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element e && name.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())) {
                        next.add(e);
                    }
                }
            }
            current = next;
        }
        return current;
    }

    List<String> texts(String path) {
        return texts(root, path);
    }

    List<String> texts(Element from, String path) {
        return all(from, path).stream().map(Element::getTextContent).toList();
    }

    /** The one text at the path, or {@code null} when there is none; more than one is an error. */
    String text(Element from, String path) {
        List<String> texts = texts(from, path);
        if (texts.size() > 1) {
            throw new AssertionError(path + " occurs " + texts.size() + " times");
        }
        return texts.isEmpty() ? null : texts.get(0);
    }

    String text(String path) {
        return text(root, path);
    }
}
