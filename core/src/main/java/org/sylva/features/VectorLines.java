package org.sylva.features;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Lines} on the Vector API. Double weights: floats are widened to double lanes, multiplied and summed in
 * double, narrowed to float once per output. Float weights: float lanes, a multiply then an add per tap (no FMA,
 * so every lane rounds exactly like the scalar C++ loop). Four vectors in flight so the chains overlap; scalar
 * tails.
 */
final class VectorLines implements Lines {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** Float species with as many lanes as {@link #D}. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LS = S.length();

    private static DoubleVector load(float[] a, int i) {
        return (DoubleVector) FloatVector.fromArray(F, a, i).convertShape(VectorOperators.F2D, D, 0);
    }

    private static void store(DoubleVector v, float[] a, int i) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, F, 0)).intoArray(a, i);
    }

    @Override
    public void correlate(float[] src, int s, float[] dst, int d, int n, double[] w) {
        int m = w.length;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                a0 = load(src, b + j).fma(wj, a0);
                a1 = load(src, b + j + L).fma(wj, a1);
                a2 = load(src, b + j + 2 * L).fma(wj, a2);
                a3 = load(src, b + j + 3 * L).fma(wj, a3);
            }
            store(a0, dst, d + i);
            store(a1, dst, d + i + L);
            store(a2, dst, d + i + 2 * L);
            store(a3, dst, d + i + 3 * L);
        }
        for (; i <= n - L; i += L) {
            DoubleVector a0 = DoubleVector.zero(D);
            int b = s + i;
            for (int j = 0; j < m; j++) a0 = load(src, b + j).fma(DoubleVector.broadcast(D, w[j]), a0);
            store(a0, dst, d + i);
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
        for (; i <= n - 4 * L; i += 4 * L) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                int b = rows[j] + i;
                a0 = load(src, b).fma(wj, a0);
                a1 = load(src, b + L).fma(wj, a1);
                a2 = load(src, b + 2 * L).fma(wj, a2);
                a3 = load(src, b + 3 * L).fma(wj, a3);
            }
            store(a0, dst, d + i);
            store(a1, dst, d + i + L);
            store(a2, dst, d + i + 2 * L);
            store(a3, dst, d + i + 3 * L);
        }
        for (; i <= n - L; i += L) {
            DoubleVector a0 = DoubleVector.zero(D);
            for (int j = 0; j < m; j++) a0 = load(src, rows[j] + i).fma(DoubleVector.broadcast(D, w[j]), a0);
            store(a0, dst, d + i);
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
        for (; i <= n - 4 * LS; i += 4 * LS) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                FloatVector wj = FloatVector.broadcast(S, w[j]);
                a0 = a0.add(FloatVector.fromArray(S, src, b + j).mul(wj));
                a1 = a1.add(FloatVector.fromArray(S, src, b + j + LS).mul(wj));
                a2 = a2.add(FloatVector.fromArray(S, src, b + j + 2 * LS).mul(wj));
                a3 = a3.add(FloatVector.fromArray(S, src, b + j + 3 * LS).mul(wj));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + LS);
            a2.intoArray(dst, d + i + 2 * LS);
            a3.intoArray(dst, d + i + 3 * LS);
        }
        for (; i <= n - LS; i += LS) {
            FloatVector a0 = FloatVector.zero(S);
            int b = s + i;
            for (int j = 0; j < m; j++) a0 = a0.add(FloatVector.fromArray(S, src, b + j).mul(w[j]));
            a0.intoArray(dst, d + i);
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
        for (; i <= n - 4 * LS; i += 4 * LS) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < m; j++) {
                FloatVector wj = FloatVector.broadcast(S, w[j]);
                int b = rows[j] + i;
                a0 = a0.add(FloatVector.fromArray(S, src, b).mul(wj));
                a1 = a1.add(FloatVector.fromArray(S, src, b + LS).mul(wj));
                a2 = a2.add(FloatVector.fromArray(S, src, b + 2 * LS).mul(wj));
                a3 = a3.add(FloatVector.fromArray(S, src, b + 3 * LS).mul(wj));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + LS);
            a2.intoArray(dst, d + i + 2 * LS);
            a3.intoArray(dst, d + i + 3 * LS);
        }
        for (; i <= n - LS; i += LS) {
            FloatVector a0 = FloatVector.zero(S);
            for (int j = 0; j < m; j++) a0 = a0.add(FloatVector.fromArray(S, src, rows[j] + i).mul(w[j]));
            a0.intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            float acc = 0;
            for (int j = 0; j < m; j++) acc += w[j] * src[rows[j] + i];
            dst[d + i] = acc;
        }
    }

    @Override
    public void correlateFloatSum(float[] src, int s, float[] dst, int d, int n, double[] w) {
        int m = w.length;
        int i = 0;
        for (; i <= n - 2 * L; i += 2 * L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0;
            int b = s + i;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                a0 = a0.add(narrow(load(src, b + j).mul(wj)));
                a1 = a1.add(narrow(load(src, b + j + L).mul(wj)));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + L);
        }
        for (; i < n; i++) {
            float acc = 0;
            for (int j = 0; j < m; j++) acc += (float) (w[j] * src[s + i + j]);
            dst[d + i] = acc;
        }
    }

    @Override
    public void combineFloatSum(float[] src, int[] rows, float[] dst, int d, int n, double[] w) {
        int m = w.length;
        int i = 0;
        for (; i <= n - 2 * L; i += 2 * L) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0;
            for (int j = 0; j < m; j++) {
                DoubleVector wj = DoubleVector.broadcast(D, w[j]);
                int b = rows[j] + i;
                a0 = a0.add(narrow(load(src, b).mul(wj)));
                a1 = a1.add(narrow(load(src, b + L).mul(wj)));
            }
            a0.intoArray(dst, d + i);
            a1.intoArray(dst, d + i + L);
        }
        for (; i < n; i++) {
            float acc = 0;
            for (int j = 0; j < m; j++) acc += (float) (w[j] * src[rows[j] + i]);
            dst[d + i] = acc;
        }
    }

    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, F, 0);
    }
}
