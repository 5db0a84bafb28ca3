package org.sylva.project;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A project file that cannot be read or written. The message starts with the file, then says the problem in words
 * a user can act on, e.g. {@code "cells.sylva: labels/0/0-0-64-128.bin: block z=0..1 y=64..128 x=128..192 lies
 * outside lane 1 'cells' (y=100, x=150)"}; the command line prints it as one line.
 */
public class ProjectFormatException extends IOException {

    private final transient Path file;
    private final String problem;

    /** A problem with {@code file}; the message is {@code "<file>: <problem>"}. */
    public ProjectFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** A problem with {@code file} found through {@code cause}. */
    public ProjectFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The project file concerned. */
    public Path file() { return file; }

    /** The problem alone, without the file name. */
    public String problem() { return problem; }
}
