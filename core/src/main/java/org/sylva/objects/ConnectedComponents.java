package org.sylva.objects;

import java.util.Arrays;
import org.sylva.blockwise.Workers;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * Objects from a segmentation (spec §5.3), per time point:
 * <ul>
 *   <li>{@link #label}: connected components — maximal connected regions of one equal non-zero value (a binary
 *       mask, or a multi-valued image whose touching regions of different values stay separate), as vigra's
 *       {@code labelMultiArrayWithBackground} that ilastik runs on binary segmentations and threshold outputs;</li>
 *   <li>{@link #relabelConsecutive}: ilastik's label-image flavour — every distinct non-zero value is one object,
 *       even if its pixels are disconnected, and keeps its value as the original id.</li>
 * </ul>
 * Either way ids are 1..N per time point in order of first occurrence in a raster scan with x fastest, then y,
 * then z (ilastik's numbering, verified against vigra), and the result is an {@link ObjectLabels}: uint32, or
 * uint64 for the whole image as soon as one time point has more than 2^32 − 1 objects.
 *
 * <p>Inputs have one channel and any pixel type. Values must not be negative (and not NaN); label images must hold
 * whole numbers: anything else is a {@link SegmentationException} naming the image and the position. A time point
 * without objects is valid (count 0).
 */
public final class ConnectedComponents {

    /** The largest id a uint32 label image holds. */
    static final long UINT32_MAX_ID = 0xFFFFFFFFL;

    private ConnectedComponents() {}

    /**
     * Connected components of every time point of {@code segmentation}.
     *
     * @param connectivity {@link Connectivity#DIRECT} (4/6-neighbourhood, ilastik) or {@link Connectivity#INDIRECT}
     * @throws SegmentationException if the image has several channels, or holds negative values or NaN
     */
    public static ObjectLabels label(Image segmentation, Connectivity connectivity, Workers workers) {
        return label(segmentation, connectivity, workers, UINT32_MAX_ID);
    }

    /** {@link #label} with the largest id still written as uint32 lowered (tests of the uint64 switch). */
    static ObjectLabels label(Image segmentation, Connectivity connectivity, Workers workers, long maxUint32Id) {
        Shape s = requireOneChannel(segmentation, "segmentation");
        IdPlanes out = new IdPlanes(s, maxUint32Id);
        long[] counts = new long[s.t()];
        for (int t = 0; t < s.t(); t++) {
            Object[] in = new Object[s.z()];
            for (int z = 0; z < s.z(); z++) in[z] = segmentation.plane(t, z);
            RunLabeller l = RunLabeller.label(in, segmentation.dtype(), s.z(), s.y(), s.x(), connectivity, workers,
                    where(segmentation, t));
            counts[t] = l.count;
            l.write(out.allocate(t, l.count, workers), null, workers);
        }
        return new ObjectLabels(out.image(segmentation), counts, null);
    }

    /**
     * ilastik's relabelling of a label image (vigra {@code relabelConsecutive}, keep zeros, start 1), per time
     * point: each distinct non-zero value becomes one object, numbered by first occurrence; its value is kept as the
     * object's original id ({@link ObjectLabels#originalId}). Unsigned 64-bit values above 2^63 keep their bits
     * (they read as negative longs).
     *
     * @throws SegmentationException if the image has several channels or holds negative, fractional or non-finite
     *                               values
     */
    public static ObjectLabels relabelConsecutive(Image labelImage, Workers workers) {
        return relabelConsecutive(labelImage, workers, UINT32_MAX_ID);
    }

    static ObjectLabels relabelConsecutive(Image labelImage, Workers workers, long maxUint32Id) {
        Shape s = requireOneChannel(labelImage, "label image");
        int Z = s.z(), Y = s.y(), X = s.x(), rows = Z * Y;
        DType dtype = labelImage.dtype();
        IdPlanes out = new IdPlanes(s, maxUint32Id);
        long[] counts = new long[s.t()];
        long[][] original = new long[s.t()][];
        int nSlabs = workers.threads() == 1 ? 1 : Math.max(1, Math.min(workers.threads() * 4, rows / 16));
        for (int t = 0; t < s.t(); t++) {
            int tt = t;
            // 1. each slab lists its distinct values in order of first occurrence
            long[][] firsts = new long[nSlabs][];
            workers.forEach(nSlabs, k -> {
                int r0 = (int) ((long) rows * k / nSlabs), r1 = (int) ((long) rows * (k + 1) / nSlabs);
                long[] row = new long[X];
                LongIntMap seen = new LongIntMap(256);
                long[] order = new long[16];
                int n = 0;
                long last = 0;
                for (int r = r0; r < r1; r++) {
                    int z = r / Y, y = r - z * Y;
                    readRow(labelImage, tt, z, y, row);
                    for (int x = 0; x < X; x++) {
                        long v = row[x];
                        if (v == 0 || v == last) continue;
                        last = v;
                        if (seen.putIfAbsent(v, 1)) {
                            if (n == order.length) order = Arrays.copyOf(order, n * 2);
                            order[n++] = v;
                        }
                    }
                }
                firsts[k] = Arrays.copyOf(order, n);
            });
            // 2. the slabs' lists in slab order give the global order of first occurrence
            LongIntMap ids = new LongIntMap(Arrays.stream(firsts).mapToInt(f -> f.length).sum());
            long[] values = new long[16];
            int n = 0;
            for (long[] f : firsts) {
                for (long v : f) {
                    if (ids.putIfAbsent(v, n + 1)) {
                        if (n == values.length) values = Arrays.copyOf(values, n * 2);
                        values[n++] = v;
                    }
                }
            }
            counts[t] = n;
            original[t] = Arrays.copyOf(values, n);
            // 3. write the ids
            Object[] target = out.allocate(t, n, workers);
            int chunk = 16;
            workers.forEach((rows + chunk - 1) / chunk, c -> {
                long[] row = new long[X];
                for (int r = c * chunk; r < Math.min(rows, (c + 1) * chunk); r++) {
                    int z = r / Y, y = r - z * Y;
                    readRow(labelImage, tt, z, y, row);
                    // ids replace the values in place in the row buffer, then go to the plane in one copy
                    long last = 0;
                    int lastId = 0;
                    for (int x = 0; x < X; x++) {
                        long v = row[x];
                        if (v == 0) continue;
                        if (v != last) {
                            last = v;
                            lastId = ids.get(v, 0);
                        }
                        row[x] = lastId;
                    }
                    if (target[z] instanceof int[] a) {
                        for (int x = 0; x < X; x++) a[y * X + x] = (int) row[x];
                    } else {
                        System.arraycopy(row, 0, target[z], y * X, X);
                    }
                }
            });
        }
        return new ObjectLabels(out.image(labelImage), counts, original);
    }

    /**
     * Reads row (t, z, y) of a one-channel label image as longs (unsigned types unsigned), checking that every
     * value is a whole number ≥ 0.
     */
    private static void readRow(Image img, int t, int z, int y, long[] row) {
        Object p = img.plane(t, z);
        int X = row.length, off = y * X;
        int bad = -1;
        switch (img.dtype()) {
            case UINT8 -> { byte[] a = (byte[]) p; for (int x = 0; x < X; x++) row[x] = a[off + x] & 0xff; }
            case UINT16 -> { short[] a = (short[]) p; for (int x = 0; x < X; x++) row[x] = a[off + x] & 0xffff; }
            case UINT32 -> { int[] a = (int[]) p; for (int x = 0; x < X; x++) row[x] = a[off + x] & 0xffffffffL; }
            case UINT64 -> System.arraycopy(p, off, row, 0, X);
            case INT8 -> { byte[] a = (byte[]) p; for (int x = 0; x < X; x++) if ((row[x] = a[off + x]) < 0 && bad < 0) bad = x; }
            case INT16 -> { short[] a = (short[]) p; for (int x = 0; x < X; x++) if ((row[x] = a[off + x]) < 0 && bad < 0) bad = x; }
            case INT32 -> { int[] a = (int[]) p; for (int x = 0; x < X; x++) if ((row[x] = a[off + x]) < 0 && bad < 0) bad = x; }
            case INT64 -> { long[] a = (long[]) p; for (int x = 0; x < X; x++) if ((row[x] = a[off + x]) < 0 && bad < 0) bad = x; }
            case FLOAT32, FLOAT64 -> {
                for (int x = 0; x < X; x++) {
                    double v = Image.getDouble(p, img.dtype(), off + x);
                    // whole numbers below 2^63 only: label images saved as float (e.g. by Fiji) are accepted
                    if (v >= 0 && v < 0x1p63 && v == Math.rint(v)) {
                        row[x] = (long) v;
                    } else {
                        throw SegmentationException.of(img, "the label image holds " + describe(v) + " at t=" + t
                                + " z=" + z + " y=" + y + " x=" + x
                                + "; object ids must be whole numbers ≥ 0 (0 = background)");
                    }
                }
            }
        }
        if (bad >= 0) {
            throw SegmentationException.of(img, "the label image holds a negative value (" + row[bad] + ") at t=" + t
                    + " z=" + z + " y=" + y + " x=" + bad + "; object ids must be ≥ 0 (0 = background)");
        }
    }

    private static String describe(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return "an infinite value";
        if (v < 0) return "a negative value (" + v + ")";
        if (v != Math.rint(v)) return "a fractional value (" + v + ")";
        return "a value too large for an object id (" + v + ")";
    }

    private static Shape requireOneChannel(Image img, String what) {
        Shape s = img.shape();
        if (s.c() != 1) {
            throw SegmentationException.of(img, "the " + what + " has " + s.c() + " channels; it must have one "
                    + "(0 = background, objects non-zero)");
        }
        return s;
    }

    private static String where(Image img, int t) {
        return (img.name().isEmpty() ? "" : img.name() + ": ") + "t=" + t;
    }

    /** The output planes, uint32 until a time point needs more ids, then uint64 for all of them. */
    private static final class IdPlanes {
        private final Shape shape;
        private final long maxUint32Id;
        private final Object[] planes;
        private boolean wide;

        IdPlanes(Shape shape, long maxUint32Id) {
            this.shape = shape;
            this.maxUint32Id = maxUint32Id;
            this.planes = new Object[shape.planes()];
        }

        /** Zeroed planes of time point t for {@code count} objects (widening earlier ones if needed). */
        Object[] allocate(int t, long count, Workers workers) {
            if (count > maxUint32Id && !wide) {
                wide = true;
                // the ids written so far stay the same numbers, as unsigned 64-bit values
                workers.forEach(t * shape.z(), i -> {
                    int[] a = (int[]) planes[i];
                    long[] b = new long[a.length];
                    for (int k = 0; k < a.length; k++) b[k] = a[k] & 0xffffffffL;
                    planes[i] = b;
                });
            }
            int Z = shape.z(), size = shape.planeSize();
            Object[] tp = new Object[Z];
            workers.forEach(Z, z -> tp[z] = wide ? new long[size] : new int[size]);
            System.arraycopy(tp, 0, planes, t * Z, Z);
            return tp;
        }

        Image image(Image source) {
            return Image.wrap(wide ? DType.UINT64 : DType.UINT32, shape, source.axes(), planes)
                    .withCalibration(source.calibration()).withName(source.name());
        }
    }
}
