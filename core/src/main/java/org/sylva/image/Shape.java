package org.sylva.image;

/**
 * Extents of an image along the five canonical axes; an axis the image does not have has extent 1.
 *
 * @param t time points
 * @param z slices
 * @param y rows
 * @param x columns
 * @param c channels
 */
public record Shape(int t, int z, int y, int x, int c) {

    public Shape {
        if (t < 1 || z < 1 || y < 1 || x < 1 || c < 1) {
            throw new IllegalArgumentException("every extent must be at least 1, got " + describe(t, z, y, x, c));
        }
        if ((long) y * x * c > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a single plane of " + y + "×" + x + "×" + c
                    + " samples is larger than 2^31; process it blockwise");
        }
    }

    /** Extent along {@code axis} (one of t, z, y, x, c). */
    public int get(char axis) {
        return switch (axis) {
            case 't' -> t;
            case 'z' -> z;
            case 'y' -> y;
            case 'x' -> x;
            case 'c' -> c;
            default -> throw new IllegalArgumentException("not an axis: " + axis);
        };
    }

    /** A copy with {@code axis} set to {@code extent}. */
    public Shape with(char axis, int extent) {
        return switch (axis) {
            case 't' -> new Shape(extent, z, y, x, c);
            case 'z' -> new Shape(t, extent, y, x, c);
            case 'y' -> new Shape(t, z, extent, x, c);
            case 'x' -> new Shape(t, z, y, extent, c);
            case 'c' -> new Shape(t, z, y, x, extent);
            default -> throw new IllegalArgumentException("not an axis: " + axis);
        };
    }

    /** Number of (t, z) planes. */
    public int planes() { return t * z; }

    /** Samples in one (t, z) plane: y·x·c. */
    public int planeSize() { return y * x * c; }

    /** Pixels (not samples) in one time point: z·y·x. */
    public long voxelsPerTimePoint() { return (long) z * y * x; }

    /** All samples: t·z·y·x·c. */
    public long samples() { return (long) t * z * y * x * c; }

    /** Extents in the order of {@code axes}, e.g. {@code [z, y, x]} for "zyx". */
    public long[] in(Axes axes) {
        long[] r = new long[axes.size()];
        for (int i = 0; i < r.length; i++) r[i] = get(axes.get(i));
        return r;
    }

    /** True if the image has more than one slice (3D). */
    public boolean is3d() { return z > 1; }

    @Override
    public String toString() { return describe(t, z, y, x, c); }

    private static String describe(int t, int z, int y, int x, int c) {
        return "t=" + t + " z=" + z + " y=" + y + " x=" + x + " c=" + c;
    }

    /** Dimensions as Python prints a shape tuple, e.g. {@code (3, 4)} or {@code (5,)}: how users of numpy see them. */
    public static String tuple(long... dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        if (dims.length == 1) sb.append(',');
        return sb.append(')').toString();
    }
}
