package org.sylva.session;

/** A request for a result of a classifier that has been replaced by a newer one meanwhile. */
public final class StaleException extends RuntimeException {
    public StaleException(String message) { super(message, null, false, false); }
}
