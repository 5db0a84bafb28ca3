package org.sylva.features;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Lines} on the Vector API.
 *
 * <p>JDK 17's Vector API only compiles to plain vector code when every shared operation sees one vector shape;
 * mixing, say, 256- and 512-bit float vectors makes C2 box every vector (10–50× slower). So this class (and
 * {@link VectorPointwise}) use exactly one float species and the double species of the same bit size, and move
 * between them with {@code convertShape} parts (a float vector = two double vectors).
 */
final class VectorLines implements Lines {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int LF = F.length();
    /** Float lanes filled by the second (upper) double half. */
    static final VectorMask<Float> UPPER = VectorMask.fromLong(F, ((1L << LF) - 1) & ~((1L << (LF / 2)) - 1));

    /** The lower half of a float vector as doubles. */
    static DoubleVector low(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    /** The upper half of a float vector as doubles. */
    static DoubleVector high(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
    }

    /** Two double vectors rounded into one float vector (lower half first). */
    static FloatVector narrow(DoubleVector lo, DoubleVector hi) {
        FloatVector a = (FloatVector) lo.convertShape(VectorOperators.D2F, F, 0);
        FloatVector b = (FloatVector) hi.convertShape(VectorOperators.D2F, F, -1);
        return a.blend(b, UPPER);
    }

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
                a0 = low(f0).fma(wj, a0);
                a1 = high(f0).fma(wj, a1);
                a2 = low(f1).fma(wj, a2);
                a3 = high(f1).fma(wj, a3);
            }
            narrow(a0, a1).intoArray(dst, d + i);
            narrow(a2, a3).intoArray(dst, d + i + LF);
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
                a0 = low(f0).fma(wj, a0);
                a1 = high(f0).fma(wj, a1);
                a2 = low(f1).fma(wj, a2);
                a3 = high(f1).fma(wj, a3);
            }
            narrow(a0, a1).intoArray(dst, d + i);
            narrow(a2, a3).intoArray(dst, d + i + LF);
        }
        for (; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < m; j++) acc = Math.fma(w[j], src[rows[j] + i], acc);
            dst[d + i] = (float) acc;
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
                a0 = a0.add(FloatVector.fromArray(F, src, b + j).mul(wj));
                a1 = a1.add(FloatVector.fromArray(F, src, b + j + LF).mul(wj));
                a2 = a2.add(FloatVector.fromArray(F, src, b + j + 2 * LF).mul(wj));
                a3 = a3.add(FloatVector.fromArray(F, src, b + j + 3 * LF).mul(wj));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + LF);
            a2.intoArray(dst, d + i + 2 * LF);
            a3.intoArray(dst, d + i + 3 * LF);
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
                a0 = a0.add(FloatVector.fromArray(F, src, b).mul(wj));
                a1 = a1.add(FloatVector.fromArray(F, src, b + LF).mul(wj));
                a2 = a2.add(FloatVector.fromArray(F, src, b + 2 * LF).mul(wj));
                a3 = a3.add(FloatVector.fromArray(F, src, b + 3 * LF).mul(wj));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + LF);
            a2.intoArray(dst, d + i + 2 * LF);
            a3.intoArray(dst, d + i + 3 * LF);
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
                a0 = a0.add(v0.fma(h, v0.mul(l)));
                a1 = a1.add(v1.fma(h, v1.mul(l)));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + LF);
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
                a0 = a0.add(v0.fma(h, v0.mul(l)));
                a1 = a1.add(v1.fma(h, v1.mul(l)));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + LF);
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
}
