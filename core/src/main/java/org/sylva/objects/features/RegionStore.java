package org.sylva.objects.features;

import java.util.Arrays;

/**
 * Per-object accumulators of one band of rows (or, after merging, of the whole frame), kept in chunks of
 * {@value #CHUNK} consecutive ids that are allocated when an id of the chunk is first seen, so a band only pays
 * for the objects it touches.
 *
 * <p>What is accumulated, per object ({@link Layout} gives the slots): the pixel count; exact coordinate sums; the
 * bounding box; per channel the intensity sum and the central moment sums M2, M3, M4 about the mean, minimum and
 * maximum; and the 64-bin histogram on the global range (plus vigra's outlier counts). Second-order shape
 * statistics are left to {@link ShapePass}.
 *
 * <p>Rows are fed as runs of equal label. A run's own moments are computed about the run's mean and merged into
 * the object with the pairwise formulas of Chan et al. / Pébay — exactly vigra's {@code operator+=} for
 * {@code Central<PowerSum<2..4>>} — which stays accurate whatever the offset of the data (raw power sums would
 * lose the variance of 16-bit data with a large mean). Bands merge the same way, in band order, so results do not
 * depend on the thread count.
 */
final class RegionStore {

    /** Ids per chunk. */
    static final int CHUNK = 256;
    static final int SHIFT = 8;
    static final int MASK = CHUNK - 1;

    // fixed slots
    static final int N = 0;
    static final int SX = 1;      // exact coordinate sums x, y, z (integers held in doubles, exact below 2^53)
    static final int BOX = 4;     // min x, y, z, max x, y, z (inclusive)
    static final int CH = 10;     // per channel: sum, m2, m3, m4, min, max
    static final int CH_STRIDE = 6;

    /** Slot offsets for a given channel count and options. */
    static final class Layout {
        final int channels;
        final boolean histogram;
        final int stride;
        final int histStride;

        Layout(int channels, boolean histogram) {
            this.channels = channels;
            this.histogram = histogram;
            this.stride = CH + CH_STRIDE * channels;
            this.histStride = histogram ? Quantiles.BINS + 2 : 0;
        }
    }

    final Layout layout;
    double[][] chunks = new double[0][];
    int[][] hists = new int[0][];

    RegionStore(Layout layout) {
        this.layout = layout;
    }

    /** The chunk holding id {@code label}, allocated and initialised if new. */
    double[] chunk(int label) {
        int c = label >>> SHIFT;
        if (c >= chunks.length) {
            int n = Math.max(c + 1, chunks.length * 2);
            chunks = Arrays.copyOf(chunks, n);
            if (layout.histogram) hists = Arrays.copyOf(hists, n);
        }
        double[] a = chunks[c];
        if (a == null) {
            a = newChunk(layout);
            chunks[c] = a;
            if (layout.histogram) hists[c] = new int[CHUNK * layout.histStride];
        }
        return a;
    }

    /** Makes room for {@code n} chunks (before chunks are allocated concurrently, one thread per chunk). */
    void ensureChunks(int n) {
        if (n > chunks.length) {
            chunks = Arrays.copyOf(chunks, n);
            if (layout.histogram) hists = Arrays.copyOf(hists, n);
        }
    }

    static double[] newChunk(Layout layout) {
        double[] a = new double[CHUNK * layout.stride];
        for (int k = 0; k < CHUNK; k++) {
            int b = k * layout.stride;
            a[b + BOX] = a[b + BOX + 1] = a[b + BOX + 2] = Double.MAX_VALUE;
            a[b + BOX + 3] = a[b + BOX + 4] = a[b + BOX + 5] = -Double.MAX_VALUE;
            for (int c = 0; c < layout.channels; c++) {
                a[b + CH + c * CH_STRIDE + 4] = Double.POSITIVE_INFINITY;
                a[b + CH + c * CH_STRIDE + 5] = Double.NEGATIVE_INFINITY;
            }
        }
        return a;
    }

