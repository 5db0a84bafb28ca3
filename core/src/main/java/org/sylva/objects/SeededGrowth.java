package org.sylva.objects;

/**
 * vigra's seeded region growing as ilastik's "don't merge objects" runs it ({@code watershedsNew} with seeds,
 * method region growing, terminate {@code StopAtThreshold}, direct neighbourhood; spec §5.2 step 6), reproduced
 * step by step so that contested pixels go to the same seed as in ilastik:
 * <ol>
 *   <li>every seed pixel with an unlabelled neighbour enters a priority queue with its own cost, in raster order
 *       (x fastest, then y, then z);</li>
 *   <li>the cheapest entry is taken; if its cost exceeds {@code maxCost} growth stops; otherwise each unlabelled
 *       neighbour (in the order −z, −y, −x, +x, +y, +z) gets the entry's label <em>at once</em> and enters the queue
 *       with {@code max(its cost, the entry's cost)}.</li>
 * </ol>
 * Because neighbours are labelled when they are queued, not when they are taken, regions end one pixel beyond the
 * cost limit — ilastik's output has that fringe too. Equal costs are taken in the order of the C++ standard
 * library's binary heap ({@code std::priority_queue} over {@code push_heap}/{@code pop_heap}, libstdc++), which the
 * heap here reimplements operation for operation: which seed wins a tie depends on it.
 */
final class SeededGrowth {

    private SeededGrowth() {}

    /**
     * Grows {@code labels} (seeds in, regions out; Z·Y·X, x fastest) over {@code cost} (same layout) until the
     * cheapest open pixel costs more than {@code maxCost}.
     */
    static void grow(float[] cost, int[] labels, int Z, int Y, int X, double maxCost) {
        int YX = Y * X;
        Heap heap = new Heap();
        int[] nb = new int[6];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 0) continue;
            int k = neighbours(i, Z, Y, X, YX, nb);
            for (int j = 0; j < k; j++) {
                if (labels[nb[j]] == 0) {
                    heap.push(i, cost[i]);
                    break;
                }
            }
        }
        while (heap.size > 0) {
            int node = heap.topNode();
            float c = heap.topCost();
            heap.pop();
            if (c > maxCost) break;
            int label = labels[node];
            int k = neighbours(node, Z, Y, X, YX, nb);
            for (int j = 0; j < k; j++) {
                int n = nb[j];
                if (labels[n] == 0) {
                    labels[n] = label;
                    float p = cost[n];
                    if (p < c) p = c;
                    heap.push(n, p);
                }
            }
        }
    }

    /**
     * What vigra's {@code watershedsNew} does when the seed image is all zero (ilastik's "don't merge objects" when
     * no core survives): it makes its own seeds at the strict local minima of the cost (cheaper than every direct
     * neighbour), each one seed, numbered 1.. in raster order ({@code generateWatershedSeeds} with its default
     * options). Returns the number of seeds.
     */
    static int seedAtMinima(float[] cost, int[] labels, int Z, int Y, int X) {
        int YX = Y * X;
        int[] nb = new int[6];
        int n = 0;
        for (int i = 0; i < cost.length; i++) {
            float v = cost[i];
            if (!(v < Float.MAX_VALUE)) continue;
            int k = neighbours(i, Z, Y, X, YX, nb);
            boolean minimum = true;
            for (int j = 0; j < k && minimum; j++) minimum = v < cost[nb[j]];
            if (minimum) labels[i] = ++n;
        }
        return n;
    }

    /** The direct neighbours of voxel {@code i} inside the volume, in vigra's order (−z, −y, −x, +x, +y, +z). */
    private static int neighbours(int i, int Z, int Y, int X, int YX, int[] nb) {
        int z = i / YX, rem = i - z * YX, y = rem / X, x = rem - y * X;
        int k = 0;
        if (z > 0) nb[k++] = i - YX;
        if (y > 0) nb[k++] = i - X;
        if (x > 0) nb[k++] = i - 1;
        if (x < X - 1) nb[k++] = i + 1;
        if (y < Y - 1) nb[k++] = i + X;
        if (z < Z - 1) nb[k++] = i + YX;
        return k;
    }

    /**
     * A min-heap of (node, cost) that orders equal costs exactly as libstdc++'s {@code std::priority_queue} with
     * vigra's comparison ({@code greater} on the cost): {@code __push_heap} sifts up while the parent's cost is
     * strictly greater; {@code pop} moves the last element into the root's hole after {@code __adjust_heap} has
     * walked the hole down to a leaf along the smaller child (the right one unless the left is strictly smaller).
     */
    static final class Heap {
        int[] nodes = new int[1024];
        float[] costs = new float[1024];
        int size;

        int topNode() { return nodes[0]; }

        float topCost() { return costs[0]; }

        void push(int node, float cost) {
            if (size == nodes.length) {
                nodes = java.util.Arrays.copyOf(nodes, size * 2);
                costs = java.util.Arrays.copyOf(costs, size * 2);
            }
            siftUp(size, 0, node, cost);
            size++;
        }

        void pop() {
            int len = size - 1;              // elements left after the pop
            if (len > 0) {
                int node = nodes[len];
                float cost = costs[len];
                // __adjust_heap(first, 0, len, value)
                int hole = 0, second = 0;
                while (second < (len - 1) / 2) {
                    second = 2 * (second + 1);
                    if (costs[second] > costs[second - 1]) second--;
                    nodes[hole] = nodes[second];
                    costs[hole] = costs[second];
                    hole = second;
                }
                if ((len & 1) == 0 && second == (len - 2) / 2) {
                    second = 2 * (second + 1);
                    nodes[hole] = nodes[second - 1];
                    costs[hole] = costs[second - 1];
                    hole = second - 1;
                }
                siftUp(hole, 0, node, cost);
            }
            size = len;
        }

        /** libstdc++ {@code __push_heap}: moves the hole up while the parent is worse (strictly greater cost). */
        private void siftUp(int hole, int top, int node, float cost) {
            int parent = (hole - 1) / 2;
            while (hole > top && costs[parent] > cost) {
                nodes[hole] = nodes[parent];
                costs[hole] = costs[parent];
                hole = parent;
                parent = (hole - 1) / 2;
            }
            nodes[hole] = node;
            costs[hole] = cost;
        }
    }
}
