package org.sylva.forest;

import java.io.IOException;

/**
 * A stored forest (an ilastik/vigra HDF5 group or a Sylva model stream) that cannot be read. The message names the
 * source (file and group, or "forest stream") and then the problem, e.g.
 * {@code "PixelClass.ilp: /PixelClassification/ClassifierForests/Forest0003/Tree_07: child index 912 outside the
 * topology (11 entries)"}.
 */
public class ForestFormatException extends IOException {

    public ForestFormatException(String message) {
        super(message);
    }

    public ForestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
