package io.duesflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.duesflow.ApplicationTest;
import io.duesflow.TestUsers;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a browser is told about every answer (no sniffing, no framing by other sites, what may run on the page), that
 * a browser's logged-in session cannot be made to write by another site, and that the session cookie is out of reach
 * of scripts and, behind a TLS proxy, of plain HTTP.
 */
@ApplicationTest
class SecurityHeadersTests {

    static final String TREASURER = "helga";

    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void users(@Autowired IdentityService identity) {
        TestUsers.ensure(identity, TREASURER, Roles.TREASURER);
    }

    // --- headers --------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/members", "/api/association", "/engine-rest/task", "/actuator/health"})
    void theApiSaysItIsDataNotAPage(String path) {
        HttpHeaders headers = treasurer().getForEntity(path, String.class).getHeaders();

        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo(SecurityConfiguration.API_POLICY);
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(headers.getFirst("Cache-Control")).as("never kept by a cache without asking")
                .matches("no-(store|cache).*");
        assertThat(headers.getFirst("Strict-Transport-Security")).as("no HSTS over plain HTTP").isNull();
    }

    @Test
    void aRefusalCarriesTheHeadersToo() {
        HttpHeaders headers = http.getForEntity("/api/members", String.class).getHeaders();

        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo(SecurityConfiguration.API_POLICY);
    }

