package io.duesflow.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Logged into a Camunda webapp (tasklist, cockpit, admin) as a browser is: its session cookie and anti-CSRF token,
 * taken again after the login. {@link #status} is the login's answer: 200, or 403 for a user the app is not for.
 */
public final class WebappLogin {

    private final TestRestTemplate http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private HttpStatusCode status;
    private final List<String> setCookies = new java.util.ArrayList<>();

    private WebappLogin(TestRestTemplate http) {
        this.http = http;
    }

    /** A browser that opened a webapp and did not log in: its anti-CSRF token, no login. */
    public static WebappLogin anonymous(TestRestTemplate http, String app) {
        WebappLogin visit = new WebappLogin(http);
        visit.keep(http.getForEntity("/camunda/app/" + app + "/default/", String.class));
        return visit;
    }

    public static WebappLogin as(TestRestTemplate http, String app, String user, String password) {
        WebappLogin login = new WebappLogin(http);
        login.logIn(app, user, password);
        return login;
    }

    private void logIn(String app, String user, String password) {
        keep(http.getForEntity("/camunda/app/" + app + "/default/", String.class));
        HttpHeaders headers = session();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        var form = new LinkedMultiValueMap<String, String>();
        form.add("username", user);
        form.add("password", password);
        ResponseEntity<String> login = http.exchange("/camunda/api/admin/auth/user/default/login/" + app, HttpMethod.POST,
                new HttpEntity<>(form, headers), String.class);
        status = login.getStatusCode();
        keep(login);
        keep(http.exchange("/camunda/app/" + app + "/default/", HttpMethod.GET, new HttpEntity<>(session()), String.class));
    }

    public HttpStatusCode status() {
        return status;
    }

    /** Every cookie set on the way in, as the server wrote them (flags and all), in order. */
    public List<String> setCookies() {
        return setCookies;
    }

    /** The session's cookies and its anti-CSRF token, as the webapps' own requests carry them. */
    public HttpHeaders session() {
        HttpHeaders headers = new HttpHeaders();
        headers.put(HttpHeaders.COOKIE, cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).toList());
        if (cookies.containsKey("XSRF-TOKEN")) {
            headers.set("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
        }
        return headers;
    }

    /** The session's cookies only, as a page of another site makes the browser send them. */
    public HttpHeaders cookiesOnly() {
        HttpHeaders headers = session();
        headers.remove("X-XSRF-TOKEN");
        return headers;
    }

    public <T> ResponseEntity<T> exchange(String path, HttpMethod method, Object body, Class<T> type) {
        HttpHeaders headers = session();
        if (body != null && !(body instanceof LinkedMultiValueMap<?, ?>)) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), type);
    }

    private void keep(ResponseEntity<?> response) {
        for (String cookie : response.getHeaders().getOrDefault(HttpHeaders.SET_COOKIE, List.of())) {
            setCookies.add(cookie);
            String pair = cookie.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
    }
}
