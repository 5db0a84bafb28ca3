package org.sylva.forest;

/**
 * How to train a {@link RandomForest}.
 *
 * @param treeCount             number of trees (ilastik: 100)
 * @param seed                  seed of the whole forest; tree {@code i} draws from its own generator derived from
 *                              ({@code seed}, {@code i}), so the model depends only on the data and the seed
 * @param threads               number of worker threads (≥ 1); the result does not depend on it
 * @param mtry                  columns tried per node; 0 = vigra's default ⌊√F + 0.5⌋
 * @param permutationImportance also compute permutation importance on the out-of-bag samples (slower)
 */
public record TrainingOptions(int treeCount, long seed, int threads, int mtry, boolean permutationImportance) {

    public TrainingOptions {
        if (treeCount < 1) throw new IllegalArgumentException("tree count must be ≥ 1, got " + treeCount);
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        if (mtry < 0) throw new IllegalArgumentException("mtry must be ≥ 0 (0 = default), got " + mtry);
    }

    /** ilastik's defaults: 100 trees, default mtry, seed 0, all available processors, no permutation importance. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(100, 0L, Runtime.getRuntime().availableProcessors(), 0, false);
    }

    public TrainingOptions withTreeCount(int trees) {
        return new TrainingOptions(trees, seed, threads, mtry, permutationImportance);
    }

    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(treeCount, s, threads, mtry, permutationImportance);
    }

    public TrainingOptions withThreads(int t) {
        return new TrainingOptions(treeCount, seed, t, mtry, permutationImportance);
    }

    public TrainingOptions withMtry(int m) {
        return new TrainingOptions(treeCount, seed, threads, m, permutationImportance);
    }

    public TrainingOptions withPermutationImportance(boolean on) {
        return new TrainingOptions(treeCount, seed, threads, mtry, on);
    }

    /** The number of columns tried per node for {@code features} columns: the override, or ⌊√F + 0.5⌋. */
    public int mtryFor(int features) {
        int m = mtry > 0 ? mtry : (int) Math.floor(Math.sqrt(features) + 0.5);
        return Math.max(1, Math.min(m, features));
    }
}
