package org.sylva.features;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes of the feature kernels and the small helpers that must always be inlined into them.
 *
 * <p>JDK 17's Vector API compiles to plain vector code only when (1) every shared operation sees one vector shape —
 * mixing 256- and 512-bit float vectors makes C2 box every vector — so there is exactly one float species here and
 * the double species of the same bit size; and (2) C2 inlines a kernel's Vector API calls completely — when a
 * method's node budget ({@code NodeCountInliningCutoff}) runs out, calls that take or return vectors are left out
 * of line and their vectors boxed (10–50× slower). So the kernels ({@link VectorLines}, {@link VectorPointwise})
 * are short loops over arrays, each compiled on its own: the launcher and the tests pass
 * {@code -XX:CompileCommand=dontinline,org/sylva/features/VectorLines.*} and the same for {@code VectorPointwise},
 * so a big caller never inlines a kernel and runs out of budget inside it. This class holds what kernels call with
 * vector arguments; it must stay inlinable.
 */
final class VectorShapes {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int LF = F.length();
    /** Float lanes filled by the second (upper) double half. */
    static final VectorMask<Float> UPPER = VectorMask.fromLong(F, ((1L << LF) - 1) & ~((1L << (LF / 2)) - 1));

    private VectorShapes() {}

    /** The lower half of a float vector as doubles. */
    static DoubleVector low(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    /** The upper half of a float vector as doubles. */
    static DoubleVector high(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
    }

    /** Two double vectors rounded into one float vector (lower half first). */
    static FloatVector narrow(DoubleVector lo, DoubleVector hi) {
        FloatVector a = (FloatVector) lo.convertShape(VectorOperators.D2F, F, 0);
        FloatVector b = (FloatVector) hi.convertShape(VectorOperators.D2F, F, -1);
        return a.blend(b, UPPER);
    }

    /** The value of each lane rounded to float precision (still a double vector). */
    static DoubleVector roundToFloat(DoubleVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.D2F, F, 0).convertShape(VectorOperators.F2D, D, 0);
    }

    /** Stores a float vector as doubles at {@code t[at .. at+LF)}. */
    static void spill(FloatVector v, double[] t, int at) {
        low(v).intoArray(t, at);
        high(v).intoArray(t, at + LF / 2);
    }

    /** vigra's {@code if (v > 0.0) v = 0.0}: a compare and a blend (Java's min costs several instructions more). */
    static DoubleVector clampAbove0(DoubleVector v) {
        return v.blend(0.0, v.compare(VectorOperators.GT, 0.0));
    }

    /** (−1)^k / (2k)! and (−1)^k / (2k+1)! for the cos and sin series. */
    private static final double[] COS = new double[11], SIN = new double[11];

    static {
        double f = 1;
        for (int k = 0; k < COS.length; k++) {
            if (k > 0) f *= (2 * k - 1) * (2 * k);
            COS[k] = (k % 2 == 0 ? 1.0 : -1.0) / f;
            SIN[k] = COS[k] / (2 * k + 1);
        }
    }

    /** cos(a) for |a| ≤ π/3 from a² (series to a²⁰: error below 1e-17). */
    static DoubleVector cosSmall(DoubleVector a2) {
        DoubleVector s = DoubleVector.broadcast(D, COS[10]);
        s = s.fma(a2, DoubleVector.broadcast(D, COS[9]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[8]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[7]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[6]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[5]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[4]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[3]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[2]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[1]));
        s = s.fma(a2, DoubleVector.broadcast(D, COS[0]));
        return s;
    }

