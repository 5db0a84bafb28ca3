package org.sylva.features;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes of the feature kernels and the small helpers that must always be inlined into them.
 *
 * <p>JDK 17's Vector API compiles to plain vector code only when (1) every shared operation sees one vector shape —
 * mixing 256- and 512-bit float vectors makes C2 box every vector — so there is one float species for arithmetic
 * and the double species of the same bit size (the half-size float species {@link #FH} only receives a rounded
 * double vector on its way to a store, and measured without boxing); and (2) C2 inlines a kernel's Vector API calls
 * completely — when a method's node budget ({@code NodeCountInliningCutoff}) runs out, calls that take or return
 * vectors are left out of line and their vectors boxed (10–50× slower). So the kernels ({@link VectorLines}, {@link
 * VectorPointwise}) are short loops over arrays, each compiled on its own: the launcher and the tests pass {@code
 * -XX:CompileCommand=dontinline,org/sylva/features/VectorLines.*} and the same for {@code VectorPointwise}, so a
 * big caller never inlines a kernel and runs out of budget inside it. This class holds what kernels call with
 * vector arguments; every method here must stay within C2's {@code MaxInlineSize} (35 bytecodes): a larger callee
 * is inlined only where the profile calls the call site hot, and never once it has a big compiled body of its own,
 * so whether its vectors are boxed would depend on the history of the run. Longer vector code belongs in the
 * kernel's own loop body.
 *
 * <p>Known open problem (JDK 17 only, see docs/performance.md, "Pixel features", fourth stop): in about one JVM run
 * in four C2 compiles a few stores of the 3×3 eigenvalue loops without their intrinsic, and that run's 3D features
 * take ~40% longer. Fusing more work into those loops makes it worse; Temurin 25 did not show it.
 */
final class VectorShapes {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int LF = F.length();
    /** Floats of half the bit size of {@link #F}: a double vector rounded to float (see {@link #half}). */
    static final VectorSpecies<Float> FH =
            VectorSpecies.of(float.class, VectorShape.forBitSize(F.vectorBitSize() / 2));

    private VectorShapes() {}

    /** The lower half of a float vector as doubles. */
    static DoubleVector low(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    /** The upper half of a float vector as doubles. */
    static DoubleVector high(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
    }

    /**
     * The lanes rounded to float, as a float vector of half the bits — to be stored as it is. Joining two halves
     * into one full float vector costs a lane shuffle, with bounds checks C2 does not remove, and makes the kernel
     * large enough to exhaust C2's inlining budget; two half-width stores cost neither.
     */
    static FloatVector half(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, FH, 0);
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
}
