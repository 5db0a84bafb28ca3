package org.sylva.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * An {@link Image} seen as the n-D C-order array a file stores: axes {@code axes} (e.g. "zyxc" for an ilastik
 * export, "xyz" for a Fortran-order npy), extents taken from the image. Copies rectangular blocks of that array
 * between the image's planes and byte buffers holding the samples in C order (chunks of an HDF5 dataset, slabs of an
 * npy file), with bulk copies wherever a run of samples is contiguous on both sides. Byte order is the buffer's.
 *
 * <p>This is where every reader and writer meets the image model; the copies never box samples and never need the
 * whole array in one Java array, so images larger than 2^31 samples work.
 */
final class ImageArray {

    /** Bytes read or written per system call by the contiguous transfers (a multiple of every sample size). */
    static final int SLAB_BYTES = 8 << 20;

    private final Image image;
    private final Axes axes;
    private final DType dtype;
    private final int rank;
    private final long[] dims;
    /** Per file axis: step between planes, step inside a plane (in samples) of a unit step along that axis. */
    private final int[] planeStep;
    private final int[] sampleStep;

    /**
     * @param image the image to fill or to read
     * @param axes the file's axis order; must contain every axis of extent &gt; 1 of the image (axes of extent 1 may
     *             be added)
     */
    ImageArray(Image image, Axes axes) {
        this.image = image;
        this.axes = axes;
        this.dtype = image.dtype();
        this.rank = axes.size();
        Shape s = image.shape();
        for (char a : Axes.CANONICAL.toCharArray()) {
            if (s.get(a) > 1 && !axes.has(a)) {
                throw new IllegalArgumentException("axis order '" + axes + "' drops axis '" + a + "' of extent " + s.get(a));
            }
        }
        this.dims = s.in(axes);
        this.planeStep = new int[rank];
        this.sampleStep = new int[rank];
        for (int i = 0; i < rank; i++) {
            char a = axes.get(i);
            planeStep[i] = a == 't' ? s.z() : a == 'z' ? 1 : 0;
            sampleStep[i] = a == 'y' ? s.x() * s.c() : a == 'x' ? s.c() : a == 'c' ? 1 : 0;
        }
    }

    Image image() { return image; }

    Axes axes() { return axes; }

    /** Extents in file axis order. */
    long[] dims() { return dims.clone(); }

    /** Total bytes of the array. */
    long byteSize() { return image.shape().samples() * dtype.bytes(); }

    /**
     * Copies the block {@code [start, start + count)} of the array from {@code buf} into the image. {@code buf}
     * holds a C-order array of extents {@code bufDims} (each at least {@code count}, e.g. a whole HDF5 chunk whose
     * edge part lies outside the image) starting at its position 0; its byte order is used.
     */
    void toImage(long[] start, int[] count, int[] bufDims, ByteBuffer buf) {
        transfer(start, count, bufDims, buf.slice().order(buf.order()), true);
    }

    /** The inverse of {@link #toImage}: copies the block from the image into {@code buf} (other bytes untouched). */
    void fromImage(long[] start, int[] count, int[] bufDims, ByteBuffer buf) {
        transfer(start, count, bufDims, buf.slice().order(buf.order()), false);
    }

