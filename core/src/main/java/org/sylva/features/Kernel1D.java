package org.sylva.features;

/**
 * A sampled, truncated 1-D Gaussian (derivative) kernel, built exactly as vigra builds it (spec §1.6;
 * {@code Kernel1D::initGaussian}/{@code initGaussianDerivative} and the {@code Gaussian} functor): radius
 * {@code r = (int)(window·σ + 0.5)} (at least 1), the functor sampled at integer offsets −r..r, DC removal for
 * derivatives, and normalisation so that convolving {@code x^order/order!} yields 1.
 *
 * <p>vigra builds kernels in two precisions and ilastik's features use both: smoothing
 * ({@code gaussianSmoothMultiArray}: presmoothing, Gaussian smoothing, difference of Gaussians, the tensor
 * smoothing of the structure tensor) uses {@code Kernel1D<double>} and sums in double; the derivative filters
 * (gradient, Laplacian, Hessian, and the structure tensor's gradient) use {@code Kernel1D<float>}, computed and
 * summed in float. {@link #arithmetic()} tells which; reproducing that arithmetic is what keeps our features within
 * float rounding of ilastik's, even on 16-bit data where the two differ visibly.
 *
 * <p>{@link #taps()} are stored in correlation order (already flipped): {@code out(x) = Σ_k K(k)·in(x−k)} is
 * {@code out(x) = Σ_i taps[i]·in(x − r + i)}, summed with i ascending as vigra does.
 *
 */
public final class Kernel1D {

    /** How a pass with this kernel does its arithmetic, mirroring the vigra code path that ilastik uses. */
    public enum Arithmetic {
        /** double weights, products and sums in double, one rounding to float per output (scalar smoothing). */
        DOUBLE,
        /** float weights, every product and sum rounded to float (vigra's derivative filters). */
        FLOAT,
        /** double weights, each product rounded to float, sums in float (vigra smoothing vector-valued pixels,
         *  e.g. the structure tensor: {@code double × TinyVector<float>}). */
        FLOAT_SUM
    }

    private final double sigma;
    private final int order;
    private final int radius;
    private final double[] taps;
    private final float[] floatTaps;
    private final float[] lowTaps;
    private final Arithmetic arithmetic;

    private Kernel1D(double sigma, int order, int radius, double[] taps, Arithmetic arithmetic) {
        this.sigma = sigma;
        this.order = order;
        this.radius = radius;
        this.taps = taps;
        this.arithmetic = arithmetic;
        this.floatTaps = new float[taps.length];
        this.lowTaps = new float[taps.length];
        for (int i = 0; i < taps.length; i++) {
            floatTaps[i] = (float) taps[i];
            lowTaps[i] = (float) (taps[i] - floatTaps[i]);
        }
    }

    /** Standard deviation in pixels. */
    public double sigma() { return sigma; }

    /** Derivative order 0, 1 or 2. */
    public int order() { return order; }

    /** Half width in pixels. */
    public int radius() { return radius; }

    /** The arithmetic a pass with this kernel uses. */
    public Arithmetic arithmetic() { return arithmetic; }

    /** The same weights applied with another arithmetic. */
    public Kernel1D with(Arithmetic a) { return new Kernel1D(sigma, order, radius, taps, a); }

    /** The 2r+1 weights in correlation order (a copy). */
    public double[] taps() { return taps.clone(); }

    /** The weights as doubles, shared (not to be modified). */
    double[] doubleWeights() { return taps; }

    /** The weights as floats, shared (not to be modified); exact for a float kernel. */
    float[] floatWeights() { return floatTaps; }

    /**
     * What {@link #floatWeights()} misses of the double weights ({@code w − (float) w}, as float): with both,
     * {@code fma(hi, s, lo·s)} gives the float-rounded double product {@code w·s} without leaving float lanes.
     */
    float[] lowWeights() { return lowTaps; }

    /** vigra's {@code Kernel1D<double>} for a Gaussian derivative of {@code order} at {@code sigma}. */
    public static Kernel1D gaussian(double sigma, int order, double window) {
        int r = radius(sigma, window);
        double sigma2 = -0.5 / sigma / sigma;
        double norm = order == 0 ? 1.0 / Math.sqrt(2.0 * Math.PI) / sigma
                : -1.0 / (Math.sqrt(2.0 * Math.PI) * (sigma * sigma) * sigma);
        double[] k = new double[2 * r + 1];
        for (int i = 0; i < k.length; i++) {
            double x = i - r;
            double g = norm * Math.exp(x * x * sigma2);
            k[i] = switch (order) {
                case 0 -> g;
                case 1 -> x * g;
                default -> (1.0 - (x / sigma) * (x / sigma)) * g;
            };
        }
        if (order > 0) {
            double dc = 0;
            for (double v : k) dc += v;
            dc = dc / (2.0 * r + 1.0);
            for (int i = 0; i < k.length; i++) k[i] -= dc;
        }
        double sum = 0;
        for (int i = 0; i < k.length; i++) {
            sum = order == 0 ? sum + k[i] : sum + k[i] * Math.pow(-(i - r), order) / faculty(order);
        }
        sum = 1.0 / sum;
        double[] taps = new double[k.length];
        for (int i = 0; i < k.length; i++) taps[k.length - 1 - i] = k[i] * sum;
        return new Kernel1D(sigma, order, r, taps, Arithmetic.DOUBLE);
    }

    /**
     * vigra's {@code Kernel1D<float>}: the same construction carried out in float arithmetic (the functor's
     * constants in double, then rounded, exactly as the C++ template does for {@code float}).
     */
    public static Kernel1D gaussianFloat(double stdDev, int order, double window) {
        int r = radius(stdDev, window);
        float sigma = (float) stdDev;
        float sigma2 = (float) (-0.5 / sigma / sigma);
        float norm = order == 0 ? (float) (1.0 / Math.sqrt(2.0 * Math.PI) / sigma)
                : (float) (-1.0 / (Math.sqrt(2.0 * Math.PI) * (sigma * sigma) * sigma));
        float[] k = new float[2 * r + 1];
        for (int i = 0; i < k.length; i++) {
            float x = i - r;
            float x2 = x * x;
            float g = norm * (float) Math.exp(x2 * sigma2);
            float xs = x / sigma;
            k[i] = switch (order) {
                case 0 -> g;
                case 1 -> x * g;
                default -> (float) ((1.0 - xs * xs) * g);
            };
        }
        float sum = 0;
        if (order == 0) {
            for (float v : k) sum += v;
        } else {
            float dc = 0;
            for (float v : k) dc += v;
            dc = (float) (dc / (2.0 * r + 1.0));
            for (int i = 0; i < k.length; i++) k[i] -= dc;
            for (int i = 0; i < k.length; i++) {
                double x = i - r;
                sum = (float) (sum + k[i] * Math.pow(-x, order) / faculty(order));
            }
        }
        sum = 1.0f / sum;
        double[] taps = new double[k.length];
        for (int i = 0; i < k.length; i++) taps[k.length - 1 - i] = k[i] * sum;
        return new Kernel1D(stdDev, order, r, taps, Arithmetic.FLOAT);
    }

    private static int radius(double sigma, double window) {
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be positive: " + sigma);
        int r = (int) (window * sigma + 0.5);
        return r == 0 ? 1 : r;
    }

    private static double faculty(int order) { return order == 2 ? 2 : 1; }

    /** Number of taps, 2r+1. */
    public int size() { return taps.length; }

}
