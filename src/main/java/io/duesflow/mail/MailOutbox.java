package io.duesflow.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.duesflow.billing.BillingRuns;
import io.duesflow.billing.ChargeForDocument;
import io.duesflow.members.Association;
import io.duesflow.members.MemberContact;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The front door to members' mail. Mails are queued in the transaction of what causes them, one per (kind, document),
 * and sent by the {@code mail-outbox} route: a round takes due mails with {@code for update skip locked} (so two
 * nodes never take the same mail), renders and sends each, and records the outcome. A failure to deliver is tried
 * again later, waiting twice as long each time, and parked as {@code FAILED} with its reason after the last try; a
 * member without a usable mail address gets {@code NEEDS_PRINTING}, the PDF ready to print.
 */
@Service
public class MailOutbox {

    private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);

    public enum Status { QUEUED, SENT, FAILED, NEEDS_PRINTING }

    /** Why a mail last failed: its template, its document's data, or the way to the mail server. */
    public enum Failure { TEMPLATE, DOCUMENT, DELIVERY }

    /**
     * Where a run's mail stands, as {@link #checkRun} found it. {@code unwritable} mails failed on their template or
     * data since the last check ({@code firstProblem} says how the first of them did); {@code putBack} were put back
     * in the queue because a check had already reported them; {@code waiting} are queued for a later try.
     */
    public record RunMail(int sent, int needsPrinting, int waiting, int unwritable, String firstProblem, int putBack) {
    }

    /** @param resend 0 for a document's mail, 1, 2 … for each "send again" of it (a new Message-ID, the same document) */
    public record Entry(long id, String kind, String documentNumber, Long runId, Long memberNumber, Status status,
                        Failure failure, int attempts, Instant nextAttemptAt, String lastError, String recipient,
                        String messageId, Instant queuedAt, Instant sentAt, int resend) {
    }

    private final JdbcClient jdbc;
    private final BillingRuns billing;
    private final MemberRegister register;
    private final MailDocuments documents;
    private final DocumentRenderer renderer;
    private final MailTransport transport;
    private final MailProperties properties;
    private final TransactionTemplate transaction;
    private final io.duesflow.billing.OpenCharges openCharges;
    private final Clock clock;
    private final ExecutorService renderers = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
                Thread thread = new Thread(runnable, "mail-render");
                thread.setDaemon(true);
                return thread;
            });

    MailOutbox(JdbcClient jdbc, BillingRuns billing, MemberRegister register, MailDocuments documents,
               DocumentRenderer renderer, MailTransport transport, MailProperties properties,
               PlatformTransactionManager transactions, io.duesflow.billing.OpenCharges openCharges, Clock clock) {
        this.openCharges = openCharges;
        this.jdbc = jdbc;
        this.billing = billing;
        this.register = register;
        this.documents = documents;
        this.renderer = renderer;
        this.transport = transport;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        // A round commits on its own, also when a process job calls it: what the server accepted stays recorded
        // as sent even if the job then fails.
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Queues the invoices of an approved run; must run in the approval's transaction. Queuing twice adds nothing. */
    @Transactional
    public int queueInvoices(long runId) {
        int queued = queue(DocumentKind.INVOICE, runId, billing.invoiceIds(runId));
        // A periodic invoice made on the 25th of a run approved on the 15th waits for its day.
        Map<Long, java.time.LocalDate> madeLater = openCharges.madeAfter(runId, java.time.LocalDate.now(clock));
        if (!madeLater.isEmpty()) {
            List<Long> ids = new ArrayList<>(madeLater.keySet());
            jdbc.sql("""
                            update duesflow.mail_outbox o set next_attempt_at = u.at
                            from unnest(:ids, :ats) as u(id, at)
                            where o.kind = 'INVOICE' and o.document_id = u.id and o.resend = 0 and o.status = 'QUEUED'""")
                    .param("ids", new SqlArrayValue("bigint", ids.toArray()))
                    .param("ats", new SqlArrayValue("timestamptz", ids.stream().map(id -> Timestamp.from(
                            madeLater.get(id).atStartOfDay(clock.getZone()).toInstant())).toArray()))
                    .update();
        }
        return queued;
    }

    /** Queues receipts for charges paid in full; must run in the transaction that paid them. Twice adds nothing. */
    @Transactional
    public int queueReceipts(List<Long> chargeIds) {
        return queue(DocumentKind.PAYMENT_RECEIPT, null, chargeIds);
    }

    /**
     * Queues the invoices of charges whose Betalingsservice collection failed, sent again with the payment line; must
     * run in the transaction that booked the failure. Twice adds nothing.
     */
    @Transactional
    public int queueInvoicesAgain(List<Long> chargeIds) {
        return queue(DocumentKind.INVOICE_AGAIN, null, chargeIds);
    }

    /**
     * Queues a reminder round's first and second reminders under their run, so the run's {@code run-mail} sends them;
     * must run in the transaction that put them on their charges. A charge gets each reminder once.
     */
    @Transactional
    public int queueReminders(long runId, List<Long> firstReminders, List<Long> secondReminders) {
        return queue(DocumentKind.FIRST_REMINDER, runId, firstReminders)
                + queue(DocumentKind.SECOND_REMINDER, runId, secondReminders);
    }

    /** Queues a credit note; must run in the transaction that issued it. */
    @Transactional
    public int queueCreditNote(long creditNoteId) {
        return queue(DocumentKind.CREDIT_NOTE, null, List.of(creditNoteId));
    }

    int queue(DocumentKind kind, Long runId, List<Long> documentIds) {
        if (documentIds.isEmpty()) {
            return 0;
        }
        // Fixed when queued: the same mail keeps its Message-ID through every retry.
        Instant now = Instant.now(clock);
        return jdbc.sql("""
                        insert into duesflow.mail_outbox (kind, document_id, run_id, status, next_attempt_at, message_id,
                                                          queued_at)
                        select :kind, d.id, :run, 'QUEUED', :now,
                               :prefix || d.id || '.' || :stamp || '@duesflow', :now
                        from unnest(:ids) as d(id)
                        on conflict (kind, document_id, resend) do nothing""")
                .param("kind", kind.name()).param("run", runId).param("now", Timestamp.from(now))
                .param("prefix", kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-")
                .param("stamp", String.valueOf(now.getEpochSecond()))
                .param("ids", new SqlArrayValue("bigint", documentIds.toArray()))
                .update();
    }

    /**
     * Sends the due mails in rounds of at most a batch, each mail rendered, sent and recorded, while full rounds
     * come back. After a failure to deliver it stops: the server is most likely down for the rest as well, and they
     * wait for the next poll. Returns how many mails were taken.
     */
    public int sendDue() {
        return sendRounds(null, Integer.MAX_VALUE).taken();
    }

    /** Rounds while they come back full, until a delivery fails or {@code limit} mails were taken. */
    private Round sendRounds(Long runId, int limit) {
        int taken = 0;
        Round round;
        do {
            round = sendRound(runId);
            taken += round.taken();
        } while (round.full() && !round.deliveryFailed() && taken < limit);
        return new Round(taken, round.full(), round.deliveryFailed());
    }

    /** How many mails a round (or several) took; whether the last was full, and whether a delivery failed. */
    private record Round(int taken, boolean full, boolean deliveryFailed) {
    }

    /**
     * Sends a chunk of a run's due mails ({@code duesflow.mail.outbox.run-chunk}, in rounds): a process job stays
     * short, well inside its lock. True when the chunk was full and more may be waiting. With sending switched off
     * ({@code duesflow.mail.outbox.enabled=false}) nothing is sent and the mails stay queued.
     */
    public boolean sendRunChunk(long runId) {
        if (!properties.outbox().enabled()) {
            return false;
        }
        Round chunk = sendRounds(runId, properties.outbox().runChunk());
        return chunk.taken() >= properties.outbox().runChunk() && chunk.full() && !chunk.deliveryFailed();
    }

    /**
     * Says where a run's mail stands once it has all been taken. Mails that failed on their template or data are
     * reported once ({@code unwritable}); at the next check (retrying the incident the first report raised, after
     * the template was fixed) they are put back in the queue instead ({@code putBack}), to be sent again.
     */
    public RunMail checkRun(long runId) {
        return transaction.execute(status -> {
            // Waits for a round the outbox route may be sending some of the run's queued mails in, so the count
            // below says what became of them, not what they were before. Only queued rows are locked.
            jdbc.sql("select id from duesflow.mail_outbox where run_id = :run and status = 'QUEUED' for share")
                    .param("run", runId).query(Long.class).list();
            int putBack = jdbc.sql("""
                            update duesflow.mail_outbox set status = 'QUEUED', next_attempt_at = :now,
                                failure_reported = false
                            where run_id = :run and status = 'FAILED' and failure in ('TEMPLATE', 'DOCUMENT')
                              and failure_reported""")
                    .param("run", runId).param("now", Timestamp.from(Instant.now(clock))).update();
            String firstProblem = jdbc.sql("""
                            with reported as (
                                update duesflow.mail_outbox set failure_reported = true
                                where run_id = :run and status = 'FAILED' and failure in ('TEMPLATE', 'DOCUMENT')
                                  and not failure_reported
                                returning id, last_error)
                            select last_error from reported order by id limit 1""")
                    .param("run", runId).query(String.class).optional().orElse(null);
            return jdbc.sql("""
                            select count(*) filter (where status = 'SENT'),
                                   count(*) filter (where status = 'NEEDS_PRINTING'),
                                   count(*) filter (where status = 'QUEUED'),
                                   count(*) filter (where status = 'FAILED' and failure in ('TEMPLATE', 'DOCUMENT'))
                            from duesflow.mail_outbox where run_id = :run""")
                    .param("run", runId)
                    .query((rs, n) -> new RunMail(rs.getInt(1), rs.getInt(2), rs.getInt(3),
                            putBack > 0 ? 0 : rs.getInt(4), firstProblem, putBack))
                    .single();
        });
    }

    private Round sendRound(Long runId) {
        return transaction.execute(status -> {
            List<Object[]> due = jdbc.sql("""
                            select id, kind, document_id, message_id, attempts from duesflow.mail_outbox
                            where status = 'QUEUED' and next_attempt_at <= :now
                              and (cast(:run as bigint) is null or run_id = :run)
                            order by next_attempt_at, id limit :batch for update skip locked""")
                    .param("now", Timestamp.from(Instant.now(clock))).param("run", runId)
                    .param("batch", properties.outbox().batchSize())
                    .query((rs, n) -> new Object[] {rs.getLong(1), DocumentKind.valueOf(rs.getString(2)), rs.getLong(3),
                            rs.getString(4), rs.getInt(5)})
                    .list();
            if (due.isEmpty()) {
                return new Round(0, false, false);
            }
            Map<Long, ChargeForDocument> charges = billing.forDocuments(due.stream().map(row -> (Long) row[2]).toList())
                    .stream().collect(Collectors.toMap(ChargeForDocument::id, Function.identity()));
            Map<Long, MemberContact> members = register.contacts(charges.values().stream()
                    .map(ChargeForDocument::memberNumber).distinct().toList());
            Association association = register.association();
            // Rendering runs ahead on the render threads while this thread sends what is ready, in order.
            List<CompletableFuture<Rendered>> rendered = due.stream()
                    .map(row -> CompletableFuture.supplyAsync(() -> render((long) row[0], (DocumentKind) row[1],
                            charges.get((Long) row[2]), members, association, (String) row[3], (int) row[4]), renderers))
                    .toList();
            List<Outcome> outcomes = new ArrayList<>(due.size());
            boolean deliveryFailed = false;
            for (CompletableFuture<Rendered> mail : rendered) {
                Outcome outcome = send(mail.join());
                outcomes.add(outcome);
                if (outcome.deliveryFailed()) {
                    rendered.forEach(future -> future.cancel(false));
                    deliveryFailed = true;
                    break;
                }
            }
            record(outcomes);
            return new Round(due.size(), due.size() >= properties.outbox().batchSize(), deliveryFailed);
        });
    }

    private record Rendered(long id, int attempts, ChargeForDocument charge, String recipient, OutgoingMail mail,
                            String problem, Status problemStatus, Failure failure) {
    }

    private Rendered render(long id, DocumentKind kind, ChargeForDocument charge, Map<Long, MemberContact> members,
                            Association association, String messageId, int attempts) {
        if (charge == null) {
            return new Rendered(id, attempts, null, null, null, "the document is no longer there, or was never approved",
                    Status.FAILED, Failure.DOCUMENT);
        }
        MemberContact member = members.get(charge.memberNumber());
        try {
            RenderedDocument document = renderer.render(kind, documents.document(kind, charge, member, association));
            String address = usableAddress(member.email());
            if (address == null) {
                return new Rendered(id, attempts, charge, member.email(), null,
                        member.email() == null || member.email().isBlank() ? "the member has no mail address"
                                : "'" + member.email() + "' is not a usable mail address", Status.NEEDS_PRINTING, null);
            }
            // Members answer their treasurer, not the sending address (often a no-reply or a mail service's).
            OutgoingMail mail = new OutgoingMail(messageId, address, document.subject(), document.text(), document.html(),
                    List.of(new OutgoingMail.Attachment(document.pdfFileName(), "application/pdf", document.pdf())),
                    usableAddress(association.email()));
            return new Rendered(id, attempts, charge, address, mail, null, null, null);
        } catch (TemplateFailed e) {
            return new Rendered(id, attempts, charge, null, null, "template " + e.template() + " line " + e.line() + ": "
                    + e.getMessage(), Status.FAILED, Failure.TEMPLATE);
        } catch (RuntimeException e) {
            return new Rendered(id, attempts, charge, null, null, "cannot be written: " + e.getMessage(), Status.FAILED,
                    Failure.DOCUMENT);
        }
    }

    /** What became of one mail in a round; written with the round's others in one statement. */
    private record Outcome(long id, Status status, Failure failure, int attempts, String error, String recipient,
                           Instant nextAttemptAt, Instant sentAt) {

        boolean deliveryFailed() {
            return failure == Failure.DELIVERY;
        }
    }

    private Outcome send(Rendered rendered) {
        Instant now = Instant.now(clock);
        if (rendered.problem() != null) {
            log.warn("Mail {} not sent: {}", rendered.id(), rendered.problem());
            return new Outcome(rendered.id(), rendered.problemStatus(), rendered.failure(), rendered.attempts(),
                    rendered.problem(), rendered.recipient(), null, null);
        }
        try {
            transport.deliver(rendered.mail());
        } catch (RuntimeException e) {
            int attempts = rendered.attempts() + 1;
            boolean last = attempts >= properties.outbox().maxAttempts();
            Duration wait = properties.outbox().retryBase().multipliedBy(1L << Math.min(attempts - 1, 16));
            wait = wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait;
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            log.warn("Mail {} to {} failed (attempt {}): {}", rendered.id(), rendered.recipient(), attempts, reason);
            return new Outcome(rendered.id(), last ? Status.FAILED : Status.QUEUED, Failure.DELIVERY, attempts, reason,
                    rendered.recipient(), now.plus(wait), null);
        }
        return new Outcome(rendered.id(), Status.SENT, null, rendered.attempts() + 1, null, rendered.recipient(), null,
                now);
    }

    /** One statement for the whole round: a row at a time cost the database more than the mails cost to send. */
    private void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update duesflow.mail_outbox o
                        set status = u.status, failure = u.failure, failure_reported = false, attempts = u.attempts,
                            last_error = u.last_error, recipient = u.recipient,
                            next_attempt_at = coalesce(u.next_attempt_at, o.next_attempt_at),
                            sent_at = coalesce(u.sent_at, o.sent_at)
                        from unnest(:ids, :statuses, :failures, :attempts, :errors, :recipients, :nextAttempts, :sentAt)
                             as u(id, status, failure, attempts, last_error, recipient, next_attempt_at, sent_at)
                        where o.id = u.id""")
                .param("ids", array("bigint", outcomes, Outcome::id))
                .param("statuses", array("text", outcomes, outcome -> outcome.status().name()))
                .param("failures", array("text", outcomes, outcome -> outcome.failure() == null ? null
                        : outcome.failure().name()))
                .param("attempts", array("int", outcomes, Outcome::attempts))
                .param("errors", array("text", outcomes, Outcome::error))
                .param("recipients", array("text", outcomes, Outcome::recipient))
                .param("nextAttempts", array("timestamptz", outcomes, outcome -> timestamp(outcome.nextAttemptAt())))
                .param("sentAt", array("timestamptz", outcomes, outcome -> timestamp(outcome.sentAt())))
                .update();
    }

    private static SqlArrayValue array(String type, List<Outcome> outcomes, Function<Outcome, Object> column) {
        return new SqlArrayValue(type, outcomes.stream().map(column).toArray());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String usableAddress(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        try {
            InternetAddress address = new InternetAddress(email.trim(), true);
            address.validate();
            String domain = address.getAddress().substring(address.getAddress().indexOf('@') + 1);
            return domain.contains(".") ? address.getAddress() : null;
        } catch (AddressException e) {
            return null;
        }
    }

    /** The outbox, newest first, filtered by status and run, each mail with its document's number and member. */
    @Transactional(readOnly = true)
    public List<Entry> entries(Status status, Long runId, int limit) {
        record Row(long id, String kind, long documentId, Long runId, Status status, Failure failure, int attempts,
                   Instant nextAttemptAt, String lastError, String recipient, String messageId, Instant queuedAt,
                   Instant sentAt, int resend) {
        }
        List<Row> rows = jdbc.sql("""
                        select id, kind, document_id, run_id, status, failure, attempts, next_attempt_at, last_error,
                               recipient, message_id, queued_at, sent_at, resend
                        from duesflow.mail_outbox
                        where (cast(:status as text) is null or status = :status)
                          and (cast(:run as bigint) is null or run_id = :run)
                        order by id desc limit :limit""")
                .param("status", status == null ? null : status.name()).param("run", runId).param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("kind"), rs.getLong("document_id"),
                        rs.getObject("run_id", Long.class), Status.valueOf(rs.getString("status")),
                        rs.getString("failure") == null ? null : Failure.valueOf(rs.getString("failure")),
                        rs.getInt("attempts"),
                        rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"),
                        rs.getString("recipient"), rs.getString("message_id"), rs.getTimestamp("queued_at").toInstant(),
                        rs.getTimestamp("sent_at") == null ? null : rs.getTimestamp("sent_at").toInstant(),
                        rs.getInt("resend")))
                .list();
        Map<Long, ChargeForDocument> charges = billing.forDocuments(rows.stream().map(Row::documentId).toList())
                .stream().collect(Collectors.toMap(ChargeForDocument::id, Function.identity()));
        return rows.stream().map(row -> {
            ChargeForDocument charge = charges.get(row.documentId());
            return new Entry(row.id(), row.kind(), charge == null ? null : charge.number(), row.runId(),
                    charge == null ? null : charge.memberNumber(), row.status(), row.failure(), row.attempts(),
                    row.nextAttemptAt(),
                    row.lastError(), row.recipient(), row.messageId(), row.queuedAt(), row.sentAt(), row.resend());
        }).toList();
    }

    /** Puts a failed mail back in the queue, due now, with its tries counted afresh. */
    @Transactional
    public void retry(long id) {
        int changed = jdbc.sql("""
                        update duesflow.mail_outbox set status = 'QUEUED', attempts = 0, next_attempt_at = :now
                        where id = :id and status in ('FAILED', 'NEEDS_PRINTING')""")
                .param("now", Timestamp.from(Instant.now(clock))).param("id", id).update();
        if (changed == 0) {
            String status = jdbc.sql("select status from duesflow.mail_outbox where id = :id").param("id", id)
                    .query(String.class).optional().orElseThrow(() -> new NotFound("Mail", id));
            throw new InvalidInput("status", "Mail " + id + " is " + status + "; only failed mails and mails that need "
                    + "printing can be tried again");
        }
    }

    /** The document of a mail as a PDF, for printing and posting. */
    @Transactional(readOnly = true)
    public RenderedDocument document(long id) {
        Object[] row = jdbc.sql("select kind, document_id from duesflow.mail_outbox where id = :id").param("id", id)
                .query((rs, n) -> new Object[] {DocumentKind.valueOf(rs.getString(1)), rs.getLong(2)}).optional()
                .orElseThrow(() -> new NotFound("Mail", id));
        return document((DocumentKind) row[0], (Long) row[1], "Document of mail", id);
    }

    /** A document (a charge's invoice, a credit note) as a PDF, whether or not a mail of it was ever queued. */
    @Transactional(readOnly = true)
    RenderedDocument document(DocumentKind kind, long documentId, String what, Object id) {
        ChargeForDocument charge = billing.forDocuments(List.of(documentId)).stream().findFirst()
                .orElseThrow(() -> new NotFound(what, id));
        MemberContact member = register.contacts(List.of(charge.memberNumber())).get(charge.memberNumber());
        return renderer.render(kind, documents.document(kind, charge, member, register.association()));
    }
}
