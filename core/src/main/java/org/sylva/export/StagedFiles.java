package org.sylva.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a set of files all or nothing, in two phases: every file is first written to a hidden temporary file
 * beside its target ({@code .name.<random>.part}); only when all of them are complete are they renamed onto their
 * targets. A failure while writing deletes every temporary file and leaves the targets untouched; a failure while
 * renaming (rare: renames within a folder) also deletes the targets renamed so far, so a sequence never appears
 * half-written (those targets' previous contents are lost in that case).
 */
final class StagedFiles implements AutoCloseable {

    private final List<Path> targets = new ArrayList<>();
    private final List<Path> temporaries = new ArrayList<>();
    private boolean committed;

    /** A new empty temporary file for {@code target} (absolute), to be written by the caller. */
    Path stage(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String name = abs.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try {
                Files.createFile(p);
                targets.add(abs);
                temporaries.add(p);
                return p;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
    }

    /** Renames every temporary file onto its target. */
    void commit() throws IOException {
        List<Path> done = new ArrayList<>();
        try {
            for (int i = 0; i < targets.size(); i++) {
                move(temporaries.get(i), targets.get(i));
                done.add(targets.get(i));
            }
            committed = true;
        } finally {
            if (!committed) {
                for (Path p : done) Files.deleteIfExists(p);
            }
        }
    }

    /** Deletes the temporary files left (all of them unless committed). */
    @Override
    public void close() throws IOException {
        if (committed) return;
        IOException first = null;
        for (Path p : temporaries) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
