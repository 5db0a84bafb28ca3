package org.sylva.forest;

import java.util.Arrays;

/**
 * One binary decision tree of a {@link RandomForest}, immutable.
 *
 * <p>Layout: internal nodes are numbered {@code 0 .. nodeCount()-1}, leaves {@code 0 .. leafCount()-1}. A child
 * reference {@code c ≥ 0} names internal node {@code c}; {@code c < 0} names leaf {@code ~c} (bitwise not). The root
 * is {@link #root()} (a leaf reference when the whole tree is one leaf). Rule at internal node {@code i}:
 * {@code x[feature(i)] < threshold(i)} goes to {@code left(i)}, anything else (including NaN) to {@code right(i)}.
 *
 * <p>Thresholds are float32. vigra compares a float32 feature, promoted to double, with a double threshold
 * {@code t}; we store {@code t' =} the smallest float ≥ {@code t}, for which {@code x < t ⇔ x < t'} holds for every
 * float {@code x} (see {@link #floatThreshold(double)}), so float comparisons are exact.
 *
 * <p>Each leaf holds a class distribution ({@code classCount} floats summing to 1, class order of the forest) and
 * the number of bootstrap samples that reached it during training.
 *
 * <p>The constructor checks that the references form one tree rooted at {@code root} (every node and leaf reached
 * exactly once, no cycles), so prediction always terminates.
 */
public final class DecisionTree {

    private final int classCount;
    private final int root;
    private final int[] feature;
    private final float[] threshold;
    private final int[] left;
    private final int[] right;
    private final float[] leafProbabilities;
    private final int[] leafSamples;

    /**
     * @param classCount        number of classes K ≥ 1
     * @param root              reference to the root (node index, or {@code ~leaf})
     * @param feature           per internal node: feature (column) index ≥ 0
     * @param threshold         per internal node: float threshold (go left iff {@code x < threshold})
     * @param left              per internal node: reference of the left child
     * @param right             per internal node: reference of the right child
     * @param leafProbabilities per leaf: K class probabilities, leaf-major ({@code [leaf*K + k]})
     * @param leafSamples       per leaf: number of training (bootstrap) samples it holds
     * @throws IllegalArgumentException if the arrays are inconsistent or do not form a tree
     */
    public DecisionTree(int classCount, int root, int[] feature, float[] threshold, int[] left, int[] right,
                        float[] leafProbabilities, int[] leafSamples) {
        this(classCount, root, feature.clone(), threshold.clone(), left.clone(), right.clone(),
                leafProbabilities.clone(), leafSamples.clone(), true);
    }

    /** Trusted constructor: takes ownership of the arrays (still validated). */
    DecisionTree(int classCount, int root, int[] feature, float[] threshold, int[] left, int[] right,
                 float[] leafProbabilities, int[] leafSamples, boolean owned) {
        this.classCount = classCount;
        this.root = root;
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.leafProbabilities = leafProbabilities;
        this.leafSamples = leafSamples;
        validate();
    }

    /** A tree that is a single leaf with the given class distribution. */
    public static DecisionTree leaf(float[] probabilities, int samples) {
        return new DecisionTree(probabilities.length, ~0, new int[0], new float[0], new int[0], new int[0],
                probabilities, new int[] {samples});
    }

    private void validate() {
        int n = feature.length;
        if (classCount < 1) throw new IllegalArgumentException("class count must be ≥ 1, got " + classCount);
        if (threshold.length != n || left.length != n || right.length != n) {
            throw new IllegalArgumentException("node arrays differ in length: feature " + n + ", threshold "
                    + threshold.length + ", left " + left.length + ", right " + right.length);
        }
        int leaves = leafSamples.length;
        if (leaves < 1) throw new IllegalArgumentException("a tree needs at least one leaf");
        if ((long) leaves * classCount != leafProbabilities.length) {
            throw new IllegalArgumentException("leaf probabilities: expected " + (long) leaves * classCount
                    + " values (" + leaves + " leaves × " + classCount + " classes), got " + leafProbabilities.length);
        }
        if (leaves != n + 1) {
            throw new IllegalArgumentException("a binary tree with " + n + " internal nodes has " + (n + 1)
                    + " leaves, got " + leaves);
        }
        for (int i = 0; i < n; i++) {
            if (feature[i] < 0) throw new IllegalArgumentException("node " + i + ": negative feature " + feature[i]);
        }
        for (int s : leafSamples) {
            if (s < 0) throw new IllegalArgumentException("negative leaf sample count " + s);
        }
        // Walk from the root: each node and leaf must be reached exactly once (a tree, no cycles, none unreachable).
        boolean[] seenNode = new boolean[n];
        boolean[] seenLeaf = new boolean[leaves];
        int[] stack = new int[n + 1];
        int sp = 0;
        stack[sp++] = root;
        int reached = 0;
        while (sp > 0) {
            int ref = stack[--sp];
            reached++;
            if (ref >= 0) {
                if (ref >= n) throw new IllegalArgumentException("reference to node " + ref + " of " + n);
                if (seenNode[ref]) throw new IllegalArgumentException("node " + ref + " is reached twice");
                seenNode[ref] = true;
                if (sp + 2 > stack.length) throw new IllegalArgumentException("references do not form a tree");
                stack[sp++] = right[ref];
                stack[sp++] = left[ref];
            } else {
                int leaf = ~ref;
                if (leaf >= leaves) throw new IllegalArgumentException("reference to leaf " + leaf + " of " + leaves);
                if (seenLeaf[leaf]) throw new IllegalArgumentException("leaf " + leaf + " is reached twice");
                seenLeaf[leaf] = true;
            }
        }
        if (reached != n + leaves) throw new IllegalArgumentException("some nodes are not reachable from the root");
    }

