package org.sylva.objects.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFileException;
import org.sylva.objects.ObjectInputs;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.SegmentationException;

/**
 * The user's object labels of one image: which objects belong to which class. Each labelled object is kept with
 * its pixels ({@link AnnotatedObject}), not only its id, so that the labels survive a change of segmentation: a
 * new threshold gives new objects and new ids, and {@link #assign} maps each labelled object to the new object
 * that overlaps it most (ilastik drops all labels then). An immutable value.
 *
 * <p>Made from a label image whose labelled pixels fall inside objects ({@link #fromLabelImage}: each object takes
 * the class most of its labelled pixels have), from clicks ({@link #fromClicks}, a CSV of {@code t,x,y,z,class}),
 * or from object ids and classes ({@link #ofObjects}).
 */
public final class ObjectAnnotations {

    private static final ObjectAnnotations EMPTY = new ObjectAnnotations(List.of());

    private final List<AnnotatedObject> objects;

    private ObjectAnnotations(List<AnnotatedObject> objects) {
        this.objects = List.copyOf(objects);
    }

    /** No labels. */
    public static ObjectAnnotations empty() { return EMPTY; }

    /** These labelled objects. */
    public static ObjectAnnotations of(List<AnnotatedObject> objects) { return new ObjectAnnotations(objects); }

    /** The labelled objects, in the order they were made. */
    public List<AnnotatedObject> objects() { return objects; }

    public boolean isEmpty() { return objects.isEmpty(); }

    public int size() { return objects.size(); }

    /** The largest class used (0 without labels). */
    public int maxLabel() {
        int m = 0;
        for (AnnotatedObject o : objects) m = Math.max(m, o.label());
        return m;
    }

    /** Labelled objects per class: {@code counts[k]} for class k (index 0 unused), up to {@code classes}. */
    public int[] countsPerClass(int classes) {
        int[] c = new int[Math.max(classes, maxLabel()) + 1];
        for (AnnotatedObject o : objects) c[o.label()]++;
        return c;
    }

    /** These labels and {@code more}. */
    public ObjectAnnotations plus(ObjectAnnotations more) {
        List<AnnotatedObject> all = new ArrayList<>(objects);
        all.addAll(more.objects);
        return new ObjectAnnotations(all);
    }

    // ---- making labels ----

    /**
     * Labels for objects given by id: {@code classes.get(t).get(id)} = class of object {@code id} of time point
     * {@code t}; each object's pixels are read from {@code labels}.
     *
     * @param origins optional description of each labelled object for messages (same keys), or null
     */
    public static ObjectAnnotations ofObjects(ObjectLabels labels, List<Map<Long, Integer>> classes,
                                              List<Map<Long, String>> origins) {
        List<AnnotatedObject> out = new ArrayList<>();
        for (int t = 0; t < classes.size(); t++) {
            Map<Long, Integer> c = classes.get(t);
            if (c.isEmpty()) continue;
            long[] ids = c.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            for (long id : ids) {
                if (id < 1 || id > labels.count(t)) {
                    throw new IllegalArgumentException("time point " + t + " has no object " + id + " (it has "
                            + labels.count(t) + ")");
                }
            }
            BitSet[] masks = new BitSet[ids.length];
            int[][] boxes = boxes(labels, t, ids);
            fillMasks(labels, t, ids, boxes, masks);
            for (int k = 0; k < ids.length; k++) {
                int[] b = boxes[k];
                String origin = origins == null ? null : origins.get(t).get(ids[k]);
                out.add(new AnnotatedObject(t, c.get(ids[k]), b[0], b[1], b[2], b[3] - b[0] + 1, b[4] - b[1] + 1,
                        b[5] - b[2] + 1, masks[k], origin));
            }
        }
        return new ObjectAnnotations(out);
    }