    /** Highest id with at least one pixel, or 0. */
    int maxLabel() {
        for (int c = chunks.length - 1; c >= 0; c--) {
            double[] a = chunks[c];
            if (a == null) continue;
            for (int k = CHUNK - 1; k >= 0; k--) {
                if (a[k * layout.stride + N] > 0) return (c << SHIFT) + k;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Feeding runs

    /** Scratch of one scanning thread. */
    static final class Scratch {
        final float[] values;

        Scratch(int x, int channels) {
            values = new float[x * channels];
        }
    }

    /**
     * Adds the run of pixels [x0, x1) of row (y, z), id {@code label}, whose float32 samples are
     * {@code s.values[(x - x0) * C + c]}.
     *
     * @param scale  histogram bins per intensity unit (channel 0), if the layout has a histogram
     * @param origin histogram origin (the global minimum)
     */
    void addRun(int label, int x0, int x1, int y, int z, Scratch s, double scale, double origin) {
        double[] a = chunk(label);
        int b = (label & MASK) * layout.stride;
        double nb = x1 - x0;
        double na = a[b + N];
        double n = na + nb;
        a[b + SX] += nb * x0 + nb * (nb - 1) * 0.5;
        a[b + SX + 1] += nb * y;
        a[b + SX + 2] += nb * z;
        if (x0 < a[b + BOX]) a[b + BOX] = x0;
        if (y < a[b + BOX + 1]) a[b + BOX + 1] = y;
        if (z < a[b + BOX + 2]) a[b + BOX + 2] = z;
        if (x1 - 1 > a[b + BOX + 3]) a[b + BOX + 3] = x1 - 1;
        if (y > a[b + BOX + 4]) a[b + BOX + 4] = y;
        if (z > a[b + BOX + 5]) a[b + BOX + 5] = z;

        int C = layout.channels;
        float[] v = s.values;
        int len = x1 - x0;
        if (layout.histogram) {
            int[] h = hists[label >>> SHIFT];
            int hb = (label & MASK) * layout.histStride;
            for (int i = 0; i < len; i++) {
                int bin = Quantiles.bin(v[i], scale, origin, Quantiles.BINS);
                h[hb + (bin < 0 ? Quantiles.BINS : bin)]++;
            }
        }
        // run moments about the run mean, then Pébay's pairwise update (vigra's operator+=)
        for (int c = 0; c < C; c++) {
            double sum = 0;
            float mn = Float.POSITIVE_INFINITY;
            float mx = Float.NEGATIVE_INFINITY;
            for (int i = c; i < len * C; i += C) {
                float x = v[i];
                sum += x;
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
            }
            double mean = sum / nb;
            double m2 = 0;
            double m3 = 0;
            double m4 = 0;
            for (int i = c; i < len * C; i += C) {
                double d = v[i] - mean;
                double d2 = d * d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
            int cb = b + CH + c * CH_STRIDE;
            if (mn < a[cb + 4]) a[cb + 4] = mn;
            if (mx > a[cb + 5]) a[cb + 5] = mx;
            if (na == 0) {
                a[cb] = sum;
                a[cb + 1] = m2;
                a[cb + 2] = m3;
                a[cb + 3] = m4;
            } else {
                mergeMoments(a, cb, na, nb, n, mean - a[cb] / na, m2, m3, m4);
                a[cb] += sum;
            }
        }
        a[b + N] = n;
    }

    /** Pébay's update of (M2, M3, M4) at {@code cb + 1..3} with a part of {@code nb} values (vigra's formulas). */
    private static void mergeMoments(double[] a, int cb, double na, double nb, double n, double delta,
                                     double m2b, double m3b, double m4b) {
        double m2a = a[cb + 1];
        double m3a = a[cb + 2];
        double n2 = n * n;
        double d2 = delta * delta;
        a[cb + 3] += m4b + na * nb * (na * na - na * nb + nb * nb) / n2 / n * d2 * d2
                + 6.0 / n2 * d2 * (na * na * m2b + nb * nb * m2a)
                + 4.0 / n * delta * (na * m3b - nb * m3a);
        a[cb + 2] += m3b + na * nb * (na - nb) / n2 * d2 * delta + 3.0 / n * delta * (na * m2b - nb * m2a);
        a[cb + 1] += m2b + na * nb / n * d2;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Merging stores

    /** Merges chunk {@code c} of {@code other} (a later band) into this store. */
    void mergeChunk(RegionStore other, int c) {
        if (c >= other.chunks.length || other.chunks[c] == null) return;
        double[] a = chunk(c << SHIFT);
        double[] o = other.chunks[c];
        for (int k = 0; k < CHUNK; k++) {
            int b = k * layout.stride;
            if (o[b + N] == 0) continue;
            if (a[b + N] == 0) {
                System.arraycopy(o, b, a, b, layout.stride);
            } else {
                merge(a, o, b);
            }
        }
        if (layout.histogram) {
            int[] h = hists[c];
            int[] oh = other.hists[c];
            for (int i = 0; i < h.length; i++) h[i] += oh[i];
        }
    }

    private void merge(double[] a, double[] o, int b) {
        double na = a[b + N];
        double nb = o[b + N];
        double n = na + nb;
        for (int i = 0; i < 3; i++) {
            a[b + SX + i] += o[b + SX + i];
            a[b + BOX + i] = Math.min(a[b + BOX + i], o[b + BOX + i]);
            a[b + BOX + 3 + i] = Math.max(a[b + BOX + 3 + i], o[b + BOX + 3 + i]);
        }
        for (int c = 0; c < layout.channels; c++) {
            int cb = b + CH + c * CH_STRIDE;
            mergeMoments(a, cb, na, nb, n, o[cb] / nb - a[cb] / na, o[cb + 1], o[cb + 2], o[cb + 3]);
            a[cb] += o[cb];
            a[cb + 4] = Math.min(a[cb + 4], o[cb + 4]);
            a[cb + 5] = Math.max(a[cb + 5], o[cb + 5]);
        }
        a[b + N] = n;
    }
}
