package io.duesflow.banking.betalingsservice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.duesflow.banking.betalingsservice.DeliveryReader.DataRecord;
import io.duesflow.banking.betalingsservice.DeliveryReader.HeaderLayout;
import io.duesflow.banking.betalingsservice.DeliveryReader.SectionFormat;
import io.duesflow.banking.betalingsservice.DeliveryReader.SectionStart;

/**
 * The sections duesflow reads, with the positions of their data records (betalingsservice.md §2-§4). Filler
 * positions are not checked: Compassion's writer puts spaces where real files have {@code 000}, and Nets may do
 * the same; only fields that are used are read, and each must hold what its layout says.
 */
final class DeliveryFormats {

    /** The kinds by section and transaction code, "0211/0236", in the order refusals list them. */
    private static final Map<String, PaymentInformation.Kind> PAYMENT_KINDS = new LinkedHashMap<>();
    private static final Map<String, AgreementInformation.Kind> AGREEMENT_KINDS = new LinkedHashMap<>();

    static {
        PAYMENT_KINDS.put("0211/0236", PaymentInformation.Kind.COMPLETED);
        PAYMENT_KINDS.put("0211/0237", PaymentInformation.Kind.REJECTED);
        PAYMENT_KINDS.put("0211/0238", PaymentInformation.Kind.CANCELLED);
        PAYMENT_KINDS.put("0211/0239", PaymentInformation.Kind.CHARGED_BACK);
        PAYMENT_KINDS.put("0215/0297", PaymentInformation.Kind.SLIP_COMPLETED);
        PAYMENT_KINDS.put("0215/0299", PaymentInformation.Kind.SLIP_CHARGED_BACK);
        AGREEMENT_KINDS.put("0210/0230", AgreementInformation.Kind.ACTIVE);
        AGREEMENT_KINDS.put("0212/0231", AgreementInformation.Kind.REGISTERED);
        AGREEMENT_KINDS.put("0212/0232", AgreementInformation.Kind.CANCELLED_BY_BANK);
        AGREEMENT_KINDS.put("0212/0233", AgreementInformation.Kind.CANCELLED_BY_CREDITOR);
        AGREEMENT_KINDS.put("0212/0234", AgreementInformation.Kind.CANCELLED_BY_BETALINGSSERVICE);
    }

    private DeliveryFormats() {
    }

    /** 0602 payment information: section 0211 (automatic payments) and 0215 (payment slips), from Nets. */
    static DeliveryReader<PaymentInformation> paymentInformation() {
        return new DeliveryReader<>("0602", false, List.of(
                new SectionFormat<>("0211", HeaderLayout.INFORMATION, DeliveryFormats::automaticPayment),
                new SectionFormat<>("0215", HeaderLayout.INFORMATION, DeliveryFormats::slipPayment)));
    }

    /** 0603 agreement information: section 0210 (all active agreements) and 0212 (new and cancelled ones). */
    static DeliveryReader<AgreementInformation> agreementInformation() {
        return new DeliveryReader<>("0603", false, List.of(
                new SectionFormat<>("0210", HeaderLayout.INFORMATION, DeliveryFormats::agreement),
                new SectionFormat<>("0212", HeaderLayout.INFORMATION, DeliveryFormats::agreement)));
    }

    /**
     * Our own 0601 collection delivery, read back strictly (128 characters, CR LF) before it leaves: every record
     * and every total as the writer meant them. Nothing is handed on.
     */
    static DeliveryReader<Void> collectionReadBack() {
        return new DeliveryReader<>(Delivery0601Writer.DELIVERY_TYPE, true, List.of(
                new SectionFormat<>(Delivery0601Writer.SECTION, HeaderLayout.COLLECTION,
                        DeliveryFormats::collectionRecord)));
    }

    // --- 0602 ---------------------------------------------------------------------------------------------------

    /** Section 0211, BS042 0236-0239 (betalingsservice.md §3, checked against 74 real records). */
    private static DataRecord<PaymentInformation> automaticPayment(RecordLine line, SectionStart section) {
        PaymentInformation.Kind kind = kind(line, section, PAYMENT_KINDS);
        String customer = customerNumber(line, 26, 40);
        long amount = line.signedOre(56, 57, 69, "amount");
        PaymentInformation payment = new PaymentInformation(line.number(), kind, section.pbsNumber(),
                (int) line.digits(21, 25, "debtor group"), customer, agreementNumber(line, 41, 49),
                line.requiredDdmmyy(50, "payment date"), Ore.dkk(amount), line.stripped(70, 99),
                line.ddmmyy(104, "actual payment date"), line.ddmmyy(110, "bookkeeping date"),
                Ore.dkk(line.ore(56, 116, 128, "amount paid")), null, null, null);
        return new DataRecord<>(payment, amount);
    }

