package org.sylva.objects.features;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sylva.blockwise.Workers;

/**
 * ilastik's "... in neighborhood" features (spec §5.4, {@code OpRegionFeatures.compute_extent} and
 * {@code make_bboxes}), per object:
 * <ul>
 *   <li>window = the bounding box grown by the margin on each side, clipped to the image — on the high side
 *       ilastik adds 1 to the already exclusive maximum, so the window reaches one pixel further there;</li>
 *   <li>object = this object's pixels in the window (other objects count as surroundings);</li>
 *   <li>anisotropic Euclidean distance of every window pixel to the object, an axis step counting
 *       {@code floor(M / margin_axis)} with M the largest margin (0 margin: the neighbourhood does not extend
 *       along that axis); "object and neighbourhood" = distance &lt; M, "neighbourhood" = that minus the object;</li>
 *   <li>on each set the statistics vigra computes with label 0 ignored: on the neighbourhood, sums in vigra's
 *       raster order and central moments about the exact mean; on object and neighbourhood, the neighbourhood's
 *       merged with the object's (Chan's and Pébay's formulas). Both agree with vigra's own accumulation to a few
 *       ulps of a double, so the float32 values are ilastik's, nearly always bit for bit; each histogram spans
 *       its set's own range.</li>
 * </ul>
 * An object whose set is empty (it fills its whole window) gets NaN there; ilastik would drop the feature
 * altogether.
 */
final class NeighborhoodFeatures {

    static final class Result {
        /** Base name ({@code X in neighborhood}) → values on the neighbourhood. */
        final Map<String, float[]> neighborhood = new HashMap<>();
        /** Same key → values on object and neighbourhood ({@code X in object and neighborhood}). */
        final Map<String, float[]> withObject = new HashMap<>();
    }

    private NeighborhoodFeatures() {}

