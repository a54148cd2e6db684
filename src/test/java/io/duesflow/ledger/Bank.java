package io.duesflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.duesflow.BankFileTemplate;
import io.duesflow.CamtCredit;
import io.duesflow.banking.BankFolders;
import io.duesflow.banking.Pain008Version;
import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.SepaSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The association's bank as the ledger's tests need it: a euro account that collects by SEPA, members' mandates,
 * and the files the bank sends (a statement of credits, a returned direct debit with its fee) dropped into the bank
 * inbox, made from the payments tests' templates in {@code src/test/resources/payments/}. Every file carries a token
 * of its own, so no message id or bank reference repeats another file's.
 */
final class Bank {

    static final String ACCOUNT = BankFileTemplate.ACCOUNT;
    private static final String ROUTE = "bank-inbox";
    private static final AtomicInteger FILES = new AtomicInteger();
    private static final AtomicInteger IBANS = new AtomicInteger(700_000);

    private final MemberRegister register;
    private final BankFolders folders;
    private final CamelContext camel;
    private final JdbcClient jdbc;
    private final String token = "L" + Long.toString(System.nanoTime(), 36);
    private int entries;

    Bank(ApplicationContext context) {
        this.register = context.getBean(MemberRegister.class);
        this.folders = context.getBean(BankFolders.class);
        this.camel = context.getBean(CamelContext.class);
        this.jdbc = context.getBean(JdbcClient.class);
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR",
                a.timeZone(), a.languages(), ACCOUNT, a.bic(), "DE98ZZZ09999999999", a.betalingsserviceCreditor(),
                a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(),
                a.incomeAccount(), a.feeAccount(), a.bankAccount(), new SepaSettings(Pain008Version.V08, false, true,
                false, 1), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    void open() throws Exception {
        camel.getRouteController().startRoute(ROUTE);
    }

    void close() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
    }

    /** An active SEPA mandate {@code M-<member>} for the member; answers the mandate's IBAN. */
    String mandate(long member) {
        String iban = new Iban.Builder().countryCode(CountryCode.NL).bankCode("ABNA")
                .accountNumber(String.format("%010d", IBANS.incrementAndGet() * 7907L)).build().toString();
        register.addSepaMandate(member, "M-" + member, iban, null, LocalDate.of(2024, 5, 1));
        return iban;
    }

    /** A valid IBAN of nobody duesflow knows. */
    static String strangersIban() {
        return new Iban.Builder().countryCode(CountryCode.NL).bankCode("RABO")
                .accountNumber(String.format("%010d", IBANS.incrementAndGet() * 7919L)).build().toString();
    }

    /** A transfer quoting the charge's number as its end-to-end id: how the bank reports a settled direct debit. */
    String settlement(String chargeNumber, String amount) {
        return entry(amount, chargeNumber, null, null);
    }

    /** A transfer quoting the invoice's RF reference. */
    String transfer(String rfReference, String amount) {
        return entry(amount, null, rfReference, null);
    }

    /** A transfer with nothing but the amount and the payer's account to go by. */
    String transferFrom(String payerIban, String amount) {
        return entry(amount, null, null, payerIban);
    }

    /** A statement booking the run's block of first collections as one entry, as some banks do. */
    Map.Entry<String, String> lump(LocalDate bookingDate, long runId, int count, String total) {
        String file = token + "-" + FILES.incrementAndGet();
        String messageId = jdbc.sql("select message_id from duesflow.sepa_file where run_id = :run order by id limit 1")
                .param("run", runId).query(String.class).single();
        return Map.entry("lump-" + file + ".xml", template("camt053-v08-collection-lump.xml", file, Map.of(
                "bookingDate", bookingDate.toString(), "messageId", messageId, "block", firstBlock(runId),
                "count", String.valueOf(count), "total", total)));
    }

    /** A statement of these credits, booked on a day: a file of its own (name and content). */
    Map.Entry<String, String> statement(LocalDate bookingDate, String... credits) {
        String file = token + "-" + FILES.incrementAndGet();
        String entries = String.join("", credits).replace("{{bookingDate}}", bookingDate.toString());
        return Map.entry("statement-" + file + ".xml", template("camt053-v08-credits.xml", file,
                Map.of("bookingDate", bookingDate.toString(), "entries", entries)));
    }

    /**
     * The bank's notification that a member's direct debit came back (MD06, the payer asked for a refund): the
     * account debited the original amount and the bank's fee.
     */
    Map.Entry<String, String> returned(LocalDate bookingDate, String chargeNumber, long member, String original,
                                       String fee, String block) {
        String file = token + "-" + FILES.incrementAndGet();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("bookingDate", bookingDate.toString());
        values.put("debited", new java.math.BigDecimal(original).add(new java.math.BigDecimal(fee)).toPlainString());
        values.put("original", original);
        values.put("fee", fee);
        values.put("block", block);
        values.put("e2e", chargeNumber);
        values.put("mandate", "M-" + member);
        values.put("name", "Member " + member);
        values.put("iban", "NL02ABNA0123456789");
        return Map.entry("return-" + file + ".xml", template("camt054-v02-return-md06-fee.xml", file, values));
    }

    /** The payment information id of the run's first file's block of first collections, as the bank echoes it. */
    String firstBlock(long runId) {
        String messageId = jdbc.sql("select message_id from duesflow.sepa_file where run_id = :run order by id limit 1")
                .param("run", runId).query(String.class).single();
        return messageId.substring("DUESFLOW-".length()) + "-FRST";
    }

    /** Drops the file into the inbox as a bank's download client does, and waits until the route has taken it. */
    void drop(Map.Entry<String, String> file) {
        try {
            Files.createDirectories(folders.inbox());
            Path hidden = folders.inbox().resolve("." + file.getKey() + ".part");
            Files.writeString(hidden, file.getValue(), StandardCharsets.UTF_8);
            NotifyBuilder done = new NotifyBuilder(camel).fromRoute(ROUTE).whenDone(1).create();
            Files.move(hidden, folders.inbox().resolve(file.getKey()), StandardCopyOption.ATOMIC_MOVE);
            assertThat(done.matches(60, TimeUnit.SECONDS)).as("the bank inbox took " + file.getKey()).isTrue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(jdbc.sql("select count(*) from duesflow.bank_file_refusal where file_name = :name")
                .param("name", file.getKey()).query(Long.class).single()).as("%s refused", file.getKey()).isZero();
    }

    private String entry(String amount, String endToEndId, String rf, String payerIban) {
        return CamtCredit.of("EUR", amount, token + "-C" + ++entries, "{{bookingDate}}").endToEndId(endToEndId)
                .payer(payerIban == null ? null : "A. Payer", payerIban).scor(rf).xml();
    }

    private static String template(String name, String file, Map<String, String> values) {
        return BankFileTemplate.filled(name, file, values);
    }
}
