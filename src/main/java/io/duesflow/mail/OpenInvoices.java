package io.duesflow.mail;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.duesflow.billing.ChargeState;
import io.duesflow.billing.Charges;
import io.duesflow.billing.OpenCharges;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The open list and sending by hand ("Facturatie › Facturen › Openstaand … handmatig versturen"): the open invoices
 * with whether and when their mail went, and "send now" for one, a selection or all a filter selects. Sending by hand
 * goes through the same outbox as a run's mail, with the same key (one mail per document and kind): an invoice sent
 * now, or already sent, is never sent a second time. "Send again" is the one way to mail an invoice twice, for a
 * member who lost it: a mail of its own, recorded as a resend, with a new Message-ID and the same document.
 */
@Service
@Transactional
public class OpenInvoices {

    /** Where an invoice's own mail stands: none queued yet (held back by a switch), or the outbox's status. */
    public enum MailState { NOT_QUEUED, QUEUED, SENT, NEEDS_PRINTING, FAILED }

    /**
     * @param mailSwitch false: held back from mail by its billing line or its run ({@code mailNote} says which)
     * @param resends    how often it was sent again on request
     */
    public record OpenInvoice(String number, long memberNumber, String name, Long runId, LocalDate dueDate,
                              LocalDate madeOn, BigDecimal total, BigDecimal owed, String status,
                              String collectionMethod, String collectedBy, boolean mailSwitch, String mailNote,
                              MailState mail, Instant sentAt, int resends) {

        boolean mailed() {
            return mail == MailState.SENT;
        }
    }

    /**
     * What a "send now" did: {@code queued} mails queued (or brought forward) to go now, {@code alreadySent} invoices
     * whose mail went before (left alone: never twice), {@code alreadyQueued} waiting in the outbox already.
     */
    public record Sending(int selected, int queued, int alreadySent, int alreadyQueued, List<String> numbers) {
    }

    private final OpenCharges open;
    private final Charges charges;
    private final MailOutbox outbox;
    private final JdbcClient jdbc;
    private final Clock clock;

