package org.sylva.objects.classify;

import org.sylva.image.DType;
import org.sylva.objects.ObjectLabels;

/** Reading object ids out of the planes of a label image ({@code int[]} read unsigned, or {@code long[]}). */
final class LabelPlanes {

    private LabelPlanes() {}

    /** The id at sample {@code i} of a plane of an {@link ObjectLabels} image. */
    static long id(Object plane, int i) {
        return plane instanceof int[] a ? a[i] & 0xFFFFFFFFL : ((long[]) plane)[i];
    }

    /** The object count of time point {@code t} as an int (object tables and features index objects by int). */
    static int count(ObjectLabels labels, int t) {
        long n = labels.count(t);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("time point " + t + " has " + n + " objects; at most "
                    + (Integer.MAX_VALUE - 8) + " can be classified");
        }
        return (int) n;
    }

    static boolean is64(ObjectLabels labels) {
        return labels.image().dtype() == DType.UINT64;
    }
}
