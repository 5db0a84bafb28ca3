package org.sylva.project.ilp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sylva.io.DataPath;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageSequence;

/**
 * Finds the files a stored {@code filePath} names (spec §6.2, §6.7), on this machine: the path may come from
 * another system (Windows back-slashes and drive letters, {@code ;} between the files of a stack) or have moved
 * with the project.
 */
final class RawPaths {

    private RawPaths() {}

    /** True for {@code /abs}, {@code ~/x}, {@code C:\x}, {@code C:/x} and {@code \\server\share} paths. */
    static boolean isAbsolute(String p) {
        if (p.startsWith("/") || p.startsWith("\\") || p.startsWith("~")) return true;
        return p.length() >= 3 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':'
                && (p.charAt(2) == '\\' || p.charAt(2) == '/');
    }

    /**
     * The parts of a stack stored as one string: joined by {@code ;} (saved on Windows) or {@code :} (saved on
     * Linux or macOS). A colon of a Windows drive ({@code C:\}) does not separate; a URL is one part.
     */
    static List<String> splitStack(String filePath) {
        List<String> out = new ArrayList<>();
        if (filePath.contains("://")) return List.of(filePath);
        if (filePath.indexOf(';') >= 0) {
            for (String p : filePath.split(";")) if (!p.isBlank()) out.add(p);
            return out;
        }
        int from = 0;
        for (int i = 0; i < filePath.length(); i++) {
            if (filePath.charAt(i) != ':') continue;
            boolean drive = i == from + 1 && Character.isLetter(filePath.charAt(from)) && i + 1 < filePath.length()
                    && (filePath.charAt(i + 1) == '\\' || filePath.charAt(i + 1) == '/');
            if (drive) continue;
            if (i > from) out.add(filePath.substring(from, i));
            from = i + 1;
        }
        if (from < filePath.length()) out.add(filePath.substring(from));
        return out;
    }

    /** The result of looking for one stored part. */
    record Found(List<String> specs, String warning, String missing) {}

    /**
     * Looks for one part: as stored (relative to {@code projectDir} unless absolute), then — if missing — a file of
     * the same name beside the project. Specs are {@code file} or {@code file/internal/path}, globs expanded.
     */
    static Found find(String part, Path projectDir, String where) {
        String p = part.trim().replace('\\', '/');
        DataPath dp;
        try {
            dp = DataPath.parse(p);
        } catch (InvalidPathException e) {
            return new Found(List.of(), null, "'" + part + "' (not a valid file name here: " + e.getReason() + ")");
        }
        String external = dp.file().toString().replace('\\', '/');
        String internal = dp.hasInternalPath() ? "/" + dp.internalPath() : "";
        Path stored;
        try {
            stored = external.startsWith("~/")
                    ? Path.of(System.getProperty("user.home")).resolve(external.substring(2))
                    : isAbsolute(external) ? Path.of(external) : projectDir.resolve(external);
        } catch (InvalidPathException e) {
            stored = null;
        }
        String name = external.substring(external.lastIndexOf('/') + 1);
        Path beside = projectDir.resolve(name);
        List<String> hit = stored == null ? List.of() : lookup(stored, internal);
        if (!hit.isEmpty()) return new Found(hit, null, null);
        List<String> near = lookup(beside, internal);
        if (!near.isEmpty()) {
            return new Found(near, where + ": '" + part + "' not found; using '" + beside + "' found beside the project",
                    null);
        }
        return new Found(List.of(), null, "'" + part + "' (looked for " + (stored == null ? part : stored)
                + (beside.equals(stored) ? "" : " and " + beside) + ")");
    }

    /** The specs for {@code file} (+ internal path): itself if it exists, its matches if it is a glob, else none. */
    private static List<String> lookup(Path file, String internal) {
        String f = file.toString();
        if (Files.exists(file)) return List.of(f + internal);
        if (f.indexOf('*') < 0 && f.indexOf('?') < 0 && f.indexOf('[') < 0) return List.of();
        if (f.contains(File.pathSeparator)) return List.of();
        try {
            return ImageSequence.expand(f + internal);
        } catch (ImageFileException | RuntimeException e) {
            return List.of();
        }
    }
}
