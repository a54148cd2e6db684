package io.duesflow.mail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything a member document (invoice, reminder, credit note, receipt) prints, so rendering needs no other
 * room. Amounts are in the association's currency with two decimals; a credit note's lines are negative.
 *
 * @param number       the document's own number ({@code 2026-00042}); for a reminder the charge's number
 * @param period       the period the charge covers, or null when it covers none
 * @param lines        the charge lines, a credit note's with opposite sign
 * @param total        the sum of the lines
 * @param alreadyPaid  what the member has paid on the charge so far (a receipt's payment included); zero if nothing
 * @param reminderFee  the fee a reminder adds, zero otherwise
 * @param message      the run's message printed on every charge, or null
 * @param original     the charge a reminder or credit note refers to; null for invoices and receipts
 * @param received     the payment a receipt confirms; null for other documents
 */
public record ChargeDocument(Creditor association, Debtor member, String number, LocalDate issueDate,
                             LocalDate dueDate, Period period, List<Line> lines, BigDecimal total,
                             BigDecimal alreadyPaid, BigDecimal reminderFee, String message, Original original,
                             Received received, Payment payment) {

    public ChargeDocument {
        Objects.requireNonNull(association, "association");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(payment, "payment");
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("Document " + number + " has no lines");
        }
        lines = List.copyOf(lines);
        total = cents(Objects.requireNonNull(total, "total"), "total");
        alreadyPaid = alreadyPaid == null ? BigDecimal.ZERO.setScale(2) : cents(alreadyPaid, "alreadyPaid");
        reminderFee = reminderFee == null ? BigDecimal.ZERO.setScale(2) : cents(reminderFee, "reminderFee");
        BigDecimal sum = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        // A document whose lines do not add up to its total must never reach a member.
        if (sum.compareTo(total) != 0) {
            throw new IllegalArgumentException("Document " + number + ": the lines add up to " + sum + ", not to the total " + total);
        }
    }

    /** What the member still has to pay: the total less what was paid, plus a reminder fee. Negative on a credit note. */
    public BigDecimal amountDue() {
        return total.subtract(alreadyPaid).add(reminderFee);
    }

    /** What the member still owed on the charge before a reminder fee. */
    public BigDecimal owed() {
        return total.subtract(alreadyPaid);
    }

    /**
     * The association as the document shows it.
     *
     * @param currency         EUR or DKK
     * @param bic              may be null: SEPA needs no BIC inside the EEA
     * @param sepaCreditorId   printed on direct-debit pre-notifications, or null
     * @param fiCreditorNumber 8 digits, for the {@code +71} line on DKK invoices, or null
     */
    public record Creditor(String name, Address address, String email, String iban, String bic, String currency,
                           String sepaCreditorId, String fiCreditorNumber) {

        public Creditor {
            Objects.requireNonNull(name, "association name");
            Objects.requireNonNull(address, "association address");
            requireDocumentCurrency(currency);
            if (fiCreditorNumber != null && !fiCreditorNumber.matches("[0-9]{8}")) {
                throw new IllegalArgumentException("'" + fiCreditorNumber + "' is not an FI creditor number: expected 8 digits");
            }
        }
    }

    /** The member the document is for. */
    public record Debtor(long number, String name, Address address, String email, Language language) {

        public Debtor {
            Objects.requireNonNull(name, "member name");
            Objects.requireNonNull(language, "member language");
        }
    }

    /** A structured postal address; the country as an ISO 3166 two-letter code. */
    public record Address(String street, String buildingNumber, String postcode, String town, String country) {
    }

    public record Line(String text, BigDecimal amount) {

        public Line {
            Objects.requireNonNull(text, "line text");
            amount = cents(Objects.requireNonNull(amount, "line amount"), "line amount");
        }
    }

    public record Period(LocalDate from, LocalDate to) {

        public Period {
            Objects.requireNonNull(from, "period from");
            Objects.requireNonNull(to, "period to");
        }
    }

    /** The charge a reminder or credit note refers to. */
    public record Original(String number, LocalDate issueDate, LocalDate dueDate) {

        public Original {
            Objects.requireNonNull(number, "original number");
        }
    }

    /** The payment a receipt confirms. */
    public record Received(BigDecimal amount, LocalDate on) {

        public Received {
            amount = cents(Objects.requireNonNull(amount, "received amount"), "received amount");
            Objects.requireNonNull(on, "received on");
        }
    }

    /**
     * How the member pays, and what the payment instructions need for that.
     *
     * @param debtorIban     direct debit: the member's account, printed masked
     * @param mandateId      direct debit: the SEPA mandate reference, printed on the pre-notification, or null
     * @param collectionDate direct debit and Betalingsservice: when the amount is collected (else the due date)
     * @param rfReference    ISO 11649 creditor reference for transfers in EUR, or null to quote the document number
     * @param fikPaymentId   the 15-digit {@code +71} payment id for DKK invoices, or null
     * @param paymentLink    card: where the member pays, or null when the provider sends the link itself
     */
    public record Payment(CollectionMethod method, String debtorIban, String mandateId, LocalDate collectionDate,
                          String rfReference, String fikPaymentId, String paymentLink) {

        public Payment {
            Objects.requireNonNull(method, "collection method");
        }

        public static Payment byInvoice(String rfReference, String fikPaymentId) {
            return new Payment(CollectionMethod.INVOICE, null, null, null, rfReference, fikPaymentId, null);
        }

        public static Payment bySepaDirectDebit(String debtorIban, String mandateId, LocalDate collectionDate) {
            return new Payment(CollectionMethod.SEPA_DIRECT_DEBIT, debtorIban, mandateId, collectionDate, null, null, null);
        }

        public static Payment byBetalingsservice(LocalDate collectionDate) {
            return new Payment(CollectionMethod.BETALINGSSERVICE, null, null, collectionDate, null, null, null);
        }
    }

    /** The member's collection method; the same names as the member register's. */
    public enum CollectionMethod {
        INVOICE, SEPA_DIRECT_DEBIT, BETALINGSSERVICE, CARD, MANUAL
    }

    static void requireDocumentCurrency(String currency) {
        if (!"EUR".equals(currency) && !"DKK".equals(currency)) {
            throw new IllegalArgumentException("'" + currency + "' is not a currency documents are written in: expected EUR or DKK");
        }
    }

    static BigDecimal cents(BigDecimal amount, String what) {
        try {
            return amount.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " " + amount + " has fractions of a cent");
        }
    }
}
