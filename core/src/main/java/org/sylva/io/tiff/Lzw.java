package org.sylva.io.tiff;

/**
 * TIFF LZW decoder (compression 5): codes of 9 to 12 bits, most significant bit first, with the "early change"
 * of the code width that libtiff and every TIFF 6 writer use.
 *
 * <p>Speed: a dictionary entry is stored as (offset, length) of an earlier run of the output (an entry is always
 * the previous string plus one byte, and that string was just written), so decoding a code is one array copy
 * with no per-byte table walk.
 */
final class Lzw {

    private static final int CLEAR = 256;
    private static final int EOI = 257;
    private static final int FIRST = 258;
    private static final int MAX_CODES = 4096;

    private final int[] start = new int[MAX_CODES];
    private final int[] length = new int[MAX_CODES];

    /**
     * Decodes {@code src[0..srcLength)} into {@code dst[0..dstLength)}; stops at EOI, at the end of the input or
     * when the output is full.
     *
     * @return the number of bytes written
     * @throws CorruptChunkException on a code that cannot occur in a valid stream, or old-style (pre-TIFF 6) LZW
     */
    int decode(byte[] src, int srcLength, byte[] dst, int dstLength) throws CorruptChunkException {
        if (srcLength >= 2 && src[0] == 0 && (src[1] & 1) != 0) {
            throw new CorruptChunkException("old-style (pre-TIFF 6, LSB-first) LZW data is not supported");
        }
        int in = 0;
        int bitBuffer = 0;
        int bits = 0;
        int width = 9;
        int next = FIRST;
        int out = 0;
        int prevStart = 0;
        int prevLength = 0; // 0: no previous string (start of data or after a clear code)
        while (out < dstLength) {
            while (bits < width) {
                if (in >= srcLength) return out;
                bitBuffer = (bitBuffer << 8) | (src[in++] & 0xff);
                bits += 8;
            }
            int code = (bitBuffer >>> (bits - width)) & ((1 << width) - 1);
            bits -= width;
            if (code == EOI) break;
            if (code == CLEAR) {
                width = 9;
                next = FIRST;
                prevLength = 0;
                continue;
            }
            int curStart = out;
            int curLength;
            if (code < 256) {
                dst[out++] = (byte) code;
                curLength = 1;
            } else if (code < next) {
                curLength = length[code];
                int n = Math.min(curLength, dstLength - out);
                copy(dst, start[code], out, n);
                out += n;
            } else if (code == next && prevLength > 0) {
                // The "KwKwK" case: the new string is the previous one plus its own first byte.
                curLength = prevLength + 1;
                int n = Math.min(prevLength, dstLength - out);
                copy(dst, prevStart, out, n);
                out += n;
                if (out < dstLength) dst[out++] = dst[prevStart];
            } else {
                throw new CorruptChunkException("corrupt LZW data (code " + code + " before it was defined)");
            }
            if (prevLength > 0 && next < MAX_CODES) {
                start[next] = prevStart;
                length[next] = prevLength + 1;
                next++;
                if (next + 1 >= (1 << width) && width < 12) width++;
            }
            prevStart = curStart;
            prevLength = curLength;
        }
        return out;
    }

    private static void copy(byte[] a, int from, int to, int n) {
        if (n > 16) {
            System.arraycopy(a, from, a, to, n);
        } else {
            for (int i = 0; i < n; i++) a[to + i] = a[from + i];
        }
    }
}
