package org.sylva.forest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The prediction engine of a forest: all trees flattened into one int array; rows are processed in blocks, each
 * block through every tree, eight rows walking a tree in lockstep.
 *
 * <p>Node record (4 ints, breadth-first per tree so the hot top levels share cache lines), offsets in bytes from the
 * start of the record array (16·record index):
 * {@code [4·feature, float bits of threshold, offset of left record, offset of right record]}. A leaf points to
 * itself on both sides ({@code [0, leaf row, self, self]}), so a row that reached its leaf stays
 * there while the others walk on: no branch per row. Eight independent walks interleave and hide each other's load
 * latency; both children are loaded with the record and selected arithmetically (a compare-dependent load or a
 * branch would lengthen each step). Children lie after their parent, so the sum of the eight offsets stops growing
 * exactly when all eight rows are at leaves.
 *
 * <p>The reached leaves are recorded per (tree, row) and summed afterwards per row in tree order (float, as vigra),
 * then divided by the number of trees; rows containing NaN get all-zero probabilities (vigra).
 *
 * <p>This scalar walk is the reference and the fallback of the vector engine ({@link PacketForest}): it runs where
 * the {@code jdk.incubator.vector} module is missing, for forests the vector engine cannot take, and with
 * {@code -Dsylva.forest.engine=walk}. Its array accesses are ordinary bounds-checked ones (an earlier
 * {@code sun.misc.Unsafe} copy of it saved 25% but is not worth a second walk now that it is not the main path).
 */
final class CompiledForest implements ForestEngine {

    private static final int LANES = 8;
    private static final int BLOCK = 256;   // rows per block; the block's leaf table (trees × rows ints) stays in L2


