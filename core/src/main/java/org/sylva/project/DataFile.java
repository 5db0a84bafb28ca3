package org.sylva.project;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file of a lane's raw data, as the project references it.
 *
 * @param path absolute path of the file (where it is, or where it was last seen if missing)
 * @param fingerprint size and checksum of the file when it was added to the project
 */
public record DataFile(Path path, Fingerprint fingerprint) {

    public DataFile {
        Objects.requireNonNull(fingerprint, "fingerprint");
        path = path.toAbsolutePath().normalize();
    }
}
