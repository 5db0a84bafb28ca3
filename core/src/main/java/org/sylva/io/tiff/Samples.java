package org.sylva.io.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk conversions between file bytes and the primitive plane arrays of {@link org.sylva.image.Image}, and the
 * TIFF predictors. Each method dispatches on the array type once and then runs a tight loop or a JDK bulk copy;
 * nothing here is called per pixel.
 */
final class Samples {

    private Samples() {}

    /** Decodes {@code count} samples from {@code src[srcOff..]} in byte order {@code order} into {@code dst[dstOff..]}. */
    static void decode(byte[] src, int srcOff, ByteOrder order, Object dst, int dstOff, int count) {
        if (dst instanceof byte[] d) {
            System.arraycopy(src, srcOff, d, dstOff, count);
        } else if (dst instanceof short[] d) {
            ByteBuffer.wrap(src, srcOff, count * 2).order(order).asShortBuffer().get(d, dstOff, count);
        } else if (dst instanceof int[] d) {
            ByteBuffer.wrap(src, srcOff, count * 4).order(order).asIntBuffer().get(d, dstOff, count);
        } else if (dst instanceof float[] d) {
            ByteBuffer.wrap(src, srcOff, count * 4).order(order).asFloatBuffer().get(d, dstOff, count);
        } else if (dst instanceof long[] d) {
            ByteBuffer.wrap(src, srcOff, count * 8).order(order).asLongBuffer().get(d, dstOff, count);
        } else if (dst instanceof double[] d) {
            ByteBuffer.wrap(src, srcOff, count * 8).order(order).asDoubleBuffer().get(d, dstOff, count);
        } else {
            throw new IllegalArgumentException("not a sample array: " + dst.getClass());
        }
    }

    /** Decodes samples from the buffer's position to its limit into {@code dst[dstOff..]}; returns the count. */
    static int decode(ByteBuffer src, Object dst, int dstOff) {
        if (dst instanceof byte[] d) {
            int n = src.remaining();
            src.get(d, dstOff, n);
            return n;
        } else if (dst instanceof short[] d) {
            int n = src.remaining() / 2;
            src.asShortBuffer().get(d, dstOff, n);
            return n;
        } else if (dst instanceof int[] d) {
            int n = src.remaining() / 4;
            src.asIntBuffer().get(d, dstOff, n);
            return n;
        } else if (dst instanceof float[] d) {
            int n = src.remaining() / 4;
            src.asFloatBuffer().get(d, dstOff, n);
            return n;
        } else if (dst instanceof long[] d) {
            int n = src.remaining() / 8;
            src.asLongBuffer().get(d, dstOff, n);
            return n;
        } else if (dst instanceof double[] d) {
            int n = src.remaining() / 8;
            src.asDoubleBuffer().get(d, dstOff, n);
            return n;
        }
        throw new IllegalArgumentException("not a sample array: " + dst.getClass());
    }

    /** Encodes {@code count} samples of {@code src[srcOff..]} as little-endian bytes into {@code dst[dstOff..]}. */
    static void encodeLittleEndian(Object src, int srcOff, byte[] dst, int dstOff, int count) {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        if (src instanceof byte[] s) {
            System.arraycopy(s, srcOff, dst, dstOff, count);
        } else if (src instanceof short[] s) {
            ByteBuffer.wrap(dst, dstOff, count * 2).order(le).asShortBuffer().put(s, srcOff, count);
        } else if (src instanceof int[] s) {
            ByteBuffer.wrap(dst, dstOff, count * 4).order(le).asIntBuffer().put(s, srcOff, count);
        } else if (src instanceof float[] s) {
            ByteBuffer.wrap(dst, dstOff, count * 4).order(le).asFloatBuffer().put(s, srcOff, count);
        } else if (src instanceof long[] s) {
            ByteBuffer.wrap(dst, dstOff, count * 8).order(le).asLongBuffer().put(s, srcOff, count);
        } else if (src instanceof double[] s) {
            ByteBuffer.wrap(dst, dstOff, count * 8).order(le).asDoubleBuffer().put(s, srcOff, count);
        } else {
            throw new IllegalArgumentException("not a sample array: " + src.getClass());
        }
    }

    /**
     * Copies {@code pixels} pixels of {@code n} samples each from a dense array into an array of {@code channels}
     * interleaved samples per pixel, starting at channel {@code channel0}: {@code dst[p·channels + channel0 + k] =
     * src[p·n + k]}.
     */
    static void scatter(Object src, int n, Object dst, int channels, int channel0, int pixels) {
        if (src instanceof byte[] s && dst instanceof byte[] d) {
            for (int p = 0; p < pixels; p++) for (int k = 0; k < n; k++) d[p * channels + channel0 + k] = s[p * n + k];
        } else if (src instanceof short[] s && dst instanceof short[] d) {
            for (int p = 0; p < pixels; p++) for (int k = 0; k < n; k++) d[p * channels + channel0 + k] = s[p * n + k];
        } else if (src instanceof int[] s && dst instanceof int[] d) {
            for (int p = 0; p < pixels; p++) for (int k = 0; k < n; k++) d[p * channels + channel0 + k] = s[p * n + k];
        } else if (src instanceof float[] s && dst instanceof float[] d) {
            for (int p = 0; p < pixels; p++) for (int k = 0; k < n; k++) d[p * channels + channel0 + k] = s[p * n + k];
        } else if (src instanceof long[] s && dst instanceof long[] d) {
            for (int p = 0; p < pixels; p++) for (int k = 0; k < n; k++) d[p * channels + channel0 + k] = s[p * n + k];
        } else if (src instanceof double[] s && dst instanceof double[] d) {
            for (int p = 0; p < pixels; p++) for (int k = 0; k < n; k++) d[p * channels + channel0 + k] = s[p * n + k];
        } else {
            throw new IllegalArgumentException("array types differ");
        }
    }

