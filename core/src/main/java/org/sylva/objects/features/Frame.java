package org.sylva.objects.features;

import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * One time point of a raw image and its label image, read row by row without copying the volume: labels as
 * ints (uint32 planes, or uint64 planes whose ids must fit 31 bits), raw samples cast to float32 as ilastik casts
 * them. Rows are numbered {@code r = z * Y + y}; x is the fastest axis, as in ilastik's raster order.
 */
final class Frame {

    final Image raw;
    final Image labels;
    final int t;
    final int X;
    final int Y;
    final int Z;
    final int C;
    final int dims;
    private final DType rawType;
    private final boolean longLabels;

    Frame(Image raw, Image labels, int t) {
        this.raw = raw;
        this.labels = labels;
        this.t = t;
        Shape s = raw.shape();
        this.X = s.x();
        this.Y = s.y();
        this.Z = s.z();
        this.C = s.c();
        this.dims = Z > 1 ? 3 : 2;
        this.rawType = raw.dtype();
        this.longLabels = labels.dtype() == DType.UINT64 || labels.dtype() == DType.INT64;
    }

    /** Checks the pair and returns a human-readable problem, or null if it is fine. */
    static String problem(Image raw, Image labels) {
        Shape r = raw.shape();
        Shape l = labels.shape();
        if (labels.dtype() != DType.UINT32 && labels.dtype() != DType.UINT64 && labels.dtype() != DType.INT32
                && labels.dtype() != DType.INT64) {
            return "the label image must hold integer object ids (uint32 or uint64), not " + labels.dtype();
        }
        if (l.c() != 1) return "the label image must have one channel, not " + l.c();
        if (r.t() != l.t() || r.z() != l.z() || r.y() != l.y() || r.x() != l.x()) {
            return "raw data and label image differ in size: raw " + r + ", labels " + l
                    + " (t, z, y, x must be equal; channels may differ)";
        }
        return null;
    }

    /** Total rows of the time point. */
    int rows() {
        return Z * Y;
    }

    /** Label of pixel {@code x} of row {@code r}; validated to be 0..2^31-1 by the caller's scan. */
    int label(int r, int x) {
        int z = r / Y;
        int y = r - z * Y;
        Object p = labels.plane(t, z);
        return longLabels ? (int) ((long[]) p)[y * X + x] : ((int[]) p)[y * X + x];
    }

    /** The label plane of slice {@code z}: int[] or long[]. */
    Object labelPlane(int z) {
        return labels.plane(t, z);
    }

    boolean longLabels() {
        return longLabels;
    }

    /**
     * Reads the labels of row {@code r} into {@code out} (X ints), checking that every id fits 31 bits.
     *
     * @throws IllegalArgumentException naming the pixel of a negative or too large id
     */
    void labelRow(int r, int[] out) {
        int z = r / Y;
        int y = r - z * Y;
        Object p = labels.plane(t, z);
        int off = y * X;
        if (longLabels) {
            long[] a = (long[]) p;
            for (int x = 0; x < X; x++) {
                long v = a[off + x];
                if (v < 0 || v > Integer.MAX_VALUE - 1) throw badLabel(v, x, y, z, labels.dtype() == DType.UINT64);
                out[x] = (int) v;
            }
        } else {
            int[] a = (int[]) p;
            System.arraycopy(a, off, out, 0, X);
            boolean signed = labels.dtype() == DType.INT32;
            for (int x = 0; x < X; x++) {
                if (out[x] < 0 || out[x] == Integer.MAX_VALUE) {
                    throw badLabel(signed ? out[x] : out[x] & 0xffffffffL, x, y, z, !signed);
                }
            }
        }
    }

    private IllegalArgumentException badLabel(long v, int x, int y, int z, boolean unsigned) {
        String value = unsigned && v < 0 ? Long.toUnsignedString(v) : Long.toString(v);
        return new IllegalArgumentException("label image: object id " + value + " at x=" + x + " y=" + y
                + (Z > 1 ? " z=" + z : "") + (raw.shape().t() > 1 ? " t=" + t : "")
                + (v < 0 && !unsigned ? " is negative" : " is too large (ids must be below 2^31 - 1)"));
    }

    /** Labels of pixels [x0, x1) of row {@code r} into {@code out} (ids as ints, not validated). */
    void labelRange(int r, int x0, int x1, int[] out) {
        int z = r / Y;
        int y = r - z * Y;
        Object p = labels.plane(t, z);
        int off = y * X;
        if (longLabels) {
            long[] a = (long[]) p;
            for (int x = x0; x < x1; x++) out[x - x0] = (int) a[off + x];
        } else {
            System.arraycopy((int[]) p, off + x0, out, 0, x1 - x0);
        }
    }

    /**
     * Raw samples of row {@code r}, pixels [x0, x1), all channels, cast to float32 (ilastik's cast), into
     * {@code out[(x - x0) * C + c]}.
     */
    void rawRow(int r, int x0, int x1, float[] out) {
        int z = r / Y;
        int y = r - z * Y;
        Object p = raw.plane(t, z);
        int from = (y * X + x0) * C;
        int n = (x1 - x0) * C;
        switch (rawType) {
            case UINT8 -> { byte[] a = (byte[]) p; for (int i = 0; i < n; i++) out[i] = a[from + i] & 0xff; }
            case INT8 -> { byte[] a = (byte[]) p; for (int i = 0; i < n; i++) out[i] = a[from + i]; }
            case UINT16 -> { short[] a = (short[]) p; for (int i = 0; i < n; i++) out[i] = a[from + i] & 0xffff; }
            case INT16 -> { short[] a = (short[]) p; for (int i = 0; i < n; i++) out[i] = a[from + i]; }
            case UINT32 -> { int[] a = (int[]) p; for (int i = 0; i < n; i++) out[i] = a[from + i] & 0xffffffffL; }
            case INT32 -> { int[] a = (int[]) p; for (int i = 0; i < n; i++) out[i] = a[from + i]; }
            case UINT64 -> {
                long[] a = (long[]) p;
                for (int i = 0; i < n; i++) {
                    long v = a[from + i];
                    out[i] = v >= 0 ? (float) v : (float) ((double) (v >>> 1) * 2.0 + (v & 1));
                }
            }
            case INT64 -> { long[] a = (long[]) p; for (int i = 0; i < n; i++) out[i] = a[from + i]; }
            case FLOAT32 -> System.arraycopy((float[]) p, from, out, 0, n);
            case FLOAT64 -> { double[] a = (double[]) p; for (int i = 0; i < n; i++) out[i] = (float) a[from + i]; }
        }
    }

    /** The raw planes of this time point by z if the raw image is float32 (read in place), else null. */
    float[][] floatPlanes() {
        if (rawType != DType.FLOAT32) return null;
        float[][] p = new float[Z][];
        for (int z = 0; z < Z; z++) p[z] = (float[]) raw.plane(t, z);
        return p;
    }

    /** One raw sample, cast to float32. */
    float rawAt(int x, int y, int z, int c) {
        return (float) Image.getDouble(raw.plane(t, z), rawType, (y * X + x) * C + c);
    }
}
