package io.duesflow.members;

import java.math.BigDecimal;
import java.time.Instant;

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
}
