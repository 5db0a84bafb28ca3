package org.sylva.objects.features;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.sylva.blockwise.Workers;

/**
 * ilastik's "Standard Object Features" (vigra's region accumulators, spec §5.4) of one time point, from the
 * passes of {@link RegionPass} and, for second-order shape statistics, {@link ShapePass}. Values
 * follow vigra's definitions: population variance, skewness {@code √n·M3/M2^1.5}, excess kurtosis
 * {@code n·M4/M2² − 3} (NaN for one pixel, as vigra), eigen-systems by vigra's own algorithm
 * ({@link SymmetricEigen}) so axes have vigra's signs, quantiles from the 64-bin histogram over the global range.
 */
final class StandardFeatures {

    /** What the passes produced for one frame. */
    static final class Result {
        RegionStore store;
        Boxes boxes;
        int objects;
        double[] globalRange;          // per channel min, max over labelled pixels (NaN if none), or null
        Map<String, float[]> values = new HashMap<>();
    }

    private final Frame f;
    private final int D;
    private final int C;
    private final Workers workers;

    private StandardFeatures(Frame f, Workers workers) {
        this.f = f;
        this.D = f.dims;
        this.C = f.C;
        this.workers = workers;
    }

    /**
     * Computes {@code names} (internal names of standard features, plus the default ones) for frame {@code f}.
     * The store of the result keeps the per-object boxes for the per-object features.
     */
    static Result compute(Frame f, Collection<String> names, Workers workers) {
        return new StandardFeatures(f, workers).run(new HashSet<>(names));
    }

    private Result run(Set<String> names) {
        boolean single = C == 1;
        boolean histogram = single && (names.contains("Histogram") || names.contains("Quantiles"));
        boolean global = names.contains("Global<Minimum>") || names.contains("Global<Maximum>") || histogram;

        Result res = new Result();
        double scale = 0;
        double origin = 0;
        if (global) {
            res.globalRange = RegionPass.globalRange(f, workers);
            if (histogram && !Double.isNaN(res.globalRange[0])) {
                origin = res.globalRange[0];
                scale = Quantiles.scale(res.globalRange[0], res.globalRange[1], Quantiles.BINS);
            }
        }
        RegionStore.Layout layout = new RegionStore.Layout(C, histogram);
        RegionStore store = RegionPass.scan(f, layout, workers, scale, origin);
        int n = store.maxLabel();
        res.store = store;
        res.objects = n;
        res.boxes = Boxes.of(store, n, D);

        ShapePass.Needs needs = new ShapePass.Needs();
        for (String name : names) {
            boolean weighted = name.startsWith("Weighted<");
            String inner = weighted ? name.substring(9, name.length() - 1) : name;
            boolean coordShape = inner.equals("RegionRadii") || inner.equals("RegionAxes")
                    || inner.startsWith("Coord<Principal<") || inner.startsWith("Coord<DivideByCount<");
            boolean coordProj = isCoordProjection(inner);
            if (weighted || name.startsWith("Coord<Arg")) {
                needs.weighted = true;
                needs.weightedProj |= coordProj;
            } else {
                needs.coord |= coordShape;
                needs.coordProj |= coordProj;
            }
            if (!single && (name.equals("Covariance") || name.startsWith("Principal"))) {
                needs.channels = true;
                needs.channelProj |= name.equals("Principal<Minimum>") || name.equals("Principal<Maximum>")
                        || name.equals("Principal<PowerSum<3>>") || name.equals("Principal<PowerSum<4>>")
                        || name.equals("Principal<Skewness>") || name.equals("Principal<Kurtosis>");
            }
        }
        ShapePass.Result shape = needs.any() ? ShapePass.run(f, res.boxes, needs, workers) : null;

        Values v = new Values(store, layout, n, D, C, res.globalRange, scale, origin, shape);
        String[] list = names.toArray(new String[0]);
        float[][] out = new float[list.length][];
        workers.forEach(list.length, i -> out[i] = v.feature(list[i]));
        for (int i = 0; i < list.length; i++) res.values.put(list[i], out[i]);
        return res;
    }

    private static boolean isCoordProjection(String n) {
        return n.equals("Coord<Principal<PowerSum<3>>>") || n.equals("Coord<Principal<PowerSum<4>>>")
                || n.equals("Coord<Principal<Skewness>>") || n.equals("Coord<Principal<Kurtosis>>");
    }

    /** Per-feature value extraction from the merged accumulators. */
    private static final class Values {
        final RegionStore store;
        final RegionStore.Layout layout;
        final int n;
        final int D;
        final int C;
        final double[] range;
        final double scale;
        final double origin;
        final ShapePass.Result sh;

