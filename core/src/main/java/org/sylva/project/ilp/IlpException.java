package org.sylva.project.ilp;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An ilastik project ({@code .ilp}) that cannot be read as asked: not an HDF5 file, cut short, a workflow Sylva
 * does not read yet, a malformed entry, raw data that cannot be found. The message is one line that starts with the
 * project file and then says the problem, e.g. {@code "cells.ilp: this workflow is not supported yet: Object
 * Classification (from prediction image)"}.
 */
public class IlpException extends IOException {

    private final transient Path file;
    private final String problem;

    /** A problem with {@code file}; the message is {@code "<file>: <problem>"}. */
    public IlpException(Path file, String problem) {
        this(file, problem, null);
    }

    /** A problem with {@code file} caused by {@code cause} (kept for debugging, not for the user). */
    public IlpException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The project file. */
    public Path file() { return file; }

    /** The problem, without the file name. */
    public String problem() { return problem; }
}