    /** sin(a) for |a| ≤ π/3 (series to a²¹). */
    static DoubleVector sinSmall(DoubleVector a, DoubleVector a2) {
        DoubleVector s = DoubleVector.broadcast(D, SIN[10]);
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[9]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[8]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[7]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[6]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[5]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[4]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[3]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[2]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[1]));
        s = s.fma(a2, DoubleVector.broadcast(D, SIN[0]));
        return s.mul(a);
    }

    /** fdlibm's atan polynomial (aT[0..10] of s_atan.c), accurate for |r| ≤ 7/16. */
    private static final double AT0 = 3.33333333333329318027e-01, AT1 = -1.99999999998764832476e-01,
            AT2 = 1.42857142725034663711e-01, AT3 = -1.11111104054623557880e-01, AT4 = 9.09088713343650656196e-02,
            AT5 = -7.69187620504482999495e-02, AT6 = 6.66107313738753120669e-02, AT7 = -5.83357013379057348645e-02,
            AT8 = 4.97687799461593236017e-02, AT9 = -3.65315727442169155270e-02, AT10 = 1.62858201153657823623e-02;
    /** tan(π/8) and tan(3π/8): where the reduction switches; π/4, π/2, π split into double + remainder. */
    private static final double TAN1 = 0.41421356237309503, TAN3 = 2.414213562373095;
    private static final double PI4 = 0.7853981633974483, PI4_LO = 3.061616997868383e-17;
    private static final double PI2 = 1.5707963267948966, PI2_LO = 6.123233995736766e-17;
    private static final double PI = 3.141592653589793, PI_LO = 1.2246467991473532e-16;

    /**
     * atan2(y, x) for {@code y ≥ 0} (+0 or −0 included), within about one ulp of {@code Math.atan2}, signed zeros
     * as {@code Math.atan2}. One division instead of the vector math library's general atan2, which costs several
     * times as much: t = y/|x| is reduced to |r| ≤ tan(π/8) (r = t; (t − 1)/(t + 1) + π/4; −1/t + π/2), each
     * reduction written as one quotient of y and |x|, then fdlibm's polynomial, then π − a for negative x.
     */
    static DoubleVector atan2(DoubleVector y, DoubleVector x) {
        DoubleVector ax = x.abs();
        VectorMask<Double> mid = y.compare(VectorOperators.GT, ax.mul(TAN1));
        VectorMask<Double> far = y.compare(VectorOperators.GT, ax.mul(TAN3));
        DoubleVector num = y.blend(y.sub(ax), mid).blend(ax.neg(), far);
        DoubleVector den = ax.blend(y.add(ax), mid).blend(y, far);
        DoubleVector r = num.div(den).blend(0.0, y.compare(VectorOperators.EQ, 0.0));     // atan2(±0, ±0)
        DoubleVector hi = DoubleVector.zero(D).blend(PI4, mid).blend(PI2, far);
        DoubleVector lo = DoubleVector.zero(D).blend(PI4_LO, mid).blend(PI2_LO, far);
        DoubleVector a = hi.sub(atanTail(r).sub(lo).sub(r));
        a = a.blend(DoubleVector.broadcast(D, PI).sub(a.sub(PI_LO)), x.test(VectorOperators.IS_NEGATIVE));
        return a.blend(a.neg(), y.test(VectorOperators.IS_NEGATIVE));
    }

    /**
     * fdlibm's r·(s1 + s2), atan(r) = r − that. Its own method: C2 inlines a hot callee only below
     * {@code FreqInlineSize} (325) bytecodes, and {@link #atan2} with the polynomial inside is larger.
     */
    private static DoubleVector atanTail(DoubleVector r) {
        DoubleVector z = r.mul(r), w = z.mul(z);
        DoubleVector s1 = w.fma(AT10, AT8).fma(w, DoubleVector.broadcast(D, AT6)).fma(w, DoubleVector.broadcast(D, AT4))
                .fma(w, DoubleVector.broadcast(D, AT2)).fma(w, DoubleVector.broadcast(D, AT0)).mul(z);
        DoubleVector s2 = w.fma(AT9, AT7).fma(w, DoubleVector.broadcast(D, AT5)).fma(w, DoubleVector.broadcast(D, AT3))
                .fma(w, DoubleVector.broadcast(D, AT1)).mul(w);
        return r.mul(s1.add(s2));
    }
}
