package org.sylva.export;

import java.util.Arrays;
import org.sylva.image.Axes;
import org.sylva.image.Shape;

/**
 * A box inside an image: per axis of {@code axes}, the first pixel and the end (exclusive), in pixels. This is the
 * resolved, clipped form of a {@link Cutout}; its coordinates fill the {@code {roi}}, {@code {x_start}}, …
 * placeholders of export file names.
 *
 * @param axes the axes the coordinates refer to, in order
 * @param start first pixel per axis
 * @param stop end per axis (exclusive)
 */
public record Region(Axes axes, long[] start, long[] stop) {

    public Region {
        if (start.length != axes.size() || stop.length != axes.size()) {
            throw new IllegalArgumentException("a region over axes '" + axes + "' needs " + axes.size()
                    + " starts and stops");
        }
        start = start.clone();
        stop = stop.clone();
        for (int i = 0; i < start.length; i++) {
            if (start[i] < 0 || stop[i] <= start[i]) {
                throw new IllegalArgumentException("empty or negative range " + start[i] + ".." + stop[i]
                        + " along axis " + axes.get(i));
            }
        }
    }

    /** The whole of an image of {@code shape} seen with {@code axes}. */
    public static Region full(Axes axes, Shape shape) {
        return new Region(axes, new long[axes.size()], shape.in(axes));
    }

    @Override public long[] start() { return start.clone(); }

    @Override public long[] stop() { return stop.clone(); }

    /** Start along {@code axis}, or 0 if the region does not have that axis. */
    public long start(char axis) {
        int i = axes.indexOf(axis);
        return i < 0 ? 0 : start[i];
    }

    /** Stop along {@code axis}, or 1 if the region does not have that axis. */
    public long stop(char axis) {
        int i = axes.indexOf(axis);
        return i < 0 ? 1 : stop[i];
    }

    /** Extent along {@code axis} (1 if the region does not have that axis). */
    public int extent(char axis) {
        return Math.toIntExact(stop(axis) - start(axis));
    }

    /** True if this region covers the whole of an image of {@code shape}. */
    public boolean isFull(Shape shape) {
        for (int i = 0; i < start.length; i++) {
            if (start[i] != 0 || stop[i] != shape.get(axes.get(i))) return false;
        }
        return true;
    }

    /**
     * ilastik's {@code {roi}} text: the start tuple and the stop tuple as Python prints them, e.g.
     * {@code [(0, 0, 0), (128, 128, 2)]}.
     */
    @Override
    public String toString() {
        return "[" + tuple(start) + ", " + tuple(stop) + "]";
    }

    private static String tuple(long[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(v[i]);
        }
        if (v.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r && r.axes.equals(axes) && Arrays.equals(r.start, start) && Arrays.equals(r.stop, stop);
    }

    @Override
    public int hashCode() {
        return axes.hashCode() * 31 * 31 + Arrays.hashCode(start) * 31 + Arrays.hashCode(stop);
    }
}
