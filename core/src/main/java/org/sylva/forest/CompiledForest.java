package org.sylva.forest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The prediction engine of a forest: all trees flattened into one int array, rows processed in blocks, each block
 * through every tree, eight rows in lockstep per tree.
 *
 * <p>Node record (4 ints, breadth-first per tree, so the hot top levels share cache lines):
 * {@code [feature, float bits of threshold, offset of left record, offset of right record]}. A leaf is a record that
 * points to itself on both sides ({@code [0, leaf row, self, self]}), so a lane that reached its leaf stays there
 * while the other lanes walk on: no branch per lane, one test per step for "all eight lanes are at leaves".
 * Eight independent walks interleave, hiding the load latency of each.
 *
 * <p>Per row, the class probabilities of the reached leaves are summed in tree order (float, as vigra does), then
 * divided by the number of trees; rows containing NaN get all-zero probabilities (vigra).
 */
final class CompiledForest {

    static final int LANES = 8;
    private static final int BLOCK = 256;   // rows per block: one block's rows stay in L1/L2 while all trees run

    private final int features, classes, trees;
    private final int[] rec;        // node records, 4 ints each
    private final int[] roots;      // record offset of each tree's root
    private final float[] leafProb; // leaf rows of K probabilities

    CompiledForest(int features, int classes, List<DecisionTree> treeList) {
        this.features = features;
        this.classes = classes;
        this.trees = treeList.size();
        long total = 0, totalLeaves = 0;
        for (DecisionTree t : treeList) {
            total += t.nodeCount() + t.leafCount();
            totalLeaves += t.leafCount();
        }
        if (total * 4 > Integer.MAX_VALUE - 8 || totalLeaves * classes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("forest too large to compile: " + total + " nodes");
        }
        rec = new int[(int) total * 4];
        roots = new int[trees];
        leafProb = new float[(int) totalLeaves * classes];
        int base = 0, leafBase = 0;
        int[] queue = new int[16];
        for (int ti = 0; ti < trees; ti++) {
            DecisionTree t = treeList.get(ti);
            int count = t.nodeCount() + t.leafCount();
            if (queue.length < count) queue = new int[count];
            // breadth-first numbering: queue[i] = reference of the i-th record of this tree
            int head = 0, tail = 0;
            queue[tail++] = t.root();
            roots[ti] = base * 4;
            while (head < tail) {
                int slot = base + head;
                int ref = queue[head++];
                int o = slot * 4;
                if (ref >= 0) {
                    rec[o] = t.feature(ref);
                    rec[o + 1] = Float.floatToRawIntBits(t.threshold(ref));
                    rec[o + 2] = (base + tail) * 4;
                    queue[tail++] = t.left(ref);
                    rec[o + 3] = (base + tail) * 4;
                    queue[tail++] = t.right(ref);
                } else {
                    int leaf = ~ref;
                    int row = leafBase + leaf;
                    for (int k = 0; k < classes; k++) leafProb[row * classes + k] = t.probability(leaf, k);
                    rec[o] = 0;
                    rec[o + 1] = row;
                    rec[o + 2] = o;
                    rec[o + 3] = o;
                }
            }
            base += count;
            leafBase += t.leafCount();
        }
    }

