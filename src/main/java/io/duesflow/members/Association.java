package io.duesflow.members;

import java.math.BigDecimal;
import java.time.Instant;

import io.duesflow.banking.Creditor;
import io.duesflow.platform.InvalidInput;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;

/**
 * The one association this installation keeps the books of.
 *
 * @param languages          the languages members may choose, comma separated ({@code da,en})
 * @param sepaCreditorId     SEPA creditor identifier, checked with ISO 7064 mod 97-10
 * @param betalingsserviceCreditor the PBS number (8 digits) Nets gave the association
 * @param fiCreditorNumber   FI creditor number (8 digits) printed in the {@code +71} payment line
 * @param email              where members' replies go; printed on documents
 * @param address            the association's postal address, printed on documents
 * @param sepa               how the bank wants direct-debit files; none given keeps the stored settings
 */
public record Association(@Id Integer id, @Version Integer version,
                          String name, String email,
                          @Embedded.Nullable(prefix = "address_") PostalAddress address, String currency, String timeZone, String languages,
                          String iban, String bic, String sepaCreditorId,
                          String betalingsserviceCreditor, String fiCreditorNumber,
                          CollectionMethod defaultCollectionMethod, BigDecimal monthlySuspensionFee,
                          String receivablesAccount, String incomeAccount, String feeAccount, String bankAccount,
                          @Embedded.Nullable(prefix = "sepa_") SepaSettings sepa,
                          @CreatedDate Instant createdAt, @CreatedBy String createdBy,
                          @LastModifiedDate Instant updatedAt, @LastModifiedBy String updatedBy) {

    /**
     * The association as the creditor of a SEPA direct-debit file; the one check of whether it can collect by SEPA at
     * all, used both when an approval decides who is collected and when the file is written.
     *
     * @throws InvalidInput naming the setting that is missing or wrong
     */
    public Creditor sepaCreditor() {
        if (!"EUR".equals(currency)) {
            throw new InvalidInput("currency", "SEPA direct debit collects euros; the association bills in " + currency);
        }
        if (sepaCreditorId == null) {
            throw new InvalidInput("sepaCreditorId", "The association has no SEPA creditor identifier; the bank gives "
                    + "it (e.g. DE98ZZZ09999999999) and it goes into the association's settings");
        }
        if (iban == null) {
            throw new InvalidInput("iban", "The association has no IBAN to collect into");
        }
        try {
            return new Creditor(name, null, iban, bic, sepaCreditorId);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("name", "The association's details cannot go into a SEPA file: " + e.getMessage());
        }
    }
}
