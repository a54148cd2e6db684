package io.duesflow.banking;

import static io.duesflow.banking.SepaSamples.ANNEKE;
import static io.duesflow.banking.SepaSamples.CAMILLE;
import static io.duesflow.banking.SepaSamples.FIRST;
import static io.duesflow.banking.SepaSamples.FIRST_COLLECTION;
import static io.duesflow.banking.SepaSamples.JUERGEN;
import static io.duesflow.banking.SepaSamples.MAARTEN;
import static io.duesflow.banking.SepaSamples.RECURRING;
import static io.duesflow.banking.SepaSamples.RECURRING_COLLECTION;
import static io.duesflow.banking.SepaSamples.SOEREN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;

class Pain008WriterTests {

    @TempDir
    Path folder;

    private Path written(Pain008Version version) throws IOException {
        return written(version, SepaSamples.file(true));
    }

    private Path written(Pain008Version version, DirectDebitFile file) throws IOException {
        Path target = folder.resolve(version.messageName() + ".xml");
        Pain008Writer.writeValidated(file, version, target);
        return target;
    }

    // --- valid against the schemas ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void fileWithAmendmentsStructuredRemittanceMissingBicsAndTwoBlocksMatchesItsSchema(Pain008Version version)
            throws IOException {
        Path file = written(version);

        assertThat(Pain008Schemas.problems(file, version)).isEmpty();
        assertThat(Pain008Schemas.requireValid(file)).isEqualTo(version);
    }

    @Test
    void version02AlsoMatchesTheGermanBanksStricterSepaSubset() throws Exception {
        Path file = written(Pain008Version.V02);

        try (InputStream xsd = getClass().getResourceAsStream("/xsd/pain.008.001.02-sepa-dk.xsd")) {
            SchemaFactory.newDefaultInstance().newSchema(new StreamSource(xsd)).newValidator()
                    .validate(new StreamSource(file.toFile()));
        }
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void everyBlockOfSeveralSequenceTypesAndDatesMatchesTheSchema(Pain008Version version) throws IOException {
        DirectDebitFile file = SepaSamples.fileWith(
                PaymentBlock.of("B-FRST", SequenceType.FRST, FIRST_COLLECTION, List.of(SOEREN)),
                PaymentBlock.of("B-RCUR", SequenceType.RCUR, RECURRING_COLLECTION, List.of(JUERGEN, MAARTEN)),
                PaymentBlock.of("B-OOFF", SequenceType.OOFF, RECURRING_COLLECTION.plusDays(1), List.of(ANNEKE)),
                PaymentBlock.of("B-FNAL", SequenceType.FNAL, RECURRING_COLLECTION.plusDays(2), List.of(CAMILLE)));

        XmlReadBack xml = XmlReadBack.parse(written(version, file));

        assertThat(xml.texts("CstmrDrctDbtInitn/PmtInf/PmtTpInf/SeqTp")).containsExactly("FRST", "RCUR", "OOFF", "FNAL");
        assertThat(xml.texts("CstmrDrctDbtInitn/PmtInf/ReqdColltnDt"))
                .containsExactly("2027-01-04", "2027-01-06", "2027-01-07", "2027-01-08");
    }

    // --- the document -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void documentIsInTheDefaultNamespaceWithoutPrefix(Pain008Version version) throws IOException {
        Path file = written(version);
        XmlReadBack xml = XmlReadBack.parse(file);
        String text = Files.readString(file, StandardCharsets.UTF_8);

        assertThat(xml.root().getLocalName()).isEqualTo("Document");
        assertThat(xml.root().getNamespaceURI()).isEqualTo(version.namespace());
        assertThat(xml.root().getPrefix()).isNull();
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("<Document xmlns=\"" + version.namespace() + "\"><CstmrDrctDbtInitn>")
                .doesNotContain("pain:").doesNotContain("xmlns:");
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void eachCollectionIsOnALineOfItsOwn(Pain008Version version) throws IOException {
        List<String> lines = Files.readAllLines(written(version));

        assertThat(lines.stream().filter(line -> line.startsWith("<DrctDbtTxInf>") && line.endsWith("</DrctDbtTxInf>")))
                .hasSize(5);
    }

    @Test
    void groupHeaderCarriesTheMessageTheTotalsAndTheCreditorAsInitiatingParty() throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(Pain008Version.V08));

