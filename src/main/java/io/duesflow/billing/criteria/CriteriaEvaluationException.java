package io.duesflow.billing.criteria;

/**
 * A member the criteria cannot decide on, usually for lack of a value. Billing lists the member as skipped with
 * this message instead of silently leaving them out.
 */
public class CriteriaEvaluationException extends RuntimeException {

    private final long memberNumber;

    CriteriaEvaluationException(long memberNumber, String message) {
        super(message);
        this.memberNumber = memberNumber;
    }

    public long memberNumber() {
        return memberNumber;
    }
}
