package io.duesflow.payments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.stream.Collectors;

import io.duesflow.banking.BankFolders;
import io.duesflow.banking.SchemaViolationException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The bank inbox: statements ({@code camt.053}), notifications ({@code camt.054}), intraday reports ({@code camt.052})
 * and status reports ({@code pain.002}) the bank's download client puts there, whatever their names, and
 * Betalingsservice's 0602 and 0603 deliveries ({@link BetalingsserviceImport}), recognised by their content. Each file is
 * booked in one transaction ({@link BankFileImport}); a file whose content was booked before (its SHA-256 in the
 * JDBC idempotent repository) changes nothing. A booked or repeated file moves to {@code processed/}; a refused one to
 * {@code error/}, with a {@code .reason.txt} beside it, and nothing of it is booked. Nothing is ever deleted. Only one
 * node reads the inbox at a time ({@link InboxLock}).
 */
@Component
class BankInboxRoute extends RouteBuilder {

    static final String ROUTE = "bank-inbox";
    static final String CONTENT_HASH = "DuesflowContentHash";
    static final String PROCESSED_AS = "DuesflowProcessedAs";
    static final String REFUSED_AS = "DuesflowRefusedAs";
    private static final Logger log = LoggerFactory.getLogger(BankInboxRoute.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final BankFolders folders;
    private final BankInboxProperties properties;
    private final BankFileImport imports;
    private final BetalingsserviceImport betalingsservice;
    private final InboxLock lock;
    private final PlatformTransactionManager transactions;
    private final JdbcClient jdbc;
    private final Clock clock;

    BankInboxRoute(BankFolders folders, BankInboxProperties properties, BankFileImport imports,
                   BetalingsserviceImport betalingsservice, InboxLock lock, PlatformTransactionManager transactions,
                   JdbcClient jdbc, Clock clock) {
        this.folders = folders;
        this.properties = properties;
        this.imports = imports;
        this.betalingsservice = betalingsservice;
        this.lock = lock;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind("bankInboxLock", lock);
        getContext().getRegistry().bind("bankInboxTransaction", new SpringTransactionPolicy(transactions));
        JdbcIdempotentRepository seen = new JdbcIdempotentRepository(ROUTE, jdbc, clock);
        long settle = Math.max(100, properties.settleTime().toMillis());
        from("file:" + folders.inbox().toAbsolutePath()
                + "?readLock=changed&readLockCheckInterval=" + settle + "&readLockTimeout=" + Math.max(10_000, 5 * settle)
                + "&readLockMinLength=0&delay=" + properties.pollInterval().toMillis()
                + "&exclude=.*\\.(part|tmp|partial|crdownload)$&pollStrategy=#bankInboxLock"
                + "&move=${header." + PROCESSED_AS + "}&moveFailed=${header." + REFUSED_AS + "}")
                .routeId(ROUTE)
                .autoStartup(properties.enabled())
                .onException(Exception.class).handled(false).process(this::refused).end()
                .process(this::name)
                .transacted("bankInboxTransaction")
                .idempotentConsumer(header(CONTENT_HASH), seen).skipDuplicate(false)
                .choice()
                .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                .process(exchange -> {
                    imports.recordDuplicate(exchange.getIn().getHeader(CONTENT_HASH, String.class));
                    log.info("Bank file {} was booked before (same content); nothing changed",
                            exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY));
                })
                .when(exchange -> isBetalingsservice(exchange))
                .process(exchange -> {
                    BetalingsserviceImport.Imported imported = betalingsservice.importFile(file(exchange),
                            exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class),
                            exchange.getIn().getHeader(CONTENT_HASH, String.class));
                    log.info("Betalingsservice delivery {} no. {} in {}: {} records, {} booked, {} reported before, "
                                    + "{} listed for the treasurer", imported.deliveryType(), imported.deliveryId(),
                            exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY), imported.records(), imported.booked(),
                            imported.already(), imported.listed());
                })
                .otherwise()
                .process(exchange -> {
                    BankFileImport.Imported imported = imports.importFile(file(exchange),
                            exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class),
                            exchange.getIn().getHeader(CONTENT_HASH, String.class));
                    log.info("Bank file {} ({}): {} transactions, {} payments, {} direct debits settled, {} unmatched, "
                                    + "{} returns, {} reported before", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY),
                            imported.message().messageName(), imported.transactions(), imported.payments(),
                            imported.settled(), imported.unmatched(), imported.returns(), imported.known());
                })
                .end()
                .end();
    }

    /** Where the file goes afterwards (a stamp keeps the bank's reused names apart), and its content hash. */
    private void name(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String stamp = STAMP.format(LocalDateTime.now(clock));
        exchange.getIn().setHeader(PROCESSED_AS, folders.processed().toAbsolutePath().resolve(stamp + "-" + name).toString());
        exchange.getIn().setHeader(REFUSED_AS, folders.error().toAbsolutePath().resolve(stamp + "-" + name).toString());
        exchange.getIn().setHeader(CONTENT_HASH, sha256(file(exchange)));
    }

    /** A refused file: its reason beside where it goes, and on record. It is never deleted. */
    private void refused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String target = exchange.getIn().getHeader(REFUSED_AS, String.class);
        Path movedTo = target != null ? Path.of(target) : folders.error().toAbsolutePath().resolve(name);
        String reason = reason(cause);
        log.warn("Bank file {} refused, nothing of it booked: {}", name, reason);
        try {
            Files.createDirectories(movedTo.getParent());
            Files.writeString(movedTo.resolveSibling(movedTo.getFileName() + ".reason.txt"), "The bank file " + name
                    + " was refused on " + LocalDateTime.now(clock).withNano(0) + "; nothing of it was booked.\n\n"
                    + reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("The reason for refusing {} could not be written beside it: {}", name, e.getMessage());
        }
        imports.recordRefusal(name, exchange.getIn().getHeader(CONTENT_HASH, String.class), movedTo, reason);
    }

    /** The reason as a treasurer reads it: the refusal, and each schema problem with its line and column. */
    static String reason(Throwable cause) {
        Throwable e = cause;
        while (e != null && !(e instanceof SchemaViolationException) && !(e instanceof BankFileRows.Refused)
                && !(e instanceof io.duesflow.banking.betalingsservice.RefusedDeliveryException)
                && !(e instanceof io.duesflow.banking.statements.UnreadableBankFileException) && e.getCause() != null
                && e.getCause() != e) {
            e = e.getCause();
        }
        if (e instanceof SchemaViolationException violation) {
            return violation.getMessage() + "\n" + violation.problems().stream().map(problem -> "  " + problem)
                    .collect(Collectors.joining("\n"));
        }
        return e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
    }

    /** Nets' fixed-record deliveries are told from the bank's XML by what they hold, like the XML by its namespace. */
    private static boolean isBetalingsservice(Exchange exchange) {
        try {
            return BetalingsserviceImport.recognises(file(exchange));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path file(Exchange exchange) {
        return Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // the digest sees every byte as it passes
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
