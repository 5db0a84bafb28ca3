package org.sylva.session;

/** A lane's data cannot be read (missing or replaced file); the message names the file and the lane. */
public final class LaneUnavailableException extends RuntimeException {
    public LaneUnavailableException(String message, Throwable cause) { super(message, cause); }
}
