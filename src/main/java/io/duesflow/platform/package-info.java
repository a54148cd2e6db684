/**
 * Security, database, identity, time: used by every room, uses none.
 */
@ApplicationModule(displayName = "Platform", allowedDependencies = {})
package io.duesflow.platform;

import org.springframework.modulith.ApplicationModule;