    /**
     * Copies channel {@code channel} of {@code pixels} pixels starting at pixel {@code pixel0} of an interleaved
     * array with {@code channels} samples per pixel into {@code dst[0..pixels)}.
     */
    static void gather(Object src, int channels, int channel, int pixel0, Object dst, int pixels) {
        if (channels == 1) {
            System.arraycopy(src, pixel0, dst, 0, pixels);
            return;
        }
        int base = pixel0 * channels + channel;
        if (src instanceof byte[] s && dst instanceof byte[] d) {
            for (int p = 0; p < pixels; p++) d[p] = s[base + p * channels];
        } else if (src instanceof short[] s && dst instanceof short[] d) {
            for (int p = 0; p < pixels; p++) d[p] = s[base + p * channels];
        } else if (src instanceof int[] s && dst instanceof int[] d) {
            for (int p = 0; p < pixels; p++) d[p] = s[base + p * channels];
        } else if (src instanceof float[] s && dst instanceof float[] d) {
            for (int p = 0; p < pixels; p++) d[p] = s[base + p * channels];
        } else if (src instanceof long[] s && dst instanceof long[] d) {
            for (int p = 0; p < pixels; p++) d[p] = s[base + p * channels];
        } else if (src instanceof double[] s && dst instanceof double[] d) {
            for (int p = 0; p < pixels; p++) d[p] = s[base + p * channels];
        } else {
            throw new IllegalArgumentException("array types differ");
        }
    }

    /**
     * Undoes TIFF predictor 2 (horizontal differencing) on one row segment of {@code count} samples with
     * {@code stride} samples per pixel: each sample becomes the running sum along the row (integer wrap-around, as
     * the differences were taken modulo 2^bits).
     */
    static void undoHorizontal(Object a, int off, int count, int stride) {
        int end = off + count;
        if (a instanceof byte[] s) {
            for (int i = off + stride; i < end; i++) s[i] += s[i - stride];
        } else if (a instanceof short[] s) {
            for (int i = off + stride; i < end; i++) s[i] += s[i - stride];
        } else if (a instanceof int[] s) {
            for (int i = off + stride; i < end; i++) s[i] += s[i - stride];
        } else if (a instanceof long[] s) {
            for (int i = off + stride; i < end; i++) s[i] += s[i - stride];
        } else {
            throw new IllegalArgumentException("horizontal predictor needs integer samples");
        }
    }

    /** Applies TIFF predictor 2 to one row of {@code count} single-sample pixels (the inverse of undo). */
    static void applyHorizontal(Object a, int off, int count) {
        if (a instanceof byte[] s) {
            for (int i = off + count - 1; i > off; i--) s[i] -= s[i - 1];
        } else if (a instanceof short[] s) {
            for (int i = off + count - 1; i > off; i--) s[i] -= s[i - 1];
        } else if (a instanceof int[] s) {
            for (int i = off + count - 1; i > off; i--) s[i] -= s[i - 1];
        } else if (a instanceof long[] s) {
            for (int i = off + count - 1; i > off; i--) s[i] -= s[i - 1];
        } else {
            throw new IllegalArgumentException("horizontal predictor needs integer samples");
        }
    }

    /**
     * Undoes TIFF predictor 3 (floating point, Adobe tech note 3) on one row in place: the row holds the bytes of
     * {@code samples} samples of {@code bytesPerSample} bytes, split into byte planes (most significant first) and
     * byte-wise differenced with stride {@code stride} (samples per pixel). Afterwards the row holds the samples in
     * big-endian byte order, whatever the file's byte order.
     */
    static void undoFloatingPoint(byte[] row, int off, int samples, int bytesPerSample, int stride, byte[] tmp) {
        int n = samples * bytesPerSample;
        for (int i = off + stride; i < off + n; i++) row[i] += row[i - stride];
        System.arraycopy(row, off, tmp, 0, n);
        for (int s = 0; s < samples; s++) {
            for (int b = 0; b < bytesPerSample; b++) row[off + s * bytesPerSample + b] = tmp[b * samples + s];
        }
    }

    /** Reverses the bit order of every byte (FillOrder 2). */
    static void reverseBits(byte[] a, int off, int n) {
        for (int i = off; i < off + n; i++) a[i] = (byte) (Integer.reverse(a[i] & 0xff) >>> 24);
    }
}
