package io.duesflow.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.duesflow.BankFileTemplate;
import io.duesflow.CamtCredit;
import io.duesflow.banking.BankFolders;
import io.duesflow.banking.Pain008Version;
import io.duesflow.billing.BillingRun;
import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeTemplate;
import io.duesflow.billing.ChargeView;
import io.duesflow.members.Association;
import io.duesflow.members.CollectionMethod;
import io.duesflow.members.MemberInput;
import io.duesflow.members.MemberRegister;
import io.duesflow.members.PostalAddress;
import io.duesflow.members.SepaSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the payments tests share: a euro association that collects by SEPA, members of a group of the test's own (so
 * other tests' members never appear), approved runs, bank files made from the hand-written templates in
 * {@code src/test/resources/payments/} with this test's charge numbers, references and a token of its own (so no
 * file or bank reference repeats another test's), and dropping a file into the bank inbox and waiting for the route.
 */
final class PaymentFixtures {

    static final String ACCOUNT = BankFileTemplate.ACCOUNT;
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final AtomicInteger ACCOUNTS = new AtomicInteger(5000);

    final MemberRegister register;
    final BillingRuns runs;
    final DirectDebitCollections collections;
    final JdbcClient jdbc;
    final BankFolders folders;
    final CamelContext camel;
    final String group;
    /** Unique to this test: in every file's message id and bank reference. */
    final String token;

