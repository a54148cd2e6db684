/**
 * Chart of accounts, the balanced journal, closed months, the reports and the export for the accountant. Books what
 * billing and payments announce, inside the transaction of the change; nothing calls the ledger.
 */
@ApplicationModule(displayName = "Ledger", allowedDependencies = {"platform", "billing", "members", "payments"})
package io.duesflow.ledger;

import org.springframework.modulith.ApplicationModule;
