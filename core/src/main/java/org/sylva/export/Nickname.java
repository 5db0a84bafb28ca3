package org.sylva.export;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sylva.io.DataPath;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageSequence;

/**
 * ilastik's dataset nickname, the {@code {nickname}} of export file names ({@code DatasetInfo.create_nickname} in
 * {@code opDataSelection.py}, then the clean-up {@code OpDataExport} applies):
 * <ul>
 *   <li>one file: its name without the extension ({@code /data/cells.v2.tif} → {@code cells.v2});</li>
 *   <li>an HDF5 dataset: the file's base name, {@code -}, the internal path with {@code /} turned into {@code -}
 *       ({@code raw.h5/volume/data} → {@code raw-volume-data});</li>
 *   <li>several files (a stack): the longest common prefix, character by character, of their absolute paths without
 *       extensions, reduced to its last path element ({@code img_001.png, img_002.png} → {@code img_00}; files with
 *       nothing in common but the folder give the folder's name), plus the common prefix of the internal paths;</li>
 *   <li>{@code *} is removed, and a stored nickname holding the path separator is cut to the first file's base
 *       name.</li>
 * </ul>
 */
public final class Nickname {

    private Nickname() {}

    /**
     * The nickname of the raw data read from {@code specs}: each a file or {@code file.h5/internal/path}; a single
     * glob or path-separator list is expanded first (as {@link org.sylva.io.ImageFiles#read} reads it).
     * Relative paths count from the current folder.
     *
     * @throws ImageFileException if a glob matches nothing
     */
    public static String of(List<String> specs) throws ImageFileException {
        List<String> expanded = new ArrayList<>();
        for (String s : specs) {
            if (ImageSequence.isSequence(s)) expanded.addAll(ImageSequence.expand(s));
            else expanded.add(s);
        }
        if (expanded.isEmpty()) throw new IllegalArgumentException("no input files");
        return forExport(create(expanded));
    }

    /** {@link #of(List)} for one spec. */
    public static String of(String spec) throws ImageFileException {
        return of(List.of(spec));
    }

    /** {@code DatasetInfo.create_nickname} over already expanded paths. */
    static String create(List<String> expandedPaths) {
        List<String> external = new ArrayList<>();
        List<String> internal = new ArrayList<>();
        for (String p : expandedPaths) {
            DataPath dp = DataPath.parse(p);
            String abs = dp.file().toAbsolutePath().toString();
            external.add(abs.substring(0, abs.length() - extension(abs).length()));
            internal.add(dp.hasInternalPath() ? "/" + dp.internalPath() : "");
        }
        String prefix = commonPrefix(external);
        String ext;
        if (!prefix.isEmpty()) {
            ext = lastElement(prefix);
        } else {
            String first = Path.of(external.get(0)).getFileName().toString();
            ext = "stack_at-" + first;
        }
        String in = commonPrefix(internal).replaceFirst("^/+", "");
        return ext + (in.isEmpty() ? "" : "-" + in.replace('/', '-'));
    }

    /**
     * The clean-up {@code OpDataExport} applies to a stored nickname before using it in a file name: {@code *}
     * removed; a nickname holding the path separator (an old stack) cut to the first part's base name.
     */
    public static String forExport(String nickname) {
        String n = nickname.replace("*", "");
        if (n.contains(File.pathSeparator)) {
            String first = n.split(java.util.regex.Pattern.quote(File.pathSeparator))[0];
            String base = lastElement(first);
            n = base.substring(0, base.length() - extension(base).length());
        }
        return n;
    }

    /** Python's {@code os.path.splitext(p)[1]}: the last dot of the last element, unless only dots lead to it. */
    static String extension(String p) {
        int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf(File.separatorChar));
        int dot = p.lastIndexOf('.');
        if (dot <= slash + 1) return "";
        for (int k = slash + 1; k < dot; k++) {
            if (p.charAt(k) != '.') return p.substring(dot);
        }
        return "";
    }

    /** pathlib's {@code Path(p).name}: the last element, trailing separators ignored ("" for the root). */
    static String lastElement(String p) {
        String s = p;
        while (s.length() > 1 && (s.endsWith("/") || s.endsWith(File.separator))) s = s.substring(0, s.length() - 1);
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf(File.separatorChar));
        return slash < 0 ? s : s.substring(slash + 1);
    }

    /** Python's {@code os.path.commonprefix}: character by character. */
    static String commonPrefix(List<String> strings) {
        String prefix = strings.get(0);
        for (String s : strings) {
            int k = 0;
            while (k < prefix.length() && k < s.length() && prefix.charAt(k) == s.charAt(k)) k++;
            prefix = prefix.substring(0, k);
        }
        return prefix;
    }
}
