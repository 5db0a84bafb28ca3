package org.sylva.forest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import sun.misc.Unsafe;

/**
 * The Vector API prediction engine: packets of {@link #LANES} neighbouring pixels (16 with AVX-512) go through a tree
 * together, testing one split for the whole packet with one vector compare, and split up only where their pixels
 * take different branches.
 *
 * <h2>Guess and verify along heavy paths</h2>
 * Each tree is laid out depth-first with the <em>heavy</em> child (the one that held more training samples) right
 * after its parent, so from any node the path that always takes the heavy branch — the likely path of a pixel, a guess
 * of its leaf — is a run of consecutive records. A work item is (record r, packet, set of live lanes): it verifies the
 * next {@link #W} = 2 conditions of the heavy path from r for all lanes at once. Lanes that keep to the heavy path
 * through the window continue at r + 2, or reach the leaf ending the path and add its class probabilities; lanes that
 * leave the path at condition d form a new item at the light child of record r + d. Neighbouring pixels mostly take the
 * same branches, so a 16-pixel packet visits about 1.5 nodes per pixel instead of the 7.8 of one pixel walking alone.
 * Items wait in a FIFO per tree and block; the item loop has no data-dependent branch (appends advance the tail
 * arithmetically), so the CPU overlaps consecutive items instead of stalling on mispredicted branches. A fixed window
 * is used because a variable-length path loop, or grouping lanes by where they left the path, costs a mispredicted
 * branch per item (measured slower; see docs/performance.md).
 *
 * <h2>Conditions without masks</h2>
 * JDK 17's Vector API has no cheap mask-to-bits ({@code VectorMask.toLong} is not intrinsified) and boxes masks that
 * live across loop iterations, so the kernel computes with int vectors only. Features are copied per block of
 * {@link #BLOCK} pixels into channel-major scratch holding each feature {@code x} and its negation {@code -x}, plus a
 * row of zeros. A record keeps the condition "lane stays on the heavy path" as {@code x' + n < 0} (sign bit of the
 * float sum): {@code x' = x, n = -t} when the heavy child is the left one ({@code x < t}); {@code x' = -x, n =
 * -nextUp(-t)} when it is the right one ({@code x >= t ⇔ -x < nextUp(-t)}). For a finite {@code t'} and a non-NaN
 * {@code x}, the sign of the rounded sum {@code x' - t'} equals {@code x' < t'} (an exact zero is {@code +0}, so
 * {@code t' = ±0} is stored as {@code -0}); thresholds where {@code t'} would be infinite choose the other
 * orientation, and thresholds that send every value right ({@code -∞}, NaN) become "always heavy" conditions on the
 * zero row. A NaN feature makes its lane wander to an arbitrary but single leaf: rows with a NaN get zero probability
 * anyway (vigra), and every lane still reaches exactly one leaf per tree.
 *
 * <h2>Identical sums</h2>
 * Trees are processed in order per block, each lane of a packet reaches exactly one leaf per tree, and the leaf's
 * probability is added to the lane's float accumulator with an ordinary vector add; lanes that did not reach this leaf
 * add {@code +0.0} (the probability masked with integer AND), which leaves any accumulator other than {@code -0.0}
 * unchanged — and an accumulator starting at {@code +0.0} never becomes {@code -0.0}. So every row's sum is the same
 * float additions in the same order as the scalar walk ({@link CompiledForest}), and so is the final division.
 *
 * <h2>Records</h2>
 * Four ints per record: scratch offset of the condition's row ({@code x} or {@code -x} of a feature, or the zero row),
 * float bits of {@code n}, the light child's record (a leaf: its row in the probability table × K), and the record of
 * the leaf that ends this record's heavy path (a leaf: itself). Each leaf is followed by one neutral record (zero row,
 * {@code n = -1}: always kept), so a window that starts at a leaf or its parent never reads another subtree's
 * condition. Scalar accesses to records and the FIFO use {@code sun.misc.Unsafe} (bounds checks cost about 10% here);
 * every index is in range by construction: records come from validated trees, window reads stop at the padding, and
 * the FIFO index is masked.
 */
