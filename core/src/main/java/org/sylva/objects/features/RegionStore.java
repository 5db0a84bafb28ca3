package org.sylva.objects.features;

import java.util.Arrays;

/**
 * Per-object accumulators. A band of rows keeps its objects compactly, in the order it meets them (an id → slot
 * hash map, so a band pays only for the objects it touches, whatever the numbering of the ids); the bands are then
 * merged, in band order, into one dense array indexed by id ({@link #merge}).
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
    /** Accumulators, {@code acc[slot * stride + ...]}; in a merged store the slot is the id. */
    double[] acc;
    /** Histograms, {@code hist[slot * histStride + bin]} (bins, then left and right outliers). */
    int[] hist;
    /** Id of every slot (band stores). */
    int[] ids;
    int size;

    // id → slot, open addressing (0 = empty)
    private int[] keys;
    private int[] slots;
    private int lastId = -1;
    private int lastSlot = -1;

    private RegionStore(Layout layout, int capacity, boolean dense) {
        this.layout = layout;
        this.acc = new double[capacity * layout.stride];
        this.hist = new int[capacity * layout.histStride];
        initialise(acc, 0, capacity, layout);
        if (!dense) {
            ids = new int[capacity];
            keys = new int[Integer.highestOneBit(capacity * 2 - 1) * 2];
            slots = new int[keys.length];
        } else {
            size = capacity;
        }
    }

    /** An empty band store. */
    static RegionStore band(Layout layout) {
        return new RegionStore(layout, 512, false);
    }

    private static void initialise(double[] a, int from, int to, Layout layout) {
        for (int k = from; k < to; k++) {
            int b = k * layout.stride;
            a[b + BOX] = a[b + BOX + 1] = a[b + BOX + 2] = Double.MAX_VALUE;
            a[b + BOX + 3] = a[b + BOX + 4] = a[b + BOX + 5] = -Double.MAX_VALUE;
            for (int c = 0; c < layout.channels; c++) {
                a[b + CH + c * CH_STRIDE + 4] = Double.POSITIVE_INFINITY;
                a[b + CH + c * CH_STRIDE + 5] = Double.NEGATIVE_INFINITY;
            }
        }
    }

    /** The slot of {@code id} in this band store, created if new. */
    int slot(int id) {
        if (id == lastId) return lastSlot;
        int mask = keys.length - 1;
        int h = mix(id) & mask;
        while (true) {
            int k = keys[h];
            if (k == id) {
                lastId = id;
                lastSlot = slots[h];
                return lastSlot;
            }
            if (k == 0) break;
            h = (h + 1) & mask;
        }
        int s = size++;
        if (s == ids.length) grow();
        ids[s] = id;
        insert(id, s);
        lastId = id;
        lastSlot = s;
        return s;
    }

    private void insert(int id, int s) {
        if (2 * size > keys.length) {
            int[] oldKeys = keys;
            int[] oldSlots = slots;
            keys = new int[oldKeys.length * 2];
            slots = new int[keys.length];
            for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != 0) put(oldKeys[i], oldSlots[i]);
        }
        put(id, s);
    }

    private void put(int id, int s) {
        int mask = keys.length - 1;
        int h = mix(id) & mask;
        while (keys[h] != 0) h = (h + 1) & mask;
        keys[h] = id;
        slots[h] = s;
    }

    private static int mix(int id) {
        int h = id * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    private void grow() {
        int cap = ids.length * 2;
        ids = Arrays.copyOf(ids, cap);
        int old = acc.length / layout.stride;
        acc = Arrays.copyOf(acc, cap * layout.stride);
        initialise(acc, old, cap, layout);
        hist = Arrays.copyOf(hist, cap * layout.histStride);
    }

    /** Highest id with at least one pixel (merged store), or 0. */
    int maxLabel() {
        for (int id = size - 1; id > 0; id--) if (acc[id * layout.stride + N] > 0) return id;
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
     * {@code s.values[(x - x0) * C + c]}; see {@link #addRun(int, int, int, int, int, float[], int, double, double)}.
     *
     * @param scale  histogram bins per intensity unit (channel 0), if the layout has a histogram
     * @param origin histogram origin (the global minimum)
     */
    void addRun(int label, int x0, int x1, int y, int z, Scratch s, double scale, double origin) {
        addRun(label, x0, x1, y, z, s.values, 0, scale, origin);
    }

    /**
     * Adds the run of pixels [x0, x1) of row (y, z), id {@code label}, whose float32 samples are
     * {@code v[at + (x - x0) * C + c]} (a scratch copy, or a float32 plane read in place).
     */
    void addRun(int label, int x0, int x1, int y, int z, float[] v, int at, double scale, double origin) {
        int slot = slot(label);
        double[] a = acc;
        int b = slot * layout.stride;
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
        int len = x1 - x0;
        if (C == 1) {
            addSingleChannel(a, b, slot, v, at, len, na, nb, n, scale, origin);
            return;
        }
        if (layout.histogram) {
            int[] h = hist;
            int hb = slot * layout.histStride;
            for (int i = 0; i < len; i++) {
                int bin = Quantiles.bin(v[at + i], scale, origin, Quantiles.BINS);
                h[hb + (bin < 0 ? Quantiles.BINS : bin)]++;
            }
        }
        // run moments about the run mean, then Pébay's pairwise update (vigra's operator+=)
        for (int c = 0; c < C; c++) {
            double sum = 0;
            float mn = Float.POSITIVE_INFINITY;
            float mx = Float.NEGATIVE_INFINITY;
            for (int i = at + c; i < at + len * C; i += C) {
                float x = v[i];
                sum += x;
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
            }
            double mean = sum / nb;
            double m2 = 0;
            double m3 = 0;
            double m4 = 0;
            for (int i = at + c; i < at + len * C; i += C) {
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

    /** {@link #addRun}'s intensity part for one channel: the histogram fused with the first loop. */
    private void addSingleChannel(double[] a, int b, int slot, float[] v, int at, int len, double na, double nb,
                                  double n, double scale, double origin) {
        double sum = 0;
        float mn = Float.POSITIVE_INFINITY;
        float mx = Float.NEGATIVE_INFINITY;
        if (layout.histogram) {
            int[] h = hist;
            int hb = slot * layout.histStride;
            for (int i = at; i < at + len; i++) {
                float x = v[i];
                sum += x;
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
                int bin = Quantiles.bin(x, scale, origin, Quantiles.BINS);
                h[hb + (bin < 0 ? Quantiles.BINS : bin)]++;
            }
        } else {
            for (int i = at; i < at + len; i++) {
                float x = v[i];
                sum += x;
                mn = Math.min(mn, x);
                mx = Math.max(mx, x);
            }
        }
        double mean = sum * reciprocal(len);
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (int i = at; i < at + len; i++) {
            double d = v[i] - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        int cb = b + CH;
        if (mn < a[cb + 4]) a[cb + 4] = mn;
        if (mx > a[cb + 5]) a[cb + 5] = mx;
        if (na == 0) {
            a[cb] = sum;
            a[cb + 1] = m2;
            a[cb + 2] = m3;
            a[cb + 3] = m4;
        } else {
            mergeMoments(a, cb, na, nb, n, mean - a[cb] * reciprocal(na), m2, m3, m4);
            a[cb] += sum;
        }
        a[b + N] = n;
    }

    /** 1 / k for the pixel counts of runs and objects (a table for small k: no division per run). */
    private static double reciprocal(double k) {
        return k < RECIPROCALS.length ? RECIPROCALS[(int) k] : 1.0 / k;
    }

    private static final double[] RECIPROCALS = new double[4096];

    static {
        for (int k = 1; k < RECIPROCALS.length; k++) RECIPROCALS[k] = 1.0 / k;
    }

    /**
     * Pébay's update of (M2, M3, M4) at {@code cb + 1..3} with a part of {@code nb} values whose mean differs by
     * {@code delta}: vigra's {@code operator+=} formulas, with the divisions by n done once as a reciprocal.
     */
    private static void mergeMoments(double[] a, int cb, double na, double nb, double n, double delta,
                                     double m2b, double m3b, double m4b) {
        double m2a = a[cb + 1];
        double m3a = a[cb + 2];
        double inv = 1.0 / n;
        double inv2 = inv * inv;
        double d2 = delta * delta;
        double nanb = na * nb;
        a[cb + 3] += m4b + nanb * (na * na - nanb + nb * nb) * inv2 * inv * d2 * d2
                + 6.0 * inv2 * d2 * (na * na * m2b + nb * nb * m2a)
                + 4.0 * inv * delta * (na * m3b - nb * m3a);
        a[cb + 2] += m3b + nanb * (na - nb) * inv2 * d2 * delta + 3.0 * inv * delta * (na * m2b - nb * m2a);
        a[cb + 1] += m2b + nanb * inv * d2;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Merging bands

    /**
     * Merges band stores into one dense store indexed by id (0..max id), in band order; in parallel over ranges of
     * ids, each range visiting the bands in order, so the result does not depend on the thread count.
     */
    static RegionStore merge(RegionStore[] bands, Layout layout, org.sylva.blockwise.Workers workers) {
        int highest = 0;
        for (RegionStore b : bands) for (int s = 0; s < b.size; s++) highest = Math.max(highest, b.ids[s]);
        int ids = highest + 1;
        RegionStore out = new RegionStore(layout, ids, true);
        int parts = Math.max(1, Math.min(64, ids / 256));
        workers.forEach(parts, p -> {
            int from = (int) ((long) ids * p / parts);
            int to = (int) ((long) ids * (p + 1) / parts);
            for (RegionStore band : bands) {
                for (int s = 0; s < band.size; s++) {
                    int id = band.ids[s];
                    if (id < from || id >= to) continue;
                    out.mergeFrom(id, band, s);
                }
            }
        });
        return out;
    }

    private void mergeFrom(int id, RegionStore o, int s) {
        int stride = layout.stride;
        double[] a = acc;
        double[] q = o.acc;
        int b = id * stride;
        int ob = s * stride;
        if (layout.histogram) {
            int hs = layout.histStride;
            for (int i = 0; i < hs; i++) hist[id * hs + i] += o.hist[s * hs + i];
        }
        double nb = q[ob + N];
        if (nb == 0) return;
        double na = a[b + N];
        if (na == 0) {
            System.arraycopy(q, ob, a, b, stride);
            return;
        }
        double n = na + nb;
        for (int i = 0; i < 3; i++) {
            a[b + SX + i] += q[ob + SX + i];
            a[b + BOX + i] = Math.min(a[b + BOX + i], q[ob + BOX + i]);
            a[b + BOX + 3 + i] = Math.max(a[b + BOX + 3 + i], q[ob + BOX + 3 + i]);
        }
        for (int c = 0; c < layout.channels; c++) {
            int cb = b + CH + c * CH_STRIDE;
            int ocb = ob + CH + c * CH_STRIDE;
            mergeMoments(a, cb, na, nb, n, q[ocb] / nb - a[cb] / na, q[ocb + 1], q[ocb + 2], q[ocb + 3]);
            a[cb] += q[ocb];
            a[cb + 4] = Math.min(a[cb + 4], q[ocb + 4]);
            a[cb + 5] = Math.max(a[cb + 5], q[ocb + 5]);
        }
        a[b + N] = n;
    }
}
