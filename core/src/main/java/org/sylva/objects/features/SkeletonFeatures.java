package org.sylva.objects.features;

import java.util.HashMap;
import java.util.Map;
import org.sylva.blockwise.Workers;

/**
 * ilastik's "2D Skeleton Features" (vigra's {@code extractSkeletonFeatures}, skeleton.hxx). Not implemented yet:
 * matching vigra needs a port of its boundary vector distance transform, thinning and pruning; selecting these
 * features is reported as an error.
 */
final class SkeletonFeatures {

    /** Whether the skeleton features can be computed. */
    static final boolean AVAILABLE = false;

    static final class Result {
        final Map<String, float[]> values = new HashMap<>();
    }

    private SkeletonFeatures() {}

    static Result compute(Frame f, Boxes boxes, Workers workers) {
        throw new IllegalArgumentException("the 2D Skeleton Features are not implemented yet; deselect them");
    }
}
