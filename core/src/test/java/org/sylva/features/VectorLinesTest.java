package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every one-output pass of the vector kernels gives the scalar kernels' bits, for every kind of run length: the
 * unrolled vector loop, the one-vector loop after it and the scalar end each take part for some of the lengths
 * (0 to 1400 outputs; a tile row span of 16 or 20 rows of 70 pixels is 1120 or 1400). Values outside the run stay
 * untouched.
 */
class VectorLinesTest {

    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 79, 100, 1120, 1400};
    private static final int STRIDE = 1500;

    @ParameterizedTest(name = "σ = {0}")
    @ValueSource(doubles = {0.7, 1.0, 3.5})
    void vectorPassesEqualScalarPassesAtEveryLength(double sigma) {
        Kernel1D dk = Kernel1D.gaussian(sigma, 0, 2.0);
        Kernel1D fk = Kernel1D.gaussianFloat(Math.min(sigma, 1.0), 2, 2.0);
        Kernel1D sk = dk.with(Kernel1D.Arithmetic.FLOAT_SUM);
        int m = dk.size();
        Random rnd = new Random(Double.doubleToLongBits(sigma));
        int size = (m + 1) * STRIDE;
        float[] srcF = new float[size];
        double[] srcD = new double[size];
        for (int i = 0; i < size; i++) {
            srcF[i] = (rnd.nextFloat() - 0.4f) * 1000f;
            srcD[i] = srcF[i];
        }
        int[] rows = new int[Math.max(m, fk.size())];
        for (int j = 0; j < rows.length; j++) rows[j] = ((j * 5) % rows.length) * STRIDE + 3;   // shuffled rows
        Lines v = Lines.best(), s = Lines.SCALAR;
        for (int n : LENGTHS) {
            String at = "n = " + n + ", " + m + " taps";
            int d = 5, out = d + n + 11;
            float[] a = new float[out], b = new float[out];
            v.correlate(srcF, 2, a, d, n, dk.doubleWeights());
            s.correlate(srcF, 2, b, d, n, dk.doubleWeights());
            assertArrayEquals(b, a, "correlate float, double weights, " + at);
            v.combine(srcF, rows, a, d, n, dk.doubleWeights());
            s.combine(srcF, rows, b, d, n, dk.doubleWeights());
            assertArrayEquals(b, a, "combine float, double weights, " + at);
            v.correlate(srcF, 2, a, d, n, fk.floatWeights());
            s.correlate(srcF, 2, b, d, n, fk.floatWeights());
            assertArrayEquals(b, a, "correlate float, " + at);
            v.combine(srcF, rows, a, d, n, fk.floatWeights());
            s.combine(srcF, rows, b, d, n, fk.floatWeights());
            assertArrayEquals(b, a, "combine float, " + at);
            v.correlateFloatSum(srcF, 2, a, d, n, sk.floatWeights(), sk.lowWeights());
            s.correlateFloatSum(srcF, 2, b, d, n, sk.floatWeights(), sk.lowWeights());
            assertArrayEquals(b, a, "correlate float-rounded products, " + at);
            v.combineFloatSum(srcF, rows, a, d, n, sk.floatWeights(), sk.lowWeights());
            s.combineFloatSum(srcF, rows, b, d, n, sk.floatWeights(), sk.lowWeights());
            assertArrayEquals(b, a, "combine float-rounded products, " + at);
            v.combine(srcD, rows, a, d, n, dk.doubleWeights());
            s.combine(srcD, rows, b, d, n, dk.doubleWeights());
            assertArrayEquals(b, a, "combine double into float, " + at);
            double[] ad = new double[out], bd = new double[out];
            v.correlate(srcD, 2, ad, d, n, dk.doubleWeights());
            s.correlate(srcD, 2, bd, d, n, dk.doubleWeights());
            assertArrayEquals(bd, ad, "correlate double, " + at);
            v.combine(srcD, rows, ad, d, n, dk.doubleWeights());
            s.combine(srcD, rows, bd, d, n, dk.doubleWeights());
            assertArrayEquals(bd, ad, "combine double, " + at);
        }
    }
}
