package org.sylva.io.tiff;

/** PackBits run-length decoder (TIFF compression 32773, Apple's byte-oriented RLE). */
final class PackBits {

    private PackBits() {}

    /**
     * Decodes {@code src[0..srcLength)} into {@code dst[0..dstLength)}, stopping when the output is full.
     *
     * @return the number of bytes written
     */
    static int decode(byte[] src, int srcLength, byte[] dst, int dstLength) {
        int in = 0;
        int out = 0;
        while (out < dstLength && in < srcLength) {
            int n = src[in++];
            if (n >= 0) {
                int k = Math.min(Math.min(n + 1, srcLength - in), dstLength - out);
                System.arraycopy(src, in, dst, out, k);
                in += n + 1;
                out += k;
            } else if (n != -128) {
                if (in >= srcLength) break;
                byte b = src[in++];
                int k = Math.min(1 - n, dstLength - out);
                for (int i = 0; i < k; i++) dst[out + i] = b;
                out += k;
            }
        }
        return out;
    }
}
