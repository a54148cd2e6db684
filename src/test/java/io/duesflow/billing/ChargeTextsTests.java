package io.duesflow.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.Api;
import io.duesflow.ApplicationTest;
import io.duesflow.RunJobs;
import io.duesflow.TestClock;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The words billing itself writes on charge lines, in the member's language: the three bundles
 * ({@code messages/charges_{da,nl,en}.properties}) say the same things, and a run writes them in Danish, Dutch or
 * English by each member's language. Every run test bills a group of its own.
 */
@ApplicationTest
class ChargeTextsTests {

    static final List<String> LANGUAGES = List.of("da", "nl", "en");
    static final AtomicInteger TESTS = new AtomicInteger();

    @Autowired
    TestRestTemplate rest;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunJobs jobs;
    @Autowired
    TestClock clock;

    Api api;
    String group;
    LocalDate due;

    @BeforeEach
    void treasurerWithAGroupOfTheirOwn() {
        api = Api.as(rest, identity, "ilse", Roles.TREASURER);
        jdbc.sql("update duesflow.billing_line set active = false").update();
        group = "Texts " + TESTS.incrementAndGet() + " " + System.nanoTime();
        register.createGroup(group, null, null);
        due = clock.today().plusMonths(3).withDayOfMonth(1);
    }

    // --- the bundles ----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"da", "nl"})
    void everyLanguageHasTheSameKeysAsEnglishWithTheSameArguments(String language) throws IOException {
        Properties english = bundle("en");
        Properties other = bundle(language);

        assertThat(new TreeSet<>(other.stringPropertyNames())).as("keys of charges_%s", language)
                .isEqualTo(new TreeSet<>(english.stringPropertyNames()));
        Map<String, Set<String>> otherArguments = new TreeMap<>();
        Map<String, Set<String>> englishArguments = new TreeMap<>();
        for (String key : english.stringPropertyNames()) {
            englishArguments.put(key, arguments(english.getProperty(key)));
            otherArguments.put(key, arguments(other.getProperty(key, "")));
        }
        assertThat(otherArguments).as("a text without the charge number prints no charge number")
                .isEqualTo(englishArguments);
    }

    @Test
    void everyTextIsAValidMessageFormatWithoutAStrayApostrophe() throws IOException {
        for (String language : LANGUAGES) {
            Properties texts = bundle(language);
            for (String key : texts.stringPropertyNames()) {
                String text = texts.getProperty(key);
                // A single ' starts a quoted section in MessageFormat and would swallow the placeholders after it.
                assertThat(text.replace("''", "")).as("%s in %s", key, language).doesNotContain("'");
                new MessageFormat(text, Locale.forLanguageTag(language));
            }
        }
    }

    // --- through a run --------------------------------------------------------------------------------------------

    @Test
    void aNewMemberRunsDiscountIsWrittenInEachMembersLanguage() {
        long danish = member("Dorte", "da");
        long dutch = member("Daan", "nl");
        long english = member("Donald", "en");
        long dues = monthlyLine("Dues", "80.00", due);

        long run = created(Map.of("kind", "NEW_MEMBERS", "lineIds", List.of(dues), "cutOff", due.minusDays(1).toString(),
                "dueDate", due.toString(), "discountPercent", "25"));
        generated(run);

        Map<Long, JsonNode> charges = chargesOf(run);
        assertThat(lineTexts(charges.get(danish))).containsExactly("Dues (25 % rabat)");
        assertThat(lineTexts(charges.get(dutch))).containsExactly("Dues (25 % korting)");
        assertThat(lineTexts(charges.get(english))).containsExactly("Dues (25 % discount)");
        assertThat(charges.values()).allSatisfy(charge -> assertThat(charge.path("total").decimalValue())
                .isEqualByComparingTo("60.00"));
    }

