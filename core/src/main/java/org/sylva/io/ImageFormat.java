package org.sylva.io;

import java.io.IOException;
import java.util.Set;
import org.sylva.image.Image;

/**
 * One file format. Implementations are stateless; {@link ImageFiles} picks one by file extension.
 */
public interface ImageFormat {

    /** Short name used in messages, e.g. "TIFF", "PNG", "NumPy", "HDF5". */
    String name();

    /** Lower-case file extensions without the dot, e.g. {@code tif, tiff}. */
    Set<String> extensions();

    /**
     * Reads the whole image. The result's {@link Image#axes()} are the file's own axes (from its metadata, or
     * guessed with {@link AxisGuess} when the file has none) in the file's order; calibration when present.
     *
     * @throws ImageFileException naming the file and the problem (unreadable, truncated, unsupported layout …)
     */
    Image read(DataPath path) throws IOException;

    /**
     * Writes the image with its axes in {@code options.axes()} order (or the image's own order). Writers write to
     * the given path directly; callers wanting atomicity pass a temporary path (see {@link AtomicOutput}).
     *
     * @throws ImageFileException if the format cannot hold this image (e.g. 3D data as PNG), naming the problem
     */
    void write(Image image, DataPath path, WriteOptions options) throws IOException;
}
