/**
 * Billing lines, the criteria language, price formulas, runs, charges and credit notes.
 * Publishes events (a run approved, a charge cancelled) that mail, payments, dunning and the ledger react to;
 * it never calls them.
 */
@ApplicationModule(displayName = "Billing", allowedDependencies = {"platform", "members", "banking",
        "banking :: betalingsservice"})
package io.duesflow.billing;

import org.springframework.modulith.ApplicationModule;
