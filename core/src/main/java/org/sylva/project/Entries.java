package org.sylva.project;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The members of a project file, as the reader sees them: the ZIP archive itself, or a migration's view of an older
 * layout in the current one. Every read is bounded by the caller's limit and checked against the member's checksum.
 */
interface Entries extends Closeable {

    /** The project file (for messages). */
    Path file();

    /** All member names, in archive order. */
    List<String> names();

    boolean has(String name);

    /**
     * The whole member, checked against its CRC-32.
     *
     * @param max the most bytes the member may hold here; a larger member is an error (never an allocation)
     * @throws ProjectFormatException naming the member if it is missing, damaged or larger than {@code max}
     */
    byte[] read(String name, long max) throws IOException;

    /** Copies the member to {@code target} (checked against its CRC-32). */
    void copyTo(String name, Path target) throws IOException;

    @Override
    default void close() throws IOException {}
}