    /**
     * Section 0215, BS042 0297/0299 (betalingsservice.md §3, the Puls reader and a real record). The layout has no
     * agreement number. [I] The fee's sign code at 47 is read like the amount's (0/1/2); the doc names it "fee
     * sign" only.
     */
    private static DataRecord<PaymentInformation> slipPayment(RecordLine line, SectionStart section) {
        PaymentInformation.Kind kind = kind(line, section, PAYMENT_KINDS);
        String customer = customerNumber(line, 30, 44);
        long amount = line.signedOre(59, 60, 72, "amount");
        PaymentInformation payment = new PaymentInformation(line.number(), kind, section.pbsNumber(),
                (int) line.digits(21, 25, "debtor group"), customer, null, line.requiredDdmmyy(53, "due date"),
                Ore.dkk(amount), line.stripped(73, 81), line.ddmmyy(104, "payment date"),
                line.ddmmyy(110, "bookkeeping date"), Ore.dkk(line.ore(59, 116, 128, "amount paid")),
                line.stripped(45, 46), Ore.dkk(line.signedOre(47, 48, 52, "fee")), line.stripped(82, 103));
        return new DataRecord<>(payment, amount);
    }

    // --- 0603 ---------------------------------------------------------------------------------------------------

    /** BS042 0230-0234 (betalingsservice.md §4): no amount, so nothing towards the net amount. */
    private static DataRecord<AgreementInformation> agreement(RecordLine line, SectionStart section) {
        AgreementInformation.Kind kind = kind(line, section, AGREEMENT_KINDS);
        String customer = customerNumber(line, 26, 40);
        String agreement = agreementNumber(line, 41, 49);
        if (agreement == null) {
            throw line.refused("has no agreement number (positions 41-49 are zeros)");
        }
        return new DataRecord<>(new AgreementInformation(line.number(), kind, section.pbsNumber(),
                (int) line.digits(21, 25, "debtor group"), customer, agreement,
                line.requiredDdmmyy(50, "date"), line.ddmmyy(56, "end date")), 0);
    }

    // --- 0601 read back -----------------------------------------------------------------------------------------

    /** Section 0112 as {@link Delivery0601Writer} writes it: BS022 0240, BS042 0280, BS052 0241. */
    private static DataRecord<Void> collectionRecord(RecordLine line, SectionStart section) {
        String type = line.type();
        String code = line.at(14, 17);
        String expected = switch (type) {
            case "022" -> Delivery0601Writer.NAME_ADDRESS;
            case "042" -> Delivery0601Writer.COLLECTION;
            case "052" -> Delivery0601Writer.TEXT_LINE;
            default -> throw line.refused("is not written in section " + section.number());
        };
        if (!code.equals(expected)) {
            throw line.refused("carries transaction code " + code + " (positions 14-17), expected " + expected);
        }
        line.digits(23, 27, "debtor group");
        line.digits(28, 42, "customer number");
        line.digits(43, 51, "agreement number");
        if (!type.equals("042")) {
            line.digits(18, 22, "record number");
            return new DataRecord<>(null, 0);
        }
        if (line.ddmmyyyy(52, "payment date") == null) {
            throw line.refused("has no payment date at positions 52-59");
        }
        return new DataRecord<>(null, line.signedOre(60, 61, 73, "amount"));
    }

    // --- shared -------------------------------------------------------------------------------------------------

    /** The kind of a BS042 by its section and transaction code (14-17); any other record is refused. */
    private static <K> K kind(RecordLine line, SectionStart section, Map<String, K> kinds) {
        if (!line.type().equals("042")) {
            throw line.refused("records are not read in section " + section.number() + "; it holds BS042 records "
                    + "only (" + known(section, kinds) + ")");
        }
        String code = line.at(14, 17);
        K kind = kinds.get(section.number() + "/" + code);
        if (kind == null) {
            throw line.refused("carries transaction code " + code + " (positions 14-17), which is not one of section "
                    + section.number() + "'s: " + known(section, kinds));
        }
        return kind;
    }

    /** "0236 completed, 0237 rejected, …" for a refusal. */
    private static <K> String known(SectionStart section, Map<String, K> kinds) {
        return kinds.entrySet().stream().filter(entry -> entry.getKey().startsWith(section.number() + "/"))
                .map(entry -> entry.getKey().substring(5) + " "
                        + entry.getValue().toString().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
    }

    private static String customerNumber(RecordLine line, int from, int to) {
        String customer = CustomerNumbers.withoutLeadingZeros(line.at(from, to));
        if (customer.isEmpty()) {
            throw line.refused("has no customer number at positions " + from + "-" + to);
        }
        return customer;
    }

    private static String agreementNumber(RecordLine line, int from, int to) {
        long agreement = line.digits(from, to, "agreement number");
        return agreement == 0 ? null : Long.toString(agreement);
    }
}
