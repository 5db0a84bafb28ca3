package org.sylva.objects.features;

import org.sylva.blockwise.Workers;

/**
 * The second-order statistics whose eigenvectors ilastik reports, computed per object on its bounding box, in
 * parallel over objects, each object's pixels visited in raster order (x fastest) exactly as vigra visits them:
 * <ul>
 *   <li>the coordinate scatter matrix by vigra's incremental update ({@code FlatScatterMatrix}: with n pixels so
 *       far and their mean m, add {@code n/(n-1) · (m - c)(m - c)ᵀ}), and its eigen-system → RegionRadii,
 *       RegionAxes, Coord&lt;Principal&lt;…&gt;&gt;;</li>
 *   <li>the intensity-weighted version (weights = the float32 intensity; {@code W·w/(W-w)}), the weighted sums,
 *       Coord&lt;ArgMinWeight&gt; / &lt;ArgMaxWeight&gt; (first occurrence in raster order);</li>
 *   <li>for several channels, the channel scatter (Covariance) and its eigen-system (PrincipalAxes);</li>
 *   <li>vigra's second pass when asked for: every pixel projected on the eigenvectors, summed as third and fourth
 *       powers (optionally weighted), channel projections' extremes.</li>
 * </ul>
 * Why not in the banded pass: for symmetric objects the exact scatter has zero off-diagonal terms and vigra's
 * eigenvector signs (even directions, for equal radii) follow the rounding noise of its own summation. Repeating
 * that summation in vigra's order makes these features agree with ilastik bit for bit; the work is proportional
 * to the objects' bounding boxes, and labels are read only where an object is.
 */
final class ShapePass {

    /** What to compute. */
    static final class Needs {
        boolean coord;        // coordinate scatter + eigen
        boolean weighted;     // weighted sums, scatter, eigen, arg min/max (single channel)
        boolean channels;     // channel scatter + eigen (C > 1)
        boolean coordProj;    // Σ p³, Σ p⁴ along coordinate axes
        boolean weightedProj; // Σ w p³, Σ w p⁴ along weighted axes
        boolean channelProj;  // Σ p³, Σ p⁴, min p, max p along channel axes

        boolean any() {
            return coord || weighted || channels;
        }
    }

    /** Results by object id (index 0 unused). */
    static final class Result {
        final int D;
        final int C;
        final double[] coordEw;     // [id * D + k]
        final double[] coordEv;     // [id * D * D + i * D + k], column k = eigenvector k
        final double[] wSum;        // Σ w
        final double[] wS1;         // [id * 3 + d] Σ w c
        final double[] wEw;
        final double[] wEv;
        final double[] argMin;      // [id * 3 + d]
        final double[] argMax;
        final double[] chScatter;   // [id * C * C + i * C + j]
        final double[] chEw;
        final double[] chEv;
        final double[] coordP3;     // [id * D + k]
        final double[] coordP4;
        final double[] wP3;
        final double[] wP4;
        final double[] chP3;        // [id * C + k]
        final double[] chP4;
        final double[] chMin;
        final double[] chMax;

        Result(int n, int D, int C, Needs needs) {
            this.D = D;
            this.C = C;
            int m = n + 1;
            coordEw = needs.coord ? new double[m * D] : null;
            coordEv = needs.coord ? new double[m * D * D] : null;
            wSum = needs.weighted ? new double[m] : null;
            wS1 = needs.weighted ? new double[m * 3] : null;
            wEw = needs.weighted ? new double[m * D] : null;
            wEv = needs.weighted ? new double[m * D * D] : null;
            argMin = needs.weighted ? new double[m * 3] : null;
            argMax = needs.weighted ? new double[m * 3] : null;
            chScatter = needs.channels ? new double[m * C * C] : null;
            chEw = needs.channels ? new double[m * C] : null;
            chEv = needs.channels ? new double[m * C * C] : null;
            coordP3 = needs.coordProj ? new double[m * D] : null;
            coordP4 = needs.coordProj ? new double[m * D] : null;
            wP3 = needs.weightedProj ? new double[m * D] : null;
            wP4 = needs.weightedProj ? new double[m * D] : null;
            chP3 = needs.channelProj ? new double[m * C] : null;
            chP4 = needs.channelProj ? new double[m * C] : null;
            chMin = needs.channelProj ? new double[m * C] : null;
            chMax = needs.channelProj ? new double[m * C] : null;
        }
    }

