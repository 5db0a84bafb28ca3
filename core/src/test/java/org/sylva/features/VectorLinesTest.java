package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every one-output pass of the vector kernels gives the scalar kernels' bits, for every kind of run length: the
 * unrolled vector loop, the one-vector loop after it and the scalar end each take part for some of the lengths
 * (0 to 1400 outputs: short runs around each vector width, long ones like a tile's spans). Values outside the run
 * stay untouched. The fused passes along x (two or three kernels over one source) give one scalar pass per kernel.
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
            double[] dw = dk.doubleWeights();
            float[] fw = fk.floatWeights(), hi = sk.floatWeights(), lo = sk.lowWeights();
            sameFloats(v, s, out, "correlate float, double weights, " + at,
                    (l, o) -> l.correlate(srcF, 2, o, d, n, dw));
            sameFloats(v, s, out, "combine float, double weights, " + at, (l, o) -> l.combine(srcF, rows, o, d, n, dw));
            sameFloats(v, s, out, "correlate float, " + at, (l, o) -> l.correlate(srcF, 2, o, d, n, fw));
            sameFloats(v, s, out, "combine float, " + at, (l, o) -> l.combine(srcF, rows, o, d, n, fw));
            sameFloats(v, s, out, "correlate float-rounded products, " + at,
                    (l, o) -> l.correlateFloatSum(srcF, 2, o, d, n, hi, lo));
            sameFloats(v, s, out, "combine float-rounded products, " + at,
                    (l, o) -> l.combineFloatSum(srcF, rows, o, d, n, hi, lo));
            sameFloats(v, s, out, "combine double into float, " + at, (l, o) -> l.combine(srcD, rows, o, d, n, dw));
            sameDoubles(v, s, out, "correlate double, " + at, (l, o) -> l.correlate(srcD, 2, o, d, n, dw));
            sameDoubles(v, s, out, "combine double, " + at, (l, o) -> l.combine(srcD, rows, o, d, n, dw));
        }
    }

    @ParameterizedTest(name = "σ = {0}")
    @ValueSource(doubles = {0.5, 0.7, 1.0})
    void fusedPassesAlongXEqualOnePassPerKernel(double sigma) {
        float[] w0 = Kernel1D.gaussianFloat(sigma, 0, 2.0).floatWeights();
        float[] w1 = Kernel1D.gaussianFloat(sigma, 1, 2.0).floatWeights();
        float[] w2 = Kernel1D.gaussianFloat(sigma, 2, 2.0).floatWeights();
        Random rnd = new Random(Double.doubleToLongBits(sigma));
        float[] src = new float[STRIDE];
        for (int i = 0; i < src.length; i++) src[i] = (rnd.nextFloat() - 0.4f) * 1000f;
        for (Lines lines : new Lines[]{Lines.best(), Lines.SCALAR}) {
            for (int n : LENGTHS) {
                int d = 5, size = d + n + 11;
                float[][] want = new float[3][size], got = new float[3][size], got2 = new float[2][size];
                float[][] w = {w0, w1, w2};
                for (int k = 0; k < 3; k++) Lines.SCALAR.correlate(src, 2, want[k], d, n, w[k]);
                lines.correlate3(src, 2, got[0], got[1], got[2], d, n, w0, w1, w2);
                lines.correlate2(src, 2, got2[0], got2[1], d, n, w0, w1);
                String at = "n = " + n + ", " + w0.length + " taps, " + lines;
                for (int k = 0; k < 3; k++) assertArrayEquals(want[k], got[k], "correlate3, kernel " + k + ", " + at);
                for (int k = 0; k < 2; k++) assertArrayEquals(want[k], got2[k], "correlate2, kernel " + k + ", " + at);
            }
        }
    }

    /** One pass of {@code lines} into {@code out} (zeroed before each run). */
    private interface FloatPass {
        void run(Lines lines, float[] out);
    }

    private interface DoublePass {
        void run(Lines lines, double[] out);
    }

    private static void sameFloats(Lines vector, Lines scalar, int size, String what, FloatPass pass) {
        float[] a = new float[size], b = new float[size];
        pass.run(vector, a);
        pass.run(scalar, b);
        assertArrayEquals(b, a, what);
    }

    private static void sameDoubles(Lines vector, Lines scalar, int size, String what, DoublePass pass) {
        double[] a = new double[size], b = new double[size];
        pass.run(vector, a);
        pass.run(scalar, b);
        assertArrayEquals(b, a, what);
    }
}
