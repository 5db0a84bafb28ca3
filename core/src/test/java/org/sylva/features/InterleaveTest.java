package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The channels-last scatter of the engine's sinks puts channel f of pixel p at {@code p·F + f}, for channel counts
 * that are and are not multiples of the four channels copied per sweep, runs shorter and longer than a 64-pixel
 * block, and offsets into both arrays; values outside the run stay untouched.
 */
class InterleaveTest {

    @ParameterizedTest(name = "F = {0}")
    @ValueSource(ints = {1, 3, 4, 5, 8, 49, 61})
    void runPutsChannelFOfPixelPAtPTimesFPlusF(int F) {
        Random rnd = new Random(F);
        for (int n : new int[]{1, 63, 64, 65, 130}) {
            int i = 5, o = 11;
            float[][] channels = new float[F][i + n + 3];
            for (float[] c : channels) for (int k = 0; k < c.length; k++) c[k] = rnd.nextFloat();
            float[] got = new float[o + n * F + 9], want = new float[got.length];
            java.util.Arrays.fill(got, -7f);
            java.util.Arrays.fill(want, -7f);
            for (int p = 0; p < n; p++) for (int f = 0; f < F; f++) want[o + p * F + f] = channels[f][i + p];
            FeatureEngine.interleaveRun(channels, F, i, n, got, o);
            assertArrayEquals(want, got, "n = " + n);
        }
    }

    @ParameterizedTest(name = "F = {0}")
    @ValueSource(ints = {1, 4, 7, 61})
    void wholeTileInterleavesFromTheStart(int F) {
        Random rnd = new Random(F + 100);
        int n = 200;
        float[][] channels = new float[F][n];
        for (float[] c : channels) for (int k = 0; k < n; k++) c[k] = rnd.nextFloat();
        float[] got = new float[n * F], want = new float[n * F];
        for (int p = 0; p < n; p++) for (int f = 0; f < F; f++) want[p * F + f] = channels[f][p];
        FeatureEngine.interleaveRun(channels, F, 0, n, got, 0);
        assertArrayEquals(want, got);
    }
}
