package org.sylva.features;

import static org.sylva.features.VectorLines.F;
import static org.sylva.features.VectorLines.LF;
import static org.sylva.features.VectorLines.high;
import static org.sylva.features.VectorLines.low;
import static org.sylva.features.VectorLines.narrow;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Pointwise} on the Vector API, with the one-float-shape discipline explained in {@link VectorLines}.
 * The eigenvalue solvers keep vigra's float sub-expressions in float lanes and do the rest in double lanes,
 * where the JDK's vector math intrinsics make atan2/cos/sin cheap (scalar {@code Math.atan2} is ~50× slower).
 */
final class VectorPointwise implements Pointwise {

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
    public void product(float[] a, float[] b, float[] dst, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(dst, i);
        for (; i < n; i++) dst[i] = a[i] * b[i];
    }

    @Override
    public void eigen2(float[] xx, float[] xy, float[] yy, float[] e0, float[] e1, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) {
            FloatVector a = FloatVector.fromArray(F, xx, i), c = FloatVector.fromArray(F, yy, i);
            FloatVector b = FloatVector.fromArray(F, xy, i);
            FloatVector diff = a.sub(c), tr = a.add(c);
            FloatVector r0 = narrow(plus2(low(tr), low(diff), low(b)), plus2(high(tr), high(diff), high(b)));
            FloatVector r1 = narrow(minus2(low(tr), low(diff), low(b)), minus2(high(tr), high(diff), high(b)));
            r0.max(r1).intoArray(e0, i);
            r0.min(r1).intoArray(e1, i);
        }
        if (i < n) SCALAR.eigen2(sub(xx, i, n), sub(xy, i, n), sub(yy, i, n), e0, e1, i, n);
    }

    /** {@code 0.5·(tr + hypot(diff, 2b))}. */
    private static DoubleVector plus2(DoubleVector tr, DoubleVector diff, DoubleVector b) {
        return tr.add(hypot(diff, b.mul(2.0))).mul(0.5);
    }

    /** {@code 0.5·(tr − hypot(diff, 2b))}. */
    private static DoubleVector minus2(DoubleVector tr, DoubleVector diff, DoubleVector b) {
        return tr.sub(hypot(diff, b.mul(2.0))).mul(0.5);
    }

    private static DoubleVector hypot(DoubleVector x, DoubleVector y) {
        return x.mul(x).add(y.mul(y)).lanewise(VectorOperators.SQRT);
    }

    @Override
    public void eigen3(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                       float[] e0, float[] e1, float[] e2, int n) {
        int i = 0;
        for (; i <= n - LF; i += LF) {
            FloatVector a00 = FloatVector.fromArray(F, xx, i), a01 = FloatVector.fromArray(F, xy, i);
            FloatVector a02 = FloatVector.fromArray(F, xz, i), a11 = FloatVector.fromArray(F, yy, i);
            FloatVector a12 = FloatVector.fromArray(F, yz, i), a22 = FloatVector.fromArray(F, zz, i);
            // vigra's float sub-expressions of c0 and c1 (products of floats stay float)
            FloatVector p0 = a00.mul(a11).mul(a22);
            FloatVector p1 = a00.mul(a12).mul(a12);
            FloatVector p2 = a11.mul(a02).mul(a02);
            FloatVector p3 = a22.mul(a01).mul(a01);
            FloatVector c1 = a00.mul(a11).sub(a01.mul(a01)).add(a00.mul(a22)).sub(a02.mul(a02))
                    .add(a11.mul(a22)).sub(a12.mul(a12));
            FloatVector c2 = a00.add(a11).add(a22);
            DoubleVector[] lo = solve(low(p0), low(p1), low(p2), low(p3), low(a01), low(a02), low(a12), low(c1), low(c2));
            DoubleVector[] hi = solve(high(p0), high(p1), high(p2), high(p3), high(a01), high(a02), high(a12), high(c1),
                    high(c2));
            FloatVector r0 = narrow(lo[0], hi[0]), r1 = narrow(lo[1], hi[1]), r2 = narrow(lo[2], hi[2]);
            FloatVector a = r0.max(r1), b = r0.min(r1);
            a.max(r2).intoArray(e0, i);
            FloatVector c = a.min(r2);
            b.max(c).intoArray(e1, i);
            b.min(c).intoArray(e2, i);
        }
        if (i < n) {
            SCALAR.eigen3(sub(xx, i, n), sub(xy, i, n), sub(xz, i, n), sub(yy, i, n), sub(yz, i, n), sub(zz, i, n),
                    e0, e1, e2, i, n);
        }
    }

    /** The double part of vigra's {@code symmetric3x3Eigenvalues} for one half vector; returns r0, r1, r2. */
    private static DoubleVector[] solve(DoubleVector p0, DoubleVector p1, DoubleVector p2, DoubleVector p3,
                                        DoubleVector a01, DoubleVector a02, DoubleVector a12, DoubleVector c1,
                                        DoubleVector c2) {
        DoubleVector c0 = p0.add(a01.mul(2.0).mul(a02).mul(a12)).sub(p1).sub(p2).sub(p3);
        DoubleVector c2Div3 = c2.mul(INV3);
        DoubleVector aDiv3 = c1.sub(c2.mul(c2Div3)).mul(INV3).min(0.0);
        DoubleVector mbDiv2 = c0.add(c2Div3.mul(c2Div3.mul(2.0).mul(c2Div3).sub(c1))).mul(0.5);
        DoubleVector q = mbDiv2.mul(mbDiv2).add(aDiv3.mul(aDiv3).mul(aDiv3)).min(0.0);
        DoubleVector magnitude = aDiv3.neg().lanewise(VectorOperators.SQRT);
        DoubleVector angle = q.neg().lanewise(VectorOperators.SQRT).lanewise(VectorOperators.ATAN2, mbDiv2).mul(INV3);
        DoubleVector cs = angle.lanewise(VectorOperators.COS), sn = angle.lanewise(VectorOperators.SIN);
        return new DoubleVector[]{
            c2Div3.add(magnitude.mul(2.0).mul(cs)),
            c2Div3.sub(magnitude.mul(cs.add(sn.mul(ROOT3)))),
            c2Div3.sub(magnitude.mul(cs.sub(sn.mul(ROOT3))))
        };
    }

    /** A copy of {@code a[i .. n)}, for the scalar tail. */
    private static float[] sub(float[] a, int i, int n) {
        return java.util.Arrays.copyOfRange(a, i, n);
    }

}
