package io.duesflow;

/**
 * One credit entry ({@code <Ntry>}) of a hand-written camt.053 or camt.054, in the shape banks send it: booked, with
 * the bank's own reference, one transaction detail carrying the end-to-end id, the payer and the remittance
 * information. The tests of payments, ledger and dunning write their statements from it.
 *
 * <pre>CamtCredit.of("EUR", "50.00", token + "-C1", "2027-01-04").scor(rf).payer("A. Payer", iban).xml()</pre>
 */
public final class CamtCredit {

    private final String currency;
    private final String amount;
    private final String servicerReference;
    private final String bookingDate;
    private String valueDate;
    private String subFamily = "ESCT";
    private String endToEndId = "NOTPROVIDED";
    private boolean references = true;
    private String related = "";
    private String remittance = "";

    private CamtCredit(String currency, String amount, String servicerReference, String bookingDate) {
        this.currency = currency;
        this.amount = amount;
        this.servicerReference = servicerReference;
        this.bookingDate = bookingDate;
        this.valueDate = bookingDate;
    }

    /** A credit of {@code amount} booked (and valued) on {@code bookingDate}, which may be a template's placeholder. */
    public static CamtCredit of(String currency, String amount, String servicerReference, String bookingDate) {
        return new CamtCredit(currency, amount, servicerReference, bookingDate);
    }

    /** No value date, as some banks leave it out. */
    public CamtCredit withoutValueDate() {
        valueDate = null;
        return this;
    }

    /** The bank transaction code's sub-family: {@code ESCT} (SEPA credit transfer) unless told, {@code DMCT} domestic. */
    public CamtCredit subFamily(String code) {
        subFamily = code;
        return this;
    }

    /** Our end-to-end id as the payer's bank passed it on; {@code null} is the banks' {@code NOTPROVIDED}. */
    public CamtCredit endToEndId(String id) {
        endToEndId = id == null ? "NOTPROVIDED" : id;
        return this;
    }

    /** No {@code Refs} at all, as a domestic transfer may come. */
    public CamtCredit withoutReferences() {
        references = false;
        return this;
    }

    /** Who paid: the name and the account, either of them {@code null} to leave it out. */
    public CamtCredit payer(String name, String iban) {
        if (name == null && iban == null) {
            return this;
        }
        related = """
                            <RltdPties>
                """ + (name == null ? "" : """
                              <Dbtr>
                                <Pty>
                                  <Nm>%s</Nm>
                                </Pty>
                              </Dbtr>
                """.formatted(escaped(name))) + (iban == null ? "" : """
                              <DbtrAcct>
                                <Id>
                                  <IBAN>%s</IBAN>
                                </Id>
                              </DbtrAcct>
                """.formatted(iban)) + """
                            </RltdPties>
                """;
        return this;
    }

    /** A structured creditor reference of type {@code SCOR} issued by ISO (an RF reference); {@code null}: none. */
    public CamtCredit scor(String rf) {
        return rf == null ? this : structured("""
                                    <CdOrPrtry>
                                      <Cd>SCOR</Cd>
                                    </CdOrPrtry>
                                    <Issr>ISO</Issr>
                """, rf);
    }

    /** A structured reference of a proprietary type, as Danish banks give an FI card's ({@code 71}). */
    public CamtCredit proprietary(String type, String reference) {
        return structured("""
                                    <CdOrPrtry>
                                      <Prtry>%s</Prtry>
                                    </CdOrPrtry>
                """.formatted(type), reference);
    }

    /** A free-text message from the payer; {@code null}: none. */
    public CamtCredit unstructured(String text) {
        if (text != null) {
            remittance = """
                            <RmtInf>
                              <Ustrd>%s</Ustrd>
                            </RmtInf>
                """.formatted(escaped(text));
        }
        return this;
    }

    private CamtCredit structured(String type, String reference) {
        remittance = """
                            <RmtInf>
                              <Strd>
                                <CdtrRefInf>
                                  <Tp>
                """ + type + """
                                  </Tp>
                                  <Ref>%s</Ref>
                                </CdtrRefInf>
                              </Strd>
                            </RmtInf>
                """.formatted(reference);
        return this;
    }

    public String xml() {
        return """
                      <Ntry>
                        <Amt Ccy="%1$s">%2$s</Amt>
                        <CdtDbtInd>CRDT</CdtDbtInd>
                        <Sts>
                          <Cd>BOOK</Cd>
                        </Sts>
                        <BookgDt>
                          <Dt>%3$s</Dt>
                        </BookgDt>
                """.formatted(currency, amount, bookingDate) + (valueDate == null ? "" : """
                        <ValDt>
                          <Dt>%s</Dt>
                        </ValDt>
                """.formatted(valueDate)) + """
                        <AcctSvcrRef>%s</AcctSvcrRef>
                        <BkTxCd>
                          <Domn>
                            <Cd>PMNT</Cd>
                            <Fmly>
                              <Cd>RCDT</Cd>
                              <SubFmlyCd>%s</SubFmlyCd>
                            </Fmly>
                          </Domn>
                        </BkTxCd>
                        <NtryDtls>
                          <TxDtls>
                """.formatted(servicerReference, subFamily) + (!references ? "" : """
                            <Refs>
                              <EndToEndId>%s</EndToEndId>
                            </Refs>
                """.formatted(endToEndId)) + """
                            <Amt Ccy="%s">%s</Amt>
                            <CdtDbtInd>CRDT</CdtDbtInd>
                """.formatted(currency, amount) + related + remittance + """
                          </TxDtls>
                        </NtryDtls>
                      </Ntry>
                """;
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
