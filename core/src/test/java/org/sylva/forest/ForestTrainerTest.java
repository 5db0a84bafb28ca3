package org.sylva.forest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** vigra RF1 training semantics (spec ilastik-compat §2.1) on cases with analytic answers. */
class ForestTrainerTest {

    private static TrainingOptions opts(int trees) {
        return TrainingOptions.defaults().withTreeCount(trees).withSeed(1).withThreads(2);
    }

    @Test
    void separableFeatureIsSplitOnceAtTheMidpoint() {
        // 50 samples at 1.0 (label 1), 50 at 3.0 (label 2): every bootstrap with both classes splits at 2.0
        int n = 100;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < 50 ? 1f : 3f;
            y[i] = i < 50 ? 1 : 2;
        }
        RandomForest rf = ForestTrainer.train(x, n, 1, y, opts(20));
        for (DecisionTree t : rf.trees()) {
            assertEquals(1, t.nodeCount(), "one split");
            assertEquals(0, t.feature(t.root()));
            assertEquals(2.0f, t.threshold(t.root()));
            assertEquals(1f, t.probability(~t.left(t.root()), 0), "left leaf is pure class 1");
            assertEquals(1f, t.probability(~t.right(t.root()), 1), "right leaf is pure class 2");
        }
        float[] p = rf.predict(new float[] {1.9999999f, 2.0f, 2.5f}, 3);
        assertArrayEquals(new float[] {1, 0, 0, 1, 0, 1}, p, "x < 2 ⇒ left; x = 2 ⇒ right");
        assertEquals(1.0, rf.training().orElseThrow().oobAccuracy());
    }

    @Test
    void pureTrainingSetGivesSingleLeafTrees() {
        float[] x = {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f};
        int[] y = {3, 3, 3, 3, 3, 3};
        RandomForest rf = ForestTrainer.train(x, 3, 2, y, opts(5));
        assertArrayEquals(new int[] {3}, rf.classLabels());
        for (DecisionTree t : rf.trees()) {
            assertEquals(0, t.nodeCount());
            assertEquals(1f, t.probability(0, 0));
            assertEquals(3, t.samples(0), "the leaf holds the whole bootstrap");
        }
    }

    @Test
    void classesAreTheSortedLabelValuesPresent() {
        float[] x = {0, 1, 2, 3, 4, 5};
        RandomForest two = ForestTrainer.train(x, 6, 1, new int[] {5, 2, 5, 2, 5, 2}, opts(3));
        assertArrayEquals(new int[] {2, 5}, two.classLabels());
        assertEquals(2, two.classCount());
        RandomForest three = ForestTrainer.train(x, 6, 1, new int[] {9, 2, 5, 9, 2, 5}, opts(3));
        assertArrayEquals(new int[] {2, 5, 9}, three.classLabels());
        assertEquals(3 * 2, three.predict(new float[] {0, 1}, 2).length, "K = 3 probabilities per row");
    }

    @Test
    void rowWithNaNGetsZeroProbabilities() {
        float[] x = {0, 0, 1, 1, 2, 2, 3, 3};
        RandomForest rf = ForestTrainer.train(x, 4, 2, new int[] {1, 1, 2, 2}, opts(10));
        float[] p = rf.predict(new float[] {Float.NaN, 0, 0, Float.NaN, 3, 3}, 3);
        assertArrayEquals(new float[] {0, 0, 0, 0}, Arrays.copyOf(p, 4));
        assertEquals(1f, p[4] + p[5], 1e-6);
    }

    @Test
    void invalidTrainingInputIsRejectedClearly() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ForestTrainer.train(new float[] {0, Float.NaN}, 2, 1, new int[] {1, 2}, opts(2)));
        assertTrue(nan.getMessage().contains("sample 1"), nan.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ForestTrainer.train(new float[] {0, 1}, 2, 1, new int[] {0, 2}, opts(2)));
        assertTrue(zero.getMessage().contains("≥ 1"), zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ForestTrainer.train(new float[] {0, 1}, 3, 1, new int[] {1, 2, 1}, opts(2)));
    }

    @Test
    void mtryIsRoundedSquareRootOfTheFeatureCount() {
        // vigra: floor(sqrt(F) + 0.5); the fixtures store actual_mtry_ 5 (25 features), 3 (11), 10 (99)
        TrainingOptions o = TrainingOptions.defaults();
        assertEquals(5, o.mtryFor(25));
        assertEquals(3, o.mtryFor(11));
        assertEquals(10, o.mtryFor(99));
        assertEquals(7, o.mtryFor(49));
        assertEquals(1, o.mtryFor(2));   // ⌊1.414 + 0.5⌋
        assertEquals(2, o.mtryFor(3));   // ⌊1.732 + 0.5⌋
        assertEquals(3, o.withMtry(3).mtryFor(49), "override");
        assertEquals(4, o.withMtry(9).mtryFor(4), "override clamped to F");
    }

    @Test
    void columnSearchContinuesPastMtryUntilOneImproves() {
        // 16 features, only feature 11 separates the classes, the others are constant: with mtry = 4 most nodes
        // draw no useful column first; vigra keeps trying columns until one improves, so every tree is perfect.
        int n = 200, F = 16;
        float[] x = new float[n * F];
        int[] y = new int[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            y[i] = 1 + r.nextInt(2);
            x[i * F + 11] = (float) (y[i] * 10 + r.nextDouble());
        }
        RandomForest rf = ForestTrainer.train(x, n, F, y, opts(30).withMtry(4).withPermutationImportance(true));
        for (DecisionTree t : rf.trees()) {
            assertEquals(1, t.nodeCount(), "one split on the only informative column");
            assertEquals(11, t.feature(t.root()));
        }
        TrainingReport rep = rf.training().orElseThrow();
        assertEquals(1.0, rep.oobAccuracy());
        double[] gini = rep.giniImportance(), perm = rep.permutationImportance();
        for (int f = 0; f < F; f++) {
            if (f == 11) {
                assertTrue(gini[f] > 0.4, "Gini decrease of a perfect split of ~balanced classes ≈ 0.5: " + gini[f]);
                assertTrue(perm[f] > 0.3, "shuffling the informative column destroys accuracy: " + perm[f]);
            } else {
                assertEquals(0.0, gini[f]);
                assertEquals(0.0, perm[f], "a constant column cannot matter");
            }
        }
    }

    @Test
    void rootSplitIsTheExhaustiveGiniOptimum() {
        // Without bootstrap and with mtry = F, the root split must be the (feature, boundary) of least Gini loss
        // over all boundaries between distinct values, threshold at the midpoint: brute force here.
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 25; trial++) {
            int n = 30 + r.nextInt(60), F = 1 + r.nextInt(5), K = 2 + r.nextInt(2);
            float[] x = new float[n * F];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = 1 + r.nextInt(K);
                for (int f = 0; f < F; f++) x[i * F + f] = (float) (r.nextInt(40) * 0.25 + y[i] * r.nextDouble());
            }
            TrainingSet d = TrainingSet.of(x, n, F, y, 1, null);
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            DecisionTree t = new TreeGrower(d, F).growOn(ones, trial);
            double[] best = bruteForceBestSplit(x, n, F, d.classOf, d.classes);
            int root = t.root();
            assertTrue(root >= 0, "trial " + trial + ": root is a split");
            // ties between columns are broken by the random column order; the loss must be the minimum anyway
            double loss = lossOf(x, n, F, d.classOf, d.classes, t.feature(root), t.threshold(root));
            assertEquals(best[0], loss, 1e-9, "trial " + trial);
            if (best[2] == 1) {   // unique optimum: same column and threshold
                assertEquals((int) best[1], t.feature(root), "trial " + trial);
                assertEquals(DecisionTree.floatThreshold(best[3]), t.threshold(root), "trial " + trial);
            }
        }
    }

    /** {loss, feature, number of optimal (feature, boundary) pairs, threshold}. */
    private static double[] bruteForceBestSplit(float[] x, int n, int F, int[] cls, int K) {
        double best = Double.MAX_VALUE, bestT = 0;
        int bestF = -1, ties = 0;
        for (int f = 0; f < F; f++) {
            final int ff = f;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = x[i * F + ff];
            float[] s = v.clone();
            Arrays.sort(s);
            for (int i = 0; i + 1 < n; i++) {
                if (s[i] == s[i + 1]) continue;
                double t = ((double) s[i] + s[i + 1]) / 2;
                double loss = lossOf(x, n, F, cls, K, f, DecisionTree.floatThreshold(t));
                if (loss < best - 1e-12) {
                    best = loss;
                    bestF = f;
                    bestT = t;
                    ties = 1;
                } else if (Math.abs(loss - best) <= 1e-12) {
                    ties++;
                }
            }
        }
        return new double[] {best, bestF, ties, bestT};
    }

    /** Σ over both sides of Σ_k n_k (1 − n_k / n): the K-class Gini loss of a split. */
    private static double lossOf(float[] x, int n, int F, int[] cls, int K, int f, float t) {
        double[] l = new double[K], r = new double[K];
        for (int i = 0; i < n; i++) (x[i * F + f] < t ? l : r)[cls[i]]++;
        return gini(l) + gini(r);
    }

    private static double gini(double[] c) {
        double tot = Arrays.stream(c).sum(), g = 0;
        for (double v : c) g += v * (1 - v / tot);
        return g;
    }
}
