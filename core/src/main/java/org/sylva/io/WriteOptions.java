package org.sylva.io;

import org.sylva.image.Axes;

/**
 * How to write an image.
 *
 * @param axes output axis order (letters from tzyxc); null keeps the image's own order. Axes of extent 1 may be
 *             added or dropped; an axis of extent &gt; 1 must be present.
 * @param compress compress where the format can (TIFF: Deflate; HDF5: gzip level 1, as ilastik's
 *                 "compressed hdf5"); ignored by formats without compression
 */
public record WriteOptions(Axes axes, boolean compress) {

    /** The image's own axis order, compressed. */
    public static final WriteOptions DEFAULT = new WriteOptions(null, true);

    public static WriteOptions inOrder(Axes axes) { return new WriteOptions(axes, true); }
}