    @Test
    void arrearsAndArrearsGivenBackAreWrittenInEachMembersLanguage() {
        long dutch = member("Anouk", "nl");
        long english = member("Arthur", "en");
        LocalDate past = clock.today().minusMonths(2).withDayOfMonth(1);
        monthlyLine("Dues", "100.00", past);
        long older = generated(created(Map.of("kind", "SCHEDULED", "from", past.toString(), "to", past.toString())));
        approve(older, Map.of());
        Map<Long, JsonNode> overdue = chargesOf(older);

        long newer = generated(created(Map.of("kind", "SCHEDULED", "from", due.toString(), "to", due.toString())));
        approve(newer, Map.of("arrears", "ADD_LINE"));

        Map<Long, JsonNode> carriers = chargesOf(newer);
        String dutchOld = overdue.get(dutch).path("number").asText();
        String englishOld = overdue.get(english).path("number").asText();
        assertThat(lineTexts(carriers.get(dutch))).containsExactly("Dues", "Achterstand " + dutchOld);
        assertThat(lineTexts(carriers.get(english))).containsExactly("Dues", "Arrears " + englishOld);

        // Crediting the charge that carries the arrears gives them back, saying so in the member's language.
        assertThat(lineTexts(creditNote(carriers.get(dutch)))).contains(
                "Achterstand " + dutchOld + " teruggeboekt naar de eigen factuur");
        assertThat(lineTexts(creditNote(carriers.get(english)))).contains(
                "Arrears " + englishOld + " returned to its invoice");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static Properties bundle(String language) throws IOException {
        String name = ChargeTexts.BUNDLE + "_" + language + ".properties";
        Properties texts = new Properties();
        try (InputStream stream = ChargeTextsTests.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(stream).as(name).isNotNull();
            try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                texts.load(in);
            }
        }
        return texts;
    }

    /** The placeholders a text fills in: {0}, {1} … */
    private static Set<String> arguments(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\{(\\d+)[^}]*}").matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private long member(String name, String language) {
        return register.register(null, new MemberInput(name, null, null, null, null, LocalDate.of(2020, 1, 1), null,
                language, CollectionMethod.INVOICE, null, List.of(group), null)).memberNumber();
    }

    private long monthlyLine(String name, String price, LocalDate firstDue) {
        Map<String, Object> line = new HashMap<>(Map.of("name", name, "kind", "SCHEDULED", "frequency", "MONTHLY",
                "who", "GROUPS", "groups", List.of(group), "position", 10, "firstDueDate", firstDue.toString(),
                "priceKind", "FIXED", "price", price));
        ResponseEntity<JsonNode> created = api.post("/api/billing/lines", line);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    private long created(Map<String, Object> run) {
        ResponseEntity<JsonNode> created = api.post("/api/billing/runs", new HashMap<>(run));
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asLong();
    }

    /** As a treasurer generates: the run's process looks first, the treasurer says generate, the engine's jobs bill. */
    private long generated(long runId) {
        jobs.settle(runId);
        ResponseEntity<JsonNode> accepted = api.post("/api/billing/runs/" + runId + "/generate", null);
        assertThat(accepted.getStatusCode()).as("%s", accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(jobs.settleUntilFailure(runId)).isNull();
        return runId;
    }

    private void approve(long runId, Map<String, Object> edits) {
        ResponseEntity<JsonNode> approved = api.post("/api/billing/runs/" + runId + "/approve", edits);
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        jobs.settle(runId);
    }

    private Map<Long, JsonNode> chargesOf(long runId) {
        Map<Long, JsonNode> byMember = new HashMap<>();
        api.get("/api/billing/runs/" + runId + "/charges").getBody()
                .forEach(charge -> byMember.put(charge.path("memberNumber").asLong(), charge));
        return byMember;
    }

    private JsonNode creditNote(JsonNode charge) {
        ResponseEntity<JsonNode> note = api.post("/api/billing/charges/" + charge.path("number").asText()
                + "/credit-notes", null);
        assertThat(note.getStatusCode()).as("%s", note.getBody()).isEqualTo(HttpStatus.CREATED);
        return note.getBody();
    }

    private static List<String> lineTexts(JsonNode charge) {
        assertThat(charge).as("a charge").isNotNull();
        return java.util.stream.StreamSupport.stream(charge.path("lines").spliterator(), false)
                .map(line -> line.path("text").asText()).toList();
    }
}
