package io.duesflow.ledger;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.duesflow.billing.Charge;
import io.duesflow.billing.Charges;
import io.duesflow.payments.Payments;
import io.duesflow.platform.InvalidInput;
import io.duesflow.platform.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a treasurer, a supervisor or the accountant reads from the journal: the trial balance on a day, an account's
 * statement, a member's account, and the check that the ledger, the charges and the payments tell the same story.
 */
@Component
@Transactional(readOnly = true)
class LedgerReports {

    record TrialBalance(LocalDate on, List<Balance> accounts, BigDecimal debit, BigDecimal credit, boolean balanced) {
    }

    /** @param balance debit less credit: positive for what the association has or is owed, negative for the rest */
    record Balance(String number, String name, Account.Type type, BigDecimal debit, BigDecimal credit,
                   BigDecimal balance) {
    }

    /**
     * @param opening  the balance before {@code from}; {@code closing} after {@code to}
     * @param lines    the page asked for, each with the balance after it
     */
    record Statement(List<String> accounts, String name, Long memberNumber, LocalDate from, LocalDate to,
                     BigDecimal opening, BigDecimal debit, BigDecimal credit, BigDecimal closing, long lineCount,
                     int page, int size, List<Entry> lines) {
    }

    record Entry(LocalDate bookedOn, int year, int voucher, String account, String text, BigDecimal debit,
                 BigDecimal credit, BigDecimal balance, Long memberNumber) {
    }

    /** @param difference the ledger's figure less what the charges say it should be */
    record Check(String name, String account, BigDecimal ledger, BigDecimal expected, BigDecimal difference,
                 boolean agrees, String note) {
    }

    record Checks(LocalDate on, boolean agrees, List<Check> checks) {
    }

    private final JdbcClient jdbc;
    private final ChartOfAccounts chart;
    private final Charges charges;
    private final Payments payments;
    private final Clock clock;

    LedgerReports(JdbcClient jdbc, ChartOfAccounts chart, Charges charges, Payments payments, Clock clock) {
        this.jdbc = jdbc;
        this.chart = chart;
        this.clock = clock;
        this.charges = charges;
        this.payments = payments;
    }

    /** Every account with postings up to and including {@code on}, and every active one. */
    TrialBalance trialBalance(LocalDate on) {
        List<Balance> accounts = jdbc.sql("""
                        select a.number, a.name, a.type, coalesce(s.debit, 0) as debit, coalesce(s.credit, 0) as credit
                        from duesflow.ledger_account a
                        left join (select account, sum(amount) filter (where amount > 0) as debit,
                                          -sum(amount) filter (where amount < 0) as credit
                                   from duesflow.journal_line where booked_on <= :on group by account) s
                               on s.account = a.number
                        where a.active or s.account is not null
                        order by a.number""")
                .param("on", Date.valueOf(on))
                .query((rs, n) -> new Balance(rs.getString(1), rs.getString(2), Account.Type.valueOf(rs.getString(3)),
                        money(rs.getBigDecimal(4)), money(rs.getBigDecimal(5)),
                        money(rs.getBigDecimal(4).subtract(rs.getBigDecimal(5)))))
                .list();
        BigDecimal debit = accounts.stream().map(Balance::debit).reduce(money(BigDecimal.ZERO), BigDecimal::add);
        BigDecimal credit = accounts.stream().map(Balance::credit).reduce(money(BigDecimal.ZERO), BigDecimal::add);
        return new TrialBalance(on, accounts, debit, credit, debit.compareTo(credit) == 0);
    }

    /** An account's lines in [from, to] (a page of them), optionally one member's only. */
    Statement statement(String account, Long memberNumber, LocalDate from, LocalDate to, int page, int size) {
        Account found = chart.byNumber().get(account);
        if (found == null) {
            throw new NotFound("Account", account);
        }
        return statement(List.of(account), found.number() + " " + found.name(), memberNumber, from, to, page, size);
    }

    /**
     * A member's account: their lines on dues owed (and member credit, when an account has that role), every date;
     * the closing balance is what the member owes by the ledger (negative: what the association owes them).
     */
    Statement memberAccount(long memberNumber, int page, int size) {
        List<String> accounts = new ArrayList<>(List.of(chart.duesOwed()));
        String credit = chart.withRole(Account.Role.MEMBER_CREDIT);
        if (credit != null) {
            accounts.add(credit);
        }
        return statement(accounts, "Member " + memberNumber, memberNumber, null, null, page, size);
    }

