package org.sylva.forest;

import java.util.Arrays;

/**
 * Grows one tree with vigra RF1 semantics (ilastik's classifier; spec ilastik-compat §2.1) on a bootstrap sample.
 * One grower per thread: it owns all scratch memory, so growing allocates only the finished tree.
 *
 * <p>Algorithm, per node (depth first), exactly as vigra's {@code ThresholdSplit::findBestSplit}:
 * <ul>
 *   <li>Gini loss of the node from its (bootstrap-weighted) class counts; a pure node (loss ≤ 0) is a leaf;</li>
 *   <li>partial Fisher–Yates shuffle of the persistent column order for the first mtry positions; columns are tried
 *       in that order, all of them until one improves on the node loss, then only up to mtry;</li>
 *   <li>per column: samples sorted by value, every boundary between distinct values is a candidate, loss = left +
 *       right Gini loss, strict minimum (first wins), threshold = midpoint of the two neighbouring values;</li>
 *   <li>best loss close to the node loss (vigra {@code closeAtTolerance}) ⇒ leaf; a leaf stores its normalised class
 *       histogram and sample count.</li>
 * </ul>
 * Samples drawn several times by the bootstrap are kept once with their multiplicity as weight, which gives the
 * same counts, boundaries and losses as vigra's list with repeats.
 */
final class TreeGrower {

    private static final double EPS2 = 2.0 * Math.ulp(1.0);  // vigra closeAtTolerance: 2 × DBL_EPSILON
    private static final int INSERTION_MAX = 24;
    private static final int RADIX_MIN = 192;

    private final TrainingSet d;
    private final int mtry;
    private final int n, features, classes;

    // per-tree state and scratch
    final int[] weight;          // bootstrap multiplicity per sample
    private final int[] idx;     // node sample lists: unique in-bag samples, a node owns idx[lo..hi)
    private final int[] tmpIdx;
    private final long[] keys;   // (rank << 32) | sample, sorted per candidate column
    private final long[] tmpKeys;
    private final int[] radixCount = new int[1 << 11];
    private final int[] cols;    // persistent column order (vigra's splitColumns)
    private final long[] counts; // class counts of the current node
    private final long[] left;   // running left counts (K > 2)
    private int[] stack = new int[64 * 4];

    // column search result
    private double colLoss;
    private int colLeftRank, colRightRank;

    // tree under construction
    private int[] tFeature = new int[256], tLeft = new int[256], tRight = new int[256];
    private float[] tThreshold = new float[256];
    private float[] tLeafProb;
    private int[] tLeafSamples = new int[256];
    private int nodes, leaves;
    final double[] importance;   // Gini decrease per feature of the current tree (Σ n_k(1 − n_k/n) units)

    TreeGrower(TrainingSet d, int mtry) {
        this.d = d;
        this.mtry = mtry;
        this.n = d.n;
        this.features = d.features;
        this.classes = d.classes;
        this.weight = new int[n];
        this.idx = new int[n];
        this.tmpIdx = new int[n];
        this.keys = new long[n];
        this.tmpKeys = new long[n];
        this.cols = new int[features];
        this.counts = new long[classes];
        this.left = new long[classes];
        this.tLeafProb = new float[256 * classes];
        this.importance = new double[features];
    }

    /** Grows tree {@code tree} of a forest seeded with {@code seed}; {@link #weight} holds its bootstrap after. */
    DecisionTree grow(long seed, int tree) {
        SplitMix64 rng = SplitMix64.forTree(seed, tree, 0);
        Arrays.fill(weight, 0);
        for (int i = 0; i < n; i++) weight[rng.nextInt(n)]++;
        return build(rng);
    }

    /** Grows a tree on given sample weights (e.g. all 1: no bootstrap); for tests of the split rule. */
    DecisionTree growOn(int[] weights, long seed) {
        System.arraycopy(weights, 0, weight, 0, n);
        return build(SplitMix64.forTree(seed, 0, 0));
    }

