package org.sylva.features;

import org.sylva.blockwise.Workers;

/**
 * Separable Gaussian smoothing of a (z, y, x) float volume with one σ per axis: vigra's
 * {@code gaussianSmoothing(volume, [σz, σy, σx], window_size)} as ilastik's threshold applet calls it on
 * prediction maps (spec §5.2). Kernels are vigra's {@code Kernel1D<double>} ({@link Kernel1D#gaussian}, radius
 * {@code (int)(window·σ + 0.5)}), borders reflect without repeating the edge sample (vigra's REFLECT), the passes
 * run along x, then y, then z, each summing in double and rounding to float once per output — vigra's arithmetic,
 * so results equal vigra's to the last bit.
 *
 * <p>An axis is left alone when its σ is zero or its extent is 1 (ilastik drops singleton axes before smoothing).
 */
public final class AnisotropicGaussian {

    private AnisotropicGaussian() {}

    /**
     * Smooths {@code volume} ({@code Z·Y·X} floats, x fastest) and returns a new array; the input is unchanged.
     *
     * @param sigmaZ σ along z in pixels (0 = no smoothing along z)
     * @param sigmaY σ along y in pixels
     * @param sigmaX σ along x in pixels
     * @param window kernel radius in units of σ (ilastik's threshold applet: 2.0)
     */
    public static float[] smooth(float[] volume, int Z, int Y, int X, double sigmaZ, double sigmaY, double sigmaX,
                                 double window, Workers workers) {
        if ((long) Z * Y * X != volume.length) {
            throw new IllegalArgumentException("volume of " + volume.length + " floats is not " + Z + "×" + Y + "×" + X);
        }
        Lines lines = Lines.best();
        Kernel1D kx = sigmaX > 0 && X > 1 ? Kernel1D.gaussian(sigmaX, 0, window) : null;
        Kernel1D ky = sigmaY > 0 && Y > 1 ? Kernel1D.gaussian(sigmaY, 0, window) : null;
        Kernel1D kz = sigmaZ > 0 && Z > 1 ? Kernel1D.gaussian(sigmaZ, 0, window) : null;
        // intermediates are doubles holding float-rounded values (what vigra stores between passes), so each tap
        // is a double multiply-add without conversions
        double[] a = new double[volume.length];
        for (int i = 0; i < a.length; i++) a[i] = volume[i];
        int rows = Z * Y;
        int chunk = 8;
        if (kx != null) {
            double[] w = kx.doubleWeights();
            int r = kx.radius();
            double[] dst = new double[a.length];
            double[] src = a;
            workers.forEach(ceilDiv(rows, chunk), b -> {
                double[] line = new double[X + 2 * r];
                for (int row = b * chunk; row < Math.min(rows, (b + 1) * chunk); row++) {
                    int off = row * X;
                    for (int i = -r; i < X + r; i++) line[i + r] = src[off + FeatureEngine.mirror(i, X)];
                    lines.correlate(line, 0, dst, off, X, w);
                }
            });
            a = dst;
        }
        if (ky != null) {
            double[] w = ky.doubleWeights();
            int r = ky.radius();
            double[] dst = new double[a.length];
            double[] src = a;
            workers.forEach(ceilDiv(rows, chunk), b -> {
                int[] at = new int[w.length];
                for (int row = b * chunk; row < Math.min(rows, (b + 1) * chunk); row++) {
                    int z = row / Y, y = row % Y;
                    for (int j = 0; j < w.length; j++) at[j] = (z * Y + FeatureEngine.mirror(y - r + j, Y)) * X;
                    lines.combine(src, at, dst, row * X, X, w);
                }
            });
            a = dst;
        }
        if (kz != null) {
            double[] w = kz.doubleWeights();
            int r = kz.radius();
            double[] dst = new double[a.length];
            double[] src = a;
            workers.forEach(ceilDiv(rows, chunk), b -> {
                int[] at = new int[w.length];
                for (int row = b * chunk; row < Math.min(rows, (b + 1) * chunk); row++) {
                    int z = row / Y, y = row % Y;
                    for (int j = 0; j < w.length; j++) at[j] = (FeatureEngine.mirror(z - r + j, Z) * Y + y) * X;
                    lines.combine(src, at, dst, row * X, X, w);
                }
            });
            a = dst;
        }
        float[] out = new float[volume.length];
        double[] res = a;
        workers.forEach(ceilDiv(rows, chunk), b -> {
            int from = b * chunk * X, to = Math.min(rows, (b + 1) * chunk) * X;
            for (int i = from; i < to; i++) out[i] = (float) res[i];
        });
        return out;
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }
}
