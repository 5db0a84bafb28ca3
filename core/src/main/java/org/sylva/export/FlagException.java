package org.sylva.export;

/**
 * A bad value for one of ilastik's export flags (or the equivalent project setting). The message starts with the
 * flag, e.g. {@code --export_drange: expected a pair (min, max) such as (0, 255), got '(0,)'}, so the command line
 * can print it as is.
 */
public class FlagException extends IllegalArgumentException {

    private final String flag;
    private final String problem;

    public FlagException(String flag, String problem) {
        super(flag + ": " + problem);
        this.flag = flag;
        this.problem = problem;
    }

    /** The flag, e.g. {@code --export_dtype}. */
    public String flag() { return flag; }

    /** The problem without the flag. */
    public String problem() { return problem; }
}
