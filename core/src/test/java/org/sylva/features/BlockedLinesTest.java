package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The passes that compute several outputs per loaded input row claim the same bits as one single pass per output:
 * every output sums its own taps in its own order. The four-output passes on doubles ({@code Lines.combine4}, the
 * vector kernels' written-out first and last rows included) for kernels of 3 to 71 taps, lengths with and without a
 * scalar tail, and row lists with mirrored (repeated) rows as at a border; the runs of rows in float arithmetic
 * ({@code Lines.combineRows…}, sliding windows) for stage 2's kernel sizes and others, widths with and without an
 * overlapping last vector, and runs of one to twenty rows. Checked on the vector kernels (the engine's path) and the
 * scalar defaults.
 */
class BlockedLinesTest {

    private static final int STRIDE = 300, N = 163;

    @ParameterizedTest(name = "σ = {0}")
    @ValueSource(doubles = {0.3, 1.0, 3.5, 9.95})
    void fourOutputsAtOnceEqualFourSinglePasses(double sigma) {
        Kernel1D k = Kernel1D.gaussian(sigma, 0, 3.5);
        for (Lines lines : new Lines[]{Lines.best(), Lines.SCALAR}) {
            for (int n : new int[]{N, 64, 5, 24, 41}) {   // 24, 41: one-vector ends (32 + 8 + 1 doubles)
                check(lines, k, n);
            }
        }
    }

    /** A double source, into double and float outputs. */
    private static void check(Lines lines, Kernel1D k, int n) {
        Random rnd = new Random(k.size() * 31L + n);
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
    }

    @ParameterizedTest(name = "{0} taps")
    @ValueSource(ints = {3, 5, 7})
    void runsOfRowsEqualOnePassPerRow(int taps) {
        Kernel1D f = Kernel1D.gaussianFloat(1.0, 2, taps / 2);
        Kernel1D s = Kernel1D.gaussian(1.0, 0, taps / 2).with(Kernel1D.Arithmetic.FLOAT_SUM);
        assertEquals(taps, f.size());
        assertEquals(taps, s.size());
        int stride = 150;
        for (Lines lines : new Lines[]{Lines.best(), Lines.SCALAR}) {
            for (int rows : new int[]{1, 2, 8, 13, 20}) {
                for (int width : new int[]{5, 16, 17, 31, 134, 150}) {
                    Random rnd = new Random(taps * 1000L + rows * 10L + width);
                    int m = f.size(), from = 9;
                    float[] src = new float[from + (rows + m) * stride];
                    for (int i = 0; i < src.length; i++) src[i] = (rnd.nextFloat() - 0.3f) * 1000f;
                    float[] gotF = new float[src.length], wantF = new float[src.length];
                    float[] gotS = new float[src.length], wantS = new float[src.length];
                    int d = from + (m / 2) * stride;
                    lines.combineRows(src, from, stride, gotF, d, rows, width, f.floatWeights());
                    lines.combineRowsFloatSum(src, from, stride, gotS, d, rows, width, s.floatWeights(),
                            s.lowWeights());
                    int[] at = new int[m];
                    for (int o = 0; o < rows; o++) {
                        for (int j = 0; j < m; j++) at[j] = from + (o + j) * stride;
                        lines.combine(src, at, wantF, d + o * stride, width, f.floatWeights());
                        lines.combineFloatSum(src, at, wantS, d + o * stride, width, s.floatWeights(),
                                s.lowWeights());
                    }
                    String what = m + " taps, " + rows + " rows of " + width + ", " + lines;
                    assertArrayEquals(wantF, gotF, "float arithmetic, " + what);
                    assertArrayEquals(wantS, gotS, "float-rounded products, " + what);
                }
            }
        }
    }
}
