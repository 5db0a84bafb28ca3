package org.sylva.features;

import org.sylva.image.Box;

/**
 * Receives the features of one tile as soon as they are computed, so that a consumer (writing a feature image,
 * predicting with a classifier) never needs the whole feature image in memory. Called concurrently from worker
 * threads for disjoint tiles; implementations must only write state belonging to their tile.
 */
@FunctionalInterface
public interface TileSink {

    /**
     * @param t time point
     * @param box the tile's pixels in the image
     * @param features pixel-major: {@code features[p·F + f]} is channel f of pixel p, pixels in (z, y, x) order of
     *                 the box; the array is reused after the call returns
     * @param channels F, the number of feature channels
     */
    void accept(int t, Box box, float[] features, int channels);
}