    OpenInvoices(OpenCharges open, Charges charges, MailOutbox outbox, JdbcClient jdbc, Clock clock) {
        this.open = open;
        this.charges = charges;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The open invoices the filter selects, and of them the mailed ones or the others when {@code mailed} is given. */
    @Transactional(readOnly = true)
    public List<OpenInvoice> list(OpenCharges.Filter filter, Boolean mailed) {
        List<OpenCharges.OpenCharge> found = open.find(filter);
        Map<Long, Mailing> mailings = mailings(found.stream().map(OpenCharges.OpenCharge::id).toList());
        List<OpenInvoice> invoices = new ArrayList<>(found.size());
        for (OpenCharges.OpenCharge c : found) {
            Mailing mailing = mailings.getOrDefault(c.id(), Mailing.NONE);
            OpenInvoice invoice = new OpenInvoice(c.number(), c.memberNumber(), c.name(), c.runId(), c.dueDate(),
                    c.madeOn(), c.total(), c.owed(), c.status(), c.collectionMethod(), c.collectedBy(), c.mail(),
                    c.mailNote(), mailing.state(), mailing.sentAt(), mailing.resends());
            if (mailed == null || mailed == invoice.mailed()) {
                invoices.add(invoice);
            }
        }
        return invoices;
    }

    /**
     * "Send now" for what the filter (and {@code mailed}) selects: each invoice not mailed yet is queued to go now, in
     * the caller's transaction; one waiting for its day is brought forward. Nothing selected is refused, naming why.
     */
    public Sending sendNow(OpenCharges.Filter filter, Boolean mailed) {
        List<OpenCharges.OpenCharge> found = open.find(filter);
        Map<Long, Mailing> mailings = mailings(found.stream().map(OpenCharges.OpenCharge::id).toList());
        List<OpenCharges.OpenCharge> selected = found.stream().filter(c -> mailed == null
                || mailed == (mailings.getOrDefault(c.id(), Mailing.NONE).state() == MailState.SENT)).toList();
        if (selected.isEmpty()) {
            throw new InvalidInput(filter != null && filter.numbers() != null && !filter.numbers().isEmpty()
                    ? "numbers" : "filter", "No open invoice to send: the filter selects none");
        }
        int alreadySent = 0;
        List<Long> waiting = new ArrayList<>();
        Map<Long, List<Long>> toQueueByRun = new LinkedHashMap<>();
        List<String> numbers = new ArrayList<>();
        for (OpenCharges.OpenCharge c : selected) {
            MailState state = mailings.getOrDefault(c.id(), Mailing.NONE).state();
            if (state == MailState.NOT_QUEUED) {
                toQueueByRun.computeIfAbsent(c.runId(), run -> new ArrayList<>()).add(c.id());
                numbers.add(c.number());
            } else if (state == MailState.QUEUED) {
                waiting.add(c.id());
            } else {
                alreadySent++;
            }
        }
        int queued = 0;
        for (Map.Entry<Long, List<Long>> run : toQueueByRun.entrySet()) {
            queued += outbox.queue(DocumentKind.INVOICE, run.getKey(), run.getValue());
        }
        int broughtForward = waiting.isEmpty() ? 0 : jdbc.sql("""
                        update duesflow.mail_outbox set next_attempt_at = :now
                        where kind = 'INVOICE' and document_id = any(:ids) and resend = 0 and status = 'QUEUED'
                          and next_attempt_at > :now""")
                .param("ids", new SqlArrayValue("bigint", waiting.toArray()))
                .param("now", Timestamp.from(Instant.now(clock))).update();
        return new Sending(selected.size(), queued + broughtForward, alreadySent, waiting.size() - broughtForward,
                numbers);
    }

    /**
     * "Send again" for a member who lost the mail: the invoice is mailed once more, as a resend of its own (a new
     * Message-ID, the same document), recorded with who asked. Refused for an invoice whose mail never went: send it
     * now instead.
     */
    public Resent sendAgain(String number) {
        ChargeState charge = charges.state(number);
        // Held while the resend is numbered: two "send again" at once are two resends, one after the other.
        String first = jdbc.sql("""
                        select status from duesflow.mail_outbox where kind = 'INVOICE' and document_id = :id
                        and resend = 0 for update""")
                .param("id", charge.id()).query(String.class).optional().orElse(null);
        if (!"SENT".equals(first) && !"NEEDS_PRINTING".equals(first)) {
            throw new Conflict("number", "Invoice " + number + "'s mail " + (first == null ? "was never sent"
                    : "is " + first) + "; it can be sent again once it has gone (send it now instead)");
        }
        Instant now = Instant.now(clock);
        return jdbc.sql("""
                        insert into duesflow.mail_outbox (kind, document_id, run_id, status, next_attempt_at, message_id,
                                                          queued_at, resend, resent_by)
                        select 'INVOICE', :id, :run, 'QUEUED', :now,
                               'invoice-' || :id || '.r' || (max(resend) + 1) || '.' || :stamp || '@duesflow', :now,
                               max(resend) + 1, :by
                        from duesflow.mail_outbox where kind = 'INVOICE' and document_id = :id
                        returning resend, message_id, queued_at""")
                .param("id", charge.id()).param("run", charge.runId()).param("now", Timestamp.from(now))
                .param("stamp", String.valueOf(now.getEpochSecond())).param("by", CurrentUser.name())
                .query((rs, n) -> new Resent(number, rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        CurrentUser.name()))
                .single();
    }

    /** A resend queued: the how-manieth, its own Message-ID, when and by whom. */
    public record Resent(String number, int resend, String messageId, Instant queuedAt, String by) {
    }

    /** The invoice as a PDF, to print and post, whether or not it was ever mailed. */
    @Transactional(readOnly = true)
    public RenderedDocument print(String number) {
        ChargeState charge = charges.state(number);
        return outbox.document(DocumentKind.INVOICE, charge.id(), "Invoice", number);
    }

    /** How the invoices' own mails stand, and how often each was sent again. */
    private record Mailing(MailState state, Instant sentAt, int resends) {
        static final Mailing NONE = new Mailing(MailState.NOT_QUEUED, null, 0);
    }

    private Map<Long, Mailing> mailings(List<Long> chargeIds) {
        Map<Long, Mailing> mailings = new HashMap<>();
        if (chargeIds.isEmpty()) {
            return mailings;
        }
        jdbc.sql("""
                        select document_id, max(status) filter (where resend = 0),
                               max(sent_at) filter (where resend = 0), count(*) filter (where resend > 0)
                        from duesflow.mail_outbox where kind = 'INVOICE' and document_id = any(:ids)
                        group by document_id""")
                .param("ids", new SqlArrayValue("bigint", chargeIds.toArray()))
                .query(rs -> {
                    String status = rs.getString(2);
                    mailings.put(rs.getLong(1), new Mailing(status == null ? MailState.NOT_QUEUED
                            : MailState.valueOf(status), rs.getTimestamp(3) == null ? null
                            : rs.getTimestamp(3).toInstant(), rs.getInt(4)));
                });
        return mailings;
    }
}
