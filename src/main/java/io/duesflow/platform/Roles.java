package io.duesflow.platform;

/** The groups duesflow's processes and screens are built around. */
public final class Roles {

    /** Completes approval and exception tasks in Tasklist; every user task names this candidate group. */
    public static final String TREASURER = "treasurer";

    /** Watches process state and incidents in Cockpit, read-only. */
    public static final String SUPERVISOR = "supervisor";

    /** Camunda's own administrators group: Admin, Cockpit and Tasklist, everything allowed. */
    public static final String ADMIN = org.camunda.bpm.engine.authorization.Groups.CAMUNDA_ADMIN;

    private Roles() {
    }
}
