package org.sylva.objects;

/**
 * A segmentation, label image or prediction map that cannot be turned into objects: a negative or fractional
 * label, NaN in a segmentation, several channels where one is needed, extents that differ from the raw data. The
 * message names the image (when it has a name) and the first offending position in t, z, y, x, so that a user can
 * find it; the command line prints it as one line.
 */
public class SegmentationException extends IllegalArgumentException {

    public SegmentationException(String message) { super(message); }

    /** A message starting with the image's name when it has one: {@code "cells_seg.tif: negative label -1 at …"}. */
    static SegmentationException of(org.sylva.image.Image image, String problem) {
        String name = image.name();
        return new SegmentationException(name.isEmpty() ? problem : name + ": " + problem);
    }
}
