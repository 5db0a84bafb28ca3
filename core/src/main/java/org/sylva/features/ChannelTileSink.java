package org.sylva.features;

import org.sylva.image.Box;

/**
 * Receives the features of one tile channel by channel, as the engine computes them: no interleaving step. Suits
 * consumers that read a channel at a time (writing a channels-last image, a forest reading feature columns).
 * Called concurrently from worker threads for disjoint tiles; implementations must only write state belonging to
 * their tile.
 *
 * @see TileSink for pixel-major features
 */
@FunctionalInterface
public interface ChannelTileSink {

    /**
     * @param t time point
     * @param box the tile's pixels in the image
     * @param channels {@code channels[f][p]} is channel f of pixel p for {@code f < count}, pixels in (z, y, x)
     *                 order of the box, {@code p < box.size()} (the arrays, and the array of them, may be longer);
     *                 reused after the call returns
     * @param count F, the number of feature channels
     */
    void accept(int t, Box box, float[][] channels, int count);
}
