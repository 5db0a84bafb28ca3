package org.sylva.objects.features;

/**
 * Inclusive bounding boxes and pixel counts of objects 1..N (from the main pass), the frame of every per-object
 * computation. Arrays are indexed by id; coordinates x, y, z (z = 0 in 2D).
 */
final class Boxes {

    final int n;
    final int dims;
    final int[] min;     // [id * 3 + axis]
    final int[] max;     // inclusive
    final long[] count;
    final double[] center;   // [id * 3 + axis], the mean coordinate

    private Boxes(int n, int dims) {
        this.n = n;
        this.dims = dims;
        this.min = new int[(n + 1) * 3];
        this.max = new int[(n + 1) * 3];
        this.count = new long[n + 1];
        this.center = new double[(n + 1) * 3];
    }

    static Boxes of(RegionStore store, int n, int dims) {
        Boxes b = new Boxes(n, dims);
        for (int id = 1; id <= n; id++) {
            double[] a = store.acc;
            int o = id * store.layout.stride;
            if (a[o + RegionStore.N] == 0) {
                b.max[id * 3] = -1;    // empty: min > max
                continue;
            }
            double cnt = a[o + RegionStore.N];
            b.count[id] = (long) cnt;
            for (int d = 0; d < 3; d++) {
                b.min[id * 3 + d] = (int) a[o + RegionStore.BOX + d];
                b.max[id * 3 + d] = (int) a[o + RegionStore.BOX + 3 + d];
                b.center[id * 3 + d] = a[o + RegionStore.SX + d] / cnt;
            }
        }
        return b;
    }

    boolean empty(int id) {
        return count[id] == 0;
    }

    /** Extent of object {@code id} along {@code axis} (0 = x, 1 = y, 2 = z). */
    int extent(int id, int axis) {
        return max[id * 3 + axis] - min[id * 3 + axis] + 1;
    }
}
