package org.sylva.session;

import org.sylva.image.Shape;

/**
 * One display tile: {@value #SIZE}×{@value #SIZE} pixels of a plane at a zoom level. At level L a tile pixel is
 * every 2^L-th plane pixel (nearest sampling), so tile (row, col) covers plane rows from
 * {@code row·SIZE·2^L} and columns from {@code col·SIZE·2^L}; tiles at the plane's far edges are smaller.
 *
 * @param lane the lane (0-based)
 * @param t the time point
 * @param plane the plane
 * @param level the zoom level, 0 = full resolution
 * @param row tile row
 * @param col tile column
 */
public record TileId(int lane, int t, Plane plane, int level, int row, int col) {

    /** Tile edge in tile pixels. */
    public static final int SIZE = 256;
    /** Coarsest level offered (a tile then covers 2^{@value}·256 plane pixels a side). */
    public static final int MAX_LEVEL = 12;

    public TileId {
        if (plane == null) throw new IllegalArgumentException("a tile needs a plane");
        if (lane < 0 || t < 0 || row < 0 || col < 0) throw new IllegalArgumentException("negative tile coordinate");
        if (level < 0 || level > MAX_LEVEL) throw new IllegalArgumentException("zoom level " + level + " outside 0…" + MAX_LEVEL);
    }

    /** Plane pixels per tile pixel along each axis. */
    public int stride() { return 1 << level; }

    /** First plane row. */
    public int row0() { return row * SIZE * stride(); }

    /** First plane column. */
    public int col0() { return col * SIZE * stride(); }

    /** Tile rows in a lane of {@code s}. */
    public int height(Shape s) { return extent(plane.height(s), row0()); }

    /** Tile columns in a lane of {@code s}. */
    public int width(Shape s) { return extent(plane.width(s), col0()); }

    /** Plane rows covered (full resolution). */
    public int spanRows(Shape s) { return Math.min(plane.height(s) - row0(), SIZE * stride()); }

    /** Plane columns covered (full resolution). */
    public int spanCols(Shape s) { return Math.min(plane.width(s) - col0(), SIZE * stride()); }

    private int extent(int planeExtent, int first) {
        int span = Math.min(planeExtent - first, SIZE * stride());
        return (span + stride() - 1) / stride();
    }

    /**
     * Checks that this tile exists in a lane of {@code s} with {@code times} time points.
     *
     * @throws IllegalArgumentException naming what is out of range
     */
    public void check(Shape s) {
        if (t >= s.t()) throw new IllegalArgumentException("time point " + t + " out of range (the image has " + s.t() + ")");
        if (!plane.fits(s)) {
            throw new IllegalArgumentException(plane.axis() + "=" + plane.index() + " out of range (the image has "
                    + s.get(plane.axis()) + ")");
        }
        if (row0() >= plane.height(s) || col0() >= plane.width(s)) {
            throw new IllegalArgumentException("tile " + row + "," + col + " at level " + level + " lies outside the "
                    + plane.height(s) + "×" + plane.width(s) + " plane");
        }
    }
}