    /**
     * Fills the image from a file holding the whole array contiguously in C order at {@code offset}, reading slabs
     * of about {@link #SLAB_BYTES}.
     *
     * @throws EOFException if the file ends before the array does
     */
    void readFrom(FileChannel ch, long offset, ByteOrder order) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(SLAB_BYTES, Math.max(byteSize(), 1))).order(order);
        forEachSlab((start, count, bytes, linear) -> {
            buf.clear().limit(bytes);
            long pos = offset + linear * dtype.bytes();
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) throw new EOFException("file ends " + (ch.size() - offset) + " bytes into the "
                        + byteSize() + " bytes of data");
                pos += n;
            }
            buf.flip();
            toImage(start, count, count, buf);
        });
    }

    /** Writes the whole array contiguously in C order to {@code ch} (at its current position), in slabs. */
    void writeTo(WritableByteChannel ch, ByteOrder order) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(SLAB_BYTES, Math.max(byteSize(), 1))).order(order);
        forEachSlab((start, count, bytes, linear) -> {
            buf.clear().limit(bytes);
            fromImage(start, count, count, buf);
            while (buf.hasRemaining()) ch.write(buf);
        });
    }

    @FunctionalInterface
    private interface SlabAction {
        void run(long[] start, int[] count, int bytes, long linearStart) throws IOException;
    }

    /**
     * Visits the array in C order as blocks that are contiguous in the file and at most {@link #SLAB_BYTES} long:
     * single indices along the outer axes, a run of m indices along axis k, the inner axes whole.
     */
    private void forEachSlab(SlabAction action) throws IOException {
        int b = dtype.bytes();
        int k = rank - 1;
        long inner = 1;
        while (k > 0 && inner * dims[k] * b <= SLAB_BYTES) {
            inner *= dims[k];
            k--;
        }
        // axes k+1.. are whole in every slab; m indices along axis k per slab
        long m = Math.max(1, Math.min(dims[k], SLAB_BYTES / (inner * b)));
        long[] start = new long[rank];
        int[] count = new int[rank];
        for (int i = k + 1; i < rank; i++) count[i] = (int) dims[i];
        long[] stride = new long[rank];
        long acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            stride[i] = acc;
            acc *= dims[i];
        }
        while (true) {
            count[k] = (int) Math.min(m, dims[k] - start[k]);
            for (int i = 0; i < k; i++) count[i] = 1;
            long linear = 0;
            for (int i = 0; i < rank; i++) linear += start[i] * stride[i];
            action.run(start.clone(), count.clone(), (int) (count[k] * inner * b), linear);
            start[k] += count[k];
            if (start[k] < dims[k]) continue;
            start[k] = 0;
            int i = k - 1;
            while (i >= 0 && ++start[i] == dims[i]) start[i--] = 0;
            if (i < 0) return;
        }
    }

    private void transfer(long[] start, int[] count, int[] bufDims, ByteBuffer buf, boolean toImage) {
        if (start.length != rank || count.length != rank || bufDims.length != rank) {
            throw new IllegalArgumentException("block of rank " + count.length + " for an array of rank " + rank);
        }
        // Strides of the buffer (samples), then merge trailing axes that are contiguous on both sides into one run.
        long[] bufStride = new long[rank];
        long acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            bufStride[i] = acc;
            acc *= bufDims[i];
        }
        int last = rank - 1;
        int run = count[last];
        int runStep = sampleStep[last];
        int runPlaneStep = planeStep[last];
        int outer = last; // axes [0, outer) are iterated; the run covers axes [outer, rank)
        while (outer > 0 && runPlaneStep == 0 && planeStep[outer - 1] == 0 && count[outer] == bufDims[outer]
                && bufStride[outer - 1] == run && runStep == 1 && sampleStep[outer - 1] == run
                && count[outer] == dims[outer]) {
            outer--;
            run *= count[outer];
        }
        Object[] planes = image.planes();
        Views v = new Views(buf, dtype);
        int[] idx = new int[Math.max(outer, 1)];
        while (true) {
            int plane = 0;
            long sample = 0;
            long bufIndex = 0;
            for (int i = 0; i < rank; i++) {
                long p = start[i] + (i < outer ? idx[i] : 0);
                plane += (int) (p * planeStep[i]);
                sample += p * sampleStep[i];
                if (i < outer) bufIndex += idx[i] * bufStride[i];
            }
            if (runPlaneStep == 0) {
                v.copy(toImage, (int) bufIndex, planes[plane], (int) sample, runStep, run);
            } else {
                for (int j = 0; j < run; j++) {
                    v.copy(toImage, (int) bufIndex + j, planes[plane + j * runPlaneStep], (int) sample, 1, 1);
                }
            }
            int i = outer - 1;
            while (i >= 0 && ++idx[i] == count[i]) idx[i--] = 0;
            if (i < 0) return;
        }
    }

    /** Typed views of one buffer; copies runs between it and plane arrays without boxing. */
    private static final class Views {
        private final ByteBuffer bytes;
        private final ShortBuffer shorts;
        private final IntBuffer ints;
        private final LongBuffer longs;
        private final FloatBuffer floats;
        private final DoubleBuffer doubles;

        Views(ByteBuffer buf, DType dtype) {
            bytes = buf;
            shorts = dtype.bytes() == 2 ? buf.asShortBuffer() : null;
            ints = dtype == DType.UINT32 || dtype == DType.INT32 ? buf.asIntBuffer() : null;
            longs = dtype == DType.UINT64 || dtype == DType.INT64 ? buf.asLongBuffer() : null;
            floats = dtype == DType.FLOAT32 ? buf.asFloatBuffer() : null;
            doubles = dtype == DType.FLOAT64 ? buf.asDoubleBuffer() : null;
        }

        /** Copies {@code n} samples: buffer elements {@code at..at+n-1} and plane samples {@code off + k * step}. */
        void copy(boolean toImage, int at, Object plane, int off, int step, int n) {
            if (plane instanceof byte[] a) {
                if (step == 1) {
                    if (toImage) bytes.get(at, a, off, n); else bytes.put(at, a, off, n);
                } else if (toImage) {
                    for (int k = 0; k < n; k++) a[off + k * step] = bytes.get(at + k);
                } else {
                    for (int k = 0; k < n; k++) bytes.put(at + k, a[off + k * step]);
                }
            } else if (plane instanceof short[] a) {
                if (step == 1) {
                    if (toImage) shorts.get(at, a, off, n); else shorts.put(at, a, off, n);
                } else if (toImage) {
                    for (int k = 0; k < n; k++) a[off + k * step] = shorts.get(at + k);
                } else {
                    for (int k = 0; k < n; k++) shorts.put(at + k, a[off + k * step]);
                }
            } else if (plane instanceof int[] a) {
                if (step == 1) {
                    if (toImage) ints.get(at, a, off, n); else ints.put(at, a, off, n);
                } else if (toImage) {
                    for (int k = 0; k < n; k++) a[off + k * step] = ints.get(at + k);
                } else {
                    for (int k = 0; k < n; k++) ints.put(at + k, a[off + k * step]);
                }
            } else if (plane instanceof long[] a) {
                if (step == 1) {
                    if (toImage) longs.get(at, a, off, n); else longs.put(at, a, off, n);
                } else if (toImage) {
                    for (int k = 0; k < n; k++) a[off + k * step] = longs.get(at + k);
                } else {
                    for (int k = 0; k < n; k++) longs.put(at + k, a[off + k * step]);
                }
            } else if (plane instanceof float[] a) {
                if (step == 1) {
                    if (toImage) floats.get(at, a, off, n); else floats.put(at, a, off, n);
                } else if (toImage) {
                    for (int k = 0; k < n; k++) a[off + k * step] = floats.get(at + k);
                } else {
                    for (int k = 0; k < n; k++) floats.put(at + k, a[off + k * step]);
                }
            } else {
                double[] a = (double[]) plane;
                if (step == 1) {
                    if (toImage) doubles.get(at, a, off, n); else doubles.put(at, a, off, n);
                } else if (toImage) {
                    for (int k = 0; k < n; k++) a[off + k * step] = doubles.get(at + k);
                } else {
                    for (int k = 0; k < n; k++) doubles.put(at + k, a[off + k * step]);
                }
            }
        }
    }
}
