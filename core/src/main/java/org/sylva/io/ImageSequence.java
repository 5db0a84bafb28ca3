package org.sylva.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.sylva.image.Axes;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * A stack of images read as one: a shell-style glob ({@code /data/frame_*.png}; {@code *}, {@code ?} and
 * {@code [...]} as Python's glob, hidden files only when asked for) sorted in natural order ({@code t2} before
 * {@code t10}), or an explicit list of files joined by the path separator ({@code a.png:b.png} on Linux/macOS,
 * {@code ;} on Windows), as ilastik accepts them (spec §4.2). The images are stacked along z (ilastik's default
 * {@code --stack_along}), t, or c; every image must have the same shape and type.
 */
public final class ImageSequence {

    private ImageSequence() {}

    /** True if {@code spec} names several files: it holds the path separator or a glob wildcard. */
    public static boolean isSequence(String spec) {
        return spec.contains(File.pathSeparator) || isGlob(spec);
    }

    private static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /**
     * The files {@code spec} names, in order: each part of a path-separator list in turn, each glob expanded in
     * natural order ({@code t*.h5/data} expands the file names and keeps the dataset). A part that exists literally
     * is taken as is, even if it contains wildcard characters.
     *
     * @throws ImageFileException if a glob matches nothing
     */
    public static List<String> expand(String spec) throws ImageFileException {
        List<String> out = new ArrayList<>();
        for (String part : spec.split(Pattern.quote(File.pathSeparator))) {
            if (part.isEmpty()) continue;
            if (!isGlob(part) || exists(part)) {
                out.add(part);
                continue;
            }
            // frames_*.h5/volume: the pattern names the files, the same dataset is read from each
            DataPath dp = DataPath.parse(part);
            List<Path> matches = glob(dp.file().toString());
            if (matches.isEmpty()) throw new ImageFileException(pathOf(part), "no file matches this pattern");
            for (Path p : matches) out.add(dp.hasInternalPath() ? p + "/" + dp.internalPath() : p.toString());
        }
        return out;
    }

    /**
     * Reads the files {@code spec} names and stacks them along {@code along} ({@code z}, {@code t} or {@code c}).
     * Each file is read by its format ({@link ImageFiles}), so any 2-D format works.
     */
    public static Image read(String spec, char along) throws IOException {
        return read(expand(spec), along);
    }

    /** Reads {@code files} (each a file, or an HDF5 {@code file.h5/dataset}) and stacks them along {@code along}. */
    public static Image read(List<String> files, char along) throws IOException {
        if (files.isEmpty()) throw new IllegalArgumentException("no files to stack");
        if ("ztc".indexOf(along) < 0) throw new IllegalArgumentException("cannot stack along '" + along + "' (use z, t or c)");
        List<Image> images = new ArrayList<>();
        for (String f : files) images.add(ImageFiles.readOne(f));
        return stack(images, files, along);
    }

    /**
     * Stacks images of identical shape and type along {@code along}. Along z or t the images' planes are shared
     * with the result (no copy); along c the channels are interleaved into new planes.
     *
     * @param names the source of each image, for messages
     * @throws ImageFileException naming the first image whose shape or type differs from the first one's
     */
    static Image stack(List<Image> images, List<String> names, char along) throws ImageFileException {
        Image first = images.get(0);
        Shape s = first.shape();
        for (int i = 1; i < images.size(); i++) {
            Image im = images.get(i);
            if (!im.shape().equals(s) || im.dtype() != first.dtype()) {
                throw new ImageFileException(pathOf(names.get(i)), describe(im) + " differs from the first image of the"
                        + " stack (" + names.get(0) + ": " + describe(first) + "); all images of a stack must have the"
                        + " same shape and type");
            }
        }
        int n = images.size();
        if (along != 'c' && s.get(along) > 1) {
            throw new ImageFileException(pathOf(names.get(0)), "already has " + along + "=" + s.get(along)
                    + "; a stack along " + along + " needs images with a single " + (along == 'z' ? "slice" : "time point")
                    + " (stack along " + (along == 'z' ? "t" : "z") + " or c instead)");
        }
        Axes axes = first.axes();
        Image out;
        if (along == 'c') {
            if (!axes.has('c')) axes = axes.withChannel();
            int c0 = s.c();
            Shape rs = s.with('c', c0 * n);
            out = Image.create(first.dtype(), rs, axes);
            int pixels = s.y() * s.x();
            for (int p = 0; p < s.planes(); p++) {
                Object dst = out.planes()[p];
                for (int k = 0; k < n; k++) {
                    Object src = images.get(k).planes()[p];
                    for (int i = 0; i < pixels; i++) System.arraycopy(src, i * c0, dst, (i * n + k) * c0, c0);
                }
            }
        } else {
            if (!axes.has(along)) {
                String l = axes.letters();
                axes = Axes.of(along == 't' || !l.startsWith("t") ? along + l : "t" + along + l.substring(1));
            }
            Shape rs = s.with(along, n);
            Object[] planes = new Object[rs.planes()];
            for (int k = 0; k < n; k++) {
                Object[] src = images.get(k).planes();
                for (int j = 0; j < src.length; j++) {
                    // along z: slice k of time point j; along t: time point k, slice j
                    planes[along == 'z' ? j * n + k : k * s.z() + j] = src[j];
                }
            }
            out = Image.wrap(first.dtype(), rs, axes, planes);
        }
        return out.withCalibration(first.calibration()).withName(commonName(images));
    }

