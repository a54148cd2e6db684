package io.duesflow.payments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Gathers what a bank file moves and announces it in parts ({@link BankFileBooked}), in the file's transaction: a
 * part holds at most a few thousand movements, so a listener books a large statement in steps of a bounded size.
 */
final class BankFileAnnouncements {

    static final int PART = 5000;

    private final ApplicationEventPublisher events;
    private final long fileId;
    private final String fileName;
    private int part;
    /** Where the listeners' time (the ledger's postings) is summed, for the debug log. */
    StepTimes times = new StepTimes();
    private final List<PaymentRegistered> payments = new ArrayList<>();
    private final List<CollectionSettled> settlements = new ArrayList<>();
    private final List<MemberCreditAdded> credits = new ArrayList<>();
    private final List<CollectionReturned> returns = new ArrayList<>();
    private final List<PaymentUndone> undone = new ArrayList<>();
    private final List<BankChargesRecorded> charges = new ArrayList<>();
    private final List<BankFileBooked.CreditUnmatched> unmatched = new ArrayList<>();

    BankFileAnnouncements(ApplicationEventPublisher events, long fileId, String fileName) {
        this.events = events;
        this.fileId = fileId;
        this.fileName = fileName;
    }

    void payments(Collection<PaymentRegistered> movements) {
        add(payments, movements);
    }

    void settlements(Collection<CollectionSettled> movements) {
        add(settlements, movements);
    }

    void credits(Collection<MemberCreditAdded> movements) {
        add(credits, movements);
    }

    void returns(Collection<CollectionReturned> movements) {
        add(returns, movements);
    }

    void undone(Collection<PaymentUndone> movements) {
        add(undone, movements);
    }

    void bankCharges(Collection<BankChargesRecorded> movements) {
        add(charges, movements);
    }

    void unmatched(Collection<BankFileBooked.CreditUnmatched> movements) {
        add(unmatched, movements);
    }

    private <T> void add(List<T> list, Collection<T> movements) {
        list.addAll(movements);
        if (size() >= PART) {
            flush();
        }
    }

    private int size() {
        return payments.size() + settlements.size() + credits.size() + returns.size() + undone.size() + charges.size()
                + unmatched.size();
    }

    /** Announces what is gathered, if anything. */
    void flush() {
        if (size() == 0) {
            return;
        }
        long t = times.start();
        events.publishEvent(new BankFileBooked(fileId, fileName, ++part, payments, settlements, credits, returns,
                undone, charges, unmatched));
        times.stop("ledger postings", t);
        payments.clear();
        settlements.clear();
        credits.clear();
        returns.clear();
        undone.clear();
        charges.clear();
        unmatched.clear();
    }
}
