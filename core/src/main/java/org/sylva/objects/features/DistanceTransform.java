package org.sylva.objects.features;

/**
 * Exact squared Euclidean distance transform with integer pixel pitches (Felzenszwalb &amp; Huttenlocher's lower
 * envelope of parabolas, one axis after the other), as vigra's {@code distanceTransform(background=True,
 * pixel_pitch)} in squared form: for every pixel the squared distance to the nearest seed, each axis step counting
 * {@code pitch} units. A pitch of 0 stands for an infinite one: nothing propagates along that axis. Distances stay
 * integers, so thresholds compare exactly.
 */
final class DistanceTransform {

    static final double INF = Double.POSITIVE_INFINITY;

    private DistanceTransform() {}

    /**
     * In place: {@code d[(z * ny + y) * nx + x]} holds 0 at seeds and {@link #INF} elsewhere on entry, the squared
     * distance on return.
     *
     * @param pitch x, y, z pitches (0 = infinite)
     */
    static void squared(double[] d, int nx, int ny, int nz, long[] pitch) {
        int longest = Math.max(nx, Math.max(ny, nz));
        double[] f = new double[longest];
        double[] out = new double[longest];
        int[] v = new int[longest];
        double[] zs = new double[longest + 1];
        // x: runs are contiguous
        if (pitch[0] != 0) {
            for (int r = 0; r < ny * nz; r++) line(d, r * nx, 1, nx, (double) pitch[0] * pitch[0], f, out, v, zs);
        }
        if (pitch[1] != 0 && ny > 1) {
            for (int z = 0; z < nz; z++) {
                for (int x = 0; x < nx; x++) line(d, z * ny * nx + x, nx, ny, (double) pitch[1] * pitch[1], f, out, v, zs);
            }
        }
        if (pitch[2] != 0 && nz > 1) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) line(d, y * nx + x, nx * ny, nz, (double) pitch[2] * pitch[2], f, out, v, zs);
            }
        }
    }

    /** One line: out(q) = min_p f(p) + w (q - p)², f = the line's current values. */
    private static void line(double[] d, int start, int step, int n, double w, double[] f, double[] out, int[] v,
                             double[] zs) {
        boolean any = false;
        for (int i = 0; i < n; i++) {
            f[i] = d[start + i * step];
            any |= f[i] != INF;
        }
        if (!any) return;
        int k = -1;
        for (int q = 0; q < n; q++) {
            if (f[q] == INF) continue;
            if (k < 0) {
                k = 0;
                v[0] = q;
                zs[0] = Double.NEGATIVE_INFINITY;
                zs[1] = INF;
                continue;
            }
            double s;
            while (true) {
                int p = v[k];
                s = ((f[q] + w * q * q) - (f[p] + w * p * p)) / (2.0 * w * (q - p));
                if (s <= zs[k]) {
                    k--;
                    if (k < 0) break;
                } else {
                    break;
                }
            }
            k++;
            v[k] = q;
            zs[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
            zs[k + 1] = INF;
        }
        int j = 0;
        for (int q = 0; q < n; q++) {
            while (zs[j + 1] < q) j++;
            double dq = q - v[j];
            out[q] = f[v[j]] + w * dq * dq;
        }
        for (int i = 0; i < n; i++) d[start + i * step] = out[i];
    }
}
