package io.duesflow.mail;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import io.duesflow.banking.Target2Calendar;
import io.duesflow.banking.betalingsservice.BetalingsserviceProperties;
import io.duesflow.billing.ChargeForDocument;
import io.duesflow.billing.ChargeReminders;
import io.duesflow.members.Association;
import io.duesflow.members.MemberContact;
import io.duesflow.members.PostalAddress;
import io.duesflow.payments.CardPayments;
import io.duesflow.payments.Payments;
import org.springframework.stereotype.Component;

/** Puts together what a member document prints from the charge, the member and the association. */
@Component
class MailDocuments {

    private final Clock clock;
    private final Payments payments;
    private final CardPayments cards;
    private final BetalingsserviceProperties betalingsservice;

    MailDocuments(Clock clock, Payments payments, CardPayments cards, BetalingsserviceProperties betalingsservice) {
        this.clock = clock;
        this.payments = payments;
        this.cards = cards;
        this.betalingsservice = betalingsservice;
    }

    /** The document of a kind: a receipt also says which payment it confirms (all that is paid on the charge). */
    ChargeDocument document(DocumentKind kind, ChargeForDocument charge, MemberContact member, Association association) {
        if (kind == DocumentKind.FIRST_REMINDER || kind == DocumentKind.SECOND_REMINDER) {
            return reminder(kind == DocumentKind.FIRST_REMINDER ? 1 : 2, charge, member, association);
        }
        ChargeDocument document = document(charge, member, association);
        if (kind != DocumentKind.PAYMENT_RECEIPT) {
            return document;
        }
        ChargeDocument.Received received = payments.receipt(charge.id())
                .map(receipt -> new ChargeDocument.Received(receipt.amount(), receipt.on())).orElse(null);
        return new ChargeDocument(document.association(), document.member(), document.number(), document.issueDate(),
                document.dueDate(), document.period(), document.lines(), document.total(), document.alreadyPaid(),
                document.reminderFee(), document.message(), document.original(), received, document.payment());
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

    /**
     * A reminder of {@code level}: the charge's lines without its reminder fees, which are printed as the reminder
     * fee; what is still owed; the day it was sent and the day it asks payment by; the original due date; the
     * round's message (else the run's); and how to pay by transfer (RF or +71, the QR code for what is owed), since a
     * direct debit that was returned will not be tried again by itself.
     */
    private ChargeDocument reminder(int level, ChargeForDocument charge, MemberContact member, Association association) {
        ChargeReminders.ChargeReminder reminder = charge.reminder(level);
        if (reminder == null) {
            throw new IllegalArgumentException("Charge " + charge.number() + " was never sent reminder " + level);
        }
        java.util.Set<Integer> feePositions = new java.util.HashSet<>();
        charge.reminders().forEach(r -> {
            if (r.feePosition() != null) {
                feePositions.add(r.feePosition());
            }
        });
        List<ChargeDocument.Line> lines = charge.lines().stream().filter(line -> !feePositions.contains(line.position()))
                .map(line -> new ChargeDocument.Line(line.text(), line.amount())).toList();
        BigDecimal total = lines.stream().map(ChargeDocument.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal fees = charge.lines().stream().filter(line -> feePositions.contains(line.position()))
                .map(line -> line.amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal owed = charge.total().subtract(charge.paid()).subtract(charge.credited());
        ChargeDocument invoice = document(charge, member, association);
        ChargeDocument.Payment payment = "CARD".equals(charge.collectionMethod())
                ? new ChargeDocument.Payment(ChargeDocument.CollectionMethod.CARD, null, null, null,
                charge.rfReference(), charge.paymentId(), cards.paymentLink(charge.number(), owed).orElse(null))
                : ChargeDocument.Payment.byInvoice(charge.rfReference(), charge.paymentId());
        return new ChargeDocument(invoice.association(), invoice.member(), charge.number(), reminder.remindedOn(),
                reminder.payBy(), invoice.period(), lines, total, total.add(fees).subtract(owed), fees,
                reminder.message() != null ? reminder.message() : charge.message(),
                new ChargeDocument.Original(charge.number(), charge.issuedOn(), charge.dueDate()), null, payment);
    }

    private ChargeDocument.Payment payment(ChargeForDocument charge, MemberContact member, Association association) {
        // Who collects was decided at approval: the invoice says what the bank file does, never more.
        boolean directDebit = "SEPA_DIRECT_DEBIT".equals(charge.collectionMethod())
                || "BETALINGSSERVICE".equals(charge.collectionMethod());
        String method = charge.collectedBy() != null ? charge.collectedBy().name()
                : directDebit ? "INVOICE" : charge.collectionMethod();
        return switch (method) {
            case "SEPA_DIRECT_DEBIT" -> member.iban() == null
                    ? ChargeDocument.Payment.byInvoice(charge.rfReference(), charge.paymentId())
                    // The collection date the file will carry: the due date on a TARGET2 business day.
                    : ChargeDocument.Payment.bySepaDirectDebit(member.iban(), member.mandateId(),
                    Target2Calendar.collectionDate(charge.dueDate(), LocalDate.now(clock),
                            association.sepa().leadDays()));
            // The payment date the delivery will carry: the due date on a Danish bank day.
            case "BETALINGSSERVICE" -> ChargeDocument.Payment.byBetalingsservice(
                    betalingsservice.paymentDate(charge.dueDate(), LocalDate.now(clock)));
            case "CARD" -> new ChargeDocument.Payment(ChargeDocument.CollectionMethod.CARD, null, null, null,
                    charge.rfReference(), charge.paymentId(),
                    cards.paymentLink(charge.number(), charge.total().subtract(charge.paid())).orElse(null));
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