    @Test
    void aPdfMayBeShownByTheBrowsersViewerButNotFramedByAnotherSite() {
        HttpHeaders accept = new HttpHeaders();
        accept.setAccept(List.of(MediaType.APPLICATION_PDF));
        ResponseEntity<byte[]> pdf = treasurer().exchange("/api/billing/debtors", HttpMethod.GET, new HttpEntity<>(accept),
                byte[].class);

        assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(pdf.getHeaders().getFirst("Content-Security-Policy")).isEqualTo("frame-ancestors 'none'");
        assertThat(pdf.getHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void swaggerUiRunsItsOwnScriptsOnly() {
        ResponseEntity<String> page = treasurer().getForEntity("/swagger-ui/index.html", String.class);

        assertThat(page.getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).isEqualTo(SecurityConfiguration.SWAGGER_POLICY);
        assertThat(page.getBody()).as("no inline script the policy would block").doesNotContain("<script>");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tasklist", "cockpit", "admin"})
    void theWebappsSendCamundasPolicyAndAreNeverFramed(String app) {
        HttpHeaders headers = http.getForEntity("/camunda/app/" + app + "/default/", String.class).getHeaders();

        assertThat(headers.getFirst("Content-Security-Policy")).contains("frame-ancestors 'none'", "object-src 'none'",
                "script-src 'nonce-", "form-action 'self'");
        assertThat(headers.get("Content-Security-Policy")).as("one policy, Camunda's").hasSize(1);
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.get("X-Content-Type-Options")).hasSize(1);
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("same-origin");
    }

    /** What Chromium sends when it opens Tasklist: the page is served as to any client. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/camunda/app/tasklist/default/", "/camunda/app/tasklist/scripts/config.js",
            "/camunda/app/tasklist/styles/user-styles.css", "/camunda/app/tasklist/camunda-tasklist-bootstrap.js",
            "/camunda/lib/deps.js", "/camunda/app/tasklist/locales/en.json"})
    void whatABrowserAsksForTasklistIsServed(String path) {
        HttpHeaders chromium = new HttpHeaders();
        chromium.set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
        chromium.set("Accept-Encoding", "gzip, deflate, br, zstd");
        chromium.set("Accept-Language", "en-US,en;q=0.9");
        chromium.set("Upgrade-Insecure-Requests", "1");
        chromium.set("Sec-Fetch-Site", "none");
        chromium.set("Sec-Fetch-Mode", "navigate");
        chromium.set("Sec-Fetch-User", "?1");
        chromium.set("Sec-Fetch-Dest", "document");
        chromium.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "HeadlessChrome/156.0.0.0 Safari/537.36");

        ResponseEntity<String> page = http.exchange(path, HttpMethod.GET, new HttpEntity<>(chromium), String.class);

        assertThat(page.getStatusCode().value()).as(page.getBody()).isEqualTo(200);
    }

    @Test
    void whatElseIsServedGetsTheStrictPolicy() {
        HttpHeaders headers = http.getForEntity("/no-such-page", String.class).getHeaders();

        assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo(SecurityConfiguration.API_POLICY);
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void behindATlsProxyBrowsersAreToldToComeBackOverTlsOnly() {
        HttpHeaders viaProxy = viaTlsProxy();

        HttpHeaders api = treasurer().exchange("/api/members", HttpMethod.GET, new HttpEntity<>(viaProxy), String.class)
                .getHeaders();
        HttpHeaders tasklist = http.exchange("/camunda/app/tasklist/default/", HttpMethod.GET, new HttpEntity<>(viaProxy),
                String.class).getHeaders();

        assertThat(api.getFirst("Strict-Transport-Security")).contains("max-age=31536000", "includeSubDomains");
        assertThat(tasklist.getFirst("Strict-Transport-Security")).contains("max-age=31536000");
    }

    // --- CSRF -----------------------------------------------------------------------------------------------------

    @Test
    void aWebappSessionWritesOnlyWithItsAntiCsrfToken() {
        WebappLogin tasklist = WebappLogin.as(http, "tasklist", TREASURER, TestUsers.PASSWORD);
        String filter = "/camunda/api/engine/engine/default/filter";
        HttpHeaders forged = tasklist.cookiesOnly();
        forged.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> withoutToken = http.exchange(filter + "/none/list", HttpMethod.POST,
                new HttpEntity<>("{}", forged), String.class);
        ResponseEntity<String> withToken = tasklist.exchange(filter + "/none/list", HttpMethod.POST, Map.of(),
                String.class);

        assertThat(withoutToken.getStatusCode().value()).isEqualTo(403);
        assertThat(withoutToken.getHeaders().getFirst("X-XSRF-TOKEN")).isEqualTo("Required");
        assertThat(withToken.getStatusCode().value()).as("passes the CSRF check (there is no such filter)")
                .isNotEqualTo(403);
    }

    @Test
    void aWebappSessionNeverWritesThroughTheApi() {
        WebappLogin tasklist = WebappLogin.as(http, "tasklist", TREASURER, TestUsers.PASSWORD);
        HttpHeaders session = tasklist.session();
        session.setContentType(MediaType.APPLICATION_JSON);

        ResponseEntity<String> read = http.exchange("/api/members", HttpMethod.GET, new HttpEntity<>(session), String.class);
        ResponseEntity<String> write = http.exchange("/api/groups", HttpMethod.POST,
                new HttpEntity<>("{\"name\": \"Made by a session\"}", session), String.class);

        assertThat(read.getStatusCode().value()).as("a form's link reads with the session").isEqualTo(200);
        assertThat(write.getStatusCode().value()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from duesflow.member_group where name = 'Made by a session'")
                .query(Long.class).single()).isZero();
    }

    /**
     * A browser that once gave /api its password sends it along with a form another site posts: a text/plain form is a
     * member list to the import. The browser says where the form comes from, and that is refused.
     */
    @Test
    void aFormAnotherSitePostsWithTheBrowsersRememberedPasswordIsRefused() {
        long before = jdbc.sql("select count(*) from duesflow.member").query(Long.class).single();
        HttpHeaders crossSite = new HttpHeaders();
        crossSite.setContentType(MediaType.TEXT_PLAIN);
        crossSite.set("Sec-Fetch-Site", "cross-site");
        crossSite.set("Origin", "https://evil.example");
        HttpHeaders oldBrowser = new HttpHeaders();
        oldBrowser.setContentType(MediaType.TEXT_PLAIN);
        oldBrowser.set("Origin", "https://evil.example");
        String list = "name;join_date\nPlanted Member;2020-01-01\n";

        ResponseEntity<String> fromAnotherSite = treasurer().exchange("/api/members/import", HttpMethod.POST,
                new HttpEntity<>(list, crossSite), String.class);
        ResponseEntity<String> fromAnOldBrowser = treasurer().exchange("/api/members/import", HttpMethod.POST,
                new HttpEntity<>(list, oldBrowser), String.class);

        assertThat(fromAnotherSite.getStatusCode().value()).isEqualTo(403);
        assertThat(fromAnotherSite.getBody()).contains("another site");
        assertThat(fromAnOldBrowser.getStatusCode().value()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from duesflow.member").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void duesflowsOwnPagesAndProgramsStillWrite() {
        HttpHeaders swagger = new HttpHeaders();
        swagger.setContentType(MediaType.APPLICATION_JSON);
        swagger.set("Sec-Fetch-Site", "same-origin");
        swagger.set("Origin", "http://localhost");
        HttpHeaders program = new HttpHeaders();
        program.setContentType(MediaType.APPLICATION_JSON);

        assertThat(treasurer().exchange("/api/groups", HttpMethod.POST, new HttpEntity<>("{\"name\": \"From Swagger "
                + System.nanoTime() + "\"}", swagger), String.class).getStatusCode().value()).isEqualTo(201);
        assertThat(treasurer().exchange("/api/groups", HttpMethod.POST, new HttpEntity<>("{\"name\": \"From a script "
                + System.nanoTime() + "\"}", program), String.class).getStatusCode().value()).isEqualTo(201);
    }

    // --- cookies --------------------------------------------------------------------------------------------------

    @Test
    void theSessionCookieIsOutOfScriptsReachAndStaysOnTheSite() {
        WebappLogin login = WebappLogin.as(http, "tasklist", TREASURER, TestUsers.PASSWORD);

        String session = cookie(login.setCookies(), "JSESSIONID");
        assertThat(session).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(session).as("plain HTTP: not Secure, or nobody could log in on a laptop")
                .doesNotContainIgnoringCase("Secure");
    }

    @Test
    void behindATlsProxyEveryCookieIsSecure() {
        HttpHeaders viaProxy = viaTlsProxy();
        ResponseEntity<String> page = http.exchange("/camunda/app/tasklist/default/", HttpMethod.GET,
                new HttpEntity<>(viaProxy), String.class);
        String csrf = cookie(page.getHeaders().get(HttpHeaders.SET_COOKIE), "XSRF-TOKEN");
        HttpHeaders login = new HttpHeaders();
        login.addAll(viaProxy);
        login.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        // The page's cookies: its session, which holds the token, and the token.
        page.getHeaders().get(HttpHeaders.SET_COOKIE).forEach(cookie -> login.add(HttpHeaders.COOKIE,
                cookie.split(";", 2)[0]));
        login.set("X-XSRF-TOKEN", csrf.split(";", 2)[0].split("=", 2)[1]);

        ResponseEntity<String> loggedIn = http.exchange("/camunda/api/admin/auth/user/default/login/tasklist",
                HttpMethod.POST, new HttpEntity<>("username=" + TREASURER + "&password=" + java.net.URLEncoder.encode(
                        TestUsers.PASSWORD, StandardCharsets.UTF_8), login), String.class);

        assertThat(loggedIn.getStatusCode().value()).as(loggedIn.getBody()).isEqualTo(200);
        assertThat(csrf).as("the anti-CSRF cookie").containsIgnoringCase("Secure")
                .as("read by the webapps' scripts, by design").doesNotContainIgnoringCase("HttpOnly");
        List<String> set = new java.util.ArrayList<>(page.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()));
        set.addAll(loggedIn.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of()));
        assertThat(cookie(set, "JSESSIONID")).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly");
    }

    private static String cookie(List<String> setCookies, String name) {
        assertThat(setCookies).as("Set-Cookie headers").isNotNull();
        return setCookies.stream().filter(cookie -> cookie.startsWith(name + "=")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + setCookies));
    }

    /** What a TLS proxy in front of duesflow adds to every request it passes on (the tests call from 127.0.0.1). */
    private static HttpHeaders viaTlsProxy() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Forwarded-Proto", "https");
        headers.set("X-Forwarded-For", "203.0.113.7");
        return headers;
    }

    private TestRestTemplate treasurer() {
        return http.withBasicAuth(TREASURER, TestUsers.PASSWORD);
    }
}