    /**
     * @param features the selected neighbourhood features
     * @param margin   ilastik's max margin, x, y, z
     * @param hasZ     whether any margin was given with a z value (ilastik then works in 3D; no effect on results)
     */
    static Result compute(Frame f, Boxes boxes, List<ObjectFeature> features, int[] margin, boolean hasZ,
                          Workers workers) {
        int n = boxes.n;
        Result res = new Result();
        String[] names = new String[features.size()];
        String[] bases = new String[features.size()];
        int[] widths = new int[features.size()];
        boolean moments34 = false;
        boolean covariance = false;
        for (int i = 0; i < names.length; i++) {
            names[i] = features.get(i).name();
            bases[i] = FeatureCatalog.baseName(names[i]);
            widths[i] = features.get(i).values();
            moments34 |= bases[i].equals("Skewness") || bases[i].equals("Kurtosis");
            covariance |= bases[i].equals("Covariance");
            res.neighborhood.put(names[i], new float[n * widths[i]]);
            res.withObject.put(names[i], new float[n * widths[i]]);
        }
        float[][] outAround = new float[names.length][];
        float[][] outAll = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            outAround[i] = res.neighborhood.get(names[i]);
            outAll[i] = res.withObject.get(names[i]);
        }
        int mx = margin[0];
        int my = margin[1];
        int mz = f.dims == 3 ? margin[2] : 0;
        long big = Math.max(mx, Math.max(my, margin[2]));
        // ilastik: pitch = max_margin // margin (float division; a zero margin gives an infinite pitch)
        long[] pitch = {mx == 0 ? 0 : big / mx, my == 0 ? 0 : big / my, mz == 0 ? 0 : big / mz};
        int[][] reach = Window.reachTable(pitch, big * big);
        boolean wantMoments34 = moments34;
        boolean wantCovariance = covariance;
        ThreadLocal<Window> scratch = ThreadLocal.withInitial(Window::new);
        workers.forEach(n, i -> {
            int id = i + 1;
            if (boxes.empty(id)) {
                for (int k = 0; k < names.length; k++) {
                    Arrays.fill(outAround[k], i * widths[k], (i + 1) * widths[k], Float.NaN);
                    Arrays.fill(outAll[k], i * widths[k], (i + 1) * widths[k], Float.NaN);
                }
                return;
            }
            Window w = scratch.get();
            w.collect(f, boxes, id, margin, reach);
            SetStatistics sAround = new SetStatistics(w.around, w.nAround, f.C, wantMoments34, wantCovariance);
            SetStatistics sAll = new SetStatistics(sAround,
                    new SetStatistics(w.inside, w.nInside, f.C, wantMoments34, wantCovariance));
            for (int k = 0; k < names.length; k++) {
                sAround.write(bases[k], outAround[k], i * widths[k], widths[k]);
                sAll.write(bases[k], outAll[k], i * widths[k], widths[k]);
            }
        });
        return res;
    }

    /**
     * One object's window and its two pixel sets, in buffers reused from object to object by one thread.
     *
     * <p>The set "distance &lt; M" is found without a distance image: a window pixel (x, y, z) is in it when some
     * object pixel (px, py, pz) has {@code wx·(x−px)² + wy·(y−py)² + wz·(z−pz)² < M²} (w = pitch², all integers,
     * so the comparison is exact). For a window row (y, z) and an object row (py, pz) within reach that leaves
     * {@code B = M² − 1 − wy·dy² − wz·dz²} for x, so each run [a, b] of the object row reaches
     * [a − r, b + r] with r = ⌊√(B / wx)⌋ (a table over dy, dz, the same for every object). The row's set is the union of those intervals, visited in raster order —
     * the same pixels an exact Euclidean distance transform gives, at the cost of the object's runs per window row
     * instead of a distance per window pixel. A pitch of 0 (margin 0 along an axis) lets nothing reach along it.
     */
    private static final class Window {
        boolean[] object = new boolean[0];   // the bounding box, [(z * by + y) * bx + x]
        int[] lab = new int[0];
        int[] runFirst = new int[0];         // per bounding-box row: index of its first run, runs up to the next row's
        int[] runA = new int[0];             // runs of object pixels, window x, inclusive ends
        int[] runB = new int[0];
        int[] ia = new int[0];               // one window row's intervals, inclusive ends
        int[] ib = new int[0];
        float[] row = new float[0];
        float[] inside = new float[0];
        float[] around = new float[0];
        int nInside;
        int nAround;

        /**
         * Fills {@link #around} (distance &lt; M, not the object; raster order, channels interleaved) and
         * {@link #inside} (the object's pixels).
         */
        void collect(Frame f, Boxes boxes, int id, int[] m3, int[][] reach) {
            int C = f.C;
            int[] lo = new int[3];
            int[] hi = new int[3];
            int[] bl = new int[3];   // bounding box in window coordinates, [bl, bh)
            int[] bh = new int[3];
            int[] m = {m3[0], m3[1], f.dims == 3 ? m3[2] : 0};
            int[] ext = {f.X, f.Y, f.Z};
            for (int a = 0; a < 3; a++) {
                if (a == 2 && f.dims == 2) {
                    lo[a] = 0;
                    hi[a] = 1;
                } else {
                    lo[a] = Math.max(boxes.min[id * 3 + a] - m[a], 0);
                    hi[a] = Math.min(boxes.max[id * 3 + a] + 2 + m[a], ext[a]);
                }
                bl[a] = boxes.min[id * 3 + a] - lo[a];
                bh[a] = boxes.max[id * 3 + a] + 1 - lo[a];
            }
            int wx = hi[0] - lo[0];
            int wy = hi[1] - lo[1];
            int wz = hi[2] - lo[2];
            int bx = bh[0] - bl[0];
            int by = bh[1] - bl[1];
            int bz = bh[2] - bl[2];
            int boxRows = by * bz;
            object = grow(object, bx * boxRows);
            lab = grow(lab, bx);
            runFirst = grow(runFirst, boxRows + 1);
            row = grow(row, wx * C);
            around = grow(around, wx * wy * wz * C);
            inside = grow(inside, (int) boxes.count[id] * C);
            // the object's mask and runs (its pixels lie in the bounding box only)
            int runs = 0;
            for (int r = 0; r < boxRows; r++) {
                int z = r / by;
                int y = r - z * by;
                f.labelRange((boxes.min[id * 3 + 2] + z) * f.Y + boxes.min[id * 3 + 1] + y, boxes.min[id * 3],
                        boxes.max[id * 3] + 1, lab);
                int o = r * bx;
                runFirst[r] = runs;
                for (int x = 0; x < bx; x++) {
                    boolean in = lab[x] == id;
                    object[o + x] = in;
                    if (in && (x == 0 || !object[o + x - 1])) {
                        if (runs == runA.length) {
                            runA = Arrays.copyOf(runA, Math.max(16, runs * 2));
                            runB = Arrays.copyOf(runB, runA.length);
                        }
                        runA[runs] = bl[0] + x;
                        runs++;
                    }
                    if (in) runB[runs - 1] = bl[0] + x;
                }
            }
            runFirst[boxRows] = runs;
            ia = grow(ia, runs + 1);
            ib = grow(ib, runs + 1);
            nInside = 0;
            nAround = 0;
            for (int z = 0; z < wz; z++) {
                for (int y = 0; y < wy; y++) {
                    int k = rowIntervals(z, y, bl, bh, reach, wx);
                    if (k == 0) continue;
                    int x0 = ia[0];
                    f.rawRow((lo[2] + z) * f.Y + lo[1] + y, lo[0] + x0, lo[0] + ib[k - 1] + 1, row);
                    boolean rowIn = z >= bl[2] && z < bh[2] && y >= bl[1] && y < bh[1];
                    int mo = rowIn ? ((z - bl[2]) * by + (y - bl[1])) * bx - bl[0] : 0;
                    for (int j = 0; j < k; j++) {
                        for (int x = ia[j]; x <= ib[j]; x++) {
                            int src = (x - x0) * C;
                            boolean inObject = rowIn && x >= bl[0] && x < bh[0] && object[mo + x];
                            if (inObject) {
                                if (C == 1) inside[nInside] = row[src];
                                else System.arraycopy(row, src, inside, nInside * C, C);
                                nInside++;
                            } else {
                                if (C == 1) around[nAround] = row[src];
                                else System.arraycopy(row, src, around, nAround * C, C);
                                nAround++;
                            }
                        }
                    }
                }
            }
        }

        /**
         * The x intervals of window row (y, z) within reach of the object, merged and in order, into {@link #ia},
         * {@link #ib}; returns their number.
         */
        private int rowIntervals(int z, int y, int[] bl, int[] bh, int[][] reach, int wx) {
            int by = bh[1] - bl[1];
            int k = 0;
            for (int pz = bl[2]; pz < bh[2]; pz++) {
                int dz = Math.abs(z - pz);
                if (dz >= reach.length) continue;
                int[] rz = reach[dz];
                for (int py = bl[1]; py < bh[1]; py++) {
                    int dy = Math.abs(y - py);
                    if (dy >= rz.length) continue;
                    int r = rz[dy];
                    if (r < 0) continue;
                    int br = (pz - bl[2]) * by + (py - bl[1]);
                    for (int q = runFirst[br]; q < runFirst[br + 1]; q++) {
                        k = add(k, Math.max(runA[q] - r, 0), Math.min(runB[q] + r, wx - 1));
                    }
                }
            }
            return k;
        }

        /**
         * Adds [a, b] to the {@code k} sorted, disjoint, non-touching intervals of {@link #ia}, {@link #ib}, merging
         * what it overlaps or touches; returns the new count (usually 1: the intervals of one object overlap).
         */
        private int add(int k, int a, int b) {
            int j = 0;
            while (j < k && ib[j] + 1 < a) j++;          // first interval that is not entirely left of [a, b]
            int l = j;
            while (l < k && ia[l] <= b + 1) l++;         // [j, l): the intervals it overlaps or touches
            if (j == l) {
                System.arraycopy(ia, j, ia, j + 1, k - j);
                System.arraycopy(ib, j, ib, j + 1, k - j);
                ia[j] = a;
                ib[j] = b;
                return k + 1;
            }
            ia[j] = Math.min(a, ia[j]);
            ib[j] = Math.max(b, ib[l - 1]);
            int removed = l - j - 1;
            if (removed > 0) {
                System.arraycopy(ia, l, ia, j + 1, k - l);
                System.arraycopy(ib, l, ib, j + 1, k - l);
            }
            return k - removed;
        }

        /**
         * {@code table[dz][dy]}: how far along x an object pixel reaches in a row dy rows and dz slices away — the
         * largest r with {@code wx·r² + wy·dy² + wz·dz² < M²} (w = pitch², pitch 0 = nothing reaches along that
         * axis, r = 0 if wx = 0) — or −1 if it does not reach that row at all.
         */
        static int[][] reachTable(long[] pitch, long limit) {
            long w0 = pitch[0] * pitch[0];
            long w1 = pitch[1] * pitch[1];
            long w2 = pitch[2] * pitch[2];
            int maxDz = w2 == 0 ? 0 : (int) Math.sqrt((double) limit / w2) + 1;
            int maxDy = w1 == 0 ? 0 : (int) Math.sqrt((double) limit / w1) + 1;
            int[][] table = new int[maxDz + 1][maxDy + 1];
            for (int dz = 0; dz <= maxDz; dz++) {
                for (int dy = 0; dy <= maxDy; dy++) {
                    long budget = limit - 1 - w2 * dz * dz - w1 * dy * dy;
                    if (budget < 0) {
                        table[dz][dy] = -1;
                    } else if (w0 == 0) {
                        table[dz][dy] = 0;
                    } else {
                        long r = (long) Math.sqrt((double) budget / w0);
                        while (r > 0 && w0 * r * r > budget) r--;
                        while (w0 * (r + 1) * (r + 1) <= budget) r++;
                        table[dz][dy] = (int) r;
                    }
                }
            }
            return table;
        }

        private static boolean[] grow(boolean[] a, int n) {
            return a.length >= n ? a : new boolean[Math.max(n, a.length * 2)];
        }

        private static int[] grow(int[] a, int n) {
            return a.length >= n ? a : new int[Math.max(n, a.length * 2)];
        }

        private static float[] grow(float[] a, int n) {
            return a.length >= n ? a : new float[Math.max(n, a.length * 2)];
        }
    }

    /** vigra's statistics of one pixel set (label 1 of a mask, label 0 ignored), sums in vigra's raster order. */
    static final class SetStatistics {
        final int n;
        final int C;
        final double[] sum;
        final double[] m2;
        final double[] m3;
        final double[] m4;
        final double[] min;
        final double[] max;
        final double[] scatter;   // C × C, upper triangle (FlatScatterMatrix)
        /** The set's values (channel-interleaved), in one or two arrays, for the histogram. */
        final float[][] parts;
        final int[] partSizes;

        /**
         * @param moments34  whether the third and fourth central moments (Skewness, Kurtosis) are needed
         * @param covariance whether the channel scatter matrix (Covariance) is needed
         */
        SetStatistics(float[] v, int n, int C, boolean moments34, boolean covariance) {
            this.n = n;
            this.C = C;
            this.parts = new float[][] {v};
            this.partSizes = new int[] {n};
            sum = new double[C];
            m2 = new double[C];
            m3 = new double[C];
            m4 = new double[C];
            min = new double[C];
            max = new double[C];
            scatter = new double[C * C];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            // pass 1: Count, Sum (raster order, as vigra), Minimum, Maximum
            if (C == 1) {
                double s = 0;
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double x = v[i];
                    s += x;
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
                sum[0] = s;
                min[0] = lo;
                max[0] = hi;
            } else {
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < C; c++) {
                        double x = v[i * C + c];
                        sum[c] += x;
                        min[c] = Math.min(min[c], x);
                        max[c] = Math.max(max[c], x);
                    }
                }
            }
            if (n == 0) return;
            // pass 2: central moments about the final mean. vigra updates the second moment incrementally
            // (Welford) and raises to the 3rd/4th power with pow(); sums of products about the exact mean agree
            // with those to a few ulps of a double, far below the float32 of the result, at a fraction of the cost
            // (no division per pixel).
            double[] mean = new double[C];
            for (int c = 0; c < C; c++) mean[c] = sum[c] / n;
            if (C == 1) {
                double mu = mean[0];
                double s2 = 0;
                double s3 = 0;
                double s4 = 0;
                if (moments34) {
                    for (int i = 0; i < n; i++) {
                        double d = v[i] - mu;
                        double d2 = d * d;
                        s2 += d2;
                        s3 += d2 * d;
                        s4 += d2 * d2;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double d = v[i] - mu;
                        s2 += d * d;
                    }
                }
                m2[0] = s2;
                m3[0] = s3;
                m4[0] = s4;
                return;
            }
            double[] d = new double[C];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < C; c++) {
                    d[c] = v[i * C + c] - mean[c];
                    double d2 = d[c] * d[c];
                    m2[c] += d2;
                    if (moments34) {
                        m3[c] += d2 * d[c];
                        m4[c] += d2 * d2;
                    }
                }
                if (covariance) {
                    for (int j = 0; j < C; j++) {
                        for (int k = j; k < C; k++) scatter[j * C + k] += d[k] * d[j];
                    }
                }
            }
        }

        /**
         * The statistics of the union of two disjoint sets (Chan's and Pébay's pairwise formulas, as vigra merges
         * accumulators): the neighbourhood and the object give "object and neighbourhood" without a pass over it.
         */
        SetStatistics(SetStatistics a, SetStatistics b) {
            n = a.n + b.n;
            C = a.C;
            parts = new float[][] {a.parts[0], b.parts[0]};
            partSizes = new int[] {a.n, b.n};
            sum = new double[C];
            m2 = new double[C];
            m3 = new double[C];
            m4 = new double[C];
            min = new double[C];
            max = new double[C];
            scatter = new double[C * C];
            double na = a.n;
            double nb = b.n;
            double nn = n;
            double[] delta = new double[C];
            for (int c = 0; c < C; c++) {
                sum[c] = a.sum[c] + b.sum[c];
                min[c] = Math.min(a.min[c], b.min[c]);
                max[c] = Math.max(a.max[c], b.max[c]);
                if (a.n == 0 || b.n == 0) {
                    SetStatistics only = a.n == 0 ? b : a;
                    m2[c] = only.m2[c];
                    m3[c] = only.m3[c];
                    m4[c] = only.m4[c];
                    continue;
                }
                double d = b.sum[c] / nb - a.sum[c] / na;
                delta[c] = d;
                double d2 = d * d;
                m2[c] = a.m2[c] + b.m2[c] + d2 * na * nb / nn;
                m3[c] = a.m3[c] + b.m3[c] + d2 * d * na * nb * (na - nb) / (nn * nn)
                        + 3.0 * d * (na * b.m2[c] - nb * a.m2[c]) / nn;
                m4[c] = a.m4[c] + b.m4[c]
                        + d2 * d2 * na * nb * (na * na - na * nb + nb * nb) / (nn * nn * nn)
                        + 6.0 * d2 * (na * na * b.m2[c] + nb * nb * a.m2[c]) / (nn * nn)
                        + 4.0 * d * (na * b.m3[c] - nb * a.m3[c]) / nn;
            }
            if (a.n != 0 && b.n != 0) {
                for (int j = 0; j < C; j++) {
                    for (int k = j; k < C; k++) {
                        scatter[j * C + k] = a.scatter[j * C + k] + b.scatter[j * C + k]
                                + delta[j] * delta[k] * na * nb / nn;
                    }
                }
            } else {
                System.arraycopy(a.n == 0 ? b.scatter : a.scatter, 0, scatter, 0, C * C);
            }
        }

        void write(String base, float[] out, int at, int width) {
            if (n == 0) {
                Arrays.fill(out, at, at + width, Float.NaN);
                return;
            }
            double cnt = n;
            switch (base) {
                case "Sum" -> { for (int c = 0; c < C; c++) out[at + c] = (float) sum[c]; }
                case "Mean" -> { for (int c = 0; c < C; c++) out[at + c] = (float) (sum[c] / cnt); }
                case "Variance" -> { for (int c = 0; c < C; c++) out[at + c] = (float) (m2[c] / cnt); }
                case "Skewness" -> {
                    for (int c = 0; c < C; c++) out[at + c] = (float) (Math.sqrt(cnt) * m3[c] / Math.pow(m2[c], 1.5));
                }
                case "Kurtosis" -> {
                    for (int c = 0; c < C; c++) out[at + c] = (float) (cnt * m4[c] / (m2[c] * m2[c]) - 3.0);
                }
                case "Minimum" -> { for (int c = 0; c < C; c++) out[at + c] = (float) min[c]; }
                case "Maximum" -> { for (int c = 0; c < C; c++) out[at + c] = (float) max[c]; }
                case "Covariance" -> {
                    for (int j = 0; j < C; j++) {
                        for (int k = j; k < C; k++) {
                            float s = (float) (scatter[j * C + k] / cnt);
                            out[at + j * C + k] = s;
                            out[at + k * C + j] = s;
                        }
                    }
                }
                case "Histogram" -> {
                    // vigra's GlobalRangeHistogram: the range of this very set
                    double scale = Quantiles.scale(min[0], max[0], Quantiles.BINS);
                    // four interleaved counts: neighbouring pixels often share a bin, and one count per pixel
                    // would make every increment wait for the previous one
                    int stride = Quantiles.BINS + 2;
                    int[] h = new int[4 * stride];
                    for (int p = 0; p < parts.length; p++) {
                        float[] values = parts[p];
                        for (int i = 0; i < partSizes[p]; i++) {
                            int b = Quantiles.bin(values[i], scale, min[0], Quantiles.BINS);
                            h[(i & 3) * stride + b + 1]++;    // b = -1 (left outlier) lands in slot 0
                        }
                    }
                    for (int b = 0; b < Quantiles.BINS; b++) {
                        out[at + b] = h[b + 1] + h[stride + b + 1] + h[2 * stride + b + 1] + h[3 * stride + b + 1];
                    }
                }
                default -> throw new IllegalArgumentException("no neighbourhood statistic '" + base + "'");
            }
        }
    }
}
