/**
 * Member register: members, groups, collection methods, mandates, suspensions, extra fields, CSV import and export.
 */
@ApplicationModule(displayName = "Member register", allowedDependencies = {"platform", "banking",
        "banking :: betalingsservice"})
package io.duesflow.members;

import org.springframework.modulith.ApplicationModule;