    /**
     * Labels from a label image ({@code 0} = unlabelled, {@code k} = class k) drawn over the objects, e.g. strokes
     * through them: each object touched by labelled pixels takes the class that most of its labelled pixels have
     * (ties: the lower class). Labelled pixels on the background are ignored.
     *
     * @param annotation the label image: one channel, the t, z, y, x extents of the objects, whole numbers ≥ 0
     * @throws SegmentationException if the extents differ, or a value is negative, fractional or above 65535
     */
    public static ObjectAnnotations fromLabelImage(ObjectLabels labels, Image annotation) {
        Image li = labels.image();
        ObjectInputs.requireSameExtents(li, annotation, "object label image");
        Shape s = annotation.shape();
        String name = annotation.name().isEmpty() ? "the object label image" : annotation.name();
        if (s.c() != 1) {
            throw new SegmentationException(name + ": has " + s.c() + " channels; object labels need one (0 = "
                    + "unlabelled, k = class k)");
        }
        List<Map<Long, Integer>> classes = new ArrayList<>();
        List<Map<Long, String>> origins = new ArrayList<>();
        int n = s.y() * s.x();
        for (int t = 0; t < s.t(); t++) {
            Map<Long, int[]> votes = new HashMap<>();
            for (int z = 0; z < s.z(); z++) {
                Object ids = li.plane(t, z), ann = annotation.plane(t, z);
                for (int i = 0; i < n; i++) {
                    double v = Image.getDouble(ann, annotation.dtype(), i);
                    if (v == 0) continue;
                    if (!(v > 0) || v != Math.rint(v) || v > 65535) {
                        throw new SegmentationException(name + ": value " + fmt(v) + " at t=" + t + " z=" + z + " y="
                                + (i / s.x()) + " x=" + (i % s.x()) + " is not a class (whole numbers 1, 2, …; "
                                + "0 = unlabelled)");
                    }
                    long id = LabelPlanes.id(ids, i);
                    if (id == 0) continue;
                    int k = (int) v;
                    int[] vote = votes.computeIfAbsent(id, x -> new int[Math.max(8, k + 1)]);
                    if (k >= vote.length) {
                        vote = Arrays.copyOf(vote, k + 1);
                        votes.put(id, vote);
                    }
                    vote[k]++;
                }
            }
            Map<Long, Integer> c = new HashMap<>();
            Map<Long, String> o = new HashMap<>();
            for (var e : votes.entrySet()) {
                int[] v = e.getValue();
                int best = 1;
                for (int k = 2; k < v.length; k++) if (v[k] > v[best]) best = k;
                c.put(e.getKey(), best);
                o.put(e.getKey(), "object " + e.getKey() + (s.t() > 1 ? " of time point " + t : "") + " (labelled "
                        + "in " + name + ")");
            }
            classes.add(c);
            origins.add(o);
        }
        return ofObjects(labels, classes, origins);
    }

    /**
     * A click on an object: time point, position (x, y, z in pixels; fractions are rounded), and the class by
     * number or by name.
     *
     * @param row the CSV row (1-based, header included) for messages
     */
    public record Click(int time, double x, double y, double z, String label, int row) {}

    /**
     * Reads a CSV of clicks with the header {@code t,x,y,z,class} (columns in any order; {@code t} and {@code z}
     * may be missing, meaning 0; {@code label} is accepted for {@code class}). Without a header the columns are
     * {@code t,x,y,z,class}. Blank lines and lines starting with {@code #} are skipped.
     *
     * @throws ImageFileException naming the file and the row for anything that is not a click
     */
    public static List<Click> readClicks(Path csv) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImageFileException(csv, "no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ImageFileException(csv, "not a UTF-8 text file (expected a CSV of t,x,y,z,class)");
        }
        int[] col = {0, 1, 2, 3, 4};   // t, x, y, z, class
        List<Click> out = new ArrayList<>();
        boolean first = true;
        for (int r = 0; r < lines.size(); r++) {
            String line = lines.get(r).strip();
            if (r == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s*[,;\\t]\\s*", -1);
            if (first) {
                first = false;
                if (!isNumber(f[0])) {
                    col = header(csv, f);
                    continue;
                }
            }
            int row = r + 1;
            try {
                double t = field(f, col[0], 0), x = field(f, col[1], Double.NaN), y = field(f, col[2], Double.NaN),
                        z = field(f, col[3], 0);
                if (Double.isNaN(x) || Double.isNaN(y)) throw new NumberFormatException("x and y are needed");
                if (col[4] >= f.length || f[col[4]].isEmpty()) throw new NumberFormatException("no class");
                if (t != Math.rint(t) || t < 0) throw new NumberFormatException("t must be a whole number ≥ 0");
                out.add(new Click((int) t, x, y, z, unquote(f[col[4]]), row));
            } catch (NumberFormatException e) {
                throw new ImageFileException(csv, "row " + row + " '" + lines.get(r).strip() + "' is not a click "
                        + "t,x,y,z,class (" + e.getMessage() + ")");
            }
        }
        if (out.isEmpty()) throw new ImageFileException(csv, "holds no clicks (expected rows t,x,y,z,class)");
        return out;
    }

