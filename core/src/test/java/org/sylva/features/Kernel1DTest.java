package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Kernel1DTest {

    /** Radius rule of spec §1.6: r = (int)(window·σ + 0.5), at least 1. */
    @ParameterizedTest
    @CsvSource({"1.0, 2.0, 2", "0.5, 2.0, 1", "0.66, 2.0, 1", "9.949874, 3.5, 35", "1.0, 3.5, 4", "0.15, 2.0, 1"})
    void radiusFollowsTheWindowRule(double sigma, double window, int radius) {
        assertEquals(radius, Kernel1D.gaussian(sigma, 0, window).radius());
        assertEquals(radius, Kernel1D.gaussianFloat(sigma, 1, window).radius());
    }

    /**
     * Analytic moments: smoothing preserves constants, the first derivative of f(x) = x is 1 and the second of
     * x²/2 is 1 (the normalisation of spec §1.6), for both kernel precisions.
     */
    @ParameterizedTest
    @CsvSource({"0.7", "1.0", "0.35", "3.354101966249685", "9.9498743710662"})
    void kernelsDifferentiatePolynomialsExactly(double sigma) {
        for (boolean single : new boolean[]{false, true}) {
            for (int order = 0; order <= 2; order++) {
                Kernel1D k = single ? Kernel1D.gaussianFloat(sigma, order, 2.0) : Kernel1D.gaussian(sigma, order, 2.0);
                double[] w = k.taps();
                int r = k.radius();
                double response = 0;
                for (int i = 0; i < w.length; i++) {
                    double x = i - r;   // taps[i] multiplies in(x0 − r + i); probe at x0 = 0
                    double f = order == 0 ? 1 : order == 1 ? x : x * x / 2;
                    response += w[i] * f;
                }
                assertEquals(1.0, response, single ? 1e-6 : 1e-12, "order " + order + (single ? " float" : ""));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0", "0.7"})
    void floatKernelsAreTheDoubleOnesRoundedNearly(double sigma) {
        for (int order = 0; order <= 2; order++) {
            double[] d = Kernel1D.gaussian(sigma, order, 2.0).taps();
            double[] f = Kernel1D.gaussianFloat(sigma, order, 2.0).taps();
            for (int i = 0; i < d.length; i++) assertEquals(d[i], f[i], 1e-6 * (1 + Math.abs(d[i])));
        }
    }
}
