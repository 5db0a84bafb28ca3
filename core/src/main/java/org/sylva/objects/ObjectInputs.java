package org.sylva.objects;

import org.sylva.image.Image;
import org.sylva.image.Shape;

/** Checks that the inputs of Object Classification fit together, before any work is done. */
public final class ObjectInputs {

    private ObjectInputs() {}

    /**
     * Raw data and its segmentation (prediction maps, binary segmentation or label image) must have the same
     * t, z, y and x extents; channels may differ (ilastik's {@code OpObjectExtractionBase._checkConstraints}).
     *
     * @param what what the second image is, for the message, e.g. "prediction maps" or "label image"
     * @throws SegmentationException naming both images and every extent that differs
     */
    public static void requireSameExtents(Image raw, Image segmentation, String what) {
        Shape a = raw.shape(), b = segmentation.shape();
        StringBuilder diff = new StringBuilder();
        for (char axis : "tzyx".toCharArray()) {
            if (a.get(axis) != b.get(axis)) {
                if (diff.length() > 0) diff.append(", ");
                diff.append(axis).append(' ').append(a.get(axis)).append(" ≠ ").append(b.get(axis));
            }
        }
        if (diff.length() > 0) {
            throw new SegmentationException("the " + what + (segmentation.name().isEmpty() ? "" : " " + segmentation.name())
                    + " (" + extents(b) + ") does not match the raw data" + (raw.name().isEmpty() ? "" : " " + raw.name())
                    + " (" + extents(a) + "): " + diff + "; both must have the same t, z, y and x extents");
        }
    }

    private static String extents(Shape s) {
        return "t=" + s.t() + " z=" + s.z() + " y=" + s.y() + " x=" + s.x();
    }
}
