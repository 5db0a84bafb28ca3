package org.sylva.export;

import java.util.Objects;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * The export's value step (spec §3.2 item 2): optional renormalisation and the conversion to the export type,
 * computed exactly as ilastik's {@code OpFormattedDataExport} does with numpy.
 *
 * <p><b>Renormalisation</b> (only when both ranges are given):
 * {@code out = ExportMin + (in − InputMin) · frac} with
 * {@code frac = float32((float64(ExportMax) − float64(ExportMin)) / (float64(InputMax) − float64(InputMin)))}, or
 * {@code frac = 0} when that denominator is exactly 0. The arithmetic type is numpy's: float32 pixels compute in
 * float32 (each step rounded to float32), float64 pixels in float64; integer pixels first subtract an integer
 * InputMin in their own integer type (wrapping, e.g. uint8 5 − 10 = 251, as numpy does) and then multiply in float32
 * (up to 16-bit types) or float64 (wider), while a floating-point InputMin makes the whole computation float64.
 * An integer export type gets {@code rint} (round half to even) before the cast; nothing is clipped.
 *
 * <p><b>Casting</b>, with or without renormalisation, is numpy's {@code astype}: float to integer truncates toward
 * zero, integers narrow by wrapping, out-of-range floats give what numpy gives on x86-64 (see {@link NumpyCast}).
 *
 * <p>The data range ({@link Image#drange()}) goes through the same function: with renormalisation it becomes the
 * image of (InputMin, InputMax) — computed on an int64 pair when both were written as integers, float64 otherwise,
 * as ilastik applies the function to {@code numpy.array((InputMin, InputMax))}; without, the image's own drange is
 * cast to the export type.
 */
public final class Conversion {

    private static final int CHUNK = 4096;

    private final DType target;
    private final DataRange input;
    private final DataRange export;

    private Conversion(DType target, DataRange input, DataRange export) {
        this.target = target;
        this.input = input;
        this.export = export;
    }

    /** The conversion the settings ask for (renormalisation only when both ranges are set). */
    public static Conversion of(ExportSettings s) {
        return s.renormalises() ? renormalise(s.inputRange(), s.exportRange(), s.dtype()) : cast(s.dtype());
    }

    /** A plain numpy cast to {@code target} (null: keep the type). */
    public static Conversion cast(DType target) {
        return new Conversion(target, null, null);
    }

    /** Renormalisation from {@code input} to {@code export}, then to {@code target} (null: keep the type). */
    public static Conversion renormalise(DataRange input, DataRange export, DType target) {
        return new Conversion(target, Objects.requireNonNull(input, "input"), Objects.requireNonNull(export, "export"));
    }

    /** True if this conversion renormalises. */
    public boolean renormalises() { return input != null; }

    /** The type of the result for a source of type {@code source}. */
    public DType targetFor(DType source) {
        return target == null ? source : target;
    }

    /** True if the result would equal the source (no renormalisation, same type). */
    public boolean isIdentity(DType source) {
        return input == null && targetFor(source) == source;
    }

    /**
     * The converted image: a new image of the target type (or {@code image} itself when nothing changes), same
     * shape, axes, calibration and name, drange transformed.
     */
    public Image apply(Image image) {
        if (isIdentity(image.dtype())) return image;
        DType src = image.dtype();
        DType dst = targetFor(src);
        Shape shape = image.shape();
        Image out = Image.create(dst, shape, image.axes());
        Kernel k = input == null ? null : new Kernel(src, input, export);
        int n = shape.planeSize();
        for (int t = 0; t < shape.t(); t++) {
            for (int z = 0; z < shape.z(); z++) {
                convertPlane(image.plane(t, z), src, out.plane(t, z), dst, n, k);
            }
        }
        return out.withCalibration(image.calibration()).withName(image.name()).withDrange(drange(src, image.drange()));
    }

    /**
     * The data range after this conversion: with renormalisation the transformed input range (whatever
     * {@code drange} was), else {@code drange} cast to the target type (null stays null).
     */
    public double[] drange(DType source, double[] drange) {
        DType dst = targetFor(source);
        if (input != null) {
            DType virtual = input.isInteger() ? DType.INT64 : DType.FLOAT64;
            Kernel k = new Kernel(virtual, input, export);
            double[] r = new double[2];
            if (virtual == DType.INT64) {
                long[] a = {input.min().longValue(), input.max().longValue()};
                k.integers(a, r, 2);
            } else {
                k.floats(input.toArray(), r, 2);
            }
            return finish(r, dst);
        }
        if (drange == null) return null;
        if (dst == source) return drange.clone();
        return castValues(drange, dst);
    }

    /** float64 values cast to {@code dst} as numpy does, returned as doubles. */
    private static double[] castValues(double[] v, DType dst) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (dst.isInteger()) r[i] = valueOf(NumpyCast.floatToInteger(v[i], dst), dst);
            else r[i] = dst == DType.FLOAT32 ? (float) v[i] : v[i];
        }
        return r;
    }

    /** Renormalised values (in the arithmetic type, held as doubles) rounded and cast to {@code dst}. */
    private static double[] finish(double[] r, DType dst) {
        if (dst.isInteger()) {
            double[] o = new double[r.length];
            for (int i = 0; i < r.length; i++) o[i] = valueOf(NumpyCast.floatToInteger(Math.rint(r[i]), dst), dst);
            return o;
        }
        return castValues(r, dst);
    }

    /** The numeric value of integer bits stored in type {@code t} (narrowed as the plane would store them). */
    private static double valueOf(long bits, DType t) {
        return NumpyCast.toDouble(NumpyCast.wrap(bits, t), t);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void convertPlane(Object src, DType s, Object dst, DType d, int n, Kernel k) {
        if (k != null && s == DType.FLOAT32 && fusedFloat32(src, dst, d, n, k)) return;
        long[] lb = s.isInteger() ? new long[Math.min(n, CHUNK)] : null;
        double[] db = new double[Math.min(n, CHUNK)];
        long[] ob = d.isInteger() ? new long[Math.min(n, CHUNK)] : null;
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            if (k != null) {
                // renormalise into db (arithmetic-type values), then round and cast
                if (lb != null) {
                    readLongs(src, s, off, lb, len);
                    k.integers(lb, db, len);
                } else {
                    readDoubles(src, s, off, db, len);
                    k.floats(db, db, len);
                }
                if (ob != null) {
                    for (int i = 0; i < len; i++) ob[i] = NumpyCast.floatToInteger(Math.rint(db[i]), d);
                    writeLongs(dst, d, off, ob, len);
                } else {
                    writeDoubles(dst, d, off, db, len);
                }
            } else if (lb != null) {
                readLongs(src, s, off, lb, len);
                if (ob != null) {
                    writeLongs(dst, d, off, lb, len);
                } else if (d == DType.FLOAT32) {
                    float[] f = (float[]) dst;
                    for (int i = 0; i < len; i++) f[off + i] = NumpyCast.toFloat(lb[i], s);
                } else {
                    double[] f = (double[]) dst;
                    for (int i = 0; i < len; i++) f[off + i] = NumpyCast.toDouble(lb[i], s);
                }
            } else {
                readDoubles(src, s, off, db, len);
                if (ob != null) {
                    for (int i = 0; i < len; i++) ob[i] = NumpyCast.floatToInteger(db[i], d);
                    writeLongs(dst, d, off, ob, len);
                } else {
                    writeDoubles(dst, d, off, db, len);
                }
            }
        }
    }

    /**
     * The common case in one pass — float32 results renormalised to 8/16-bit integers or float32 — without the
     * intermediate buffers of the general path (same arithmetic, about 3× faster). False if not applicable.
     */
    private static boolean fusedFloat32(Object src, Object dst, DType d, int n, Kernel k) {
        float[] a = (float[]) src;
        switch (d) {
            case UINT8, INT8 -> {
                byte[] o = (byte[]) dst;
                for (int i = 0; i < n; i++) o[i] = (byte) NumpyCast.cvtt32(Math.rint(k.float32(a[i])));
            }
            case UINT16, INT16 -> {
                short[] o = (short[]) dst;
                for (int i = 0; i < n; i++) o[i] = (short) NumpyCast.cvtt32(Math.rint(k.float32(a[i])));
            }
            case FLOAT32 -> {
                float[] o = (float[]) dst;
                for (int i = 0; i < n; i++) o[i] = k.float32(a[i]);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Integer samples as longs (unsigned types zero-extended; uint64 as its bits). */
    private static void readLongs(Object p, DType t, int off, long[] out, int len) {
        switch (t) {
            case UINT8 -> { byte[] a = (byte[]) p; for (int i = 0; i < len; i++) out[i] = a[off + i] & 0xff; }
            case INT8 -> { byte[] a = (byte[]) p; for (int i = 0; i < len; i++) out[i] = a[off + i]; }
            case UINT16 -> { short[] a = (short[]) p; for (int i = 0; i < len; i++) out[i] = a[off + i] & 0xffff; }
            case INT16 -> { short[] a = (short[]) p; for (int i = 0; i < len; i++) out[i] = a[off + i]; }
            case UINT32 -> { int[] a = (int[]) p; for (int i = 0; i < len; i++) out[i] = a[off + i] & 0xffff_ffffL; }
            case INT32 -> { int[] a = (int[]) p; for (int i = 0; i < len; i++) out[i] = a[off + i]; }
            case UINT64, INT64 -> System.arraycopy((long[]) p, off, out, 0, len);
            default -> throw new IllegalArgumentException(t + " is not an integer type");
        }
    }

    /** Integer bits stored with narrowing (two's complement wrap). */
    private static void writeLongs(Object p, DType t, int off, long[] in, int len) {
        switch (t) {
            case UINT8, INT8 -> { byte[] a = (byte[]) p; for (int i = 0; i < len; i++) a[off + i] = (byte) in[i]; }
            case UINT16, INT16 -> { short[] a = (short[]) p; for (int i = 0; i < len; i++) a[off + i] = (short) in[i]; }
            case UINT32, INT32 -> { int[] a = (int[]) p; for (int i = 0; i < len; i++) a[off + i] = (int) in[i]; }
            case UINT64, INT64 -> System.arraycopy(in, 0, (long[]) p, off, len);
            default -> throw new IllegalArgumentException(t + " is not an integer type");
        }
    }

    private static void readDoubles(Object p, DType t, int off, double[] out, int len) {
        if (t == DType.FLOAT32) {
            float[] a = (float[]) p;
            for (int i = 0; i < len; i++) out[i] = a[off + i];
        } else {
            System.arraycopy((double[]) p, off, out, 0, len);
        }
    }

    /** Float values stored as float32 (rounded to nearest) or float64. */
    private static void writeDoubles(Object p, DType t, int off, double[] in, int len) {
        if (t == DType.FLOAT32) {
            float[] a = (float[]) p;
            for (int i = 0; i < len; i++) a[off + i] = (float) in[i];
        } else {
            System.arraycopy(in, 0, (double[]) p, off, len);
        }
    }

    /**
     * The renormalisation {@code ExportMin + (a − InputMin) · frac} for samples of one source type, in numpy's
     * arithmetic types. Results are held as doubles; float32 results are exactly representable.
     */
    private static final class Kernel {
        private final DType src;
        /** How the source computes: float32 throughout, float64 throughout, or integer subtraction first. */
        private final boolean f32Source;
        private final boolean integerMin;
        /** Type of the integer subtraction, and whether the multiplication is float32. */
        private final DType subType;
        private final boolean f32Product;
        private final long mLong;
        private final float m32;
        private final double m64;
        private final float o32;
        private final double o64;
        private final float frac;

        Kernel(DType src, DataRange in, DataRange out) {
            this.src = src;
            double num = out.maxValue() - out.minValue();
            double den = in.maxValue() - in.minValue();
            this.frac = den != 0.0 ? (float) (num / den) : 0f;
            Number m = in.min();
            Number o = out.min();
            this.mLong = m.longValue();
            this.m32 = m instanceof Long l ? (float) l : (float) m.doubleValue();
            this.m64 = m.doubleValue();
            this.o32 = o instanceof Long l ? (float) l : (float) o.doubleValue();
            this.o64 = o.doubleValue();
            this.f32Source = src == DType.FLOAT32;
            this.integerMin = src.isInteger() && in.minIsInteger();
            this.subType = integerMin ? NumpyCast.subtractType(src, mLong) : null;
            this.f32Product = integerMin && subType.isInteger() && NumpyCast.timesFloat32IsFloat32(subType);
        }

        /** One float32 sample renormalised in float32 arithmetic (the source must be float32). */
        float float32(float a) {
            float d = a - m32;
            float x = d * frac;
            return o32 + x;
        }

        /** Float samples (float32 values held exactly in doubles) renormalised into {@code out}. */
        void floats(double[] a, double[] out, int len) {
            if (f32Source) {
                for (int i = 0; i < len; i++) {
                    float d = (float) a[i] - m32;
                    float x = d * frac;
                    out[i] = o32 + x;
                }
            } else {
                double f = frac;
                for (int i = 0; i < len; i++) out[i] = o64 + (a[i] - m64) * f;
            }
        }

        /** Integer samples of the source type renormalised into {@code out}. */
        void integers(long[] a, double[] out, int len) {
            double f = frac;
            if (!integerMin) {
                // a Python float minimum: numpy computes in float64 from the start
                for (int i = 0; i < len; i++) out[i] = o64 + (NumpyCast.toDouble(a[i], src) - m64) * f;
            } else if (subType == DType.FLOAT64) {
                // uint64 minus a negative int: numpy 1 promotes to float64
                double mm = (double) mLong;
                for (int i = 0; i < len; i++) out[i] = o64 + (NumpyCast.toDouble(a[i], src) - mm) * f;
            } else if (f32Product) {
                for (int i = 0; i < len; i++) {
                    long d = NumpyCast.wrap(a[i] - mLong, subType);
                    float x = (float) d * frac;
                    out[i] = o32 + x;
                }
            } else {
                for (int i = 0; i < len; i++) {
                    long d = NumpyCast.wrap(a[i] - mLong, subType);
                    out[i] = o64 + NumpyCast.toDouble(d, subType) * f;
                }
            }
        }
    }
}
