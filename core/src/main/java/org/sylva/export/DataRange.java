package org.sylva.export;

import java.util.Objects;

/**
 * A (min, max) pair as ilastik's {@code --pipeline_result_drange} and {@code --export_drange} give it, e.g.
 * {@code (0.0, 1.0)} or {@code (0, 255)}. Each end keeps whether it was written as an integer ({@link Long}) or as a
 * floating-point number ({@link Double}): ilastik computes with the Python values as they were written, and numpy
 * subtracts an integer minimum from integer pixels in integer arithmetic (wrapping) but a float minimum in float64.
 * The values are in the units of the pixel values (no physical unit). {@code min > max} is allowed (an export range
 * given backwards inverts the values, as in ilastik); so is {@code min == max} (a degenerate input range maps every
 * value to the export minimum).
 *
 * @param min the first value, a {@link Long} or a finite {@link Double}
 * @param max the second value, a {@link Long} or a finite {@link Double}
 */
public record DataRange(Number min, Number max) {

    public DataRange {
        min = normalise(min, "min");
        max = normalise(max, "max");
    }

    /** A range written with integers, e.g. {@code (0, 255)}. */
    public static DataRange of(long min, long max) {
        return new DataRange(min, max);
    }

    /** A range written with floating-point numbers, e.g. {@code (0.0, 1.0)}. */
    public static DataRange of(double min, double max) {
        return new DataRange(min, max);
    }

    /** The minimum as a double (exact for integers up to 2^53). */
    public double minValue() { return min.doubleValue(); }

    /** The maximum as a double (exact for integers up to 2^53). */
    public double maxValue() { return max.doubleValue(); }

    /** True if the minimum was written as an integer (it then enters numpy's integer arithmetic). */
    public boolean minIsInteger() { return min instanceof Long; }

    /** True if both ends were written as integers (numpy then builds an int64 array from the pair). */
    public boolean isInteger() { return min instanceof Long && max instanceof Long; }

    /** The pair as ilastik's drange metadata holds it: two doubles, in the order given. */
    public double[] toArray() { return new double[] {minValue(), maxValue()}; }

    /**
     * Parses a Python-literal pair such as {@code (0.0, 1.0)}, {@code (0,255)}, {@code [0, 1]} or {@code 0, 1};
     * integer literals become {@link Long}, others {@link Double}.
     *
     * @param flag the command-line flag the text came from, named in the error message
     * @throws FlagException naming {@code flag} if the text is not a pair of two finite numbers
     */
    public static DataRange parse(String text, String flag) {
        return PyLiteral.range(text, flag);
    }

    /** Python's spelling, e.g. {@code (0, 255)} or {@code (0.0, 1.0)}. */
    @Override
    public String toString() {
        return "(" + PyLiteral.repr(min) + ", " + PyLiteral.repr(max) + ")";
    }

    private static Number normalise(Number n, String what) {
        Objects.requireNonNull(n, what);
        if (n instanceof Long || n instanceof Double) {
            if (n instanceof Double d && !Double.isFinite(d)) {
                throw new IllegalArgumentException("range " + what + " must be finite, got " + d);
            }
            return n;
        }
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) return n.longValue();
        if (n instanceof Float f) return normalise(f.doubleValue(), what);
        throw new IllegalArgumentException("range " + what + " must be an integer or a floating-point number, got "
                + n.getClass().getSimpleName());
    }
}
