package io.duesflow.platform;

/**
 * A reason the application cannot start that the operator can fix: a folder, a port, a database URL.
 * Reported by {@link StartupProblemFailureAnalyzer} as one readable paragraph instead of a stack trace.
 */
public class StartupProblem extends RuntimeException {

    private final String action;

    public StartupProblem(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    public StartupProblem(String description, String action) {
        this(description, action, null);
    }

    public String action() {
        return action;
    }
}