    private DecisionTree build(SplitMix64 rng) {
        int m = 0;
        for (int s = 0; s < n; s++) if (weight[s] > 0) idx[m++] = s;
        for (int f = 0; f < features; f++) cols[f] = f;
        Arrays.fill(importance, 0);
        nodes = 0;
        leaves = 0;

        int root = 0;
        int sp = 0;
        push(sp, 0, m, -1, 0);
        sp += 4;
        while (sp > 0) {
            sp -= 4;
            int lo = stack[sp], hi = stack[sp + 1], parent = stack[sp + 2], side = stack[sp + 3];
            int ref = node(lo, hi, rng);
            if (parent < 0) root = ref;
            else if (side == 0) tLeft[parent] = ref;
            else tRight[parent] = ref;
            if (ref >= 0) {
                int mid = splitPoint;
                push(sp, mid, hi, ref, 1);
                sp += 4;
                push(sp, lo, mid, ref, 0);  // left on top: grown first
                sp += 4;
            }
        }
        return new DecisionTree(classes, root, Arrays.copyOf(tFeature, nodes), Arrays.copyOf(tThreshold, nodes),
                Arrays.copyOf(tLeft, nodes), Arrays.copyOf(tRight, nodes),
                Arrays.copyOf(tLeafProb, leaves * classes), Arrays.copyOf(tLeafSamples, leaves), true);
    }

    private void push(int sp, int lo, int hi, int parent, int side) {
        if (sp + 4 > stack.length) stack = Arrays.copyOf(stack, stack.length * 2);
        stack[sp] = lo;
        stack[sp + 1] = hi;
        stack[sp + 2] = parent;
        stack[sp + 3] = side;
    }

    private int splitPoint;

    /** Finds the split of idx[lo..hi) and returns the new node's reference (internal: ≥ 0, sets splitPoint). */
    private int node(int lo, int hi, SplitMix64 rng) {
        Arrays.fill(counts, 0);
        long total = 0;
        for (int i = lo; i < hi; i++) {
            int s = idx[i];
            counts[d.classOf[s]] += weight[s];
            total += weight[s];
        }
        double regionLoss = loss(counts, total);
        if (regionLoss <= 0) return leaf(total);

        for (int ii = 0; ii < mtry; ii++) {
            int j = ii + rng.nextInt(features - ii);
            int t = cols[ii];
            cols[ii] = cols[j];
            cols[j] = t;
        }
        double best = regionLoss;
        int bestFeature = -1, bestLeftRank = 0, bestRightRank = 0;
        int tries = features;
        for (int k = 0; k < tries; k++) {
            int f = cols[k];
            searchColumn(f, lo, hi, total, regionLoss);
            if (colLoss < best) {
                best = colLoss;
                bestFeature = f;
                bestLeftRank = colLeftRank;
                bestRightRank = colRightRank;
                tries = mtry;
            }
        }
        if (bestFeature < 0 || closeAtTolerance(best, regionLoss)) return leaf(total);

        // partition idx[lo..hi) stably: rank ≤ bestLeftRank ⇔ value < threshold
        int[] rk = d.rank[bestFeature];
        int l = lo, r = 0;
        for (int i = lo; i < hi; i++) {
            int s = idx[i];
            if (rk[s] <= bestLeftRank) idx[l++] = s;
            else tmpIdx[r++] = s;
        }
        System.arraycopy(tmpIdx, 0, idx, l, r);
        splitPoint = l;

        float[] vals = d.distinct[bestFeature];
        double t = ((double) vals[bestLeftRank] + (double) vals[bestRightRank]) / 2.0;
        double scale = classes == 2 ? 2.0 : 1.0;  // the 2-class loss n0·n1/n is half of Σ n_k(1 − n_k/n)
        importance[bestFeature] += scale * (regionLoss - best);
        return internal(bestFeature, DecisionTree.floatThreshold(t));
    }

    /** vigra GiniCriterion with unit class weights, same operation order (counts are exact in double). */
    private double loss(long[] c, long total) {
        double tot = total;
        if (classes == 2) return (double) c[0] * (double) c[1] / tot;
        double g = 0;
        for (int k = 0; k < classes; k++) g += c[k] * (1.0 - c[k] / tot);
        return g;
    }

    private static boolean closeAtTolerance(double l, double r) {
        if (l == 0.0) return Math.abs(r) <= EPS2;
        if (r == 0.0) return Math.abs(l) <= EPS2;
        double diff = Math.abs(l - r);
        return diff / Math.abs(r) <= EPS2 && diff / Math.abs(l) <= EPS2;
    }

    /** Best split of idx[lo..hi) on column f: sets colLoss (≥ regionLoss if none improves), colLeftRank/RightRank. */
    private void searchColumn(int f, int lo, int hi, long total, double regionLoss) {
        int u = d.distinct[f].length;
        if (u == 1) {   // a constant column cannot split
            colLoss = regionLoss;
            return;
        }
        int m = hi - lo;
        int[] rk = d.rank[f];
        for (int i = 0; i < m; i++) {
            int s = idx[lo + i];
            keys[i] = ((long) rk[s] << 32) | s;
        }
        if (m <= INSERTION_MAX) insertionSort(keys, m);
        else if (m < RADIX_MIN) Arrays.sort(keys, 0, m);
        else radixSort(m, 32 - Integer.numberOfLeadingZeros(u - 1));
        if (classes == 2) scan2(m, total, regionLoss);
        else scanK(m, total, regionLoss);
    }

