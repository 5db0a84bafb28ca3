package org.sylva.objects;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.sylva.blockwise.Workers;
import org.sylva.image.DType;

/**
 * Connected components of one time point, computed on runs: maximal horizontal spans (along x) of one non-zero
 * value. Two runs belong to one object when they have the same value and touch — overlap in x (direct
 * neighbourhood) or overlap or meet diagonally (indirect) — in a neighbouring row: (z, y−1), (z−1, y) and, for the
 * indirect neighbourhood in 3D, (z−1, y±1).
 *
 * <p>How, and why it is fast: rows are cut into slabs that are labelled in parallel (runs found and joined with a
 * union-find whose root is always the smallest run index); then the seams between slabs are joined; then one
 * sequential pass numbers the roots. Runs are indexed in raster order (x fastest, then y, then z), and every root is
 * the first run of its object, so numbering roots in index order gives ilastik's ids: 1..N in order of first
 * occurrence. The work is proportional to the pixels read once plus the runs, not to the pixels written twice as in
 * a pixel-based two-pass labelling. The result ({@link #id} per run) is written into any output by {@link #write}.
 *
 * <p>Input: {@code planes[z]}, one array per slice with Y·X samples (x fastest), one channel, of type {@code dtype}.
 * Signed types must not hold negative values and floating types neither NaN nor negative values
 * ({@link SegmentationException}, naming the first position found).
 */
final class RunLabeller {

    /** Rows per slab at least, so that slabs are worth a task. */
    private static final int MIN_SLAB_ROWS = 16;

    final int Z, Y, X;
    final int rows;
    /** Runs of row r (= z·Y + y) are {@code rowPtr[r] .. rowPtr[r+1]−1}. */
    int[] rowPtr;
    /** x range {@code [start, end)} of each run. */
    int[] start, end;
    /** Each run's value, as raw bits (equality is all that matters). */
    long[] value;
    /** Each run's object id 1..count after labelling. */
    int[] id;
    /** Number of objects. */
    int count;

    private RunLabeller(int Z, int Y, int X) {
        this.Z = Z;
        this.Y = Y;
        this.X = X;
        this.rows = Z * Y;
    }

