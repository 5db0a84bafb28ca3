package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorPointwiseTest {

    private static final int L = VectorShapes.D.length();

    private static double[] atan2(double[] y, double[] x) {
        double[] out = new double[y.length];
        VectorPointwise.atan2(y, x, out, new double[y.length], new double[y.length], y.length);
        return out;
    }

    @Test
    void atan2IsWithinTwoUlpsOfTheJdks() {
        // y ≥ 0 as in the 3×3 solver; magnitudes over twelve decades, both signs of x
        Random r = new Random(3);
        int n = 64 * L * 100;
        double[] y = new double[n], x = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.abs(r.nextGaussian()) * Math.pow(10, r.nextInt(12) - 6);
            x[i] = r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6);
        }
        double[] got = atan2(y, x);
        int exact = 0;
        for (int i = 0; i < n; i++) {
            double want = StrictMath.atan2(y[i], x[i]);
            assertTrue(Math.abs(got[i] - want) <= 2 * Math.ulp(want), "atan2(" + y[i] + ", " + x[i] + ") = " + got[i]
                    + ", not " + want);
            if (got[i] == want) exact++;
        }
        assertTrue(exact > 0.95 * n, "only " + exact + " of " + n + " exact");
    }

    @Test
    void atan2OfZerosAndAxesIsTheJdks() {
        double[] ys = {0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 5.0, 5.0, 1.0, 1.0, 3.0, 3.0};
        double[] xs = {0.0, 0.0, -0.0, -0.0, -3.0, -3.0, 0.0, 1e-300, 1.0, -1.0, 3.0 * 0.41421356237309503, -7.0};
        int n = (ys.length + L - 1) / L * L;
        double[] y = java.util.Arrays.copyOf(ys, n), x = java.util.Arrays.copyOf(xs, n);
        double[] got = atan2(y, x);
        for (int i = 0; i < ys.length; i++) {
            double want = StrictMath.atan2(ys[i], xs[i]);
            assertEquals(want, got[i], Math.ulp(want), "atan2(" + ys[i] + ", " + xs[i] + ")");
            assertEquals(Math.copySign(1.0, want), Math.copySign(1.0, got[i]), "sign of atan2(" + ys[i] + ", " + xs[i] + ")");
        }
    }
}
