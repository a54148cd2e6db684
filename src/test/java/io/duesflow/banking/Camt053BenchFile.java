package io.duesflow.banking;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A camt.053.001.08 end-of-day statement of N credits to the association's account, generated deterministically
 * from the credit's number, one entry per line, as a bank would send it for a large association: the benchmarks'
 * (and the streaming test's) input. Credit n pays the collection or invoice of {@link Pain008Benchmark#row}(n):
 * the same amount, payer name and IBAN. The mix, as the matching benchmark needs it:
 * <ul>
 *     <li>about 69 %: a collection booked on its own (no batch booking), carrying the end-to-end id
 *     {@code R17-n} duesflow wrote ({@code PMNT/IDDT/ESDD});</li>
 *     <li>20 % (n ending in 1 or 2): a transfer quoting the invoice's RF reference ({@code SCOR}, issuer
 *     {@code ISO}), end-to-end id {@code NOTPROVIDED} ({@code PMNT/RCDT/ESCT});</li>
 *     <li>10 % (n ending in 3): a transfer with only the amount and the payer's IBAN to go by, and a free
 *     text;</li>
 *     <li>1 % (n a multiple of 100): a transfer that matches nothing: an IBAN and amount of no member.</li>
 * </ul>
 * Each entry has one transaction detail with its own amount, the payer's name and IBAN.
 */
public final class Camt053BenchFile {

    public static final String ACCOUNT_IBAN = Pain008Benchmark.CREDITOR.iban();
    public static final LocalDate BOOKING_DATE = LocalDate.of(2027, 1, 7);

    /** How a credit can be matched to what it pays. */
    public enum Match { END_TO_END_ID, RF_REFERENCE, AMOUNT_AND_IBAN, NONE }

    /** Credit n as the file carries it; null fields are absent (or NOTPROVIDED) in the file. */
    public record Credit(long number, BigDecimal amount, Match match, String endToEndId, String rfReference,
                         String debtorName, String debtorIban, String remittance) {
    }

    private Camt053BenchFile() {
    }

    public static Credit credit(long number) {
        Pain008Benchmark.Row row = Pain008Benchmark.row(number);
        Match match = number % 100 == 0 ? Match.NONE : switch ((int) (number % 10)) {
            case 1, 2 -> Match.RF_REFERENCE;
            case 3 -> Match.AMOUNT_AND_IBAN;
            default -> Match.END_TO_END_ID;
        };
        BigDecimal amount = BigDecimal.valueOf(row.cents(), 2);
        return switch (match) {
            case END_TO_END_ID -> new Credit(number, amount, match, row.endToEndId(), null, row.name(), row.iban(),
                    null);
            case RF_REFERENCE -> new Credit(number, amount, match, null, row.rf(), row.name(), row.iban(), null);
            case AMOUNT_AND_IBAN -> new Credit(number, amount, match, null, null, row.name(), row.iban(),
                    "Kontingent " + row.name());
            case NONE -> new Credit(number, amount.add(new BigDecimal("0.37")), match, null, null, "Ukendt Giver",
                    Pain008Benchmark.iban("DK", number + 900_000_000L), "Donation");
        };
    }

    /** The sum of credits 1..size: the statement's closing balance (it opens at zero). */
    public static BigDecimal total(int size) {
        return total(1, size);
    }

    private static BigDecimal total(long first, int size) {
        BigDecimal total = BigDecimal.ZERO;
        for (long n = first; n < first + size; n++) {
            total = total.add(credit(n).amount());
        }
        return total;
    }

    public static void write(Path target, int size) throws IOException {
        write(target, 1, size);
    }

    /** Credits {@code first} to {@code first + size - 1}: a statement of other credits than the one from 1 (a warm-up). */
    public static void write(Path target, long first, int size) throws IOException {
        String id = (first == 1 ? "" : first + "-");
        write(target, "BENCH-CAMT053-" + id + size, "BENCH-" + id + BOOKING_DATE, BOOKING_DATE, total(first, size),
                () -> java.util.stream.LongStream.range(first, first + size).mapToObj(Camt053BenchFile::credit)
                        .iterator());
    }

