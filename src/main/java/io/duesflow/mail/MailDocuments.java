package io.duesflow.mail;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import io.duesflow.banking.Target2Calendar;
import io.duesflow.billing.ChargeForDocument;
import io.duesflow.members.Association;
import io.duesflow.members.MemberContact;
import io.duesflow.members.PostalAddress;
import org.springframework.stereotype.Component;

/** Puts together what a member document prints from the charge, the member and the association. */
@Component
class MailDocuments {

    private final Clock clock;

    MailDocuments(Clock clock) {
        this.clock = clock;
    }

    ChargeDocument document(ChargeForDocument charge, MemberContact member, Association association) {
        ChargeDocument.Creditor creditor = new ChargeDocument.Creditor(association.name(), address(association.address()),
                association.email(), association.iban(), association.bic(), association.currency(),
                association.sepaCreditorId(), association.fiCreditorNumber());
        ChargeDocument.Debtor debtor = new ChargeDocument.Debtor(member.memberNumber(), member.name(),
                address(member.address()), member.email(), Language.of(member.language()));
        boolean creditNote = "CREDIT_NOTE".equals(charge.kind());
        return new ChargeDocument(creditor, debtor, charge.number(), charge.issuedOn(), charge.dueDate(),
                new ChargeDocument.Period(charge.periodStart(), charge.periodEnd()),
                charge.lines().stream().map(line -> new ChargeDocument.Line(line.text(), line.amount())).toList(),
                charge.total(), creditNote ? BigDecimal.ZERO : charge.paid(), BigDecimal.ZERO, charge.message(),
                creditNote ? new ChargeDocument.Original(charge.creditsNumber(), null, charge.creditsDueDate()) : null,
                null, payment(charge, member, association));
    }

    private ChargeDocument.Payment payment(ChargeForDocument charge, MemberContact member, Association association) {
        String method = charge.invoicedInstead() ? "INVOICE" : charge.collectionMethod();
        return switch (method) {
            case "SEPA_DIRECT_DEBIT" -> member.iban() == null
                    ? ChargeDocument.Payment.byInvoice(charge.rfReference(), charge.paymentId())
                    // The collection date the file will carry: the due date on a TARGET2 business day.
                    : ChargeDocument.Payment.bySepaDirectDebit(member.iban(), member.mandateId(),
                    Target2Calendar.collectionDate(charge.dueDate(), LocalDate.now(clock.withZone(ZoneId.of(association.timeZone()))),
                            association.sepa().leadDays()));
            case "BETALINGSSERVICE" -> ChargeDocument.Payment.byBetalingsservice(charge.dueDate());
            case "CARD" -> new ChargeDocument.Payment(ChargeDocument.CollectionMethod.CARD, null, null, null,
                    charge.rfReference(), charge.paymentId(), null);
            case "MANUAL" -> new ChargeDocument.Payment(ChargeDocument.CollectionMethod.MANUAL, null, null, null,
                    charge.rfReference(), charge.paymentId(), null);
            default -> ChargeDocument.Payment.byInvoice(charge.rfReference(), charge.paymentId());
        };
    }

    private static ChargeDocument.Address address(PostalAddress address) {
        return address == null ? new ChargeDocument.Address(null, null, null, null, null)
                : new ChargeDocument.Address(address.street(), address.buildingNumber(), address.postcode(),
                address.town(), address.country());
    }
}
