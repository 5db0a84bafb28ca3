package org.sylva.forest;

import java.util.concurrent.ExecutorService;

/**
 * A compiled prediction engine of a forest. Both layouts give bit-identical probabilities: for each row and class,
 * the float sum of the reached leaves' probabilities in tree order, divided by the tree count; rows with a NaN
 * feature get all-zero probabilities. Callers ({@link RandomForest}) have checked every bound.
 */
interface ForestEngine {

    /** Rows {@code x[offset + i*stride + f]} (i &lt; n, f &lt; F) into {@code out[outOffset + i*K + k]}. */
    void predictRows(float[] x, int offset, int n, int stride, float[] out, int outOffset, int threads,
                     ExecutorService executor);

    /** Channel-major rows {@code x[offset + f*channelStride + i]} into {@code out[outOffset + i*K + k]}. */
    void predictChannels(float[] x, int offset, int n, int channelStride, float[] out, int outOffset, int threads,
                         ExecutorService executor);
}
