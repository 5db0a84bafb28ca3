package org.sylva.forest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API prediction engine: pixels go through the trees in packets of {@link #LANES} neighbours (16 with
 * AVX-512: 4×4 pixels of an image, or 16 consecutive rows without one), one vector compare testing a split for the
 * whole packet, and the packets of a block of pixels go through each tree together, node by node.
 *
 * <h2>Tree-major over a block, node by node</h2>
 * A block of up to {@link #MAX_BLOCK} pixels (stripes of 4 image rows) is copied channel-major into scratch that
 * stays in L2. Each tree is then walked depth-first once for the whole block: a node holds a list of entries
 * (packet, set of live lanes: 16 bits); one pass over that list splits every entry into the lanes going left and
 * the lanes going right and appends the non-empty parts to the two children's lists; at a leaf, the lanes of each
 * entry add the leaf's class probabilities. Neighbouring pixels mostly take the same branches, so a 4×4 packet
 * visits about 18 nodes of a tree where its 16 pixels alone would visit 125 (dsb2018 features, ilastik's forest),
 * and the loop over a node's list has no data-dependent branch (appends advance their end arithmetically).
 * Measured: docs/performance.md.
 *
 * <h2>Conditions without masks</h2>
 * JDK 17's Vector API has no cheap mask-to-bits ({@code VectorMask.toLong} is not intrinsified), so the split
 * computes with int vectors: the condition {@code x < t} is the sign bit of the float sum {@code x + n} with
 * {@code n = -t} ({@code +0} for {@code t = ±0}): for a finite {@code t} and a non-NaN {@code x} the rounded sum is
 * negative (or {@code -∞}) exactly when {@code x < t}, and an exact zero is {@code +0}. The signs, ANDed with the
 * lane bits and OR-reduced, are the entry's left lanes. Thresholds that are infinite or NaN are rare (never from our
 * trainer) and take an exact scalar loop. A NaN feature sends its lane an arbitrary but single way: rows with a NaN
 * get zero probability anyway (vigra), and every lane still reaches exactly one leaf per tree.
 *
 * <h2>Identical sums</h2>
 * Trees are processed in order for each block, each live lane reaches exactly one leaf per tree, and the leaf's
 * probability is added to the lane's float accumulator with an ordinary vector add; the other lanes add {@code +0.0}
 * (the probability ANDed with the lane mask), which leaves any accumulator other than {@code -0.0} unchanged — and an
 * accumulator starting at {@code +0.0} never becomes {@code -0.0}. So every row's sum is the same float additions in
 * the same order as the scalar walk ({@link CompiledForest}), and so is the final division: results are identical
 * for any block geometry, thread count and input layout.
 *
 * <h2>Memory</h2>
 * Entry lists live in one int array used as a stack: a node's list is on top; the left part is written in place
 * (never ahead of the read position), the right part just above it, so a node at depth d needs at most
 * {@code (d + 2) × packets} ints (grown on demand for deep trees). Node records are 4 ints (feature, float bits of
 * {@code n} or of {@code t}, left, right; a child below zero is {@code ~} the leaf's row in the probability table ×
 * K), depth-first per tree.
 */
final class PacketForest implements ForestEngine {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;
    /** Pixels per packet: the float lanes of the preferred vector shape. */
    static final int LANES = S.length();
    /** Packet shape in an image: PH rows × PW columns (4×4, 2×4 or 2×2). */
    static final int PH = LANES >= 16 ? 4 : 2, PW = LANES / PH;

    /** Largest block of pixels per tree walk (entries keep the packet's first lane in 16 bits). */
    static final int MAX_BLOCK = 4096;
    /** Scratch budget per worker for the channel-major block: about half of a 1 MB L2. */
    private static final int SCRATCH_BYTES = 1 << 20;

    private static final int[] LANE_BIT = new int[LANES], TO_SIGN = new int[LANES];

    static {
        for (int i = 0; i < LANES; i++) {
            LANE_BIT[i] = 1 << i;
            TO_SIGN[i] = 31 - i;   // moves bit i into the sign bit
        }
    }

    private final int features, classes, trees;
    private final int block;         // pixels per block: a power of two, LANES·16 .. MAX_BLOCK
    private final int[] rec;         // 4 ints per split (see the class comment)
    private final int[] roots;       // record of each tree's root, or ~leaf row for a one-leaf tree
    private final float[] leafProb;  // leaf rows of K probabilities
    private final int maxDepth;

    private PacketForest(int features, int classes, int[] rec, int[] roots, float[] leafProb, int maxDepth) {
        this.features = features;
        this.classes = classes;
        this.trees = roots.length;
        this.block = blockSize(features);
        this.rec = rec;
        this.roots = roots;
        this.leafProb = leafProb;
        this.maxDepth = maxDepth;
    }

    /** The block size for F features: the largest power of two whose F channels fit the scratch budget. */
    static int blockSize(int features) {
        long fit = SCRATCH_BYTES / (4L * features);
        int b = MAX_BLOCK;
        while (b > 16 * LANES && b > fit) b >>= 1;
        return b;
    }

    /**
     * Compiles a forest, or returns null when this engine cannot run it here: a vector shape other than 4 to 16
     * float lanes, or a forest too large for int record offsets.
     */
    static PacketForest compile(int features, int classes, List<DecisionTree> treeList) {
        if (LANES < 4 || LANES > 16 || SI.length() != LANES) return null;
        long total = 0, totalLeaves = 0;
        int maxDepth = 0;
        for (DecisionTree t : treeList) {
            total += t.nodeCount();
            totalLeaves += t.leafCount();
            maxDepth = Math.max(maxDepth, t.depth());
        }
        if (total * 4 > Integer.MAX_VALUE - 16 || totalLeaves * classes > Integer.MAX_VALUE - 16
                || (long) features * blockSize(features) > Integer.MAX_VALUE - 16) {
            return null;
        }
        int[] rec = new int[(int) total * 4];
        int[] roots = new int[treeList.size()];
        float[] leafProb = new float[(int) totalLeaves * classes];
        int next = 0, leafBase = 0;
        for (int ti = 0; ti < treeList.size(); ti++) {
            DecisionTree t = treeList.get(ti);
            for (int l = 0; l < t.leafCount(); l++) {
                for (int k = 0; k < classes; k++) leafProb[(leafBase + l) * classes + k] = t.probability(l, k);
            }
            if (t.root() < 0) {
                roots[ti] = ~((leafBase + ~t.root()) * classes);
            } else {
                roots[ti] = next;
                next = layout(t, classes, rec, next, leafBase);
            }
            leafBase += t.leafCount();
        }
        return new PacketForest(features, classes, rec, roots, leafProb, maxDepth);
    }

    /** Lays out the splits of one tree depth-first (pre-order) from record {@code base}; returns the next record. */
    private static int layout(DecisionTree t, int classes, int[] rec, int base, int leafBase) {
        int n = t.nodeCount();
        int[] index = new int[n];   // record of each split
        int[] stack = new int[n + 1];
        int sp = 0, next = base;
        stack[sp++] = t.root();
        while (sp > 0) {
            int ref = stack[--sp];
            index[ref] = next++;
            if (t.right(ref) >= 0) stack[sp++] = t.right(ref);
            if (t.left(ref) >= 0) stack[sp++] = t.left(ref);
        }
        for (int ref = 0; ref < n; ref++) {
            int r = index[ref];
            float th = t.threshold(ref);
            boolean exact = Float.isNaN(th) || Float.isInfinite(th);
            rec[4 * r] = exact ? ~t.feature(ref) : t.feature(ref);
            rec[4 * r + 1] = Float.floatToRawIntBits(exact ? th : th == 0f ? 0f : -th);
            rec[4 * r + 2] = child(t.left(ref), index, leafBase, classes);
            rec[4 * r + 3] = child(t.right(ref), index, leafBase, classes);
        }
        return next;
    }

    private static int child(int ref, int[] index, int leafBase, int classes) {
        return ref >= 0 ? index[ref] : ~((leafBase + ~ref) * classes);
    }

    /** One worker's buffers. */
    private final class Scratch {
        final float[] xs = new float[features * block];   // channel-major block: feature f at f·block
        final float[] acc = new float[classes * block];   // class-major sums
        final int[] nan = new int[block];                 // non-zero: the lane's row has a NaN
        final int[] pixel = new int[block];               // row index of each lane position, or -1
        final int[] live = new int[block / LANES];        // live lanes of each packet
        int[] ent = new int[(block / LANES) * (Math.min(maxDepth, 62) + 2)];
        int[] stack = new int[3 * (Math.min(maxDepth, 62) + 2)];
    }

    /**
     * Block geometry of one call. Rows are the pixels of an image {@code width} wide; a block is {@code rows} image
     * rows × {@code cols} columns, its packets ph × pw pixels, {@code stripe} packets per ph image rows. Without an
     * image (width ≥ n, or narrower than a packet) the rows are one line: packets of LANES consecutive rows.
     */
    private record Geometry(int n, int width, long imageRows, int ph, int pw, int pwShift, int cols, int rows,
                            int stripe, int chunks, int blocks) {
        static Geometry of(int n, int width, int block) {
            int ph = width >= PW && width < n ? PH : 1;
            if (ph == 1) width = n;
            int pw = LANES / ph;
            int cols = (int) Math.min((width + (long) pw - 1) / pw * pw, block / ph);
            long imageRows = (n + (long) width - 1) / width;
            int rows = (int) Math.min(ph * Math.max(1, block / (ph * cols)), (imageRows + ph - 1) / ph * ph);
            int chunks = (int) ((width + (long) cols - 1) / cols);
            long blocks = (imageRows + rows - 1) / rows * chunks;
            return new Geometry(n, width, imageRows, ph, pw, Integer.numberOfTrailingZeros(pw), cols, rows, cols / pw,
                    chunks, (int) blocks);
        }

        /** Position in the block of its row yy, column j. */
        int lane(int yy, int j) {
            return ((yy / ph) * stripe + (j >> pwShift)) * LANES + (yy % ph) * pw + (j & (pw - 1));
        }
    }

    @Override
    public void predictRows(float[] x, int offset, int n, int stride, int width, float[] out, int outOffset,
                            int threads, ExecutorService executor) {
        run(Geometry.of(n, width, block), threads, executor, (s, g, yy, i0, count) -> {
            // a packet row at a time: its rows stay in L1 while every feature is copied out
            float[] xs = s.xs;
            for (int j0 = 0; j0 < count; j0 += g.pw) {
                int q0 = g.lane(yy, j0), m = Math.min(g.pw, count - j0);
                for (int f = 0; f < features; f++) {
                    int src = offset + (int) (i0 + j0) * stride + f, dst = f * block + q0;
                    for (int j = 0; j < m; j++) xs[dst + j] = x[src + j * stride];
                }
            }
        }, out, outOffset);
    }

    @Override
    public void predictChannels(float[][] channels, int[] offsets, int n, int width, float[] out, int outOffset,
                                int threads, ExecutorService executor) {
        run(Geometry.of(n, width, block), threads, executor, (s, g, yy, i0, count) -> {
            float[] xs = s.xs;
            int q0 = g.lane(yy, 0), full = count - count % PW;
            for (int f = 0; f < features; f++) {
                float[] x = channels[f];
                int src = offsets[f] + (int) i0, dst = f * block + q0;
                if (g.ph == 1) {
                    System.arraycopy(x, src, xs, dst, count);
                } else {
                    // the row's PW-pixel pieces go LANES apart
                    int j = 0, q = dst;
                    for (; j < full; j += PW, q += LANES) {
                        for (int k = 0; k < PW; k++) xs[q + k] = x[src + j + k];
                    }
                    for (; j < count; j++) xs[q + j - full] = x[src + j];
                }
            }
        }, out, outOffset);
    }

    private interface BlockLoader {
        /** Copies every feature of rows i0 .. i0+count-1 (row yy of the block, from its first column) to s.xs. */
        void load(Scratch s, Geometry g, int yy, long i0, int count);
    }

    private void run(Geometry g, int threads, ExecutorService executor, BlockLoader loader, float[] out,
                     int outOffset) {
        int workers = Math.max(1, Math.min(threads, g.blocks));
        AtomicInteger next = new AtomicInteger();
        ParallelRun.run(workers, executor, id -> {
            Scratch s = new Scratch();
            for (int b; (b = next.getAndIncrement()) < g.blocks; ) {
                long y0 = (long) (b / g.chunks) * g.rows;
                int c0 = (b % g.chunks) * g.cols;
                int cols = Math.min(g.cols, g.width - c0);
                int packets = g.stripe * (int) ((Math.min(g.rows, g.imageRows - y0) + g.ph - 1) / g.ph);
                Arrays.fill(s.pixel, 0, packets * LANES, -1);
                Arrays.fill(s.live, 0, packets, 0);
                Arrays.fill(s.nan, 0, packets * LANES, 0);
                for (int yy = 0; yy < g.rows; yy++) {
                    long i0 = (y0 + yy) * g.width + c0;
                    int count = (int) Math.min(cols, g.n - i0);
                    if (count <= 0) break;
                    for (int j = 0; j < count; j++) {
                        int q = g.lane(yy, j);
                        s.pixel[q] = (int) (i0 + j);
                        s.live[q / LANES] |= 1 << (q % LANES);
                    }
                    loader.load(s, g, yy, i0, count);
                }
                nanLanes(s, packets);
                predictBlock(s, packets);
                final int K = classes;
                final float norm = trees;
                float[] acc = s.acc;
                for (int q = 0; q < packets * LANES; q++) {
                    int i = s.pixel[q];
                    if (i < 0) continue;
                    int o = outOffset + i * K;
                    for (int k = 0; k < K; k++) out[o + k] = s.nan[q] != 0 ? 0f : acc[k * block + q] / norm;
                }
            }
        });
    }

    /** Marks the lane positions whose features include a NaN (any bits above those of infinity). */
    private void nanLanes(Scratch s, int packets) {
        final IntVector magnitude = IntVector.broadcast(SI, 0x7FFFFFFF), inf = IntVector.broadcast(SI, 0x7F800000);
        for (int p = 0; p < packets * LANES; p += LANES) {
            IntVector any = IntVector.zero(SI);
            for (int f = 0; f < features; f++) {
                // inf − |bits| is negative exactly for NaN
                any = any.or(inf.sub(FloatVector.fromArray(S, s.xs, f * block + p).reinterpretAsInts().and(magnitude)));
            }
            any.lanewise(VectorOperators.ASHR, 31).intoArray(s.nan, p);
        }
    }

    /** Sums the leaf probabilities of every tree for the loaded packets into {@code s.acc}. */
    private void predictBlock(Scratch s, int packets) {
        final int K = classes, B = block;
        float[] acc = s.acc, xs = s.xs;
        for (int k = 0; k < K; k++) Arrays.fill(acc, k * B, k * B + packets * LANES, 0f);
        final IntVector toSign = IntVector.fromArray(SI, TO_SIGN, 0);
        final int[] rec = this.rec;
        for (int t = 0; t < trees; t++) {
            int[] ent = s.ent;
            for (int p = 0; p < packets; p++) ent[p] = (p * LANES) << 16 | s.live[p];
            int root = roots[t];
            if (root < 0) {
                leaf(ent, 0, packets, ~root, acc, toSign);
                continue;
            }
            int[] st = s.stack;
            st[0] = root;
            st[1] = 0;
            st[2] = packets;
            int sp = 3;
            while (sp > 0) {
                sp -= 3;
                int node = st[sp], start = st[sp + 1], count = st[sp + 2];
                if (start + 2 * count > ent.length) ent = s.ent = Arrays.copyOf(ent, 2 * (start + 2 * count));
                if (sp + 6 > st.length) st = s.stack = Arrays.copyOf(st, 2 * st.length);
                int f = rec[4 * node];
                float n = Float.intBitsToFloat(rec[4 * node + 1]);
                long lr = f >= 0 ? split(ent, xs, f * B, n, start, count) : splitExact(ent, xs, ~f * B, n, start, count);
                int nl = (int) (lr >>> 32) - start, right = start + count, nr = (int) lr - right;
                int left = rec[4 * node + 2], rightChild = rec[4 * node + 3];
                if (nl > 0) {
                    if (left < 0) leaf(ent, start, nl, ~left, acc, toSign);
                    else {
                        st[sp++] = left;
                        st[sp++] = start;
                        st[sp++] = nl;
                    }
                }
                if (nr > 0) {   // pushed last: its list is on top of the entry stack
                    if (rightChild < 0) leaf(ent, right, nr, ~rightChild, acc, toSign);
                    else {
                        st[sp++] = rightChild;
                        st[sp++] = right;
                        st[sp++] = nr;
                    }
                }
            }
        }
    }

    /**
     * Splits entries {@code ent[s .. s+c)} on "feature row {@code row} + n &lt; 0": left parts go to {@code ent[s ..
     * l)} (in place, never ahead of the read position), right parts to {@code ent[s+c .. r)}; returns
     * {@code l << 32 | r}. Entries are {@code (first lane position << 16) | live lanes}.
     */
    private static long split(int[] ent, float[] xs, int row, float n, int s, int c) {
        final IntVector bits = IntVector.fromArray(SI, LANE_BIT, 0);
        int l = s, r = s + c;
        for (int i = s, end = s + c; i < end; i++) {
            int e = ent[i];
            int lt = FloatVector.fromArray(S, xs, row + (e >>> 16)).add(n).reinterpretAsInts()
                    .lanewise(VectorOperators.ASHR, 31).and(bits).reduceLanes(VectorOperators.OR);
            int hi = e & 0xFFFF0000, lb = e & lt, rb = e & ~lt & 0xFFFF;
            ent[l] = hi | lb;
            l += (lb | -lb) >>> 31;   // + 1 when some lane goes left
            ent[r] = hi | rb;
            r += (rb | -rb) >>> 31;
        }
        return (long) l << 32 | r;
    }

    /** {@link #split} for a threshold t that is infinite or NaN, with Java's {@code x < t} per lane. */
    private static long splitExact(int[] ent, float[] xs, int row, float t, int s, int c) {
        int l = s, r = s + c;
        for (int i = s, end = s + c; i < end; i++) {
            int e = ent[i], p0 = e >>> 16, lt = 0;
            for (int j = 0; j < LANES; j++) if (xs[row + p0 + j] < t) lt |= 1 << j;
            int hi = e & 0xFFFF0000, lb = e & lt, rb = e & ~lt & 0xFFFF;
            ent[l] = hi | lb;
            l += (lb | -lb) >>> 31;
            ent[r] = hi | rb;
            r += (rb | -rb) >>> 31;
        }
        return (long) l << 32 | r;
    }

    /** Adds leaf row {@code lr}'s probabilities to the live lanes of entries {@code ent[s .. s+c)}. */
    private void leaf(int[] ent, int s, int c, int lr, float[] acc, IntVector toSign) {
        final int K = classes, B = block;
        final float[] prob = leafProb;
        for (int i = s, end = s + c; i < end; i++) {
            int e = ent[i], p0 = e >>> 16;
            // -1 in the live lanes, 0 elsewhere: the probability ANDed with it is itself or +0
            IntVector lanes = IntVector.broadcast(SI, e).lanewise(VectorOperators.LSHL, toSign)
                    .lanewise(VectorOperators.ASHR, 31);
            if (K == 2) {   // the common case without a loop
                FloatVector p = IntVector.broadcast(SI, Float.floatToRawIntBits(prob[lr])).and(lanes)
                        .reinterpretAsFloats();
                FloatVector.fromArray(S, acc, p0).add(p).intoArray(acc, p0);
                p = IntVector.broadcast(SI, Float.floatToRawIntBits(prob[lr + 1])).and(lanes).reinterpretAsFloats();
                FloatVector.fromArray(S, acc, B + p0).add(p).intoArray(acc, B + p0);
            } else {
                for (int k = 0; k < K; k++) {
                    FloatVector p = IntVector.broadcast(SI, Float.floatToRawIntBits(prob[lr + k])).and(lanes)
                            .reinterpretAsFloats();
                    FloatVector.fromArray(S, acc, k * B + p0).add(p).intoArray(acc, k * B + p0);
                }
            }
        }
    }
}
