package org.sylva.objects.features;

import java.util.Arrays;
import org.sylva.blockwise.Workers;

/**
 * The parallel passes over one time point. The rows are cut into a fixed number of bands (it depends on the image
 * only, never on the thread count); each band accumulates into its own {@link RegionStore}; the stores are merged
 * in band order, chunk by chunk in parallel. Memory: the label and raw planes are read in place, never copied; a
 * band allocates accumulators only for the ids it meets.
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
     * when the frame has no labelled pixel.
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
            int[] lab = new int[f.X];
            float[] v = new float[f.X * C];
            for (int row = bandStart(rows, bands, b); row < bandStart(rows, bands, b + 1); row++) {
                f.labelRow(row, lab);
                int x = 0;
                while (x < f.X) {
                    while (x < f.X && lab[x] == 0) x++;
                    if (x == f.X) break;
                    int x0 = x;
                    while (x < f.X && lab[x] != 0) x++;
                    f.rawRow(row, x0, x, v);
                    for (int i = 0; i < (x - x0) * C; i++) {
                        int c = i % C;
                        float s = v[i];
                        if (s < r[2 * c]) r[2 * c] = s;
                        if (s > r[2 * c + 1]) r[2 * c + 1] = s;
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
        if (out[0] > out[1]) Arrays.fill(out, Double.NaN);
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
        return merge(stores, workers);
    }

    private static RegionStore scanBand(Frame f, RegionStore.Layout layout, int from, int to, double scale,
                                        double origin) {
        RegionStore st = new RegionStore(layout);
        RegionStore.Scratch s = new RegionStore.Scratch(f.X, f.C);
        int X = f.X;
        int Y = f.Y;
        int[] buf = f.longLabels() ? new int[X] : null;
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
                    x++;
                    continue;
                }
                if (l < 0 || l == Integer.MAX_VALUE) f.labelRow(r, new int[X]);   // throws, naming the pixel
                int x0 = x++;
                while (x < X && lab[off + x] == l) x++;
                f.rawRow(r, x0, x, s.values);
                st.addRun(l, x0, x, y, z, s, scale, origin);
            }
        }
        return st;
    }

    /** Merges band stores in band order (in parallel over chunks) into the first. */
    static RegionStore merge(RegionStore[] stores, Workers workers) {
        RegionStore into = stores[0];
        int chunks = 0;
        for (RegionStore s : stores) chunks = Math.max(chunks, s.chunks.length);
        into.ensureChunks(chunks);
        workers.forEach(chunks, c -> {
            for (int b = 1; b < stores.length; b++) into.mergeChunk(stores[b], c);
        });
        return into;
    }
}
