package io.duesflow.platform;

import java.io.IOException;

/**
 * A request body went past what duesflow reads ({@link HttpLimits}); thrown while it is read, answered 413. An
 * {@link IOException}, so every reader of the body (Jackson, the CSV parser) stops at once and passes it on.
 */
public final class RequestTooLarge extends IOException {

    private final long limit;

    RequestTooLarge(long limit, String setting) {
        super("The request body is larger than the " + HttpLimits.describe(limit) + " duesflow reads here (" + setting
                + ")");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The one in {@code failure}'s causes, or null: readers wrap what their stream throws. */
    public static RequestTooLarge in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLarge tooLarge) {
                return tooLarge;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