final class PacketForest implements ForestEngine {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;
    /** Pixels per packet: the float lanes of the preferred vector shape. */
    static final int LANES = S.length();
    /** Pixels per block: the FIFO of one tree holds up to BLOCK/LANES packets' items, enough to overlap them. */
    static final int BLOCK = 512;
    /** Conditions verified per work item. */
    static final int W = 2;

    private static final Unsafe U = CompiledForest.unsafe();
    private static final long INT_BASE = U == null ? 0 : Unsafe.ARRAY_INT_BASE_OFFSET;
    private static final long LONG_BASE = U == null ? 0 : Unsafe.ARRAY_LONG_BASE_OFFSET;
    private static final int KEEP = Float.floatToRawIntBits(-1f);   // n of a neutral record: 0 + (-1) < 0

    /** Per lane: 31 − lane, to move bit {@code lane} of a live-lane set into the sign bit. */
    private static final int[] TO_SIGN = new int[LANES];
    /** Per lane: bit {@code lane} (lanes leaving at the second condition) and bit {@code LANES + lane} (first). */
    private static final int[] BIT_SECOND = new int[LANES], BIT_FIRST = new int[LANES];

    static {
        for (int i = 0; i < LANES; i++) {
            TO_SIGN[i] = 31 - i;
            BIT_SECOND[i] = 1 << i;
            BIT_FIRST[i] = 1 << (LANES + i);
        }
    }

    private final int features, classes, trees;
    private final int zeroRow;       // scratch offset of the zero row
    private final int[] rec;         // 4 ints per record (see the class comment)
    private final int[] roots;       // first record of each tree
    private final float[] leafProb;  // leaf rows of K probabilities

    private PacketForest(int features, int classes, int trees, int[] rec, int[] roots, float[] leafProb) {
        this.features = features;
        this.classes = classes;
        this.trees = trees;
        this.zeroRow = 2 * features * BLOCK;
        this.rec = rec;
        this.roots = roots;
        this.leafProb = leafProb;
    }

    /**
     * Compiles a forest, or returns null when this engine cannot run it here: no {@code Unsafe}, a vector shape
     * other than 4 to 16 float lanes, or a forest too large for int record offsets.
     */
    static PacketForest compile(int features, int classes, List<DecisionTree> treeList) {
        if (U == null || LANES < 4 || LANES > 16 || SI.length() != LANES) return null;
        long total = W, totalLeaves = 0;
        for (DecisionTree t : treeList) {
            total += t.nodeCount() + (long) t.leafCount() * W;
            totalLeaves += t.leafCount();
        }
        if (total * 4 > Integer.MAX_VALUE - 16 || totalLeaves * classes > Integer.MAX_VALUE - 16
                || (2L * features + 1) * BLOCK > Integer.MAX_VALUE - 16) {
            return null;
        }
        int zeroRow = 2 * features * BLOCK;
        int[] rec = new int[(int) total * 4];
        int[] roots = new int[treeList.size()];
        float[] leafProb = new float[(int) totalLeaves * classes];
        int next = 0, leafBase = 0;
        for (int ti = 0; ti < treeList.size(); ti++) {
            DecisionTree t = treeList.get(ti);
            roots[ti] = next;
            next = layout(t, features, classes, zeroRow, rec, next, leafProb, leafBase);
            leafBase += t.leafCount();
        }
        for (int r = next; r < total; r++) neutral(rec, r, zeroRow, 0);
        return new PacketForest(features, classes, treeList.size(), rec, roots, leafProb);
    }

