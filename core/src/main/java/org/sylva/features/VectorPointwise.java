package org.sylva.features;

import static org.sylva.features.VectorShapes.D;
import static org.sylva.features.VectorShapes.F;
import static org.sylva.features.VectorShapes.LF;
import static org.sylva.features.VectorShapes.atan2;
import static org.sylva.features.VectorShapes.clampAbove0;
import static org.sylva.features.VectorShapes.cosSmall;
import static org.sylva.features.VectorShapes.high;
import static org.sylva.features.VectorShapes.low;
import static org.sylva.features.VectorShapes.narrow;
import static org.sylva.features.VectorShapes.sinSmall;
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

    /** Elements per chunk: the scratch arrays (a few KB each) stay in L1/L2. */
    private static final int CHUNK = 512;
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[12][CHUNK]);

    @Override
    public void sum(float[] a, float[] b, float[] c, float[] dst, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) {
            FloatVector v = FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i));
            if (c != null) v = v.add(FloatVector.fromArray(F, c, i));
            v.intoArray(dst, i);
        }
        for (; i < n; i++) dst[i] = c == null ? a[i] + b[i] : a[i] + b[i] + c[i];
    }

    @Override
    public void difference(float[] a, float[] b, float[] dst, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) FloatVector.fromArray(F, a, i).sub(FloatVector.fromArray(F, b, i)).intoArray(dst, i);
        for (; i < n; i++) dst[i] = a[i] - b[i];
    }

    @Override
    public void magnitude(float[] a, float[] b, float[] c, float[] dst, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) {
            FloatVector va = FloatVector.fromArray(F, a, i);
            FloatVector vb = FloatVector.fromArray(F, b, i);
            FloatVector s = va.mul(va).add(vb.mul(vb));
            if (c != null) {
                FloatVector vc = FloatVector.fromArray(F, c, i);
                s = s.add(vc.mul(vc));
            }
            s.lanewise(VectorOperators.SQRT).intoArray(dst, i);
        }
        for (; i < n; i++) {
            float s = a[i] * a[i] + b[i] * b[i];
            if (c != null) s += c[i] * c[i];
            dst[i] = (float) Math.sqrt(s);
        }
    }

    @Override
    public void widen(float[] a, double[] dst, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) spill(FloatVector.fromArray(F, a, i), dst, i);
        for (; i < n; i++) dst[i] = a[i];
    }

    @Override
    public void product(float[] a, float[] b, float[] dst, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(dst, i);
        for (; i < n; i++) dst[i] = a[i] * b[i];
    }

    // ------------------------------------------------------------------------------------------- 2×2

    @Override
    public void eigen2(float[] xx, float[] xy, float[] yy, float[] e0, float[] e1, int n) {
        double[][] t = SCRATCH.get();
        int full = n - n % LF;
        for (int at = 0; at < full; at += CHUNK) {
            int m = Math.min(CHUNK, full - at);
            eigen2Widen(xx, xy, yy, at, m, t);
            eigen2Solve(t, m);
            eigen2Store(t, e0, e1, at, m);
        }
        if (full < n) {
            SCALAR.eigen2(sub(xx, full, n), sub(xy, full, n), sub(yy, full, n), e0, e1, full, n);
        }
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
        int h = LF / 2;
        for (int i = 0; i < m; i += LF) {
            FloatVector r0 = narrow(DoubleVector.fromArray(D, t[3], i), DoubleVector.fromArray(D, t[3], i + h));
            FloatVector r1 = narrow(DoubleVector.fromArray(D, t[4], i), DoubleVector.fromArray(D, t[4], i + h));
            r0.intoArray(e0, at + i);     // d ≥ 0, so r0 ≥ r1 already (vigra's swap never happens)
            r1.intoArray(e1, at + i);
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
            eigen3Products(xx, xy, xz, yy, yz, zz, at, m, t);
            eigen3Sums(xx, xy, xz, yy, yz, zz, at, m, t);
            eigen3Trace(xx, yy, zz, at, m, t);
            eigen3OffDiagonal(xy, xz, yz, at, m, t);
            eigen3Coefficients(t, m);
            eigen3Angle(t, m);
            eigen3Roots(t, m);
            eigen3Store(t, e0, e1, e2, at, m);
        }
        if (full < n) {
            SCALAR.eigen3(sub(xx, full, n), sub(xy, full, n), sub(xz, full, n), sub(yy, full, n), sub(yz, full, n),
                    sub(zz, full, n), e0, e1, e2, full, n);
        }
    }

    /** vigra's float triple products of c0: t[0] = a00·a11·a22, t[1] = a00·a12², t[2] = a11·a02², t[3] = a22·a01². */
    private static void eigen3Products(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                                       int at, int m, double[][] t) {
        for (int i = 0; i < m; i += LF) {
            FloatVector a00 = FloatVector.fromArray(F, xx, at + i), a01 = FloatVector.fromArray(F, xy, at + i);
            FloatVector a02 = FloatVector.fromArray(F, xz, at + i), a11 = FloatVector.fromArray(F, yy, at + i);
            FloatVector a12 = FloatVector.fromArray(F, yz, at + i), a22 = FloatVector.fromArray(F, zz, at + i);
            spill(a00.mul(a11).mul(a22), t[0], i);
            spill(a00.mul(a12).mul(a12), t[1], i);
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

    /** c0, then c2/3 → t[5], min(aDiv3, 0) → t[4], mbDiv2 → t[0], min(q, 0) → t[1]. */
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
            q.intoArray(t[1], i);
        }
    }

    /**
     * angle = atan2(sqrt(−q), mbDiv2)/3 → t[2] (the JDK's vector atan2); cos → t[3]; sin → t[6] by series, which
     * for angles in [0, π/3] reach double precision (≈1 ulp) at half the cost of the vector math calls.
     */
    private static void eigen3Angle(double[][] t, int m) {
        eigen3Atan(t, m);
        eigen3Trig(t, m);
    }

    private static void eigen3Atan(double[][] t, int m) {
        for (int i = 0; i < m; i += D.length()) {
            DoubleVector q = DoubleVector.fromArray(D, t[1], i), mb = DoubleVector.fromArray(D, t[0], i);
            atan2(q.neg().lanewise(VectorOperators.SQRT), mb).mul(INV3).intoArray(t[2], i);
        }
    }

    private static void eigen3Trig(double[][] t, int m) {
        for (int i = 0; i < m; i += D.length()) {
            DoubleVector a = DoubleVector.fromArray(D, t[2], i), a2 = a.mul(a);
            cosSmall(a2).intoArray(t[3], i);
            sinSmall(a, a2).intoArray(t[6], i);
        }
    }

    /** r0, r1, r2 → t[9], t[10], t[11]. */
    private static void eigen3Roots(double[][] t, int m) {
        int ld = D.length();
        for (int i = 0; i < m; i += ld) {
            DoubleVector c2Div3 = DoubleVector.fromArray(D, t[5], i);
            DoubleVector magnitude = DoubleVector.fromArray(D, t[4], i).neg().lanewise(VectorOperators.SQRT);
            DoubleVector cs = DoubleVector.fromArray(D, t[3], i), sn = DoubleVector.fromArray(D, t[6], i);
            c2Div3.add(magnitude.mul(2.0).mul(cs)).intoArray(t[9], i);
            c2Div3.sub(magnitude.mul(cs.add(sn.mul(ROOT3)))).intoArray(t[10], i);
            c2Div3.sub(magnitude.mul(cs.sub(sn.mul(ROOT3)))).intoArray(t[11], i);
        }
    }

    /** Rounds r0..r2 to float, sorts them descending, stores them. */
    private static void eigen3Store(double[][] t, float[] e0, float[] e1, float[] e2, int at, int m) {
        int h = LF / 2;
        for (int i = 0; i < m; i += LF) {
            FloatVector r0 = narrow(DoubleVector.fromArray(D, t[9], i), DoubleVector.fromArray(D, t[9], i + h));
            FloatVector r1 = narrow(DoubleVector.fromArray(D, t[10], i), DoubleVector.fromArray(D, t[10], i + h));
            FloatVector r2 = narrow(DoubleVector.fromArray(D, t[11], i), DoubleVector.fromArray(D, t[11], i + h));
            // vigra's swaps (if r0 < r1 swap, …): compare and blend, far cheaper than Java's min/max semantics
            VectorMask<Float> s01 = r0.lt(r1);
            FloatVector a = r0.blend(r1, s01), b = r1.blend(r0, s01);
            VectorMask<Float> s02 = a.lt(r2);
            a.blend(r2, s02).intoArray(e0, at + i);
            FloatVector c = r2.blend(a, s02);
            VectorMask<Float> s12 = b.lt(c);
            b.blend(c, s12).intoArray(e1, at + i);
            c.blend(b, s12).intoArray(e2, at + i);
        }
    }


    /** A copy of {@code a[i .. n)}, for the scalar tail. */
    private static float[] sub(float[] a, int i, int n) {
        return java.util.Arrays.copyOfRange(a, i, n);
    }
}
