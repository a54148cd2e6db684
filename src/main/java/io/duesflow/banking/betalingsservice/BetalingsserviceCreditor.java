package io.duesflow.banking.betalingsservice;

/**
 * The association as a Betalingsservice creditor and data supplier: what Nets' agreements gave it, and what the
 * delivery's start and section records carry (betalingsservice.md §1 and §2, BS002 and BS012).
 *
 * @param dataSupplierNumber the data supplier number, 8 digits (BS002 6-13): the data supplier's CVR/SE number;
 *                           an association that delivers its own data uses its CVR number
 * @param subsystem          the data supplier's subsystem ("delsystem", BS002 14-16), 3 letters or digits as the
 *                           data supplier agreement names it; {@code BS1} for Betalingsservice collections
 * @param pbsNumber          the creditor's PBS number, 8 digits (BS012 6-13 and every data record)
 * @param debtorGroup        the debtor group number ("debitorgruppenummer", 1 to 99999; BS012 23-27)
 * @param userIdentification the user's identification with the data supplier (BS012 28-42), at most 15
 *                           characters, or {@code null}; Puls writes its own short name
 * @param headingText        the main heading line of the member's payment overview ("H-linie", BS012 69-128), at
 *                           most 60 characters, e.g. the association's name; or {@code null}
 * @throws IllegalArgumentException naming the field a delivery could not carry
 */
public record BetalingsserviceCreditor(String dataSupplierNumber, String subsystem, String pbsNumber,
                                       int debtorGroup, String userIdentification, String headingText) {

    /** Nets' subsystem for Betalingsservice collections (Puls and Compassion write it for section 0112). */
    public static final String COLLECTION_SUBSYSTEM = "BS1";

    public BetalingsserviceCreditor {
        dataSupplierNumber = eightDigits("data supplier number", dataSupplierNumber);
        subsystem = subsystem == null ? "" : subsystem.strip();
        if (!subsystem.matches("[A-Z0-9]{3}")) {
            throw new IllegalArgumentException("The subsystem ('delsystem') '" + subsystem + "' must be 3 capital "
                    + "letters or digits, e.g. " + COLLECTION_SUBSYSTEM);
        }
        pbsNumber = eightDigits("PBS number", pbsNumber);
        if (debtorGroup < 1 || debtorGroup > 99_999) {
            throw new IllegalArgumentException("The debtor group number must be 1 to 99999, not " + debtorGroup);
        }
        userIdentification = DeliveryText.limited("user identification", userIdentification, 15);
        headingText = DeliveryText.limited("heading text", headingText, 60);
    }

    /** A creditor delivering its own collections under subsystem {@code BS1}, without a user identification. */
    public BetalingsserviceCreditor(String dataSupplierNumber, String pbsNumber, int debtorGroup, String headingText) {
        this(dataSupplierNumber, COLLECTION_SUBSYSTEM, pbsNumber, debtorGroup, null, headingText);
    }

    private static String eightDigits(String field, String value) {
        String stripped = value == null ? "" : value.strip();
        if (!stripped.matches("[0-9]{8}")) {
            throw new IllegalArgumentException("The " + field + " '" + stripped + "' must be 8 digits");
        }
        return stripped;
    }
}
