package org.sylva.forest;

import java.util.concurrent.ExecutorService;

/**
 * A compiled prediction engine of a forest. Both layouts give bit-identical probabilities: for each row and class,
 * the float sum of the reached leaves' probabilities in tree order, divided by the tree count; rows with a NaN
 * feature get all-zero probabilities. Callers ({@link RandomForest}) have checked every bound.
 */
interface ForestEngine {

    /**
     * Rows {@code x[offset + i*stride + f]} (i &lt; n, f &lt; F) into {@code out[outOffset + i*K + k]}. The rows are
     * the pixels of an image {@code width} pixels wide (row i at y = i / width, x = i % width; width ≥ n: no image
     * geometry); engines may use it to group neighbours, never to change a result.
     */
    void predictRows(float[] x, int offset, int n, int stride, int width, float[] out, int outOffset, int threads,
                     ExecutorService executor);

    /**
     * Channel-major rows: feature f of row i is {@code channels[f][offsets[f] + i]}; into {@code out[outOffset +
     * i*K + k]}, as above.
     */
    void predictChannels(float[][] channels, int[] offsets, int n, int width, float[] out, int outOffset, int threads,
                         ExecutorService executor);
}
