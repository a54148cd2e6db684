package io.duesflow.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.duesflow.members.MemberRegister;
import io.duesflow.platform.Conflict;
import io.duesflow.platform.NotFound;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Periodic invoices ("Facturatie › Periodieke facturatie" in the Dutch manual): a scheduled billing line for named
 * members with its own lines, its own frequency and its own day the invoice is made, which joins the scheduled runs
 * like any other line. Seen from a member's page it is edited and stopped for that member alone: a periodic invoice
 * shared with others is split off first, so the others keep theirs as it was.
 */
@Service
@Transactional
public class PeriodicInvoices {

    /**
     * A periodic invoice as the treasurer writes it.
     *
     * @param memberNumbers whom it bills; from a member's page, that member
     * @param firstDueDate  when the first invoice is due; later ones follow by the frequency, same day of the month
     * @param firstMadeOn   the day the first invoice is made (its date, and not mailed before it), on or before its due
     *                      date; later ones follow by the frequency. Empty: the day its run is approved
     * @param lines         its own lines: text, amount, and the ledger account (empty: the association's income account)
     * @param mail          false: its invoices are approved and numbered but not mailed; they wait in the open list
     */
    public record Input(String name, List<Long> memberNumbers, BillingLine.Frequency frequency, LocalDate firstDueDate,
                        LocalDate firstMadeOn, List<ChargeTemplate.Line> lines, Boolean mail, Integer position,
                        Boolean active, Integer version) {
    }

    /** A periodic invoice with when it is next due and made. */
    public record PeriodicInvoice(long id, Integer version, String name, List<Long> memberNumbers,
                                  BillingLine.Frequency frequency, LocalDate firstDueDate, LocalDate firstMadeOn,
                                  LocalDate nextDueDate, LocalDate nextMadeOn, List<ChargeTemplate.Line> lines,
                                  BigDecimal total, boolean mail, boolean active) {
    }

    private final BillingRules rules;
    private final BillingLineRepository lines;
    private final MemberRegister register;
    private final Clock clock;

    PeriodicInvoices(BillingRules rules, BillingLineRepository lines, MemberRegister register, Clock clock) {
        this.rules = rules;
        this.lines = lines;
        this.register = register;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<PeriodicInvoice> all() {
        return rules.lines().stream().filter(PeriodicInvoices::isPeriodicInvoice).map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public PeriodicInvoice get(long id) {
        return view(periodic(id));
    }

    /** The member's periodic invoices, stopped ones too: what their page lists. */
    @Transactional(readOnly = true)
    public List<PeriodicInvoice> ofMember(long memberNumber) {
        register.member(memberNumber);
        return rules.lines().stream().filter(PeriodicInvoices::isPeriodicInvoice)
                .filter(line -> line.memberNumbers().contains(memberNumber)).map(this::view).toList();
    }

    /** A new periodic invoice; a member number nobody has, or made on a day after it is due, is refused. */
    public PeriodicInvoice create(Input input) {
        return view(rules.create(lineInput(input, input.memberNumbers(), null)));
    }

    /** Changes a periodic invoice for everybody it bills. */
    public PeriodicInvoice change(long id, Input input) {
        BillingLine line = periodic(id);
        requireVersion(line, input.version());
        return view(rules.change(id, lineInput(input, input.memberNumbers(), line.version())));
    }

    /** A new periodic invoice for one member, from their page. */
    public PeriodicInvoice createFor(long memberNumber, Input input) {
        register.member(memberNumber);
        return view(rules.create(lineInput(input, List.of(memberNumber), null)));
    }

    /**
     * Changes the member's periodic invoice for them alone: when it bills others too, the member is taken off it and
     * gets a periodic invoice of their own with the change, so the others' stays as it was.
     */
    public PeriodicInvoice changeFor(long memberNumber, long id, Input input) {
        BillingLine line = ofMember(memberNumber, id);
        requireVersion(line, input.version());
        if (line.memberNumbers().equals(List.of(memberNumber))) {
            return view(rules.change(id, lineInput(input, List.of(memberNumber), line.version())));
        }
        withoutMember(line, memberNumber);
        return view(rules.create(lineInput(input, List.of(memberNumber), null)));
    }

    /**
     * Stops the member's periodic invoice for them: taken off it, or the whole invoice stopped (inactive, kept with
     * what it billed) when they were the only one. Already billed charges stay as they are.
     */
    public PeriodicInvoice stopFor(long memberNumber, long id) {
        BillingLine line = ofMember(memberNumber, id);
        if (line.memberNumbers().equals(List.of(memberNumber))) {
            return stop(id);
        }
        return view(withoutMember(line, memberNumber));
    }

    /** Stops a periodic invoice for everybody: it bills nothing more, and is kept. */
    public PeriodicInvoice stop(long id) {
        BillingLine line = periodic(id);
        Input same = input(line, false);
        return view(rules.change(id, lineInput(same, line.memberNumbers(), line.version())));
    }

    private BillingLine withoutMember(BillingLine line, long memberNumber) {
        List<Long> others = new ArrayList<>(line.memberNumbers());
        others.remove(memberNumber);
        return rules.change(line.id(), lineInput(input(line, line.active()), others, line.version()));
    }

    private BillingLine ofMember(long memberNumber, long id) {
        BillingLine line = periodic(id);
        if (!line.memberNumbers().contains(memberNumber)) {
            throw new NotFound("Periodic invoice " + id + " of member " + memberNumber, id);
        }
        return line;
    }

    private static void requireVersion(BillingLine line, Integer version) {
        if (version != null && !version.equals(line.version())) {
            throw new Conflict("version", "Periodic invoice " + line.id() + " was changed since it was read (version "
                    + line.version() + ", not " + version + "); read it again");
        }
    }

    private BillingLine periodic(long id) {
        BillingLine line = rules.line(id);
        if (!isPeriodicInvoice(line)) {
            throw new NotFound("Periodic invoice", id);
        }
        return line;
    }

    static boolean isPeriodicInvoice(BillingLine line) {
        return line.kind() == BillingLine.Kind.SCHEDULED && line.who() == BillingLine.Who.MEMBERS
                && line.priceKind() == BillingLine.PriceKind.LINES;
    }

    private Input input(BillingLine line, boolean active) {
        return new Input(line.name(), line.memberNumbers(), line.frequency(), line.firstDueDate(), line.firstMadeOn(),
                rules.items(line.id()), line.mail(), line.position(), active, line.version());
    }

    private static BillingLineInput lineInput(Input in, List<Long> members, Integer version) {
        return new BillingLineInput(in.name(), in.position(), BillingLine.Kind.SCHEDULED, in.frequency(),
                in.firstDueDate(), in.name(), null, in.active(), BillingLine.Who.MEMBERS, null, null, null, null,
                BillingLine.PriceKind.LINES, null, null, null, null, version, members, in.firstMadeOn(), in.mail(),
                in.lines());
    }

    private PeriodicInvoice view(BillingLine line) {
        LocalDate today = LocalDate.now(clock);
        LocalDate next = line.dueDatesBetween(today, today.plusYears(2)).stream().findFirst().orElse(null);
        List<ChargeTemplate.Line> items = rules.items(line.id());
        return new PeriodicInvoice(line.id(), line.version(), line.name(), line.memberNumbers(), line.frequency(),
                line.firstDueDate(), line.firstMadeOn(), line.active() ? next : null,
                line.active() && next != null ? line.madeOn(next) : null, items,
                items.stream().map(ChargeTemplate.Line::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add),
                line.mail(), line.active());
    }
}
