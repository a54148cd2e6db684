package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.duesflow.Api;
import io.duesflow.ApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The chart of accounts as a treasurer keeps it. */
@ApplicationTest
class ChartOfAccountsTests extends TreasurerTest {

    @Test
    void theDefaultChartHoldsWhatAnAssociationBooksWithEachAccountsPart() {
        List<String> chart = new ArrayList<>();
        for (JsonNode account : treasurer.get("/api/ledger/accounts").getBody()) {
            chart.add(account.path("number").asText() + " " + account.path("name").asText() + " "
                    + account.path("type").asText() + " " + account.path("role").asText("-") + " "
                    + account.path("associationSettings"));
        }

        assertThat(chart).contains(
                "1000 Bank ASSET - [\"bankAccount\"]",
                "1100 Dues owed ASSET - [\"receivablesAccount\"]",
                "1150 Direct debits in collection ASSET COLLECTION_CLEARING []",
                "2100 Member credit LIABILITY MEMBER_CREDIT []",
                "3000 Dues INCOME - [\"incomeAccount\"]",
                "3900 Fees INCOME - [\"feeAccount\"]",
                "3910 Suspension fees INCOME - []",
                "3950 Other receipts (not dues) INCOME OTHER_RECEIPTS []",
                "7800 Bank charges EXPENSE BANK_CHARGES []",
                "7900 Rounding EXPENSE ROUNDING []");
    }

    @Test
    void aTreasurerOpensRenamesAndDeactivatesAnAccountAndAStaleChangeIsRefused() {
        String number = unique("3");
        JsonNode opened = treasurer.post("/api/ledger/accounts", Map.of("number", number, "name", "Ball money",
                "type", "INCOME")).getBody();

        ResponseEntity<JsonNode> renamed = treasurer.put("/api/ledger/accounts/" + number, Map.of("name", "Ball games",
                "type", "INCOME", "active", false, "version", opened.path("version").asInt()));
        ResponseEntity<JsonNode> stale = treasurer.put("/api/ledger/accounts/" + number, Map.of("name", "Tennis",
                "type", "INCOME", "version", opened.path("version").asInt()));

        assertThat(renamed.getStatusCode()).as("%s", renamed.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(renamed.getBody().path("name").asText()).isEqualTo("Ball games");
        assertThat(renamed.getBody().path("active").asBoolean()).isFalse();
        assertThat(stale.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(treasurer.get("/api/ledger/accounts/" + number).getBody().path("name").asText()).isEqualTo("Ball games");
    }

    @Test
    void anAccountWithPostingsIsNeverDeletedOneWithoutIs() {
        String used = unique("5");
        String unused = unique("6");
        treasurer.post("/api/ledger/accounts", Map.of("number", used, "name", "Printing", "type", "EXPENSE"));
        treasurer.post("/api/ledger/accounts", Map.of("number", unused, "name", "Typo", "type", "EXPENSE"));
        treasurer.post("/api/ledger/vouchers", Map.of("date", treasurer.clock.today().toString(), "text", "Printing the magazine",
                "lines", List.of(Map.of("account", used, "debit", "80.00"), Map.of("account", "1000", "credit", "80.00"))));

        ResponseEntity<JsonNode> refused = treasurer.delete("/api/ledger/accounts/" + used);
        ResponseEntity<JsonNode> deleted = treasurer.delete("/api/ledger/accounts/" + unused);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody().path("detail").asText()).contains("has postings", "deactivated, not deleted");
        assertThat(treasurer.get("/api/ledger/accounts/" + used).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(treasurer.get("/api/ledger/accounts/" + unused).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void anAccountThatPlaysAPartIsNotDeactivatedAndARoleHasOneAccount() {
        JsonNode duesOwed = treasurer.get("/api/ledger/accounts/1100").getBody();
        JsonNode rounding = treasurer.get("/api/ledger/accounts/7900").getBody();

        ResponseEntity<JsonNode> association = treasurer.put("/api/ledger/accounts/1100", Map.of("name", "Dues owed",
                "type", "ASSET", "active", false, "version", duesOwed.path("version").asInt()));
        ResponseEntity<JsonNode> role = treasurer.put("/api/ledger/accounts/7900", Map.of("name", "Rounding",
                "type", "EXPENSE", "role", "ROUNDING", "active", false, "version", rounding.path("version").asInt()));
        ResponseEntity<JsonNode> second = treasurer.post("/api/ledger/accounts", Map.of("number", unique("7"),
                "name", "More rounding", "type", "EXPENSE", "role", "ROUNDING"));

        assertThat(association.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(association.getBody().path("detail").asText()).contains("receivablesAccount", "/api/association");
        assertThat(role.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(role.getBody().path("detail").asText()).contains("ROUNDING");
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(second.getBody().path("detail").asText()).contains("7900 is the ROUNDING account");
    }

    @Test
    void aBadNumberOrAMissingTypeIsRefusedNamingTheField() {
        ResponseEntity<JsonNode> number = treasurer.post("/api/ledger/accounts", Map.of("number", "30 10", "name", "Dues",
                "type", "INCOME"));
        ResponseEntity<JsonNode> type = treasurer.post("/api/ledger/accounts", Map.of("number", unique("3"), "name",
                "Dues"));
        ResponseEntity<JsonNode> taken = treasurer.post("/api/ledger/accounts", Map.of("number", "3000", "name", "Dues",
                "type", "INCOME"));

        assertThat(number.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(number.getBody().path("field").asText()).isEqualTo("number");
        assertThat(type.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(type.getBody().path("field").asText()).isEqualTo("type");
        assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aSupervisorReadsTheChartButChangesNothing() {
        Api supervisor = Treasurer.supervisor(context);

        assertThat(supervisor.get("/api/ledger/accounts").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(supervisor.post("/api/ledger/accounts", Map.of("number", unique("3"), "name", "Mine",
                "type", "INCOME")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static String unique(String first) {
        return first + (1_000_000 + System.nanoTime() % 1_000_000);
    }
}
