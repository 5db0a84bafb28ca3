package org.sylva.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (specs, ilastik fixtures, datasets) beside the project root, for tests. */
public final class Shared {

    private static final Path ROOT = find();

    private Shared() {}

    /** A path inside the shared folder, e.g. {@code Shared.path("data/blobs/blobs.tif")}; fails if it is missing. */
    public static Path path(String relative) {
        Path p = ROOT.resolve(relative);
        if (!Files.exists(p)) throw new AssertionError("shared test input missing: " + p);
        return p;
    }

    private static Path find() {
        String env = System.getenv("SYLVA_SHARED");
        if (env != null && !env.isEmpty()) return Path.of(env).toAbsolutePath();
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared");
            if (Files.isDirectory(candidate.resolve("spec"))) return candidate;
        }
        throw new AssertionError("cannot find the shared folder (../shared beside the project); set SYLVA_SHARED");
    }
}
