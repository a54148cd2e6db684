package io.duesflow.members;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.TestUsers;
import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The REST API as one user calls it, answers as JSON trees. */
record Api(TestRestTemplate http) {

    static Api as(TestRestTemplate http, IdentityService identity, String user, String group) {
        return new Api(TestUsers.signedIn(http, identity, user, group));
    }

    static Api treasurer(TestRestTemplate http, IdentityService identity) {
        return as(http, identity, "karen", Roles.TREASURER);
    }

    ResponseEntity<JsonNode> get(String path) {
        return http.getForEntity(path, JsonNode.class);
    }

    ResponseEntity<JsonNode> post(String path, Object body) {
        return http.postForEntity(path, body, JsonNode.class);
    }

    ResponseEntity<JsonNode> put(String path, Object body) {
        return http.exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
    }

    ResponseEntity<JsonNode> delete(String path) {
        return http.exchange(path, HttpMethod.DELETE, null, JsonNode.class);
    }

    ResponseEntity<JsonNode> importCsv(byte[] csv, boolean validRowsOnly) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(new MediaType("text", "csv"));
        return http.postForEntity("/api/members/import?validRowsOnly=" + validRowsOnly, new HttpEntity<>(csv, headers),
                JsonNode.class);
    }

    String text(String path) {
        return http.getForEntity(path, String.class).getBody();
    }
}
