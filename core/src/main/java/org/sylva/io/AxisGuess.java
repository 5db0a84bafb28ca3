package org.sylva.io;

import org.sylva.image.Axes;

/**
 * ilastik's axis guess for arrays without axis metadata (spec §6.2, lazyflow {@code get_default_axisordering}):
 * 2 dims {@code yx}; 3 dims {@code zyx}, or {@code yxc} when the last extent is at most 4; 4 dims {@code zyxc};
 * 5 dims {@code tzyxc}.
 */
public final class AxisGuess {

    private AxisGuess() {}

    /** The guessed axes for an array of extents {@code dims} (in file order). */
    public static Axes guess(long[] dims) {
        return switch (dims.length) {
            case 1 -> Axes.of("x");
            case 2 -> Axes.of("yx");
            case 3 -> Axes.of(dims[2] <= 4 ? "yxc" : "zyx");
            case 4 -> Axes.of("zyxc");
            case 5 -> Axes.of("tzyxc");
            default -> throw new IllegalArgumentException("cannot guess axes of a " + dims.length
                    + "-dimensional array; Sylva handles 2 to 5 dimensions (give --axes)");
        };
    }
}
