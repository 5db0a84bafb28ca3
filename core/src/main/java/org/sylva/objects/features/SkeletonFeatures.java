package org.sylva.objects.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.sylva.blockwise.Workers;

/**
 * ilastik's "2D Skeleton Features": a port of vigra's {@code skeletonizeImage} / {@code extractSkeletonFeatures}
 * (skeleton.hxx, vigra 1.11) with its default pruning ({@code pruneSalienceRelative(0.2)}, topology preserved),
 * step for step so that ties fall the same way:
 * <ol>
 *   <li>the boundary vector distance transform ({@code boundaryVectorDistance}, outer boundary, image border not
 *       a boundary): for every pixel the integer vector to the nearest pixel of another label;</li>
 *   <li>raw skeleton: of every 4-adjacent pixel pair whose support points are neither equal nor adjacent, the one
 *       closer to their bisector; an extra point where a line stops short of the boundary;</li>
 *   <li>thinning by a priority queue on the squared distance (FIFO among equals) with vigra's simple-point table,
 *       end points preserved;</li>
 *   <li>the skeleton graph (8-neighbourhood, weights 1 and √2) searched with vigra's Dijkstra and its indexed
 *       binary heap: diameter (two sweeps), centre = the middle of the diameter by arc length, the tree from the
 *       centre, branch lengths and saliences, holes (cycles whose polygon encloses non-object pixels), pruning
 *       of branches whose salience is below 0.2 × the centre's.</li>
 * </ol>
 * vigra works on the whole image; everything it does for one label depends only on that label's pixels within its
 * bounding box grown by one pixel (the nearest other-label pixel of an object pixel is never farther away; the
 * path searches are confined to the skeleton's box and its border), so each object is processed on that crop, in
 * parallel over objects, with global coordinates where vigra's arithmetic uses them.
 */
final class SkeletonFeatures {

    static final class Result {
        final Map<String, float[]> values = new HashMap<>();
    }

    private SkeletonFeatures() {}

    static Result compute(Frame f, Boxes boxes, Workers workers) {
        if (f.dims != 2) throw new IllegalArgumentException("the 2D Skeleton Features need a 2D image");
        int n = boxes.n;
        Result r = new Result();
        for (ObjectFeature s : FeatureCatalog.skeleton()) r.values.put(s.name(), new float[n * s.values()]);
        float[] diameter = r.values.get("Diameter");
        float[] euclidean = r.values.get("Euclidean Diameter");
        float[] total = r.values.get("Total Length");
        float[] average = r.values.get("Average Length");
        float[] branches = r.values.get("Branch Count");
        float[] holes = r.values.get("Hole Count");
        float[] center = r.values.get("Skeleton Center");
        float[] t1 = r.values.get("Terminal 1");
        float[] t2 = r.values.get("Terminal 2");
        workers.forEach(n, i -> {
            int id = i + 1;
            if (boxes.empty(id)) return;   // vigra: the default features, all 0
            double[] v = new Skeleton(f, boxes, id).features();
            diameter[i] = (float) v[0];
            euclidean[i] = (float) v[1];
            total[i] = (float) v[2];
            average[i] = (float) v[3];
            branches[i] = (float) v[4];
            holes[i] = (float) v[5];
            center[2 * i] = (float) v[6];
            center[2 * i + 1] = (float) v[7];
            t1[2 * i] = (float) v[8];
            t1[2 * i + 1] = (float) v[9];
            t2[2 * i] = (float) v[10];
            t2[2 * i + 1] = (float) v[11];
        });
        return r;
    }

    /** vigra's isSimplePreserveEndPoints table, indexed by the 8-neighbourhood configuration. */
    private static final boolean[] SIMPLE = bits(
            "0000000100110011001100110000000000000000011100110000000000000000"
            + "0000000011000000100010000000000000000000110000001000100000000000"
            + "0000000000000000001110110000000000000000000000000000000000000000"
            + "0000000011000000100010000000000010000000110000001000100000000000");

    private static boolean[] bits(String s) {
        boolean[] b = new boolean[s.length()];
        for (int i = 0; i < b.length; i++) b[i] = s.charAt(i) == '1';
        return b;
    }