    private static int[] header(Path csv, String[] f) throws ImageFileException {
        int[] col = {-1, -1, -1, -1, -1};
        for (int i = 0; i < f.length; i++) {
            String h = unquote(f[i]).toLowerCase(Locale.ROOT);
            int k = switch (h) {
                case "t", "time", "timestep", "frame" -> 0;
                case "x" -> 1;
                case "y" -> 2;
                case "z" -> 3;
                case "class", "label", "class_label" -> 4;
                default -> -1;
            };
            if (k >= 0) col[k] = i;
        }
        if (col[1] < 0 || col[2] < 0 || col[4] < 0) {
            throw new ImageFileException(csv, "the header '" + String.join(",", f) + "' needs the columns x, y and "
                    + "class (and t, z for movies and volumes)");
        }
        return col;
    }

    private static double field(String[] f, int col, double missing) {
        if (col < 0) return missing;
        if (col >= f.length || f[col].isEmpty()) throw new NumberFormatException("too few fields");
        double v = Double.parseDouble(unquote(f[col]));
        if (!Double.isFinite(v)) throw new NumberFormatException("not a finite number: " + f[col]);
        return v;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(unquote(s));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
        return t;
    }

    /**
     * The class numbers of clicks: numbers are classes as they are; names are numbered in order of
     * {@code classNames} (names not in it are appended in order of first appearance). Returns the class of every
     * click and, in {@code namesOut}, the full list of names (numbers only: empty).
     */
    public static int[] classesOf(List<Click> clicks, List<String> classNames, List<String> namesOut) {
        List<String> names = new ArrayList<>(classNames);
        int[] out = new int[clicks.size()];
        boolean anyName = false;
        for (Click c : clicks) if (!c.label().matches("[0-9]+")) anyName = true;
        for (int i = 0; i < clicks.size(); i++) {
            String l = clicks.get(i).label();
            int k = names.indexOf(l);
            if (k >= 0) {
                out[i] = k + 1;
            } else if (!anyName && l.matches("[0-9]+")) {
                int v = Integer.parseInt(l);
                if (v < 1) throw new IllegalArgumentException("row " + clicks.get(i).row() + ": class " + l
                        + " (classes are numbered from 1)");
                out[i] = v;
            } else {
                names.add(l);
                out[i] = names.size();
            }
        }
        if (anyName) namesOut.addAll(names);
        return out;
    }

    /**
     * Labels from clicks: each click labels the object under it with its class.
     *
     * @param classes the class of every click (see {@link #classesOf})
     * @param source  the clicks' file, for messages
     * @throws IllegalArgumentException naming the row of a click outside the image, on the background, or on an
     *                                  object that another click gave another class
     */
    public static ObjectAnnotations fromClicks(ObjectLabels labels, List<Click> clicks, int[] classes, String source) {
        Shape s = labels.image().shape();
        List<Map<Long, Integer>> byTime = new ArrayList<>();
        List<Map<Long, String>> origins = new ArrayList<>();
        for (int t = 0; t < s.t(); t++) {
            byTime.add(new LinkedHashMap<>());
            origins.add(new HashMap<>());
        }
        String src = source == null || source.isEmpty() ? "" : " of " + source;
        for (int i = 0; i < clicks.size(); i++) {
            Click c = clicks.get(i);
            long x = Math.round(c.x()), y = Math.round(c.y()), z = Math.round(c.z());
            String where = "row " + c.row() + src + " (t=" + c.time() + ", x=" + fmt(c.x()) + ", y=" + fmt(c.y())
                    + ", z=" + fmt(c.z()) + ")";
            if (c.time() >= s.t() || x < 0 || x >= s.x() || y < 0 || y >= s.y() || z < 0 || z >= s.z()) {
                throw new IllegalArgumentException(where + " is outside the image (t < " + s.t() + ", x < " + s.x()
                        + ", y < " + s.y() + ", z < " + s.z() + ")");
            }
            long id = LabelPlanes.id(labels.image().plane(c.time(), (int) z), (int) (y * s.x() + x));
            if (id == 0) {
                throw new IllegalArgumentException(where + " is not inside any object (the pixel is background)");
            }
            Integer before = byTime.get(c.time()).put(id, classes[i]);
            if (before != null && before != classes[i]) {
                throw new IllegalArgumentException(where + " gives object " + id + " class " + classes[i] + " but "
                        + origins.get(c.time()).get(id) + " gave it class " + before);
            }
            origins.get(c.time()).putIfAbsent(id, where);
        }
        return ofObjects(labels, byTime, origins);
    }

