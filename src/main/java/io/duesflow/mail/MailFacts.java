package io.duesflow.mail;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.duesflow.billing.ChargeFacts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/** The charge's page shows the mails sent about it: what, to whom, when, and how the last try went. */
@Component
class MailFacts implements ChargeFacts {

    /**
     * The kinds whose document is the charge (or credit note) itself: every member document, its reminders and receipt
     * too, so a treasurer sees there whether a reminder reached the member or waits to be printed.
     */
    private static final List<String> ABOUT_THE_CHARGE = Arrays.stream(DocumentKind.values())
            .filter(DocumentKind::forMembers).map(DocumentKind::name).toList();

    private final JdbcClient jdbc;

    MailFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param resend 0: the document's mail; 1, 2 …: sent again on request */
    record Mail(String kind, MailOutbox.Status status, String recipient, Instant queuedAt, Instant sentAt,
                int attempts, String lastError, String messageId, int resend) {
    }

    @Override
    public String name() {
        return "mails";
    }

    @Override
    public List<Mail> about(long chargeId) {
        return jdbc.sql("""
                        select kind, status, recipient, queued_at, sent_at, attempts, last_error, message_id, resend
                        from duesflow.mail_outbox where document_id = :charge and kind = any(:kinds) order by id""")
                .param("charge", chargeId).param("kinds", new SqlArrayValue("text", ABOUT_THE_CHARGE.toArray()))
                .query((rs, n) -> new Mail(rs.getString(1), MailOutbox.Status.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                        rs.getInt(6), rs.getString(7), rs.getString(8), rs.getInt(9)))
                .list();
    }
}
