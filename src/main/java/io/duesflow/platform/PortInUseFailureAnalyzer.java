package io.duesflow.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Spring Boot's own report does not know our variable; this one names it. */
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        return new FailureAnalysis("Port " + cause.getPort() + " is already in use by another program.",
                "Stop the program listening on port " + cause.getPort()
                        + ", or give duesflow another port with DUESFLOW_PORT.", cause);
    }
}
