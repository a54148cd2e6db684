package io.duesflow.ledger;

import java.util.HashMap;
import java.util.Map;

import io.duesflow.members.Association;
import io.duesflow.members.MemberRegister;
import io.duesflow.platform.ReportPdf;
import org.springframework.stereotype.Component;

/** The ledger's reports as PDFs a treasurer prints or hands the auditor. */
@Component
class LedgerPdf {

    private final ReportPdf pdf;
    private final MemberRegister register;

    LedgerPdf(ReportPdf pdf, MemberRegister register) {
        this.pdf = pdf;
        this.register = register;
    }

    byte[] trialBalance(LedgerReports.TrialBalance balance) {
        Map<String, Object> context = context();
        context.put("balance", balance);
        return pdf.render("ledger/trial-balance", context);
    }

    /** The statement's first {@link ReportPdf#MAX_ROWS} lines; the CSV has them all. */
    byte[] statement(LedgerReports.Statement statement) {
        Map<String, Object> context = context();
        context.put("statement", statement);
        context.put("notShown", Math.max(0, statement.lineCount() - statement.lines().size()));
        return pdf.render("ledger/statement", context);
    }

    byte[] check(LedgerReports.Checks checks) {
        Map<String, Object> context = context();
        context.put("checks", checks);
        return pdf.render("ledger/check", context);
    }

    private Map<String, Object> context() {
        Association association = register.association();
        Map<String, Object> context = new HashMap<>();
        context.put("associationName", association.name());
        context.put("currency", association.currency());
        return context;
    }
}