    /**
     * Predicts rows {@code x[offset + i*stride + f]} (i < n, f < F) into {@code out[outOffset + i*K + k]}, using up to
     * {@code threads} workers.
     */
    void predict(float[] x, int offset, int n, int stride, float[] out, int outOffset, int threads,
                 ExecutorService executor) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        int workers = Math.max(1, Math.min(threads, blocks));
        AtomicInteger next = new AtomicInteger();
        Workers.run(workers, executor, id -> {
            float[] acc = new float[BLOCK * classes];
            boolean[] nan = new boolean[BLOCK];
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                int r0 = b * BLOCK;
                int m = Math.min(BLOCK, n - r0);
                predictBlock(x, offset + r0 * stride, m, stride, out, outOffset + r0 * classes, acc, nan);
            }
        });
    }

    private void predictBlock(float[] x, int xo, int m, int stride, float[] out, int oo, float[] acc,
                              boolean[] nan) {
        final int K = classes;
        Arrays.fill(acc, 0, m * K, 0f);
        for (int i = 0; i < m; i++) {
            boolean hasNan = false;
            int o = xo + i * stride;
            for (int f = 0; f < features; f++) hasNan |= x[o + f] != x[o + f];
            nan[i] = hasNan;
        }
        for (int t = 0; t < trees; t++) {
            int root = roots[t];
            int i = 0;
            for (; i + LANES <= m; i += LANES) walk8(x, xo + i * stride, stride, root, acc, i);
            for (; i < m; i++) {
                int node = walk1(x, xo + i * stride, root);
                addLeaf(acc, i, rec[node + 1]);
            }
        }
        float norm = trees;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < K; k++) out[oo + i * K + k] = nan[i] ? 0f : acc[i * K + k] / norm;
        }
    }

    private int walk1(float[] x, int b, int node) {
        final int[] r = rec;
        while (true) {
            int next = r[node + 2 + (x[b + r[node]] < Float.intBitsToFloat(r[node + 1]) ? 0 : 1)];
            if (next == node) return node;
            node = next;
        }
    }

    private void walk8(float[] x, int b, int s, int root, float[] acc, int row) {
        final int[] r = rec;
        int b0 = b, b1 = b + s, b2 = b1 + s, b3 = b2 + s, b4 = b3 + s, b5 = b4 + s, b6 = b5 + s, b7 = b6 + s;
        int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
        while (true) {
            int m0 = r[n0 + 2 + (x[b0 + r[n0]] < Float.intBitsToFloat(r[n0 + 1]) ? 0 : 1)];
            int m1 = r[n1 + 2 + (x[b1 + r[n1]] < Float.intBitsToFloat(r[n1 + 1]) ? 0 : 1)];
            int m2 = r[n2 + 2 + (x[b2 + r[n2]] < Float.intBitsToFloat(r[n2 + 1]) ? 0 : 1)];
            int m3 = r[n3 + 2 + (x[b3 + r[n3]] < Float.intBitsToFloat(r[n3 + 1]) ? 0 : 1)];
            int m4 = r[n4 + 2 + (x[b4 + r[n4]] < Float.intBitsToFloat(r[n4 + 1]) ? 0 : 1)];
            int m5 = r[n5 + 2 + (x[b5 + r[n5]] < Float.intBitsToFloat(r[n5 + 1]) ? 0 : 1)];
            int m6 = r[n6 + 2 + (x[b6 + r[n6]] < Float.intBitsToFloat(r[n6 + 1]) ? 0 : 1)];
            int m7 = r[n7 + 2 + (x[b7 + r[n7]] < Float.intBitsToFloat(r[n7 + 1]) ? 0 : 1)];
            int changed = (m0 ^ n0) | (m1 ^ n1) | (m2 ^ n2) | (m3 ^ n3) | (m4 ^ n4) | (m5 ^ n5) | (m6 ^ n6)
                    | (m7 ^ n7);
            n0 = m0; n1 = m1; n2 = m2; n3 = m3; n4 = m4; n5 = m5; n6 = m6; n7 = m7;
            if (changed == 0) break;
        }
        addLeaf(acc, row, r[n0 + 1]);
        addLeaf(acc, row + 1, r[n1 + 1]);
        addLeaf(acc, row + 2, r[n2 + 1]);
        addLeaf(acc, row + 3, r[n3 + 1]);
        addLeaf(acc, row + 4, r[n4 + 1]);
        addLeaf(acc, row + 5, r[n5 + 1]);
        addLeaf(acc, row + 6, r[n6 + 1]);
        addLeaf(acc, row + 7, r[n7 + 1]);
    }

    private void addLeaf(float[] acc, int row, int leafRow) {
        final int K = classes;
        for (int k = 0; k < K; k++) acc[row * K + k] += leafProb[leafRow * K + k];
    }
}
