/**
 * Collection by SEPA direct debit; payments: bank files read from the inbox and their credits matched to charges,
 * returns and rejects, payments by hand and by card, members' credit, and credits that matched nothing as
 * Tasklist tasks. Announces every money movement for the ledger.
 */
@ApplicationModule(displayName = "Payments",
        allowedDependencies = {"platform", "billing", "members", "banking", "banking :: statements",
                "banking :: betalingsservice"})
package io.duesflow.payments;

import org.springframework.modulith.ApplicationModule;