    /**
     * Labels one time point.
     *
     * @param where how to name the time point in error messages, e.g. {@code "cells.tif: t=0"}
     */
    static RunLabeller label(Object[] planes, DType dtype, int Z, int Y, int X, Connectivity connectivity,
                             Workers workers, String where) {
        if ((long) Z * Y > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many rows: " + Z + "×" + Y);
        RunLabeller l = new RunLabeller(Z, Y, X);
        int dx = connectivity == Connectivity.INDIRECT ? 1 : 0;
        int nSlabs = Math.max(1, Math.min(workers.threads() * 4, l.rows / MIN_SLAB_ROWS));
        if (workers.threads() == 1) nSlabs = 1;
        Slab[] slabs = new Slab[nSlabs];
        int slabCount = nSlabs;
        workers.forEach(slabCount, s -> {
            int r0 = (int) ((long) l.rows * s / slabCount), r1 = (int) ((long) l.rows * (s + 1) / slabCount);
            slabs[s] = l.scanSlab(planes, dtype, r0, r1, dx, where);
        });
        l.merge(slabs, dx, workers);
        return l;
    }

    // ------------------------------------------------------------------------------------------- phase 1: slabs

    /** The runs of rows {@code [r0, r1)}, joined among themselves (local run indices, local union-find). */
    private Slab scanSlab(Object[] planes, DType dtype, int r0, int r1, int dx, String where) {
        Slab s = new Slab(r0, r1, Math.max(64, (r1 - r0) * 4));
        for (int r = r0; r < r1; r++) {
            int z = r / Y, y = r - z * Y;
            Object p = planes[z];
            int off = y * X;
            int before = s.n;
            switch (dtype) {
                case UINT8, INT8 -> runs((byte[]) p, off, X, s, dtype == DType.INT8);
                case UINT16, INT16 -> runs((short[]) p, off, X, s, dtype == DType.INT16);
                case UINT32, INT32 -> runs((int[]) p, off, X, s, dtype == DType.INT32);
                case UINT64, INT64 -> runs((long[]) p, off, X, s, dtype == DType.INT64);
                case FLOAT32 -> runs((float[]) p, off, X, s);
                case FLOAT64 -> runs((double[]) p, off, X, s);
            }
            if (s.bad != 0) throw badValue(dtype, s, z, y, where);
            s.rowPtr[r - r0 + 1] = s.n;
            if (s.n == before) continue;
            int li = r - r0;
            // neighbour rows inside this slab; those before r0 are joined at the seams
            if (y > 0 && r - 1 >= r0) s.join(li, li - 1, dx);
            if (z > 0) {
                if (r - Y >= r0) s.join(li, li - Y, dx);
                if (dx != 0) {
                    if (y > 0 && r - Y - 1 >= r0) s.join(li, li - Y - 1, 1);
                    if (y < Y - 1 && r - Y + 1 >= r0) s.join(li, li - Y + 1, 1);
                }
            }
        }
        return s;
    }

    private static SegmentationException badValue(DType dtype, Slab s, int z, int y, String where) {
        String v = dtype.isFloat() ? String.valueOf(Double.longBitsToDouble(s.badValue)) : String.valueOf(s.badValue);
        String what = dtype.isFloat() && Double.isNaN(Double.longBitsToDouble(s.badValue)) ? "NaN"
                : "a negative value (" + v + ")";
        return new SegmentationException(where + ": the segmentation holds " + what + " at z=" + z + " y=" + y
                + " x=" + s.badX + "; a segmentation must hold 0 for background and positive values for objects");
    }

    /** Eight bytes of a byte[] at once, for skipping background and following runs a word at a time. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;

    private static void runs(byte[] a, int off, int X, Slab s, boolean signed) {
        // masks are mostly long stretches of zeros and of one value: compare eight bytes at a time; the first byte
        // that differs is found from the trailing zero bits of the XOR (little-endian: lowest byte first)
        int x = 0;
        int last8 = X - 8;
        while (x < X) {
            while (x <= last8) {
                long w = (long) WORDS.get(a, off + x);
                if (w != 0) {
                    x += Long.numberOfTrailingZeros(w) >>> 3;
                    break;
                }
                x += 8;
            }
            while (x < X && a[off + x] == 0) x++;
            if (x >= X) return;
            byte v = a[off + x];
            if (signed && v < 0) { s.fail(x, v); return; }
            int x0 = x++;
            long pattern = (v & 0xffL) * ONES;
            while (x <= last8) {
                long d = (long) WORDS.get(a, off + x) ^ pattern;
                if (d != 0) {
                    x += Long.numberOfTrailingZeros(d) >>> 3;
                    break;
                }
                x += 8;
            }
            while (x < X && a[off + x] == v) x++;
            s.add(x0, x, v);
        }
    }

    private static void runs(short[] a, int off, int X, Slab s, boolean signed) {
        int x = 0;
        while (x < X) {
            short v = a[off + x];
            if (v == 0) { x++; continue; }
            if (signed && v < 0) { s.fail(x, v); return; }
            int x0 = x++;
            while (x < X && a[off + x] == v) x++;
            s.add(x0, x, v);
        }
    }

    private static void runs(int[] a, int off, int X, Slab s, boolean signed) {
        int x = 0;
        while (x < X) {
            int v = a[off + x];
            if (v == 0) { x++; continue; }
            if (signed && v < 0) { s.fail(x, v); return; }
            int x0 = x++;
            while (x < X && a[off + x] == v) x++;
            s.add(x0, x, v);
        }
    }

    private static void runs(long[] a, int off, int X, Slab s, boolean signed) {
        int x = 0;
        while (x < X) {
            long v = a[off + x];
            if (v == 0) { x++; continue; }
            if (signed && v < 0) { s.fail(x, v); return; }
            int x0 = x++;
            while (x < X && a[off + x] == v) x++;
            s.add(x0, x, v);
        }
    }

    private static void runs(float[] a, int off, int X, Slab s) {
        int x = 0;
        while (x < X) {
            float v = a[off + x];
            if (v == 0) { x++; continue; }          // also -0.0
            if (!(v > 0)) { s.fail(x, Double.doubleToRawLongBits(v)); return; }   // negative or NaN
            int x0 = x++;
            while (x < X && a[off + x] == v) x++;
            s.add(x0, x, Float.floatToRawIntBits(v));
        }
    }

    private static void runs(double[] a, int off, int X, Slab s) {
        int x = 0;
        while (x < X) {
            double v = a[off + x];
            if (v == 0) { x++; continue; }
            if (!(v > 0)) { s.fail(x, Double.doubleToRawLongBits(v)); return; }
            int x0 = x++;
            while (x < X && a[off + x] == v) x++;
            s.add(x0, x, Double.doubleToRawLongBits(v));
        }
    }

    // ------------------------------------------------------------------------- phase 2: seams and numbering

    private void merge(Slab[] slabs, int dx, Workers workers) {
        long total = 0;
        int[] offset = new int[slabs.length];
        for (int s = 0; s < slabs.length; s++) {
            offset[s] = (int) total;
            total += slabs[s].n;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("more than 2^31 runs in one time point (" + Z + "×" + Y + "×" + X
                        + "); process the image blockwise");
            }
        }
        int n = (int) total;
        start = new int[n];
        end = new int[n];
        value = new long[n];
        id = new int[n];
        rowPtr = new int[rows + 1];
        workers.forEach(slabs.length, s -> {
            Slab sl = slabs[s];
            int o = offset[s];
            System.arraycopy(sl.start, 0, start, o, sl.n);
            System.arraycopy(sl.end, 0, end, o, sl.n);
            System.arraycopy(sl.value, 0, value, o, sl.n);
            for (int i = 0; i < sl.n; i++) id[o + i] = sl.parent[i] + o;
            for (int r = sl.r0; r < sl.r1; r++) rowPtr[r + 1] = sl.rowPtr[r - sl.r0 + 1] + o;
            slabs[s] = null;   // let the slab's arrays go
        });
        // seams: rows of a slab whose neighbour rows lie in earlier slabs (at most Y + 1 rows per slab)
        int[] p = id;
        for (int s = 1; s < offset.length; s++) {
            int r0 = (int) ((long) rows * s / offset.length), r1 = (int) ((long) rows * (s + 1) / offset.length);
            for (int r = r0; r < Math.min(r1, r0 + Y + 1); r++) {
                int z = r / Y, y = r - z * Y;
                if (y > 0 && r - 1 < r0) join(p, r, r - 1, dx);
                if (z > 0) {
                    if (r - Y < r0) join(p, r, r - Y, dx);
                    if (dx != 0) {
                        if (y > 0 && r - Y - 1 < r0) join(p, r, r - Y - 1, 1);
                        if (y < Y - 1 && r - Y + 1 < r0) join(p, r, r - Y + 1, 1);
                    }
                }
            }
        }
        // numbering, in place: a parent always has a smaller index than its child (roots are the smallest index of
        // their object), so when run i is reached its parent already holds the final id
        int next = 0;
        for (int i = 0; i < n; i++) {
            int q = p[i];
            p[i] = q == i ? ++next : p[q];
        }
        count = next;
    }

    /** Joins the runs of row {@code a} with those of row {@code b} (global indices). */
    private void join(int[] parent, int a, int b, int dx) {
        joinRuns(start, end, value, parent, rowPtr[a], rowPtr[a + 1], rowPtr[b], rowPtr[b + 1], dx);
    }

    /**
     * Unions every pair of equal-valued runs, one from {@code [a0, a1)} and one from {@code [b0, b1)} (two rows,
     * runs sorted by x), that touch: they share an x ({@code dx} = 0) or share or neighbour one ({@code dx} = 1).
     */
    static void joinRuns(int[] start, int[] end, long[] value, int[] parent, int a0, int a1, int b0, int b1, int dx) {
        int i = a0, j = b0;
        while (i < a1 && j < b1) {
            int si = start[i], ei = end[i], sj = start[j], ej = end[j];
            if (ej + dx <= si) { j++; continue; }
            if (ei + dx <= sj) { i++; continue; }
            if (value[i] == value[j]) union(parent, i, j);
            if (ei < ej) {
                i++;            // run i cannot touch a later run of b
            } else if (ej < ei) {
                j++;
            } else {
                // both end at the same x: diagonally, i may also touch the next run of b if it starts right there
                if (dx != 0 && j + 1 < b1 && start[j + 1] <= ei && value[i] == value[j + 1]) union(parent, i, j + 1);
                i++;
            }
        }
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) {
            int g = p[p[i]];
            p[i] = g;           // path halving keeps every parent below its child
            i = g;
        }
        return i;
    }

