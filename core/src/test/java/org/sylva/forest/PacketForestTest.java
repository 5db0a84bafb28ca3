package org.sylva.forest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The vector engine ({@link PacketForest}) gives bit-identical probabilities to the scalar walk ({@link
 * CompiledForest}) and to a direct evaluation of the trees (tree-order float sums, NaN rows zero), for row-major and
 * channel-major input and any image width, on real forests and on adversarial ones: random shapes, thresholds at the
 * data values (ties), signed zeros, infinities and NaN in features and thresholds, sizes around the packet and block
 * sizes, one-leaf trees, deep chains, up to seven classes.
 */
class PacketForestTest {

    /** The "interesting" floats data and thresholds are drawn from (ties between them are frequent). */
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 0.5f, 1.5f, -2.5f, 3f, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_NORMAL,
        Math.nextUp(1f), Math.nextDown(1f), Math.nextDown(0.5f), 1e30f, -1e30f, 1e-30f};

    @Test
    void theVectorEngineIsUsedWhenTheVectorApiIsAvailable() {
        RandomForest rf = randomForest(new SplittableRandom(1), 4, 2, 3, 20);
        // the tests run with --add-modules jdk.incubator.vector (pom argLine): otherwise nothing here tests it
        assertInstanceOf(PacketForest.class, rf.engine());
    }

    @Test
    void trainedForestOnRealFeaturesEqualsTheWalkForBothLayoutsAndAnyThreads() {
        Fixture train = Fixture.train(), test = Fixture.test();
        RandomForest rf = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(),
                TrainingOptions.defaults().withTreeCount(25).withSeed(11).withThreads(2));
        int n = test.n(), F = Fixture.F;
        float[] x = test.x().clone();
        x[7 * F + 4] = Float.NaN;                 // a NaN row
        x[9 * F] = Float.POSITIVE_INFINITY;       // an infinite feature
        float[] expected = direct(rf, x, 0, n, F);
        assertEquals(0f, expected[7 * 2]);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int threads = 1; threads <= 3; threads++) {
                assertArrayEquals(expected, rows(rf.walk(), rf, x, n, threads, null), "walk, " + threads + " threads");
                assertArrayEquals(expected, rows(rf.engine(), rf, x, n, threads, null), "rows, " + threads + " threads");
                assertArrayEquals(expected, channels(rf, x, n, threads, null), "channels, " + threads + " threads");
                assertArrayEquals(expected, channels(rf, x, n, threads, pool), "channels on a pool, " + threads);
            }
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(expected, rf.predict(x, n));
        assertArrayEquals(expected, rf.predictChannelMajor(channelMajor(x, n, F), n));
    }

    @Test
    void randomForestsWithTiesSpecialValuesAndNaNEqualTheDirectEvaluation() {
        SplittableRandom rnd = new SplittableRandom(2024);
        int[] sizes = {1, 2, 5, 15, 16, 17, 31, 33, 100, 511, 512, 513, 1100, 4095, 4097};
        for (int trial = 0; trial < 40; trial++) {
            int F = 1 + rnd.nextInt(9), K = 1 + rnd.nextInt(trial % 5 == 0 ? 7 : 3);
            int trees = 1 + rnd.nextInt(6), maxNodes = trial % 7 == 0 ? 0 : 1 + rnd.nextInt(trial % 3 == 0 ? 400 : 40);
            RandomForest rf = randomForest(rnd, F, K, trees, maxNodes);
            int n = sizes[trial % sizes.length];
            float[] x = randomData(rnd, rf, n);
            float[] expected = direct(rf, x, 0, n, F);
            String what = "trial " + trial + ": F " + F + ", K " + K + ", " + trees + " trees, n " + n;
            assertArrayEquals(expected, rows(rf.walk(), rf, x, n, 1, null), what + ", walk");
            assertArrayEquals(expected, rows(rf.engine(), rf, x, n, 1 + trial % 3, null), what + ", rows");
            assertArrayEquals(expected, channels(rf, x, n, 1 + trial % 3, null), what + ", channels");
        }
    }

    @Test
    void everySpecialThresholdAgainstEverySpecialValueAtTheRootAndBelowIt() {
        // the engine rewrites "x < t" as the sign of x + (-t) (+0 for t = ±0; infinite and NaN thresholds take an
        // exact loop): check that rewrite exhaustively at the root and one level down, leaves on either side
        List<Float> values = new ArrayList<>();
        for (float v : SPECIAL) {
            values.add(v);
            values.add(Math.nextUp(v));
            values.add(Math.nextDown(v));
        }
        values.add(Float.NaN);
        int n = values.size();
        List<DecisionTree> trees = new ArrayList<>();
        for (float t : values) {
            for (boolean heavyLeft : new boolean[] {true, false}) {
                int[] heavy = heavyLeft ? new int[] {9, 1, 1} : new int[] {1, 1, 9};
                // root: feature 1 against 0 (so every value passes it the heavy way or not), then the tested split
                trees.add(new DecisionTree(2, 0, new int[] {1, 0}, new float[] {0.25f, t},
                        heavyLeft ? new int[] {~0, ~1} : new int[] {1, ~0},
                        heavyLeft ? new int[] {1, ~2} : new int[] {~1, ~2},
                        new float[] {0.125f, 0.875f, 0.25f, 0.75f, 0.5f, 0.5f}, heavy));
                trees.add(new DecisionTree(2, 0, new int[] {0}, new float[] {t}, new int[] {~0}, new int[] {~1},
                        new float[] {0.0625f, 0.9375f, 0.375f, 0.625f}, heavyLeft ? new int[] {5, 2} : new int[] {2, 5}));
            }
        }
        RandomForest rf = new RandomForest(2, new int[] {1, 2}, trees);
        // every value of feature 0 with feature 1 below, equal to and above the root threshold
        float[] second = {-1f, 0.25f, 3f};
        int rows = n * second.length;
        float[] x = new float[rows * 2];
        for (int j = 0; j < second.length; j++) {
            for (int i = 0; i < n; i++) {
                x[(j * n + i) * 2] = values.get(i);
                x[(j * n + i) * 2 + 1] = second[j];
            }
        }
        float[] expected = direct(rf, x, 0, rows, 2);
        assertArrayEquals(expected, rows(rf.engine(), rf, x, rows, 1, null));
        assertArrayEquals(expected, channels(rf, x, rows, 1, null));
        // and tree by tree, so that one wrong comparison cannot hide in a sum
        for (int t = 0; t < trees.size(); t++) {
            RandomForest one = new RandomForest(2, new int[] {1, 2}, List.of(trees.get(t)));
            assertArrayEquals(direct(one, x, 0, rows, 2), channels(one, x, rows, 1, null), "tree " + t);
        }
    }

    @Test
    void deepChainsAndOneLeafTreesEqualTheDirectEvaluation() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<DecisionTree> trees = new ArrayList<>();
        trees.add(DecisionTree.leaf(new float[] {0.25f, 0.75f}, 3));
        trees.add(chain(rnd, 300, 3, true));      // each split peels one leaf off to the left
        trees.add(chain(rnd, 300, 3, false));     // ... or to the right
        trees.add(DecisionTree.leaf(new float[] {0.5f, 0.5f}, 0));
        RandomForest rf = new RandomForest(3, new int[] {1, 2}, trees);
        int n = 700;
        float[] x = new float[n * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextDouble(-1.2, 1.2);
        float[] expected = direct(rf, x, 0, n, 3);
        assertArrayEquals(expected, rows(rf.engine(), rf, x, n, 2, null));
        assertArrayEquals(expected, channels(rf, x, n, 2, null));
    }

    @Test
    void imageWidthsGiveTheSameProbabilitiesForBothLayoutsAndChannelArrays() {
        // 4×4 packets of an image: widths narrower than a packet, not a multiple of it, a partial last row, images
        // smaller and larger than a block (4096 pixels), wide rows cut into column chunks
        SplittableRandom rnd = new SplittableRandom(99);
        RandomForest rf = randomForest(rnd, 4, 3, 5, 120);
        int[][] cases = {{1, 37}, {3, 50}, {4, 64}, {5, 61}, {7, 700}, {16, 256}, {17, 1000}, {64, 4096}, {63, 4100},
            {100, 9999}, {1500, 9000}, {5000, 15000}, {2, 3}, {30, 17}};
        int F = rf.featureCount(), K = rf.classCount();
        for (int[] c : cases) {
            int width = c[0], n = c[1];
            float[] x = randomData(rnd, rf, n);
            float[] expected = direct(rf, x, 0, n, F);
            String what = "width " + width + ", " + n + " pixels";
            float[] out = new float[n * K];
            rf.predictImage(x, 0, n, F, width, out, 0, 1 + n % 3, null);
            assertArrayEquals(expected, out, what + ", rows");
            out = new float[n * K];
            rf.predictChannelMajor(channelMajor(x, n, F), 0, n, n, width, out, 0, 1 + n % 3, null);
            assertArrayEquals(expected, out, what + ", channel-major");
            float[][] planes = new float[F + 1][n + 5];   // longer arrays and an extra channel are ignored
            for (int i = 0; i < n; i++) for (int f = 0; f < F; f++) planes[f][i] = x[i * F + f];
            out = new float[n * K + 2];
            rf.predictChannels(planes, n, width, out, 2, 2, null);
            assertArrayEquals(expected, Arrays.copyOfRange(out, 2, 2 + n * K), what + ", channel arrays");
        }
    }

    @Test
    void realFeaturesOfAnImageGiveTheWalksProbabilitiesForAnyWidth() {
        Fixture train = Fixture.train(), test = Fixture.test();
        RandomForest rf = ForestTrainer.train(train.x(), train.n(), Fixture.F, train.y(),
                TrainingOptions.defaults().withTreeCount(10).withSeed(3).withThreads(2));
        int n = test.n(), F = Fixture.F;
        float[] expected = rows(rf.walk(), rf, test.x(), n, 1, null);
        float[] cm = channelMajor(test.x(), n, F);
        for (int width : new int[] {4, 9, 32, 100, n}) {
            float[] out = new float[n * 2];
            rf.predictChannelMajor(cm, 0, n, n, width, out, 0, 2, null);
            assertArrayEquals(expected, out, "width " + width);
        }
    }

    @Test
    void channelArraysAndWidthsAreCheckedClearly() {
        RandomForest rf = randomForest(new SplittableRandom(3), 4, 2, 2, 10);
        float[][] planes = new float[4][10];
        float[] out = new float[20];
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannels(new float[3][10], 10, 5, out, 0, 1,
                null));
        assertTrue(e.getMessage().contains("3 feature channels given, the forest needs 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannels(planes, 11, 5, new float[22], 0, 1,
                null));
        assertTrue(e.getMessage().contains("feature channel 0 has 10 values, needs 11"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannels(planes, 10, 0, out, 0, 1, null));
        assertTrue(e.getMessage().contains("image width must be ≥ 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannels(planes, 10, 5, out, 1, 1, null));
        assertTrue(e.getMessage().contains("output array of 20 values is too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictImage(new float[40], 0, 10, 4, 0, out, 0, 1,
                null));
        assertTrue(e.getMessage().contains("image width must be ≥ 1"), e.getMessage());
    }

    @Test
    void channelMajorReadsOffsetAndStrideAndWritesOnlyItsOutputRange() {
        SplittableRandom rnd = new SplittableRandom(5);
        RandomForest rf = randomForest(rnd, 5, 3, 4, 60);
        int n = 37, F = 5, K = 3, stride = 50, offset = 13, outOffset = 4;
        float[] x = randomData(rnd, rf, n);
        float[] expected = direct(rf, x, 0, n, F);
        float[] cm = new float[offset + (F - 1) * stride + n + 3];
        Arrays.fill(cm, Float.NaN);                 // gaps between channels must not be read
        for (int f = 0; f < F; f++) for (int i = 0; i < n; i++) cm[offset + f * stride + i] = x[i * F + f];
        float[] out = new float[outOffset + n * K + 5];
        Arrays.fill(out, -7f);
        rf.predictChannelMajor(cm, offset, n, stride, out, outOffset, 2, null);
        assertArrayEquals(expected, Arrays.copyOfRange(out, outOffset, outOffset + n * K));
        for (int i = 0; i < outOffset; i++) assertEquals(-7f, out[i]);
        for (int i = outOffset + n * K; i < out.length; i++) assertEquals(-7f, out[i]);
    }

    @Test
    void channelMajorRejectsBadArgumentsClearly() {
        RandomForest rf = randomForest(new SplittableRandom(3), 4, 2, 2, 10);
        float[] x = new float[40], out = new float[20];
        IllegalArgumentException e;
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannelMajor(x, 0, -1, 10, out, 0, 1, null));
        assertTrue(e.getMessage().contains("negative row count"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannelMajor(x, 0, 10, 9, out, 0, 1, null));
        assertTrue(e.getMessage().contains("channel stride 9 < row count 10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannelMajor(x, 1, 10, 10, out, 0, 1, null));
        assertTrue(e.getMessage().contains("too short for 4 channels of 10 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannelMajor(x, -1, 5, 10, out, 0, 1, null));
        assertTrue(e.getMessage().contains("from offset -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannelMajor(x, 0, 10, 10, out, 1, 1, null));
        assertTrue(e.getMessage().contains("output array of 20 values is too short"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> rf.predictChannelMajor(x, 0, 10, 10, out, 0, 0, null));
        assertTrue(e.getMessage().contains("threads must be ≥ 1"), e.getMessage());
        rf.predictChannelMajor(x, 0, 0, 0, out, 0, 1, null);   // nothing to do
    }

    // ---- references and helpers

    /** Tree-order float sums of the leaves reached (DecisionTree.leafFor), divided by the tree count; NaN rows 0. */
    static float[] direct(RandomForest rf, float[] x, int offset, int n, int stride) {
        int K = rf.classCount(), F = rf.featureCount();
        float[] out = new float[n * K];
        for (int i = 0; i < n; i++) {
            boolean nan = false;
            for (int f = 0; f < F; f++) nan |= Float.isNaN(x[offset + i * stride + f]);
            float[] acc = new float[K];
            for (DecisionTree t : rf.trees()) {
                int leaf = t.leafFor(x, offset + i * stride);
                for (int k = 0; k < K; k++) acc[k] += t.probability(leaf, k);
            }
            for (int k = 0; k < K; k++) out[i * K + k] = nan ? 0f : acc[k] / rf.treeCount();
        }
        return out;
    }

    private static float[] rows(ForestEngine engine, RandomForest rf, float[] x, int n, int threads,
                                ExecutorService pool) {
        // rows with a larger stride and an offset, as in a channels-last image with extra channels
        int F = rf.featureCount(), stride = F + 2, offset = 3;
        float[] padded = new float[offset + n * stride];
        Arrays.fill(padded, Float.NaN);
        for (int i = 0; i < n; i++) System.arraycopy(x, i * F, padded, offset + i * stride, F);
        float[] out = new float[n * rf.classCount()];
        engine.predictRows(padded, offset, n, stride, n, out, 0, threads, pool);
        return out;
    }

    private static float[] channels(RandomForest rf, float[] x, int n, int threads, ExecutorService pool) {
        float[] out = new float[n * rf.classCount()];
        rf.predictChannelMajor(channelMajor(x, n, rf.featureCount()), 0, n, n, out, 0, threads, pool);
        return out;
    }

    static float[] channelMajor(float[] x, int n, int F) {
        float[] cm = new float[n * F];
        for (int i = 0; i < n; i++) for (int f = 0; f < F; f++) cm[f * n + i] = x[i * F + f];
        return cm;
    }

    /** Features from the special values and the forest's own thresholds (exact ties), their neighbours, and noise. */
    private static float[] randomData(SplittableRandom rnd, RandomForest rf, int n) {
        List<Float> pool = new ArrayList<>();
        for (float v : SPECIAL) pool.add(v);
        for (DecisionTree t : rf.trees()) {
            for (int i = 0; i < t.nodeCount(); i++) {
                float th = t.threshold(i);
                pool.add(th);
                pool.add(Math.nextUp(th));
                pool.add(Math.nextDown(th));
            }
        }
        int F = rf.featureCount();
        float[] x = new float[n * F];
        // neighbouring rows share values in runs, as neighbouring pixels do, so packets stay together for a while
        for (int f = 0; f < F; f++) {
            float v = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || rnd.nextInt(4) == 0) {
                    int kind = rnd.nextInt(20);
                    v = kind == 0 ? Float.NaN : kind < 12 ? pool.get(rnd.nextInt(pool.size()))
                            : (float) rnd.nextGaussian() * 2;
                }
                x[i * F + f] = v;
            }
        }
        return x;
    }

    /** A forest of random trees; thresholds from the special values (including NaN and infinities) or noise. */
    static RandomForest randomForest(SplittableRandom rnd, int F, int K, int trees, int maxNodes) {
        List<DecisionTree> list = new ArrayList<>();
        for (int t = 0; t < trees; t++) list.add(randomTree(rnd, F, K, maxNodes == 0 ? 0 : rnd.nextInt(maxNodes + 1)));
        int[] labels = new int[K];
        for (int k = 0; k < K; k++) labels[k] = k + 1;
        return new RandomForest(F, labels, list);
    }

    private static DecisionTree randomTree(SplittableRandom rnd, int F, int K, int nodes) {
        int[] feature = new int[nodes], left = new int[nodes], right = new int[nodes];
        float[] threshold = new float[nodes];
        // grow by attaching each new node to a random free child slot of the nodes so far
        List<int[]> free = new ArrayList<>();   // {node, 0 = left / 1 = right}
        int leaves = 0;
        int[][] child = new int[nodes][2];
        for (int[] c : child) Arrays.fill(c, Integer.MIN_VALUE);
        for (int i = 0; i < nodes; i++) {
            feature[i] = rnd.nextInt(F);
            int kind = rnd.nextInt(10);
            threshold[i] = kind == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)]
                    : kind == 1 ? Float.NaN : (float) rnd.nextGaussian() * 2;
            if (i > 0) {
                int[] slot = free.remove(rnd.nextInt(free.size()));
                child[slot[0]][slot[1]] = i;
            }
            free.add(new int[] {i, 0});
            free.add(new int[] {i, 1});
        }
        for (int[] slot : free) child[slot[0]][slot[1]] = ~leaves++;
        for (int i = 0; i < nodes; i++) {
            left[i] = child[i][0];
            right[i] = child[i][1];
        }
        if (nodes == 0) leaves = 1;
        float[] prob = new float[leaves * K];
        int[] samples = new int[leaves];
        for (int l = 0; l < leaves; l++) {
            // probabilities of varied magnitude and sign, so any change in summation order changes the bits
            for (int k = 0; k < K; k++) prob[l * K + k] = rnd.nextInt(8) == 0 ? -0f : (float) (rnd.nextDouble() * Math.pow(10, rnd.nextInt(-6, 3)) * (rnd.nextInt(5) == 0 ? -1 : 1));
            samples[l] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(100);    // ties and zero weights in the heavy choice
        }
        return new DecisionTree(K, nodes == 0 ? ~0 : 0, feature, threshold, left, right, prob, samples);
    }

    /** A chain: split i sends x[f] &lt; t_i one way to a leaf and the rest on down the chain. */
    private static DecisionTree chain(SplittableRandom rnd, int nodes, int F, boolean leafLeft) {
        int[] feature = new int[nodes], left = new int[nodes], right = new int[nodes];
        float[] threshold = new float[nodes];
        for (int i = 0; i < nodes; i++) {
            feature[i] = rnd.nextInt(F);
            threshold[i] = (float) rnd.nextDouble(-1, 1);
            int next = i + 1 < nodes ? i + 1 : ~nodes;
            left[i] = leafLeft ? ~i : next;
            right[i] = leafLeft ? next : ~i;
        }
        float[] prob = new float[(nodes + 1) * 2];
        int[] samples = new int[nodes + 1];
        for (int l = 0; l <= nodes; l++) {
            prob[2 * l] = (float) rnd.nextDouble();
            prob[2 * l + 1] = 1 - prob[2 * l];
            samples[l] = 1 + rnd.nextInt(50);
        }
        return new DecisionTree(2, 0, feature, threshold, left, right, prob, samples);
    }
}
