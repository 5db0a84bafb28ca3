package org.sylva.project;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One step of the upgrade path of old project files: turns a project document of format version {@link #from()}
 * into one of version {@code from() + 1} — its manifest, and its members through an {@link Entries} view — without
 * touching the file on disk. {@link ProjectFile#read} applies the steps in order until the document is current, so
 * the reader only ever understands the current version.
 */
interface Migration {

    /**
     * A project document: the manifest (already parsed) and the members.
     *
     * @param manifest the manifest of the document's version
     * @param entries the members, as that version names and lays them out
     */
    record Document(ObjectNode manifest, Entries entries) {}

    /** The version this step upgrades from. */
    int from();

    /**
     * The document in version {@code from() + 1}.
     *
     * @throws ProjectFormatException naming the file and the member for anything the old version does not allow
     */
    Document apply(Document old) throws IOException;
}
