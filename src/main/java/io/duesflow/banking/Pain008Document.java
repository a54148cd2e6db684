package io.duesflow.banking;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.stream.Stream;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One pain.008 document on its way out: the element structure of the EPC SDD Core implementation guidelines,
 * shared by .001.02 and .001.08 except where they differ (the BIC element, the postal address).
 */
final class Pain008Document {

    /** xs:dateTime needs the seconds, which {@code LocalDateTime.toString()} leaves out when they are zero. */
    private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    /** An agent without a BIC: the IBAN-only rule lets the debtor leave it out, the schema wants the element. */
    private static final String NOT_PROVIDED = "NOTPROVIDED";
    /** "Same mandate with a new debtor account" (EPC, since November 2016). */
    private static final String SMNDA = "SMNDA";
    private static final String NEW_LINE = "\n";

    private final XMLStreamWriter xml;
    private final Pain008Version version;
    private final DirectDebitFile file;

    Pain008Document(XMLStreamWriter xml, Pain008Version version, DirectDebitFile file) {
        this.xml = xml;
        this.version = version;
        this.file = file;
    }

    void write() throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters(NEW_LINE);
        xml.writeStartElement("Document");
        xml.writeDefaultNamespace(version.namespace());
        xml.writeStartElement("CstmrDrctDbtInitn");
        groupHeader();
        for (PaymentBlock block : file.blocks()) {
            paymentBlock(block);
        }
        xml.writeCharacters(NEW_LINE);
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeCharacters(NEW_LINE);
        xml.writeEndDocument();
    }

    private void groupHeader() throws XMLStreamException {
        xml.writeCharacters(NEW_LINE);
        start("GrpHdr");
        element("MsgId", file.messageId());
        element("CreDtTm", CREATION_TIME.format(file.creationTime()));
        element("NbOfTxs", Long.toString(file.numberOfTransactions()));
        element("CtrlSum", file.controlSum().toPlainString());
        start("InitgPty");
        element("Nm", file.creditor().name());
        end();
        end();
    }

    private void paymentBlock(PaymentBlock block) throws XMLStreamException {
        Creditor creditor = file.creditor();
        xml.writeCharacters(NEW_LINE);
        start("PmtInf");
        element("PmtInfId", block.paymentInfoId());
        element("PmtMtd", "DD");
        element("BtchBookg", Boolean.toString(file.batchBooking()));
        element("NbOfTxs", Integer.toString(block.count()));
        element("CtrlSum", block.controlSum().toPlainString());
        start("PmtTpInf");
        start("SvcLvl");
        element("Cd", "SEPA");
        end();
        // CORE only: COR1 ended in November 2016, B2B needs mandates duesflow does not take.
        start("LclInstrm");
        element("Cd", "CORE");
        end();
        element("SeqTp", block.sequenceType().name());
        end();
        element("ReqdColltnDt", block.collectionDate().toString());
        start("Cdtr");
        element("Nm", creditor.name());
        if (creditor.address() != null) {
            address(creditor.address());
        }
        end();
        account("CdtrAcct", creditor.iban());
        agent("CdtrAgt", creditor.bic());
        // SLEV: each side pays its own bank, the only charge bearer the scheme allows.
        element("ChrgBr", "SLEV");
        creditorSchemeId("CdtrSchmeId", creditor.creditorSchemeId());
        streamCollections(block);
        xml.writeCharacters(NEW_LINE);
        end();
    }

    private void streamCollections(PaymentBlock block) throws XMLStreamException {
        long streamed = 0;
        BigDecimal sum = BigDecimal.ZERO;
        try (Stream<DirectDebit> debits = block.debits().get()) {
            Iterator<DirectDebit> iterator = debits.iterator();
            while (iterator.hasNext()) {
                DirectDebit debit = iterator.next();
                if (debit == null) {
                    throw new IllegalStateException("Payment block " + block.paymentInfoId() + " streamed a null "
                            + "collection after " + streamed);
                }
                if (++streamed > block.count()) {
                    throw new DeclaredTotalsMismatchException(block.paymentInfoId(), block.count(),
                            block.controlSum(), streamed, sum.add(debit.amount()), true);
                }
                collection(debit);
                sum = sum.add(debit.amount());
            }
        }
        if (streamed != block.count() || sum.compareTo(block.controlSum()) != 0) {
            throw new DeclaredTotalsMismatchException(block.paymentInfoId(), block.count(), block.controlSum(),
                    streamed, sum, false);
        }
    }

    private void collection(DirectDebit debit) throws XMLStreamException {
        xml.writeCharacters(NEW_LINE);
        start("DrctDbtTxInf");
        start("PmtId");
        element("EndToEndId", debit.endToEndId());
        end();
        xml.writeStartElement("InstdAmt");
        xml.writeAttribute("Ccy", "EUR");
        xml.writeCharacters(debit.amount().toPlainString());
        end();
        start("DrctDbtTx");
        start("MndtRltdInf");
        element("MndtId", debit.mandateId());
        element("DtOfSgntr", debit.mandateSignedOn().toString());
        if (debit.amendment() != null) {
            element("AmdmntInd", "true");
            amendment(debit.amendment());
        }
        end();
        end();
        agent("DbtrAgt", debit.debtorBic());
        start("Dbtr");
        element("Nm", debit.debtorName());
        if (debit.debtorAddress() != null) {
            address(debit.debtorAddress());
        }
        end();
        account("DbtrAcct", debit.debtorIban());
        remittance(debit);
        end();
    }

    private void amendment(Amendment amendment) throws XMLStreamException {
        if (amendment.originalCreditorSchemeId() != null
                && amendment.originalCreditorSchemeId().equals(file.creditor().creditorSchemeId())) {
            throw new IllegalArgumentException("An amendment gives the creditor's current identifier "
                    + amendment.originalCreditorSchemeId() + " as the original one");
        }
        start("AmdmntInfDtls");
        if (amendment.originalMandateId() != null) {
            element("OrgnlMndtId", amendment.originalMandateId());
        }
        if (amendment.originalCreditorSchemeId() != null) {
            creditorSchemeId("OrgnlCdtrSchmeId", amendment.originalCreditorSchemeId());
        }
        if (amendment.originalDebtorIban() != null) {
            account("OrgnlDbtrAcct", amendment.originalDebtorIban());
        } else if (amendment.sameMandateNewDebtorAccount()) {
            start("OrgnlDbtrAcct");
            start("Id");
            start("Othr");
            element("Id", SMNDA);
            end();
            end();
            end();
        }
        end();
    }

    private void remittance(DirectDebit debit) throws XMLStreamException {
        if (debit.rfReference() != null) {
            start("RmtInf");
            start("Strd");
            start("CdtrRefInf");
            start("Tp");
            start("CdOrPrtry");
            // SCOR, issued by ISO: an ISO 11649 creditor reference, which the debtor's bank may check.
            element("Cd", "SCOR");
            end();
            element("Issr", "ISO");
            end();
            element("Ref", debit.rfReference());
            end();
            end();
            end();
        } else if (debit.remittanceText() != null) {
            start("RmtInf");
            element("Ustrd", debit.remittanceText());
            end();
        }
    }

    private void address(PostalAddress address) throws XMLStreamException {
        start("PstlAdr");
        if (version == Pain008Version.V08) {
            optionalElement("StrtNm", address.streetName());
            optionalElement("BldgNb", address.buildingNumber());
            optionalElement("PstCd", address.postCode());
            element("TwnNm", address.townName());
            element("Ctry", address.country());
        } else {
            // .001.02 as the EPC used it: country and at most two address lines (the German subset allows no more).
            element("Ctry", address.country());
            optionalElement("AdrLine", address.streetLine());
            element("AdrLine", address.townLine());
        }
        end();
    }

    private void agent(String name, String bic) throws XMLStreamException {
        start(name);
        start("FinInstnId");
        if (bic != null) {
            element(version == Pain008Version.V08 ? "BICFI" : "BIC", bic);
        } else {
            start("Othr");
            element("Id", NOT_PROVIDED);
            end();
        }
        end();
        end();
    }

    private void account(String name, String iban) throws XMLStreamException {
        start(name);
        start("Id");
        element("IBAN", iban);
        end();
        end();
    }

    private void creditorSchemeId(String name, String identifier) throws XMLStreamException {
        start(name);
        start("Id");
        start("PrvtId");
        start("Othr");
        element("Id", identifier);
        start("SchmeNm");
        element("Prtry", "SEPA");
        end();
        end();
        end();
        end();
        end();
    }

    private void start(String name) throws XMLStreamException {
        xml.writeStartElement(name);
    }

    private void end() throws XMLStreamException {
        xml.writeEndElement();
    }

    private void element(String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private void optionalElement(String name, String text) throws XMLStreamException {
        if (text != null) {
            element(name, text);
        }
    }
}