    /**
     * The float threshold equivalent to a double threshold for float features: the smallest float ≥ {@code t}.
     * For every float {@code x}: {@code (double) x < t ⇔ x < floatThreshold(t)} (NaN stays NaN).
     */
    public static float floatThreshold(double t) {
        float f = (float) t;
        if (f < t) f = Math.nextUp(f);   // rounded down: step to the next float above (may become +inf)
        return f;
    }

    /** Number of classes K. */
    public int classCount() { return classCount; }

    /** Reference of the root: node index, or {@code ~leaf} for a single-leaf tree. */
    public int root() { return root; }

    /** Number of internal (split) nodes. */
    public int nodeCount() { return feature.length; }

    /** Number of leaves (= nodeCount() + 1). */
    public int leafCount() { return leafSamples.length; }

    public int feature(int node) { return feature[node]; }

    public float threshold(int node) { return threshold[node]; }

    public int left(int node) { return left[node]; }

    public int right(int node) { return right[node]; }

    /** Class probability {@code k} of {@code leaf}. */
    public float probability(int leaf, int k) { return leafProbabilities[leaf * classCount + k]; }

    /** Number of training samples (with bootstrap multiplicity) that reached {@code leaf}. */
    public int samples(int leaf) { return leafSamples[leaf]; }

    /** Largest feature index used, or -1 for a single-leaf tree. */
    public int maxFeature() {
        int m = -1;
        for (int f : feature) m = Math.max(m, f);
        return m;
    }

    /** Depth of the deepest leaf (0 for a single-leaf tree). */
    public int depth() {
        return depth(root);
    }

    private int depth(int ref) {
        // iterative to survive degenerate (chain-like) trees
        int[] stackRef = new int[feature.length + 1];
        int[] stackDepth = new int[feature.length + 1];
        int sp = 0, max = 0;
        stackRef[sp] = ref;
        stackDepth[sp++] = 0;
        while (sp > 0) {
            int r = stackRef[--sp], d = stackDepth[sp];
            if (r < 0) {
                max = Math.max(max, d);
            } else {
                stackRef[sp] = left[r];
                stackDepth[sp++] = d + 1;
                stackRef[sp] = right[r];
                stackDepth[sp++] = d + 1;
            }
        }
        return max;
    }

    /** The leaf reached by the row {@code x[offset .. offset+F)}. */
    public int leafFor(float[] x, int offset) {
        int ref = root;
        while (ref >= 0) {
            ref = x[offset + feature[ref]] < threshold[ref] ? left[ref] : right[ref];
        }
        return ~ref;
    }

    // package-private views for the predictor and the codec (no copies)
    int[] featureArray() { return feature; }
    float[] thresholdArray() { return threshold; }
    int[] leftArray() { return left; }
    int[] rightArray() { return right; }
    float[] leafProbabilityArray() { return leafProbabilities; }
    int[] leafSampleArray() { return leafSamples; }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecisionTree t && classCount == t.classCount && root == t.root
                && Arrays.equals(feature, t.feature) && Arrays.equals(threshold, t.threshold)
                && Arrays.equals(left, t.left) && Arrays.equals(right, t.right)
                && Arrays.equals(leafProbabilities, t.leafProbabilities) && Arrays.equals(leafSamples, t.leafSamples);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(feature) + Arrays.hashCode(leafProbabilities);
    }

    @Override
    public String toString() {
        return "DecisionTree[" + nodeCount() + " splits, " + leafCount() + " leaves, depth " + depth() + "]";
    }
}
