package io.duesflow.platform;

/** Something asked for by its key does not exist: answered 404. */
public class NotFound extends RuntimeException {

    public NotFound(String what, Object key) {
        super(what + " " + key + " does not exist");
    }
}
