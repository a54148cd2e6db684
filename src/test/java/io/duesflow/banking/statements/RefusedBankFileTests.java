package io.duesflow.banking.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.duesflow.banking.SchemaProblem;
import io.duesflow.banking.SchemaViolationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Files the reader refuses, each with a reason a treasurer or operator can act on, and nothing read from them. */
class RefusedBankFileTests {

    @TempDir
    Path folder;

    private final RecordingVisitor visitor = new RecordingVisitor();

    private static String resource(String name) throws IOException {
        return Files.readString(RecordingVisitor.file(name));
    }

    private Path written(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    private static int lineOf(String content, String text) {
        String before = content.substring(0, content.indexOf(text));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void aDoctypeIsRefusedAndNoEntityIsRead() {
        assertThatThrownBy(() -> new BankFileReader().read(RecordingVisitor.file("hostile-doctype-xxe.xml"), visitor))
                .isInstanceOfSatisfying(UnreadableBankFileException.class, e -> {
                    assertThat(e).hasMessageContaining("DOCTYPE");
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e).hasMessageNotContaining("root:");
                });
        assertThat(visitor.calls).isEmpty();
    }

    @Test
    void anExternalEntityIsNeverFetched() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "<!ENTITY leak SYSTEM 'file:///etc/hostname'>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
            Path file = written("xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE Document SYSTEM \"" + url + "\" [\n"
                    + "  <!ENTITY % remote SYSTEM \"" + url + "\">\n  %remote;\n]>\n"
                    + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">&leak;</Document>\n");

            assertThatThrownBy(() -> new BankFileReader().read(file, visitor))
                    .isInstanceOf(UnreadableBankFileException.class).hasMessageContaining("DOCTYPE");
        } finally {
            server.stop(0);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void anEntityBombIsRefusedWithoutExpandingIt() {
        assertThatThrownBy(() -> new BankFileReader().read(RecordingVisitor.file("hostile-billion-laughs.xml"),
                visitor)).isInstanceOf(UnreadableBankFileException.class).hasMessageContaining("DOCTYPE");
        assertThat(visitor.calls).isEmpty();
    }

    @Test
    void aFileThatIsNoXmlIsRefusedAtItsFirstCharacter() {
        assertThatThrownBy(() -> new BankFileReader().read(RecordingVisitor.file("hostile-not-xml.csv"), visitor))
                .isInstanceOfSatisfying(UnreadableBankFileException.class, e -> {
                    assertThat(e).hasMessageStartingWith("The file is not well-formed XML: ");
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(1);
                });
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path empty = written("empty.xml", "");

        assertThatThrownBy(() -> new BankFileReader().read(empty, visitor))
                .isInstanceOf(UnreadableBankFileException.class).hasMessageContaining("not well-formed XML");
    }

    @Test
    void aWrongNamespaceIsRefusedByName() {
        assertThatThrownBy(() -> new BankFileReader().read(RecordingVisitor.file("hostile-wrong-namespace.xml"),
                visitor)).isInstanceOfSatisfying(UnreadableBankFileException.class, e -> {
                    assertThat(e).hasMessageStartingWith("The namespace urn:iso:std:iso:20023:tech:xsd:camt.053.001.02"
                            + " is not a statement or status report duesflow reads");
                    assertThat(e.line()).isEqualTo(3);
                });
    }

    @Test
    void aPain008ThatLandsInTheInboxIsNoFileDuesflowReads() throws IOException {
        Path file = written("pain008.xml", "<?xml version=\"1.0\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.08\"><CstmrDrctDbtInitn/></Document>");

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor))
                .hasMessageContaining("urn:iso:std:iso:20022:tech:xsd:pain.008.001.08 is not a statement or status "
                        + "report duesflow reads");
    }

    @Test
    void aVersionWithoutAShippedSchemaIsRefusedNamingTheVersionsThatAreRead() {
        assertThatThrownBy(() -> new BankFileReader().read(RecordingVisitor.file("hostile-unshipped-version.xml"),
                visitor)).isInstanceOf(UnreadableBankFileException.class)
                .hasMessageContaining("camt.053.001.06 is a version duesflow knows but cannot check")
                .hasMessageContaining("camt.053.001.02, camt.053.001.03, camt.053.001.04, camt.053.001.08");
    }

    @Test
    void whatTheSchemaRefusesIsNamedByLineAndColumn() throws IOException {
        String content = resource("camt053-v02-batch-credit.xml");
        int second = content.indexOf("<Sts>BOOK</Sts>", content.indexOf("<Sts>BOOK</Sts>") + 1);
        String invalid = content.substring(0, second) + "<Sts>BOOKED</Sts>"
                + content.substring(second + "<Sts>BOOK</Sts>".length()).replaceFirst("Ccy=\"EUR\">25.00",
                "Ccy=\"EURO\">25.00");
        Path file = written("invalid.xml", invalid);

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                    assertThat(e.messageName()).isEqualTo("camt.053.001.02");
                    assertThat(e.problems()).extracting(SchemaProblem::line).contains(lineOf(invalid, "BOOKED"),
                            lineOf(invalid, "EURO"));
                    assertThat(e.problems()).allSatisfy(problem -> assertThat(problem.column()).isPositive());
                    assertThat(e.problems().get(0).message()).contains("BOOKED");
                });
    }

    @Test
    void nothingAfterTheFirstSchemaProblemReachesTheVisitor() throws IOException {
        String content = resource("camt053-v02-batch-credit.xml");
        int second = content.indexOf("<Sts>BOOK</Sts>", content.indexOf("<Sts>BOOK</Sts>") + 1);
        Path file = written("invalid.xml", content.substring(0, second) + "<Sts>BOOKED</Sts>"
                + content.substring(second + "<Sts>BOOK</Sts>".length()));

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor)).isInstanceOf(SchemaViolationException.class);
        assertThat(visitor.entries).hasSize(1);
        assertThat(visitor.transactions).hasSize(1);
    }

    @Test
    void aTruncatedFileIsRefusedWhereItEnds() throws IOException {
        String content = resource("camt053-v08-collection-lump.xml");
        String truncated = content.substring(0, content.indexOf("<EndToEndId>R17-2</EndToEndId>") + 15);
        Path file = written("truncated.xml", truncated);

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor))
                .isInstanceOfSatisfying(UnreadableBankFileException.class, e -> {
                    assertThat(e).hasMessageContaining("not well-formed XML");
                    assertThat(e.line()).isEqualTo(lineOf(content, "<EndToEndId>R17-2"));
                    assertThat(e.column()).isPositive();
                });
    }

    @Test
    void aFileLargerThanTheMaximumIsRefusedBeforeItIsRead() throws IOException {
        Path huge = folder.resolve("statement-200mb.xml");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            // Sparse: 200 MB long without writing 200 MB. Reading it would find nothing but zero bytes.
            file.setLength(DataSize.ofMegabytes(200).toBytes());
        }

        assertThatThrownBy(() -> new BankFileReader().read(huge, visitor))
                .isInstanceOf(UnreadableBankFileException.class)
                .hasMessage("The file is 200 MB, more than the 100 MB a bank file may have "
                        + "(duesflow.bank.reading.max-file-size)");
    }

    @Test
    void aStreamIsStoppedAtTheMaximumWithoutReadingFurther() {
        long maximum = DataSize.ofKilobytes(256).toBytes();
        CountingEndlessStatement endless = new CountingEndlessStatement();
        BankFileReader reader = new BankFileReader(new BankFileLimits(DataSize.ofBytes(maximum)));

        assertThatThrownBy(() -> reader.read(endless, visitor)).isInstanceOf(UnreadableBankFileException.class)
                .hasMessage("The file is larger than the 256 KB a bank file may have (duesflow.bank.reading.max-file-size)");
        assertThat(endless.served).isLessThanOrEqualTo(maximum + (1 << 16));
        assertThat(visitor.entries).isNotEmpty();
    }

    @Test
    void bytesThatAreNotInTheDeclaredEncodingAreRefusedWithAHint() throws IOException {
        String content = resource("camt053-v02-batch-credit.xml");
        Path file = folder.resolve("latin1.xml");
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor))
                .isInstanceOfSatisfying(UnreadableBankFileException.class, e -> {
                    assertThat(e).hasMessageContaining("not in the encoding it declares");
                    assertThat(e.line()).isEqualTo(lineOf(content, "Françoise"));
                });
    }

    @Test
    void aHugeTextIsRefusedWithoutBeingKept() throws IOException {
        String content = resource("camt053-v02-batch-credit.xml");
        Path file = written("long.xml", content.replace("Contributie 2027 lid 1017", "x".repeat(50_000)));

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor)).isInstanceOf(SchemaViolationException.class)
                .satisfies(e -> assertThat(((SchemaViolationException) e).problems().get(0).message())
                        .contains("Max140Text"));
    }

    @Test
    void elementsNestedBeyondAnyMessageAreRefused() throws IOException {
        Path file = written("deep.xml", "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
                + "<a>".repeat(100) + "</a>".repeat(100) + "</Document>");

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor))
                .isInstanceOf(UnreadableBankFileException.class)
                .hasMessage("The file nests its elements deeper than 64 (line 1, column 258)");
    }

    /**
     * A camt.053 without end: a header, then the same entry forever; counts what it served. It proves the reader
     * stops at its maximum rather than running until memory or disk run out.
     */
    private static final class CountingEndlessStatement extends InputStream {
        private static final byte[] HEAD = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>"
                + "<GrpHdr><MsgId>ENDLESS</MsgId><CreDtTm>2027-01-08T06:00:00</CreDtTm></GrpHdr>"
                + "<Stmt><Id>1</Id><CreDtTm>2027-01-08T06:00:00</CreDtTm><Acct><Id><IBAN>NL91ABNA0417164300</IBAN>"
                + "</Id></Acct><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0</Amt>"
                + "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2027-01-07</Dt></Dt></Bal>\n").getBytes(StandardCharsets.UTF_8);
        private static final byte[] ENTRY = ("<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                + "<Sts>BOOK</Sts><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
                + "</Domn></BkTxCd></Ntry>\n").getBytes(StandardCharsets.UTF_8);
        long served;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = served < HEAD.length ? HEAD[(int) served]
                        : ENTRY[(int) ((served - HEAD.length) % ENTRY.length)];
                served++;
            }
            return length;
        }
    }

    @Test
    void aFileThatHidesItsRootBehindAHugePrologIsRefused() throws IOException {
        Path file = written("prolog.xml", "<?xml version=\"1.0\"?>\n<!-- " + "x".repeat(100_000) + " -->\n"
                + resource("camt053-v02-amounts.xml").substring(resource("camt053-v02-amounts.xml").indexOf("<Document")));

        assertThatThrownBy(() -> new BankFileReader().read(file, visitor))
                .isInstanceOf(UnreadableBankFileException.class).hasMessageContaining("before its root element");
    }

    @Test
    void whatTheVisitorThrowsStopsTheReadingAndComesOutUnchanged() {
        IllegalStateException refused = new IllegalStateException("the statement is for another account");

        assertThatThrownBy(() -> new BankFileReader().read(RecordingVisitor.file("camt053-v08-two-statements.xml"),
                new BankFileVisitor() {
                    @Override
                    public void statement(Statement statement) {
                        throw refused;
                    }
                })).isSameAs(refused);
    }

    @Test
    void aStreamGivenToTheReaderIsReadLikeAFile() throws IOException {
        byte[] bytes = Files.readAllBytes(RecordingVisitor.file("camt053-v08-two-statements.xml"));

        BankMessage message = new BankFileReader().read(new ByteArrayInputStream(bytes), visitor);

        assertThat(message).isEqualTo(BankMessage.CAMT_053_001_08);
        assertThat(visitor.statements).hasSize(2);
        assertThat(List.copyOf(visitor.calls)).endsWith("statement end DK5000400440116243-2027-01-07");
    }
}