    /** With the test's application context: its register, runs, bank folders and Camel. */
    PaymentFixtures(ApplicationContext context) {
        this.register = context.getBean(MemberRegister.class);
        this.runs = context.getBean(BillingRuns.class);
        this.collections = context.getBean(DirectDebitCollections.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.folders = context.getBean(BankFolders.class);
        this.camel = context.getBean(CamelContext.class);
        int test = TESTS.incrementAndGet();
        this.token = "T" + test + "-" + Long.toString(System.nanoTime(), 36);
        this.group = "Payments " + token;
        euroAssociation();
        register.createGroup(group, null, null);
    }

    void euroAssociation() {
        Association a = register.association();
        register.updateAssociation(new Association(a.id(), a.version(), a.name(), a.email(), a.address(), "EUR",
                a.timeZone(), a.languages(), ACCOUNT, a.bic(), "DE98ZZZ09999999999", a.betalingsserviceCreditor(),
                a.fiCreditorNumber(), a.defaultCollectionMethod(), a.monthlySuspensionFee(), a.receivablesAccount(),
                a.incomeAccount(), a.feeAccount(), a.bankAccount(), new SepaSettings(Pain008Version.V08, false, true,
                false, 1), a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy()));
    }

    long member(String name, CollectionMethod method) {
        return member(name, method, "da");
    }

    long member(String name, CollectionMethod method, String language) {
        return register.register(null, new MemberInput(name, name.toLowerCase().replace(' ', '.') + "@example.org",
                new PostalAddress("Åboulevarden", "7", "8000", "Århus C", "DK"), null, null, LocalDate.of(2020, 1, 1),
                null, language, method, null, List.of(group), null)).memberNumber();
    }

    /** A member on SEPA direct debit with the active mandate {@code M-<number>}; answers the mandate's IBAN. */
    String sepaMember(long member) {
        String iban = iban();
        register.addSepaMandate(member, "M-" + member, iban, null, LocalDate.of(2024, 5, 1));
        return iban;
    }

    static String iban() {
        return new Iban.Builder().countryCode(CountryCode.NL).bankCode("ABNA")
                .accountNumber(String.format("%010d", ACCOUNTS.incrementAndGet() * 7919L)).build().toString();
    }

    /** A run of one line for every member of the group, approved: its charges are open and numbered. */
    long approvedRun(String amount, LocalDate due) {
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal(amount), null)), null, group, due, null, null);
        runs.generate(run.id());
        return runs.approve(run.id(), null).id();
    }

    /** A run of one line for one member, approved. */
    long approvedRun(String amount, LocalDate due, long member) {
        BillingRun run = runs.createFromTemplate(null, null, List.of(new ChargeTemplate.Line("Dues",
                new BigDecimal(amount), null)), member, null, due, null, null);
        runs.generate(run.id());
        return runs.approve(run.id(), null).id();
    }

    List<ChargeView> charges(long runId) {
        return runs.charges(runId, 0, 1000);
    }

    ChargeView chargeOf(long runId, long member) {
        return charges(runId).stream().filter(charge -> charge.memberNumber() == member).findFirst().orElseThrow();
    }

    /** The run's direct debits recorded and placed, now (the collection after approval may also be under way). */
    DirectDebitCollections.Collection collected(long runId) {
        DirectDebitCollections.Collection collection = collections.collect(runId);
        assertThat(collection.files()).allSatisfy(file -> assertThat(file.state()).isEqualTo("PLACED"));
        return collection;
    }

    /** Our file's message id and its blocks' payment information ids, as the bank echoes them. */
    record SentFile(String messageId, String frstBlock, String rcurBlock) {
    }

    SentFile sentFile(long runId) {
        return jdbc.sql("""
                        select f.message_id from duesflow.sepa_file f where f.run_id = :run order by f.id limit 1""")
                .param("run", runId).query(String.class).optional()
                .map(messageId -> {
                    String stem = messageId.substring("DUESFLOW-".length());
                    return new SentFile(messageId, stem + "-FRST", stem + "-RCUR");
                }).orElseThrow();
    }

    /** A template with its placeholders ({@code {{name}}}) filled in; {@code {{run}}} and {@code {{account}}} always. */
    String template(String name, Map<String, String> values) {
        return BankFileTemplate.filled(name, token, values);
    }

    /**
     * One transfer as an entry of {@code camt053-v08-credits.xml}: the end-to-end id (null: NOTPROVIDED), an RF
     * reference (null: none), the payer and their account (null: not given), a message.
     */
    String credit(int number, String amount, String endToEndId, String rf, String payerName, String iban,
                  String text) {
        CamtCredit credit = CamtCredit.of("EUR", amount, token + "-C" + number, "{{bookingDate}}")
                .endToEndId(endToEndId).payer(payerName, payerName == null ? null : iban);
        return (rf != null ? credit.scor(rf) : credit.unstructured(text)).xml();
    }

    /** A statement of these transfers, booked on a day. */
    String credits(LocalDate bookingDate, String... entries) {
        return template("camt053-v08-credits.xml", Map.of("bookingDate", bookingDate.toString(),
                "entries", String.join("", entries).replace("{{bookingDate}}", bookingDate.toString())));
    }

    /** What the inbox did with a file: booked ({@code file}) or refused ({@code refusal}, with the reason). */
    record Taken(BankFileReports.BankFile file, BankFileReports.Refusal refusal, Path movedTo, String reason) {
    }

    Taken drop(String name, String content) {
        return drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Puts the file into the inbox as a bank's download client does (written under a hidden name, then renamed),
     * and waits for the route to have taken it.
     */
    Taken drop(String name, byte[] content) {
        try {
            Path hidden = folders.inbox().resolve("." + name + ".part");
            Files.createDirectories(folders.inbox());
            Files.write(hidden, content);
            return dropped(name, hidden);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Taken dropped(String name, Path written) throws IOException {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(BankInboxRoute.ROUTE).whenDone(1).create();
        Files.move(written, folders.inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        assertThat(done.matches(60, TimeUnit.SECONDS)).as("the bank inbox took " + name).isTrue();
        // The file is moved out of the inbox once its exchange has committed, which can come a moment after the done
        // event on a busy machine (or the event was an earlier file's); its record is read only then.
        org.awaitility.Awaitility.await("the inbox moves " + name + " on").atMost(java.time.Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(folders.inbox().resolve(name)).as("nothing is left in the inbox")
                        .doesNotExist());
        BankFileReports.BankFile file = jdbc.sql("""
                        select id, file_name, message, message_id, imported_at, statements, entries, transactions,
                               payments, settled, unmatched, returns, known, duplicates, last_duplicate_at
                        from duesflow.bank_file where file_name = :name order by id desc limit 1""")
                .param("name", name)
                .query((rs, n) -> new BankFileReports.BankFile(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                        rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13), rs.getInt(14),
                        rs.getTimestamp(15) == null ? null : rs.getTimestamp(15).toInstant()))
                .optional().orElse(null);
        BankFileReports.Refusal refusal = jdbc.sql("""
                        select file_name, moved_to, reason, refused_at from duesflow.bank_file_refusal
                        where file_name = :name order by id desc limit 1""")
                .param("name", name)
                .query((rs, n) -> new BankFileReports.Refusal(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional().orElse(null);
        Path movedTo;
        String reason = null;
        if (refusal != null) {
            movedTo = Path.of(refusal.movedTo());
            Path reasonFile = movedTo.resolveSibling(movedTo.getFileName() + ".reason.txt");
            reason = Files.exists(reasonFile) ? Files.readString(reasonFile) : null;
        } else {
            try (Stream<Path> processed = Files.list(folders.processed())) {
                movedTo = processed.filter(path -> path.getFileName().toString().endsWith("-" + name))
                        .max(java.util.Comparator.naturalOrder()).orElse(null);
            }
        }
        return new Taken(file, refusal, movedTo, reason);
    }

    /** The state, how it matched and the charge of each of a file's transactions, in file order. */
    List<String> transactions(long fileId) {
        return jdbc.sql("""
                        select kind || ' ' || state || coalesce(' ' || matched_by, '') || coalesce(' ' || charge_number, '')
                               || ' ' || amount
                        from duesflow.bank_transaction where bank_file_id = :file order by id""")
                .param("file", fileId).query(String.class).list();
    }

    void startInbox() throws Exception {
        camel.getRouteController().startRoute(BankInboxRoute.ROUTE);
    }

    void stopInbox() throws Exception {
        camel.getRouteController().stopRoute(BankInboxRoute.ROUTE);
    }
}