    private Statement statement(List<String> accounts, String name, Long memberNumber, LocalDate from, LocalDate to,
                                int page, int size) {
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidInput("to", "The period ends on " + to + ", before it starts on " + from);
        }
        BigDecimal opening = from == null ? money(BigDecimal.ZERO) : money(jdbc.sql("""
                        select coalesce(sum(amount), 0) from duesflow.journal_line
                        where account = any(:accounts) and booked_on < :from
                          and (cast(:member as bigint) is null or member_number = :member)""")
                .param("accounts", new SqlArrayValue("text", accounts.toArray())).param("from", Date.valueOf(from))
                .param("member", memberNumber).query(BigDecimal.class).single());
        Map<String, Object> totals = jdbc.sql("""
                        select count(*) as lines, coalesce(sum(amount) filter (where amount > 0), 0) as debit,
                               coalesce(-sum(amount) filter (where amount < 0), 0) as credit
                        from duesflow.journal_line
                        where account = any(:accounts)
                          and (cast(:from as date) is null or booked_on >= :from)
                          and (cast(:to as date) is null or booked_on <= :to)
                          and (cast(:member as bigint) is null or member_number = :member)""")
                .param("accounts", new SqlArrayValue("text", accounts.toArray()))
                .param("from", from == null ? null : Date.valueOf(from)).param("to", to == null ? null : Date.valueOf(to))
                .param("member", memberNumber).query().singleRow();
        BigDecimal debit = money((BigDecimal) totals.get("debit"));
        BigDecimal credit = money((BigDecimal) totals.get("credit"));
        List<Entry> lines = new ArrayList<>();
        entries(accounts, memberNumber, from, to, opening, (long) page * size, (long) size, lines::add);
        return new Statement(accounts, name, memberNumber, from, to, opening, debit, credit,
                opening.add(debit).subtract(credit), ((Number) totals.get("lines")).longValue(), page, size, lines);
    }

    /** The statement's lines from {@code offset}, at most {@code limit} of them (null: all), each with its balance. */
    void entries(List<String> accounts, Long memberNumber, LocalDate from, LocalDate to, BigDecimal opening,
                 long offset, Long limit, Consumer<Entry> each) {
        jdbc.sql("""
                        select l.booked_on, v.year, v.number, l.account, l.text, l.amount, l.member_number,
                               sum(l.amount) over (order by l.booked_on, v.year, v.number, l.line
                                                   rows unbounded preceding) as running
                        from duesflow.journal_line l join duesflow.voucher v on v.id = l.voucher_id
                        where l.account = any(:accounts)
                          and (cast(:from as date) is null or l.booked_on >= :from)
                          and (cast(:to as date) is null or l.booked_on <= :to)
                          and (cast(:member as bigint) is null or l.member_number = :member)
                        order by l.booked_on, v.year, v.number, l.line
                        limit cast(:limit as bigint) offset :offset""")
                .param("accounts", new SqlArrayValue("text", accounts.toArray()))
                .param("from", from == null ? null : Date.valueOf(from)).param("to", to == null ? null : Date.valueOf(to))
                .param("member", memberNumber).param("limit", limit).param("offset", offset)
                .query(rs -> {
                    BigDecimal amount = rs.getBigDecimal(6);
                    each.accept(new Entry(rs.getDate(1).toLocalDate(), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), amount.signum() > 0 ? amount : null,
                            amount.signum() < 0 ? amount.negate() : null, money(opening.add(rs.getBigDecimal(8))),
                            rs.getObject(7, Long.class)));
                });
    }

    /**
     * The ledger against the charges and the payments, today, over everything booked (a collection dated on a later
     * collection date included): every voucher balances; dues owed is what the debtor list owes (less what paid
     * charges credited since owe back to their members, which nothing pays out yet); collection clearing is what is
     * in collection; member credit is what the members' credit comes to.
     */
    Checks check() {
        Map<String, BigDecimal> balances = new HashMap<>();
        BigDecimal[] sides = {BigDecimal.ZERO, BigDecimal.ZERO};
        jdbc.sql("""
                        select account, sum(amount), coalesce(sum(amount) filter (where amount > 0), 0),
                               coalesce(-sum(amount) filter (where amount < 0), 0)
                        from duesflow.journal_line group by account""")
                .query(rs -> {
                    balances.put(rs.getString(1), rs.getBigDecimal(2));
                    sides[0] = sides[0].add(rs.getBigDecimal(3));
                    sides[1] = sides[1].add(rs.getBigDecimal(4));
                });
        Map<Charge.Status, BigDecimal> owed = charges.owedByStatus();
        BigDecimal debtorList = owed.entrySet().stream().filter(e -> e.getKey().isOwed()).map(Map.Entry::getValue)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        // A credit note on a paid charge leaves it owing less than nothing: the member is owed that back.
        BigDecimal owedBack = owed.getOrDefault(Charge.Status.PAID, BigDecimal.ZERO)
                .add(owed.getOrDefault(Charge.Status.CREDITED, BigDecimal.ZERO));
        BigDecimal inCollection = owed.getOrDefault(Charge.Status.IN_COLLECTION, BigDecimal.ZERO);
        BigDecimal credits = payments.creditTotal();
        String duesOwed = chart.duesOwed();
        String clearing = chart.withRole(Account.Role.COLLECTION_CLEARING);
        String memberCredit = chart.withRole(Account.Role.MEMBER_CREDIT);
        List<Check> checks = List.of(
                check("Debit equals credit", null, sides[0], sides[1],
                        "every voucher balances; the database refuses one that does not"),
                check("Dues owed equals the debtor list", duesOwed, balances.get(duesOwed), debtorList.add(owedBack),
                        "debtor list (open and partly paid charges) " + money(debtorList)
                                + (owedBack.signum() == 0 ? "" : "; paid charges credited since owe back "
                                + money(owedBack.negate()) + " to their members")),
                check("Collection clearing equals what is in collection", clearing,
                        clearing == null ? BigDecimal.ZERO : balances.get(clearing), inCollection,
                        "charges in collection " + money(inCollection) + ": placed at the bank, not yet settled or "
                                + "returned"),
                check("Member credit equals the members' credit", memberCredit,
                        memberCredit == null ? BigDecimal.ZERO
                                : Objects.requireNonNullElse(balances.get(memberCredit), BigDecimal.ZERO).negate(),
                        credits, "overpayments not used yet " + money(credits) + "; the account's credit balance "
                                + "(a liability) is shown"));
        return new Checks(LocalDate.now(clock), checks.stream().allMatch(Check::agrees), checks);
    }

    private static Check check(String name, String account, BigDecimal ledger, BigDecimal expected, String note) {
        BigDecimal booked = money(Objects.requireNonNullElse(ledger, BigDecimal.ZERO));
        BigDecimal wanted = money(expected);
        return new Check(name, account, booked, wanted, booked.subtract(wanted), booked.compareTo(wanted) == 0, note);
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2);
    }
}
