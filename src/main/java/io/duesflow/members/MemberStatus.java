package io.duesflow.members;

/** A member's state on a given day. */
public enum MemberStatus {
    ACTIVE,
    /** Paying the association's suspension fee instead of the normal price ("i bero"). */
    SUSPENDED,
    /** The leave date has passed: not billed for periods after it. */
    LEFT
}
