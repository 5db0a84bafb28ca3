package org.sylva.project;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Facts about a project file rather than about the analysis.
 *
 * @param created when the project was first created (UTC, millisecond precision)
 * @param modified when it was last saved
 * @param sylvaVersion the Sylva version that last saved it ("development" when run from a build tree)
 * @param revision a random id given at every save, or null for a project never saved; saving over a file whose
 *                 revision differs from the project's (someone else saved it meanwhile) is refused unless asked
 * @param notes free text the user keeps with the project
 */
public record ProjectInfo(Instant created, Instant modified, String sylvaVersion, String revision, String notes) {

    public ProjectInfo {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        sylvaVersion = sylvaVersion == null ? currentVersion() : sylvaVersion;
        notes = notes == null ? "" : notes;
        created = created.truncatedTo(ChronoUnit.MILLIS);
        modified = modified.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A new, never saved project created now. */
    public static ProjectInfo create() {
        Instant now = Instant.now();
        return new ProjectInfo(now, now, currentVersion(), null, "");
    }

    /** These facts with other notes. */
    public ProjectInfo withNotes(String text) {
        return new ProjectInfo(created, modified, sylvaVersion, revision, text);
    }

    /** The info of a save made now by this Sylva, with the given revision id. */
    ProjectInfo savedNow(String newRevision) {
        return new ProjectInfo(created, Instant.now(), currentVersion(), newRevision, notes);
    }

    /** This Sylva's version, from the jar manifest, or "development". */
    public static String currentVersion() {
        String v = ProjectInfo.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
