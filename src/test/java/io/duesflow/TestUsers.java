package io.duesflow;

import io.duesflow.platform.Roles;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** Users the tests log in as: created when missing, in one group, all with the same password. */
public final class TestUsers {

    public static final String PASSWORD = "Correct-horse-9";

    private TestUsers() {
    }

    /** The user {@code id} in {@code group}, named after both ("Sam Supervisor"). */
    public static void ensure(IdentityService identity, String id, String group) {
        if (identity.createUserQuery().userId(id).count() == 0) {
            User user = identity.newUser(id);
            user.setFirstName(Character.toUpperCase(id.charAt(0)) + id.substring(1));
            user.setLastName(group.equals(Roles.TREASURER) ? "Treasurer" : "Supervisor");
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            identity.createMembership(id, group);
        }
    }

    /** The REST client calling as that user, who is created when missing. */
    public static TestRestTemplate signedIn(TestRestTemplate rest, IdentityService identity, String id, String group) {
        ensure(identity, id, group);
        return rest.withBasicAuth(id, PASSWORD);
    }
}
