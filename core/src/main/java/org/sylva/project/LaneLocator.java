package org.sylva.project;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a lane's data file when a project is opened: where the project says (relative to the project's folder),
 * then at the absolute path recorded at save time, then beside the project under the same name. A file counts only
 * if its size and checksum match; a file that exists but differs is refused.
 */
final class LaneLocator {

    /**
     * The outcome for one data file.
     *
     * @param file the file found (checksum verified), or the path where it was expected if not found
     * @param state available, missing or mismatched
     * @param message a warning (file found elsewhere) or the problem; empty if found where the project says
     */
    record Located(Path file, DataLane.State state, String message) {}

    private LaneLocator() {}

    static Located locate(String lane, String stored, String storedAbsolute, Fingerprint fingerprint, Path projectDir)
            throws IOException {
        List<Path> candidates = new ArrayList<>();
        Path primary = pathOf(stored, projectDir);
        if (primary != null) candidates.add(primary);
        Path absolute = storedAbsolute == null ? null : pathOf(storedAbsolute, projectDir);
        if (absolute != null && !candidates.contains(absolute)) candidates.add(absolute);
        String name = fileName(stored);
        Path beside = name.isEmpty() ? null : pathOf(name, projectDir);
        if (beside != null && !candidates.contains(beside)) candidates.add(beside);
        if (candidates.isEmpty()) {
            return new Located(projectDir, DataLane.State.MISSING, "lane '" + lane + "': the data path '" + stored
                    + "' is not a valid path here; relink the lane");
        }
        Path refused = null;
        String unreadable = null;
        for (Path c : candidates) {
            if (!Files.isRegularFile(c)) continue;
            boolean same;
            try {
                same = fingerprint.matches(c);
            } catch (IOException e) {
                if (unreadable == null) unreadable = c + " cannot be read (" + e.getMessage() + ")";
                continue;
            }
            if (same && !fingerprint.isVerified()) {
                return new Located(c, DataLane.State.AVAILABLE, "lane '" + lane + "': using " + c + "; it was missing"
                        + " when the project was imported, so it cannot be checked to be the image the labels were made"
                        + " on (only its shape is)");
            }
            if (same) {
                String warning = c.equals(candidates.get(0)) ? "" : "lane '" + lane + "': " + stored
                        + " is not at " + candidates.get(0) + "; using " + c + ", which has the same size and checksum";
                return new Located(c, DataLane.State.AVAILABLE, warning);
            }
            if (refused == null) refused = c;
        }
        if (refused != null) {
            return new Located(refused, DataLane.State.MISMATCHED, mismatch(lane, refused, fingerprint));
        }
        StringBuilder looked = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            looked.append(i == 0 ? "" : i == candidates.size() - 1 ? " and " : ", ").append(candidates.get(i));
        }
        if (unreadable != null) {
            return new Located(candidates.get(0), DataLane.State.MISSING, "lane '" + lane + "': data file " + unreadable
                    + "; check its permissions or relink the lane");
        }
        return new Located(candidates.get(0), DataLane.State.MISSING, "lane '" + lane + "': data file " + stored
                + " not found (looked at " + looked + "); put it back or relink the lane");
    }

    /** Why {@code file} is not the file the fingerprint describes, for a user. */
    static String mismatch(String lane, Path file, Fingerprint expected) throws IOException {
        long size = Files.size(file);
        String how = size != expected.size()
                ? "it has " + size + " bytes, the project's image had " + expected.size()
                : "same size, but different content";
        return "lane '" + lane + "': " + file + " is not the image this project was made with (" + how
                + "); refused, because its labels would land on the wrong image — relink the lane to the original file";
    }

    /** The stored path as a path on this system (back-slashes of Windows-written projects accepted), or null. */
    private static Path pathOf(String stored, Path projectDir) {
        String s = File.separatorChar == '/' ? stored.replace('\\', '/') : stored;
        try {
            Path p = Path.of(s);
            return (p.isAbsolute() ? p : projectDir.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String fileName(String stored) {
        String s = stored.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
