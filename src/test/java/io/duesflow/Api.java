package io.duesflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The REST API as one user calls it, answers as JSON trees. */
public class Api {

    private final TestRestTemplate http;

    public Api(TestRestTemplate http) {
        this.http = http;
    }

    public static Api as(TestRestTemplate http, IdentityService identity, String user, String group) {
        return new Api(TestUsers.signedIn(http, identity, user, group));
    }

    public static Api treasurer(TestRestTemplate http, IdentityService identity) {
        return as(http, identity, "karen", Roles.TREASURER);
    }

    public ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }

    public ResponseEntity<JsonNode> post(String path, Object body) {
        return http.postForEntity(path, body, JsonNode.class);
    }

    public ResponseEntity<JsonNode> put(String path, Object body) {
        return http.exchange(path, HttpMethod.PUT, body instanceof HttpEntity<?> entity ? entity : new HttpEntity<>(body),
                JsonNode.class);
    }

    public ResponseEntity<JsonNode> delete(String path) {
        return http.exchange(path, HttpMethod.DELETE, null, JsonNode.class);
    }

    public ResponseEntity<JsonNode> importCsv(byte[] csv, boolean validRowsOnly) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(new MediaType("text", "csv"));
        return http.postForEntity("/api/members/import?validRowsOnly=" + validRowsOnly, new HttpEntity<>(csv, headers),
                JsonNode.class);
    }

    public String text(String path) {
        return http.getForEntity(path, String.class).getBody();
    }

    /** The signed-in client itself, for what the JSON helpers do not cover (bytes, other media types). */
    public TestRestTemplate http() {
        return http;
    }
}
