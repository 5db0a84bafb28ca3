package org.sylva.objects;

import java.util.Arrays;
import java.util.Objects;
import org.sylva.image.DType;
import org.sylva.image.Image;

/**
 * A label image and what is known about its objects: the image ({@link DType#UINT32}, or {@link DType#UINT64} when
 * a time point has more than 2^32 − 1 objects; one channel; the t, z, y, x extents and axes of its source;
 * 0 = background; ids 1..N consecutive per time point, in ilastik's order of first occurrence), the object count per
 * time point and, for a label image relabelled from user ids, the user's id of every object.
 *
 * @param image        the label image
 * @param counts       N per time point ({@code counts[t]}); a time point without objects has 0
 * @param originalIds  for relabelled label images: {@code originalIds[t][id − 1]} is the value object {@code id}
 *                     had in the input (ilastik's {@code original_oid}); null for connected components
 */
public record ObjectLabels(Image image, long[] counts, long[][] originalIds) {

    public ObjectLabels {
        Objects.requireNonNull(image, "image");
        if (image.dtype() != DType.UINT32 && image.dtype() != DType.UINT64) {
            throw new IllegalArgumentException("a label image is uint32 or uint64, not " + image.dtype());
        }
        if (counts.length != image.shape().t()) {
            throw new IllegalArgumentException(counts.length + " counts for " + image.shape().t() + " time points");
        }
        counts = counts.clone();
        if (originalIds != null) {
            originalIds = originalIds.clone();
            for (int t = 0; t < counts.length; t++) {
                if (originalIds[t].length != counts[t]) {
                    throw new IllegalArgumentException("time point " + t + ": " + originalIds[t].length
                            + " original ids for " + counts[t] + " objects");
                }
            }
        }
    }

    /** Number of objects of time point {@code t} (ids are 1..count). */
    public long count(int t) { return counts[t]; }

    /** Objects over all time points. */
    public long total() { return Arrays.stream(counts).sum(); }

    /** Whether the user's ids of the objects are known (label-image inputs). */
    public boolean hasOriginalIds() { return originalIds != null; }

    /**
     * The value object {@code id} of time point {@code t} had in the input label image.
     *
     * @throws IllegalStateException for connected components, which have no original ids
     */
    public long originalId(int t, long id) {
        if (originalIds == null) throw new IllegalStateException("objects from connected components have no original ids");
        if (id < 1 || id > counts[t]) throw new IndexOutOfBoundsException("object " + id + " of " + counts[t]);
        return originalIds[t][(int) (id - 1)];
    }

    @Override
    public long[] counts() { return counts.clone(); }

    @Override
    public long[][] originalIds() {
        if (originalIds == null) return null;
        long[][] c = new long[originalIds.length][];
        for (int t = 0; t < c.length; t++) c[t] = originalIds[t].clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectLabels l && l.image == image && Arrays.equals(l.counts, counts)
                && Arrays.deepEquals(l.originalIds, originalIds);
    }

    @Override
    public int hashCode() { return Objects.hash(image, Arrays.hashCode(counts)); }

    @Override
    public String toString() {
        return "ObjectLabels[" + image + ", counts " + Arrays.toString(counts) + (originalIds == null ? "" : ", relabelled")
                + "]";
    }
}
