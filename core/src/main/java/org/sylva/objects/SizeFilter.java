package org.sylva.objects;

import org.sylva.blockwise.Workers;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * ilastik's size filter ({@code remove_wrongly_sized_connected_components}, spec §5.2): objects with fewer than
 * {@code min} or more than {@code max} pixels are removed; both bounds are inclusive (an object of exactly
 * {@code min} or {@code max} pixels stays).
 *
 * @param min the smallest size kept, in pixels
 * @param max the largest size kept, in pixels
 */
public record SizeFilter(long min, long max) {

    public SizeFilter {
        if (min < 0 || max < 0) throw new IllegalArgumentException("sizes must be ≥ 0, got " + min + " and " + max);
    }

    /** Whether an object of {@code size} pixels is kept. */
    public boolean keeps(long size) { return size >= min && size <= max; }

    /**
     * Pixels per label value in time point {@code t} of a one-channel integer label image whose values need not
     * be consecutive (e.g. a threshold output): {@code sizes[v]} for v in 0..max, index 0 = background.
     *
     * @throws SegmentationException for negative values, or values too large to count in an array (relabel first)
     */
    public static long[] sizes(Image labels, int t) {
        Shape s = labels.shape();
        if (s.c() != 1 || labels.dtype().isFloat()) {
            throw SegmentationException.of(labels, "sizes need a one-channel integer label image, not "
                    + s.c() + " channels of " + labels.dtype());
        }
        long max = 0;
        for (int z = 0; z < s.z(); z++) {
            Object p = labels.plane(t, z);
            for (int i = 0; i < s.planeSize(); i++) max = Math.max(max, value(p, labels, i));
        }
        if (max > Integer.MAX_VALUE - 16) {
            throw SegmentationException.of(labels, "label values up to " + max + " are too large to count; "
                    + "relabel the image consecutively first");
        }
        long[] sizes = new long[(int) max + 1];
        for (int z = 0; z < s.z(); z++) {
            Object p = labels.plane(t, z);
            for (int i = 0; i < s.planeSize(); i++) sizes[(int) value(p, labels, i)]++;
        }
        return sizes;
    }

    /**
     * A copy of {@code labels} (one channel, integer) with every object whose size this filter rejects set to 0,
     * time point by time point; kept objects keep their values (they are not renumbered).
     */
    public Image apply(Image labels, Workers workers) {
        Shape s = labels.shape();
        Image out = Image.create(labels.dtype(), s, labels.axes()).withCalibration(labels.calibration())
                .withName(labels.name());
        for (int t = 0; t < s.t(); t++) {
            long[] sizes = sizes(labels, t);
            boolean[] keep = new boolean[sizes.length];
            for (int v = 1; v < sizes.length; v++) keep[v] = keeps(sizes[v]);
            int tt = t;
            workers.forEach(s.z(), z -> {
                Object src = labels.plane(tt, z), dst = out.plane(tt, z);
                System.arraycopy(src, 0, dst, 0, s.planeSize());
                for (int i = 0; i < s.planeSize(); i++) {
                    if (!keep[(int) value(src, labels, i)]) Image.setDouble(dst, labels.dtype(), i, 0);
                }
            });
        }
        return out;
    }

    private static long value(Object plane, Image img, int i) {
        long v = switch (img.dtype()) {
            case UINT8 -> ((byte[]) plane)[i] & 0xff;
            case INT8 -> ((byte[]) plane)[i];
            case UINT16 -> ((short[]) plane)[i] & 0xffff;
            case INT16 -> ((short[]) plane)[i];
            case UINT32 -> ((int[]) plane)[i] & 0xffffffffL;
            case INT32 -> ((int[]) plane)[i];
            case UINT64, INT64 -> ((long[]) plane)[i];
            default -> throw new IllegalStateException();
        };
        if (v < 0) {
            throw SegmentationException.of(img, "the label image holds a negative value (" + v + "); object ids must be ≥ 0");
        }
        return v;
    }
}
