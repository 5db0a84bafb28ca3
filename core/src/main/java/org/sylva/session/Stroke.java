package org.sylva.session;

/**
 * One connected group of labelled pixels of one class (a brush stroke, or a blob of an imported label image), as
 * the label explorer lists them.
 *
 * @param lane the lane
 * @param label the class (label value)
 * @param t the time point
 * @param z0 first slice
 * @param y0 first row
 * @param x0 first column
 * @param depth slices spanned
 * @param height rows spanned
 * @param width columns spanned
 * @param pixels labelled pixels in the group
 * @param z a labelled pixel of the group (where a viewer can jump to): slice
 * @param y row
 * @param x column
 */
public record Stroke(int lane, int label, int t, int z0, int y0, int x0, int depth, int height, int width, long pixels,
                     int z, int y, int x) {}
