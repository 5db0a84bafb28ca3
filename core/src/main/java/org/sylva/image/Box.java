package org.sylva.image;

/**
 * A box of pixels in one time point: origin (z0, y0, x0) and extents depth × height × width, in pixels.
 *
 * @param z0 first slice
 * @param y0 first row
 * @param x0 first column
 * @param depth slices
 * @param height rows
 * @param width columns
 */
public record Box(int z0, int y0, int x0, int depth, int height, int width) {

    public Box {
        if (depth < 1 || height < 1 || width < 1) throw new IllegalArgumentException("empty box " + depth + "×" + height + "×" + width);
    }

    /** Number of pixels. */
    public int size() { return depth * height * width; }
}
