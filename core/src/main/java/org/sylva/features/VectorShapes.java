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
 * <p>(3) C2 binds a Vector API call without consulting a type profile only when it knows the vector's exact class.
 * A loop-carried vector (a loop's phi) and the result of a shape conversion have only their declared type while a
 * kernel is parsed, and the profiles of the shared Vector API methods are frozen at whatever the run had executed
 * when C2 compiled them — with or without the half-size vectors of {@link #half}. Before the kernels cast such
 * vectors with {@link #exact}, about one JVM run in four lost the intrinsics of some stores and took ~40% longer
 * (docs/performance.md, "Pixel features", fifth stop). (4) The same failure follows from a loop body that comes
 * close to the node budget, whose size depends on the profile too: the long solver loops are split in two.
 */
final class VectorShapes {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final int LF = F.length();
    /** Floats of half the bit size of {@link #F}: a double vector rounded to float (see {@link #half}). */
    static final VectorSpecies<Float> FH =
            VectorSpecies.of(float.class, VectorShape.forBitSize(F.vectorBitSize() / 2));

    private VectorShapes() {}

    /**
     * {@code v} typed as {@link #F}'s own vector class, for loop-carried vectors and conversion results (rule (3)
     * above): the cast, to a constant class, is free once C2 knows the type, and binds the calls on the vector the
     * same way in every run — with a type profile that also holds {@link #half}'s vectors, a store or an operation
     * loses its intrinsic and runs 10–50× slower.
     */
    static FloatVector exact(FloatVector v) {
        return (FloatVector) F.vectorType().cast(v);
    }

    /** {@code v} typed as {@link #D}'s own vector class (see {@link #exact(FloatVector)}). */
    static DoubleVector exact(DoubleVector v) {
        return (DoubleVector) D.vectorType().cast(v);
    }

    /** The lower half of a float vector as doubles. */
    static DoubleVector low(FloatVector v) {
        return exact((DoubleVector) exact(v).convertShape(VectorOperators.F2D, D, 0));
    }

    /** The upper half of a float vector as doubles. */
    static DoubleVector high(FloatVector v) {
        return exact((DoubleVector) exact(v).convertShape(VectorOperators.F2D, D, 1));
    }

    /**
     * The lanes rounded to float, as a float vector of half the bits — to be stored as it is. Joining two halves
     * into one full float vector costs a lane shuffle, with bounds checks C2 does not remove, and makes the kernel
     * large enough to exhaust C2's inlining budget; two half-width stores cost neither.
     */
    static FloatVector half(DoubleVector v) {
        return (FloatVector) FH.vectorType().cast(exact(v).convertShape(VectorOperators.D2F, FH, 0));
    }

    /** The value of each lane rounded to float precision (still a double vector). */
    static DoubleVector roundToFloat(DoubleVector v) {
        return exact((DoubleVector) exact(v).convertShape(VectorOperators.D2F, F, 0)
                .convertShape(VectorOperators.F2D, D, 0));
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