    /** Lays out one tree heavy-first from record {@code base}; returns the next free record. */
    private static int layout(DecisionTree t, int features, int classes, int zeroRow, int[] rec, int base,
                              float[] leafProb, int leafBase) {
        long[] weight = subtreeSamples(t);
        int n = t.nodeCount() + 1;
        int[] pendingRef = new int[n], pendingParent = new int[n];   // light children still to lay out
        int sp = 0;
        pendingRef[sp] = t.root();
        pendingParent[sp++] = -1;
        int next = base;
        while (sp > 0) {
            int ref = pendingRef[--sp], parent = pendingParent[sp];
            if (parent >= 0) rec[4 * parent + 2] = next;
            int chainStart = next;
            // one heavy path: records chainStart .. leaf are consecutive
            while (ref >= 0) {
                int r = next++;
                int left = t.left(ref), right = t.right(ref), f = t.feature(ref);
                float th = t.threshold(ref);
                boolean heavyLeft = weight(t, weight, left) >= weight(t, weight, right);
                if (Float.isNaN(th) || th == Float.NEGATIVE_INFINITY) {
                    // x < th never holds: every row goes right, so the right child is the heavy path, always kept
                    rec[4 * r] = zeroRow;
                    rec[4 * r + 1] = KEEP;
                    pendingRef[sp] = left;
                    pendingParent[sp++] = r;
                    ref = right;
                    continue;
                }
                if (th == Float.POSITIVE_INFINITY) heavyLeft = false;     // t' = -∞ + ... would be infinite on the left
                else if (th == -Float.MAX_VALUE) heavyLeft = true;        // nextUp(-t) would be +∞ on the right
                float tp = heavyLeft ? th : Math.nextUp(-th);
                if (tp == 0f) tp = -0f;                                   // x' + (+0) never yields -0
                rec[4 * r] = (heavyLeft ? f : features + f) * BLOCK;
                rec[4 * r + 1] = Float.floatToRawIntBits(-tp);
                pendingRef[sp] = heavyLeft ? right : left;
                pendingParent[sp++] = r;
                ref = heavyLeft ? left : right;
            }
            int leaf = ~ref, leafRec = next++;
            for (int k = 0; k < classes; k++) leafProb[(leafBase + leaf) * classes + k] = t.probability(leaf, k);
            neutral(rec, leafRec, zeroRow, (leafBase + leaf) * classes);
            for (int c = chainStart; c <= leafRec; c++) rec[4 * c + 3] = leafRec;
            for (int p = 1; p < W; p++) neutral(rec, next++, zeroRow, 0);
        }
        return next;
    }

    private static void neutral(int[] rec, int r, int zeroRow, int value) {
        rec[4 * r] = zeroRow;
        rec[4 * r + 1] = KEEP;
        rec[4 * r + 2] = value;
        rec[4 * r + 3] = r;
    }

    /** Training samples below each internal node (the sum of its leaves' sample counts). */
    private static long[] subtreeSamples(DecisionTree t) {
        int n = t.nodeCount();
        long[] w = new long[n];
        if (n == 0) return w;
        int[] order = new int[n], stack = new int[n];
        int count = 0, sp = 0;
        stack[sp++] = t.root();
        while (sp > 0) {
            int r = stack[--sp];
            order[count++] = r;
            if (t.left(r) >= 0) stack[sp++] = t.left(r);
            if (t.right(r) >= 0) stack[sp++] = t.right(r);
        }
        for (int i = count - 1; i >= 0; i--) {   // children before parents
            int r = order[i];
            w[r] = weight(t, w, t.left(r)) + weight(t, w, t.right(r));
        }
        return w;
    }

    private static long weight(DecisionTree t, long[] w, int ref) {
        return ref < 0 ? t.samples(~ref) : w[ref];
    }

    /** One worker's buffers. */
    private final class Scratch {
        final float[] x = new float[(2 * features + 1) * BLOCK];   // x rows, -x rows, zero row
        final float[] acc = new float[classes * BLOCK];            // class-major sums
        final boolean[] nan = new boolean[BLOCK];
        final long[] queue = new long[2 * BLOCK];                  // > BLOCK live items + appends in flight
    }

