package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four-output passes ({@code Lines.combine4…}) claim the same bits as four single passes: every output sums its
 * own taps in its own order (the vector kernels' written-out first and last rows included). Checked on the vector kernels (the engine's
 * path) and the scalar defaults, for kernels of 3 to 71 taps, lengths with and without a scalar tail, and row lists
 * with mirrored (repeated) rows as at a border.
 */
class BlockedLinesTest {

    private static final int STRIDE = 300, N = 163;

    @ParameterizedTest(name = "σ = {0}")
    @ValueSource(doubles = {0.3, 1.0, 3.5, 9.95})
    void fourOutputsAtOnceEqualFourSinglePasses(double sigma) {
        Kernel1D k = Kernel1D.gaussian(sigma, 0, 3.5);
        Kernel1D f = Kernel1D.gaussianFloat(Math.min(sigma, 1.0), 1, 2.0);
        Kernel1D s = Kernel1D.gaussian(Math.min(sigma, 1.0), 0, 2.0).with(Kernel1D.Arithmetic.FLOAT_SUM);
        for (Lines lines : new Lines[]{Lines.best(), Lines.SCALAR}) {
            for (int n : new int[]{N, 64, 5, 24, 41}) {   // 24, 41: one-vector ends (float: 16 + 8; double: 32 + 8 + 1)
                check(lines, k, n, 1);
                check(lines, f, n, 2);
                check(lines, s, n, 3);
            }
        }
    }

    /** kind 1: double source (double and float outputs); 2: float arithmetic; 3: float-rounded products. */
    private static void check(Lines lines, Kernel1D k, int n, int kind) {
        Random rnd = new Random(k.size() * 31L + n + kind);
        int m = k.size(), rowsNeeded = m + 3;
        int[] rows = new int[rowsNeeded];
        for (int e = 0; e < rowsNeeded; e++) rows[e] = FeatureEngine.mirror(e - m / 2 - 1, rowsNeeded) * STRIDE;
        int size = rowsNeeded * STRIDE;
        double[] srcD = new double[size];
        float[] srcF = new float[size];
        for (int i = 0; i < size; i++) {
            srcF[i] = (rnd.nextFloat() - 0.3f) * 1000f;
            srcD[i] = srcF[i];
        }
        int d = 7, outSize = d + 4 * STRIDE;
        if (kind == 1) {
            double[] gotD = new double[outSize], wantD = new double[outSize];
            float[] gotF = new float[outSize], wantF = new float[outSize];
            lines.combine4(srcD, rows, gotD, d, STRIDE, n, k.doubleWeights());
            lines.combine4(srcD, rows, gotF, d, STRIDE, n, k.doubleWeights());
            for (int o = 0; o < 4; o++) {
                int[] own = Arrays.copyOfRange(rows, o, o + m);
                lines.combine(srcD, own, wantD, d + o * STRIDE, n, k.doubleWeights());
                lines.combine(srcD, own, wantF, d + o * STRIDE, n, k.doubleWeights());
            }
            assertArrayEquals(wantD, gotD, "double outputs, " + m + " taps, n = " + n + ", " + lines);
            assertArrayEquals(wantF, gotF, "float outputs, " + m + " taps, n = " + n + ", " + lines);
        } else {
            float[] got = new float[outSize], want = new float[outSize];
            if (kind == 2) {
                lines.combine4(srcF, rows, got, d, STRIDE, n, k.floatWeights(), k.blockedFloatWeights());
            } else {
                lines.combine4FloatSum(srcF, rows, got, d, STRIDE, n, k.floatWeights(), k.lowWeights(),
                        k.blockedFloatWeights(), k.blockedLowWeights());
            }
            for (int o = 0; o < 4; o++) {
                int[] own = Arrays.copyOfRange(rows, o, o + m);
                if (kind == 2) lines.combine(srcF, own, want, d + o * STRIDE, n, k.floatWeights());
                else lines.combineFloatSum(srcF, own, want, d + o * STRIDE, n, k.floatWeights(), k.lowWeights());
            }
            assertArrayEquals(want, got, (kind == 2 ? "float" : "float-sum") + " arithmetic, " + m + " taps, n = "
                    + n + ", " + lines);
        }
    }
}