        assertThat(xml.text("CstmrDrctDbtInitn/GrpHdr/MsgId")).isEqualTo("DUESFLOW-RUN-17-20261221");
        assertThat(xml.text("CstmrDrctDbtInitn/GrpHdr/CreDtTm")).isEqualTo("2026-12-21T09:30:00");
        assertThat(xml.text("CstmrDrctDbtInitn/GrpHdr/NbOfTxs")).isEqualTo("5");
        assertThat(xml.text("CstmrDrctDbtInitn/GrpHdr/CtrlSum")).isEqualTo("1362.51");
        assertThat(xml.text("CstmrDrctDbtInitn/GrpHdr/InitgPty/Nm")).isEqualTo("Roklubben Aeroe + Venner");
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void eachBlockCarriesItsCountAndTheExactSumOfItsAmounts(Pain008Version version) throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(version));
        List<Element> blocks = xml.all("CstmrDrctDbtInitn/PmtInf");

        assertThat(blocks).hasSize(2);
        assertThat(xml.text(blocks.get(0), "NbOfTxs")).isEqualTo("2");
        assertThat(xml.text(blocks.get(0), "CtrlSum")).isEqualTo("262.50");
        assertThat(xml.text(blocks.get(1), "NbOfTxs")).isEqualTo("3");
        assertThat(xml.text(blocks.get(1), "CtrlSum")).isEqualTo("1100.01");
        for (Element block : blocks) {
            BigDecimal sum = xml.texts(block, "DrctDbtTxInf/InstdAmt").stream().map(BigDecimal::new)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum.toPlainString()).isEqualTo(xml.text(block, "CtrlSum"));
            assertThat(xml.all(block, "DrctDbtTxInf")).hasSize(Integer.parseInt(xml.text(block, "NbOfTxs")));
        }
    }

    @Test
    void amountsHaveExactlyTwoDecimalsInEuro() throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(Pain008Version.V08));

        assertThat(xml.texts("CstmrDrctDbtInitn/PmtInf/DrctDbtTxInf/InstdAmt"))
                .containsExactly("250.00", "12.50", "99.99", "1000.01", "0.01");
        assertThat(xml.all("CstmrDrctDbtInitn/PmtInf/DrctDbtTxInf/InstdAmt"))
                .allSatisfy(amount -> assertThat(amount.getAttribute("Ccy")).isEqualTo("EUR"));
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void blockSaysCoreSepaDirectDebitWithSharedChargesAndTheCreditor(Pain008Version version) throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(version));
        Element block = xml.all("CstmrDrctDbtInitn/PmtInf").get(0);

        assertThat(xml.text(block, "PmtInfId")).isEqualTo("RUN-17-FRST-20270104");
        assertThat(xml.text(block, "PmtMtd")).isEqualTo("DD");
        assertThat(xml.text(block, "BtchBookg")).isEqualTo("true");
        assertThat(xml.text(block, "PmtTpInf/SvcLvl/Cd")).isEqualTo("SEPA");
        assertThat(xml.text(block, "PmtTpInf/LclInstrm/Cd")).isEqualTo("CORE");
        assertThat(xml.text(block, "Cdtr/Nm")).isEqualTo("Roklubben Aeroe + Venner");
        assertThat(xml.text(block, "CdtrAcct/Id/IBAN")).isEqualTo("DE89370400440532013000");
        assertThat(xml.text(block, "CdtrAgt/FinInstnId/" + (version == Pain008Version.V08 ? "BICFI" : "BIC")))
                .isEqualTo("COBADEFFXXX");
        assertThat(xml.text(block, "ChrgBr")).isEqualTo("SLEV");
        assertThat(xml.text(block, "CdtrSchmeId/Id/PrvtId/Othr/Id")).isEqualTo("DE98ZZZ09999999999");
        assertThat(xml.text(block, "CdtrSchmeId/Id/PrvtId/Othr/SchmeNm/Prtry")).isEqualTo("SEPA");
    }

    @Test
    void batchBookingCanBeTurnedOff() throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(Pain008Version.V02, SepaSamples.file(false)));

        assertThat(xml.texts("CstmrDrctDbtInitn/PmtInf/BtchBookg")).containsExactly("false", "false");
    }

    // --- the collections ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void collectionCarriesItsReferencesMandateDebtorAndStructuredRemittance(Pain008Version version) throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(version));
        Element soeren = xml.all("CstmrDrctDbtInitn/PmtInf/DrctDbtTxInf").get(0);

        assertThat(xml.text(soeren, "PmtId/EndToEndId")).isEqualTo("2027-00001-1");
        assertThat(xml.text(soeren, "DrctDbtTx/MndtRltdInf/MndtId")).isEqualTo("M-0001");
        assertThat(xml.text(soeren, "DrctDbtTx/MndtRltdInf/DtOfSgntr")).isEqualTo("2020-03-01");
        assertThat(xml.text(soeren, "DrctDbtTx/MndtRltdInf/AmdmntInd")).isNull();
        assertThat(xml.text(soeren, "Dbtr/Nm")).isEqualTo("Soeren Aeroe Aalborg");
        assertThat(xml.text(soeren, "DbtrAcct/Id/IBAN")).isEqualTo("DK5000400440116243");
        assertThat(xml.text(soeren, "DbtrAgt/FinInstnId/" + (version == Pain008Version.V08 ? "BICFI" : "BIC")))
                .isEqualTo("DABADKKK");
        assertThat(xml.text(soeren, "RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd")).isEqualTo("SCOR");
        assertThat(xml.text(soeren, "RmtInf/Strd/CdtrRefInf/Tp/Issr")).isEqualTo("ISO");
        assertThat(xml.text(soeren, "RmtInf/Strd/CdtrRefInf/Ref")).isEqualTo(PaymentReferences.rfFromCharge("2027-00001"));
        assertThat(xml.text(soeren, "RmtInf/Ustrd")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void debtorWithoutBicHasNotProvidedAndTextWithoutRfIsUnstructured(Pain008Version version) throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(version));
        Element anneke = xml.all("CstmrDrctDbtInitn/PmtInf/DrctDbtTxInf").get(1);

        assertThat(xml.text(anneke, "DbtrAgt/FinInstnId/Othr/Id")).isEqualTo("NOTPROVIDED");
        assertThat(xml.text(anneke, "DbtrAgt/FinInstnId/BIC")).isNull();
        assertThat(xml.text(anneke, "DbtrAgt/FinInstnId/BICFI")).isNull();
        assertThat(xml.text(anneke, "Dbtr/PstlAdr")).isNull();
        assertThat(xml.text(anneke, "RmtInf/Ustrd")).isEqualTo("Contributie 2027 - kwartaal 1");
        assertThat(xml.text(anneke, "RmtInf/Strd")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void amendmentsNameTheOriginalMandateIdIbanSmndaOrCreditorIdentifier(Pain008Version version) throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(version));
        Element recurring = xml.all("CstmrDrctDbtInitn/PmtInf").get(1);
        List<Element> mandates = xml.all(recurring, "DrctDbtTxInf/DrctDbtTx/MndtRltdInf");

        assertThat(xml.texts(recurring, "DrctDbtTxInf/DrctDbtTx/MndtRltdInf/AmdmntInd")).containsExactly("true", "true", "true");
        Element juergen = mandates.get(0);
        assertThat(xml.text(juergen, "AmdmntInfDtls/OrgnlMndtId")).isEqualTo("M-0003");
        assertThat(xml.text(juergen, "AmdmntInfDtls/OrgnlDbtrAcct/Id/IBAN")).isEqualTo("AT611904300234573201");
        Element maarten = mandates.get(1);
        assertThat(xml.text(maarten, "AmdmntInfDtls/OrgnlMndtId")).isNull();
        assertThat(xml.text(maarten, "AmdmntInfDtls/OrgnlDbtrAcct/Id/Othr/Id")).isEqualTo("SMNDA");
        Element camille = mandates.get(2);
        assertThat(xml.text(camille, "AmdmntInfDtls/OrgnlCdtrSchmeId/Id/PrvtId/Othr/Id")).isEqualTo("AT61ZZZ01234567890");
        assertThat(xml.text(camille, "AmdmntInfDtls/OrgnlCdtrSchmeId/Id/PrvtId/Othr/SchmeNm/Prtry")).isEqualTo("SEPA");
    }

    @Test
    void version08WritesStructuredAddresses() throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(Pain008Version.V08));
        Element maarten = xml.all("CstmrDrctDbtInitn/PmtInf/DrctDbtTxInf").get(3);
        Element creditor = xml.all("CstmrDrctDbtInitn/PmtInf/Cdtr").get(0);

        assertThat(xml.text(maarten, "Dbtr/Nm")).isEqualTo("Maarten van 't Hek");
        assertThat(xml.text(maarten, "Dbtr/PstlAdr/StrtNm")).isEqualTo("Hoogstraat");
        assertThat(xml.text(maarten, "Dbtr/PstlAdr/BldgNb")).isEqualTo("12");
        assertThat(xml.text(maarten, "Dbtr/PstlAdr/PstCd")).isEqualTo("5211 AB");
        assertThat(xml.text(maarten, "Dbtr/PstlAdr/TwnNm")).isEqualTo("'s-Hertogenbosch");
        assertThat(xml.text(maarten, "Dbtr/PstlAdr/Ctry")).isEqualTo("NL");
        assertThat(xml.text(maarten, "Dbtr/PstlAdr/AdrLine")).isNull();
        assertThat(xml.text(creditor, "PstlAdr/TwnNm")).isEqualTo("Aeroeskoebing");
    }

    @Test
    void version02WritesCountryAndTwoAddressLines() throws IOException {
        XmlReadBack xml = XmlReadBack.parse(written(Pain008Version.V02));
        Element juergen = xml.all("CstmrDrctDbtInitn/PmtInf/DrctDbtTxInf").get(2);

        assertThat(xml.text(juergen, "Dbtr/Nm")).isEqualTo("Juergen Gross");
        assertThat(xml.text(juergen, "Dbtr/PstlAdr/Ctry")).isEqualTo("AT");
        assertThat(xml.texts(juergen, "Dbtr/PstlAdr/AdrLine")).containsExactly("Hauptstrasse 1", "1010 Wien");
        assertThat(xml.text(juergen, "Dbtr/PstlAdr/StrtNm")).isNull();
    }

    @ParameterizedTest
    @EnumSource(Pain008Version.class)
    void everyEndToEndIdIsAtMost35Characters(Pain008Version version) throws IOException {
        String longest = "E2E-" + "9".repeat(31);
        DirectDebit debit = new DirectDebit(longest, BigDecimal.TEN, "M-1", FIRST_COLLECTION.minusYears(1), null,
                "Ida Holm", null, "DK5000400440116243", null, null, null);
        XmlReadBack xml = XmlReadBack.parse(written(version, SepaSamples.fileWith(
                PaymentBlock.of("B-1", SequenceType.RCUR, RECURRING_COLLECTION, List.of(debit, SOEREN, ANNEKE)))));

        assertThat(xml.texts("CstmrDrctDbtInitn/PmtInf/DrctDbtTxInf/PmtId/EndToEndId"))
                .contains(longest).allSatisfy(id -> assertThat(id).hasSizeLessThanOrEqualTo(35));
        assertThatThrownBy(() -> new DirectDebit(longest + "0", BigDecimal.TEN, "M-1", FIRST_COLLECTION, null,
                "Ida Holm", null, "DK5000400440116243", null, null, null))
                .isInstanceOf(UnreducibleTextException.class).hasMessageContaining("at most 35");
    }

    // --- declared totals ----------------------------------------------------------------------------------------

    @Test
    void blockStreamingFewerCollectionsThanDeclaredIsRefused() {
        PaymentBlock block = new PaymentBlock("B-1", SequenceType.RCUR, RECURRING_COLLECTION, 3,
                SepaSamples.sum(FIRST), FIRST::stream);

        assertThatThrownBy(() -> Pain008Writer.write(SepaSamples.fileWith(block), Pain008Version.V08,
                new ByteArrayOutputStream()))
                .isInstanceOf(DeclaredTotalsMismatchException.class)
                .hasMessageContaining("B-1 declared 3 collections totalling 262.50 EUR, but its stream gave 2");
    }

    @Test
    void blockStreamingMoreCollectionsThanDeclaredIsRefusedAtTheFirstExtraOne() {
        AtomicInteger pulled = new AtomicInteger();
        PaymentBlock block = new PaymentBlock("B-1", SequenceType.RCUR, RECURRING_COLLECTION, 1,
                SOEREN.amount(), () -> Stream.generate(() -> {
                    pulled.incrementAndGet();
                    return SOEREN;
                }));

        assertThatThrownBy(() -> Pain008Writer.write(SepaSamples.fileWith(block), Pain008Version.V08,
                new ByteArrayOutputStream()))
                .isInstanceOf(DeclaredTotalsMismatchException.class)
                .satisfies(e -> assertThat(((DeclaredTotalsMismatchException) e).streamedCount()).isEqualTo(2));
        assertThat(pulled).hasValue(2);
    }

    @Test
    void blockWhoseAmountsDoNotAddUpToItsControlSumIsRefused() {
        PaymentBlock block = new PaymentBlock("B-1", SequenceType.FRST, FIRST_COLLECTION, 2,
                new BigDecimal("262.49"), FIRST::stream);

        assertThatThrownBy(() -> Pain008Writer.write(SepaSamples.fileWith(block), Pain008Version.V02,
                new ByteArrayOutputStream()))
                .isInstanceOf(DeclaredTotalsMismatchException.class)
                .hasMessageContaining("declared 2 collections totalling 262.49 EUR, but its stream gave 2 totalling 262.50 EUR");
    }

    @Test
    void mismatchInALaterBlockLeavesNoFileAndKeepsAnEarlierOne() throws IOException {
        Path target = folder.resolve("run-17.xml");
        Files.writeString(target, "the file placed before");
        DirectDebitFile file = SepaSamples.fileWith(
                PaymentBlock.of("B-1", SequenceType.FRST, FIRST_COLLECTION, FIRST),
                new PaymentBlock("B-2", SequenceType.RCUR, RECURRING_COLLECTION, 4, SepaSamples.sum(RECURRING),
                        RECURRING::stream));

        assertThatThrownBy(() -> Pain008Writer.writeValidated(file, Pain008Version.V08, target))
                .isInstanceOf(DeclaredTotalsMismatchException.class);
        assertThat(Files.readString(target)).isEqualTo("the file placed before");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void fileTheSchemaRefusesNeverAppearsUnderTheTargetName() throws IOException {
        // A BIC whose location code starts with 1: iban4j and .001.08 take it, the .001.02 schema does not.
        DirectDebit debit = new DirectDebit("E2E-1", BigDecimal.ONE, "M-1", FIRST_COLLECTION, null, "Ida Holm", null,
                "DE89370400440532013000", "DEUTDE1FXXX", null, null);
        Path target = folder.resolve("refused.xml");
        DirectDebitFile file = SepaSamples.fileWith(PaymentBlock.of("B-1", SequenceType.OOFF, FIRST_COLLECTION, List.of(debit)));

        assertThatThrownBy(() -> Pain008Writer.writeValidated(file, Pain008Version.V02, target))
                .isInstanceOf(SchemaViolationException.class)
                .satisfies(e -> assertThat(((SchemaViolationException) e).problems())
                        .anySatisfy(problem -> assertThat(problem.message()).contains("DEUTDE1FXXX")));
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
        Pain008Writer.writeValidated(file, Pain008Version.V08, target);
        assertThat(target).exists();
    }

    @Test
    void eachBlocksStreamIsOpenedOnceAndClosedBeforeTheNextBlock() throws IOException {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        PaymentBlock first = new PaymentBlock("B-1", SequenceType.FRST, FIRST_COLLECTION, 2, SepaSamples.sum(FIRST),
                () -> {
                    opened.incrementAndGet();
                    return FIRST.stream().onClose(closed::incrementAndGet);
                });
        PaymentBlock second = new PaymentBlock("B-2", SequenceType.RCUR, RECURRING_COLLECTION, 3,
                SepaSamples.sum(RECURRING), () -> {
                    assertThat(closed).as("the first block's stream is closed").hasValue(1);
                    opened.incrementAndGet();
                    return RECURRING.stream().onClose(closed::incrementAndGet);
                });

        Pain008Writer.write(SepaSamples.fileWith(first, second), Pain008Version.V08, new ByteArrayOutputStream());

        assertThat(opened).hasValue(2);
        assertThat(closed).hasValue(2);
    }
}
