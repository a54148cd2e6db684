package io.duesflow.platform;

/** The request clashes with what is stored (a number taken, a period overlapping): answered 409 naming the field. */
public class Conflict extends InvalidInput {

    public Conflict(String field, String message) {
        super(field, message);
    }
}
