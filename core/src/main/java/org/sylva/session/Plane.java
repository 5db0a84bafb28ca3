package org.sylva.session;

import org.sylva.image.Box;
import org.sylva.image.Shape;

/**
 * A 2-D slice of a lane that a view shows: the plane orthogonal to {@code axis} at {@code index}. {@code z}: the xy
 * plane at slice z (rows = y, columns = x; a 2-D image has only this one, at 0); {@code y}: the xz plane at row y
 * (rows = z, columns = x); {@code x}: the yz plane at column x (rows = z, columns = y).
 *
 * @param axis {@code z}, {@code y} or {@code x}
 * @param index the position along that axis, in pixels
 */
public record Plane(char axis, int index) {

    public Plane {
        if ("zyx".indexOf(axis) < 0 || axis == 0) throw new IllegalArgumentException("a view is orthogonal to z, y or x, not '" + axis + "'");
        if (index < 0) throw new IllegalArgumentException("negative slice index " + index);
    }

    /** The xy plane at slice {@code z}. */
    public static Plane xy(int z) { return new Plane('z', z); }

    /** Rows of this plane in a lane of {@code s}. */
    public int height(Shape s) { return axis == 'z' ? s.y() : s.z(); }

    /** Columns of this plane in a lane of {@code s}. */
    public int width(Shape s) { return axis == 'x' ? s.y() : s.x(); }

    /** True if this plane exists in a lane of {@code s}. */
    public boolean fits(Shape s) { return index < s.get(axis); }

    /**
     * The lane box of the plane rectangle rows [r0, r0+h) × columns [c0, c0+w); its (z, y, x) pixel order is the
     * rectangle's row-major order in every orientation.
     */
    public Box box(int r0, int c0, int h, int w) {
        return switch (axis) {
            case 'z' -> new Box(index, r0, c0, 1, h, w);
            case 'y' -> new Box(r0, index, c0, h, 1, w);
            default -> new Box(r0, c0, index, h, w, 1);
        };
    }

    /** The lane position (z, y, x) of plane pixel (row, col). */
    public int[] voxel(int row, int col) {
        return switch (axis) {
            case 'z' -> new int[]{index, row, col};
            case 'y' -> new int[]{row, index, col};
            default -> new int[]{row, col, index};
        };
    }
}
