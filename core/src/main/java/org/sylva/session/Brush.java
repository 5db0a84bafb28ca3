package org.sylva.session;

import org.sylva.image.Box;

/**
 * Rasterises a brush stroke (a polyline drawn with a round brush) in plane coordinates into a box and a mask, as
 * {@link org.sylva.project.SparseLabels#paint} takes them.
 */
final class Brush {

    /** The stroke's pixels: the box (in plane rows/columns) and its row-major mask. */
    record Raster(int r0, int c0, int h, int w, byte[] mask, int count) {}

    private Brush() {}

    /**
     * @param rows point rows (plane pixels; pixel centres at integer + 0.5 are not assumed: a point at r covers the
     *             pixel floor(r))
     * @param cols point columns
     * @param diameter brush diameter in pixels (≥ 1); a pixel is painted when its centre lies within diameter/2 of
     *                 the path, and a diameter of 1 paints exactly the pixels the path passes through
     * @param height plane rows (the raster is clipped to the plane)
     * @param width plane columns
     * @return the raster, or null if the stroke lies entirely outside the plane
     */
    static Raster raster(double[] rows, double[] cols, double diameter, int height, int width) {
        if (rows.length == 0 || rows.length != cols.length) throw new IllegalArgumentException("a stroke needs points");
        if (!(diameter >= 1) || diameter > 1024) throw new IllegalArgumentException("brush size must be 1…1024 pixels");
        double r = diameter / 2;
        double minR = Double.MAX_VALUE, maxR = -Double.MAX_VALUE, minC = Double.MAX_VALUE, maxC = -Double.MAX_VALUE;
        for (int i = 0; i < rows.length; i++) {
            if (!Double.isFinite(rows[i]) || !Double.isFinite(cols[i])) throw new IllegalArgumentException("stroke points must be numbers");
            minR = Math.min(minR, rows[i]); maxR = Math.max(maxR, rows[i]);
            minC = Math.min(minC, cols[i]); maxC = Math.max(maxC, cols[i]);
        }
        int r0 = (int) Math.max(0, Math.floor(minR - r - 1)), r1 = (int) Math.min(height, Math.ceil(maxR + r + 1));
        int c0 = (int) Math.max(0, Math.floor(minC - r - 1)), c1 = (int) Math.min(width, Math.ceil(maxC + r + 1));
        if (r1 <= r0 || c1 <= c0) return null;
        int h = r1 - r0, w = c1 - c0;
        if ((long) h * w > 64L << 20) throw new IllegalArgumentException("stroke too large");
        byte[] mask = new byte[h * w];
        int count = 0;
        double r2 = Math.max(r * r, 0.5);  // a 1-pixel brush still covers the pixel the path crosses
        for (int i = 0; i < rows.length; i++) {
            double ar = rows[i], ac = cols[i];
            double br = i + 1 < rows.length ? rows[i + 1] : ar, bc = i + 1 < cols.length ? cols[i + 1] : ac;
            int sr0 = Math.max(r0, (int) Math.floor(Math.min(ar, br) - r - 1)), sr1 = Math.min(r1, (int) Math.ceil(Math.max(ar, br) + r + 1));
            int sc0 = Math.max(c0, (int) Math.floor(Math.min(ac, bc) - r - 1)), sc1 = Math.min(c1, (int) Math.ceil(Math.max(ac, bc) + r + 1));
            double dr = br - ar, dc = bc - ac, len2 = dr * dr + dc * dc;
            for (int y = sr0; y < sr1; y++) {
                for (int x = sc0; x < sc1; x++) {
                    double py = y + 0.5, px = x + 0.5;
                    double u = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((py - ar) * dr + (px - ac) * dc) / len2));
                    double qy = ar + u * dr - py, qx = ac + u * dc - px;
                    if (qy * qy + qx * qx <= r2) {
                        int k = (y - r0) * w + (x - c0);
                        if (mask[k] == 0) {
                            mask[k] = 1;
                            count++;
                        }
                    }
                }
            }
        }
        return count == 0 ? null : new Raster(r0, c0, h, w, mask, count);
    }

    /** The lane box of a raster on {@code plane}. */
    static Box box(Plane plane, Raster r) { return plane.box(r.r0(), r.c0(), r.h(), r.w()); }
}
