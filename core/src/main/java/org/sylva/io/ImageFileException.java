package org.sylva.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read or written as an image. The message always starts with the file, then says the
 * problem in words a user can act on, e.g. {@code "cells.tif: truncated file (strip 3 ends after the end of the
 * file)"}; the command line prints it as one line.
 */
public class ImageFileException extends IOException {

    private final transient Path file;
    private final String problem;

    public ImageFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public ImageFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file concerned. */
    public Path file() { return file; }

    /** The problem alone, without the file name (e.g. to report it against another name). */
    public String problem() { return problem; }
}