    /** The 8 neighbours in vigra's GridGraph order (x, y): ascending strides. */
    private static final int[] NX = {-1, 0, 1, -1, 1, -1, 0, 1};
    private static final int[] NY = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final double INFINITE = 0.5 * Double.MAX_VALUE;
    private static final int INVALID = -1;
    private static final int DONT_TOUCH = -2;

    /** One object's skeleton, on its bounding box grown by one pixel (crop coordinates + origin). */
    private static final class Skeleton {
        final int id;
        final int W;          // image width, height (vigra's image border)
        final int H;
        final int ox;         // crop origin and size
        final int oy;
        final int w;
        final int h;
        final boolean[] object;
        final int[] vx;
        final int[] vy;
        final long[] sqd;
        final boolean[] skel;

        Skeleton(Frame f, Boxes boxes, int id) {
            this.id = id;
            this.W = f.X;
            this.H = f.Y;
            ox = Math.max(boxes.min[id * 3] - 1, 0);
            oy = Math.max(boxes.min[id * 3 + 1] - 1, 0);
            int ex = Math.min(boxes.max[id * 3] + 1, W - 1);
            int ey = Math.min(boxes.max[id * 3 + 1] + 1, H - 1);
            w = ex - ox + 1;
            h = ey - oy + 1;
            object = new boolean[w * h];
            int[] lab = new int[w];
            for (int y = 0; y < h; y++) {
                f.labelRange(oy + y, ox, ox + w, lab);
                for (int x = 0; x < w; x++) object[y * w + x] = lab[x] == id;
            }
            vx = new int[w * h];
            vy = new int[w * h];
            sqd = new long[w * h];
            skel = new boolean[w * h];
        }

        double[] features() {
            vectorDistance();
            rawSkeleton();
            thinning();
            return graph();
        }

        // -------------------------------------------------------------------------------------------------------
        // 1. boundaryVectorDistance(labels, vectors, false, OuterBoundary)

        private void vectorDistance() {
            int max = 2 * (W + H);              // vigra's maxDist: 2 · Σ shape (pixel pitch 1)
            java.util.Arrays.fill(vx, max);
            java.util.Arrays.fill(vy, max);
            int longest = Math.max(w, h);
            Parabolas p = new Parabolas(longest + 2);
            for (int y = 0; y < h; y++) p.line(this, 0, y * w, 1, w, ox, W, max);
            for (int x = 0; x < w; x++) p.line(this, 1, x, w, h, oy, H, max);
            for (int i = 0; i < w * h; i++) sqd[i] = (long) vx[i] * vx[i] + (long) vy[i] * vy[i];
        }

        // -------------------------------------------------------------------------------------------------------
        // 2. raw skeleton points (the edge loop of skeletonizeImageImpl), in vigra's edge order