    @Override
    public void predictRows(float[] x, int offset, int n, int stride, float[] out, int outOffset, int threads,
                            ExecutorService executor) {
        run(n, threads, executor, (s, r0, m) -> {
            // transpose the block's rows into channel-major scratch
            float[] xs = s.x;
            for (int i = 0; i < m; i++) {
                int row = offset + (r0 + i) * stride;
                boolean nan = false;
                for (int f = 0; f < features; f++) {
                    float v = x[row + f];
                    xs[f * BLOCK + i] = v;
                    nan |= v != v;
                }
                s.nan[i] = nan;
            }
            predictBlock(s, m, out, outOffset + r0 * classes);
        });
    }

    @Override
    public void predictChannels(float[] x, int offset, int n, int channelStride, float[] out, int outOffset,
                                int threads, ExecutorService executor) {
        run(n, threads, executor, (s, r0, m) -> {
            float[] xs = s.x;
            boolean[] nan = s.nan;
            Arrays.fill(nan, 0, m, false);
            for (int f = 0; f < features; f++) {
                int src = offset + f * channelStride + r0, dst = f * BLOCK;
                System.arraycopy(x, src, xs, dst, m);
                for (int i = 0; i < m; i++) nan[i] |= xs[dst + i] != xs[dst + i];
            }
            predictBlock(s, m, out, outOffset + r0 * classes);
        });
    }

    private interface BlockLoader {
        void load(Scratch s, int r0, int m);
    }

