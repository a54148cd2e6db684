package io.duesflow.payments;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.duesflow.billing.ChargeState;
import io.duesflow.billing.Charges;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.CurrentUser;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.Money;
import io.duesflow.platform.NotFound;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bank credits that matched no charge, each waiting in its own {@code unmatched-payment} task in Tasklist: what the
 * bank said about it, the charges it could be for (the same amount owed, a member of the payer's name, a member
 * known by the payer's account), and the treasurer's decision: assign it to one charge or split it over several
 * (what a charge does not need becomes the member's credit), or mark it "not dues" with a note. Also listed and
 * decided over REST, which completes the same task as the calling user.
 */
@Service
@Transactional
public class UnmatchedCredits {

    /** A charge a credit could be for, and why it is suggested. */
    public record Candidate(String charge, long member, String name, BigDecimal owed, LocalDate due, String why) {
    }

    /**
     * A credit that matched nothing (state {@code UNMATCHED}), or one decided since ({@code ASSIGNED},
     * {@code NOT_DUES}), with what the bank said of it.
     *
     * @param why    why it matched nothing
     * @param taskId its open task in Tasklist, once started
     */
    public record Credit(long id, BigDecimal amount, LocalDate bookingDate, String payerName, String payerIban,
                         String remittance, String bankReference, String why, String state, String charges,
                         String decidedBy, String taskId, List<Candidate> candidates) {
    }

    /** A part of a credit for one charge; no amount: the whole credit (only when it goes to one charge). */
    public record Assignment(String chargeNumber, BigDecimal amount) {
    }

    private static final Pattern ASSIGNMENT = Pattern.compile("\\s*([^\\s,;:=]+)\\s*[:=]?\\s*([0-9]+(?:[.,][0-9]{1,2})?)?\\s*");

    private final Charges charges;
    private final Payments payments;
    private final MemberRegister register;
    private final UnmatchedPaymentProcess process;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final Clock clock;

    UnmatchedCredits(Charges charges, Payments payments, MemberRegister register, UnmatchedPaymentProcess process,
                     ApplicationEventPublisher events, JdbcClient jdbc, Clock clock) {
        this.charges = charges;
        this.payments = payments;
        this.register = register;
        this.process = process;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private static final String CREDIT = """
            select id, amount, booking_date, debtor_name, debtor_iban, remittance, bank_reference, note, state,
                   charge_number, charge_id, decided_by, process_instance_id
            from duesflow.bank_transaction""";

    private record Row(long id, BigDecimal amount, LocalDate bookingDate, String payerName, String payerIban,
                       String remittance, String bankReference, String why, String state, String charges,
                       Long quotedCharge, String decidedBy, String processInstanceId) {
    }

    /** The credits waiting for a treasurer, oldest first, each with its candidates. */
    @Transactional(readOnly = true)
    public List<Credit> waiting() {
        return jdbc.sql(CREDIT + " where state = 'UNMATCHED' order by booking_date, id").query((rs, n) -> row(rs))
                .list().stream().map(this::credit).toList();
    }

    @Transactional(readOnly = true)
    public Credit credit(long id) {
        return credit(row(id));
    }

    /**
     * Opens a task for every credit waiting without one, a few per transaction (a file of thousands of unmatched
     * credits opens them in steps), each at most once. Returns how many were opened.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public int openTasks() {
        int opened = 0;
        while (true) {
            Integer batch = process.inOwnTransaction(() -> {
                List<Row> rows = jdbc.sql(CREDIT + "\n" + """
                                 where state = 'UNMATCHED' and process_instance_id is null
                                order by id limit 50 for update skip locked""")
                        .query((rs, n) -> row(rs)).list();
                for (Row row : rows) {
                    String instance = process.start(row.id(), variables(row, candidates(row)));
                    jdbc.sql("update duesflow.bank_transaction set process_instance_id = :instance where id = :id")
                            .param("instance", instance).param("id", row.id()).update();
                }
                return rows.size();
            });
            opened += batch;
            if (batch < 50) {
                return opened;
            }
        }
    }

    /**
     * The treasurer's decision "assign", over REST: checked first, then the credit's task is completed as the caller,
     * so the process does the booking exactly as from Tasklist.
     */
    public Credit assignByTask(long creditId, List<Assignment> assignments, String note) {
        Row row = row(creditId);
        planned(row, assignments);
        process.complete(task(row), Map.of("decision", "assign", "assignTo", text(assignments),
                "decisionNote", note == null ? "" : note));
        return credit(creditId);
    }

    /** The treasurer's decision "not dues", over REST, completing the credit's task as the caller. */
    public Credit notDuesByTask(long creditId, String note) {
        Row row = row(creditId);
        requireWaiting(row);
        requireNote(note);
        process.complete(task(row), Map.of("decision", "notDues", "assignTo", "", "decisionNote", note));
        return credit(creditId);
    }

    /**
     * What the task's service step does with the treasurer's decision: {@code assign} registers the parts on their
     * charges (as payments matched by a treasurer), {@code notDues} records the credit as not dues with the note.
     */
    public void decide(long creditId, String decision, String assignTo, String note, String by) {
        CurrentUser.as(by, () -> {
            if ("notDues".equals(decision)) {
                markNotDues(creditId, note);
            } else if ("assign".equals(decision)) {
                assign(creditId, parse(assignTo), note);
            } else {
                throw new InvalidInput("decision", "Choose 'assign' or 'notDues', not '" + decision + "'");
            }
            return null;
        });
    }

    private void assign(long creditId, List<Assignment> assignments, String note) {
        Row row = lock(creditId);
        List<Assignment> parts = planned(row, assignments);
        String remark = blank(note) ? null : note.trim();
        for (Assignment part : parts) {
            payments.pay(part.chargeNumber(), part.amount(), row.bookingDate(), PaymentMatch.TASK, row.bankReference(),
                    row.id(), remark);
        }
        ChargeState first = charges.state(parts.get(0).chargeNumber());
        jdbc.sql("""
                        update duesflow.bank_transaction set state = 'ASSIGNED', matched_by = 'TASK', charge_id = :charge,
                            charge_number = :numbers, note = coalesce(:note, note), decided_at = :now, decided_by = :by
                        where id = :id""")
                .param("charge", first.id()).param("numbers", String.join(", ", parts.stream()
                        .map(Assignment::chargeNumber).toList()))
                .param("note", remark).param("now", Timestamp.from(Instant.now(clock))).param("by", CurrentUser.name())
                .param("id", creditId).update();
    }

    private void markNotDues(long creditId, String note) {
        Row row = lock(creditId);
        requireNote(note);
        jdbc.sql("""
                        update duesflow.bank_transaction set state = 'NOT_DUES', note = :note, decided_at = :now,
                            decided_by = :by
                        where id = :id""")
                .param("note", note.trim()).param("now", Timestamp.from(Instant.now(clock)))
                .param("by", CurrentUser.name()).param("id", creditId).update();
        events.publishEvent(new CreditMarkedNotDues(creditId, row.amount(), row.bookingDate(), row.payerName(),
                row.bankReference(), note.trim(), CurrentUser.name()));
    }

    /**
     * The parts checked against the credit and the charges: every charge exists and owes something, and the parts add
     * up to the credit exactly (one charge without an amount takes all of it).
     */
    private List<Assignment> planned(Row row, List<Assignment> assignments) {
        requireWaiting(row);
        if (assignments == null || assignments.isEmpty()) {
            throw new InvalidInput("assignTo", "Name the charge (or charges, each with its amount) the credit of "
                    + row.amount().toPlainString() + " is for");
        }
        List<Assignment> parts = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < assignments.size(); i++) {
            Assignment assignment = assignments.get(i);
            String field = assignments.size() == 1 ? "assignTo" : "assignTo[" + i + "]";
            if (blank(assignment.chargeNumber())) {
                throw new InvalidInput(field, "Part " + (i + 1) + " names no charge");
            }
            BigDecimal amount = assignment.amount();
            if (amount == null && assignments.size() > 1) {
                throw new InvalidInput(field, "When the credit is split, every charge needs its amount ("
                        + assignment.chargeNumber() + " has none)");
            }
            amount = amount == null ? row.amount() : Money.checked(field + ".amount", amount, true);
            ChargeState charge;
            try {
                charge = charges.state(assignment.chargeNumber().trim());
            } catch (NotFound e) {
                throw new InvalidInput(field, "There is no charge " + assignment.chargeNumber().trim());
            }
            if (!charge.owes()) {
                throw new InvalidInput(field, "Charge " + charge.number() + " is " + charge.status()
                        + " and owes nothing; assign the credit to a charge that is owed, or mark it not dues");
            }
            parts.add(new Assignment(charge.number(), amount));
            sum = sum.add(amount);
        }
        if (sum.compareTo(row.amount()) != 0) {
            throw new InvalidInput("assignTo", "The parts add up to " + sum.toPlainString() + ", the credit is "
                    + row.amount().toPlainString() + "; they must add up to it exactly");
        }
        return parts;
    }

    /**
     * The treasurer's text in the task: charge numbers, each with its amount when the credit is split
     * ({@code 2027-00042 50.00; 2027-00043 25,00}).
     */
    static List<Assignment> parse(String text) {
        if (blank(text)) {
            return List.of();
        }
        List<Assignment> parts = new ArrayList<>();
        for (String part : text.split(";|\\n|,(?![0-9]{1,2}(?:\\D|$))")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher matcher = ASSIGNMENT.matcher(part);
            if (!matcher.matches()) {
                throw new InvalidInput("assignTo", "'" + part.trim() + "' is not a charge number with an optional "
                        + "amount, such as 2027-00042 50.00");
            }
            parts.add(new Assignment(matcher.group(1), matcher.group(2) == null ? null
                    : new BigDecimal(matcher.group(2).replace(',', '.'))));
        }
        return parts;
    }

    private static String text(List<Assignment> assignments) {
        return String.join("; ", assignments.stream().map(a -> a.chargeNumber()
                + (a.amount() == null ? "" : " " + a.amount().toPlainString())).toList());
    }

    /** Charges the credit could be for: the same amount owed, the payer's name, the payer's account. */
    private List<Candidate> candidates(Row row) {
        Map<String, Candidate> found = new LinkedHashMap<>();
        if (row.quotedCharge() != null) {
            charges.invoicesById(List.of(row.quotedCharge())).values()
                    .forEach(charge -> add(found, charge, "the credit quotes it"));
        }
        charges.owing(row.amount(), 10).forEach(charge -> add(found, charge, "owes the same amount"));
        String name = longestWord(row.payerName());
        if (name != null) {
            List<Long> members = register.memberNumbersNamedLike(name, 10);
            charges.owedBy(members, null).forEach(charge -> add(found, charge, "the member's name is like the payer's"));
        }
        if (row.payerIban() != null) {
            Set<Long> members = register.membersByIban(List.of(row.payerIban())).getOrDefault(row.payerIban(), Set.of());
            charges.owedBy(members, null).forEach(charge -> add(found, charge, "the payer's account is the member's"));
        }
        Map<Long, String> names = register.names(found.values().stream().map(Candidate::member).distinct().toList());
        return found.values().stream().limit(20)
                .map(c -> new Candidate(c.charge(), c.member(), names.get(c.member()), c.owed(), c.due(), c.why()))
                .toList();
    }

    private static void add(Map<String, Candidate> found, ChargeState charge, String why) {
        found.merge(charge.number(), new Candidate(charge.number(), charge.memberNumber(), null, charge.owed(),
                charge.dueDate(), why), (a, b) -> new Candidate(a.charge(), a.member(), null, a.owed(), a.due(),
                a.why() + "; " + b.why()));
    }

    private static String longestWord(String name) {
        if (blank(name)) {
            return null;
        }
        return Arrays.stream(name.split("[\\s.,]+")).filter(word -> word.length() >= 3)
                .max(Comparator.comparingInt(String::length)).orElse(null);
    }

    private Map<String, Object> variables(Row row, List<Candidate> candidates) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("creditId", row.id());
        variables.put("amount", row.amount().toPlainString());
        variables.put("bookingDate", String.valueOf(row.bookingDate()));
        variables.put("payerName", row.payerName() == null ? "(not given)" : row.payerName());
        variables.put("payerIban", row.payerIban() == null ? "(not given)" : row.payerIban());
        variables.put("remittance", row.remittance() == null ? "(none)" : row.remittance());
        variables.put("bankReference", row.bankReference());
        variables.put("why", row.why() == null ? "" : row.why());
        // Amounts as the treasurer reads them (64.00, not 64): Tasklist's table shows the values as they are.
        variables.put("candidates", candidates.stream().map(c -> {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("charge", c.charge());
            shown.put("member", c.member());
            shown.put("name", c.name());
            shown.put("owed", c.owed().toPlainString());
            shown.put("due", String.valueOf(c.due()));
            shown.put("why", c.why());
            return shown;
        }).toList());
        return variables;
    }

    private Credit credit(Row row) {
        return new Credit(row.id(), row.amount(), row.bookingDate(), row.payerName(), row.payerIban(), row.remittance(),
                row.bankReference(), row.why(), row.state(), "UNMATCHED".equals(row.state()) ? null : row.charges(),
                row.decidedBy(), row.processInstanceId() == null ? null : process.taskOf(row.processInstanceId()),
                "UNMATCHED".equals(row.state()) ? candidates(row) : List.of());
    }

    private String task(Row row) {
        String task = row.processInstanceId() == null ? null : process.taskOf(row.processInstanceId());
        if (task == null) {
            throw new Conflict("task", "Credit " + row.id() + " has no open task yet; it is opened right after its "
                    + "bank file is booked. Try again in a moment");
        }
        return task;
    }

    private Row row(long id) {
        return jdbc.sql(CREDIT + " where id = :id and kind = 'CREDIT'").param("id", id).query((rs, n) -> row(rs))
                .optional().orElseThrow(() -> new NotFound("Bank credit", id));
    }

    private Row lock(long id) {
        return jdbc.sql(CREDIT + " where id = :id and kind = 'CREDIT' for update").param("id", id)
                .query((rs, n) -> row(rs)).optional().orElseThrow(() -> new NotFound("Bank credit", id));
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("id"), rs.getBigDecimal("amount"), rs.getDate("booking_date").toLocalDate(),
                rs.getString("debtor_name"), rs.getString("debtor_iban"), rs.getString("remittance"),
                rs.getString("bank_reference"), rs.getString("note"), rs.getString("state"),
                rs.getString("charge_number"), (Long) rs.getObject("charge_id", Long.class), rs.getString("decided_by"),
                rs.getString("process_instance_id"));
    }

    private static void requireWaiting(Row row) {
        if (!"UNMATCHED".equals(row.state())) {
            throw new Conflict("state", "Credit " + row.id() + " is " + row.state() + (row.decidedBy() == null ? ""
                    : " (decided by " + row.decidedBy() + ")") + "; only a credit that matched nothing is decided");
        }
    }

    private static void requireNote(String note) {
        if (blank(note)) {
            throw new InvalidInput("decisionNote", "Say in a note what the credit is, if not dues (a donation, a "
                    + "refund to make …)");
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