    private void scan2(int m, long total, double regionLoss) {
        final int[] cls = d.classOf;
        final int[] w = weight;
        long t1 = counts[1];
        long lw = 0, l1 = 0;
        double best = regionLoss;
        int bestL = 0, bestR = 0;
        long key = keys[0];
        int prev = (int) (key >>> 32);
        for (int i = 0; ; ) {
            int s = (int) key;
            int ws = w[s];
            lw += ws;
            l1 += ws & -cls[s];
            if (++i == m) break;
            key = keys[i];
            int r = (int) (key >>> 32);
            if (r != prev) {
                long l0 = lw - l1, rw = total - lw, r1 = t1 - l1, r0 = rw - r1;
                double loss = (double) l0 * (double) l1 / (double) lw + (double) r0 * (double) r1 / (double) rw;
                if (loss < best) {
                    best = loss;
                    bestL = prev;
                    bestR = r;
                }
                prev = r;
            }
        }
        colLoss = best;
        colLeftRank = bestL;
        colRightRank = bestR;
    }

    private void scanK(int m, long total, double regionLoss) {
        final int[] cls = d.classOf;
        final int[] w = weight;
        Arrays.fill(left, 0);
        long lw = 0;
        double best = regionLoss;
        int bestL = 0, bestR = 0;
        long key = keys[0];
        int prev = (int) (key >>> 32);
        for (int i = 0; ; ) {
            int s = (int) key;
            left[cls[s]] += w[s];
            lw += w[s];
            if (++i == m) break;
            key = keys[i];
            int r = (int) (key >>> 32);
            if (r != prev) {
                double tl = lw, tr = total - lw;
                double ll = 0, lr = 0;
                for (int k = 0; k < classes; k++) {
                    long a = left[k], b = counts[k] - a;
                    ll += a * (1.0 - a / tl);
                    lr += b * (1.0 - b / tr);
                }
                double loss = lr + ll;
                if (loss < best) {
                    best = loss;
                    bestL = prev;
                    bestR = r;
                }
                prev = r;
            }
        }
        colLoss = best;
        colLeftRank = bestL;
        colRightRank = bestR;
    }

    private static void insertionSort(long[] a, int m) {
        for (int i = 1; i < m; i++) {
            long v = a[i];
            int j = i - 1;
            while (j >= 0 && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /** LSD radix sort of keys[0..m) by their high 32 bits, of which only the low {@code bits} can be non-zero. */
    private void radixSort(int m, int bits) {
        int passes = (bits + 10) / 11;
        int width = (bits + passes - 1) / passes;
        int buckets = 1 << width;
        int mask = buckets - 1;
        long[] src = keys, dst = tmpKeys;
        int[] cnt = radixCount;
        for (int p = 0, shift = 32; p < passes; p++, shift += width) {
            Arrays.fill(cnt, 0, buckets, 0);
            for (int i = 0; i < m; i++) cnt[(int) (src[i] >>> shift) & mask]++;
            int sum = 0;
            for (int b = 0; b < buckets; b++) {
                int c = cnt[b];
                cnt[b] = sum;
                sum += c;
            }
            for (int i = 0; i < m; i++) {
                long v = src[i];
                dst[cnt[(int) (v >>> shift) & mask]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        if (src != keys) System.arraycopy(src, 0, keys, 0, m);
    }

    private int leaf(long total) {
        if (leaves == tLeafSamples.length) {
            tLeafSamples = Arrays.copyOf(tLeafSamples, leaves * 2);
            tLeafProb = Arrays.copyOf(tLeafProb, leaves * 2 * classes);
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) sum += counts[k];
        for (int k = 0; k < classes; k++) tLeafProb[leaves * classes + k] = (float) (counts[k] / sum);
        tLeafSamples[leaves] = (int) Math.min(total, Integer.MAX_VALUE);
        return ~leaves++;
    }

    private int internal(int feature, float threshold) {
        if (nodes == tFeature.length) {
            int c = nodes * 2;
            tFeature = Arrays.copyOf(tFeature, c);
            tThreshold = Arrays.copyOf(tThreshold, c);
            tLeft = Arrays.copyOf(tLeft, c);
            tRight = Arrays.copyOf(tRight, c);
        }
        tFeature[nodes] = feature;
        tThreshold[nodes] = threshold;
        return nodes++;
    }
}
