package org.sylva.objects.features;

import java.util.HashMap;
import java.util.Map;
import org.sylva.blockwise.Workers;

/**
 * The "2D/3D Convex Hull Features" (vigra's {@code ConvexHullFeatures}, accumulator.hxx), per object on its
 * bounding box: the hull pixels ({@link HullMode}), the defects = hull pixels outside the object, labelled with the
 * direct neighbourhood (4 / 6) in raster order, and vigra's statistics of them:
 * <ul>
 *   <li>InputVolume, HullVolume, Convexity = InputVolume / HullVolume;</li>
 *   <li>InputCenter (object centre), HullCenter (mean hull pixel), DefectCenter (mean defect pixel);</li>
 *   <li>DefectCount, DefectVolumeMean, the unbiased DefectVolumeVariance / Skewness / Kurtosis of the defect sizes
 *       (0 with fewer than 2 / 3 / 4 defects), DefectDisplacementMean = Σ size · |defect centre − object centre| /
 *       total defect size.</li>
 * </ul>
 * Without defects vigra leaves DefectCenter as uninitialised memory (arbitrary numbers in ilastik's projects); we
 * report the object centre (no displacement).
 */
final class ConvexHullFeatures {

    static final class Result {
        final Map<String, float[]> values = new HashMap<>();
    }

    private ConvexHullFeatures() {}