    // ---- labels on (new) objects ----

    /** A labelled object that could not be placed on the current objects, and why. */
    public record Unmapped(AnnotatedObject annotation, String reason) {
        @Override
        public String toString() { return annotation.describe() + " (class " + annotation.label() + "): " + reason; }
    }

    /**
     * The labels on a set of objects: {@code classOf(t)[id]} is the class of object {@code id} of time point
     * {@code t} (0 = unlabelled, index 0 = background), plus the labelled objects that found no object.
     */
    public record Assignment(List<int[]> classes, List<Unmapped> unmapped) {
        public Assignment {
            classes = List.copyOf(classes);
            unmapped = List.copyOf(unmapped);
        }

        /** Class per object id of time point {@code t} (length count + 1). */
        public int[] classOf(int t) { return classes.get(t); }

        /** Number of labelled objects. */
        public int labelled() {
            int n = 0;
            for (int[] c : classes) for (int i = 1; i < c.length; i++) if (c[i] != 0) n++;
            return n;
        }
    }

    /**
     * Places the labels on {@code labels}' objects: each labelled object goes to the object that overlaps most of
     * its pixels (ties: the lower id). With the objects the labels were made on, every label lands on its own
     * object. A label is unmapped when none of its pixels is inside an object any more, or when its object also
     * receives a label of another class (both are then unmapped and the object stays unlabelled); labels of the
     * same class on one object (objects that merged) simply agree.
     */
    public Assignment assign(ObjectLabels labels) {
        Image img = labels.image();
        Shape s = img.shape();
        List<int[]> classes = new ArrayList<>();
        for (int t = 0; t < s.t(); t++) classes.add(new int[LabelPlanes.count(labels, t) + 1]);
        List<Unmapped> unmapped = new ArrayList<>();
        Map<Long, List<AnnotatedObject>>[] claims = newClaims(s.t());
        for (AnnotatedObject a : objects) {
            if (a.time() >= s.t() || a.z0() + a.depth() > s.z() || a.y0() + a.height() > s.y()
                    || a.x0() + a.width() > s.x()) {
                unmapped.add(new Unmapped(a, "it lies outside the image (" + s + ")"));
                continue;
            }
            long best = bestOverlap(img, a);
            if (best == 0) {
                unmapped.add(new Unmapped(a, "no object overlaps it any more"));
                continue;
            }
            claims[a.time()].computeIfAbsent(best, k -> new ArrayList<>()).add(a);
        }
        for (int t = 0; t < s.t(); t++) {
            for (var e : claims[t].entrySet()) {
                List<AnnotatedObject> on = e.getValue();
                int k = on.get(0).label();
                boolean agree = on.stream().allMatch(a -> a.label() == k);
                if (agree) {
                    classes.get(t)[(int) (long) e.getKey()] = k;
                } else {
                    for (AnnotatedObject a : on) {
                        unmapped.add(new Unmapped(a, "its pixels now belong to object " + e.getKey() + " which other "
                                + "labels give another class (objects merged?)"));
                    }
                }
            }
        }
        return new Assignment(classes, unmapped);
    }

