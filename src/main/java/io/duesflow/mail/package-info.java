/**
 * Documents and mail: templates, PDFs, the outbox and the transport that delivers it.
 */
@ApplicationModule(displayName = "Documents and mail", allowedDependencies = {"platform", "billing", "payments", "members", "banking",
        "banking :: betalingsservice"})
package io.duesflow.mail;

import org.springframework.modulith.ApplicationModule;
