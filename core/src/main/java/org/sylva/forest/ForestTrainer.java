package org.sylva.forest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Trains a {@link RandomForest} with ilastik's semantics (vigra RF1, spec ilastik-compat §2.1): Gini impurity,
 * bootstrap of N draws with replacement, mtry = ⌊√F + 0.5⌋ columns per node (more until one improves), trees
 * grown to purity with exact splits at midpoints between distinct values, leaves = class histograms.
 *
 * <p>Deterministic: tree {@code i} depends only on the data, the seed and {@code i}; trees grow in parallel on
 * {@link TrainingOptions#threads()} workers and the model is identical for any thread count.
 */
public final class ForestTrainer {

    private ForestTrainer() {}

    /**
     * Trains on pixel-major samples: sample {@code i} is {@code x[i*F .. i*F+F)} (channels last), its label
     * {@code labels[i] ≥ 1}. Classes are the sorted distinct label values present (vigra's {@code known_labels}).
     *
     * @throws IllegalArgumentException for no samples, a label &lt; 1, or a non-finite feature value
     */
    public static RandomForest train(float[] x, int n, int featureCount, int[] labels, TrainingOptions options) {
        return train(x, n, featureCount, labels, options, null);
    }

    /** As {@link #train(float[], int, int, int[], TrainingOptions)}, running the workers on {@code executor}. */
    public static RandomForest train(float[] x, int n, int featureCount, int[] labels, TrainingOptions options,
                                     ExecutorService executor) {
        long t0 = System.nanoTime();
        int threads = options.threads();
        TrainingSet data = TrainingSet.of(x, n, featureCount, labels, threads, executor);
        int trees = options.treeCount();
        int mtry = options.mtryFor(featureCount);
        long seed = options.seed();

        DecisionTree[] grown = new DecisionTree[trees];
        long[][] inBag = new long[trees][];
        double[][] importance = new double[trees][];
        AtomicInteger next = new AtomicInteger();
        ParallelRun.run(Math.min(threads, trees), executor, id -> {
            TreeGrower grower = new TreeGrower(data, mtry);
            for (int t; (t = next.getAndIncrement()) < trees; ) {
                grown[t] = grower.grow(seed, t);
                inBag[t] = bits(grower.weight);
                importance[t] = grower.importance.clone();
            }
        });
        List<DecisionTree> treeList = List.of(grown);

        double[] gini = new double[featureCount];
        for (int t = 0; t < trees; t++) {
            for (int f = 0; f < featureCount; f++) gini[f] += importance[t][f];
        }
        for (int f = 0; f < featureCount; f++) gini[f] /= (double) trees * n;

        int[] oob = outOfBag(data, treeList, inBag, threads, executor);
        double[] permutation = options.permutationImportance()
                ? permutationImportance(data, treeList, inBag, seed, threads, executor) : new double[0];
        double seconds = (System.nanoTime() - t0) / 1e9;
        TrainingReport report = new TrainingReport(seed, trees, mtry, n,
                oob[1] == 0 ? Double.NaN : (double) oob[0] / oob[1], oob[1], gini, permutation, seconds);
        return new RandomForest(featureCount, data.classLabels, treeList, report);
    }

    private static long[] bits(int[] weight) {
        long[] b = new long[(weight.length + 63) >>> 6];
        for (int s = 0; s < weight.length; s++) if (weight[s] > 0) b[s >>> 6] |= 1L << s;
        return b;
    }

    private static boolean in(long[] bits, int s) {
        return (bits[s >>> 6] & (1L << s)) != 0;
    }

    /** {correct, counted}: each sample classified by the mean leaf distribution of the trees that left it out. */
    private static int[] outOfBag(TrainingSet d, List<DecisionTree> trees, long[][] inBag, int threads,
                                  ExecutorService executor) {
        int n = d.n, K = d.classes, F = d.features;
        int chunk = 1024;
        int chunks = (n + chunk - 1) / chunk;
        int[] correct = new int[chunks], counted = new int[chunks];
        AtomicInteger next = new AtomicInteger();
        ParallelRun.run(Math.max(1, Math.min(threads, chunks)), executor, id -> {
            double[] votes = new double[K];
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                for (int s = c * chunk, end = Math.min(n, s + chunk); s < end; s++) {
                    Arrays.fill(votes, 0);
                    boolean any = false;
                    for (int t = 0; t < trees.size(); t++) {
                        if (in(inBag[t], s)) continue;
                        DecisionTree tree = trees.get(t);
                        int leaf = tree.leafFor(d.x, s * F);
                        for (int k = 0; k < K; k++) votes[k] += tree.probability(leaf, k);
                        any = true;
                    }
                    if (!any) continue;
                    counted[c]++;
                    if (argmax(votes) == d.classOf[s]) correct[c]++;
                }
            }
        });
        return new int[] {Arrays.stream(correct).sum(), Arrays.stream(counted).sum()};
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
        return best;
    }

    /**
     * Breiman's permutation importance per tree on its out-of-bag samples: accuracy of the tree minus its accuracy
     * with one feature's values shuffled among those samples; averaged over trees (in tree order).
     */
    private static double[] permutationImportance(TrainingSet d, List<DecisionTree> trees, long[][] inBag,
                                                  long seed, int threads, ExecutorService executor) {
        int n = d.n, F = d.features, K = d.classes, T = trees.size();
        double[][] perTree = new double[T][];
        AtomicInteger next = new AtomicInteger();
        ParallelRun.run(Math.min(threads, T), executor, id -> {
            float[] rows = new float[n * F];
            int[] cls = new int[n];
            float[] column = new float[n];
            for (int t; (t = next.getAndIncrement()) < T; ) {
                DecisionTree tree = trees.get(t);
                int m = 0;
                for (int s = 0; s < n; s++) {
                    if (in(inBag[t], s)) continue;
                    System.arraycopy(d.x, s * F, rows, m * F, F);
                    cls[m++] = d.classOf[s];
                }
                double[] drop = new double[F];
                perTree[t] = drop;
                if (m == 0) continue;
                int base = correct(tree, rows, cls, m, F, K);
                SplitMix64 rng = SplitMix64.forTree(seed, t, 1);
                for (int f = 0; f < F; f++) {
                    for (int i = 0; i < m; i++) column[i] = rows[i * F + f];
                    for (int i = m - 1; i > 0; i--) {   // Fisher–Yates shuffle of the column
                        int j = rng.nextInt(i + 1);
                        float v = rows[i * F + f];
                        rows[i * F + f] = rows[j * F + f];
                        rows[j * F + f] = v;
                    }
                    drop[f] = (double) (base - correct(tree, rows, cls, m, F, K)) / m;
                    for (int i = 0; i < m; i++) rows[i * F + f] = column[i];
                }
            }
        });
        double[] imp = new double[F];
        for (int t = 0; t < T; t++) for (int f = 0; f < F; f++) imp[f] += perTree[t][f];
        for (int f = 0; f < F; f++) imp[f] /= T;
        return imp;
    }

    private static int correct(DecisionTree tree, float[] rows, int[] cls, int m, int F, int K) {
        int c = 0;
        for (int i = 0; i < m; i++) {
            int leaf = tree.leafFor(rows, i * F);
            int best = 0;
            for (int k = 1; k < K; k++) if (tree.probability(leaf, k) > tree.probability(leaf, best)) best = k;
            if (best == cls[i]) c++;
        }
        return c;
    }
}
