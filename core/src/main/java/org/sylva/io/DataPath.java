package org.sylva.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A file plus an optional path inside it, in ilastik's syntax: {@code /data/raw.h5/volume/data} is the dataset
 * {@code volume/data} in the HDF5 file {@code /data/raw.h5}. The split happens after the first path element whose
 * name ends in a container extension ({@code .h5 .hdf5 .hdf .ilp .n5 .zarr}).
 *
 * @param file the file on disk
 * @param internalPath the path inside the container without a leading slash, or empty
 */
public record DataPath(Path file, String internalPath) {

    private static final String[] CONTAINERS = {".h5", ".hdf5", ".hdf", ".ilp", ".n5", ".zarr"};

    public DataPath {
        internalPath = internalPath == null ? "" : stripSlashes(internalPath);
    }

    /** Splits {@code spec} into the container file and the internal path (empty if there is none). */
    public static DataPath parse(String spec) {
        String s = spec.replace('\\', '/');
        String lower = s.toLowerCase(Locale.ROOT);
        int best = -1;
        for (String ext : CONTAINERS) {
            int from = 0;
            while (true) {
                int i = lower.indexOf(ext, from);
                if (i < 0) break;
                int end = i + ext.length();
                if (end == s.length() || s.charAt(end) == '/') {
                    if (best < 0 || end < best) best = end;
                    break;
                }
                from = i + 1;
            }
        }
        if (best < 0 || best == s.length()) return new DataPath(Path.of(spec), "");
        return new DataPath(Path.of(s.substring(0, best)), s.substring(best + 1));
    }

    public boolean hasInternalPath() { return !internalPath.isEmpty(); }

    /** The lower-case extension of the file, without the dot (empty if none). */
    public String extension() {
        return extensionOf(file);
    }

    /** Lower-case extension of a path's file name, without the dot (empty if none). */
    public static String extensionOf(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return internalPath.isEmpty() ? file.toString() : file + "/" + internalPath;
    }

    private static String stripSlashes(String p) {
        String r = p;
        while (r.startsWith("/")) r = r.substring(1);
        while (r.endsWith("/")) r = r.substring(0, r.length() - 1);
        return r;
    }
}
