package org.sylva.forest;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training samples prepared once for all trees: the class index of every sample, and every feature column
 * rank-transformed (dense ranks of the distinct float values, ascending) with the table of distinct values.
 * Ranks preserve order and equality exactly ({@code -0.0 == 0.0} as in C++), so split search on ranks is split
 * search on values, and a threshold is the midpoint of two neighbouring distinct values.
 */
final class TrainingSet {

    final int n;            // samples
    final int features;     // F
    final int classes;      // K
    final int[] classLabels; // sorted label values, class index order
    final int[] classOf;    // per sample: class index 0..K-1
    final int[][] rank;     // [f][sample] dense rank of x[sample][f]
    final float[][] distinct; // [f][rank] distinct values ascending
    final float[] x;        // the caller's rows (pixel-major, row stride = features), for OOB prediction

    private TrainingSet(int n, int features, int[] classLabels, int[] classOf, int[][] rank, float[][] distinct,
                        float[] x) {
        this.n = n;
        this.features = features;
        this.classes = classLabels.length;
        this.classLabels = classLabels;
        this.classOf = classOf;
        this.rank = rank;
        this.distinct = distinct;
        this.x = x;
    }

    /** Checks and prepares pixel-major samples {@code x[i*F + f]}, labels ≥ 1. */
    static TrainingSet of(float[] x, int n, int features, int[] labels, int threads, ExecutorService executor) {
        if (n < 1) throw new IllegalArgumentException("no training samples");
        if (features < 1) throw new IllegalArgumentException("no features (feature count " + features + ")");
        if ((long) n * features > x.length) {
            throw new IllegalArgumentException("feature matrix has " + x.length + " values, need " + n + " × "
                    + features + " = " + (long) n * features);
        }
        if (labels.length < n) {
            throw new IllegalArgumentException("labels: " + labels.length + " values for " + n + " samples");
        }
        int[] classLabels = Arrays.stream(labels, 0, n).distinct().sorted().toArray();
        if (classLabels[0] < 1) {
            throw new IllegalArgumentException("label values must be ≥ 1 (0 means unlabelled), found "
                    + classLabels[0]);
        }
        int[] classOf = new int[n];
        for (int i = 0; i < n; i++) classOf[i] = Arrays.binarySearch(classLabels, labels[i]);

        int[][] rank = new int[features][];
        float[][] distinct = new float[features][];
        AtomicInteger next = new AtomicInteger();
        ParallelRun.run(Math.min(threads, features), executor, id -> {
            long[] keys = new long[n];
            for (int f; (f = next.getAndIncrement()) < features; ) {
                rankColumn(x, n, features, f, keys, rank, distinct);
            }
        });
        return new TrainingSet(n, features, classLabels, classOf, rank, distinct, x);
    }

    private static void rankColumn(float[] x, int n, int features, int f, long[] keys, int[][] rank,
                                   float[][] distinct) {
        for (int i = 0; i < n; i++) {
            float v = x[i * features + f];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("training sample " + i + ", feature " + f + " is " + v
                        + ": training features must be finite");
            }
            v += 0.0f; // -0.0 → 0.0: they compare equal, so they must share a rank
            keys[i] = ((long) sortable(v) << 32) | i;
        }
        Arrays.sort(keys, 0, n);
        int[] r = new int[n];
        float[] values = new float[n];
        int u = -1;
        int prev = 0;
        for (int j = 0; j < n; j++) {
            int key = (int) (keys[j] >> 32);
            if (j == 0 || key != prev) {
                values[++u] = fromSortable(key);
                prev = key;
            }
            r[(int) keys[j]] = u;
        }
        rank[f] = r;
        distinct[f] = Arrays.copyOf(values, u + 1);
    }

    /** Monotone map float → int (for finite floats without -0.0). */
    private static int sortable(float v) {
        int b = Float.floatToRawIntBits(v);
        return b ^ ((b >> 31) & 0x7FFFFFFF);
    }

    private static float fromSortable(int s) {
        return Float.intBitsToFloat(s ^ ((s >> 31) & 0x7FFFFFFF));
    }
}
