package io.duesflow.banking.statements;

import java.util.ArrayList;
import java.util.List;

/** Builders for the parts camt entries, transactions and pain.002 share, each fed paths below its element. */
final class Parts {

    private Parts() {
    }

    /**
     * {@code Chrgs}: in .001.02 each (repeatable) {@code Chrgs} is one charge; from .001.03 a {@code Chrgs}
     * holds {@code Rcrd}s.
     */
    static final class ChargesBuilder {
        private Amount total;
        private final List<Charges.Charge> records = new ArrayList<>();
        private Amount amount;
        private CreditDebit creditDebit;
        private Boolean included;
        private String type;

        /** Feeds an element at or below {@code Chrgs}; false when {@code relative} is not one. */
        boolean end(String relative, ElementText text, String currency) {
            if (!relative.equals("Chrgs") && !relative.startsWith("Chrgs/")) {
                return false;
            }
            switch (relative) {
                case "Chrgs/TtlChrgsAndTaxAmt" -> addToTotal(Values.amount(text.value(), currency));
                case "Chrgs/Amt", "Chrgs/Rcrd/Amt" -> amount = Values.amount(text.value(), currency);
                case "Chrgs/CdtDbtInd", "Chrgs/Rcrd/CdtDbtInd" -> creditDebit = CreditDebit.of(text.value());
                case "Chrgs/Rcrd/ChrgInclInd" -> included = Values.indicator(text.value());
                case "Chrgs/Tp/Cd", "Chrgs/Tp/Prtry/Id", "Chrgs/Rcrd/Tp/Cd", "Chrgs/Rcrd/Tp/Prtry/Id" ->
                        type = text.value();
                case "Chrgs/Rcrd", "Chrgs" -> record();
                default -> {
                    // rates, bearers, agents and taxes: not needed to book a fee
                }
            }
            return true;
        }

        private void addToTotal(Amount more) {
            if (total == null) {
                total = more;
            } else if (total.currency().equals(more.currency())) {
                total = new Amount(total.value().add(more.value()), total.currency());
            } else {
                throw new BankFileProblem("Charges in " + total.currency() + " and " + more.currency()
                        + " on one booking");
            }
        }

        private void record() {
            if (amount != null) {
                Values.add(records, new Charges.Charge(amount, creditDebit, included, type), "charges");
            }
            amount = null;
            creditDebit = null;
            included = null;
            type = null;
        }

        Charges build() {
            return total == null && records.isEmpty() ? Charges.NONE : new Charges(total, records);
        }
    }

    /** {@code RtrInf} in camt, {@code StsRsnInf} in pain.002: the same shape. */
    static final class ReasonBuilder {
        private String code;
        private String proprietary;
        private String originatorName;
        private String originatorBic;
        private final List<String> additionalInformation = new ArrayList<>();

        void end(String relative, ElementText text) {
            switch (relative) {
                case "Rsn/Cd" -> code = text.value();
                case "Rsn/Prtry" -> proprietary = text.value();
                case "Orgtr/Nm" -> originatorName = text.value();
                case "Orgtr/Id/OrgId/BICOrBEI", "Orgtr/Id/OrgId/AnyBIC" -> originatorBic = text.value();
                case "AddtlInf" -> Values.addLine(additionalInformation, text.value(), "reason texts");
                default -> {
                    // the originator's address and other identifications
                }
            }
        }

        Reason build() {
            return new Reason(code, proprietary, originatorName, originatorBic, additionalInformation);
        }
    }

    /** {@code BkTxCd}. */
    static final class CodeBuilder {
        private String domain;
        private String family;
        private String subFamily;
        private String proprietaryCode;
        private String proprietaryIssuer;

        /** Feeds an element below {@code BkTxCd}; false when {@code relative} is not one. */
        boolean end(String relative, ElementText text) {
            if (!relative.startsWith("BkTxCd/")) {
                return false;
            }
            switch (relative) {
                case "BkTxCd/Domn/Cd" -> domain = text.value();
                case "BkTxCd/Domn/Fmly/Cd" -> family = text.value();
                case "BkTxCd/Domn/Fmly/SubFmlyCd" -> subFamily = text.value();
                case "BkTxCd/Prtry/Cd" -> proprietaryCode = text.value();
                case "BkTxCd/Prtry/Issr" -> proprietaryIssuer = text.value();
                default -> {
                    // nothing else in it
                }
            }
            return true;
        }

        BankTransactionCode build() {
            if (domain == null && proprietaryCode == null) {
                return null;
            }
            return new BankTransactionCode(domain, family, subFamily, proprietaryCode, proprietaryIssuer);
        }
    }
}
