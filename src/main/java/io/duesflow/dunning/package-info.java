/**
 * The two reminder rounds for each sent run.
 */
@ApplicationModule(displayName = "Dunning", allowedDependencies = {"platform", "billing", "members"})
package io.duesflow.dunning;

import org.springframework.modulith.ApplicationModule;