    /**
     * vigra's factor {@code n * 1.0 / (n - 1.0)} of the incremental scatter update, for n up to 65536: the very
     * same division, done once (bit-identical).
     */
    private static final double[] WELFORD = new double[1 << 16];

    static {
        for (int n = 2; n < WELFORD.length; n++) WELFORD[n] = n * 1.0 / (n - 1.0);
    }

    private static double welford(double n) {
        return n < WELFORD.length ? WELFORD[(int) n] : n * 1.0 / (n - 1.0);
    }

    private ShapePass() {}

    static Result run(Frame f, Boxes boxes, Needs needs, Workers workers) {
        int n = boxes.n;
        int D = f.dims;
        int C = f.C;
        Result r = new Result(n, D, C, needs);
        workers.forEach(n, i -> {
            int id = i + 1;
            if (!boxes.empty(id)) object(f, boxes, id, needs, r);
        });
        return r;
    }

    private static void object(Frame f, Boxes boxes, int id, Needs needs, Result r) {
        if (needs.coord && !needs.weighted && !needs.channels && !needs.coordProj) {
            coordinatesOnly(f, boxes, id, r);
            return;
        }
        int D = r.D;
        int C = r.C;
        int x0 = boxes.min[id * 3];
        int x1 = boxes.max[id * 3] + 1;
        int nx = x1 - x0;
        int[] lab = new int[nx];
        boolean raw = needs.weighted || needs.channels;
        float[] v = raw ? new float[nx * C] : null;

        // pass 1, vigra's incremental updates in raster order
        double n = 0;
        double[] s = new double[3];            // exact coordinate sums
        double[] sc = new double[6];           // flat scatter xx, xy, xz, yy, yz, zz
        double[] mean = new double[3];
        double[] diff = new double[3];
        double w = 0;                          // weighted count
        double[] ws = new double[3];           // Σ w c
        double[] wsc = new double[6];
        double minW = Double.MAX_VALUE;
        double maxW = -Double.MAX_VALUE;
        double[] amin = new double[3];
        double[] amax = new double[3];
        double[] csum = needs.channels ? new double[C] : null;
        double[] cdiff = needs.channels ? new double[C] : null;
        double[] csc = needs.channels ? new double[C * (C + 1) / 2] : null;
        int[] c = new int[3];
        for (int z = boxes.min[id * 3 + 2]; z <= boxes.max[id * 3 + 2]; z++) {
            c[2] = z;
            for (int y = boxes.min[id * 3 + 1]; y <= boxes.max[id * 3 + 1]; y++) {
                c[1] = y;
                int row = z * f.Y + y;
                f.labelRange(row, x0, x1, lab);
                boolean read = false;
                for (int xi = 0; xi < nx; xi++) {
                    if (lab[xi] != id) continue;
                    if (raw && !read) {
                        f.rawRow(row, x0, x1, v);
                        read = true;
                    }
                    c[0] = x0 + xi;
                    n += 1;
                    if (needs.coord) {
                        for (int d = 0; d < D; d++) {
                            s[d] += c[d];
                            mean[d] = s[d] / n;
                        }
                        if (n > 1) {
                            double k = n * 1.0 / (n - 1.0);
                            for (int d = 0; d < D; d++) diff[d] = mean[d] - c[d];
                            flat(sc, diff, k, D);
                        }
                    }
                    if (needs.weighted) {
                        double wt = v[xi];
                        w += wt;
                        for (int d = 0; d < D; d++) ws[d] += wt * c[d];
                        if (w > wt) {
                            double k = w * wt / (w - wt);
                            for (int d = 0; d < D; d++) diff[d] = ws[d] / w - c[d];
                            flat(wsc, diff, k, D);
                        }
                        if (wt < minW) {
                            minW = wt;
                            for (int d = 0; d < D; d++) amin[d] = c[d];
                        }
                        if (wt > maxW) {
                            maxW = wt;
                            for (int d = 0; d < D; d++) amax[d] = c[d];
                        }
                    }
                    if (needs.channels) {
                        for (int ch = 0; ch < C; ch++) {
                            double x = v[xi * C + ch];
                            csum[ch] += x;
                            cdiff[ch] = csum[ch] / n - x;
                        }
                        if (n > 1) flat(csc, cdiff, n * 1.0 / (n - 1.0), C);
                    }
                }
            }
        }

        int Dm = D * D;
        if (needs.coord) eigen(sc, D, r.coordEw, id * D, r.coordEv, id * Dm);
        if (needs.weighted) {
            r.wSum[id] = w;
            for (int d = 0; d < 3; d++) {
                r.wS1[id * 3 + d] = ws[d];
                r.argMin[id * 3 + d] = amin[d];
                r.argMax[id * 3 + d] = amax[d];
            }
            eigen(wsc, D, r.wEw, id * D, r.wEv, id * Dm);
        }
        if (needs.channels) {
            double[] full = square(csc, C);
            System.arraycopy(full, 0, r.chScatter, id * C * C, C * C);
            eigen(csc, C, r.chEw, id * C, r.chEv, id * C * C);
        }
        if (!(needs.coordProj || needs.weightedProj || needs.channelProj)) return;

        // pass 2: projections on the eigenvectors, about the final means (vigra's Centralize, PrincipalProjection)
        double[] cm = new double[3];
        double[] wm = new double[3];
        for (int d = 0; d < D; d++) {
            cm[d] = s[d] / n;
            wm[d] = ws[d] / w;
        }
        double[] chm = new double[C];
        if (needs.channelProj) for (int ch = 0; ch < C; ch++) chm[ch] = csum[ch] / n;
        double[] cen = new double[Math.max(3, C)];
        if (needs.channelProj) {
            java.util.Arrays.fill(r.chMin, id * C, id * C + C, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(r.chMax, id * C, id * C + C, Double.NEGATIVE_INFINITY);
        }
        for (int z = boxes.min[id * 3 + 2]; z <= boxes.max[id * 3 + 2]; z++) {
            c[2] = z;
            for (int y = boxes.min[id * 3 + 1]; y <= boxes.max[id * 3 + 1]; y++) {
                c[1] = y;
                int row = z * f.Y + y;
                f.labelRange(row, x0, x1, lab);
                boolean read = false;
                for (int xi = 0; xi < nx; xi++) {
                    if (lab[xi] != id) continue;
                    if (raw && !read) {
                        f.rawRow(row, x0, x1, v);
                        read = true;
                    }
                    c[0] = x0 + xi;
                    if (needs.coordProj) {
                        for (int d = 0; d < D; d++) cen[d] = c[d] - cm[d];
                        project(r.coordEv, id * Dm, D, cen, r.coordP3, r.coordP4, id * D, 1.0);
                    }
                    if (needs.weightedProj) {
                        for (int d = 0; d < D; d++) cen[d] = c[d] - wm[d];
                        project(r.wEv, id * Dm, D, cen, r.wP3, r.wP4, id * D, v[xi]);
                    }
                    if (needs.channelProj) {
                        for (int ch = 0; ch < C; ch++) cen[ch] = v[xi * C + ch] - chm[ch];
                        int e = id * C * C;
                        for (int k = 0; k < C; k++) {
                            double p = r.chEv[e + k] * cen[0];
                            for (int d = 1; d < C; d++) p += r.chEv[e + d * C + k] * cen[d];
                            r.chP3[id * C + k] += Math.pow(p, 3);
                            r.chP4[id * C + k] += Math.pow(p, 4);
                            if (p < r.chMin[id * C + k]) r.chMin[id * C + k] = p;
                            if (p > r.chMax[id * C + k]) r.chMax[id * C + k] = p;
                        }
                    }
                }
            }
        }
    }

    /**
     * The common case (RegionRadii / RegionAxes), unrolled: the same operations in the same order as the general
     * path, so the same bits.
     */
    private static void coordinatesOnly(Frame f, Boxes boxes, int id, Result r) {
        int x0 = boxes.min[id * 3];
        int x1 = boxes.max[id * 3] + 1;
        int nx = x1 - x0;
        int[] lab = new int[nx];
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sz = 0;
        double xx = 0;
        double xy = 0;
        double xz = 0;
        double yy = 0;
        double yz = 0;
        double zz = 0;
        boolean three = r.D == 3;
        boolean direct = !f.longLabels();    // int labels are read in place
        for (int z = boxes.min[id * 3 + 2]; z <= boxes.max[id * 3 + 2]; z++) {
            int[] plane = direct ? (int[]) f.labelPlane(z) : null;
            for (int y = boxes.min[id * 3 + 1]; y <= boxes.max[id * 3 + 1]; y++) {
                int off = y * f.X + x0;
                if (!direct) {
                    f.labelRange(z * f.Y + y, x0, x1, lab);
                    plane = lab;
                    off = 0;
                }
                for (int xi = 0; xi < nx; xi++) {
                    if (plane[off + xi] != id) continue;
                    double x = x0 + xi;
                    n += 1;
                    sx += x;
                    sy += y;
                    double mx = sx / n;
                    double my = sy / n;
                    if (three) {
                        sz += z;
                        double mz = sz / n;
                        if (n > 1) {
                            double k = welford(n);
                            double dx = mx - x;
                            double dy = my - y;
                            double dz = mz - z;
                            xx += k * dx * dx;
                            xy += k * dy * dx;
                            xz += k * dz * dx;
                            yy += k * dy * dy;
                            yz += k * dz * dy;
                            zz += k * dz * dz;
                        }
                    } else if (n > 1) {
                        double k = welford(n);
                        double dx = mx - x;
                        double dy = my - y;
                        xx += k * dx * dx;
                        xy += k * dy * dx;
                        yy += k * dy * dy;
                    }
                }
            }
        }
        double[] flat = three ? new double[] {xx, xy, xz, yy, yz, zz} : new double[] {xx, xy, yy};
        eigen(flat, r.D, r.coordEw, id * r.D, r.coordEv, id * r.D * r.D);
    }

    /** vigra's {@code updateFlatScatterMatrix}: {@code sc[k++] += w * s[i] * s[j]} for j ≤ i. */
    private static void flat(double[] sc, double[] s, double w, int size) {
        for (int j = 0, k = 0; j < size; ++j) {
            for (int i = j; i < size; ++i, ++k) sc[k] += w * s[i] * s[j];
        }
    }

    /** vigra's {@code flatScatterMatrixToScatterMatrix}, row-major. */
    private static double[] square(double[] sc, int size) {
        double[] m = new double[size * size];
        int k = 0;
        for (int j = 0; j < size; ++j) {
            m[j * size + j] = sc[k++];
            for (int i = j + 1; i < size; ++i) {
                m[i * size + j] = sc[k++];
                m[j * size + i] = m[i * size + j];
            }
        }
        return m;
    }

    private static void eigen(double[] flat, int size, double[] ew, int ewAt, double[] ev, int evAt) {
        double[] w = new double[size];
        double[] v = new double[size * size];
        SymmetricEigen.decompose(square(flat, size), size, w, v);
        System.arraycopy(w, 0, ew, ewAt, size);
        System.arraycopy(v, 0, ev, evAt, size * size);
    }

    /** vigra's PrincipalProjection and {@code value += w · pow(p, 3|4)}. */
    private static void project(double[] ev, int e, int D, double[] cen, double[] p3, double[] p4, int at,
                                double w) {
        for (int k = 0; k < D; k++) {
            double p = ev[e + k] * cen[0];
            for (int d = 1; d < D; d++) p += ev[e + d * D + k] * cen[d];
            p3[at + k] += w * Math.pow(p, 3);
            p4[at + k] += w * Math.pow(p, 4);
        }
    }
}
