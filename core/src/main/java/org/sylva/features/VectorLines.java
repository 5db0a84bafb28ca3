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
    // thread). (Stage 2's float passes use the sliding windows further below instead.)
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

    // Runs of rows (passes along y and z of stage 2, float arithmetic): a sliding window down each column of one
    // vector. Input row e feeds output rows e − m + 1 … e; the m accumulators of those outputs live in registers,
    // the oldest completes with row e and is stored, the others move up one place, and output e starts as
    // 0 + w[0]·row e (vigra's sum starts at zero). So every input vector is loaded once, every output sums exactly
    // its own m taps in vigra's order, and there are no head and tail rows to write out — the four-output kernels
    // this replaced either padded the missing taps with zero weights (4(m + 3) products for 4m) or, written out,
    // exceeded C2's node budget. Only m = 3 and m = 5 have kernels (stage 2's kernels: σ ≤ 1 with window 2 gives
    // radius 1 or 2); other sizes, and runs narrower than a vector, take one combine per row. The last column of
    // a run overlaps the one before it instead of going scalar: it recomputes the same values, which is why src
    // and dst must not overlap. In isolation (5 taps, 16 × 134 rows, float arithmetic) 0.70× the time of a combine
    // per row along y and of the zero-padded four-output kernel along z.

    @Override
    public void combineRows(float[] src, int s, int stride, float[] dst, int d, int rows, int width, float[] w) {
        boolean vectors = width >= LF && rows > 0;
        if (vectors && w.length == 5) rows5(src, s, stride, dst, d, rows, width, w);
        else if (vectors && w.length == 3) rows3(src, s, stride, dst, d, rows, width, w);
        else Lines.super.combineRows(src, s, stride, dst, d, rows, width, w);
    }

    private static void rows5(float[] src, int s, int stride, float[] dst, int d, int rows, int width, float[] w) {
        FloatVector w0 = FloatVector.broadcast(F, w[0]), w1 = FloatVector.broadcast(F, w[1]);
        FloatVector w2 = FloatVector.broadcast(F, w[2]), w3 = FloatVector.broadcast(F, w[3]);
        FloatVector w4 = FloatVector.broadcast(F, w[4]);
        FloatVector zero = FloatVector.zero(F);
        int inputs = rows + 4;
        for (int i = 0; i < width; i += LF) {
            int c = Math.min(i, width - LF);
            FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;      // outputs e − 4 … e − 1
            int p = s + c, q = d + c - 4 * stride;
            for (int e = 0; e < inputs; e++, p += stride, q += stride) {
                FloatVector v = FloatVector.fromArray(F, src, p);
                FloatVector done = exact(a0).add(v.mul(w4));
                a0 = exact(a1).add(v.mul(w3));
                a1 = exact(a2).add(v.mul(w2));
                a2 = exact(a3).add(v.mul(w1));
                a3 = zero.add(v.mul(w0));
                if (e >= 4) exact(done).intoArray(dst, q);
            }
        }
    }

    private static void rows3(float[] src, int s, int stride, float[] dst, int d, int rows, int width, float[] w) {
        FloatVector w0 = FloatVector.broadcast(F, w[0]), w1 = FloatVector.broadcast(F, w[1]);
        FloatVector w2 = FloatVector.broadcast(F, w[2]);
        FloatVector zero = FloatVector.zero(F);
        int inputs = rows + 2;
        for (int i = 0; i < width; i += LF) {
            int c = Math.min(i, width - LF);
            FloatVector a0 = zero, a1 = zero;                            // outputs e − 2, e − 1
            int p = s + c, q = d + c - 2 * stride;
            for (int e = 0; e < inputs; e++, p += stride, q += stride) {
                FloatVector v = FloatVector.fromArray(F, src, p);
                FloatVector done = exact(a0).add(v.mul(w2));
                a0 = exact(a1).add(v.mul(w1));
                a1 = zero.add(v.mul(w0));
                if (e >= 2) exact(done).intoArray(dst, q);
            }
        }
    }

    @Override
    public void combineRowsFloatSum(float[] src, int s, int stride, float[] dst, int d, int rows, int width,
                                    float[] hi, float[] lo) {
        boolean vectors = width >= LF && rows > 0;
        if (vectors && hi.length == 5) rowsFloatSum5(src, s, stride, dst, d, rows, width, hi, lo);
        else if (vectors && hi.length == 3) rowsFloatSum3(src, s, stride, dst, d, rows, width, hi, lo);
        else Lines.super.combineRowsFloatSum(src, s, stride, dst, d, rows, width, hi, lo);
    }

    private static void rowsFloatSum5(float[] src, int s, int stride, float[] dst, int d, int rows, int width,
                                      float[] hi, float[] lo) {
        FloatVector h0 = FloatVector.broadcast(F, hi[0]), h1 = FloatVector.broadcast(F, hi[1]);
        FloatVector h2 = FloatVector.broadcast(F, hi[2]), h3 = FloatVector.broadcast(F, hi[3]);
        FloatVector h4 = FloatVector.broadcast(F, hi[4]);
        FloatVector l0 = FloatVector.broadcast(F, lo[0]), l1 = FloatVector.broadcast(F, lo[1]);
        FloatVector l2 = FloatVector.broadcast(F, lo[2]), l3 = FloatVector.broadcast(F, lo[3]);
        FloatVector l4 = FloatVector.broadcast(F, lo[4]);
        FloatVector zero = FloatVector.zero(F);
        int inputs = rows + 4;
        for (int i = 0; i < width; i += LF) {
            int c = Math.min(i, width - LF);
            FloatVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            int p = s + c, q = d + c - 4 * stride;
            for (int e = 0; e < inputs; e++, p += stride, q += stride) {
                FloatVector v = FloatVector.fromArray(F, src, p);
                FloatVector done = exact(a0).add(v.fma(h4, v.mul(l4)));
                a0 = exact(a1).add(v.fma(h3, v.mul(l3)));
                a1 = exact(a2).add(v.fma(h2, v.mul(l2)));
                a2 = exact(a3).add(v.fma(h1, v.mul(l1)));
                a3 = zero.add(v.fma(h0, v.mul(l0)));
                if (e >= 4) exact(done).intoArray(dst, q);
            }
        }
    }

    private static void rowsFloatSum3(float[] src, int s, int stride, float[] dst, int d, int rows, int width,
                                      float[] hi, float[] lo) {
        FloatVector h0 = FloatVector.broadcast(F, hi[0]), h1 = FloatVector.broadcast(F, hi[1]);
        FloatVector h2 = FloatVector.broadcast(F, hi[2]);
        FloatVector l0 = FloatVector.broadcast(F, lo[0]), l1 = FloatVector.broadcast(F, lo[1]);
        FloatVector l2 = FloatVector.broadcast(F, lo[2]);
        FloatVector zero = FloatVector.zero(F);
        int inputs = rows + 2;
        for (int i = 0; i < width; i += LF) {
            int c = Math.min(i, width - LF);
            FloatVector a0 = zero, a1 = zero;
            int p = s + c, q = d + c - 2 * stride;
            for (int e = 0; e < inputs; e++, p += stride, q += stride) {
                FloatVector v = FloatVector.fromArray(F, src, p);
                FloatVector done = exact(a0).add(v.fma(h2, v.mul(l2)));
                a0 = exact(a1).add(v.fma(h1, v.mul(l1)));
                a1 = zero.add(v.fma(h0, v.mul(l0)));
                if (e >= 2) exact(done).intoArray(dst, q);
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

    // Several kernels over one source (the x passes of the derivative filters, and of the structure tensor's
    // gradient): a pass along x loads m shifted, mostly cache-line-splitting vectors per output vector and is bound
    // by those loads, so each loaded vector serves every kernel (derivative filters' x passes 0.72× the time in
    // isolation). The last vector of a run overlaps the one before it instead of going scalar. correlate2 and
    // correlate3 are one kernel for two and three outputs: accumulators held in an array would be boxed vectors, so
    // each count of kernels has its own body.

    @Override
    public void correlate2(float[] src, int s, float[] d0, float[] d1, int d, int n, float[] w0, float[] w1) {
        int m = w0.length;
        if (n < LF || w1.length != m) {
            Lines.super.correlate2(src, s, d0, d1, d, n, w0, w1);
            return;
        }
        int i = 0;
        for (; i <= n - 2 * LF; i += 2 * LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                FloatVector v = FloatVector.fromArray(F, src, b + j), u = FloatVector.fromArray(F, src, b + j + LF);
                FloatVector x0 = FloatVector.broadcast(F, w0[j]), x1 = FloatVector.broadcast(F, w1[j]);
                a0 = exact(a0).add(v.mul(x0));
                b0 = exact(b0).add(u.mul(x0));
                a1 = exact(a1).add(v.mul(x1));
                b1 = exact(b1).add(u.mul(x1));
            }
            exact(a0).intoArray(d0, d + i);
            exact(b0).intoArray(d0, d + i + LF);
            exact(a1).intoArray(d1, d + i);
            exact(b1).intoArray(d1, d + i + LF);
        }
        for (; i < n; i += LF) {
            int c = Math.min(i, n - LF);
            FloatVector a0 = FloatVector.zero(F), a1 = a0;
            for (int j = 0; j < m; j++) {
                FloatVector v = FloatVector.fromArray(F, src, s + c + j);
                a0 = exact(a0).add(v.mul(w0[j]));
                a1 = exact(a1).add(v.mul(w1[j]));
            }
            exact(a0).intoArray(d0, d + c);
            exact(a1).intoArray(d1, d + c);
        }
    }

    @Override
    public void correlate3(float[] src, int s, float[] d0, float[] d1, float[] d2, int d, int n, float[] w0,
                           float[] w1, float[] w2) {
        int m = w0.length;
        if (n < LF || w1.length != m || w2.length != m) {
            Lines.super.correlate3(src, s, d0, d1, d2, d, n, w0, w1, w2);
            return;
        }
        int i = 0;
        for (; i <= n - 2 * LF; i += 2 * LF) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                FloatVector v = FloatVector.fromArray(F, src, b + j), u = FloatVector.fromArray(F, src, b + j + LF);
                FloatVector x0 = FloatVector.broadcast(F, w0[j]), x1 = FloatVector.broadcast(F, w1[j]);
                FloatVector x2 = FloatVector.broadcast(F, w2[j]);
                a0 = exact(a0).add(v.mul(x0));
                b0 = exact(b0).add(u.mul(x0));
                a1 = exact(a1).add(v.mul(x1));
                b1 = exact(b1).add(u.mul(x1));
                a2 = exact(a2).add(v.mul(x2));
                b2 = exact(b2).add(u.mul(x2));
            }
            exact(a0).intoArray(d0, d + i);
            exact(b0).intoArray(d0, d + i + LF);
            exact(a1).intoArray(d1, d + i);
            exact(b1).intoArray(d1, d + i + LF);
            exact(a2).intoArray(d2, d + i);
            exact(b2).intoArray(d2, d + i + LF);
        }
        correlate3Rest(src, s, d0, d1, d2, d, i, n, w0, w1, w2);
    }

    /** The one-vector end of {@link #correlate3}: its last vector overlaps the one before (n ≥ LF). */
    private static void correlate3Rest(float[] src, int s, float[] d0, float[] d1, float[] d2, int d, int i, int n,
                                       float[] w0, float[] w1, float[] w2) {
        int m = w0.length;
        for (; i < n; i += LF) {
            int c = Math.min(i, n - LF);
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0;
            for (int j = 0; j < m; j++) {
                FloatVector v = FloatVector.fromArray(F, src, s + c + j);
                a0 = exact(a0).add(v.mul(w0[j]));
                a1 = exact(a1).add(v.mul(w1[j]));
                a2 = exact(a2).add(v.mul(w2[j]));
            }
            exact(a0).intoArray(d0, d + c);
            exact(a1).intoArray(d1, d + c);
            exact(a2).intoArray(d2, d + c);
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
