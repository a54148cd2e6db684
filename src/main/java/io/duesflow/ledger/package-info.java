/**
 * Chart of accounts, the balanced journal, its export.
 */
@ApplicationModule(displayName = "Ledger", allowedDependencies = {"platform", "billing"})
package io.duesflow.ledger;

import org.springframework.modulith.ApplicationModule;
