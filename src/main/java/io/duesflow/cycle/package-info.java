/**
 * The treasurer's month as processes: the billing cycle on its timers, a run's way from generation through approval
 * to sending, immediate and new-member billing from Tasklist's start forms, and the REST doors to the same tasks.
 * The processes call down into the rooms' front doors; no room calls this one.
 */
@ApplicationModule(displayName = "The treasurer's month",
        allowedDependencies = {"platform", "billing", "members", "mail", "payments", "banking",
                "banking :: betalingsservice"})
package io.duesflow.cycle;

import org.springframework.modulith.ApplicationModule;