    static Result compute(Frame f, Boxes boxes, HullMode mode, Workers workers) {
        int n = boxes.n;
        int D = f.dims;
        Result r = new Result();
        for (ObjectFeature h : FeatureCatalog.convexHull(D)) r.values.put(h.name(), new float[n * h.values()]);
        float[] inputVolume = r.values.get("InputVolume");
        float[] hullVolume = r.values.get("HullVolume");
        float[] convexity = r.values.get("Convexity");
        float[] defectCount = r.values.get("DefectCount");
        float[] mean = r.values.get("DefectVolumeMean");
        float[] variance = r.values.get("DefectVolumeVariance");
        float[] skewness = r.values.get("DefectVolumeSkewness");
        float[] kurtosis = r.values.get("DefectVolumeKurtosis");
        float[] displacement = r.values.get("DefectDisplacementMean");
        float[] inputCenter = r.values.get("InputCenter");
        float[] hullCenter = r.values.get("HullCenter");
        float[] defectCenter = r.values.get("DefectCenter");
        workers.forEach(n, i -> {
            int id = i + 1;
            if (boxes.empty(id)) {
                for (float[] v : r.values.values()) {
                    int w = v.length / Math.max(n, 1);
                    java.util.Arrays.fill(v, i * w, (i + 1) * w, Float.NaN);
                }
                return;
            }
            int nx = boxes.extent(id, 0);
            int ny = boxes.extent(id, 1);
            int nz = D == 3 ? boxes.extent(id, 2) : 1;
            int x0 = boxes.min[id * 3];
            int y0 = boxes.min[id * 3 + 1];
            int z0 = boxes.min[id * 3 + 2];
            int size = nx * ny * nz;
            boolean[] object = new boolean[size];
            int[] lab = new int[nx];
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    f.labelRange((z0 + z) * f.Y + y0 + y, x0, x0 + nx, lab);
                    int o = (z * ny + y) * nx;
                    for (int x = 0; x < nx; x++) object[o + x] = lab[x] == id;
                }
            }
            boolean[] hull = new boolean[size];
            if (mode == HullMode.ILASTIK) java.util.Arrays.fill(hull, true);
            else LatticeHull.fill(object, nx, ny, nz, hull);
            // hull: count and centre
            double[] hs = new double[3];
            long hv = 0;
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    int o = (z * ny + y) * nx;
                    for (int x = 0; x < nx; x++) {
                        if (!hull[o + x]) continue;
                        hv++;
                        hs[0] += x;
                        hs[1] += y;
                        hs[2] += z;
                    }
                }
            }
            // defects: hull pixels outside the object, components in raster order
            int[] comp = new int[size];
            int[] stack = new int[size];
            int count = 0;
            double[] all = new double[3];
            long allCount = 0;
            java.util.List<double[]> defects = new java.util.ArrayList<>();   // count, sx, sy, sz
            for (int s = 0; s < size; s++) {
                if (!hull[s] || object[s] || comp[s] != 0) continue;
                count++;
                double[] d = new double[4];
                int top = 0;
                stack[top++] = s;
                comp[s] = count;
                while (top > 0) {
                    int p = stack[--top];
                    int x = p % nx;
                    int y = (p / nx) % ny;
                    int z = p / (nx * ny);
                    d[0]++;
                    d[1] += x;
                    d[2] += y;
                    d[3] += z;
                    top = push(p - 1, x > 0, hull, object, comp, count, stack, top);
                    top = push(p + 1, x < nx - 1, hull, object, comp, count, stack, top);
                    top = push(p - nx, y > 0, hull, object, comp, count, stack, top);
                    top = push(p + nx, y < ny - 1, hull, object, comp, count, stack, top);
                    top = push(p - nx * ny, z > 0, hull, object, comp, count, stack, top);
                    top = push(p + nx * ny, z < nz - 1, hull, object, comp, count, stack, top);
                }
                defects.add(d);
                allCount += (long) d[0];
                all[0] += d[1];
                all[1] += d[2];
                all[2] += d[3];
            }
            long cnt = boxes.count[id];
            inputVolume[i] = cnt;
            hullVolume[i] = hv;
            convexity[i] = (float) ((double) cnt / hv);
            defectCount[i] = count;
            int[] origin = {x0, y0, z0};
            for (int d = 0; d < D; d++) {
                inputCenter[i * D + d] = (float) boxes.center[id * 3 + d];
                hullCenter[i * D + d] = (float) (hs[d] / hv + origin[d]);
                defectCenter[i * D + d] = count == 0 ? (float) boxes.center[id * 3 + d]
                        : (float) (all[d] / allCount + origin[d]);
            }
            if (count > 0) {
                // vigra: Σ size_k · ‖centre_k − object centre‖ over defects in label order, / total defect size
                double disp = 0;
                for (double[] d : defects) {
                    double s2 = 0;
                    for (int a = 0; a < D; a++) {
                        double c = d[1 + a] / d[0] - (boxes.center[id * 3 + a] - origin[a]);
                        s2 += c * c;
                    }
                    disp += d[0] * Math.sqrt(s2);
                }
                displacement[i] = (float) (disp / allCount);
                double[] stats = volumeStatistics(defects);
                mean[i] = (float) stats[0];
                variance[i] = count > 1 ? (float) stats[1] : 0f;
                skewness[i] = count > 2 ? (float) stats[2] : 0f;
                kurtosis[i] = count > 3 ? (float) stats[3] : 0f;
            }
        });
        return r;
    }

    private static int push(int p, boolean inside, boolean[] hull, boolean[] object, int[] comp, int label,
                            int[] stack, int top) {
        if (inside && hull[p] && !object[p] && comp[p] == 0) {
            comp[p] = label;
            stack[top++] = p;
        }
        return top;
    }

    /**
     * vigra's Mean, UnbiasedVariance, UnbiasedSkewness, UnbiasedKurtosis of the defect sizes, accumulated as vigra
     * does (Welford for M2, a second pass for M3 and M4).
     */
    private static double[] volumeStatistics(java.util.List<double[]> defects) {
        double n = 0;
        double sum = 0;
        double m2 = 0;
        for (double[] d : defects) {
            n++;
            sum += d[0];
            double mean = sum / n;
            if (n > 1) m2 += n / (n - 1.0) * (mean - d[0]) * (mean - d[0]);
        }
        double mean = sum / n;
        double m3 = 0;
        double m4 = 0;
        for (double[] d : defects) {
            double c = d[0] - mean;
            m3 += Math.pow(c, 3);
            m4 += Math.pow(c, 4);
        }
        double skew = Math.sqrt(n) * m3 / Math.pow(m2, 1.5);
        double kurt = n * m4 / (m2 * m2) - 3.0;
        return new double[] {
            mean,
            m2 / (n - 1.0),
            Math.sqrt(n * (n - 1.0)) / (n - 2.0) * skew,
            (n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1.0) * kurt + 6.0)};
    }
}