        private void rawSkeleton() {
            List<Integer> ends = new ArrayList<>();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p1 = y * w + x;
                    // back edges of the direct neighbourhood: (0,-1) then (-1,0)
                    if (y > 0) edge(p1, x, y, p1 - w, x, y - 1, ends);
                    if (x > 0) edge(p1, x, y, p1 - 1, x - 1, y, ends);
                }
            }
            // a point where a skeleton line stops short of the boundary
            for (int p1 : ends) {
                int x = p1 % w;
                int y = p1 / w;
                int count = 0;
                for (int k = 0; k < 8; k++) {
                    int qx = x + NX[k];
                    int qy = y + NY[k];
                    if (!exists(qx, qy)) continue;
                    int q = qy * w + qx;
                    if (skel[q] && sqd[q] < 4) ++count;
                }
                if (count == 0) skel[(y + vy[p1] / 2) * w + x + vx[p1] / 2] = true;
            }
        }

        private void edge(int p1, int x1, int y1, int p2, int x2, int y2, List<Integer> ends) {
            boolean l1 = object[p1];
            boolean l2 = object[p2];
            if (l1 && l2) {
                int dpx = x2 - x1;
                int dpy = y2 - y1;
                long dvx = (long) vx[p2] - vx[p1] + dpx;
                long dvy = (long) vy[p2] - vy[p1] + dpy;
                if (Math.max(Math.abs(dvx), Math.abs(dvy)) <= 1) return;
                long d1 = dvx * dpx + dvy * dpy;
                long d2 = dvx * ((long) vx[p1] + vx[p2]) + dvy * ((long) vy[p1] + vy[p2]);
                if (d1 * d2 <= 0) {
                    skel[p1] = true;
                    if (sqd[p1] == 4) ends.add(p1);
                } else {
                    skel[p2] = true;
                    if (sqd[p2] == 4) ends.add(p2);
                }
            } else if (l1 || l2) {
                if (l1 && Math.max(Math.abs((long) vx[p1] + x1 - x2), Math.abs((long) vy[p1] + y1 - y2)) > 1) {
                    skel[p1] = true;
                }
                if (l2 && Math.max(Math.abs((long) vx[p2] + x2 - x1), Math.abs((long) vy[p2] + y2 - y1)) > 1) {
                    skel[p2] = true;
                }
            }
        }

        /** Whether crop pixel (x, y) exists in the image (vigra's graph only knows the image). */
        private boolean exists(int x, int y) {
            return x >= 0 && y >= 0 && x < w && y < h;
        }

        /** vigra's {@code out_degree(p) == max_degree}: not on the image border. */
        private boolean interior(int x, int y) {
            int gx = ox + x;
            int gy = oy + y;
            return gx > 0 && gy > 0 && gx < W - 1 && gy < H - 1;
        }

        // -------------------------------------------------------------------------------------------------------
        // 3. skeletonThinning(squared_distance, dest) with end points preserved

        private int configuration(int x, int y) {
            int v = 0;
            for (int k = 0; k < 8; k++) v = (v << 1) | (skel[(y + NY[k]) * w + x + NX[k]] ? 1 : 0);
            return v;
        }

        private void thinning() {
            double epsilon = 0.5 / ((double) W * H);
            double[] offset = {0};
            PriorityQueue<double[]> queue = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (interior(x, y) && skel[p] && SIMPLE[configuration(x, y)]) {
                        queue.add(new double[] {sqd[p] + offset[0], p});
                        offset[0] += epsilon;
                    }
                }
            }
            while (!queue.isEmpty()) {
                int p = (int) queue.poll()[1];
                int x = p % w;
                int y = p / w;
                if (!skel[p] || !SIMPLE[configuration(x, y)]) continue;
                skel[p] = false;
                for (int k = 0; k < 8; k++) {
                    int qx = x + NX[k];
                    int qy = y + NY[k];
                    if (!exists(qx, qy)) continue;
                    int q = qy * w + qx;
                    if (interior(qx, qy) && skel[q] && SIMPLE[configuration(qx, qy)]) {
                        queue.add(new double[] {sqd[q] + offset[0], q});
                        offset[0] += epsilon;
                    }
                }
            }
        }

        // -------------------------------------------------------------------------------------------------------
        // 4. the skeleton graph

        private double[] graph() {
            // region: skeleton pixels in scan order; anchor = the last, lower/upper = their box
            int lx = Integer.MAX_VALUE;
            int ly = Integer.MAX_VALUE;
            int ux = -1;
            int uy = -1;
            int anchor = -1;
            for (int p = 0; p < w * h; p++) {
                if (!skel[p]) continue;
                int x = p % w;
                int y = p / w;
                lx = Math.min(lx, x);
                ly = Math.min(ly, y);
                ux = Math.max(ux, x);
                uy = Math.max(uy, y);
                anchor = p;
            }
            if (anchor < 0) return new double[12];
            Graph g = new Graph(this);
            for (int p = 0; p < w * h; p++) {
                if (!skel[p]) continue;
                int x = p % w;
                int y = p / w;
                for (int k = 0; k < 8; k++) {
                    int qx = x + NX[k];
                    int qy = y + NY[k];
                    if (!exists(qx, qy)) continue;
                    g.setWeight(p, k, skel[qy * w + qx] ? norm(NX[k], NY[k]) : INFINITE);
                }
            }
            double maxWeight = g.edgeCount() * Math.sqrt(2);
            Dijkstra path = new Dijkstra(g);
            path.run(lx, ly, ux + 1, uy + 1, anchor, INVALID, maxWeight);
            anchor = path.target;
            path.reRun(anchor, INVALID, maxWeight);
            anchor = path.target;
            List<Integer> centerLine = new ArrayList<>();
            centerLine.add(anchor);
            while (path.pred[centerLine.get(centerLine.size() - 1)] != centerLine.get(centerLine.size() - 1)) {
                centerLine.add(path.pred[centerLine.get(centerLine.size() - 1)]);
            }
            int center = centerLine.get((int) roundi(arcLengthQuantile(centerLine, 0.5)));
            path.reRun(center, INVALID, maxWeight);

            int[] raw = path.discovery.toArray();
            Map<Integer, Node> tree = new HashMap<>();
            for (int p = 0; p < w * h; p++) if (skel[p]) tree.put(p, new Node(p));
            // from periphery to centre: the tree, lengths, saliences
            for (int k = raw.length - 1; k >= 0; --k) {
                int p1 = raw[k];
                int p2 = path.pred[p1];
                Node n1 = node(tree, p1);
                Node n2 = node(tree, p2);
                n1.parent = p2;
                int x1 = p1 % w;
                int y1 = p1 / w;
                for (int a = 0; a < 4; a++) {   // back arcs
                    int qx = x1 + NX[a];
                    int qy = y1 + NY[a];
                    if (!exists(qx, qy)) continue;
                    int q = qy * w + qx;
                    if (g.weight(p1, a) == INFINITE) continue;
                    if (q == p2) continue;
                    if (path.pred[q] == p1) continue;
                    if (n1.principalChild == INVALID || node(tree, q).principalChild == INVALID) continue;
                    g.setWeight(p1, a, INFINITE);
                }
                double l = n1.length + norm(x1 - p2 % w, y1 - p2 / w);
                if (n2.length < l) {
                    n2.length = l;
                    n2.principalChild = p1;
                }
                final double minLength = 4.0;
                if (n1.length >= minLength) {
                    n1.salience = Math.max(n1.salience, (n1.length + 0.5) / Math.sqrt(sqd[p1]));
                    if (n2.salience < n1.salience) n2.salience = n1.salience;
                }
            }
            // from centre to periphery: propagate salience, twice the partial area
            for (int p1 : raw) {
                Node n1 = node(tree, p1);
                int p2 = n1.parent;
                Node n2 = node(tree, p2);
                if (p1 == n2.principalChild) {
                    n1.length = n2.length;
                    n1.salience = n2.salience;
                } else {
                    n1.length += norm(p2 % w - p1 % w, p2 / w - p1 / w);
                }
                n1.partialArea = n2.partialArea + cross(p1, p2);
            }
            node(tree, center).isLoop = true;
            // from periphery to centre: loops, and branches not reaching the boundary
            int holeCount = 0;
            double totalLength = 0.0;
            for (int k = raw.length - 1; k >= 0; --k) {
                int p1 = raw[k];
                Node n1 = node(tree, p1);
                if (n1.principalChild == INVALID) {
                    int x1 = p1 % w;
                    int y1 = p1 / w;
                    for (int a = 0; a < 8; a++) {
                        int qx = x1 + NX[a];
                        int qy = y1 + NY[a];
                        if (!exists(qx, qy)) continue;
                        int p2 = qy * w + qx;
                        Node n2 = node(tree, p2);
                        if (n1.parent == p2) continue;
                        if (g.weight(p1, a) == INFINITE) continue;
                        long area2 = Math.abs(n1.partialArea - cross(p1, p2) - n2.partialArea);
                        if (area2 <= 3) continue;
                        g.setWeight(p1, a, INFINITE);
                        path.reRun(p1, p2, Double.MAX_VALUE);
                        List<Integer> poly = new ArrayList<>();
                        poly.add(p1);
                        poly.add(p2);
                        int p = p2;
                        do {
                            p = path.pred[p];
                            poly.add(p);
                        } while (p != path.pred[p]);
                        if (!insideIsObject(poly)) {
                            ++holeCount;
                            totalLength += n1.length + n2.length;
                            double maxSalience = Math.max(n1.salience, n2.salience);
                            for (int q = 1; q < poly.size(); ++q) {
                                Node n = node(tree, poly.get(q));
                                n.isLoop = true;
                                n.salience = Math.max(n.salience, maxSalience);
                            }
                        }
                    }
                    if (!n1.isLoop && sqd[p1] >= 4) {
                        Node n = n1;
                        int q1 = p1;
                        while (true) {
                            n.salience = 0;
                            int qx = q1 % w;
                            int qy = q1 / w;
                            for (int a = 0; a < 8; a++) {
                                if (exists(qx + NX[a], qy + NY[a])) g.setWeight(q1, a, INFINITE);
                            }
                            if (node(tree, n.parent).principalChild != q1) break;
                            q1 = n.parent;
                            n = node(tree, q1);
                        }
                    }
                }
                if (n1.isLoop) node(tree, n1.parent).isLoop = true;
            }
            double threshold = 0.2 * node(tree, center).salience;
            int branchCount = 0;
            double averageLength = 0;
            for (int p1 : raw) {
                Node n1 = node(tree, p1);
                if (n1.principalChild == INVALID && n1.salience >= threshold && !n1.isLoop) {
                    ++branchCount;
                    averageLength += n1.length;
                    totalLength += n1.length;
                }
            }
            if (branchCount > 0) averageLength /= branchCount;

            double diameter = 0;
            for (int i = 1; i < centerLine.size(); i++) {
                int a = centerLine.get(i);
                int b = centerLine.get(i - 1);
                diameter += norm(a % w - b % w, a / w - b / w);
            }
            int front = centerLine.get(0);
            int back = centerLine.get(centerLine.size() - 1);
            return new double[] {
                diameter,
                norm(back % w - front % w, back / w - front / w),
                totalLength,
                averageLength,
                branchCount,
                holeCount,
                ox + center % w, oy + center / w,
                ox + front % w, oy + front / w,
                ox + back % w, oy + back / w};
        }

        /** vigra's std::map operator[]: a node is created (parent INVALID) on first access. */
        private static Node node(Map<Integer, Node> tree, int p) {
            return tree.computeIfAbsent(p, k -> new Node());
        }

        /** p1[0]·p2[1] − p1[1]·p2[0] in global coordinates (vigra's partial area). */
        private long cross(int p1, int p2) {
            long x1 = ox + p1 % w;
            long y1 = oy + p1 / w;
            long x2 = ox + p2 % w;
            long y2 = oy + p2 / w;
            return x1 * y2 - y1 * x2;
        }

        private double arcLengthQuantile(List<Integer> line, double quantile) {
            if (line.size() == 1) return 0.0;
            double[] arc = new double[line.size()];
            for (int i = 1; i < line.size(); i++) {
                int a = line.get(i);
                int b = line.get(i - 1);
                arc[i] = arc[i - 1] + norm(a % w - b % w, a / w - b / w);
            }
            double length = quantile * arc[arc.length - 1];
            int k = 0;
            for (; k < arc.length; ++k) if (arc[k] >= length) break;
            --k;
            return k + (length - arc[k]) / (arc[k + 1] - arc[k]);
        }

        /** vigra's inspectPolygon(poly, labels == id): every pixel on or inside the closed polygon is the object. */
        private boolean insideIsObject(List<Integer> poly) {
            int n = poly.size();
            long[] px = new long[n];
            long[] py = new long[n];
            for (int i = 0; i < n; i++) {
                px[i] = ox + poly.get(i) % w;
                py[i] = oy + poly.get(i) / w;
            }
            List<long[]> result = new ArrayList<>();
            boolean dropNextStartPoint = false;
            for (int k = 0; k < n - 1; ++k) {
                if (py[k] == py[k + 1]) continue;
                double t = (px[k + 1] - px[k]) / (py[k + 1] - py[k]);   // integer division, as vigra's Shape2
                double y;
                double yend;
                double dy;
                if (py[k] < py[k + 1]) {
                    y = py[k];
                    yend = py[k + 1];
                    dy = 1.0;
                } else {
                    y = py[k];
                    yend = py[k + 1];
                    dy = -1.0;
                }
                // integer points: ceil/floor change nothing; the endpoint is a knot on a scanline
                if (dropNextStartPoint) {
                    y += dy;
                    dropNextStartPoint = false;
                }
                for (; (y - yend) * dy < 0.0; y += dy) {
                    double x = px[k] + (y - py[k]) * t;
                    result.add(new long[] {(long) x, (long) y});
                }
                int j = (k + 2) % n;
                boolean convex = clockwise(px[k], py[k], px[k + 1], py[k + 1], px[j], py[j]);
                if (convex) result.add(new long[] {px[k + 1], py[k + 1]});
                for (; j != k + 1; j = (j + 1) % n) {
                    double bend = dy * (py[j] - yend);
                    if (bend == 0.0) continue;
                    if ((convex && bend > 0.0) || (!convex && bend < 0.0)) dropNextStartPoint = true;
                    break;
                }
            }
            if (dropNextStartPoint) result.remove(0);
            result.sort((a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
            for (int k = 0; k + 1 < result.size(); k += 2) {
                long y = result.get(k)[1];
                for (long x = result.get(k)[0]; x < result.get(k + 1)[0] + 1; ++x) {
                    int cx = (int) (x - ox);
                    int cy = (int) (y - oy);
                    if (cx < 0 || cy < 0 || cx >= w || cy >= h || !object[cy * w + cx]) return false;
                }
            }
            return true;
        }
    }

    private static boolean clockwise(long ox, long oy, long ax, long ay, long bx, long by) {
        return (ax - ox) * (by - oy) - (ay - oy) * (bx - ox) <= 0;
    }

    private static double norm(long dx, long dy) {
        return Math.sqrt((double) (dx * dx + dy * dy));
    }

    private static long roundi(double t) {
        return t >= 0.0 ? (long) (t + 0.5) : -(long) (0.5 - t);
    }

    /** A node of vigra's skeleton tree ({@code SkeletonNode}). */
    private static final class Node {
        int parent = INVALID;
        int principalChild = INVALID;
        double length = 0.0;
        double salience = 1.0;
        long partialArea = 0;
        boolean isLoop = false;

        Node() {}

        Node(int self) {
            parent = self;
        }
    }

    /**
     * vigra's {@code boundaryVectorDistParabola} for the lines of one axis of the crop, in global coordinates:
     * the lower envelope of the parabolas of each segment of equal label, a label change acting as a zero vector
     * and the image border as the far point (the border is not a boundary).
     */
    private static final class Parabolas {
        final double[] left;
        final double[] center;
        final double[] right;
        final double[] apex;
        final int[] px;
        final int[] py;

        Parabolas(int capacity) {
            left = new double[capacity + 2];
            center = new double[capacity + 2];
            right = new double[capacity + 2];
            apex = new double[capacity + 2];
            px = new int[capacity + 2];
            py = new int[capacity + 2];
        }

        /**
         * One line of the crop: {@code n} pixels from {@code start} with {@code step}; {@code origin} = the global
         * coordinate of the first; {@code extent} = the image's extent along the axis; {@code dim} 0 = x, 1 = y.
         */
        void line(Skeleton s, int dim, int start, int step, int n, int origin, int extent, int max) {
            boolean[] lab = s.object;
            int[] vx = s.vx;
            int[] vy = s.vy;
            // vigra's line runs over the whole image; the crop's first and last pixels are of another label
            // unless they are the image border, so every segment of the object is processed as vigra does
            double w = extent;
            int size = 0;
            // initial stack: the border point (image border) or, inside the image, a fresh segment start
            double begin = origin;
            if (origin == 0) {
                size = push(0, max, max, partial(max, max, dim), 0.0, -1.0, w);
            } else {
                size = push(0, 0, 0, 0.0, begin - 1.0, begin - 1.0, w);
            }
            boolean currentLabel = lab[start];
            int at = start;
            int id = start;   // next output pixel
            double end = origin + n;
            boolean imageEnd = end == extent;
            for (double current = origin; current <= end; current++) {
                boolean atEnd = current == end;
                int ix = 0;
                int iy = 0;
                if (!atEnd) {
                    if (currentLabel == lab[at]) {
                        ix = vx[at];
                        iy = vy[at];
                    }
                } else if (imageEnd) {
                    ix = max;
                    iy = max;
                }
                double apexHeight = partial(ix, iy, dim);
                while (true) {
                    int top = size - 1;
                    double diff = current - center[top];
                    double intersection = current + (apexHeight - apex[top] - diff * diff) / (2.0 * diff);
                    if (intersection < left[top]) {
                        size--;
                        if (size == 0) intersection = begin;
                        else continue;
                    } else if (intersection < right[top]) {
                        right[top] = intersection;
                    }
                    if (intersection < w) size = push(size, ix, iy, apexHeight, intersection, current, w);
                    if (!atEnd && currentLabel == lab[at]) break;
                    // label changed (or end): write the segment [begin, current)
                    int it = 0;
                    for (double c = begin; c < current; ++c, id += step) {
                        while (c >= right[it]) ++it;
                        vx[id] = px[it];
                        vy[id] = py[it];
                        long v = (long) (center[it] - c);
                        if (dim == 0) vx[id] = (int) v;
                        else vy[id] = (int) v;
                    }
                    if (atEnd) break;
                    begin = current;
                    currentLabel = lab[at];
                    ix = vx[at];
                    iy = vy[at];
                    apexHeight = partial(ix, iy, dim);
                    size = push(0, 0, 0, 0.0, begin - 1.0, begin - 1.0, w);
                }
                if (atEnd) break;
                at += step;
            }
        }

        private int push(int size, int x, int y, double a, double l, double c, double r) {
            px[size] = x;
            py[size] = y;
            apex[size] = a;
            left[size] = l;
            center[size] = c;
            right[size] = r;
            return size + 1;
        }

        private static double partial(int x, int y, int dim) {
            double m = (double) x * x;
            if (dim >= 1) m += (double) y * y;
            return m;
        }
    }

    /**
     * The part of vigra's 8-neighbourhood GridGraph a skeleton search touches: the crop, with one weight per
     * undirected edge (kept at the later node of the edge in scan order, under the back-neighbour index).
     */
    private static final class Graph {
        final int w;
        final int h;
        final long edges;
        final double[] weights;   // [node * 4 + back index]: (-1,-1), (0,-1), (1,-1), (-1,0)

        Graph(Skeleton s) {
            w = s.w;
            h = s.h;
            // vigra's edgeNum() of the whole image's 8-neighbourhood graph
            long W = s.W;
            long H = s.H;
            edges = (W - 1) * H + W * (H - 1) + 2 * (W - 1) * (H - 1);
            weights = new double[w * h * 4];
        }

        long edgeCount() {
            return edges;
        }

        /** Weight of the edge from p along neighbour {@code k} (vigra's order). */
        double weight(int p, int k) {
            return k < 4 ? weights[p * 4 + k] : weights[(p + NY[k] * w + NX[k]) * 4 + (7 - k)];
        }

        void setWeight(int p, int k, double v) {
            if (k < 4) weights[p * 4 + k] = v;
            else weights[(p + NY[k] * w + NX[k]) * 4 + (7 - k)] = v;
        }
    }

    /** vigra's ShortestPathDijkstra on the crop, with its ChangeablePriorityQueue (indexed binary heap). */
    private static final class Dijkstra {
        final Graph g;
        final int[] pred;
        final double[] dist;
        final IntList discovery = new IntList();
        final int[] heap;
        final int[] index;
        final double[] priority;
        int size;
        int target;

        Dijkstra(Graph g) {
            this.g = g;
            int n = g.w * g.h;
            pred = new int[n];
            dist = new double[n];
            heap = new int[n + 1];
            index = new int[n + 1];
            priority = new double[n + 1];
            java.util.Arrays.fill(index, -1);
            java.util.Arrays.fill(pred, DONT_TOUCH);
        }

        /** run(start, stop, ...): the ROI [x0, x1) × [y0, y1) reset, its one-pixel border made untouchable. */
        void run(int x0, int y0, int x1, int y1, int source, int target, double maxDistance) {
            for (int y = Math.max(y0 - 1, 0); y < Math.min(y1 + 1, g.h); y++) {
                for (int x = Math.max(x0 - 1, 0); x < Math.min(x1 + 1, g.w); x++) {
                    boolean inside = x >= x0 && x < x1 && y >= y0 && y < y1;
                    pred[y * g.w + x] = inside ? INVALID : DONT_TOUCH;
                }
            }
            pred[source] = source;
            dist[source] = 0.0;
            discovery.clear();
            push(source, 0.0);
            run(target, maxDistance);
        }

        /** reRun: only the previously discovered nodes are reset. */
        void reRun(int source, int target, double maxDistance) {
            for (int i = 0; i < discovery.size; i++) pred[discovery.data[i]] = INVALID;
            dist[source] = 0.0;
            pred[source] = source;
            discovery.clear();
            push(source, 0.0);
            run(target, maxDistance);
        }

        private void run(int target, double maxDistance) {
            this.target = INVALID;
            int w = g.w;
            while (size > 0) {
                int top = heap[1];
                if (dist[top] > maxDistance) break;
                pop();
                discovery.add(top);
                if (top == target) break;
                int x = top % w;
                int y = top / w;
                for (int k = 0; k < 8; k++) {
                    int qx = x + NX[k];
                    int qy = y + NY[k];
                    if (qx < 0 || qy < 0 || qx >= w || qy >= g.h) continue;
                    int other = qy * w + qx;
                    if (index[other] != -1) {
                        double alternative = dist[top] + g.weight(top, k);
                        if (alternative < dist[other]) {
                            push(other, alternative);
                            dist[other] = alternative;
                            pred[other] = top;
                        }
                    } else if (pred[other] == INVALID) {
                        double initial = dist[top] + g.weight(top, k);
                        if (initial <= maxDistance) {
                            push(other, initial);
                            dist[other] = initial;
                            pred[other] = top;
                        }
                    }
                }
            }
            while (size > 0) {
                pred[heap[1]] = INVALID;
                pop();
            }
            if (target == INVALID || discovery.data[discovery.size - 1] == target) {
                this.target = discovery.data[discovery.size - 1];
            }
        }

        // ChangeablePriorityQueue<double>, std::less
        private void push(int i, double p) {
            if (index[i] == -1) {
                size++;
                index[i] = size;
                heap[size] = i;
                priority[i] = p;
                bubbleUp(size);
            } else if (p > priority[i]) {
                priority[i] = p;
                bubbleDown(index[i]);
            } else if (p < priority[i]) {
                priority[i] = p;
                bubbleUp(index[i]);
            }
        }

        private void pop() {
            int min = heap[1];
            swap(1, size--);
            bubbleDown(1);
            index[min] = -1;
            heap[size + 1] = -1;
        }

        private void swap(int i, int j) {
            int t = heap[i];
            heap[i] = heap[j];
            heap[j] = t;
            index[heap[i]] = i;
            index[heap[j]] = j;
        }

        private void bubbleUp(int k) {
            while (k > 1 && priority[heap[k / 2]] > priority[heap[k]]) {
                swap(k, k / 2);
                k = k / 2;
            }
        }

        private void bubbleDown(int k) {
            while (2 * k <= size) {
                int j = 2 * k;
                if (j < size && priority[heap[j]] > priority[heap[j + 1]]) j++;
                if (priority[heap[k]] <= priority[heap[j]]) break;
                swap(k, j);
                k = j;
            }
        }
    }

    /** A growable list of ints. */
    private static final class IntList {
        int[] data = new int[64];
        int size;

        void add(int v) {
            if (size == data.length) data = java.util.Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