    /**
     * A statement of the given credits booked on {@code bookingDate} (the full-cycle benchmark's: what the month's
     * members paid); {@code total} is their sum, the closing balance.
     */
    public static void write(Path target, String messageId, String statementId, LocalDate bookingDate,
                             BigDecimal total, Iterable<Credit> credits) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); Writer out = Pain008Writer.utf8(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            new Document(xml, bookingDate).write(messageId, statementId, total, credits);
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    private record Document(XMLStreamWriter xml, LocalDate bookingDate) {

        void write(String messageId, String statementId, BigDecimal total, Iterable<Credit> credits)
                throws XMLStreamException {
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("Document");
            xml.writeDefaultNamespace("urn:iso:std:iso:20022:tech:xsd:camt.053.001.08");
            xml.writeStartElement("BkToCstmrStmt");
            xml.writeCharacters("\n");
            xml.writeStartElement("GrpHdr");
            element("MsgId", messageId);
            element("CreDtTm", bookingDate.plusDays(1) + "T05:30:00");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeStartElement("Stmt");
            element("Id", statementId);
            element("ElctrncSeqNb", "1");
            element("CreDtTm", bookingDate.plusDays(1) + "T05:30:00");
            xml.writeStartElement("Acct");
            xml.writeStartElement("Id");
            element("IBAN", ACCOUNT_IBAN);
            xml.writeEndElement();
            element("Ccy", "EUR");
            xml.writeEndElement();
            balance("OPBD", BigDecimal.ZERO);
            balance("CLBD", total);
            for (Credit credit : credits) {
                entry(credit);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
        }

        private void balance(String type, BigDecimal amount) throws XMLStreamException {
            xml.writeCharacters("\n");
            xml.writeStartElement("Bal");
            xml.writeStartElement("Tp");
            xml.writeStartElement("CdOrPrtry");
            element("Cd", type);
            xml.writeEndElement();
            xml.writeEndElement();
            amount("Amt", amount);
            element("CdtDbtInd", "CRDT");
            xml.writeStartElement("Dt");
            element("Dt", bookingDate.toString());
            xml.writeEndElement();
            xml.writeEndElement();
        }

        private void entry(Credit credit) throws XMLStreamException {
            xml.writeCharacters("\n");
            xml.writeStartElement("Ntry");
            element("NtryRef", Long.toString(credit.number()));
            amount("Amt", credit.amount());
            element("CdtDbtInd", "CRDT");
            xml.writeStartElement("Sts");
            element("Cd", "BOOK");
            xml.writeEndElement();
            date("BookgDt");
            date("ValDt");
            element("AcctSvcrRef", bookingDate.toString().replace("-", "")
                    + String.format("%010d", credit.number()));
            xml.writeStartElement("BkTxCd");
            xml.writeStartElement("Domn");
            element("Cd", "PMNT");
            xml.writeStartElement("Fmly");
            boolean collection = credit.match() == Match.END_TO_END_ID;
            element("Cd", collection ? "IDDT" : "RCDT");
            element("SubFmlyCd", collection ? "ESDD" : "ESCT");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeStartElement("NtryDtls");
            xml.writeStartElement("TxDtls");
            xml.writeStartElement("Refs");
            element("EndToEndId", credit.endToEndId() != null ? credit.endToEndId() : "NOTPROVIDED");
            xml.writeEndElement();
            amount("Amt", credit.amount());
            element("CdtDbtInd", "CRDT");
            xml.writeStartElement("RltdPties");
            xml.writeStartElement("Dbtr");
            xml.writeStartElement("Pty");
            element("Nm", credit.debtorName());
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeStartElement("DbtrAcct");
            xml.writeStartElement("Id");
            element("IBAN", credit.debtorIban());
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            if (credit.rfReference() != null) {
                xml.writeStartElement("RmtInf");
                xml.writeStartElement("Strd");
                xml.writeStartElement("CdtrRefInf");
                xml.writeStartElement("Tp");
                xml.writeStartElement("CdOrPrtry");
                element("Cd", "SCOR");
                xml.writeEndElement();
                element("Issr", "ISO");
                xml.writeEndElement();
                element("Ref", credit.rfReference());
                xml.writeEndElement();
                xml.writeEndElement();
                xml.writeEndElement();
            } else if (credit.remittance() != null) {
                xml.writeStartElement("RmtInf");
                element("Ustrd", credit.remittance());
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
        }

        private void date(String name) throws XMLStreamException {
            xml.writeStartElement(name);
            element("Dt", bookingDate.toString());
            xml.writeEndElement();
        }

        private void amount(String name, BigDecimal amount) throws XMLStreamException {
            xml.writeStartElement(name);
            xml.writeAttribute("Ccy", "EUR");
            xml.writeCharacters(amount.toPlainString());
            xml.writeEndElement();
        }

        private void element(String name, String text) throws XMLStreamException {
            xml.writeStartElement(name);
            xml.writeCharacters(text);
            xml.writeEndElement();
        }
    }
}