    /** Files matching a shell-style pattern, in natural order. */
    static List<Path> glob(String pattern) {
        String p = pattern.replace('\\', '/');
        boolean absolute = p.startsWith("/");
        String[] parts = p.split("/");
        List<Path> current = new ArrayList<>();
        current.add(absolute ? Path.of("/") : Path.of(""));
        for (String part : parts) {
            if (part.isEmpty()) continue;
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (!isGlob(part)) {
                    Path c = dir.resolve(part);
                    if (Files.exists(c)) next.add(c);
                    continue;
                }
                Pattern re = Pattern.compile(translate(part));
                boolean hidden = part.startsWith(".");
                Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
                if (!Files.isDirectory(listed)) continue;
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(listed)) {
                    for (Path e : ds) {
                        String name = e.getFileName().toString();
                        if ((hidden || !name.startsWith(".")) && re.matcher(name).matches()) next.add(dir.resolve(name));
                    }
                } catch (IOException e) {
                    // an unreadable folder matches nothing, as in Python's glob
                }
            }
            current = next;
        }
        current.sort(Comparator.comparing(Path::toString, ImageSequence::compareNatural));
        return current;
    }

    /** Python's fnmatch translation of one path element to a regular expression. */
    static String translate(String pat) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < pat.length()) {
            char c = pat.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < pat.length() && pat.charAt(j) == '!') j++;
                if (j < pat.length() && pat.charAt(j) == ']') j++;
                while (j < pat.length() && pat.charAt(j) != ']') j++;
                if (j >= pat.length()) {
                    re.append("\\[");
                } else {
                    String set = pat.substring(i, j).replace("\\", "\\\\").replace("[", "\\[");
                    i = j + 1;
                    if (set.startsWith("!")) set = "^" + set.substring(1);
                    else if (set.startsWith("^")) set = "\\" + set;
                    re.append('[').append(set).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /** Natural order: runs of digits compare by value ({@code t2 < t10}), the rest character by character. */
    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) return c;
            } else {
                if (ca != cb) return Character.compare(ca, cb);
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    private static String describe(Image im) {
        return im.shape() + " " + im.dtype();
    }

    /** The common start of the images' names (ilastik's nickname of a stack), or the first name. */
    private static String commonName(List<Image> images) {
        String prefix = images.get(0).name();
        for (Image im : images) {
            String n = im.name();
            int k = 0;
            while (k < prefix.length() && k < n.length() && prefix.charAt(k) == n.charAt(k)) k++;
            prefix = prefix.substring(0, k);
        }
        prefix = prefix.replaceAll("[-_. ]+$", "");
        return prefix.isEmpty() ? images.get(0).name() : prefix;
    }

    private static boolean exists(String part) {
        try {
            return Files.exists(DataPath.parse(part).file());
        } catch (InvalidPathException e) {
            return false;
        }
    }

    static Path pathOf(String s) {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            return Path.of(s.replaceAll("[*?\\[\\]]", "_"));
        }
    }
}