        Values(RegionStore store, RegionStore.Layout layout, int n, int D, int C, double[] range, double scale,
               double origin, ShapePass.Result shape) {
            this.store = store;
            this.layout = layout;
            this.n = n;
            this.D = D;
            this.C = C;
            this.range = range;
            this.scale = scale;
            this.origin = origin;
            this.sh = shape;
        }

        /** Object-major float32 values of feature {@code name} for ids 1..n. */
        float[] feature(String name) {
            int k = FeatureCatalog.valueCount(name, D, C);
            float[] out = new float[n * k];
            double[] tmp = new double[k];
            for (int id = 1; id <= n; id++) {
                double[] a = store.acc;
                int b = id * layout.stride;
                if (a[b + RegionStore.N] == 0) {
                    // an id without pixels (ids not consecutive): no statistics
                    java.util.Arrays.fill(tmp, name.equals("Count") ? 0 : Double.NaN);
                } else {
                    value(name, id, a, b, tmp);
                }
                for (int i = 0; i < k; i++) out[(id - 1) * k + i] = (float) tmp[i];
            }
            return out;
        }

        private void value(String name, int id, double[] a, int b, double[] out) {
            double cnt = a[b + RegionStore.N];
            switch (name) {
                case "Count" -> out[0] = cnt;
                case "Sum" -> channels(a, b, 0, out, (s, c) -> s);
                case "Mean" -> channels(a, b, 0, out, (s, c) -> s / c);
                case "Variance", "Central<PowerSum<2>>" -> {
                    boolean div = name.equals("Variance");
                    channels(a, b, 1, out, (m2, c) -> div ? m2 / c : m2);
                }
                case "Central<PowerSum<3>>" -> channels(a, b, 2, out, (m, c) -> m);
                case "Central<PowerSum<4>>" -> channels(a, b, 3, out, (m, c) -> m);
                case "Skewness" -> {
                    for (int ch = 0; ch < C; ch++) {
                        int cb = b + RegionStore.CH + ch * RegionStore.CH_STRIDE;
                        out[ch] = Math.sqrt(cnt) * a[cb + 2] / Math.pow(a[cb + 1], 1.5);
                    }
                }
                case "Kurtosis" -> {
                    for (int ch = 0; ch < C; ch++) {
                        int cb = b + RegionStore.CH + ch * RegionStore.CH_STRIDE;
                        out[ch] = cnt * a[cb + 3] / (a[cb + 1] * a[cb + 1]) - 3.0;
                    }
                }
                case "Minimum" -> channels(a, b, 4, out, (m, c) -> m);
                case "Maximum" -> channels(a, b, 5, out, (m, c) -> m);
                case "Histogram" -> {
                    for (int i = 0; i < Quantiles.BINS; i++) out[i] = store.hist[id * layout.histStride + i];
                }
                case "Quantiles" -> {
                    int cb = b + RegionStore.CH;
                    Quantiles.standard(store.hist, id * layout.histStride, Quantiles.BINS, scale, origin, a[cb + 4],
                            a[cb + 5], cnt, out, new double[2 * Quantiles.BINS + 6], new double[2 * Quantiles.BINS + 6]);
                }
                case "Covariance" -> { for (int i = 0; i < C * C; i++) out[i] = sh.chScatter[id * C * C + i] / cnt; }
                case "Global<Minimum>" -> out[0] = range[0];
                case "Global<Maximum>" -> out[0] = range[1];
                case "RegionCenter" -> { for (int d = 0; d < D; d++) out[d] = a[b + RegionStore.SX + d] / cnt; }
                case "Coord<PowerSum<1>>" -> { for (int d = 0; d < D; d++) out[d] = a[b + RegionStore.SX + d]; }
                case "Coord<Minimum>" -> { for (int d = 0; d < D; d++) out[d] = a[b + RegionStore.BOX + d]; }
                // ilastik makes vigra's inclusive maximum exclusive
                case "Coord<Maximum>" -> { for (int d = 0; d < D; d++) out[d] = a[b + RegionStore.BOX + 3 + d] + 1; }
                case "RegionRadii" -> { for (int d = 0; d < D; d++) out[d] = Math.sqrt(sh.coordEw[id * D + d] / cnt); }
                case "RegionAxes" -> System.arraycopy(sh.coordEv, id * D * D, out, 0, D * D);
                case "Coord<Principal<PowerSum<2>>>" -> System.arraycopy(sh.coordEw, id * D, out, 0, D);
                case "Coord<DivideByCount<Principal<PowerSum<2>>>>" -> {
                    for (int d = 0; d < D; d++) out[d] = sh.coordEw[id * D + d] / cnt;
                }
                case "Coord<Principal<PowerSum<3>>>" -> System.arraycopy(sh.coordP3, id * D, out, 0, D);
                case "Coord<Principal<PowerSum<4>>>" -> System.arraycopy(sh.coordP4, id * D, out, 0, D);
                case "Coord<Principal<Skewness>>" -> skew(sh.coordP3, sh.coordEw, id, D, cnt, out);
                case "Coord<Principal<Kurtosis>>" -> kurt(sh.coordP4, sh.coordEw, id, D, cnt, out);
                case "Coord<ArgMinWeight>" -> System.arraycopy(sh.argMin, id * 3, out, 0, D);
                case "Coord<ArgMaxWeight>" -> System.arraycopy(sh.argMax, id * 3, out, 0, D);
                case "Weighted<PowerSum<0>>" -> out[0] = sh.wSum[id];
                case "Weighted<RegionCenter>" -> { for (int d = 0; d < D; d++) out[d] = sh.wS1[id * 3 + d] / sh.wSum[id]; }
                case "Weighted<Coord<PowerSum<1>>>" -> System.arraycopy(sh.wS1, id * 3, out, 0, D);
                case "Weighted<RegionRadii>" -> {
                    for (int d = 0; d < D; d++) out[d] = Math.sqrt(sh.wEw[id * D + d] / sh.wSum[id]);
                }
                case "Weighted<RegionAxes>" -> System.arraycopy(sh.wEv, id * D * D, out, 0, D * D);
                case "Weighted<Coord<Principal<PowerSum<2>>>>" -> System.arraycopy(sh.wEw, id * D, out, 0, D);
                case "Weighted<Coord<DivideByCount<Principal<PowerSum<2>>>>>" -> {
                    for (int d = 0; d < D; d++) out[d] = sh.wEw[id * D + d] / sh.wSum[id];
                }
                case "Weighted<Coord<Principal<PowerSum<3>>>>" -> System.arraycopy(sh.wP3, id * D, out, 0, D);
                case "Weighted<Coord<Principal<PowerSum<4>>>>" -> System.arraycopy(sh.wP4, id * D, out, 0, D);
                case "Weighted<Coord<Principal<Skewness>>>" -> skew(sh.wP3, sh.wEw, id, D, sh.wSum[id], out);
                case "Weighted<Coord<Principal<Kurtosis>>>" -> kurt(sh.wP4, sh.wEw, id, D, sh.wSum[id], out);
                case "PrincipalAxes" -> System.arraycopy(sh.chEv, id * C * C, out, 0, C * C);
                case "Principal<PowerSum<2>>" -> System.arraycopy(sh.chEw, id * C, out, 0, C);
                case "Principal<Variance>" -> { for (int c = 0; c < C; c++) out[c] = sh.chEw[id * C + c] / cnt; }
                case "Principal<PowerSum<3>>" -> System.arraycopy(sh.chP3, id * C, out, 0, C);
                case "Principal<PowerSum<4>>" -> System.arraycopy(sh.chP4, id * C, out, 0, C);
                case "Principal<Minimum>" -> System.arraycopy(sh.chMin, id * C, out, 0, C);
                case "Principal<Maximum>" -> System.arraycopy(sh.chMax, id * C, out, 0, C);
                case "Principal<Skewness>" -> skew(sh.chP3, sh.chEw, id, C, cnt, out);
                case "Principal<Kurtosis>" -> kurt(sh.chP4, sh.chEw, id, C, cnt, out);
                default -> throw new IllegalArgumentException("unknown standard object feature '" + name + "'");
            }
        }

        private interface ChannelValue {
            double of(double slot, double count);
        }

        private void channels(double[] a, int b, int slot, double[] out, ChannelValue fn) {
            double cnt = a[b + RegionStore.N];
            for (int c = 0; c < C; c++) {
                out[c] = fn.of(a[b + RegionStore.CH + c * RegionStore.CH_STRIDE + slot], cnt);
            }
        }

        /** vigra's Skewness of principal moments: √n · Σp³ / λ^1.5 (n = count or weight sum). */
        private static void skew(double[] p3, double[] ew, int id, int k, double count, double[] out) {
            for (int d = 0; d < k; d++) out[d] = Math.sqrt(count) * p3[id * k + d] / Math.pow(ew[id * k + d], 1.5);
        }

        /** vigra's Kurtosis of principal moments: n · Σp⁴ / λ² − 3. */
        private static void kurt(double[] p4, double[] ew, int id, int k, double count, double[] out) {
            for (int d = 0; d < k; d++) {
                double e = ew[id * k + d];
                out[d] = count * p4[id * k + d] / (e * e) - 3.0;
            }
        }
    }
}
