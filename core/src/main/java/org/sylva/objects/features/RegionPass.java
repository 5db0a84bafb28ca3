package org.sylva.objects.features;

import java.util.Arrays;
import org.sylva.blockwise.Workers;

/**
 * The parallel passes over one time point. The rows are cut into a fixed number of bands (it depends on the image
 * only, never on the thread count); each band accumulates into its own {@link RegionStore}; the stores are merged
 * in band order. Memory: the label and raw planes are read in place, never copied; a band allocates accumulators
 * only for the ids it meets.
 */
final class RegionPass {

    private RegionPass() {}

    /** Bands for {@code rows} rows: about 16 rows at least, at most 32 bands. */
    static int bands(int rows) {
        return Math.max(1, Math.min(32, rows / 16));
    }

    static int bandStart(int rows, int bands, int b) {
        return (int) ((long) rows * b / bands);
    }

    /**
     * The minimum and maximum float32 intensity per channel over all labelled pixels (vigra's
     * {@code Global<Minimum>}/{@code Global<Maximum>} with label 0 ignored): {@code [min0, max0, min1, ...]}; NaN
     * when the frame has no labelled pixel. The histogram needs it before the main pass.
     */
    static double[] globalRange(Frame f, Workers workers) {
        int rows = f.rows();
        int bands = bands(rows);
        int C = f.C;
        double[][] parts = new double[bands][];
        workers.forEach(bands, b -> {
            double[] r = new double[2 * C];
            for (int c = 0; c < C; c++) {
                r[2 * c] = Double.POSITIVE_INFINITY;
                r[2 * c + 1] = Double.NEGATIVE_INFINITY;
            }
            int X = f.X;
            int[] buf = f.longLabels() ? new int[X] : null;
            int[] zeros = new int[X];
            float[] v = new float[X * C];
            for (int row = bandStart(rows, bands, b); row < bandStart(rows, bands, b + 1); row++) {
                int[] lab;
                int off;
                if (buf != null) {
                    f.labelRow(row, buf);
                    lab = buf;
                    off = 0;
                } else {
                    lab = (int[]) f.labelPlane(row / f.Y);
                    off = (row % f.Y) * X;
                }
                int x = 0;
                while (x < X) {
                    x = nextObject(lab, off, x, X, zeros);
                    if (x == X) break;
                    int x0 = x;
                    while (x < X && lab[off + x] != 0) x++;
                    f.rawRow(row, x0, x, v);
                    int n = (x - x0) * C;
                    for (int c = 0; c < C; c++) {
                        float mn = (float) r[2 * c];
                        float mx = (float) r[2 * c + 1];
                        for (int i = c; i < n; i += C) {
                            float s = v[i];
                            mn = Math.min(mn, s);
                            mx = Math.max(mx, s);
                        }
                        r[2 * c] = mn;
                        r[2 * c + 1] = mx;
                    }
                }
            }
            parts[b] = r;
        });
        double[] out = parts[0];
        for (int b = 1; b < bands; b++) {
            for (int c = 0; c < C; c++) {
                out[2 * c] = Math.min(out[2 * c], parts[b][2 * c]);
                out[2 * c + 1] = Math.max(out[2 * c + 1], parts[b][2 * c + 1]);
            }
        }
        if (!(out[0] <= out[1])) Arrays.fill(out, Double.NaN);
        return out;
    }

    /**
     * The main pass: every labelled pixel once, as runs of equal id along x.
     *
     * @param scale  histogram bins per intensity unit (if the layout has a histogram)
     * @param origin histogram origin
     */
    static RegionStore scan(Frame f, RegionStore.Layout layout, Workers workers, double scale, double origin) {
        int rows = f.rows();
        int bands = bands(rows);
        RegionStore[] stores = new RegionStore[bands];
        workers.forEach(bands, b -> stores[b] = scanBand(f, layout, bandStart(rows, bands, b),
                bandStart(rows, bands, b + 1), scale, origin));
        return RegionStore.merge(stores, layout, workers);
    }

    private static RegionStore scanBand(Frame f, RegionStore.Layout layout, int from, int to, double scale,
                                        double origin) {
        RegionStore st = RegionStore.band(layout);
        RegionStore.Scratch s = new RegionStore.Scratch(f.X, f.C);
        int X = f.X;
        int Y = f.Y;
        int[] buf = f.longLabels() ? new int[X] : null;
        int[] zeros = new int[X];
        float[][] floats = f.floatPlanes();   // float32 raw is read in place
        for (int r = from; r < to; r++) {
            int z = r / Y;
            int y = r - z * Y;
            int[] lab;
            int off;
            if (buf != null) {
                f.labelRow(r, buf);
                lab = buf;
                off = 0;
            } else {
                lab = (int[]) f.labelPlane(z);
                off = y * X;
            }
            int x = 0;
            while (x < X) {
                int l = lab[off + x];
                if (l == 0) {
                    x = nextObject(lab, off, x, X, zeros);
                    continue;
                }
                if (l < 0 || l == Integer.MAX_VALUE) f.labelRow(r, new int[X]);   // throws, naming the pixel
                int x0 = x++;
                while (x < X && lab[off + x] == l) x++;
                if (floats != null) {
                    st.addRun(l, x0, x, y, z, floats[z], (y * X + x0) * f.C, scale, origin);
                } else {
                    f.rawRow(r, x0, x, s.values);
                    st.addRun(l, x0, x, y, z, s, scale, origin);
                }
            }
        }
        return st;
    }


    /**
     * The first x ≥ {@code x} whose label is not 0, or X: background is skipped with {@code Arrays.mismatch}
     * against a row of zeros, which the JIT compiles to a vectorised comparison.
     */
    static int nextObject(int[] lab, int off, int x, int X, int[] zeros) {
        int m = Arrays.mismatch(lab, off + x, off + X, zeros, 0, X - x);
        return m < 0 ? X : x + m;
    }
}
