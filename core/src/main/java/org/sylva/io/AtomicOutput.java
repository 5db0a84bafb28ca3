package org.sylva.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it either appears complete or not at all: the content goes to a hidden temporary file in
 * the same folder, which is renamed over the target only when writing succeeded. A failed or interrupted write
 * leaves the previous file (if any) untouched and no partial file behind.
 */
public final class AtomicOutput {

    /** Writes the content of a file, given the temporary path to write to. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temporary) throws IOException;
    }

    private AtomicOutput() {}

    /**
     * Runs {@code writer} on a temporary file beside {@code target}, then renames it to {@code target}
     * (replacing an existing file). Checks first that the folder exists and is writable, with an error naming it.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        checkWritableFolder(abs);
        Path tmp = createTemporary(dir, abs.getFileName().toString());
        boolean done = false;
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file {@code .name.<random>.part} in {@code dir}, with the permissions any new file gets (the
     * umask), not the owner-only ones of {@link Files#createTempFile}: the renamed result must be readable by
     * others exactly like a file written directly.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
    }

    /** Throws an {@link ImageFileException} naming {@code target} if its folder is missing or not writable. */
    public static void checkWritableFolder(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ImageFileException(target, "cannot write: folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new ImageFileException(target, "cannot write: folder " + dir + " is not writable");
        }
    }

    /** Maps low-level "file not found"/"access denied" exceptions to one clear {@link ImageFileException}. */
    public static IOException explain(Path file, IOException e) {
        if (e instanceof ImageFileException) return e;
        if (e instanceof NoSuchFileException) return new ImageFileException(file, "file not found", e);
        if (e instanceof AccessDeniedException) return new ImageFileException(file, "permission denied", e);
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ImageFileException(file, msg, e);
    }
}