    /**
     * The labels moved onto {@code labels}' objects (each remembered with its new object's pixels), and the ones
     * that could not be moved ({@link #assign}).
     */
    public Transfer transfer(ObjectLabels labels) {
        Assignment a = assign(labels);
        List<Map<Long, Integer>> byTime = new ArrayList<>();
        for (int[] c : a.classes()) {
            Map<Long, Integer> m = new HashMap<>();
            for (int id = 1; id < c.length; id++) if (c[id] != 0) m.put((long) id, c[id]);
            byTime.add(m);
        }
        return new Transfer(ofObjects(labels, byTime, null), a.unmapped());
    }

    /** Labels moved to new objects, and those that could not be moved. */
    public record Transfer(ObjectAnnotations annotations, List<Unmapped> unmapped) {
        public Transfer {
            unmapped = List.copyOf(unmapped);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, List<AnnotatedObject>>[] newClaims(int n) {
        Map<Long, List<AnnotatedObject>>[] m = new Map[n];
        for (int i = 0; i < n; i++) m[i] = new HashMap<>();
        return m;
    }

    /** The id holding most of {@code a}'s pixels (ties: the lower id), or 0 if none is on an object. */
    private static long bestOverlap(Image img, AnnotatedObject a) {
        Map<Long, Integer> count = new HashMap<>();
        int X = img.shape().x();
        int i = 0;
        for (int dz = 0; dz < a.depth(); dz++) {
            Object plane = img.plane(a.time(), a.z0() + dz);
            for (int dy = 0; dy < a.height(); dy++) {
                int row = (a.y0() + dy) * X + a.x0();
                for (int dx = 0; dx < a.width(); dx++, i++) {
                    if (!a.has(i)) continue;
                    long id = LabelPlanes.id(plane, row + dx);
                    if (id != 0) count.merge(id, 1, Integer::sum);
                }
            }
        }
        long best = 0;
        int most = 0;
        for (var e : count.entrySet()) {
            if (e.getValue() > most || (e.getValue() == most && e.getKey() < best)) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    /** Bounding boxes {z0, y0, x0, z1, y1, x1} (inclusive) of the sorted {@code ids} in time point {@code t}. */
    private static int[][] boxes(ObjectLabels labels, int t, long[] ids) {
        Image img = labels.image();
        Shape s = img.shape();
        int[][] box = new int[ids.length][];
        for (int k = 0; k < ids.length; k++) box[k] = new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, -1, -1, -1};
        int X = s.x();
        for (int z = 0; z < s.z(); z++) {
            Object plane = img.plane(t, z);
            for (int y = 0; y < s.y(); y++) {
                for (int x = 0; x < X; x++) {
                    long id = LabelPlanes.id(plane, y * X + x);
                    if (id == 0) continue;
                    int k = Arrays.binarySearch(ids, id);
                    if (k < 0) continue;
                    int[] b = box[k];
                    if (z < b[0]) b[0] = z;
                    if (y < b[1]) b[1] = y;
                    if (x < b[2]) b[2] = x;
                    if (z > b[3]) b[3] = z;
                    if (y > b[4]) b[4] = y;
                    if (x > b[5]) b[5] = x;
                }
            }
        }
        return box;
    }

    private static void fillMasks(ObjectLabels labels, int t, long[] ids, int[][] boxes, BitSet[] masks) {
        Image img = labels.image();
        int X = img.shape().x();
        for (int k = 0; k < ids.length; k++) {
            int[] b = boxes[k];
            int h = b[4] - b[1] + 1, w = b[5] - b[2] + 1;
            BitSet m = new BitSet();
            int i = 0;
            for (int z = b[0]; z <= b[3]; z++) {
                Object plane = img.plane(t, z);
                for (int y = b[1]; y <= b[4]; y++) {
                    for (int x = b[2]; x <= b[5]; x++, i++) if (LabelPlanes.id(plane, y * X + x) == ids[k]) m.set(i);
                }
            }
            masks[k] = m;
            assert i == (b[3] - b[0] + 1) * h * w;
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectAnnotations a && a.objects.equals(objects);
    }

    @Override
    public int hashCode() { return objects.hashCode(); }

    @Override
    public String toString() {
        return "ObjectAnnotations[" + objects.size() + " objects, per class "
                + Arrays.toString(Arrays.copyOfRange(countsPerClass(0), 1, maxLabel() + 1)) + "]";
    }
}
