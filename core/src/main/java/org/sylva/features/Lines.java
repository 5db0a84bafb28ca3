package org.sylva.features;

/**
 * The two primitives every separable filter here is made of, over float arrays, each in vigra's two arithmetics
 * (see {@link Kernel1D}): with double weights the products are summed in double and rounded to float once per
 * output; with float weights every product and every sum is rounded to float, in the order vigra sums (samples
 * ascending). Either way, one output equals vigra's up to the last bit in all but rare cases. A scalar reference
 * implementation ({@link #SCALAR}) and a Vector API one are interchangeable; {@link #best()} picks the vector one
 * when the {@code jdk.incubator.vector} module is present.
 */
interface Lines {

    /**
     * Correlation along a contiguous line: {@code dst[d + i] = Σ_j w[j] · src[s + i + j]} for {@code i < n}.
     * The caller guarantees {@code src[s .. s + n + w.length − 2]} is valid.
     */
    void correlate(float[] src, int s, float[] dst, int d, int n, double[] w);

    /**
     * Weighted sum of rows: {@code dst[d + i] = Σ_j w[j] · src[rows[j] + i]} for {@code i < n} — a filter pass
     * across rows (along y or z), the row offsets already resolved (mirrored at borders) by the caller.
     */
    void combine(float[] src, int[] rows, float[] dst, int d, int n, double[] w);

    /** {@link #correlate} in float arithmetic: {@code acc = acc + w[j]·src[…]}, each step rounded to float. */
    void correlate(float[] src, int s, float[] dst, int d, int n, float[] w);

    /** {@link #combine} in float arithmetic. */
    void combine(float[] src, int[] rows, float[] dst, int d, int n, float[] w);

    /**
     * {@link #correlate} on a double source holding float values; each output is rounded to float and stored as a
     * double (so the next pass reads it without conversions), exactly what a float intermediate would hold.
     */
    void correlate(double[] src, int s, double[] dst, int d, int n, double[] w);

    /** {@link #combine} on a double source; outputs rounded to float, stored as doubles (see above). */
    void combine(double[] src, int[] rows, double[] dst, int d, int n, double[] w);

    /** {@link #combine} on a double source; outputs rounded to float into a float array. */
    void combine(double[] src, int[] rows, float[] dst, int d, int n, double[] w);

    /**
     * {@link #combine(double[], int[], double[], int, int, double[])} for four consecutive outputs along the pass
     * axis at once: output k &lt; 4 goes to {@code dst[d + k·stride + i]} and sums {@code w[j]·src[rows[k + j] + i]}
     * ({@code rows} holds m + 3 offsets, positions k − r … 3 + r, mirrored by the caller). Each loaded input row
     * serves every output it feeds, a quarter of the loads of four single passes, for the same sums in the same
     * order, so the same bits.
     */
    default void combine4(double[] src, int[] rows, double[] dst, int d, int stride, int n, double[] w) {
        for (int k = 0; k < 4; k++) {
            combine(src, java.util.Arrays.copyOfRange(rows, k, k + w.length), dst, d + k * stride, n, w);
        }
    }

    /** {@link #combine4(double[], int[], double[], int, int, int, double[])} into a float array. */
    default void combine4(double[] src, int[] rows, float[] dst, int d, int stride, int n, double[] w) {
        for (int k = 0; k < 4; k++) {
            combine(src, java.util.Arrays.copyOfRange(rows, k, k + w.length), dst, d + k * stride, n, w);
        }
    }

    /**
     * {@link #correlate(float[], int, float[], int, int, float[])} (float arithmetic) with two kernels of the same
     * size over the same source, into {@code d0} and {@code d1}: the same bits as two passes, each shifted source
     * vector loaded once for both. The destinations must not overlap the source.
     */
    default void correlate2(float[] src, int s, float[] d0, float[] d1, int d, int n, float[] w0, float[] w1) {
        correlate(src, s, d0, d, n, w0);
        correlate(src, s, d1, d, n, w1);
    }

    /** {@link #correlate2} with three kernels of the same size. */
    default void correlate3(float[] src, int s, float[] d0, float[] d1, float[] d2, int d, int n, float[] w0,
                            float[] w1, float[] w2) {
        correlate(src, s, d0, d, n, w0);
        correlate(src, s, d1, d, n, w1);
        correlate(src, s, d2, d, n, w2);
    }

