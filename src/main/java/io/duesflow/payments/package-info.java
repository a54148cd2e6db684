/**
 * Payment registration, matching of bank credits to charges, the debtor list.
 */
@ApplicationModule(displayName = "Payments", allowedDependencies = {"platform", "billing", "members", "banking"})
package io.duesflow.payments;

import org.springframework.modulith.ApplicationModule;
