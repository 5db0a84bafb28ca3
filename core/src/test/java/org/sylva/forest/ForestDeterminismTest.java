package org.sylva.forest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A forest depends only on the data and the seed, never on threads; prediction never depends on threads. */
class ForestDeterminismTest {

    private static byte[] treeBytes(RandomForest rf) {
        return ForestCodec.toBytes(new RandomForest(rf.featureCount(), rf.classLabels(), rf.trees()));
    }

    @Test
    void sameSeedGivesIdenticalModelAndPredictionsForAnyThreadCount() {
        Fixture train = Fixture.train(), test = Fixture.test();
        TrainingOptions o = TrainingOptions.defaults().withTreeCount(40).withSeed(7).withPermutationImportance(true);
        RandomForest one = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(), o.withThreads(1));
        float[] p1 = one.predict(test.x(), test.n());
        for (int threads : new int[] {2, 4}) {
            RandomForest rf = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(), o.withThreads(threads));
            assertArrayEquals(treeBytes(one), treeBytes(rf), threads + " threads");
            assertArrayEquals(p1, rf.predict(test.x(), test.n()), threads + " threads");
            TrainingReport a = one.training().orElseThrow(), b = rf.training().orElseThrow();
            assertEquals(a.seed(), b.seed());
            assertEquals(a.oobAccuracy(), b.oobAccuracy());
            assertArrayEquals(a.giniImportance(), b.giniImportance());
            assertArrayEquals(a.permutationImportance(), b.permutationImportance());
        }
        // on a caller's executor too
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            RandomForest rf = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(), o.withThreads(3), pool);
            assertArrayEquals(treeBytes(one), treeBytes(rf));
            float[] p = new float[test.n() * 2];
            rf.predict(test.x(), 0, test.n(), Fixture.F, p, 0, 3, pool);
            assertArrayEquals(p1, p);
        } finally {
            pool.shutdown();
        }
        assertEquals(7L, one.training().orElseThrow().seed(), "the seed is recorded in the model");
    }

    @Test
    void differentSeedGivesDifferentModel() {
        Fixture train = Fixture.train();
        TrainingOptions o = TrainingOptions.defaults().withTreeCount(10).withThreads(2);
        RandomForest a = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(), o.withSeed(1));
        RandomForest b = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(), o.withSeed(2));
        assertFalse(Arrays.equals(treeBytes(a), treeBytes(b)));
        assertNotEquals(a.tree(0), b.tree(0));
    }

    @Test
    void predictionIsTheMeanOfLeafDistributionsInTreeOrder() {
        Fixture train = Fixture.train(), test = Fixture.test();
        RandomForest rf = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(),
                TrainingOptions.defaults().withTreeCount(30).withSeed(3).withThreads(2));
        int n = test.n(), K = rf.classCount();
        float[] x = test.x().clone();
        x[5 * Fixture.F + 3] = Float.NaN;
        // rows with a larger stride and an offset, as in a channels-last image with extra channels
        int stride = Fixture.F + 3, offset = 7;
        float[] padded = new float[offset + n * stride];
        for (int i = 0; i < n; i++) System.arraycopy(x, i * Fixture.F, padded, offset + i * stride, Fixture.F);
        float[] expected = new float[n * K];
        for (int i = 0; i < n; i++) {
            boolean nan = false;
            for (int f = 0; f < Fixture.F; f++) nan |= Float.isNaN(x[i * Fixture.F + f]);
            float[] acc = new float[K];
            for (DecisionTree t : rf.trees()) {
                int leaf = t.leafFor(x, i * Fixture.F);
                for (int k = 0; k < K; k++) acc[k] += t.probability(leaf, k);
            }
            for (int k = 0; k < K; k++) expected[i * K + k] = nan ? 0f : acc[k] / rf.treeCount();
        }
        for (int threads : new int[] {1, 3}) {
            float[] out = new float[2 + n * K];
            rf.predict(padded, offset, n, stride, out, 2, threads, null);   // the fastest engine available
            assertArrayEquals(expected, Arrays.copyOfRange(out, 2, out.length), threads + " threads");
        }
        for (int threads : new int[] {1, 3}) {   // the scalar walk, the vector engine's reference and fallback
            float[] out = new float[2 + n * K];
            rf.walk().predictRows(padded, offset, n, stride, n, out, 2, threads, null);
            assertArrayEquals(expected, Arrays.copyOfRange(out, 2, out.length), "walk, " + threads + " threads");
        }
        assertEquals(0f, expected[5 * K]);
    }
}
