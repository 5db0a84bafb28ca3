package org.sylva.image;

/**
 * Physical pixel size as stored in a file. A size of {@link Double#NaN} means "unknown".
 *
 * @param x pixel width, in {@code unit}
 * @param y pixel height, in {@code unit}
 * @param z slice spacing, in {@code unit}
 * @param t frame interval, in {@code timeUnit}
 * @param unit spatial unit as written in the file (e.g. "micron", "µm"), or empty
 * @param timeUnit time unit (e.g. "sec"), or empty
 */
public record Calibration(double x, double y, double z, double t, String unit, String timeUnit) {

    /** No physical sizes known. */
    public static final Calibration NONE = new Calibration(Double.NaN, Double.NaN, Double.NaN, Double.NaN, "", "");

    public Calibration {
        unit = unit == null ? "" : unit;
        timeUnit = timeUnit == null ? "" : timeUnit;
    }

    /** Size along one of x, y, z, t (NaN if unknown, and for c). */
    public double get(char axis) {
        return switch (axis) {
            case 'x' -> x;
            case 'y' -> y;
            case 'z' -> z;
            case 't' -> t;
            default -> Double.NaN;
        };
    }

    /** True if at least one size is known. */
    public boolean isKnown() {
        return !Double.isNaN(x) || !Double.isNaN(y) || !Double.isNaN(z) || !Double.isNaN(t);
    }
}
