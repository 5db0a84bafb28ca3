package org.sylva.features;

/**
 * Per-pixel arithmetic of the feature bank over the elements {@code [from, to)} of float arrays (the 3×3 solver:
 * the first {@code n}): sums, differences, gradient magnitudes and the eigenvalues of symmetric 2×2 and 3×3
 * matrices, sorted descending (spec §1.5). A scalar reference ({@link #SCALAR}) and a Vector API version
 * ({@link #best()}).
 */
interface Pointwise {

    /** vigra's constants for the 3×3 solver. */
    double INV3 = 1.0 / 3.0;
    double ROOT3 = Math.sqrt(3.0);

    /** {@code dst = a + b (+ c)}; {@code c} may be null. */
    void sum(float[] a, float[] b, float[] c, float[] dst, int from, int to);

    /** {@code dst = a − b}. */
    void difference(float[] a, float[] b, float[] dst, int from, int to);

    /** {@code dst = sqrt(a² + b² (+ c²))}; {@code c} may be null. */
    void magnitude(float[] a, float[] b, float[] c, float[] dst, int from, int to);

    /** {@code dst[i] = a[i]} widened to double. */
    void widen(float[] a, double[] dst, int from, int to);

    /** {@code dst = a · b}. */
    void product(float[] a, float[] b, float[] dst, int from, int to);

    /**
     * Eigenvalues of [[xx, xy], [xy, yy]], {@code e0 ≥ e1}, with vigra's {@code symmetric2x2Eigenvalues}:
     * {@code d = hypot(xx − yy, 2·xy)}, {@code e = (xx + yy ± d)/2} in double.
     */
    void eigen2(float[] xx, float[] xy, float[] yy, float[] e0, float[] e1, int from, int to);

    /**
     * Eigenvalues of the symmetric matrix [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]], {@code e0 ≥ e1 ≥ e2}, with
     * vigra's {@code symmetric3x3Eigenvalues}: the trigonometric solution of the characteristic cubic, whose
     * coefficients vigra forms partly in float. That formula loses precision when eigenvalues nearly coincide;
     * ilastik's features carry exactly those errors, so we reproduce the formula operation by operation rather
     * than use a more accurate solver.
     */
    void eigen3(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                float[] e0, float[] e1, float[] e2, int n);

    Scalar SCALAR = new Scalar();

    /** The scalar reference; its tail helpers write results at an offset. */
    final class Scalar implements Pointwise {
        @Override
        public void sum(float[] a, float[] b, float[] c, float[] dst, int from, int to) {
            if (c == null) for (int i = from; i < to; i++) dst[i] = a[i] + b[i];
            else for (int i = from; i < to; i++) dst[i] = a[i] + b[i] + c[i];
        }

        @Override
        public void difference(float[] a, float[] b, float[] dst, int from, int to) {
            for (int i = from; i < to; i++) dst[i] = a[i] - b[i];
        }

        @Override
        public void magnitude(float[] a, float[] b, float[] c, float[] dst, int from, int to) {
            if (c == null) for (int i = from; i < to; i++) dst[i] = (float) Math.sqrt(a[i] * a[i] + b[i] * b[i]);
            else for (int i = from; i < to; i++) dst[i] = (float) Math.sqrt(a[i] * a[i] + b[i] * b[i] + c[i] * c[i]);
        }

        @Override
        public void widen(float[] a, double[] dst, int from, int to) {
            for (int i = from; i < to; i++) dst[i] = a[i];
        }

        @Override
        public void product(float[] a, float[] b, float[] dst, int from, int to) {
            for (int i = from; i < to; i++) dst[i] = a[i] * b[i];
        }

        @Override
        public void eigen2(float[] xx, float[] xy, float[] yy, float[] e0, float[] e1, int from, int to) {
            for (int i = from; i < to; i++) {
                double d = Math.sqrt((double) (xx[i] - yy[i]) * (xx[i] - yy[i]) + 4.0 * xy[i] * (double) xy[i]);
                float tr = xx[i] + yy[i];
                float r0 = (float) (0.5 * (tr + d)), r1 = (float) (0.5 * (tr - d));
                e0[i] = r0;     // d ≥ 0, so r0 ≥ r1 (vigra's swap never happens)
                e1[i] = r1;
            }
        }

        @Override
        public void eigen3(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                           float[] e0, float[] e1, float[] e2, int n) {
            for (int i = 0; i < n; i++) {
                float a00 = xx[i], a01 = xy[i], a02 = xz[i], a11 = yy[i], a12 = yz[i], a22 = zz[i];
                // operand types as in vigra's C++: float products stay float, "2.0*" promotes to double
                double c0 = a00 * a11 * a22 + 2.0 * a01 * a02 * a12 - a00 * a12 * a12 - a11 * a02 * a02
                        - a22 * a01 * a01;
                double c1 = a00 * a11 - a01 * a01 + a00 * a22 - a02 * a02 + a11 * a22 - a12 * a12;
                double c2 = a00 + a11 + a22;
                double c2Div3 = c2 * INV3;
                double aDiv3 = Math.min((c1 - c2 * c2Div3) * INV3, 0.0);
                double mbDiv2 = 0.5 * (c0 + c2Div3 * (2.0 * c2Div3 * c2Div3 - c1));
                double q = Math.min(mbDiv2 * mbDiv2 + aDiv3 * aDiv3 * aDiv3, 0.0);
                double magnitude = Math.sqrt(-aDiv3);
                double angle = Math.atan2(Math.sqrt(-q), mbDiv2) * INV3;
                double cs = Math.cos(angle), sn = Math.sin(angle);
                float r0 = (float) (c2Div3 + 2.0 * magnitude * cs);
                float r1 = (float) (c2Div3 - magnitude * (cs + ROOT3 * sn));
                float r2 = (float) (c2Div3 - magnitude * (cs - ROOT3 * sn));
                // vigra's swaps: if (r0 < r1) swap(r0, r1); if (r0 < r2) swap(r0, r2); if (r1 < r2) swap(r1, r2)
                if (r0 < r1) { float x = r0; r0 = r1; r1 = x; }
                if (r0 < r2) { float x = r0; r0 = r2; r2 = x; }
                if (r1 < r2) { float x = r1; r1 = r2; r2 = x; }
                e0[i] = r0;
                e1[i] = r1;
                e2[i] = r2;
            }
        }

        /** {@link #eigen3} of the (copied) tail arrays, results written to {@code e0/e1/e2[from .. n)}. */
        void eigen3(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz,
                    float[] e0, float[] e1, float[] e2, int from, int n) {
            int m = n - from;
            float[] o0 = new float[m], o1 = new float[m], o2 = new float[m];
            eigen3(xx, xy, xz, yy, yz, zz, o0, o1, o2, m);
            System.arraycopy(o0, 0, e0, from, m);
            System.arraycopy(o1, 0, e1, from, m);
            System.arraycopy(o2, 0, e2, from, m);
        }
    }

    /** The Vector API implementation if the incubator module is available, else {@link #SCALAR}. */
    static Pointwise best() {
        return Holder.BEST;
    }

    /** Lazily resolves the vector implementation once. */
    final class Holder {
        static final Pointwise BEST = load();

        private Holder() {}

        private static Pointwise load() {
            if (Boolean.getBoolean("sylva.scalar")) return SCALAR;
            try {
                Class.forName("jdk.incubator.vector.FloatVector");
                return (Pointwise) Class.forName("org.sylva.features.VectorPointwise").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return SCALAR;
            }
        }
    }
}
