package org.sylva.image;

import java.util.Objects;

/**
 * An n-D image held in memory. Storage is always canonical: one primitive array per (t, z) plane, each holding
 * y·x·c samples in row-major (y, x, c) order, channels interleaved (channels last). The type of the plane arrays
 * follows {@link DType}.
 *
 * <p>{@link #axes()} records the axes the image came with, in their source order (e.g. "zcyx" for an ImageJ
 * stack, "yxc" for an RGB PNG): outputs keep that order unless asked otherwise. Axes the image does not have have
 * extent 1 in {@link #shape()}.
 *
 * <p>Images are mutable containers (writers fill the planes); the metadata fields are immutable and changed by
 * the {@code with…} copies, which share the pixel planes.
 */
public final class Image {

    private final DType dtype;
    private final Shape shape;
    private final Axes axes;
    private final Object[] planes;
    private final Calibration calibration;
    private final double[] drange;
    private final String name;

    private Image(DType dtype, Shape shape, Axes axes, Object[] planes, Calibration calibration, double[] drange,
                  String name) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.axes = Objects.requireNonNull(axes, "axes");
        this.planes = planes;
        this.calibration = calibration == null ? Calibration.NONE : calibration;
        this.drange = drange == null ? null : drange.clone();
        this.name = name == null ? "" : name;
        for (char a : Axes.CANONICAL.toCharArray()) {
            if (shape.get(a) > 1 && !axes.has(a)) {
                throw new IllegalArgumentException("axes '" + axes + "' lack axis '" + a + "' of extent "
                        + shape.get(a) + " (shape " + shape + ")");
            }
        }
        if (planes.length != shape.planes()) {
            throw new IllegalArgumentException("expected " + shape.planes() + " planes, got " + planes.length);
        }
        for (Object p : planes) {
            if (p == null || p.getClass() != dtype.arrayClass() || java.lang.reflect.Array.getLength(p) != shape.planeSize()) {
                throw new IllegalArgumentException("every plane must be a " + dtype.arrayClass().getSimpleName()
                        + " of " + shape.planeSize() + " samples");
            }
        }
    }

    /** A new zero-filled image. */
    public static Image create(DType dtype, Shape shape, Axes axes) {
        Object[] planes = new Object[shape.planes()];
        for (int i = 0; i < planes.length; i++) planes[i] = dtype.allocate(shape.planeSize());
        return new Image(dtype, shape, axes, planes, Calibration.NONE, null, "");
    }

    /**
     * Wraps existing plane arrays (not copied). {@code planes[t * shape.z() + z]} is the (t, z) plane of
     * y·x·c samples in (y, x, c) order.
     */
    public static Image wrap(DType dtype, Shape shape, Axes axes, Object[] planes) {
        return new Image(dtype, shape, axes, planes.clone(), Calibration.NONE, null, "");
    }

    /**
     * Builds an image from extents given in the order of {@code axes} (e.g. axes "zyx", dims {5, 64, 48}); axes
     * not named get extent 1.
     */
    public static Image create(DType dtype, Axes axes, long... dims) {
        return create(dtype, shapeOf(axes, dims), axes);
    }

    /** The canonical shape of extents {@code dims} given in the order of {@code axes}. */
    public static Shape shapeOf(Axes axes, long... dims) {
        if (dims.length != axes.size()) {
            throw new IllegalArgumentException(dims.length + " extents for axes '" + axes + "'");
        }
        int[] e = {1, 1, 1, 1, 1};
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1 || dims[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("extent " + dims[i] + " of axis '" + axes.get(i) + "' out of range");
            }
            e[Axes.CANONICAL.indexOf(axes.get(i))] = (int) dims[i];
        }
        return new Shape(e[0], e[1], e[2], e[3], e[4]);
    }

    public DType dtype() { return dtype; }

    public Shape shape() { return shape; }

    /** The image's axes in their source order (every axis of extent &gt; 1 is among them). */
    public Axes axes() { return axes; }

    public Calibration calibration() { return calibration; }

    /** The data range (min, max) stored with the data (HDF5 {@code drange}), or null. */
    public double[] drange() { return drange == null ? null : drange.clone(); }

    /** A short name (e.g. the file's base name), or empty. */
    public String name() { return name; }

    /** The plane array of time point {@code t}, slice {@code z}: y·x·c samples in (y, x, c) order. */
    public Object plane(int t, int z) { return planes[t * shape.z() + z]; }

    /** All planes, in (t, z) order (the array is a copy, the planes are not). */
    public Object[] planes() { return planes.clone(); }

    /** Offset of sample (y, x, c) inside a plane. */
    public int offset(int y, int x, int c) { return (y * shape.x() + x) * shape.c() + c; }

    /** Sample value as a double (unsigned types read as unsigned; uint64 above 2^63 loses precision). */
    public double get(int t, int z, int y, int x, int c) {
        return getDouble(plane(t, z), dtype, offset(y, x, c));
    }

    /** Sets a sample from a double with plain Java narrowing (callers convert and clip first if needed). */
    public void set(int t, int z, int y, int x, int c, double v) {
        setDouble(plane(t, z), dtype, offset(y, x, c), v);
    }

    /**
     * Channel {@code c} of time point {@code t} as float32 in (z, y, x) order — the layout the filters work on.
     * Unsigned types are read as unsigned; no normalisation (ilastik feeds raw values to its filters).
     */
    public float[] channelAsFloat(int t, int c) {
        float[] out = new float[Math.toIntExact((long) shape.z() * shape.y() * shape.x())];
        channelAsFloat(t, c, out);
        return out;
    }

    /** {@link #channelAsFloat(int, int)} into {@code out} (at least z·y·x floats, reused by callers). */
    public void channelAsFloat(int t, int c, float[] out) {
        int n = shape.y() * shape.x();
        int nc = shape.c();
        for (int z = 0; z < shape.z(); z++) {
            Object p = plane(t, z);
            int base = z * n;
            switch (dtype) {
                case UINT8 -> { byte[] a = (byte[]) p; for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c] & 0xff; }
                case INT8 -> { byte[] a = (byte[]) p; for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c]; }
                case UINT16 -> { short[] a = (short[]) p; for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c] & 0xffff; }
                case INT16 -> { short[] a = (short[]) p; for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c]; }
                case UINT32 -> { int[] a = (int[]) p; for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c] & 0xffffffffL; }
                case INT32 -> { int[] a = (int[]) p; for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c]; }
                case UINT64 -> { long[] a = (long[]) p; for (int i = 0; i < n; i++) out[base + i] = (float) unsignedToDouble(a[i * nc + c]); }
                case INT64 -> { long[] a = (long[]) p; for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c]; }
                case FLOAT32 -> {
                    float[] a = (float[]) p;
                    if (nc == 1) System.arraycopy(a, 0, out, base, n);
                    else for (int i = 0; i < n; i++) out[base + i] = a[i * nc + c];
                }
                case FLOAT64 -> { double[] a = (double[]) p; for (int i = 0; i < n; i++) out[base + i] = (float) a[i * nc + c]; }
            }
        }
    }

    /**
     * All samples as one flat array in C order of {@code order} (last axis fastest), e.g. order "zyx" gives
     * {@code a[(z * Y + y) * X + x]}. {@code order} must contain every axis of extent &gt; 1 and may contain axes of
     * extent 1. The array type follows {@link DType#arrayClass()}.
     *
     * @throws IllegalArgumentException if an axis of extent &gt; 1 is missing or the image has more than 2^31 samples
     */
    public Object toArray(Axes order) {
        Object flat = dtype.allocate(flatSize(shape, order));
        transfer(order, flat, true);
        return flat;
    }

    /**
     * An image from a flat C-order array whose axes are {@code order} with extents {@code dims} (the inverse of
     * {@link #toArray}); the image's axes are {@code order}.
     */
    public static Image fromArray(DType dtype, Axes order, long[] dims, Object flat) {
        Image img = create(dtype, shapeOf(order, dims), order);
        if (java.lang.reflect.Array.getLength(flat) != flatSize(img.shape, order) || flat.getClass() != dtype.arrayClass()) {
            throw new IllegalArgumentException("array does not hold " + img.shape.samples() + " " + dtype + " samples");
        }
        img.transfer(order, flat, false);
        return img;
    }

    private static int flatSize(Shape shape, Axes order) {
        for (char a : Axes.CANONICAL.toCharArray()) {
            if (shape.get(a) > 1 && !order.has(a)) {
                throw new IllegalArgumentException("axis order '" + order + "' drops axis '" + a + "' of extent " + shape.get(a));
            }
        }
        if (shape.samples() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image of " + shape.samples() + " samples does not fit one array");
        }
        return (int) shape.samples();
    }

    /** Copies between the planes and a flat C-order array of axes {@code order}; {@code out} = planes to flat. */
    private void transfer(Axes order, Object flat, boolean out) {
        int n = order.size();
        int[] ext = new int[n];
        int[] pStride = new int[n];
        int[] oStride = new int[n];
        for (int i = 0; i < n; i++) {
            char a = order.get(i);
            ext[i] = shape.get(a);
            pStride[i] = a == 't' ? shape.z() : a == 'z' ? 1 : 0;
            oStride[i] = a == 'y' ? shape.x() * shape.c() : a == 'x' ? shape.c() : a == 'c' ? 1 : 0;
        }
        int last = n - 1;
        int run = ext[last];
        int[] pos = new int[n];
        int flatOff = 0;
        long total = shape.samples();
        while (flatOff < total) {
            int plane = 0;
            int off = 0;
            for (int i = 0; i < last; i++) {
                plane += pos[i] * pStride[i];
                off += pos[i] * oStride[i];
            }
            if (pStride[last] == 0) {
                Object p = planes[plane];
                if (out) stridedCopy(p, off, oStride[last], flat, flatOff, 1, run);
                else stridedCopy(flat, flatOff, 1, p, off, oStride[last], run);
            } else {
                for (int k = 0; k < run; k++) {
                    Object p = planes[plane + k * pStride[last]];
                    if (out) stridedCopy(p, off, 0, flat, flatOff + k, 1, 1);
                    else stridedCopy(flat, flatOff + k, 1, p, off, 0, 1);
                }
            }
            flatOff += run;
            for (int i = last - 1; i >= 0; i--) {
                if (++pos[i] < ext[i]) break;
                pos[i] = 0;
            }
        }
    }

    private static void stridedCopy(Object src, int so, int ss, Object dst, int dOff, int ds, int n) {
        if (ss == 1 && ds == 1) {
            System.arraycopy(src, so, dst, dOff, n);
            return;
        }
        if (src instanceof byte[] s && dst instanceof byte[] d) {
            for (int k = 0; k < n; k++) d[dOff + k * ds] = s[so + k * ss];
        } else if (src instanceof short[] s && dst instanceof short[] d) {
            for (int k = 0; k < n; k++) d[dOff + k * ds] = s[so + k * ss];
        } else if (src instanceof int[] s && dst instanceof int[] d) {
            for (int k = 0; k < n; k++) d[dOff + k * ds] = s[so + k * ss];
        } else if (src instanceof long[] s && dst instanceof long[] d) {
            for (int k = 0; k < n; k++) d[dOff + k * ds] = s[so + k * ss];
        } else if (src instanceof float[] s && dst instanceof float[] d) {
            for (int k = 0; k < n; k++) d[dOff + k * ds] = s[so + k * ss];
        } else if (src instanceof double[] s && dst instanceof double[] d) {
            for (int k = 0; k < n; k++) d[dOff + k * ds] = s[so + k * ss];
        } else {
            throw new IllegalArgumentException("array types differ");
        }
    }

    /**
     * The same samples seen with other axis letters: axis {@code i} of the image's own order becomes
     * {@code newAxes.get(i)} (e.g. a 3-D array guessed as "zyx" re-read as "tyx" or "yxc"). This is how a user's
     * {@code --axes} overrides a file's axes.
     */
    public Image reinterpret(Axes newAxes) {
        if (newAxes.size() != axes.size()) {
            throw new IllegalArgumentException("axes '" + newAxes + "' have " + newAxes.size() + " letters but the data has "
                    + axes.size() + " dimensions (" + axes + ")");
        }
        long[] dims = shape.in(axes);
        Image r = fromArray(dtype, newAxes, dims, toArray(axes));
        return new Image(dtype, r.shape, newAxes, r.planes, calibration, drange, name);
    }

    /** A copy of the metadata with other axes (same pixels); the axes must cover every non-singleton extent. */
    public Image withAxes(Axes newAxes) {
        return new Image(dtype, shape, newAxes, planes, calibration, drange, name);
    }

    public Image withCalibration(Calibration cal) {
        return new Image(dtype, shape, axes, planes, cal, drange, name);
    }

    public Image withDrange(double[] range) {
        return new Image(dtype, shape, axes, planes, calibration, range, name);
    }

    public Image withName(String newName) {
        return new Image(dtype, shape, axes, planes, calibration, drange, newName);
    }

    /** True if both images have the same type, shape and samples (metadata is ignored). */
    public boolean sameSamples(Image o) {
        if (o.dtype != dtype || !o.shape.equals(shape)) return false;
        for (int i = 0; i < planes.length; i++) {
            if (!Objects.deepEquals(planes[i], o.planes[i])) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "Image[" + (name.isEmpty() ? "" : name + ", ") + dtype + ", axes " + axes + ", " + shape + "]";
    }

    /** Reads element {@code i} of a plane array of type {@code dtype} as a double. */
    public static double getDouble(Object plane, DType dtype, int i) {
        return switch (dtype) {
            case UINT8 -> ((byte[]) plane)[i] & 0xff;
            case INT8 -> ((byte[]) plane)[i];
            case UINT16 -> ((short[]) plane)[i] & 0xffff;
            case INT16 -> ((short[]) plane)[i];
            case UINT32 -> ((int[]) plane)[i] & 0xffffffffL;
            case INT32 -> ((int[]) plane)[i];
            case UINT64 -> unsignedToDouble(((long[]) plane)[i]);
            case INT64 -> ((long[]) plane)[i];
            case FLOAT32 -> ((float[]) plane)[i];
            case FLOAT64 -> ((double[]) plane)[i];
        };
    }

    /** Writes element {@code i} of a plane array with plain narrowing casts. */
    public static void setDouble(Object plane, DType dtype, int i, double v) {
        switch (dtype) {
            case UINT8, INT8 -> ((byte[]) plane)[i] = (byte) (long) v;
            case UINT16, INT16 -> ((short[]) plane)[i] = (short) (long) v;
            case UINT32, INT32 -> ((int[]) plane)[i] = (int) (long) v;
            case UINT64 -> ((long[]) plane)[i] = v >= 0x1p63 ? (long) (v - 0x1p63) ^ Long.MIN_VALUE : (long) v;
            case INT64 -> ((long[]) plane)[i] = (long) v;
            case FLOAT32 -> ((float[]) plane)[i] = (float) v;
            case FLOAT64 -> ((double[]) plane)[i] = v;
        }
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
