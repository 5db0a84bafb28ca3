package org.sylva.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.sylva.image.Axes;
import org.sylva.image.Shape;

/**
 * The subregion to export, as ilastik's {@code --cutout_subregion="[(start, ...), (stop, ...)]"} gives it: one start
 * and one stop per axis of the <b>export source's own axis order</b> (the order of the image handed to the exporter,
 * e.g. {@code yxc} or {@code zyxc} for pixel classification, {@code txyzc} for object classification — not the
 * tczyx order ilastik's help text claims, see the spec §8.3), in pixels, stop exclusive. A {@code null} entry
 * ({@code None}) means the full range of that axis.
 *
 * <p>{@link #resolve} turns it into a {@link Region} with ilastik's rules: a start below 0 or a stop beyond the
 * image is clipped (with a warning); a stop of 0 means the full extent, as in ilastik (which treats 0 like None).
 * Sylva's own rule where ilastik has none: a cutout with a different number of entries than the source has axes is
 * an error (ilastik silently disconnects the region and fails or exports something else), and so is an empty range.
 *
 * @param start first pixel per axis (null entries = 0)
 * @param stop end per axis, exclusive (null entries = the full extent)
 */
public record Cutout(List<Long> start, List<Long> stop) {

    /** The flag this setting comes from, named in error messages. */
    public static final String FLAG = "--cutout_subregion";

    public Cutout {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        if (start.size() != stop.size()) {
            throw new FlagException(FLAG, "start and stop must have the same number of entries, got "
                    + start.size() + " and " + stop.size());
        }
        if (start.isEmpty()) throw new FlagException(FLAG, "give one start and one stop per axis");
        start = Collections.unmodifiableList(new ArrayList<>(start));
        stop = Collections.unmodifiableList(new ArrayList<>(stop));
    }

    /** A cutout from arrays; null entries mean the full range. */
    public static Cutout of(Long[] start, Long[] stop) {
        return new Cutout(java.util.Arrays.asList(start), java.util.Arrays.asList(stop));
    }

    /**
     * A cutout as an ilastik project stores it ({@code RegionStart}/{@code RegionStop}, spec §6.5): −1 stands for
     * None.
     */
    public static Cutout fromStored(long[] start, long[] stop) {
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (long v : start) a.add(v == -1 ? null : v);
        for (long v : stop) b.add(v == -1 ? null : v);
        return new Cutout(a, b);
    }

    /**
     * Parses ilastik's {@code --cutout_subregion} value, e.g. {@code [(0,0,0),(100,200,None)]}: a start tuple and
     * a stop tuple of integers or {@code None}, of equal length.
     *
     * @throws FlagException naming {@code --cutout_subregion}
     */
    public static Cutout parse(String text) {
        Object v = PyLiteral.parse(text, FLAG);
        String expect = "expected [(start, ...), (stop, ...)] with one integer or None per axis, e.g. "
                + "[(0,0,0),(100,200,None)], got '" + text.trim() + "'";
        if (!(v instanceof List<?> l) || l.size() != 2) throw new FlagException(FLAG, expect);
        List<List<Long>> parts = new ArrayList<>();
        for (Object part : l) {
            if (!(part instanceof List<?> p)) throw new FlagException(FLAG, expect);
            List<Long> out = new ArrayList<>();
            for (Object o : p) {
                if (o == PyLiteral.NONE) {
                    out.add(null);
                } else if (o instanceof Long n) {
                    out.add(n);
                } else {
                    throw new FlagException(FLAG, expect + " (" + o + " is not an integer)");
                }
            }
            parts.add(out);
        }
        return new Cutout(parts.get(0), parts.get(1));
    }

    /** Number of axes this cutout names. */
    public int size() { return start.size(); }

    /**
     * The region this cutout selects in an image of {@code shape} whose axes are {@code axes} (the export source's
     * order), clipped to the image.
     *
     * @param warnings receives a message when the cutout had to be clipped (ilastik warns likewise)
     * @throws FlagException naming {@code --cutout_subregion} if the number of entries differs from the number of
     *                       axes, a stop is negative, or a range is empty
     */
    public Region resolve(Axes axes, Shape shape, List<String> warnings) {
        int n = axes.size();
        if (size() != n) {
            throw new FlagException(FLAG, "has " + size() + " entr" + (size() == 1 ? "y" : "ies") + " per tuple but"
                    + " the export source has " + n + " axes (" + axes + ", shape " + shapeText(axes, shape)
                    + "); give one start and one stop per axis in that order, None for the full range");
        }
        long[] a = new long[n];
        long[] b = new long[n];
        boolean clipped = false;
        for (int i = 0; i < n; i++) {
            char axis = axes.get(i);
            long extent = shape.get(axis);
            Long s = start.get(i);
            Long e = stop.get(i);
            // ilastik: "x or 0" and "x or extent" — None and 0 alike
            long s0 = s == null ? 0 : s;
            long e0 = e == null || e == 0 ? extent : e;
            if (e0 < 0) {
                throw new FlagException(FLAG, "stop " + e0 + " for axis " + axis + " is negative (give the end pixel,"
                        + " exclusive, or None for the full range)");
            }
            a[i] = Math.max(0, s0);
            b[i] = Math.min(extent, e0);
            clipped |= a[i] != s0 || b[i] != e0;
            if (s0 >= e0) {
                throw new FlagException(FLAG, "the range " + s0 + ".." + e0 + " along axis " + axis + " is empty");
            }
            if (a[i] >= b[i]) {
                throw new FlagException(FLAG, "the range " + s0 + ".." + e0 + " along axis " + axis + " lies outside"
                        + " the image (extent " + extent + ")");
            }
        }
        Region r = new Region(axes, a, b);
        if (clipped) {
            warnings.add("the cutout " + this + " exceeds the image (" + axes + " " + shapeText(axes, shape)
                    + "); clipped to " + r);
        }
        return r;
    }

    /** ilastik's spelling, e.g. {@code [(0, 0, None), (100, 200, None)]}. */
    @Override
    public String toString() {
        return "[" + tuple(start) + ", " + tuple(stop) + "]";
    }

    private static String tuple(List<Long> v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(v.get(i) == null ? "None" : v.get(i).toString());
        }
        if (v.size() == 1) sb.append(',');
        return sb.append(')').toString();
    }

    static String shapeText(Axes axes, Shape shape) {
        return Shape.tuple(shape.in(axes));
    }
}