    private void run(int n, int threads, ExecutorService executor, BlockLoader loader) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        int workers = Math.max(1, Math.min(threads, blocks));
        AtomicInteger next = new AtomicInteger();
        Workers.run(workers, executor, id -> {
            Scratch s = new Scratch();
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                int r0 = b * BLOCK;
                loader.load(s, r0, Math.min(BLOCK, n - r0));
            }
        });
    }

    /** Predicts the m loaded pixels of the scratch into {@code out[oo + i*K + k]}. */
    private void predictBlock(Scratch s, int m, float[] out, int oo) {
        float[] xs = s.x;
        int packets = (m + LANES - 1) / LANES;
        // the -x rows (the whole rows: lanes past m are never live)
        for (int f = 0; f < features; f++) {
            int src = f * BLOCK, dst = (features + f) * BLOCK;
            for (int i = 0; i < packets * LANES; i += LANES) FloatVector.fromArray(S, xs, src + i).neg().intoArray(xs, dst + i);
        }
        float[] acc = s.acc;
        Arrays.fill(acc, 0f);
        long[] q = s.queue;
        for (int t = 0; t < trees; t++) {
            long root = (long) roots[t] << 32;
            for (int p = 0; p < packets; p++) {
                int p0 = p * LANES;
                int live = p0 + LANES <= m ? (1 << LANES) - 1 : (1 << (m - p0)) - 1;
                q[p] = root | (long) p0 << 16 | live;
            }
            verify(xs, acc, q, packets);
        }
        final int K = classes;
        final float norm = trees;
        boolean[] nan = s.nan;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < K; k++) out[oo + i * K + k] = nan[i] ? 0f : acc[k * BLOCK + i] / norm;
        }
    }

    /**
     * Runs one tree's FIFO of items {@code (record << 32) | (first pixel << 16) | live lanes} until it is empty.
     * Appends write the next slot unconditionally and advance the tail only for a non-empty item: at most one item
     * per live lane is queued, so BLOCK + 3 slots never wrap onto a live item.
     */
    private void verify(float[] xs, float[] acc, long[] q, int tail) {
        final int[] rec = this.rec;
        final float[] leafProb = this.leafProb;
        final int K = classes, qmask = q.length - 1, lanes = (1 << LANES) - 1;
        final IntVector toSign = IntVector.fromArray(SI, TO_SIGN, 0);
        final IntVector bitFirst = IntVector.fromArray(SI, BIT_FIRST, 0);
        final IntVector bitSecond = IntVector.fromArray(SI, BIT_SECOND, 0);
        for (int head = 0; head != tail; head = (head + 1) & qmask) {
            long item = U.getLong(q, LONG_BASE + 8L * head);
            int r0 = (int) (item >>> 32), p0 = (int) (item >>> 16) & 0xFFFF, live = (int) item & 0xFFFF;
            long a = INT_BASE + 16L * r0;
            int len = U.getInt(rec, a + 12) - r0;    // conditions left on the heavy path
            // sign of x' + n: -1 where the lane stays on the heavy path at records r0 and r0 + 1
            IntVector k0 = FloatVector.fromArray(S, xs, U.getInt(rec, a) + p0).add(U.getFloat(rec, a + 4))
                    .reinterpretAsInts().lanewise(VectorOperators.ASHR, 31);
            IntVector k1 = FloatVector.fromArray(S, xs, U.getInt(rec, a + 16) + p0).add(U.getFloat(rec, a + 20))
                    .reinterpretAsInts().lanewise(VectorOperators.ASHR, 31);
            // lanes leaving at the first condition (bit LANES + lane) or at the second (bit lane)
            int left = bitFirst.lanewise(VectorOperators.AND_NOT, k0)
                    .or(bitSecond.and(k0).lanewise(VectorOperators.AND_NOT, k1))
                    .reduceLanes(VectorOperators.OR) & (live << LANES | live);
            int first = left >>> LANES, second = left & lanes;
            int ended = (len - W) >> 31;           // -1 when the path's leaf lies inside this window
            // lanes that stayed on the path up to its leaf add the leaf's probabilities; all others add +0
            IntVector atLeaf = k0.and(k1).and(IntVector.broadcast(SI, live & ended)
                    .lanewise(VectorOperators.LSHL, toSign).lanewise(VectorOperators.ASHR, 31));
            int lr = U.getInt(rec, a + 16L * (len & ended) + 8) & ended;
            if (K == 2) {   // the common case without a loop (C2 would add pre- and post-loops for K iterations)
                FloatVector p = IntVector.broadcast(SI, Float.floatToRawIntBits(leafProb[lr])).and(atLeaf)
                        .reinterpretAsFloats();
                FloatVector.fromArray(S, acc, p0).add(p).intoArray(acc, p0);
                p = IntVector.broadcast(SI, Float.floatToRawIntBits(leafProb[lr + 1])).and(atLeaf).reinterpretAsFloats();
                FloatVector.fromArray(S, acc, BLOCK + p0).add(p).intoArray(acc, BLOCK + p0);
            } else {
                for (int k = 0; k < K; k++) {
                    int ai = k * BLOCK + p0;
                    FloatVector p = IntVector.broadcast(SI, Float.floatToRawIntBits(leafProb[lr + k])).and(atLeaf)
                            .reinterpretAsFloats();
                    FloatVector.fromArray(S, acc, ai).add(p).intoArray(acc, ai);
                }
            }
            long pl = (long) p0 << 16;
            U.putLong(q, LONG_BASE + 8L * tail, (long) U.getInt(rec, a + 8) << 32 | pl | first);
            tail = (tail + (first != 0 ? 1 : 0)) & qmask;
            U.putLong(q, LONG_BASE + 8L * tail, (long) U.getInt(rec, a + 24) << 32 | pl | second);
            tail = (tail + (second != 0 ? 1 : 0)) & qmask;
            int stay = live & ~(first | second) & ~ended;
            U.putLong(q, LONG_BASE + 8L * tail, (long) (r0 + W) << 32 | pl | stay);
            tail = (tail + (stay != 0 ? 1 : 0)) & qmask;
        }
    }
}