    private final int features, classes, trees;
    private final int[] rec;        // node records, 4 ints each, offsets in bytes
    private final int[] roots;      // byte offset of each tree's root record (from the array object's start)
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
        if (total * 16 > Integer.MAX_VALUE - 64 || totalLeaves * classes > Integer.MAX_VALUE - 8
                || (long) features * 4 > Integer.MAX_VALUE) {
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
            roots[ti] = base * 16;
            while (head < tail) {
                int slot = base + head;
                int ref = queue[head++];
                int o = slot * 4;
                if (ref >= 0) {
                    rec[o] = t.feature(ref) * 4;
                    rec[o + 1] = Float.floatToRawIntBits(t.threshold(ref));
                    rec[o + 2] = (base + tail) * 16;
                    queue[tail++] = t.left(ref);
                    rec[o + 3] = (base + tail) * 16;
                    queue[tail++] = t.right(ref);
                } else {
                    int leaf = ~ref;
                    int row = leafBase + leaf;
                    for (int k = 0; k < classes; k++) leafProb[row * classes + k] = t.probability(leaf, k);
                    rec[o] = 0;
                    rec[o + 1] = row;
                    rec[o + 2] = slot * 16;
                    rec[o + 3] = slot * 16;
                }
            }
            base += count;
            leafBase += t.leafCount();
        }
    }

    /**
     * Predicts rows {@code x[offset + i*stride + f]} (i &lt; n, f &lt; F) into {@code out[outOffset + i*K + k]}, using up to
     * {@code threads} workers. The caller has checked all bounds. The walk takes rows one by one: width is unused.
     */
    @Override
    public void predictRows(float[] x, int offset, int n, int stride, int width, float[] out, int outOffset,
                            int threads, ExecutorService executor) {
        int rows = Math.min(n, BLOCK);
        forEachBlock(n, threads, executor, 0, (r0, m, leaves, acc, block) ->
                predictBlock(x, offset + (long) r0 * stride, m, stride, out, outOffset + r0 * classes, leaves, rows,
                        acc));
    }

    /**
     * Channel-major rows {@code channels[f][offsets[f] + i]}: each block is first copied into row-major scratch
     * (this walk reads a row's features together), then predicted as rows.
     */
    @Override
    public void predictChannels(float[][] channels, int[] offsets, int n, int width, float[] out, int outOffset,
                                int threads, ExecutorService executor) {
        int rows = Math.min(n, BLOCK);
        forEachBlock(n, threads, executor, rows * features, (r0, m, leaves, acc, block) -> {
            for (int f = 0; f < features; f++) {
                float[] x = channels[f];
                int src = offsets[f] + r0;
                for (int i = 0; i < m; i++) block[i * features + f] = x[src + i];
            }
            predictBlock(block, 0, m, features, out, outOffset + r0 * classes, leaves, rows, acc);
        });
    }

    /** One block of rows r0 .. r0+m with a worker's scratch: leaves, class sums, and a float block (its length
     *  is {@link #forEachBlock}'s {@code scratch}). */
    private interface BlockWork {
        void run(int r0, int m, int[] leaves, float[] acc, float[] block);
    }

    /** Runs {@code work} for every block of {@code BLOCK} of the n rows, handed to up to {@code threads} workers. */
    private void forEachBlock(int n, int threads, ExecutorService executor, int scratch, BlockWork work) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        int workers = Math.max(1, Math.min(threads, blocks));
        AtomicInteger next = new AtomicInteger();
        int rows = Math.min(n, BLOCK);
        ParallelRun.run(workers, executor, id -> {
            int[] leaves = new int[trees * rows];
            float[] acc = new float[classes];
            float[] block = new float[scratch];
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                int r0 = b * BLOCK;
                work.run(r0, Math.min(BLOCK, n - r0), leaves, acc, block);
            }
        });
    }

    /** Rows xo.. (m ≤ rows); {@code leaves[t*rows + i]} receives the record offset of row i's leaf in tree t. */
    private void predictBlock(float[] x, long xo, int m, int stride, float[] out, int oo, int[] leaves, int rows,
                              float[] acc) {
        for (int t = 0; t < trees; t++) {
            int root = roots[t];
            int base = t * rows;
            int i = 0;
            for (; i + LANES <= m; i += LANES) walk8(x, (int) (xo + (long) i * stride), stride, root, leaves, base + i);
            for (; i < m; i++) leaves[base + i] = walk1(x, (int) (xo + (long) i * stride), root);
        }
        final int K = classes;
        final float norm = trees;
        // rows with NaN are rare: one pass over the whole block when its rows are contiguous
        boolean blockHasNaN = stride != features || anyNaN(x, (int) xo, (int) xo + m * features);
        for (int i = 0; i < m; i++) {
            Arrays.fill(acc, 0f);
            for (int t = 0; t < trees; t++) {
                int lr = rec[(leaves[t * rows + i] >> 2) + 1] * K;
                for (int k = 0; k < K; k++) acc[k] += leafProb[lr + k];
            }
            int o = (int) (xo + (long) i * stride);
            boolean nan = blockHasNaN && anyNaN(x, o, o + features);
            for (int k = 0; k < K; k++) out[oo + i * K + k] = nan ? 0f : acc[k] / norm;
        }
    }

    /** Whether x[from..to) contains a NaN; branch-free on the raw bits, so the JIT can vectorise it. */
    private static boolean anyNaN(float[] x, int from, int to) {
        int any = 0;
        for (int i = from; i < to; i++) any |= 0x7F800000 - (Float.floatToRawIntBits(x[i]) & 0x7FFFFFFF);
        return any < 0;   // negative iff some |bits| > 0x7F800000, i.e. a NaN
    }

    // ---- the walk: eight rows in lockstep, records addressed by byte offset (16 per record)

    private static int step(int[] r, float[] x, int row, int node) {
        int o = node >> 2;
        float t = Float.intBitsToFloat(r[o + 1]);
        int left = r[o + 2], right = r[o + 3];
        int lt = x[row + (r[o] >> 2)] < t ? -1 : 0;
        return right ^ ((left ^ right) & lt);
    }

    private void walk8(float[] x, int b, int s, int root, int[] leaves, int at) {
        final int[] r = rec;
        int n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
        long sum = 8L * root;   // long: eight offsets of up to 2^31 must not wrap
        while (true) {
            n0 = step(r, x, b, n0);
            n1 = step(r, x, b + s, n1);
            n2 = step(r, x, b + 2 * s, n2);
            n3 = step(r, x, b + 3 * s, n3);
            n4 = step(r, x, b + 4 * s, n4);
            n5 = step(r, x, b + 5 * s, n5);
            n6 = step(r, x, b + 6 * s, n6);
            n7 = step(r, x, b + 7 * s, n7);
            long next = (long) n0 + n1 + n2 + n3 + n4 + n5 + n6 + n7;
            if (next == sum) break;
            sum = next;
        }
        leaves[at] = n0;
        leaves[at + 1] = n1;
        leaves[at + 2] = n2;
        leaves[at + 3] = n3;
        leaves[at + 4] = n4;
        leaves[at + 5] = n5;
        leaves[at + 6] = n6;
        leaves[at + 7] = n7;
    }

    private int walk1(float[] x, int row, int node) {
        while (true) {
            int next = step(rec, x, row, node);
            if (next == node) return node;
            node = next;
        }
    }
}
