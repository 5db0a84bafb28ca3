package org.sylva.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The folders the user opened (the project's, the images' given on the command line): the only places the web app
 * reads or writes files. Every path from a request goes through {@link #resolve}: made absolute (relative paths
 * against the first folder), normalised, resolved through symbolic links as far as it exists, and refused unless it
 * then lies inside one of the folders — so neither {@code ..} nor a link leads outside.
 */
final class Folders {

    private final List<Path> roots = new CopyOnWriteArrayList<>();

    /** Opens a folder (resolved through links). */
    void add(Path folder) throws IOException {
        Path real = folder.toAbsolutePath().normalize().toRealPath();
        if (!Files.isDirectory(real)) throw new IOException(folder + ": not a folder");
        for (Path r : roots) if (real.startsWith(r)) return;
        roots.removeIf(r -> r.startsWith(real));
        roots.add(real);
    }

    List<Path> roots() { return new ArrayList<>(roots); }

    /**
     * Opens the folders of a project's image files (the user opened the project, so its images — and the exports
     * written beside them — are theirs to reach).
     */
    void addLaneFolders(org.sylva.project.SylvaProject project) throws IOException {
        for (org.sylva.project.DataLane l : project.lanes()) {
            for (var f : l.files()) {
                Path parent = f.path().toAbsolutePath().getParent();
                if (parent != null && Files.isDirectory(parent)) add(parent);
            }
        }
    }

    /**
     * The real path of {@code text} if it lies inside an opened folder.
     *
     * @throws ForbiddenPath if it does not, or cannot be a path
     */
    Path resolve(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a path is needed");
        if (text.indexOf('\0') >= 0 || text.length() > 4096) throw new ForbiddenPath("not a valid path");
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ForbiddenPath("not a valid path: " + e.getReason());
        }
        if (!p.isAbsolute()) {
            if (roots.isEmpty()) throw new ForbiddenPath("no folder is open");
            p = roots.get(0).resolve(p);
        }
        p = p.normalize();
        Path real = realExisting(p);
        for (Path r : roots) if (real.startsWith(r)) return real;
        throw new ForbiddenPath(text + ": outside the folders opened in this session (" + roots + ")");
    }

    /** The real path of the longest existing prefix of {@code p}, with the rest appended. */
    private static Path realExisting(Path p) {
        Path existing = p;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) return p;
        try {
            Path real = existing.toRealPath();
            for (Path r : rest) real = real.resolve(r);
            return real.normalize();
        } catch (IOException e) {
            throw new ForbiddenPath(p + ": " + e.getMessage());
        }
    }

    /** A path outside the opened folders. */
    static final class ForbiddenPath extends RuntimeException {
        ForbiddenPath(String message) { super(message); }
    }
}
