package org.sylva.blockwise;

/**
 * Receives how far a long computation has come. Called from worker threads, possibly concurrently, so
 * implementations must be thread-safe and cheap; calls arrive in no particular order of {@code done}.
 */
@FunctionalInterface
public interface Progress {

    /** No one is listening. */
    Progress NONE = (done, total) -> { };

    /** {@code done} of {@code total} units of work are finished. */
    void update(long done, long total);
}
