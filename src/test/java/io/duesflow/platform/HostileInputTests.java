package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.duesflow.ApplicationTest;
import io.duesflow.HeapWatch;
import io.duesflow.TestUsers;
import io.duesflow.payments.PaymentsForOtherTests;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Hostile and broken input, each through the door it would come by: XML that reaches for files or expands into
 * gigabytes, files of 200 MB, member lists in the wrong encoding, with stray quotes or a million rows, expressions
 * nested 10 000 deep, numbers of 10 000 digits, JSON too large or too deep. Every one gets a clear refusal naming the
 * field, row or position, quickly, with the heap as it was (measured live, after collections: the server runs in this
 * JVM); nothing of it is saved. Large inputs are generated while they are sent, never stored.
 */
@ApplicationTest
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HostileInputTests {

    static final String TREASURER = "hedda";
    /** What a request may hold on to at most: buffers, never the input. */
    static final long FLAT_MB = 48;

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RepositoryService repository;

    final ObjectMapper json = new ObjectMapper();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void users(@Autowired IdentityService identity) {
        TestUsers.ensure(identity, TREASURER, Roles.TREASURER);
    }

    // --- XML ------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "the bank inbox refuses {0}")
    @CsvSource(delimiter = '|', textBlock = """
            an external entity (XXE)            | hostile-doctype-xxe.xml    | DOCTYPE
            a billion laughs                    | hostile-billion-laughs.xml | DOCTYPE
            elements nested 10 000 deep         | nested                     | nests its elements deeper than 64
            """)
    void theBankInboxRefusesHostileXmlUnreadWithTheReasonBesideIt(String what, String file, String reason)
            throws Exception {
        byte[] content = file.equals("nested") ? nested(10_000) : resource("/bank/" + file);
        PaymentsForOtherTests payments = new PaymentsForOtherTests(context);

        PaymentsForOtherTests.Outcome outcome = payments.dropIntoBankInbox("hostile-" + System.nanoTime() + ".xml",
                content);

        assertThat(outcome.refused()).as(what + " is refused").isTrue();
        assertThat(outcome.reason()).contains(reason);
        assertThat(outcome.movedTo()).as("kept in the error folder").exists();
    }

    @Test
    void aBankFileOf200MegabytesIsRefusedUnread() throws Exception {
        PaymentsForOtherTests payments = new PaymentsForOtherTests(context);
        String name = "huge-" + System.nanoTime() + ".xml";
        Path part = payments.bankInboxPart(name);
        try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw")) {
            file.write("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                    .getBytes(StandardCharsets.UTF_8));
            // 200 MB on disk without writing them: the inbox must refuse it by its size, not by reading it.
            file.setLength(200L << 20);
        }

        PaymentsForOtherTests.Outcome outcome;
        try (HeapWatch heap = HeapWatch.start()) {
            outcome = payments.dropIntoBankInbox(name, part);
            assertThat(heap.peakAboveStartMb()).isLessThan(FLAT_MB);
        }

        assertThat(outcome.refused()).isTrue();
        assertThat(outcome.reason()).contains("200 MB", "100 MB");
        Files.deleteIfExists(outcome.movedTo());
    }

    /** A process or decision deployed over the engine's REST API (Camunda Modeler does so) is XML too. */
    @ParameterizedTest(name = "a deployment with {0} in a {1} is refused")
    @CsvSource({"an external entity, bpmn", "a billion laughs, bpmn", "an external entity, dmn", "a billion laughs, dmn"})
    void aDeploymentWithHostileXmlIsRefusedAndReadsNoFile(String what, String kind) throws Exception {
        Path secret = Files.createTempFile("duesflow-secret-", ".txt");
        Files.writeString(secret, "the-secret-in-a-file");
        String entities = what.equals("an external entity")
                ? "<!ENTITY x SYSTEM \"" + secret.toUri() + "\">"
                : laughs();
        String key = "hostile" + kind + System.nanoTime();
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE definitions [" + entities + "]>\n"
                + (kind.equals("bpmn")
                ? "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" targetNamespace=\"t\">"
                + "<process id=\"" + key + "\" name=\"&x;\" isExecutable=\"true\"><startEvent id=\"s\"/></process>"
                + "</definitions>"
                : "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"d\" name=\"d\" "
                + "namespace=\"t\"><decision id=\"" + key + "\" name=\"&x;\"><decisionTable id=\"t\">"
                + "<output id=\"o\" typeRef=\"string\"/></decisionTable></decision></definitions>");

        HttpResponse<String> answer = deploy("hostile." + kind, xml.getBytes(StandardCharsets.UTF_8));

        // The engine's REST API answers a deployment it cannot parse with 500 and the parser's reason.
        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 599);
        assertThat(answer.body()).contains(kind.equals("bpmn") ? "DOCTYPE is disallowed" : "Unable to transform DMN")
                .doesNotContain("the-secret-in-a-file");
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()
                + repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).count()).isZero();
    }

    // --- files over HTTP ------------------------------------------------------------------------------------------

    @Test
    void aMemberListOf200MegabytesIsRefusedBeforeItIsSent() throws Exception {
        long before = members();
        RawHttp.Answer answer;
        try (HeapWatch heap = HeapWatch.start()) {
            // Asked first, as curl does for large uploads: the refusal comes before a byte of the body is sent.
            answer = RawHttp.send(port, head("/api/members/import", "text/csv", 200L << 20, true), rows(0));
            assertThat(heap.peakAboveStartMb()).isLessThan(FLAT_MB);
        }

        assertThat(answer.status()).isEqualTo(413);
        assertThat(json.readTree(answer.body()).path("detail").asText()).contains("209715200 bytes", "at most 100 MB",
                "DUESFLOW_MAX_UPLOAD_SIZE");
        assertThat(members()).isEqualTo(before);
    }

    @Test
    void aMemberListOf200MegabytesSentWithoutAskingIsRefusedAsItStarts() throws Exception {
        long before = members();
        RawHttp.Answer answer;
        try (HeapWatch heap = HeapWatch.start()) {
            answer = RawHttp.send(port, head("/api/members/import", "text/csv", 200L << 20, false),
                    limited(rows(0), 200L << 20));
            assertThat(heap.peakAboveStartMb()).isLessThan(FLAT_MB);
        }

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers().get("connection")).isEqualTo("close");
        assertThat(members()).isEqualTo(before);
    }

    @Test
    void aFormUploadThatIsNoFormIsRefusedNamingTheFile() throws Exception {
        HttpResponse<String> answer = client.send(post("/api/members/import", "multipart/form-data; boundary=cut",
                HttpRequest.BodyPublishers.ofString("--cut\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nname"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(problem(answer).path("field").asText()).isEqualTo("file");
        assertThat(problem(answer).path("detail").asText()).contains("multipart/form-data");
    }

    @Test
    void aMemberListThatIsNotUtf8IsRefusedNamingTheRowAndByte() throws Exception {
        byte[] latin1 = "name;join_date\nAnna;2020-01-01\nSøren Ærø;2020-01-01\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf16 = "name;join_date\nAnna;2020-01-01\n".getBytes(StandardCharsets.UTF_16);

        JsonNode latin = problem(importCsv(latin1));
        JsonNode sixteen = problem(importCsv(utf16));

        assertThat(latin.path("field").asText()).isEqualTo("file");
        assertThat(latin.path("detail").asText()).contains("not UTF-8", "position 32", "row 3", "CSV UTF-8");
        assertThat(sixteen.path("detail").asText()).contains("position 0", "UTF-16");
    }

    @Test
    void aStrayQuoteInAMemberListIsRefusedNamingTheRow() throws Exception {
        JsonNode garbled = problem(importCsv(("name;join_date\nAnna;2020-01-01\n\"Bo\" Berg;2020-01-01\n")
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(garbled.path("field").asText()).isEqualTo("file");
        assertThat(garbled.path("detail").asText()).contains("Invalid character between encapsulated token and delimiter",
                "line: 3", "the row after row 2");
    }

    @Test
    void aQuoteThatNeverClosesDoesNotTakeTheRestOfTheFileIntoMemory() throws Exception {
        long before = members();
        // The quote opens row 3's cell; the next 200 MB are, to a CSV parser, that one cell.
        InputStream file = limited(new SequenceInputStream(bytes("name;join_date\nAnna;2020-01-01\n\"Bo;2020-01-01\n"),
                rows(1)), 200L << 20);
        RawHttp.Answer answer;
        try (HeapWatch heap = HeapWatch.start()) {
            answer = RawHttp.send(port, head("/api/members/import", "text/csv", -1, false), file);
            assertThat(heap.peakAboveStartMb()).isLessThan(FLAT_MB);
        }

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(json.readTree(answer.body()).path("detail").asText())
                .contains("Row 3 goes on for more than 100000 characters", "never closes");
        assertThat(members()).isEqualTo(before);
    }

    @Test
    void aMillionRowsAreReadAsTheyArriveAndTheWrongOnesNamedByRow() throws Exception {
        long before = members();
        int rows = 1_000_000;
        // Every 100 000th member (rows 100 001, 200 001, … 1 000 001, the last) has a date that is none; the file is
        // made while it is sent.
        long size = 0;
        try (InputStream counting = millionRows(rows)) {
            size = counting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        HttpResponse<String> answer;
        long peak;
        try (HeapWatch heap = HeapWatch.start()) {
            answer = client.send(post("/api/members/import", "text/csv", fixedLength(size, () -> millionRows(rows)))
                    .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
            peak = heap.peakAboveStartMb();
        }
        System.out.printf("members-import of %d rows (%d MB): answered %d, heap above the start %d MB%n", rows,
                size >> 20, answer.statusCode(), peak);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        JsonNode report = json.readTree(answer.body());
        assertThat(report.path("rows").asInt()).isEqualTo(rows);
        assertThat(report.path("applied").asBoolean()).isFalse();
        assertThat(report.path("problems").asLong()).isEqualTo(10);
        assertThat(report.path("errors").findValuesAsText("row")).contains("100001", "500001", "1000001");
        assertThat(report.path("errors").get(0).path("column").asText()).isEqualTo("join_date");
        assertThat(peak).as("heap above the start, MB, for a file of " + (size >> 20) + " MB").isLessThan(FLAT_MB);
        assertThat(members()).isEqualTo(before);
    }

    // --- expressions and numbers ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            criteria nested 10 000 deep                | criteria | deep-10000    | position 2001 | more than the 2000 an expression may have
            criteria nested 60 deep                    | criteria | deep-60       | position 51   | nested more than 50 deep
            ikke/not 10 000 times                      | criteria | not-10000     | position 2001 | more than the 2000
            criteria with a number of 10 000 digits    | criteria | digits-10000  | position 2001 | more than the 2000
            a formula nested 10 000 deep               | formula  | deep-10000    | position 2001 | more than the 2000 a formula may have
            a formula with a factor of 10 000 digits   | formula  | digits-10000  | position 2001 | more than the 2000
            a formula with a factor of 1 000 digits    | formula  | digits-1000   | position 25   | at most 30 digits
            a formula with a rate of 1 000 decimals    | formula  | decimals-1000 | position 32   | 1000 decimals
            """)
    void anExpressionOrFormulaBuiltToExhaustTheParserIsRefusedAtItsPosition(String what, String field, String shape,
                                                                             String position, String reason)
            throws Exception {
        String text = switch (field + ":" + shape) {
            case "criteria:deep-10000" -> "(".repeat(10_000) + "alder<18" + ")".repeat(10_000);
            case "criteria:deep-60" -> "(".repeat(60) + "alder<18" + ")".repeat(60);
            case "criteria:not-10000" -> "ikke ".repeat(10_000) + "alder<18";
            case "criteria:digits-10000" -> "alder<" + "9".repeat(10_000);
            case "formula:deep-10000" -> "multiply:" + "(".repeat(10_000) + "F1*5";
            case "formula:digits-10000" -> "multiply:F1*" + "9".repeat(10_000);
            case "formula:digits-1000" -> "multiply:hostile number*" + "9".repeat(1_000);
            case "formula:decimals-1000" -> "interval:hostile number:0-1000=0," + "5".repeat(1_000);
            default -> throw new IllegalArgumentException(shape);
        };
        Map<String, Object> line = new java.util.HashMap<>(Map.of("name", "Hostile " + shape, "kind", "IMMEDIATE",
                "who", "ALL", "priceKind", "FIXED", "price", 10));
        if (field.equals("criteria")) {
            line.put("who", "CRITERIA");
            line.put("criteria", text);
        } else {
            extraField();
            line.put("priceKind", "FORMULA");
            line.put("formula", text);
        }

        HttpResponse<String> answer = client.send(post("/api/billing/lines", "application/json",
                HttpRequest.BodyPublishers.ofString(json.writeValueAsString(line))).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(400);
        JsonNode problem = problem(answer);
        assertThat(problem.path("field").asText()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).contains(position, reason);
        assertThat(problem.path("detail").asText().length()).as("the answer does not repeat the input").isLessThan(600);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a price of 1e999999999                      | /api/groups        | {"name": "Huge %s", "price": 1e999999999}                   | price       | more than a charge can hold
            a price of 1e-999999999                     | /api/groups        | {"name": "Tiny %s", "price": 1e-999999999}                  | price       | more than two decimals
            a price of 10 000 digits                    | /api/groups        | {"name": "Long %s", "price": 1%s}                           | price       | Number value length
            a payment of 1e999999999                    | /api/payments/charges/{charge}/payments | {"amount": 1e999999999}             | amount      | more than a charge can hold
            an extra field value of 1e999999999         | /api/members       | {"name": "Huge %s", "joinDate": "2020-01-01", "extraFields": {"hostile number": 1e999999999}} | extraFields | not a number
            """)
    void aNumberBuiltToExhaustTheServerIsRefusedNamingTheField(String what, String path, String body, String field,
                                                              String reason) throws Exception {
        extraField();
        String token = Long.toString(System.nanoTime(), 36);
        String sent = body.contains("1%s") ? body.formatted(token, "0".repeat(10_000)) : body.formatted(token);

        String target = path.contains("{charge}")
                ? path.replace("{charge}", new PaymentsForOtherTests(context).openCharge("10.00")) : path;
        HttpResponse<String> answer = client.send(post(target, "application/json",
                HttpRequest.BodyPublishers.ofString(sent)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(400);
        JsonNode problem = problem(answer);
        assertThat(problem.path("field").asText()).startsWith(field);
        assertThat(problem.path("detail").asText()).contains(reason);
        assertThat(answer.body().length()).as("the answer does not repeat the number").isLessThan(2_000);
    }

    // --- JSON -----------------------------------------------------------------------------------------------------

    @Test
    void aJsonBodyLargerThanAMegabyteIsRefusedBeforeItIsRead() throws Exception {
        RawHttp.Answer answer;
        try (HeapWatch heap = HeapWatch.start()) {
            answer = RawHttp.send(port, head("/api/members", "application/json", 50L << 20, true), jsonArray());
            assertThat(heap.peakAboveStartMb()).isLessThan(FLAT_MB);
        }

        assertThat(answer.status()).isEqualTo(413);
        assertThat(json.readTree(answer.body()).path("detail").asText()).contains("at most 1 MB", "DUESFLOW_MAX_BODY_SIZE");
    }

    @Test
    void aJsonBodySentWithoutItsLengthStopsBeingReadAtAMegabyte() throws Exception {
        RawHttp.Answer answer;
        try (HeapWatch heap = HeapWatch.start()) {
            answer = RawHttp.send(port, head("/api/members", "application/json", -1, false),
                    limited(jsonArray(), 200L << 20));
            assertThat(heap.peakAboveStartMb()).isLessThan(FLAT_MB);
        }

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(json.readTree(answer.body()).path("detail").asText()).contains("larger than the 1 MB");
    }

    @Test
    void theEngineApiTakesNoLargerBodyEither() throws Exception {
        RawHttp.Answer answer = RawHttp.send(port, head("/engine-rest/task/none/complete", "application/json",
                20L << 20, true), jsonArray());

        assertThat(answer.status()).isEqualTo(413);
    }

    @Test
    void jsonNested10000DeepIsRefusedNamingWhere() throws Exception {
        String deep = "{\"name\": \"Deep\", \"joinDate\": \"2020-01-01\", \"extraFields\": {\"a\": "
                + "[".repeat(10_000) + "]".repeat(10_000) + "}}";

        HttpResponse<String> answer = client.send(post("/api/members", "application/json",
                HttpRequest.BodyPublishers.ofString(deep)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode problem = problem(answer);
        assertThat(problem.path("field").asText()).startsWith("extraFields");
        assertThat(problem.path("detail").asText()).contains("line 1, column", "nesting depth");
    }

    @Test
    void jsonOfTheWrongShapeNamesTheField() throws Exception {
        HttpResponse<String> answer = client.send(post("/api/groups", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"name\": \"Shape\", \"price\": \"a lot\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode problem = problem(answer);
        assertThat(problem.path("field").asText()).isEqualTo("price");
        assertThat(problem.path("detail").asText()).contains("'price'", "line 1, column");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private HttpRequest.Builder post(String path, String type, HttpRequest.BodyPublisher body) {
        String basic = Base64.getEncoder().encodeToString((TREASURER + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Basic " + basic).header("Content-Type", type).POST(body);
    }

    /** A request's head as a client writes it: its length (or chunked when -1), and whether it asks before sending. */
    private static String head(String path, String type, long length, boolean askFirst) {
        String basic = Base64.getEncoder().encodeToString((TREASURER + ":" + TestUsers.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + basic
                + "\r\nContent-Type: " + type + "\r\n"
                + (length < 0 ? "Transfer-Encoding: chunked" : "Content-Length: " + length)
                + (askFirst ? "\r\nExpect: 100-continue" : "");
    }

    private HttpResponse<String> importCsv(byte[] file) throws Exception {
        return client.send(post("/api/members/import", "text/csv", HttpRequest.BodyPublishers.ofByteArray(file)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode problem(HttpResponse<String> answer) throws IOException {
        return json.readTree(answer.body());
    }

    private long members() {
        return jdbc.sql("select count(*) from duesflow.member").query(Long.class).single();
    }

    private void extraField() {
        if (jdbc.sql("select count(*) from duesflow.extra_field where name = 'hostile number'").query(Long.class)
                .single() == 0) {
            assertThatCode(() -> client.send(post("/api/extra-fields", "application/json",
                    HttpRequest.BodyPublishers.ofString("{\"name\": \"hostile number\", \"type\": \"NUMBER\"}")).build(),
                    HttpResponse.BodyHandlers.ofString())).doesNotThrowAnyException();
        }
    }

    private HttpResponse<String> deploy(String name, byte[] content) throws Exception {
        String boundary = "hostile" + System.nanoTime();
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nhostile\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + new String(content, StandardCharsets.UTF_8) + "\r\n"
                + "--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString(("admin:" + SecurityTests.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/deployment/create"))
                        .timeout(Duration.ofSeconds(60)).header("Authorization", "Basic " + basic)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String laughs() {
        StringBuilder entities = new StringBuilder("<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return entities.append("<!ENTITY x \"&l9;\">").toString();
    }

    private static byte[] nested(int depth) {
        return ("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                + "<BkToCstmrStmt>".repeat(depth) + "</BkToCstmrStmt>".repeat(depth) + "</Document>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HostileInputTests.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static InputStream bytes(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Endless member rows, from number {@code from}: a header first when {@code from} is 0. */
    private static InputStream rows(int from) {
        return new GeneratedStream(from == 0 ? "name;join_date\n" : "", n -> "Member " + (from + n) + ";2020-01-01\n",
                Long.MAX_VALUE);
    }

    /** A header and {@code count} rows; every 100 000th with a date that is none. */
    private static InputStream millionRows(int count) {
        return new GeneratedStream("name;join_date\n", n -> "Member " + n + ";"
                + (n % 100_000 == 0 ? "2020-13-45" : "2020-01-01") + "\n", count);
    }

    private InputStream jsonArray() {
        return new GeneratedStream("{\"name\": \"Big\", \"extraFields\": {", n -> "\"f" + n + "\": \"" + "x".repeat(80)
                + "\", ", Long.MAX_VALUE);
    }

    private static InputStream limited(InputStream in, long bytes) {
        return new java.io.FilterInputStream(in) {
            long left = bytes;

            @Override
            public int read() throws IOException {
                return left-- > 0 ? super.read() : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }

    private static HttpRequest.BodyPublisher fixedLength(long size, Supplier<InputStream> source) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(source), size);
    }

    /** Lines made one at a time from their number (1, 2, …) after a head, up to {@code count} lines. */
    private static final class GeneratedStream extends InputStream {
        private final java.util.function.LongFunction<String> line;
        private final long count;
        private byte[] current;
        private int at;
        private long made;

        GeneratedStream(String head, java.util.function.LongFunction<String> line, long count) {
            this.line = line;
            this.count = count;
            this.current = head.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int written = 0;
            while (written < length) {
                if (at == current.length) {
                    if (made == count) {
                        break;
                    }
                    current = line.apply(++made).getBytes(StandardCharsets.UTF_8);
                    at = 0;
                }
                int n = Math.min(length - written, current.length - at);
                System.arraycopy(current, at, buffer, offset + written, n);
                at += n;
                written += n;
            }
            return written == 0 && length > 0 ? -1 : written;
        }
    }
}
