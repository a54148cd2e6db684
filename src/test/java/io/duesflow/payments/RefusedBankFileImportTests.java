package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.duesflow.ApplicationTest;
import io.duesflow.TestClock;
import io.duesflow.banking.BankFolders;
import io.duesflow.billing.ChargeView;
import io.duesflow.billing.Charges;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberRegister;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bank files the inbox refuses: each goes to {@code error/} with a {@code .reason.txt} beside it naming what is
 * wrong, and nothing of it is booked, not even the good credit it carries.
 */
@ApplicationTest
class RefusedBankFileImportTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    MemberRegister register;
    @Autowired
    Charges charges;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    BankFolders folders;
    @Autowired
    TestClock clock;

    PaymentFixtures fixtures;
    ChargeView charge;
    String statement;

    @BeforeEach
    void aChargeAGoodStatementWouldPay() throws Exception {
        fixtures = new PaymentFixtures(context);
        long member = fixtures.member("Jürgen Groß", CollectionMethod.INVOICE);
        charge = fixtures.chargeOf(fixtures.approvedRun("120.00", clock.today().plusDays(20), member), member);
        statement = fixtures.template("camt053-v08-two-statements.xml", Map.of("amount1", "120.00",
                "number1", charge.number(), "name1", "Jürgen Groß", "amount2", "80.00",
                "rf2", "RF18539007547034", "name2", "Greta Lund"));
        fixtures.startInbox();
    }

    @AfterEach
    void inboxStopped() throws Exception {
        fixtures.stopInbox();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            another currency            | is in DKK; the association keeps its books in EUR
            a negative amount           | does not match its schema
            a wrong status code         | BOOKED
            fractions of a cent         | 120.005 EUR cannot be booked: 120.005 has more than two decimals
            cut off                     | not well-formed XML
            another account             | not on the association's account NL91ABNA0417164300
            """)
    void aStatementThatCannotBeBookedIsRefusedWithItsReasonAndNothingOfItIsBooked(String what, String reason) {
        String broken = switch (what) {
            case "another currency" -> statement.replace("EUR", "DKK");
            case "a negative amount" -> statement.replace(">120.000<", ">-120.00<");
            case "a wrong status code" -> statement.replace("<Cd>BOOK</Cd>", "<Cd>BOOKED</Cd>");
            case "fractions of a cent" -> statement.replace(">120.000<", ">120.005<");
            case "cut off" -> statement.substring(0, statement.length() / 2);
            case "another account" -> statement.replace(PaymentFixtures.ACCOUNT, "DE89370400440532013000");
            default -> throw new IllegalArgumentException(what);
        };

        PaymentFixtures.Taken taken = fixtures.drop("broken-" + fixtures.token + ".xml", broken);

        refusedWith(taken, reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hostile-not-xml.csv          | not well-formed XML
            hostile-doctype-xxe.xml      | DOCTYPE
            hostile-billion-laughs.xml   | DOCTYPE
            hostile-wrong-namespace.xml  | urn:iso:std:iso:20023:tech:xsd:camt.053.001.02
            """)
    void hostileAndForeignFilesAreRefusedUnread(String file, String reason) throws IOException {
        byte[] content;
        try (InputStream in = RefusedBankFileImportTests.class.getResourceAsStream("/bank/" + file)) {
            content = in.readAllBytes();
        }

        PaymentFixtures.Taken taken = fixtures.drop(fixtures.token + "-" + file, content);

        refusedWith(taken, reason);
    }

    @Test
    void aFileOf200MegabytesIsRefusedBeforeItIsRead() throws IOException {
        Path hidden = folders.inbox().resolve(".huge-" + fixtures.token + ".part");
        try (RandomAccessFile file = new RandomAccessFile(hidden.toFile(), "rw")) {
            file.write(statement.getBytes(StandardCharsets.UTF_8));
            file.setLength(200L * 1024 * 1024);
        }

        PaymentFixtures.Taken taken = fixtures.dropped("huge-" + fixtures.token + ".xml", hidden);

        refusedWith(taken, "The file is 200 MB, more than the 100 MB a bank file may have");
    }

    @Test
    void aRefusedFileMovedBackIntoTheInboxOnceTheCauseIsFixedIsBooked() throws IOException {
        io.duesflow.members.Association a = register.association();
        register.updateAssociation(new io.duesflow.members.Association(a.id(), a.version(), a.name(), a.email(),
                a.address(), a.currency(), a.timeZone(), a.languages(), "DE89370400440532013000", a.bic(),
                a.sepaCreditorId(), a.betalingsserviceCreditor(), a.fiCreditorNumber(), a.defaultCollectionMethod(),
                a.monthlySuspensionFee(), a.receivablesAccount(), a.incomeAccount(), a.feeAccount(), a.bankAccount(),
                a.sepa(), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
        PaymentFixtures.Taken refused = fixtures.drop("late-" + fixtures.token + ".xml", statement);
        assertThat(refused.refusal().reason()).contains("not on the association's account DE89370400440532013000");
        fixtures.euroAssociation();
        Path back = folders.inbox().resolve(".late-" + fixtures.token + ".part");
        Files.copy(refused.movedTo(), back);

        PaymentFixtures.Taken booked = fixtures.dropped("late-" + fixtures.token + ".xml", back);

        assertThat(booked.file()).isNotNull();
        assertThat(charges.state(charge.number()).status().name()).isEqualTo("PAID");
    }

    private void refusedWith(PaymentFixtures.Taken taken, String reason) {
        assertThat(taken.file()).as("nothing booked").isNull();
        assertThat(taken.refusal()).isNotNull();
        assertThat(taken.refusal().reason()).contains(reason);
        assertThat(taken.movedTo()).as("kept in error/, never deleted").exists();
        assertThat(taken.movedTo().getParent()).isEqualTo(folders.error().toAbsolutePath());
        assertThat(taken.reason()).as("the reason beside it").contains("nothing of it was booked").contains(reason);
        assertThat(charges.state(charge.number()).status().name()).isEqualTo("OPEN");
        assertThat(jdbc.sql("select count(*) from duesflow.payment where charge_id = :charge")
                .param("charge", charge.id()).query(Integer.class).single()).isZero();
    }
}
