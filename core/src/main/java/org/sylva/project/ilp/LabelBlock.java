package org.sylva.project.ilp;

import java.util.Arrays;
import org.sylva.image.Axes;

/**
 * One stored block of user labels ({@code <Applet>/LabelSets/labelsNNN/blockNNNN}, spec §6.4): a small array
 * cropped to the bounding box of its labels, and where it sits in the lane.
 *
 * @param name the dataset name, e.g. {@code block0003}
 * @param start first index per axis, from the {@code blockSlice} attribute ({@code "[26:64,36:101,0:1]"}), in the
 *              order of {@link #axes()}
 * @param stop end (exclusive) per axis, from {@code blockSlice}
 * @param axes the axis order the block is stored in: its {@code axistags} attribute when present, else the rule of
 *             the ilastik version that saved it ({@link LaneAxes#storedLabelAxes}); null only in projects that
 *             store neither block axistags nor the lane's shape (ilastik before 1.3.3), until the raw data's shape
 *             is known ({@link IlpReader#labels} works it out)
 * @param taggedAxes the block's own {@code axistags} attribute (written since mid-2020), or null if absent
 * @param dims the block's extents, in the order of {@code axes}
 * @param values the label values in C order of {@code dims} (0 = unlabelled, k = class k)
 */
public record LabelBlock(String name, long[] start, long[] stop, Axes axes, Axes taggedAxes, int[] dims,
                         int[] values) {

    public LabelBlock {
        start = start.clone();
        stop = stop.clone();
        dims = dims.clone();
        if (start.length != stop.length || start.length != dims.length || (axes != null && dims.length != axes.size())) {
            throw new IllegalArgumentException(name + ": " + start.length + " slice entries, " + dims.length
                    + " dimensions, axes '" + axes + "'");
        }
        long n = 1;
        for (int d : dims) n *= d;
        if (values.length != n) throw new IllegalArgumentException(name + ": " + values.length + " values for " + n);
    }

    @Override
    public long[] start() { return start.clone(); }

    @Override
    public long[] stop() { return stop.clone(); }

    @Override
    public int[] dims() { return dims.clone(); }

    /** The values (not copied: callers must not change them). */
    @Override
    public int[] values() { return values; }

    /** The stored {@code blockSlice} text, e.g. {@code [26:64,36:101,0:1]}. */
    public String blockSlice() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < start.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(start[i]).append(':').append(stop[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelBlock b && name.equals(b.name) && Arrays.equals(start, b.start)
                && Arrays.equals(stop, b.stop) && axes.equals(b.axes) && java.util.Objects.equals(taggedAxes, b.taggedAxes)
                && Arrays.equals(dims, b.dims) && Arrays.equals(values, b.values);
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(start); }

    @Override
    public String toString() { return name + " " + blockSlice() + (axes == null ? "" : " (" + axes + ")"); }
}
