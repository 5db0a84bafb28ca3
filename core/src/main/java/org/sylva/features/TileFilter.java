package org.sylva.features;

import org.sylva.image.Box;

/** Chooses which tiles of a time point to compute (called from worker threads; must be thread-safe). */
@FunctionalInterface
public interface TileFilter {

    /** True to compute the features of {@code box} in time point {@code t}. */
    boolean test(int t, Box box);
}
