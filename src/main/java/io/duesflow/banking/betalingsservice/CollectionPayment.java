package io.duesflow.banking.betalingsservice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One payment of a collection delivery: one charge of one member, collected under their agreement on the payment
 * date, with the text lines the member reads on their payment overview. Checked when made, so what reaches the
 * writer can be written; the caller leaves out a member whose data is refused, with the exception's message.
 *
 * @param customerNumber  1 to 15 digits, see {@link CustomerNumbers#forMember}; kept as the 15-digit field
 * @param agreementNumber the Betalingsservice agreement ("aftalenummer") from the member's 0603, 1 to 9 digits
 *                        (BS042 43-51); kept zero-padded to 9
 * @param amount          DKK, two decimals at most: positive is collected from the member (sign code 1),
 *                        negative is paid out to them (sign code 2), zero is a record with sign code 0
 * @param paymentDate     the day the amount is due and drawn ("betalingsdato")
 * @param reference       the creditor's reference, e.g. the charge number: 1 to 30 characters, returned in the
 *                        0602 payment information ({@link PaymentInformation#reference()}), so make it unique
 * @param debtor          name and address for the BS022 records
 * @param textLines       what the charge is for, line by line (BS052, 60 characters each, at most 99 999 lines);
 *                        empty lines are kept as spacing
 * @throws IllegalArgumentException naming the field and the member's customer number
 */
public record CollectionPayment(String customerNumber, String agreementNumber, BigDecimal amount,
                                LocalDate paymentDate, String reference, DebtorNameAndAddress debtor,
                                List<String> textLines) {

    /** The width of a text line. */
    public static final int TEXT_LINE = 60;
    /** The width of the reference. */
    public static final int REFERENCE = 30;

    private static final int AGREEMENT_DIGITS = 9;
    private static final int MAX_TEXT_LINES = 99_999;

    public CollectionPayment {
        customerNumber = CustomerNumbers.field(customerNumber);
        String who = "customer " + CustomerNumbers.withoutLeadingZeros(customerNumber);
        agreementNumber = agreementField(who, agreementNumber);
        Ore.of("amount of " + who, amount);
        amount = amount.setScale(2);
        Objects.requireNonNull(paymentDate, () -> "The payment date of " + who + " is missing");
        reference = DeliveryText.limited("reference of " + who, reference, REFERENCE).strip();
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("The reference of " + who + " is missing; it is what the 0602 "
                    + "payment information is matched by");
        }
        Objects.requireNonNull(debtor, () -> "The name and address of " + who + " are missing");
        List<String> lines = new ArrayList<>(textLines == null ? 0 : textLines.size());
        if (textLines != null) {
            for (int i = 0; i < textLines.size(); i++) {
                lines.add(DeliveryText.limited("text line " + (i + 1) + " of " + who, textLines.get(i), TEXT_LINE));
            }
        }
        if (lines.size() > MAX_TEXT_LINES) {
            throw new IllegalArgumentException("The " + lines.size() + " text lines of " + who + " are more than "
                    + "the " + MAX_TEXT_LINES + " a payment can have");
        }
        textLines = List.copyOf(lines);
    }

    /**
     * A text line as the member's payment overview shows it: the text, cut at a space to leave room, and the amount
     * in Danish format right-aligned at the end of the 60 positions ({@code Kontingent 2027        1.234,50}), as
     * Puls 3060 writes its lines (text, then amount in Danish format).
     *
     * @throws IllegalArgumentException when the text has characters a delivery cannot carry, naming them
     */
    public static String textLine(String text, BigDecimal amount) {
        String shown = amount == null ? "" : danish(amount);
        String mapped = DeliveryText.tidy("text line", text);
        int room = TEXT_LINE - (shown.isEmpty() ? 0 : shown.length() + 1);
        String cut = DeliveryText.cut(mapped, room);
        return shown.isEmpty() ? cut : cut + " ".repeat(TEXT_LINE - cut.length() - shown.length()) + shown;
    }

    /** {@code 1234.5} as {@code 1.234,50}: the decimal comma, dots between thousands. */
    private static String danish(BigDecimal amount) {
        BigDecimal two = amount.setScale(2, java.math.RoundingMode.HALF_EVEN);
        String plain = two.abs().toPlainString();
        String whole = plain.substring(0, plain.length() - 3);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append('.');
            }
            grouped.append(whole.charAt(i));
        }
        return (two.signum() < 0 ? "-" : "") + grouped + "," + plain.substring(plain.length() - 2);
    }

    private static String agreementField(String who, String agreementNumber) {
        String stripped = CustomerNumbers.withoutLeadingZeros(agreementNumber);
        if (stripped.isEmpty() || stripped.length() > AGREEMENT_DIGITS || !CustomerNumbers.isDigits(stripped)) {
            throw new IllegalArgumentException("The agreement number '" + agreementNumber + "' of " + who
                    + " is not a Betalingsservice agreement number: expected 1 to 9 digits, not all zero");
        }
        return "0".repeat(AGREEMENT_DIGITS - stripped.length()) + stripped;
    }

    /** The amount in øre, with its sign. */
    long ore() {
        return amount.movePointRight(2).longValueExact();
    }
}
