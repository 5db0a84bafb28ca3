package org.sylva.session;

import java.util.List;

/** What a session tells its listeners (from its own threads; listeners must be quick and thread-safe). */
public sealed interface SessionEvent {

    /** Training started. */
    record TrainingStarted() implements SessionEvent {}

    /** A new classifier is in use; every earlier prediction is stale. */
    record Trained(Model model) implements SessionEvent {}

    /** Training could not run (e.g. the lanes do not fit together); the message says why. */
    record TrainingFailed(String message) implements SessionEvent {}

    /** The classifier was dropped (labels erased, features or classes changed); predictions are gone. */
    record ModelCleared(String reason) implements SessionEvent {}

    /** Labels of a lane changed. */
    record LabelsChanged(int lane, long revision) implements SessionEvent {}

    /** The project's lanes, classes, features or settings changed. */
    record ProjectChanged(String what) implements SessionEvent {}

    /** The project was saved. */
    record Saved(String path, String revision) implements SessionEvent {}

    /** A batch job progressed; {@code total} may grow while images are read. */
    record JobProgress(long job, String message, double fraction) implements SessionEvent {}

    /** A batch job ended: done, failed (messages name the files) or cancelled. */
    record JobFinished(long job, String state, List<String> files, List<String> errors) implements SessionEvent {}
}