    private static void union(int[] p, int a, int b) {
        // the common case: run a of the row being joined is still its own root and has a smaller-indexed
        // partner b in an earlier row: hang a under b's root directly
        if (p[a] == a && b < a) {
            p[a] = find(p, b);
            return;
        }
        int ra = find(p, a), rb = find(p, b);
        if (ra < rb) p[rb] = ra;
        else if (rb < ra) p[ra] = rb;
    }

    // ------------------------------------------------------------------------------------------- using the result

    /** Pixels per object: {@code sizes[id]}, index 0 = background. */
    long[] sizes() {
        long[] s = new long[count + 1];
        long fg = 0;
        for (int k = 0; k < id.length; k++) {
            int len = end[k] - start[k];
            s[id[k]] += len;
            fg += len;
        }
        s[0] = (long) Z * Y * X - fg;
        return s;
    }

    /**
     * For every object of this labelling, whether one of its pixels lies on a run of {@code other} (same extents)
     * whose object is marked in {@code otherMarked}: ilastik's hysteresis rule "keep the components that contain a
     * core pixel".
     */
    boolean[] touching(RunLabeller other, boolean[] otherMarked) {
        boolean[] hit = new boolean[count + 1];
        for (int r = 0; r < rows; r++) {
            int i = rowPtr[r], a1 = rowPtr[r + 1], j = other.rowPtr[r], b1 = other.rowPtr[r + 1];
            while (i < a1 && j < b1) {
                if (other.end[j] <= start[i]) { j++; continue; }
                if (end[i] <= other.start[j]) { i++; continue; }
                if (otherMarked[other.id[j]]) hit[id[i]] = true;
                if (end[i] < other.end[j]) i++; else j++;
            }
        }
        return hit;
    }

