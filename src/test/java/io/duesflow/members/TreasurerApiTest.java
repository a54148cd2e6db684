package io.duesflow.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.Api;
import io.duesflow.TestClock;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The register through its REST API, called by the treasurer Karen, with members made the way she types them in. */
abstract class TreasurerApiTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    IdentityService identity;
    @Autowired
    MemberRegister register;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestClock clock;

    Api api;

    @BeforeEach
    void signInAsTreasurer() {
        api = Api.treasurer(http, identity);
    }

    /** A member who joined on 2020-03-15 and reads Danish, with more fields as name and value pairs. */
    static Map<String, Object> member(String name, Object... more) {
        Map<String, Object> member = new HashMap<>(Map.of("name", name, "joinDate", "2020-03-15", "language", "da"));
        for (int i = 0; i < more.length; i += 2) {
            member.put((String) more[i], more[i + 1]);
        }
        return member;
    }

    long registered(Map<String, Object> member) {
        ResponseEntity<JsonNode> created = api.post("/api/members", member);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("memberNumber").asLong();
    }

    /** A SEPA mandate the member signed, added through the API. */
    void signedMandate(long number, String mandateId, String iban, String signedOn) {
        assertThat(api.post("/api/members/" + number + "/sepa-mandates", Map.of("mandateId", mandateId, "iban", iban,
                "signedOn", signedOn)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /**
     * A member number nobody has or will be given, for a row an import registers: drawn from the register's own
     * sequence, which members typed in without a number also draw from.
     */
    long unusedNumber() {
        return jdbc.sql("select nextval('duesflow.member_number_seq')").query(Long.class).single();
    }
}
