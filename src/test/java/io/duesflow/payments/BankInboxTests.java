package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.banking.BankFolders;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The bank inbox with several application nodes: one reads it at a time. */
@ApplicationTest
class BankInboxTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    Charges charges;
    @Autowired
    DataSource dataSource;
    @Autowired
    InboxLock lock;
    @Autowired
    BankFolders folders;
    @Autowired
    CamelContext camel;
    @Autowired
    TestClock clock;

    PaymentFixtures fixtures;

    @BeforeEach
    void inboxRunning() throws Exception {
        fixtures = new PaymentFixtures(context);
        fixtures.startInbox();
    }

    @AfterEach
    void inboxStopped() throws Exception {
        fixtures.stopInbox();
    }

    @Test
    void whileAnotherNodeReadsTheInboxThisOneLeavesItsFilesAloneAndTakesThemOnceItIsDone() throws Exception {
        long member = fixtures.member("Nora Node", CollectionMethod.INVOICE);
        ChargeView charge = fixtures.chargeOf(fixtures.approvedRun("33.00", clock.today().plusDays(10), member), member);
        Path file = folders.inbox().resolve("other-node-" + fixtures.token + ".xml");
        NotifyBuilder taken = new NotifyBuilder(camel).fromRoute(BankInboxRoute.ROUTE).whenDone(1).create();
        try (Connection otherNode = dataSource.getConnection()) {
            lockAsAnotherNode(otherNode, true);
            int skippedBefore = lock.skippedPolls();
            Files.writeString(file, fixtures.credits(clock.today(), fixtures.credit(1, "33.00", charge.number(), null,
                    "Nora Node", null, null)), StandardCharsets.UTF_8);

            await().atMost(Duration.ofSeconds(30)).until(() -> lock.skippedPolls() >= skippedBefore + 5);

            assertThat(file).as("left for the node reading the inbox").exists();
            assertThat(charges.state(charge.number()).status().name()).isEqualTo("OPEN");
            lockAsAnotherNode(otherNode, false);
        }

        assertThat(taken.matches(60, TimeUnit.SECONDS)).isTrue();
        assertThat(file).doesNotExist();
        assertThat(charges.state(charge.number()).status().name()).isEqualTo("PAID");
    }

    private static void lockAsAnotherNode(Connection connection, boolean take) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select " + (take ? "pg_advisory_lock" : "pg_advisory_unlock")
                     + "(" + InboxLock.LOCK_CLASS + ", " + InboxLock.LOCK_ID + ")")) {
            result.next();
        }
    }
}