    /**
     * Writes each run's value into {@code target}: {@code map[id]} or, without a map, the id itself; runs mapped to
     * 0 are skipped. {@code target} is either Z arrays of Y·X samples or a single array holding all Z·Y·X samples
     * (z slowest); its elements are {@code int[]} (uint32) or {@code long[]} (uint64) and must be zero beforehand.
     */
    void write(Object[] target, long[] map, Workers workers) {
        boolean flat = target.length == 1 && Z > 1;
        int chunk = Math.max(1, Math.min(64, rows / Math.max(1, workers.threads() * 8)));
        int chunks = (rows + chunk - 1) / chunk;
        workers.forEach(chunks, c -> {
            for (int r = c * chunk; r < Math.min(rows, (c + 1) * chunk); r++) {
                int z = r / Y, y = r - z * Y;
                Object arr = target[flat ? 0 : z];
                int base = (flat ? z * Y * X : 0) + y * X;
                if (arr instanceof int[] a) {
                    for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
                        long v = map == null ? id[k] : map[id[k]];
                        if (v != 0) Arrays.fill(a, base + start[k], base + end[k], (int) v);
                    }
                } else {
                    long[] a = (long[]) arr;
                    for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
                        long v = map == null ? id[k] : map[id[k]];
                        if (v != 0) Arrays.fill(a, base + start[k], base + end[k], v);
                    }
                }
            }
        });
    }

    /** One slab's runs, growing as rows are scanned. */
    private static final class Slab {
        final int r0, r1;
        final int[] rowPtr;
        int[] start, end, parent;
        long[] value;
        int n;
        /** Set when a forbidden value was met: its x and raw value. */
        int bad, badX;
        long badValue;

        Slab(int r0, int r1, int capacity) {
            this.r0 = r0;
            this.r1 = r1;
            this.rowPtr = new int[r1 - r0 + 1];
            start = new int[capacity];
            end = new int[capacity];
            parent = new int[capacity];
            value = new long[capacity];
        }

        void add(int s, int e, long v) {
            if (n == start.length) grow();
            start[n] = s;
            end[n] = e;
            value[n] = v;
            parent[n] = n;
            n++;
        }

        void fail(int x, long v) {
            bad = 1;
            badX = x;
            badValue = v;
        }

        private void grow() {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8L, start.length * 2L);
            if (cap == start.length) throw new IllegalArgumentException("more than 2^31 runs; process the image blockwise");
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            parent = Arrays.copyOf(parent, cap);
            value = Arrays.copyOf(value, cap);
        }

        /** Joins local rows {@code a} and {@code b} (indices relative to r0). */
        void join(int a, int b, int dx) {
            joinRuns(start, end, value, parent, rowPtr[a], rowPtr[a + 1], rowPtr[b], rowPtr[b + 1], dx);
        }
    }
}
