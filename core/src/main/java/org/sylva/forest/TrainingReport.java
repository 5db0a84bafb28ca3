package org.sylva.forest;

import java.util.Arrays;

/**
 * What training measured, stored with the model.
 *
 * @param seed                  the forest seed (reproduces the model with the same data)
 * @param treeCount             number of trees
 * @param mtry                  columns tried per node
 * @param sampleCount           number of training samples
 * @param oobAccuracy           out-of-bag accuracy in [0, 1]: each sample is classified by the trees whose bootstrap
 *                              did not draw it (mean of their leaf distributions, ties to the lowest class); NaN if no
 *                              sample was ever out of bag
 * @param oobSamples            number of samples that were out of bag for at least one tree
 * @param giniImportance        per feature: mean over trees of the Gini decrease Σ(n·G_parent − n_L·G_L − n_R·G_R)
 *                              over the splits on that feature, divided by the number of samples
 *                              (G = 1 − Σ p_k², n = bootstrap counts); sklearn's unnormalised impurity importance
 * @param permutationImportance per feature: mean over trees of the drop in out-of-bag accuracy of the tree when the
 *                              feature's values are permuted among its out-of-bag samples; empty if not computed
 * @param seconds               wall-clock training time in seconds
 */
public record TrainingReport(long seed, int treeCount, int mtry, int sampleCount, double oobAccuracy, int oobSamples,
                             double[] giniImportance, double[] permutationImportance, double seconds) {

    public TrainingReport {
        giniImportance = giniImportance.clone();
        permutationImportance = permutationImportance.clone();
    }

    @Override
    public double[] giniImportance() { return giniImportance.clone(); }

    @Override
    public double[] permutationImportance() { return permutationImportance.clone(); }

    /** Whether {@link #permutationImportance()} was computed. */
    public boolean hasPermutationImportance() { return permutationImportance.length > 0; }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingReport r && seed == r.seed && treeCount == r.treeCount && mtry == r.mtry
                && sampleCount == r.sampleCount && Double.compare(oobAccuracy, r.oobAccuracy) == 0
                && oobSamples == r.oobSamples && Arrays.equals(giniImportance, r.giniImportance)
                && Arrays.equals(permutationImportance, r.permutationImportance)
                && Double.compare(seconds, r.seconds) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + Arrays.hashCode(giniImportance);
    }

    @Override
    public String toString() {
        return String.format("TrainingReport[seed=%d, trees=%d, mtry=%d, samples=%d, oob accuracy=%.4f (%d samples),"
                + " %.3f s]", seed, treeCount, mtry, sampleCount, oobAccuracy, oobSamples, seconds);
    }
}
