package org.sylva.objects.features;

/**
 * vigra's {@code symmetricEigensystem} (eigensystem.hxx, adapted from JAMA): Householder tridiagonalisation, then
 * the implicit QL algorithm, eigenvalues sorted descending. Ported operation for operation because the signs of
 * ilastik's {@code RegionAxes} / {@code PrincipalAxes} (and of the odd principal moments projected on them) are
 * whatever this algorithm produces.
 */
final class SymmetricEigen {

    private SymmetricEigen() {}

    /**
     * Eigen-decomposes the symmetric {@code n × n} matrix {@code a} (row-major, not modified).
     *
     * @param ew out: {@code n} eigenvalues, largest first
     * @param ev out: {@code n × n} row-major, column {@code j} ({@code ev[i * n + j]}) is eigenvector {@code j}
     * @return false if QL did not converge (as vigra)
     */
    static boolean decompose(double[] a, int n, double[] ew, double[] ev) {
        System.arraycopy(a, 0, ev, 0, n * n);
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalize(ev, n, d, e);
        boolean ok = ql(d, e, ev, n);
        System.arraycopy(d, 0, ew, 0, n);
        return ok;
    }

    /** housholderTridiagonalization: {@code a} becomes the transformation, d/e the tridiagonal matrix. */
    private static void tridiagonalize(double[] a, int n, double[] d, double[] e) {
        for (int j = 0; j < n; ++j) d[j] = a[(n - 1) * n + j];
        for (int i = n - 1; i > 0; --i) {
            double scale = 0.0;
            double h = 0.0;
            for (int k = 0; k < i; ++k) scale = scale + Math.abs(d[k]);
            if (scale == 0.0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; ++j) {
                    d[j] = a[(i - 1) * n + j];
                    a[i * n + j] = 0.0;
                    a[j * n + i] = 0.0;
                }
            } else {
                for (int k = 0; k < i; ++k) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; ++j) e[j] = 0.0;
                for (int j = 0; j < i; ++j) {
                    f = d[j];
                    a[j * n + i] = f;
                    g = e[j] + a[j * n + j] * f;
                    for (int k = j + 1; k <= i - 1; ++k) {
                        g += a[k * n + j] * d[k];
                        e[k] += a[k * n + j] * f;
                    }
                    e[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; ++j) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; ++j) e[j] -= hh * d[j];
                for (int j = 0; j < i; ++j) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; ++k) a[k * n + j] -= (f * e[k] + g * d[k]);
                    d[j] = a[(i - 1) * n + j];
                    a[i * n + j] = 0.0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; ++i) {
            a[(n - 1) * n + i] = a[i * n + i];
            a[i * n + i] = 1.0;
            double h = d[i + 1];
            if (h != 0.0) {
                for (int k = 0; k <= i; ++k) d[k] = a[k * n + i + 1] / h;
                for (int j = 0; j <= i; ++j) {
                    double g = 0.0;
                    for (int k = 0; k <= i; ++k) g += a[k * n + i + 1] * a[k * n + j];
                    for (int k = 0; k <= i; ++k) a[k * n + j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; ++k) a[k * n + i + 1] = 0.0;
        }
        for (int j = 0; j < n; ++j) {
            d[j] = a[(n - 1) * n + j];
            a[(n - 1) * n + j] = 0.0;
        }
        a[(n - 1) * n + n - 1] = 1.0;
        e[0] = 0.0;
    }

    /** tridiagonalMatrixEigensystem: implicit QL on (d, e), accumulating into {@code z}; sorts descending. */
    private static boolean ql(double[] d, double[] e, double[] z, int n) {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0.0;
        double f = 0.0;
        double tst1 = 0.0;
        double eps = Math.pow(2.0, -52.0);
        for (int l = 0; l < n; ++l) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n) {
                if (Math.abs(e[m]) <= eps * tst1) break;
                ++m;
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 50) return false;
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Math.hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; ++i) d[i] -= h;
                    f = f + h;
                    p = d[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; --i) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int k = 0; k < n; ++k) {
                            h = z[k * n + i + 1];
                            z[k * n + i + 1] = s * z[k * n + i] + c * h;
                            z[k * n + i] = c * z[k * n + i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] = d[l] + f;
            e[l] = 0.0;
        }
        for (int i = 0; i < n - 1; ++i) {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; ++j) {
                double p1 = d[j];
                if (p < p1) {
                    k = j;
                    p = p1;
                }
            }
            if (k != i) {
                double t = d[k];
                d[k] = d[i];
                d[i] = t;
                for (int j = 0; j < n; ++j) {
                    double u = z[j * n + i];
                    z[j * n + i] = z[j * n + k];
                    z[j * n + k] = u;
                }
            }
        }
        return true;
    }
}
