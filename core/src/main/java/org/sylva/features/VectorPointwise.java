package org.sylva.features;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Pointwise} on the Vector API. The 3×3 solver runs in double lanes (the JDK's vector math intrinsics make
 * acos/cos/sin cheap there, scalar {@code Math.acos} is ~100× slower); everything else in float.
 */
final class VectorPointwise implements Pointwise {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int LD = D.length();
    /** Float species with as many lanes as {@link #D}, for widening to double. */
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    @Override
    public void sum(float[] a, float[] b, float[] c, float[] dst, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i));
            if (c != null) v = v.add(FloatVector.fromArray(S, c, i));
            v.intoArray(dst, i);
        }
        for (; i < n; i++) dst[i] = a[i] + b[i] + (c == null ? 0 : c[i]);
    }

    @Override
    public void difference(float[] a, float[] b, float[] dst, int n) {
        int i = 0;
        for (; i <= n - L; i += L) FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, b, i)).intoArray(dst, i);
        for (; i < n; i++) dst[i] = a[i] - b[i];
    }

    @Override
    public void magnitude(float[] a, float[] b, float[] c, float[] dst, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector va = FloatVector.fromArray(S, a, i);
            FloatVector vb = FloatVector.fromArray(S, b, i);
            FloatVector s = va.mul(va).add(vb.mul(vb));
            if (c != null) {
                FloatVector vc = FloatVector.fromArray(S, c, i);
                s = s.add(vc.mul(vc));
            }
            s.lanewise(VectorOperators.SQRT).intoArray(dst, i);
        }
        for (; i < n; i++) {
            float s = a[i] * a[i] + b[i] * b[i] + (c == null ? 0 : c[i] * c[i]);
            dst[i] = (float) Math.sqrt(s);
        }
    }

    @Override
    public void product(float[] a, float[] b, float[] dst, int n) {
        int i = 0;
        for (; i <= n - L; i += L) FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(dst, i);
        for (; i < n; i++) dst[i] = a[i] * b[i];
    }

    @Override
    public void eigen2(float[] xx, float[] xy, float[] yy, float[] e0, float[] e1, int n) {
        int i = 0;
        for (; i <= n - LD; i += LD) {
            FloatVector a = FloatVector.fromArray(HALF, xx, i), c = FloatVector.fromArray(HALF, yy, i);
            DoubleVector diff = widen(a.sub(c));
            DoubleVector b2 = widen(FloatVector.fromArray(HALF, xy, i)).mul(2.0);
            DoubleVector d = diff.mul(diff).add(b2.mul(b2)).lanewise(VectorOperators.SQRT);
            DoubleVector tr = widen(a.add(c));
            FloatVector r0 = narrow(tr.add(d).mul(0.5)), r1 = narrow(tr.sub(d).mul(0.5));
            r0.max(r1).intoArray(e0, i);
            r0.min(r1).intoArray(e1, i);
        }
        if (i < n) {
            int m = n - i;
            float[][] t = tail(i, m, xx, xy, yy);
            float[] o0 = new float[m], o1 = new float[m];
            SCALAR.eigen2(t[0], t[1], t[2], o0, o1, m);
            System.arraycopy(o0, 0, e0, i, m);
            System.arraycopy(o1, 0, e1, i, m);
        }
    }

    @Override
    public void eigen3(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                       float[] e0, float[] e1, float[] e2, int n) {
        int i = 0;
        for (; i <= n - LD; i += LD) {
            FloatVector a00 = FloatVector.fromArray(HALF, xx, i), a01 = FloatVector.fromArray(HALF, xy, i);
            FloatVector a02 = FloatVector.fromArray(HALF, xz, i), a11 = FloatVector.fromArray(HALF, yy, i);
            FloatVector a12 = FloatVector.fromArray(HALF, yz, i), a22 = FloatVector.fromArray(HALF, zz, i);
            // vigra's operand types: float products in float lanes, "2.0*…" and the sums in double lanes
            DoubleVector d01 = widen(a01), d02 = widen(a02), d12 = widen(a12);
            DoubleVector c0 = widen(a00.mul(a11).mul(a22)).add(d01.mul(2.0).mul(d02).mul(d12))
                    .sub(widen(a00.mul(a12).mul(a12))).sub(widen(a11.mul(a02).mul(a02)))
                    .sub(widen(a22.mul(a01).mul(a01)));
            DoubleVector c1 = widen(a00.mul(a11).sub(a01.mul(a01)).add(a00.mul(a22)).sub(a02.mul(a02))
                    .add(a11.mul(a22)).sub(a12.mul(a12)));
            DoubleVector c2 = widen(a00.add(a11).add(a22));
            DoubleVector c2Div3 = c2.mul(INV3);
            DoubleVector aDiv3 = c1.sub(c2.mul(c2Div3)).mul(INV3).min(0.0);
            DoubleVector mbDiv2 = c0.add(c2Div3.mul(c2Div3.mul(2.0).mul(c2Div3).sub(c1))).mul(0.5);
            DoubleVector q = mbDiv2.mul(mbDiv2).add(aDiv3.mul(aDiv3).mul(aDiv3)).min(0.0);
            DoubleVector magnitude = aDiv3.neg().lanewise(VectorOperators.SQRT);
            DoubleVector angle = q.neg().lanewise(VectorOperators.SQRT).lanewise(VectorOperators.ATAN2, mbDiv2).mul(INV3);
            DoubleVector cs = angle.lanewise(VectorOperators.COS), sn = angle.lanewise(VectorOperators.SIN);
            FloatVector r0 = narrow(c2Div3.add(magnitude.mul(2.0).mul(cs)));
            FloatVector r1 = narrow(c2Div3.sub(magnitude.mul(cs.add(sn.mul(ROOT3)))));
            FloatVector r2 = narrow(c2Div3.sub(magnitude.mul(cs.sub(sn.mul(ROOT3)))));
            FloatVector a = r0.max(r1), b = r0.min(r1);
            a.max(r2).intoArray(e0, i);
            FloatVector c = a.min(r2);
            b.max(c).intoArray(e1, i);
            b.min(c).intoArray(e2, i);
        }
        if (i < n) {
            int m = n - i;
            float[][] t = tail(i, m, xx, xy, xz, yy, yz, zz);
            float[] o0 = new float[m], o1 = new float[m], o2 = new float[m];
            SCALAR.eigen3(t[0], t[1], t[2], t[3], t[4], t[5], o0, o1, o2, m);
            System.arraycopy(o0, 0, e0, i, m);
            System.arraycopy(o1, 0, e1, i, m);
            System.arraycopy(o2, 0, e2, i, m);
        }
    }

    /** Widens LD float lanes to double lanes. */
    private static DoubleVector widen(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    /** Narrows LD double lanes to float lanes. */
    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, HALF, 0);
    }

    /** Copies {@code a[i .. i+m)} of each array, for the scalar tail. */
    private static float[][] tail(int i, int m, float[]... arrays) {
        float[][] t = new float[arrays.length][m];
        for (int k = 0; k < arrays.length; k++) System.arraycopy(arrays[k], i, t[k], 0, m);
        return t;
    }
}