    /**
     * {@link #combine(float[], int[], float[], int, int, float[])} (float arithmetic) for a run of {@code rows}
     * consecutive output rows whose input rows are equally spaced — a pass along y or z through a padded buffer:
     * output row o &lt; rows, column c &lt; width goes to {@code dst[d + o·stride + c]} and sums
     * {@code w[j]·src[s + (o + j)·stride + c]}, j ascending, so the same bits as one {@code combine} per row. The
     * point is the order of work: an input row is loaded once for all the outputs it feeds. {@code src} and
     * {@code dst} must not overlap.
     */
    default void combineRows(float[] src, int s, int stride, float[] dst, int d, int rows, int width, float[] w) {
        int[] at = new int[w.length];
        for (int o = 0; o < rows; o++) {
            for (int j = 0; j < at.length; j++) at[j] = s + (o + j) * stride;
            combine(src, at, dst, d + o * stride, width, w);
        }
    }

    /** {@link #combineRows} with float-rounded products and float sums, as {@link #combineFloatSum}. */
    default void combineRowsFloatSum(float[] src, int s, int stride, float[] dst, int d, int rows, int width,
                                     float[] hi, float[] lo) {
        int[] at = new int[hi.length];
        for (int o = 0; o < rows; o++) {
            for (int j = 0; j < at.length; j++) at[j] = s + (o + j) * stride;
            combineFloatSum(src, at, dst, d + o * stride, width, hi, lo);
        }
    }

    /**
     * {@link #correlate} with double weights {@code hi + lo} (two floats), each product rounded to float, float
     * sums. The product is formed as {@code fma(hi, s, lo·s)}, which equals vigra's {@code (float)(w·s)} except when
     * the exact product lies within 2^-48 of a float rounding boundary.
     */
    void correlateFloatSum(float[] src, int s, float[] dst, int d, int n, float[] hi, float[] lo);

    /** {@link #combine} with products rounded to float and float sums, as {@link #correlateFloatSum}. */
    void combineFloatSum(float[] src, int[] rows, float[] dst, int d, int n, float[] hi, float[] lo);

    Lines SCALAR = new Lines() {
        @Override
        public void correlate(float[] src, int s, float[] dst, int d, int n, double[] w) {
            int m = w.length;
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[s + i + j];
                dst[d + i] = (float) acc;
            }
        }

        @Override
        public void combine(float[] src, int[] rows, float[] dst, int d, int n, double[] w) {
            int m = w.length;
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[rows[j] + i];
                dst[d + i] = (float) acc;
            }
        }

        @Override
        public void correlate(double[] src, int s, double[] dst, int d, int n, double[] w) {
            int m = w.length;
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[s + i + j];
                dst[d + i] = (float) acc;
            }
        }

        @Override
        public void combine(double[] src, int[] rows, double[] dst, int d, int n, double[] w) {
            int m = w.length;
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[rows[j] + i];
                dst[d + i] = (float) acc;
            }
        }

        @Override
        public void combine(double[] src, int[] rows, float[] dst, int d, int n, double[] w) {
            int m = w.length;
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[rows[j] + i];
                dst[d + i] = (float) acc;
            }
        }

        @Override
        public void correlate(float[] src, int s, float[] dst, int d, int n, float[] w) {
            int m = w.length;
            for (int i = 0; i < n; i++) {
                float acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[s + i + j];
                dst[d + i] = acc;
            }
        }

        @Override
        public void combine(float[] src, int[] rows, float[] dst, int d, int n, float[] w) {
            int m = w.length;
            for (int i = 0; i < n; i++) {
                float acc = 0;
                for (int j = 0; j < m; j++) acc += w[j] * src[rows[j] + i];
                dst[d + i] = acc;
            }
        }

        @Override
        public void correlateFloatSum(float[] src, int s, float[] dst, int d, int n, float[] hi, float[] lo) {
            int m = hi.length;
            for (int i = 0; i < n; i++) {
                float acc = 0;
                for (int j = 0; j < m; j++) {
                    float v = src[s + i + j];
                    acc += Math.fma(hi[j], v, lo[j] * v);
                }
                dst[d + i] = acc;
            }
        }

        @Override
        public void combineFloatSum(float[] src, int[] rows, float[] dst, int d, int n, float[] hi, float[] lo) {
            int m = hi.length;
            for (int i = 0; i < n; i++) {
                float acc = 0;
                for (int j = 0; j < m; j++) {
                    float v = src[rows[j] + i];
                    acc += Math.fma(hi[j], v, lo[j] * v);
                }
                dst[d + i] = acc;
            }
        }
    };

    /** The Vector API implementation if the incubator module is available, else {@link #SCALAR}. */
    static Lines best() {
        return Holder.BEST;
    }

    /** Lazily resolves the vector implementation once. */
    final class Holder {
        static final Lines BEST = load();

        private Holder() {}

        private static Lines load() {
            if (Boolean.getBoolean("sylva.scalar")) return SCALAR;
            try {
                Class.forName("jdk.incubator.vector.FloatVector");
                return (Lines) Class.forName("org.sylva.features.VectorLines").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return SCALAR;
            }
        }
    }
}
