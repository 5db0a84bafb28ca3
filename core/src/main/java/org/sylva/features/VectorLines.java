package org.sylva.features;

import static org.sylva.features.VectorShapes.D;
import static org.sylva.features.VectorShapes.F;
import static org.sylva.features.VectorShapes.LF;
import static org.sylva.features.VectorShapes.exact;
import static org.sylva.features.VectorShapes.high;
import static org.sylva.features.VectorShapes.low;
import static org.sylva.features.VectorShapes.half;
import static org.sylva.features.VectorShapes.roundToFloat;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * {@link Lines} on the Vector API (see {@link VectorShapes} for the rules these kernels follow on JDK 17).
 */
final class VectorLines implements Lines {

    @Override
    public void correlate(float[] src, int s, float[] dst, int d, int n, double[] w) {
        int m = w.length;
        int i = 0;
        for (; i <= n - 2 * LF; i += 2 * LF) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                FloatVector f0 = FloatVector.fromArray(F, src, b + j);
                FloatVector f1 = FloatVector.fromArray(F, src, b + j + LF);
                a0 = low(f0).fma(wj, exact(a0));
                a1 = high(f0).fma(wj, exact(a1));
                a2 = low(f1).fma(wj, exact(a2));
                a3 = high(f1).fma(wj, exact(a3));
            }
            half(a0).intoArray(dst, d + i);
            half(a1).intoArray(dst, d + i + LF / 2);
            half(a2).intoArray(dst, d + i + LF);
            half(a3).intoArray(dst, d + i + LF + LF / 2);
        }
        correlateRest(src, s, dst, d, i, n, w);
    }

    /** {@link #correlate(float[], int, float[], int, int, double[])} from output i on: vectors, then scalars. */
    private static void correlateRest(float[] src, int s, float[] dst, int d, int i, int n, double[] w) {
        int m = w.length;
        for (; i <= n - LF; i += LF) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                FloatVector f0 = FloatVector.fromArray(F, src, s + i + j);
                a0 = low(f0).fma(wj, exact(a0));
                a1 = high(f0).fma(wj, exact(a1));
            }
            half(a0).intoArray(dst, d + i);
            half(a1).intoArray(dst, d + i + LF / 2);
        }
        for (; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[s + i + j], acc);
            dst[d + i] = (float) acc;
        }
    }

    @Override
    public void combine(float[] src, int[] rows, float[] dst, int d, int n, double[] w) {
        int m = w.length;
        int i = 0;
        for (; i <= n - 2 * LF; i += 2 * LF) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                int b = rows[j] + i;
                FloatVector f0 = FloatVector.fromArray(F, src, b);
                FloatVector f1 = FloatVector.fromArray(F, src, b + LF);
                a0 = low(f0).fma(wj, exact(a0));
                a1 = high(f0).fma(wj, exact(a1));
                a2 = low(f1).fma(wj, exact(a2));
                a3 = high(f1).fma(wj, exact(a3));
            }
            half(a0).intoArray(dst, d + i);
            half(a1).intoArray(dst, d + i + LF / 2);
            half(a2).intoArray(dst, d + i + LF);
            half(a3).intoArray(dst, d + i + LF + LF / 2);
        }
        combineRest(src, rows, dst, d, i, n, w);
    }

    /** {@link #combine(float[], int[], float[], int, int, double[])} from output i on: vectors, then scalars. */
    private static void combineRest(float[] src, int[] rows, float[] dst, int d, int i, int n, double[] w) {
        int m = w.length;
        for (; i <= n - LF; i += LF) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                FloatVector f0 = FloatVector.fromArray(F, src, rows[j] + i);
                a0 = low(f0).fma(wj, exact(a0));
                a1 = high(f0).fma(wj, exact(a1));
            }
            half(a0).intoArray(dst, d + i);
            half(a1).intoArray(dst, d + i + LF / 2);
        }
        for (; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[rows[j] + i], acc);
            dst[d + i] = (float) acc;
        }
    }

    // The four-output kernels on doubles (stage 1 along y and z): input row e (0 ≤ e < m + 3) feeds output k with
    // weight w[e − k] where 0 ≤ e − k < m. The first three rows feed only the first outputs and the last three only
    // the last, so the loop runs over rows 3 … m − 1 (all four outputs) between a written-out head and tail: 4m
    // products per four outputs, where padding the missing taps with zero weights costs 4(m + 3) (stage 1 of a
    // 128³ volume 3% faster on one thread). One vector per output, and the scalar end in its own method, keep each
    // kernel within C2's node budget — which is also why the double and the float output have a kernel each (here
    // and in combine below): one kernel with a branch per store came within one or two inlines of that budget and in
    // some runs lost its store intrinsics, and for combine it measured 3% slower (pair ratios 1.023–1.031, one
    // thread). The float kernels below keep the zero padding: written out the same way they
    // exceed that budget (measured with -XX:+LogCompilation: NodeCountInliningCutoff, stores not intrinsified).
    // Needs m ≥ 3, which every Kernel1D has (radius ≥ 1); shorter weight lists are summed by the scalar end.

    @Override
    public void combine4(double[] src, int[] rows, double[] dst, int d, int stride, int n, double[] w) {
        int m = w.length, L = D.length();
        if (m < 3) {
            combine4Tail(src, rows, dst, d, stride, 0, n, w);
            return;
        }
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector zero = exact(DoubleVector.zero(D));
            DoubleVector w0 = DoubleVector.broadcast(D, w[0]), w1 = DoubleVector.broadcast(D, w[1]);
            DoubleVector w2 = DoubleVector.broadcast(D, w[2]);
            DoubleVector v = DoubleVector.fromArray(D, src, rows[0] + i);
            DoubleVector a0 = v.fma(w0, zero);
            v = DoubleVector.fromArray(D, src, rows[1] + i);
            a0 = v.fma(w1, a0);
            DoubleVector a1 = v.fma(w0, zero);
            v = DoubleVector.fromArray(D, src, rows[2] + i);
            a0 = v.fma(w2, a0);
            a1 = v.fma(w1, a1);
            DoubleVector a2 = v.fma(w0, zero), a3 = zero;
            for (int e = 3; e < m; e++) {
                v = DoubleVector.fromArray(D, src, rows[e] + i);
                a0 = v.fma(DoubleVector.broadcast(D, w[e]), exact(a0));
                a1 = v.fma(DoubleVector.broadcast(D, w[e - 1]), exact(a1));
                a2 = v.fma(DoubleVector.broadcast(D, w[e - 2]), exact(a2));
                a3 = v.fma(DoubleVector.broadcast(D, w[e - 3]), exact(a3));
            }
            roundToFloat(a0).intoArray(dst, d + i);
            w0 = DoubleVector.broadcast(D, w[m - 1]);
            w1 = DoubleVector.broadcast(D, w[m - 2]);
            v = DoubleVector.fromArray(D, src, rows[m] + i);
            a1 = v.fma(w0, exact(a1));
            a2 = v.fma(w1, exact(a2));
            a3 = v.fma(DoubleVector.broadcast(D, w[m - 3]), exact(a3));
            roundToFloat(a1).intoArray(dst, d + stride + i);
            v = DoubleVector.fromArray(D, src, rows[m + 1] + i);
            a2 = v.fma(w0, a2);
            a3 = v.fma(w1, a3);
            roundToFloat(a2).intoArray(dst, d + 2 * stride + i);
            v = DoubleVector.fromArray(D, src, rows[m + 2] + i);
            roundToFloat(v.fma(w0, a3)).intoArray(dst, d + 3 * stride + i);
        }
        combine4Tail(src, rows, dst, d, stride, i, n, w);
    }

    @Override
    public void combine4(double[] src, int[] rows, float[] dst, int d, int stride, int n, double[] w) {
        int m = w.length, L = D.length();
        if (m < 3) {
            combine4Tail(src, rows, dst, d, stride, 0, n, w);
            return;
        }
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector zero = exact(DoubleVector.zero(D));
            DoubleVector w0 = DoubleVector.broadcast(D, w[0]), w1 = DoubleVector.broadcast(D, w[1]);
            DoubleVector w2 = DoubleVector.broadcast(D, w[2]);
            DoubleVector v = DoubleVector.fromArray(D, src, rows[0] + i);
            DoubleVector a0 = v.fma(w0, zero);
            v = DoubleVector.fromArray(D, src, rows[1] + i);
            a0 = v.fma(w1, a0);
            DoubleVector a1 = v.fma(w0, zero);
            v = DoubleVector.fromArray(D, src, rows[2] + i);
            a0 = v.fma(w2, a0);
            a1 = v.fma(w1, a1);
            DoubleVector a2 = v.fma(w0, zero), a3 = zero;
            for (int e = 3; e < m; e++) {
                v = DoubleVector.fromArray(D, src, rows[e] + i);
                a0 = v.fma(DoubleVector.broadcast(D, w[e]), exact(a0));
                a1 = v.fma(DoubleVector.broadcast(D, w[e - 1]), exact(a1));
                a2 = v.fma(DoubleVector.broadcast(D, w[e - 2]), exact(a2));
                a3 = v.fma(DoubleVector.broadcast(D, w[e - 3]), exact(a3));
            }
            half(a0).intoArray(dst, d + i);
            w0 = DoubleVector.broadcast(D, w[m - 1]);
            w1 = DoubleVector.broadcast(D, w[m - 2]);
            v = DoubleVector.fromArray(D, src, rows[m] + i);
            a1 = v.fma(w0, exact(a1));
            a2 = v.fma(w1, exact(a2));
            a3 = v.fma(DoubleVector.broadcast(D, w[m - 3]), exact(a3));
            half(a1).intoArray(dst, d + stride + i);
            v = DoubleVector.fromArray(D, src, rows[m + 1] + i);
            a2 = v.fma(w0, a2);
            a3 = v.fma(w1, a3);
            half(a2).intoArray(dst, d + 2 * stride + i);
            v = DoubleVector.fromArray(D, src, rows[m + 2] + i);
            half(v.fma(w0, a3)).intoArray(dst, d + 3 * stride + i);
        }
        combine4Tail(src, rows, dst, d, stride, i, n, w);
    }

    @Override
    public void combine4(float[] src, int[] rows, float[] dst, int d, int stride, int n, float[] w, float[] w4) {
        int e4 = w4.length;
        int i = 0;
        for (; i <= n - 2 * LF; i += 2 * LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            // a zero weight adds an exact zero: each output's sum runs over its own taps in order
            for (int e = 0, j = 0; j < e4; e++, j += 4) {
                int b = rows[e] + i;
                FloatVector v0 = FloatVector.fromArray(F, src, b), v1 = FloatVector.fromArray(F, src, b + LF);
                FloatVector w0 = FloatVector.broadcast(F, w4[j]), w1 = FloatVector.broadcast(F, w4[j + 1]);
                FloatVector w2 = FloatVector.broadcast(F, w4[j + 2]), w3 = FloatVector.broadcast(F, w4[j + 3]);
                a0 = exact(a0).add(v0.mul(w0));
                a1 = exact(a1).add(v1.mul(w0));
                a2 = exact(a2).add(v0.mul(w1));
                a3 = exact(a3).add(v1.mul(w1));
                a4 = exact(a4).add(v0.mul(w2));
                a5 = exact(a5).add(v1.mul(w2));
                a6 = exact(a6).add(v0.mul(w3));
                a7 = exact(a7).add(v1.mul(w3));
            }
            exact(a0).intoArray(dst, d + i);
            exact(a1).intoArray(dst, d + i + LF);
            exact(a2).intoArray(dst, d + stride + i);
            exact(a3).intoArray(dst, d + stride + i + LF);
            exact(a4).intoArray(dst, d + 2 * stride + i);
            exact(a5).intoArray(dst, d + 2 * stride + i + LF);
            exact(a6).intoArray(dst, d + 3 * stride + i);
            exact(a7).intoArray(dst, d + 3 * stride + i + LF);
        }
        combine4Rest(src, rows, dst, d, stride, i, n, w, w4);
    }

    /** {@link #combine4(float[], int[], float[], int, int, int, float[], float[])} from output i on. */
    private static void combine4Rest(float[] src, int[] rows, float[] dst, int d, int stride, int i, int n,
                                     float[] w, float[] w4) {
        int e4 = w4.length;
        for (; i <= n - LF; i += LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int e = 0, j = 0; j < e4; e++, j += 4) {
                FloatVector v = FloatVector.fromArray(F, src, rows[e] + i);
                a0 = exact(a0).add(v.mul(FloatVector.broadcast(F, w4[j])));
                a1 = exact(a1).add(v.mul(FloatVector.broadcast(F, w4[j + 1])));
                a2 = exact(a2).add(v.mul(FloatVector.broadcast(F, w4[j + 2])));
                a3 = exact(a3).add(v.mul(FloatVector.broadcast(F, w4[j + 3])));
            }
            exact(a0).intoArray(dst, d + i);
            exact(a1).intoArray(dst, d + stride + i);
            exact(a2).intoArray(dst, d + 2 * stride + i);
            exact(a3).intoArray(dst, d + 3 * stride + i);
        }
        int m = w.length;
        for (; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                float acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[rows[k + j] + i];
                dst[d + k * stride + i] = acc;
            }
        }
    }

    @Override
    public void combine4FloatSum(float[] src, int[] rows, float[] dst, int d, int stride, int n, float[] hi,
                                 float[] lo, float[] hi4, float[] lo4) {
        int e4 = hi4.length;
        int i = 0;
        for (; i <= n - LF; i += LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int e = 0, j = 0; j < e4; e++, j += 4) {
                FloatVector v = FloatVector.fromArray(F, src, rows[e] + i);
                a0 = exact(a0).add(v.fma(FloatVector.broadcast(F, hi4[j]), v.mul(lo4[j])));
                a1 = exact(a1).add(v.fma(FloatVector.broadcast(F, hi4[j + 1]), v.mul(lo4[j + 1])));
                a2 = exact(a2).add(v.fma(FloatVector.broadcast(F, hi4[j + 2]), v.mul(lo4[j + 2])));
                a3 = exact(a3).add(v.fma(FloatVector.broadcast(F, hi4[j + 3]), v.mul(lo4[j + 3])));
            }
            exact(a0).intoArray(dst, d + i);
            exact(a1).intoArray(dst, d + stride + i);
            exact(a2).intoArray(dst, d + 2 * stride + i);
            exact(a3).intoArray(dst, d + 3 * stride + i);
        }
        int m = hi.length;
        for (; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                float acc = 0;
                for (int j = 0; j < m; j++) {
                    float v = src[rows[k + j] + i];
                    acc += Math.fma(hi[j], v, lo[j] * v);
                }
                dst[d + k * stride + i] = acc;
            }
        }
    }

    /** The scalar end (outputs i … n − 1) of {@link #combine4(double[], int[], double[], int, int, int, double[])},
     *  in its own method: in the kernel's, it pushed the kernel past C2's node budget. */
    private static void combine4Tail(double[] src, int[] rows, double[] dst, int d, int stride, int i, int n,
                                     double[] w) {
        int m = w.length;
        for (; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                double acc = 0;
                for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[rows[k + j] + i], acc);
                dst[d + k * stride + i] = (float) acc;
            }
        }
    }

    /** The scalar end of {@link #combine4(double[], int[], float[], int, int, int, double[])}. */
    private static void combine4Tail(double[] src, int[] rows, float[] dst, int d, int stride, int i, int n,
                                     double[] w) {
        int m = w.length;
        for (; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                double acc = 0;
                for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[rows[k + j] + i], acc);
                dst[d + k * stride + i] = (float) acc;
            }
        }
    }

    @Override
    public void correlate(float[] src, int s, float[] dst, int d, int n, float[] w) {
        int m = w.length;
        int i = 0;
        for (; i <= n - 4 * LF; i += 4 * LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                FloatVector wj = FloatVector.broadcast(F, w[j]);
                a0 = exact(a0).add(FloatVector.fromArray(F, src, b + j).mul(wj));
                a1 = exact(a1).add(FloatVector.fromArray(F, src, b + j + LF).mul(wj));
                a2 = exact(a2).add(FloatVector.fromArray(F, src, b + j + 2 * LF).mul(wj));
                a3 = exact(a3).add(FloatVector.fromArray(F, src, b + j + 3 * LF).mul(wj));
            }
            exact(a0).intoArray(dst, d + i);
            exact(a1).intoArray(dst, d + i + LF);
            exact(a2).intoArray(dst, d + i + 2 * LF);
            exact(a3).intoArray(dst, d + i + 3 * LF);
        }
        correlateRest(src, s, dst, d, i, n, w);
    }

    /** {@link #correlate(float[], int, float[], int, int, float[])} from output i on: vectors, then scalars. */
    private static void correlateRest(float[] src, int s, float[] dst, int d, int i, int n, float[] w) {
        int m = w.length;
        for (; i <= n - LF; i += LF) {
            FloatVector a = FloatVector.zero(F);
            for (int j = 0; j < m; j++) a = exact(a).add(FloatVector.fromArray(F, src, s + i + j).mul(w[j]));
            exact(a).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            float acc = 0;
            for (int j = 0; j < m; j++) acc += w[j] * src[s + i + j];
            dst[d + i] = acc;
        }
    }

    @Override
    public void combine(float[] src, int[] rows, float[] dst, int d, int n, float[] w) {
        int m = w.length;
        int i = 0;
        for (; i <= n - 4 * LF; i += 4 * LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < m; j++) {
                FloatVector wj = FloatVector.broadcast(F, w[j]);
                int b = rows[j] + i;
                a0 = exact(a0).add(FloatVector.fromArray(F, src, b).mul(wj));
                a1 = exact(a1).add(FloatVector.fromArray(F, src, b + LF).mul(wj));
                a2 = exact(a2).add(FloatVector.fromArray(F, src, b + 2 * LF).mul(wj));
                a3 = exact(a3).add(FloatVector.fromArray(F, src, b + 3 * LF).mul(wj));
            }
            exact(a0).intoArray(dst, d + i);
            exact(a1).intoArray(dst, d + i + LF);
            exact(a2).intoArray(dst, d + i + 2 * LF);
            exact(a3).intoArray(dst, d + i + 3 * LF);
        }
        combineRest(src, rows, dst, d, i, n, w);
    }

    /** {@link #combine(float[], int[], float[], int, int, float[])} from output i on: vectors, then scalars. */
    private static void combineRest(float[] src, int[] rows, float[] dst, int d, int i, int n, float[] w) {
        int m = w.length;
        for (; i <= n - LF; i += LF) {
            FloatVector a = FloatVector.zero(F);
            for (int j = 0; j < m; j++) a = exact(a).add(FloatVector.fromArray(F, src, rows[j] + i).mul(w[j]));
            exact(a).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            float acc = 0;
            for (int j = 0; j < m; j++) acc += w[j] * src[rows[j] + i];
            dst[d + i] = acc;
        }
    }

    @Override
    public void correlateFloatSum(float[] src, int s, float[] dst, int d, int n, float[] hi, float[] lo) {
        int m = hi.length;
        int i = 0;
        for (; i <= n - 2 * LF; i += 2 * LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                FloatVector h = FloatVector.broadcast(F, hi[j]), l = FloatVector.broadcast(F, lo[j]);
                FloatVector v0 = FloatVector.fromArray(F, src, b + j), v1 = FloatVector.fromArray(F, src, b + j + LF);
                a0 = exact(a0).add(v0.fma(h, v0.mul(l)));
                a1 = exact(a1).add(v1.fma(h, v1.mul(l)));
            }
            exact(a0).intoArray(dst, d + i);
            exact(a1).intoArray(dst, d + i + LF);
        }
        correlateFloatSumRest(src, s, dst, d, i, n, hi, lo);
    }

    /** {@link #correlateFloatSum} from output i on: vectors, then scalars. */
    private static void correlateFloatSumRest(float[] src, int s, float[] dst, int d, int i, int n, float[] hi,
                                              float[] lo) {
        int m = hi.length;
        for (; i <= n - LF; i += LF) {
            FloatVector a = FloatVector.zero(F);
            for (int j = 0; j < m; j++) {
                FloatVector v = FloatVector.fromArray(F, src, s + i + j);
                a = exact(a).add(v.fma(FloatVector.broadcast(F, hi[j]), v.mul(lo[j])));
            }
            exact(a).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            float acc = 0;
            for (int j = 0; j < m; j++) {
                float v = src[s + i + j];
                acc += Math.fma(hi[j], v, lo[j] * v);
            }
            dst[d + i] = acc;
        }
    }

    @Override
    public void combineFloatSum(float[] src, int[] rows, float[] dst, int d, int n, float[] hi, float[] lo) {
        int m = hi.length;
        int i = 0;
        for (; i <= n - 2 * LF; i += 2 * LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0;
            for (int j = 0; j < m; j++) {
                FloatVector h = FloatVector.broadcast(F, hi[j]), l = FloatVector.broadcast(F, lo[j]);
                int b = rows[j] + i;
                FloatVector v0 = FloatVector.fromArray(F, src, b), v1 = FloatVector.fromArray(F, src, b + LF);
                a0 = exact(a0).add(v0.fma(h, v0.mul(l)));
                a1 = exact(a1).add(v1.fma(h, v1.mul(l)));
            }
            exact(a0).intoArray(dst, d + i);
            exact(a1).intoArray(dst, d + i + LF);
        }
        combineFloatSumRest(src, rows, dst, d, i, n, hi, lo);
    }

    /** {@link #combineFloatSum} from output i on: vectors, then scalars. */
    private static void combineFloatSumRest(float[] src, int[] rows, float[] dst, int d, int i, int n, float[] hi,
                                            float[] lo) {
        int m = hi.length;
        for (; i <= n - LF; i += LF) {
            FloatVector a = FloatVector.zero(F);
            for (int j = 0; j < m; j++) {
                FloatVector v = FloatVector.fromArray(F, src, rows[j] + i);
                a = exact(a).add(v.fma(FloatVector.broadcast(F, hi[j]), v.mul(lo[j])));
            }
            exact(a).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            float acc = 0;
            for (int j = 0; j < m; j++) {
                float v = src[rows[j] + i];
                acc += Math.fma(hi[j], v, lo[j] * v);
            }
            dst[d + i] = acc;
        }
    }

    @Override
    public void correlate(double[] src, int s, double[] dst, int d, int n, double[] w) {
        int m = w.length, L = D.length();
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                a0 = DoubleVector.fromArray(D, src, b + j).fma(wj, exact(a0));
                a1 = DoubleVector.fromArray(D, src, b + j + L).fma(wj, exact(a1));
                a2 = DoubleVector.fromArray(D, src, b + j + 2 * L).fma(wj, exact(a2));
                a3 = DoubleVector.fromArray(D, src, b + j + 3 * L).fma(wj, exact(a3));
            }
            roundToFloat(a0).intoArray(dst, d + i);
            roundToFloat(a1).intoArray(dst, d + i + L);
            roundToFloat(a2).intoArray(dst, d + i + 2 * L);
            roundToFloat(a3).intoArray(dst, d + i + 3 * L);
        }
        correlateRest(src, s, dst, d, i, n, w);
    }

    /** {@link #correlate(double[], int, double[], int, int, double[])} from output i on: vectors, then scalars. */
    private static void correlateRest(double[] src, int s, double[] dst, int d, int i, int n, double[] w) {
        int m = w.length, L = D.length();
        for (; i <= n - L; i += L) {
            DoubleVector a = DoubleVector.zero(D);
            for (int j = 0; j < m; j++) {
                a = DoubleVector.fromArray(D, src, s + i + j).fma(DoubleVector.broadcast(D, w[j]), exact(a));
            }
            roundToFloat(a).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[s + i + j], acc);
            dst[d + i] = (float) acc;
        }
    }

    @Override
    public void combine(double[] src, int[] rows, double[] dst, int d, int n, double[] w) {
        int m = w.length, L = D.length();
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                int b = rows[j] + i;
                a0 = DoubleVector.fromArray(D, src, b).fma(wj, exact(a0));
                a1 = DoubleVector.fromArray(D, src, b + L).fma(wj, exact(a1));
                a2 = DoubleVector.fromArray(D, src, b + 2 * L).fma(wj, exact(a2));
                a3 = DoubleVector.fromArray(D, src, b + 3 * L).fma(wj, exact(a3));
            }
            roundToFloat(a0).intoArray(dst, d + i);
            roundToFloat(a1).intoArray(dst, d + i + L);
            roundToFloat(a2).intoArray(dst, d + i + 2 * L);
            roundToFloat(a3).intoArray(dst, d + i + 3 * L);
        }
        combineRest(src, rows, dst, d, i, n, w);
    }

    /** {@link #combine(double[], int[], double[], int, int, double[])} from output i on: vectors, then scalars. */
    private static void combineRest(double[] src, int[] rows, double[] dst, int d, int i, int n, double[] w) {
        int m = w.length, L = D.length();
        for (; i <= n - L; i += L) {
            DoubleVector a = DoubleVector.zero(D);
            for (int j = 0; j < m; j++) {
                a = DoubleVector.fromArray(D, src, rows[j] + i).fma(DoubleVector.broadcast(D, w[j]), exact(a));
            }
            roundToFloat(a).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[rows[j] + i], acc);
            dst[d + i] = (float) acc;
        }
    }

    @Override
    public void combine(double[] src, int[] rows, float[] dst, int d, int n, double[] w) {
        int m = w.length, L = D.length();
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                int b = rows[j] + i;
                a0 = DoubleVector.fromArray(D, src, b).fma(wj, exact(a0));
                a1 = DoubleVector.fromArray(D, src, b + L).fma(wj, exact(a1));
                a2 = DoubleVector.fromArray(D, src, b + 2 * L).fma(wj, exact(a2));
                a3 = DoubleVector.fromArray(D, src, b + 3 * L).fma(wj, exact(a3));
            }
            half(a0).intoArray(dst, d + i);
            half(a1).intoArray(dst, d + i + L);
            half(a2).intoArray(dst, d + i + 2 * L);
            half(a3).intoArray(dst, d + i + 3 * L);
        }
        combineRest(src, rows, dst, d, i, n, w);
    }

    /** {@link #combine(double[], int[], float[], int, int, double[])} from output i on: vectors, then scalars. */
    private static void combineRest(double[] src, int[] rows, float[] dst, int d, int i, int n, double[] w) {
        int m = w.length, L = D.length();
        for (; i <= n - L; i += L) {
            DoubleVector a = DoubleVector.zero(D);
            for (int j = 0; j < m; j++) {
                a = DoubleVector.fromArray(D, src, rows[j] + i).fma(DoubleVector.broadcast(D, w[j]), exact(a));
            }
            half(a).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[rows[j] + i], acc);
            dst[d + i] = (float) acc;
        }
    }
}
