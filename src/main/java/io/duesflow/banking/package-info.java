/**
 * Bank formats and references only: pain.008, camt, pain.002, Betalingsservice, RF and +71 references,
 * and the bank folders they travel through. Imports no feature room.
 */
@ApplicationModule(displayName = "Banking", allowedDependencies = {"platform"})
package io.duesflow.banking;

import org.springframework.modulith.ApplicationModule;
