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
 *   <li>on each set the statistics vigra computes with label 0 ignored, accumulated in vigra's order (raster
 *       order, Welford's update for the variance, a second pass for the third and fourth moments), so the values
 *       agree with ilastik's bit for bit in most cases; the histogram spans the set's own range.</li>
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
        int C = f.C;
        Result res = new Result();
        String[] names = new String[features.size()];
        int[] widths = new int[features.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = features.get(i).name();
            widths[i] = features.get(i).values();
            res.neighborhood.put(names[i], new float[n * widths[i]]);
            res.withObject.put(names[i], new float[n * widths[i]]);
        }
        int mx = margin[0];
        int my = margin[1];
        int mz = f.dims == 3 ? margin[2] : 0;
        long big = Math.max(mx, Math.max(my, margin[2]));
        // ilastik: pitch = max_margin // margin (float division; a zero margin gives an infinite pitch)
        long[] pitch = {mx == 0 ? 0 : big / mx, my == 0 ? 0 : big / my, mz == 0 ? 0 : big / mz};
        double limit = (double) big * big;
        workers.forEach(n, i -> {
            int id = i + 1;
            if (boxes.empty(id)) {
                for (int k = 0; k < names.length; k++) {
                    Arrays.fill(res.neighborhood.get(names[k]), i * widths[k], (i + 1) * widths[k], Float.NaN);
                    Arrays.fill(res.withObject.get(names[k]), i * widths[k], (i + 1) * widths[k], Float.NaN);
                }
                return;
            }
            int[] lo = new int[3];
            int[] hi = new int[3];
            int[] m = {mx, my, mz};
            int[] ext = {f.X, f.Y, f.Z};
            for (int a = 0; a < 3; a++) {
                if (a == 2 && f.dims == 2) {
                    lo[a] = 0;
                    hi[a] = 1;
                    continue;
                }
                lo[a] = Math.max(boxes.min[id * 3 + a] - m[a], 0);
                hi[a] = Math.min(boxes.max[id * 3 + a] + 2 + m[a], ext[a]);
            }
            int wx = hi[0] - lo[0];
            int wy = hi[1] - lo[1];
            int wz = hi[2] - lo[2];
            int size = wx * wy * wz;
            double[] dist = new double[size];
            boolean[] object = new boolean[size];
            int[] lab = new int[wx];
            for (int z = 0; z < wz; z++) {
                for (int y = 0; y < wy; y++) {
                    f.labelRange((lo[2] + z) * f.Y + lo[1] + y, lo[0], hi[0], lab);
                    int o = (z * wy + y) * wx;
                    for (int x = 0; x < wx; x++) {
                        object[o + x] = lab[x] == id;
                        dist[o + x] = object[o + x] ? 0 : DistanceTransform.INF;
                    }
                }
            }
            DistanceTransform.squared(dist, wx, wy, wz, pitch);
            // the two pixel sets in raster order, channels interleaved
            float[] all = new float[size * C];
            float[] around = new float[size * C];
            int nAll = 0;
            int nAround = 0;
            float[] row = new float[wx * C];
            for (int z = 0; z < wz; z++) {
                for (int y = 0; y < wy; y++) {
                    int o = (z * wy + y) * wx;
                    f.rawRow((lo[2] + z) * f.Y + lo[1] + y, lo[0], hi[0], row);
                    for (int x = 0; x < wx; x++) {
                        if (!(dist[o + x] < limit)) continue;
                        System.arraycopy(row, x * C, all, nAll * C, C);
                        nAll++;
                        if (!object[o + x]) {
                            System.arraycopy(row, x * C, around, nAround * C, C);
                            nAround++;
                        }
                    }
                }
            }
            SetStatistics sAround = new SetStatistics(around, nAround, C);
            SetStatistics sAll = new SetStatistics(all, nAll, C);
            for (int k = 0; k < names.length; k++) {
                String base = FeatureCatalog.baseName(names[k]);
                sAround.write(base, res.neighborhood.get(names[k]), i * widths[k], widths[k]);
                sAll.write(base, res.withObject.get(names[k]), i * widths[k], widths[k]);
            }
        });
        return res;
    }

    /** vigra's statistics of one pixel set (label 1 of a mask, label 0 ignored), in vigra's accumulation order. */
    static final class SetStatistics {
        final int n;
        final int C;
        final double[] sum;
        final double[] m2;
        final double[] m3;
        final double[] m4;
        final double[] min;
        final double[] max;
        final double[] scatter;   // C × C (Welford, FlatScatterMatrix)
        final float[] values;

        SetStatistics(float[] v, int n, int C) {
            this.n = n;
            this.C = C;
            this.values = v;
            sum = new double[C];
            m2 = new double[C];
            m3 = new double[C];
            m4 = new double[C];
            min = new double[C];
            max = new double[C];
            scatter = new double[C * C];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            double[] mean = new double[C];
            double[] diff = new double[C];
            // pass 1: Count, Sum, Mean (= Sum / Count after each pixel) and Welford's Central<PowerSum<2>>
            for (int i = 0; i < n; i++) {
                double cnt = i + 1;
                for (int c = 0; c < C; c++) {
                    double x = v[i * C + c];
                    sum[c] += x;
                    mean[c] = sum[c] / cnt;
                    min[c] = Math.min(min[c], x);
                    max[c] = Math.max(max[c], x);
                    diff[c] = mean[c] - x;
                }
                if (cnt > 1) {
                    double w = cnt / (cnt - 1.0);
                    for (int c = 0; c < C; c++) m2[c] += w * diff[c] * diff[c];
                    if (C > 1) {
                        for (int j = 0; j < C; j++) {
                            for (int k = j; k < C; k++) scatter[j * C + k] += w * diff[k] * diff[j];
                        }
                    }
                }
            }
            // pass 2: Central<PowerSum<3>>, <4> about the final mean
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < C; c++) {
                    double d = v[i * C + c] - mean[c];
                    m3[c] += Math.pow(d, 3);
                    m4[c] += Math.pow(d, 4);
                }
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
                    int[] h = new int[Quantiles.BINS + 1];
                    for (int i = 0; i < n; i++) {
                        int b = Quantiles.bin(values[i], scale, min[0], Quantiles.BINS);
                        if (b >= 0) h[b]++;
                    }
                    for (int b = 0; b < Quantiles.BINS; b++) out[at + b] = h[b];
                }
                default -> throw new IllegalArgumentException("no neighbourhood statistic '" + base + "'");
            }
        }
    }
}
