package org.sylva.objects.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pixel centres of a box that lie in the convex hull of an object's pixel centres (boundary included), in
 * exact integer arithmetic, for {@link HullMode#GEOMETRIC}. 2D: Andrew's monotone chain; 3D: an incremental hull
 * over the candidate points (the extreme pixels of every row that are vertices of their slice's 2D hull). Each
 * row of the box then gets the interval of x allowed by every hull facet (the constraints are linear in x).
 * Degenerate hulls (a point, a segment, a planar polygon in 3D) are handled exactly too.
 */
final class LatticeHull {

    private LatticeHull() {}

    /**
     * Marks the hull pixels: {@code object[(z * ny + y) * nx + x]} is the object in its box (coordinates relative
     * to the box), {@code hull} (same layout) is written.
     */
    static void fill(boolean[] object, int nx, int ny, int nz, boolean[] hull) {
        // candidates: the extreme pixels of every row, reduced to the vertices of each slice's 2D hull
        List<long[]> points = new ArrayList<>();
        for (int z = 0; z < nz; z++) {
            List<long[]> slice = new ArrayList<>();
            for (int y = 0; y < ny; y++) {
                int o = (z * ny + y) * nx;
                int first = -1;
                int last = -1;
                for (int x = 0; x < nx; x++) {
                    if (object[o + x]) {
                        if (first < 0) first = x;
                        last = x;
                    }
                }
                if (first < 0) continue;
                slice.add(new long[] {first, y, z});
                if (last != first) slice.add(new long[] {last, y, z});
            }
            points.addAll(hull2d(slice));
        }
        Arrays.fill(hull, false);
        Constraints c = nz == 1 ? Constraints.of2d(hull2d(points)) : Constraints.of3d(points);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                long[] range = c.row(y, z);
                if (range == null) continue;
                int from = (int) Math.max(range[0], 0);
                int to = (int) Math.min(range[1], nx - 1);
                int o = (z * ny + y) * nx;
                for (int x = from; x <= to; x++) hull[o + x] = true;
            }
        }
    }

    /** Vertices of the 2D hull (x, y) of points sharing z, counter-clockwise, no collinear vertices. */
    static List<long[]> hull2d(List<long[]> pts) {
        long[][] p = pts.toArray(new long[0][]);
        Arrays.sort(p, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int n = p.length;
        if (n <= 1) return new ArrayList<>(Arrays.asList(p));
        long[][] h = new long[2 * n][];
        int k = 0;
        for (long[] q : p) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], q) <= 0) k--;
            h[k++] = q;
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--) {
            while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) k--;
            h[k++] = p[i];
        }
        List<long[]> out = new ArrayList<>(Arrays.asList(h).subList(0, k - 1));
        if (out.size() == 2 && Arrays.equals(out.get(0), out.get(1))) out.remove(1);
        return out;
    }

    private static long cross(long[] o, long[] a, long[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    /**
     * Linear constraints {@code a·x + b(y, z) ≥ 0} (and optional equalities) describing the hull; per row the
     * allowed x interval.
     */
    private static final class Constraints {
        // each inequality: ax * x + by * y + bz * z + c >= 0
        final List<long[]> ge = new ArrayList<>();
        // each equality: ax * x + by * y + bz * z + c == 0
        final List<long[]> eq = new ArrayList<>();

        /** The allowed [xmin, xmax] of row (y, z), or null if none. */
        long[] row(long y, long z) {
            long lo = Long.MIN_VALUE / 4;
            long hi = Long.MAX_VALUE / 4;
            for (long[] e : ge) {
                long a = e[0];
                long b = e[1] * y + e[2] * z + e[3];
                if (a == 0) {
                    if (b < 0) return null;
                } else if (a > 0) {
                    lo = Math.max(lo, -Math.floorDiv(b, a));        // x >= ceil(-b / a)
                } else {
                    hi = Math.min(hi, Math.floorDiv(b, -a));        // x <= floor(b / -a)
                }
            }
            for (long[] e : eq) {
                long a = e[0];
                long b = e[1] * y + e[2] * z + e[3];
                if (a == 0) {
                    if (b != 0) return null;
                } else {
                    if (Math.floorMod(-b, Math.abs(a)) != 0) return null;
                    long x = -b / a;
                    lo = Math.max(lo, x);
                    hi = Math.min(hi, x);
                }
            }
            return lo <= hi ? new long[] {lo, hi} : null;
        }

        static Constraints of2d(List<long[]> h) {
            Constraints c = new Constraints();
            if (h.size() >= 3) {
                for (int i = 0; i < h.size(); i++) {
                    long[] v = h.get(i);
                    long[] w = h.get((i + 1) % h.size());
                    long ex = w[0] - v[0];
                    long ey = w[1] - v[1];
                    // cross(e, p - v) >= 0:  -ey * x + ex * y + (ey * vx - ex * vy) >= 0
                    c.ge.add(new long[] {-ey, ex, 0, ey * v[0] - ex * v[1]});
                }
            } else {
                segment(c, h.get(0), h.get(h.size() - 1), false);
            }
            c.eq.add(new long[] {0, 0, 1, 0});     // z == 0
            return c;
        }

        /** Points of the segment v–w (or the point v): on the line, between the ends. */
        private static void segment(Constraints c, long[] v, long[] w, boolean threeD) {
            long[] d = {w[0] - v[0], w[1] - v[1], w[2] - v[2]};
            if (d[0] == 0 && d[1] == 0 && d[2] == 0) {
                for (int a = 0; a < 3; a++) {
                    long[] e = new long[4];
                    e[a] = 1;
                    e[3] = -v[a];
                    c.eq.add(e);
                }
                return;
            }
            // collinear: every cross-product component of d × (p - v) vanishes
            long[][] rows = {
                {0, -d[2], d[1], d[2] * v[1] - d[1] * v[2]},
                {d[2], 0, -d[0], d[0] * v[2] - d[2] * v[0]},
                {-d[1], d[0], 0, d[1] * v[0] - d[0] * v[1]}};
            for (long[] r : rows) {
                if (r[0] != 0 || r[1] != 0 || r[2] != 0) c.eq.add(r);
            }
            // between: d·(p - v) >= 0 and d·(w - p) >= 0
            long dv = d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
            long dw = d[0] * w[0] + d[1] * w[1] + d[2] * w[2];
            c.ge.add(new long[] {d[0], d[1], d[2], -dv});
            c.ge.add(new long[] {-d[0], -d[1], -d[2], dw});
        }

        static Constraints of3d(List<long[]> pts) {
            Constraints c = new Constraints();
            int n = pts.size();
            long[] p0 = pts.get(0);
            // affine rank: find a second point, a third off the line, a fourth off the plane
            int i1 = -1;
            for (int i = 1; i < n && i1 < 0; i++) if (!Arrays.equals(pts.get(i), p0)) i1 = i;
            if (i1 < 0) {
                segment(c, p0, p0, true);
                return c;
            }
            long[] d1 = sub(pts.get(i1), p0);
            int i2 = -1;
            long[] normal = null;
            for (int i = 1; i < n && i2 < 0; i++) {
                long[] cr = crossV(d1, sub(pts.get(i), p0));
                if (cr[0] != 0 || cr[1] != 0 || cr[2] != 0) {
                    i2 = i;
                    normal = cr;
                }
            }
            if (i2 < 0) {
                // collinear: the segment between the extreme points along d1
                long[] lo = p0;
                long[] hi = p0;
                for (long[] p : pts) {
                    if (dot(d1, sub(p, lo)) < 0) lo = p;
                    if (dot(d1, sub(p, hi)) > 0) hi = p;
                }
                segment(c, lo, hi, true);
                return c;
            }
            int i3 = -1;
            for (int i = 1; i < n && i3 < 0; i++) if (dot(normal, sub(pts.get(i), p0)) != 0) i3 = i;
            if (i3 < 0) {
                planar(c, pts, p0, normal);
                return c;
            }
            for (long[] f : hull3d(pts, i1, i2, i3)) c.ge.add(f);
            return c;
        }

        /** A planar hull in 3D: the plane equation plus the polygon's edges. */
        private static void planar(Constraints c, List<long[]> pts, long[] p0, long[] n) {
            c.eq.add(new long[] {n[0], n[1], n[2], -dot(n, p0)});
            // project on the two axes where the normal is not dominant, hull there, lift back the edges
            int drop = Math.abs(n[0]) >= Math.abs(n[1]) && Math.abs(n[0]) >= Math.abs(n[2]) ? 0
                    : Math.abs(n[1]) >= Math.abs(n[2]) ? 1 : 2;
            int u = drop == 0 ? 1 : 0;
            int v = drop == 2 ? 1 : 2;
            Map<String, long[]> back = new HashMap<>();
            List<long[]> flat = new ArrayList<>();
            for (long[] p : pts) {
                long[] q = {p[u], p[v], 0};
                flat.add(q);
                back.put(q[0] + "," + q[1], p);
            }
            List<long[]> h = hull2d(flat);
            if (h.size() < 3) {
                segment(c, back.get(h.get(0)[0] + "," + h.get(0)[1]), back.get(h.get(h.size() - 1)[0] + ","
                        + h.get(h.size() - 1)[1]), true);
                return;
            }
            for (int i = 0; i < h.size(); i++) {
                long[] a = back.get(h.get(i)[0] + "," + h.get(i)[1]);
                long[] b = back.get(h.get((i + 1) % h.size())[0] + "," + h.get((i + 1) % h.size())[1]);
                // inside: (n × (b - a)) · (p - a) has the sign it has for the other hull vertices
                long[] inward = crossV(n, sub(b, a));
                long[] k = {inward[0], inward[1], inward[2], -dot(inward, a)};
                long[] other = back.get(h.get((i + 2) % h.size())[0] + "," + h.get((i + 2) % h.size())[1]);
                if (dot(inward, other) - dot(inward, a) < 0) for (int j = 0; j < 4; j++) k[j] = -k[j];
                c.ge.add(k);
            }
        }
    }

    /**
     * Facets of the 3D hull as inequalities {@code a·p + d ≥ 0} (inward normals), by incremental construction in
     * exact integer arithmetic from the initial tetrahedron (i0 = 0, i1, i2, i3).
     */
    private static List<long[]> hull3d(List<long[]> pts, int i1, int i2, int i3) {
        long[][] p = pts.toArray(new long[0][]);
        List<int[]> faces = new ArrayList<>();      // outward-oriented triangles (a, b, c)
        int[] tet = {0, i1, i2, i3};
        int[][] tf = {{0, 1, 2}, {0, 3, 1}, {0, 2, 3}, {1, 3, 2}};
        long[] inner = new long[3];
        for (int t : tet) for (int k = 0; k < 3; k++) inner[k] += p[t][k];
        for (int[] f : tf) {
            int a = tet[f[0]];
            int b = tet[f[1]];
            int c = tet[f[2]];
            // orient so that the 4th vertex (4 * centroid) is behind: orient(a, b, c, inner/4) < 0
            if (orient4(p[a], p[b], p[c], inner) > 0) {
                int s = b;
                b = c;
                c = s;
            }
            faces.add(new int[] {a, b, c});
        }
        for (int q = 1; q < p.length; q++) {
            if (q == i1 || q == i2 || q == i3) continue;
            List<int[]> visible = new ArrayList<>();
            List<int[]> kept = new ArrayList<>();
            for (int[] f : faces) {
                if (orient(p[f[0]], p[f[1]], p[f[2]], p[q]) > 0) visible.add(f);
                else kept.add(f);
            }
            if (visible.isEmpty()) continue;
            Map<Long, Boolean> edges = new HashMap<>();
            for (int[] f : visible) {
                for (int e = 0; e < 3; e++) edges.put(key(f[e], f[(e + 1) % 3]), Boolean.TRUE);
            }
            for (int[] f : visible) {
                for (int e = 0; e < 3; e++) {
                    int a = f[e];
                    int b = f[(e + 1) % 3];
                    if (!edges.containsKey(key(b, a))) kept.add(new int[] {a, b, q});   // horizon edge
                }
            }
            faces = kept;
        }
        List<long[]> out = new ArrayList<>();
        for (int[] f : faces) {
            long[] n = crossV(sub(p[f[1]], p[f[0]]), sub(p[f[2]], p[f[0]]));   // outward
            out.add(new long[] {-n[0], -n[1], -n[2], dot(n, p[f[0]])});       // -n·p + n·a >= 0
        }
        return out;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** Positive if {@code d} is on the side the normal (b - a) × (c - a) points to. */
    private static long orient(long[] a, long[] b, long[] c, long[] d) {
        return dot(crossV(sub(b, a), sub(c, a)), sub(d, a));
    }

    /** {@link #orient} with {@code d4 = 4 · d} (avoids fractions for the tetrahedron's centroid). */
    private static long orient4(long[] a, long[] b, long[] c, long[] d4) {
        long[] n = crossV(sub(b, a), sub(c, a));
        return n[0] * (d4[0] - 4 * a[0]) + n[1] * (d4[1] - 4 * a[1]) + n[2] * (d4[2] - 4 * a[2]);
    }

    private static long[] sub(long[] a, long[] b) {
        return new long[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static long[] crossV(long[] a, long[] b) {
        return new long[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static long dot(long[] a, long[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
