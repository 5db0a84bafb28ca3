package org.sylva.features;

import static org.sylva.features.VectorShapes.D;
import static org.sylva.features.VectorShapes.F;
import static org.sylva.features.VectorShapes.LF;
import static org.sylva.features.VectorShapes.clampAbove0;
import static org.sylva.features.VectorShapes.exact;
import static org.sylva.features.VectorShapes.high;
import static org.sylva.features.VectorShapes.low;
import static org.sylva.features.VectorShapes.half;
import static org.sylva.features.VectorShapes.spill;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Pointwise} on the Vector API, following the rules of {@link VectorShapes}.
 *
 * <p>The eigenvalue solvers keep vigra's float sub-expressions in float lanes and do the rest in double lanes
 * (scalar {@code Math.atan2} would be ~50× slower than the vector one). They run as a sequence of short loops over
 * chunk-sized scratch arrays rather than one long loop body, each within C2's node budget (see {@link VectorShapes}).
 */
final class VectorPointwise implements Pointwise {

    /**
     * Elements per chunk: the eleven scratch arrays (2 KB each, 22 KB together) stay in a 32 KB L1 cache; with
     * 512 they spilled to L2 and the 3×3 solver took ~15% longer.
     */
    private static final int CHUNK = 256;
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[11][CHUNK]);

    @Override
    public void sum(float[] a, float[] b, float[] c, float[] dst, int from, int to) {
        int i = from;
        for (; i <= to - LF; i += LF) {
            FloatVector v = FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i));
            if (c != null) v = v.add(FloatVector.fromArray(F, c, i));
            exact(v).intoArray(dst, i);
        }
        for (; i < to; i++) dst[i] = c == null ? a[i] + b[i] : a[i] + b[i] + c[i];
    }

    @Override
    public void difference(float[] a, float[] b, float[] dst, int from, int to) {
        int i = from;
        for (; i <= to - LF; i += LF) FloatVector.fromArray(F, a, i).sub(FloatVector.fromArray(F, b, i)).intoArray(dst, i);
        for (; i < to; i++) dst[i] = a[i] - b[i];
    }

    @Override
    public void magnitude(float[] a, float[] b, float[] c, float[] dst, int from, int to) {
        int i = from;
        for (; i <= to - LF; i += LF) {
            FloatVector va = FloatVector.fromArray(F, a, i);
            FloatVector vb = FloatVector.fromArray(F, b, i);
            FloatVector s = va.mul(va).add(vb.mul(vb));
            if (c != null) {
                FloatVector vc = FloatVector.fromArray(F, c, i);
                s = s.add(vc.mul(vc));
            }
            exact(s).lanewise(VectorOperators.SQRT).intoArray(dst, i);
        }
        for (; i < to; i++) {
            float s = a[i] * a[i] + b[i] * b[i];
            if (c != null) s += c[i] * c[i];
            dst[i] = (float) Math.sqrt(s);
        }
    }

    @Override
    public void widen(float[] a, double[] dst, int from, int to) {
        int i = from;
        for (; i <= to - LF; i += LF) spill(FloatVector.fromArray(F, a, i), dst, i);
        for (; i < to; i++) dst[i] = a[i];
    }

    @Override
    public void product(float[] a, float[] b, float[] dst, int from, int to) {
        int i = from;
        for (; i <= to - LF; i += LF) FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(dst, i);
        for (; i < to; i++) dst[i] = a[i] * b[i];
    }

    // ------------------------------------------------------------------------------------------- 2×2

    @Override
    public void eigen2(float[] xx, float[] xy, float[] yy, float[] e0, float[] e1, int from, int to) {
        double[][] t = SCRATCH.get();
        int full = to - (to - from) % LF;
        for (int at = from; at < full; at += CHUNK) {
            int m = Math.min(CHUNK, full - at);
            eigen2Widen(xx, xy, yy, at, m, t);
            eigen2Solve(t, m);
            eigen2Store(t, e0, e1, at, m);
        }
        if (full < to) SCALAR.eigen2(xx, xy, yy, e0, e1, full, to);
    }

    /** Float part: tr = xx + yy, diff = xx − yy (as vigra, in float), xy; widened into t[0..2]. */
    private static void eigen2Widen(float[] xx, float[] xy, float[] yy, int at, int m, double[][] t) {
        for (int i = 0; i < m; i += LF) {
            FloatVector a = FloatVector.fromArray(F, xx, at + i), c = FloatVector.fromArray(F, yy, at + i);
            spill(a.add(c), t[0], i);
            spill(a.sub(c), t[1], i);
            spill(FloatVector.fromArray(F, xy, at + i), t[2], i);
        }
    }

    /** Double part: d = hypot(diff, 2·xy); r0, r1 = (tr ± d)/2 into t[3], t[4]. */
    private static void eigen2Solve(double[][] t, int m) {
        int ld = D.length();
        for (int i = 0; i < m; i += ld) {
            DoubleVector tr = DoubleVector.fromArray(D, t[0], i), diff = DoubleVector.fromArray(D, t[1], i);
            DoubleVector b2 = DoubleVector.fromArray(D, t[2], i).mul(2.0);
            DoubleVector d = diff.mul(diff).add(b2.mul(b2)).lanewise(VectorOperators.SQRT);
            tr.add(d).mul(0.5).intoArray(t[3], i);
            tr.sub(d).mul(0.5).intoArray(t[4], i);
        }
    }

    private static void eigen2Store(double[][] t, float[] e0, float[] e1, int at, int m) {
        for (int i = 0; i < m; i += D.length()) {
            // d ≥ 0, so r0 ≥ r1 already (vigra's swap never happens)
            half(DoubleVector.fromArray(D, t[3], i)).intoArray(e0, at + i);
            half(DoubleVector.fromArray(D, t[4], i)).intoArray(e1, at + i);
        }
    }

    // ------------------------------------------------------------------------------------------- 3×3

    @Override
    public void eigen3(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                       float[] e0, float[] e1, float[] e2, int n) {
        double[][] t = SCRATCH.get();
        int full = n - n % LF;
        for (int at = 0; at < full; at += CHUNK) {
            int m = Math.min(CHUNK, full - at);
            eigen3Products01(xx, yy, yz, zz, at, m, t);
            eigen3Products23(xy, xz, yy, zz, at, m, t);
            eigen3Sums(xx, xy, xz, yy, yz, zz, at, m, t);
            eigen3Trace(xx, yy, zz, at, m, t);
            eigen3OffDiagonal(xy, xz, yz, at, m, t);
            eigen3Coefficients(t, m);
            atan2(t[1], t[0], t[2], t[9], t[10], m);
            eigen3Trig(t, m);
            eigen3Store(t, e0, e1, e2, at, m);
        }
        if (full < n) {
            SCALAR.eigen3(sub(xx, full, n), sub(xy, full, n), sub(xz, full, n), sub(yy, full, n), sub(yz, full, n),
                    sub(zz, full, n), e0, e1, e2, full, n);
        }
    }

    /**
     * vigra's float triple products of c0: t[0] = a00·a11·a22, t[1] = a00·a12²; the other two in {@link
     * #eigen3Products23}. All four in one loop came close enough to C2's node budget that some runs lost a store's
     * intrinsic (see {@link VectorShapes}).
     */
    private static void eigen3Products01(float[] xx, float[] yy, float[] yz, float[] zz, int at, int m,
                                         double[][] t) {
        for (int i = 0; i < m; i += LF) {
            FloatVector a00 = FloatVector.fromArray(F, xx, at + i), a11 = FloatVector.fromArray(F, yy, at + i);
            FloatVector a12 = FloatVector.fromArray(F, yz, at + i), a22 = FloatVector.fromArray(F, zz, at + i);
            spill(a00.mul(a11).mul(a22), t[0], i);
            spill(a00.mul(a12).mul(a12), t[1], i);
        }
    }

    /** t[2] = a11·a02², t[3] = a22·a01² (see {@link #eigen3Products01}). */
    private static void eigen3Products23(float[] xy, float[] xz, float[] yy, float[] zz, int at, int m,
                                         double[][] t) {
        for (int i = 0; i < m; i += LF) {
            FloatVector a01 = FloatVector.fromArray(F, xy, at + i), a02 = FloatVector.fromArray(F, xz, at + i);
            FloatVector a11 = FloatVector.fromArray(F, yy, at + i), a22 = FloatVector.fromArray(F, zz, at + i);
            spill(a11.mul(a02).mul(a02), t[2], i);
            spill(a22.mul(a01).mul(a01), t[3], i);
        }
    }

    /** vigra's float c1 = a00·a11 − a01² + a00·a22 − a02² + a11·a22 − a12² into t[4]. */
    private static void eigen3Sums(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                                   int at, int m, double[][] t) {
        for (int i = 0; i < m; i += LF) {
            FloatVector a00 = FloatVector.fromArray(F, xx, at + i), a01 = FloatVector.fromArray(F, xy, at + i);
            FloatVector a02 = FloatVector.fromArray(F, xz, at + i), a11 = FloatVector.fromArray(F, yy, at + i);
            FloatVector a12 = FloatVector.fromArray(F, yz, at + i), a22 = FloatVector.fromArray(F, zz, at + i);
            FloatVector c1 = a00.mul(a11).sub(a01.mul(a01));
            c1 = c1.add(a00.mul(a22)).sub(a02.mul(a02));
            c1 = c1.add(a11.mul(a22)).sub(a12.mul(a12));
            spill(c1, t[4], i);
        }
    }

    /** The off-diagonals a01, a02, a12 widened into t[6..8]. */
    private static void eigen3OffDiagonal(float[] xy, float[] xz, float[] yz, int at, int m, double[][] t) {
        for (int i = 0; i < m; i += LF) {
            spill(FloatVector.fromArray(F, xy, at + i), t[6], i);
            spill(FloatVector.fromArray(F, xz, at + i), t[7], i);
            spill(FloatVector.fromArray(F, yz, at + i), t[8], i);
        }
    }

    /** vigra's float c2 = a00 + a11 + a22 into t[5]. */
    private static void eigen3Trace(float[] xx, float[] yy, float[] zz, int at, int m, double[][] t) {
        for (int i = 0; i < m; i += LF) {
            FloatVector a00 = FloatVector.fromArray(F, xx, at + i), a11 = FloatVector.fromArray(F, yy, at + i);
            spill(a00.add(a11).add(FloatVector.fromArray(F, zz, at + i)), t[5], i);
        }
    }

    /** c0, then c2/3 → t[5], min(aDiv3, 0) → t[4], mbDiv2 → t[0], sqrt(−min(q, 0)) → t[1]. */
    private static void eigen3Coefficients(double[][] t, int m) {
        int ld = D.length();
        for (int i = 0; i < m; i += ld) {
            DoubleVector a01 = DoubleVector.fromArray(D, t[6], i), a02 = DoubleVector.fromArray(D, t[7], i);
            DoubleVector a12 = DoubleVector.fromArray(D, t[8], i);
            DoubleVector c0 = DoubleVector.fromArray(D, t[0], i).add(a01.mul(2.0).mul(a02).mul(a12))
                    .sub(DoubleVector.fromArray(D, t[1], i)).sub(DoubleVector.fromArray(D, t[2], i))
                    .sub(DoubleVector.fromArray(D, t[3], i));
            DoubleVector c1 = DoubleVector.fromArray(D, t[4], i), c2 = DoubleVector.fromArray(D, t[5], i);
            DoubleVector c2Div3 = c2.mul(INV3);
            DoubleVector aDiv3 = clampAbove0(c1.sub(c2.mul(c2Div3)).mul(INV3));
            DoubleVector mbDiv2 = c0.add(c2Div3.mul(c2Div3.mul(2.0).mul(c2Div3).sub(c1))).mul(0.5);
            DoubleVector q = clampAbove0(mbDiv2.mul(mbDiv2).add(aDiv3.mul(aDiv3).mul(aDiv3)));
            c2Div3.intoArray(t[5], i);
            aDiv3.intoArray(t[4], i);
            mbDiv2.intoArray(t[0], i);
            q.neg().lanewise(VectorOperators.SQRT).intoArray(t[1], i);
        }
    }

    /** fdlibm's atan polynomial (aT[0..10] of s_atan.c), accurate for |r| ≤ 7/16. */
    private static final double AT0 = 3.33333333333329318027e-01, AT1 = -1.99999999998764832476e-01,
            AT2 = 1.42857142725034663711e-01, AT3 = -1.11111104054623557880e-01, AT4 = 9.09088713343650656196e-02,
            AT5 = -7.69187620504482999495e-02, AT6 = 6.66107313738753120669e-02, AT7 = -5.83357013379057348645e-02,
            AT8 = 4.97687799461593236017e-02, AT9 = -3.65315727442169155270e-02, AT10 = 1.62858201153657823623e-02;
    /** tan(π/8) and tan(3π/8), where the reduction switches; π/4, π/2 and π as double + remainder. */
    private static final double TAN1 = 0.41421356237309503, TAN3 = 2.414213562373095;
    private static final double PI4 = 0.7853981633974483, PI4_LO = 3.061616997868383e-17;
    private static final double PI2 = 1.5707963267948966, PI2_LO = 6.123233995736766e-17;
    private static final double PI = 3.141592653589793, PI_LO = 1.2246467991473532e-16;

    /**
     * {@code dst = atan2(y, x)} for {@code y ≥ 0} (+0 and −0 included; n a multiple of the double lanes), within
     * two ulps of {@code Math.atan2} (mostly equal), signed zeros as {@code Math.atan2}; {@code hi} and {@code lo}
     * are scratch of n elements. Costs about as much as the vector math library's atan2, which JDK 17 has only on
     * x86 (elsewhere one scalar call per lane), and is the same on every platform. t = y/|x| is reduced to
     * |r| ≤ tan(π/8) — r = t; (t − 1)/(t + 1) and π/4; −1/t and π/2 — each reduction one quotient of y and |x|; then
     * fdlibm's polynomial; then π − a for negative x. Two loops (the reduction, then the rest) rather than one: the
     * single loop's body came so close to C2's node budget that in some runs its last store lost its intrinsic.
     * Each loop holds all of its vector code: C2 inlines a helper of more than 35 bytecodes only at call sites its
     * profile calls hot, and a vector helper left out of line boxes every vector (see {@link VectorShapes}).
     */
    static void atan2(double[] ys, double[] xs, double[] dst, double[] hi, double[] lo, int n) {
        atan2Reduce(ys, xs, dst, hi, lo, n);
        atan2Finish(ys, xs, dst, hi, lo, n);
    }

    /** The reduced argument r → {@code r}, and the angle it was reduced by as hi + lo → {@code hi}, {@code lo}. */
    private static void atan2Reduce(double[] ys, double[] xs, double[] r, double[] hi, double[] lo, int n) {
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector y = DoubleVector.fromArray(D, ys, i), ax = DoubleVector.fromArray(D, xs, i).abs();
            VectorMask<Double> mid = y.compare(VectorOperators.GT, ax.mul(TAN1));
            VectorMask<Double> far = y.compare(VectorOperators.GT, ax.mul(TAN3));
            DoubleVector num = y.blend(y.sub(ax), mid).blend(ax.neg(), far);
            DoubleVector den = ax.blend(y.add(ax), mid).blend(y, far);
            num.div(den).blend(0.0, y.compare(VectorOperators.EQ, 0.0)).intoArray(r, i);     // atan2(±0, ±0)
            DoubleVector.zero(D).blend(PI4, mid).blend(PI2, far).intoArray(hi, i);
            DoubleVector.zero(D).blend(PI4_LO, mid).blend(PI2_LO, far).intoArray(lo, i);
        }
    }

    /** atan(r) + hi + lo, mirrored for negative x and negated for −0 in y, in place of r. */
    private static void atan2Finish(double[] ys, double[] xs, double[] r, double[] his, double[] los, int n) {
        for (int i = 0; i < n; i += D.length()) {
            DoubleVector rv = DoubleVector.fromArray(D, r, i), z = rv.mul(rv), w = z.mul(z);
            DoubleVector s1 = w.fma(AT10, AT8).fma(w, DoubleVector.broadcast(D, AT6))
                    .fma(w, DoubleVector.broadcast(D, AT4)).fma(w, DoubleVector.broadcast(D, AT2))
                    .fma(w, DoubleVector.broadcast(D, AT0)).mul(z);
            DoubleVector s2 = w.fma(AT9, AT7).fma(w, DoubleVector.broadcast(D, AT5))
                    .fma(w, DoubleVector.broadcast(D, AT3)).fma(w, DoubleVector.broadcast(D, AT1)).mul(w);
            DoubleVector hi = DoubleVector.fromArray(D, his, i), lo = DoubleVector.fromArray(D, los, i);
            DoubleVector a = hi.sub(rv.mul(s1.add(s2)).sub(lo).sub(rv));
            VectorMask<Double> negativeX = DoubleVector.fromArray(D, xs, i).test(VectorOperators.IS_NEGATIVE);
            a = a.blend(DoubleVector.broadcast(D, PI).sub(a.sub(PI_LO)), negativeX);
            a.blend(a.neg(), DoubleVector.fromArray(D, ys, i).test(VectorOperators.IS_NEGATIVE)).intoArray(r, i);
        }
    }

    /** (−1)^k / (2k)! and (−1)^k / (2k+1)!, k = 0..10, for the cos and sin series. */
    private static final double C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, C10;
    private static final double S0, S1, S2, S3, S4, S5, S6, S7, S8, S9, S10;

    static {
        double[] c = new double[11], s = new double[11];
        double f = 1;
        for (int k = 0; k < c.length; k++) {
            if (k > 0) f *= (2 * k - 1) * (2 * k);
            c[k] = (k % 2 == 0 ? 1.0 : -1.0) / f;
            s[k] = c[k] / (2 * k + 1);
        }
        C0 = c[0]; C1 = c[1]; C2 = c[2]; C3 = c[3]; C4 = c[4]; C5 = c[5];
        C6 = c[6]; C7 = c[7]; C8 = c[8]; C9 = c[9]; C10 = c[10];
        S0 = s[0]; S1 = s[1]; S2 = s[2]; S3 = s[3]; S4 = s[4]; S5 = s[5];
        S6 = s[6]; S7 = s[7]; S8 = s[8]; S9 = s[9]; S10 = s[10];
    }

    /**
     * angle = θ/3 from θ in t[2]; its cos and sin → t[9], t[10] by series to a²⁰ and a²¹, which for angles in
     * [−π/3, π/3] reach double precision (error below 1e-17) at half the cost of the vector math calls.
     */
    private static void eigen3Trig(double[][] t, int m) {
        for (int i = 0; i < m; i += D.length()) {
            DoubleVector a = DoubleVector.fromArray(D, t[2], i).mul(INV3), a2 = a.mul(a);
            a2.fma(C10, C9).fma(a2, DoubleVector.broadcast(D, C8)).fma(a2, DoubleVector.broadcast(D, C7))
                    .fma(a2, DoubleVector.broadcast(D, C6)).fma(a2, DoubleVector.broadcast(D, C5))
                    .fma(a2, DoubleVector.broadcast(D, C4)).fma(a2, DoubleVector.broadcast(D, C3))
                    .fma(a2, DoubleVector.broadcast(D, C2)).fma(a2, DoubleVector.broadcast(D, C1))
                    .fma(a2, DoubleVector.broadcast(D, C0)).intoArray(t[9], i);
            a2.fma(S10, S9).fma(a2, DoubleVector.broadcast(D, S8)).fma(a2, DoubleVector.broadcast(D, S7))
                    .fma(a2, DoubleVector.broadcast(D, S6)).fma(a2, DoubleVector.broadcast(D, S5))
                    .fma(a2, DoubleVector.broadcast(D, S4)).fma(a2, DoubleVector.broadcast(D, S3))
                    .fma(a2, DoubleVector.broadcast(D, S2)).fma(a2, DoubleVector.broadcast(D, S1))
                    .fma(a2, DoubleVector.broadcast(D, S0)).mul(a).intoArray(t[10], i);
        }
    }

    /**
     * The roots r0, r1, r2 from cos, sin (t[9], t[10]), c2/3 (t[5]) and min(aDiv3, 0) (t[4]), sorted descending and
     * stored rounded to float. vigra rounds first and then swaps; rounding is monotonic, so sorting the doubles
     * gives the same floats in the same order.
     */
    private static void eigen3Store(double[][] t, float[] e0, float[] e1, float[] e2, int at, int m) {
        for (int i = 0; i < m; i += D.length()) {
            DoubleVector cs = DoubleVector.fromArray(D, t[9], i), sn = DoubleVector.fromArray(D, t[10], i);
            DoubleVector c2Div3 = DoubleVector.fromArray(D, t[5], i);
            DoubleVector magnitude = DoubleVector.fromArray(D, t[4], i).neg().lanewise(VectorOperators.SQRT);
            DoubleVector r0 = c2Div3.add(magnitude.mul(2.0).mul(cs));
            DoubleVector r1 = c2Div3.sub(magnitude.mul(cs.add(sn.mul(ROOT3))));
            DoubleVector r2 = c2Div3.sub(magnitude.mul(cs.sub(sn.mul(ROOT3))));
            // vigra's swaps (if r0 < r1 swap, …): compare and blend, far cheaper than Java's min/max semantics
            VectorMask<Double> s01 = r0.lt(r1);
            DoubleVector a = r0.blend(r1, s01), b = r1.blend(r0, s01);
            VectorMask<Double> s02 = a.lt(r2);
            half(a.blend(r2, s02)).intoArray(e0, at + i);
            DoubleVector c = r2.blend(a, s02);
            VectorMask<Double> s12 = b.lt(c);
            half(b.blend(c, s12)).intoArray(e1, at + i);
            half(c.blend(b, s12)).intoArray(e2, at + i);
        }
    }

    /** A copy of {@code a[i .. n)}, for the scalar tail. */
    private static float[] sub(float[] a, int i, int n) {
        return java.util.Arrays.copyOfRange(a, i, n);
    }
}
