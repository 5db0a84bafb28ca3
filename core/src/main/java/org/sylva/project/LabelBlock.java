package org.sylva.project;

import java.util.Arrays;
import java.util.Objects;
import org.sylva.image.Box;

/**
 * A box of label values in one time point: 0 = unlabelled, k = class k.
 *
 * @param t the time point
 * @param box where the values lie in the lane (pixels)
 * @param values {@code box.size()} uint8 values in (z, y, x) order, x fastest (a copy is kept and handed out)
 */
public record LabelBlock(int t, Box box, byte[] values) {

    public LabelBlock {
        Objects.requireNonNull(box, "box");
        if (t < 0) throw new IllegalArgumentException("negative time point " + t);
        if (values.length != box.size()) {
            throw new IllegalArgumentException(values.length + " values for a box of " + box.size() + " pixels");
        }
        values = values.clone();
    }

    @Override
    public byte[] values() { return values.clone(); }

    /** The value at (z, y, x) in lane coordinates, which must lie inside the box. */
    public int get(int z, int y, int x) {
        return values[((z - box.z0()) * box.height() + (y - box.y0())) * box.width() + (x - box.x0())] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelBlock b && t == b.t && box.equals(b.box) && Arrays.equals(values, b.values);
    }

    @Override
    public int hashCode() { return (t * 31 + box.hashCode()) * 31 + Arrays.hashCode(values); }

    @Override
    public String toString() {
        return "LabelBlock[t=" + t + ", " + SparseLabels.describe(box) + "]";
    }
}
