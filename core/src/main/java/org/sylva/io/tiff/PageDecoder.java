package org.sylva.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.sylva.image.DType;
import org.sylva.io.ImageFileException;

/**
 * Decodes pages (strips or tiles; none, LZW, Deflate or PackBits compression; horizontal or floating-point
 * predictor) straight into the plane arrays of an image. One instance per thread: it owns its inflater and
 * buffers. Uncompressed contiguous strips are read with bulk positional reads into a direct buffer and copied into
 * the plane in one call per megabytes.
 */
final class PageDecoder {

    private static final int DIRECT_CHUNK = 4 << 20;

    private final TiffInput in;
    private final ByteOrder order;
    private final Inflater inflater = new Inflater();
    private final Lzw lzw = new Lzw();
    private ByteBuffer direct;
    private byte[] raw = new byte[0];
    private byte[] decoded = new byte[0];
    private byte[] rowTmp = new byte[0];
    private Object scratch;

    PageDecoder(TiffInput in, ByteOrder order) {
        this.in = in;
        this.order = order;
    }

    /** Frees the native inflater. */
    void close() { inflater.end(); }

    /**
     * Decodes page {@code page} into {@code plane}, an interleaved array with {@code planeChannels} samples per pixel
     * of which the page fills channels {@code channel0 .. channel0 + samplesPerPixel - 1}.
     */
    void decode(PageRef page, DType dtype, Object plane, int planeChannels, int channel0) throws IOException {
        Ifd ifd = page.ifd();
        int pixels = ifd.width * ifd.height;
        int n = ifd.samplesPerChunkPixel();
        int components = ifd.planarConfig == 2 ? ifd.samplesPerPixel : 1;
        for (int comp = 0; comp < components; comp++) {
            boolean direct = components == 1 && n == planeChannels && channel0 == 0;
            Object target = direct ? plane : scratch(dtype, pixels * n);
            decodeComponent(page, comp, target, n);
            if (!direct) Samples.scatter(target, n, plane, planeChannels, channel0 + comp * n, pixels);
        }
    }

    private Object scratch(DType dtype, int size) {
        if (scratch == null || scratch.getClass() != dtype.arrayClass() || java.lang.reflect.Array.getLength(scratch) < size) {
            scratch = dtype.allocate(size);
        }
        return scratch;
    }

    /**
     * True if {@code page} decodes straight into the plane (interleaved samples filling all its channels) from
     * compressed or scattered chunks: then {@link #decodeChunks} of several decoders may share the work.
     */
    static boolean chunksGoStraightToPlane(PageRef page, int planeChannels, int channel0) {
        Ifd ifd = page.ifd();
        boolean interleaved = ifd.planarConfig != 2 || ifd.samplesPerPixel == 1;
        return interleaved && ifd.samplesPerPixel == planeChannels && channel0 == 0 && !ifd.isContiguous()
                && ifd.chunkCount() > 1;
    }

    /** Decodes sample plane {@code comp} (always 0 when samples are interleaved) into {@code target}, n samples/pixel. */
    private void decodeComponent(PageRef page, int comp, Object target, int n) throws IOException {
        Ifd ifd = page.ifd();
        if (ifd.isContiguous()) {
            long pos = ifd.chunkOffsets[comp * ifd.chunksPerPlane()] + page.shift();
            long bytes = (long) ifd.width * ifd.height * n * ifd.bytesPerSample();
            readDirect(pos, bytes, target, "pixel data of page " + page.number());
            return;
        }
        decodeChunks(page, comp, target, n, 0, 1);
    }

    /**
     * Decodes chunks {@code from, from + step, …} of sample plane {@code comp} into {@code target} ({@code n} samples
     * per pixel). Chunks cover disjoint samples, so decoders with different {@code from} may run at once.
     */
    void decodeChunks(PageRef page, int comp, Object target, int n, int from, int step) throws IOException {
        Ifd ifd = page.ifd();
        int bps = ifd.bytesPerSample();
        int perPlane = ifd.chunksPerPlane();
        int width = ifd.width;
        int height = ifd.height;
        int chunkW = ifd.chunkWidth();
        int chunkH = ifd.chunkHeight();
        int across = ifd.chunksAcross();
        int rowSamples = chunkW * n;
        int rowBytes = rowSamples * bps;
        for (int j = from; j < perPlane; j += step) {
            int idx = comp * perPlane + j;
            int row0 = (j / across) * chunkH;
            int col0 = (j % across) * chunkW;
            int rows = Math.min(chunkH, height - row0);
            int cols = Math.min(chunkW, width - col0);
            // Strips hold only their rows; tiles are always stored whole, padded at the right and bottom edges.
            int storedRows = ifd.tiled ? chunkH : rows;
            int need = Math.multiplyExact(storedRows, rowBytes);
            long pos = ifd.chunkOffsets[idx] + page.shift();
            long count = ifd.chunkByteCounts == null ? need : ifd.chunkByteCounts[idx];
            String what = (ifd.tiled ? "tile " : "strip ") + j + (comp > 0 ? " of sample " + comp : "") + " of page "
                    + page.number();
            if (count == 0) {
                // A missing chunk (allowed for sparse files): zeros, like tifffile and libtiff.
                for (int r = 0; r < rows; r++) fill(target, ((row0 + r) * width + col0) * n, cols * n);
                continue;
            }
            // Uncompressed chunks need only their pixels inside the file (some writers overstate the last count).
            in.checkRange(pos, ifd.compression == 1 ? Math.min(count, need) : count, what);
            byte[] data = decompress(ifd, pos, count, need, what);
            ByteOrder bo = order;
            if (ifd.predictor == 3) {
                if (rowTmp.length < rowBytes) rowTmp = new byte[rowBytes];
                for (int r = 0; r < storedRows; r++) {
                    Samples.undoFloatingPoint(data, r * rowBytes, rowSamples, bps, n, rowTmp);
                }
                bo = ByteOrder.BIG_ENDIAN;
            }
            if (!ifd.tiled) {
                Samples.decode(data, 0, bo, target, row0 * width * n, rows * width * n);
            } else {
                for (int r = 0; r < rows; r++) {
                    Samples.decode(data, r * rowBytes, bo, target, ((row0 + r) * width + col0) * n, cols * n);
                }
            }
            if (ifd.predictor == 2) {
                for (int r = 0; r < rows; r++) {
                    Samples.undoHorizontal(target, ((row0 + r) * width + col0) * n, cols * n, n);
                }
            }
        }
    }

    /** The decoded bytes of one chunk, at least {@code need} of them, in {@link #decoded}. */
    private byte[] decompress(Ifd ifd, long pos, long count, int need, String what) throws IOException {
        if (decoded.length < need) decoded = new byte[need];
        if (ifd.compression == 1) {
            if (count < need) {
                throw new ImageFileException(in.file, "corrupt file (" + what + " holds " + count + " bytes, its "
                        + "pixels need " + need + ")");
            }
            in.bytes(pos, decoded, 0, need, what);
            if (ifd.fillOrder == 2) Samples.reverseBits(decoded, 0, need);
            return decoded;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new ImageFileException(in.file, "corrupt file (" + what + " claims " + count + " bytes)");
        }
        int len = (int) count;
        if (raw.length < len) raw = new byte[len];
        in.bytes(pos, raw, 0, len, what);
        if (ifd.fillOrder == 2) Samples.reverseBits(raw, 0, len);
        int got;
        try {
            got = switch (ifd.compression) {
                case 5 -> lzw.decode(raw, len, decoded, need);
                case 8, 32946 -> inflate(raw, len, decoded, need);
                case 32773 -> PackBits.decode(raw, len, decoded, need);
                default -> throw new IllegalStateException("compression checked before decoding");
            };
        } catch (CorruptChunkException e) {
            throw new ImageFileException(in.file, e.getMessage() + " in " + what);
        }
        if (got < need) {
            throw new ImageFileException(in.file, "corrupt or truncated " + TiffReader.compressionName(ifd.compression)
                    + " data in " + what + " (it decodes to " + got + " bytes, the pixels need " + need + ")");
        }
        return decoded;
    }

    private int inflate(byte[] src, int len, byte[] dst, int need) throws CorruptChunkException {
        inflater.reset();
        inflater.setInput(src, 0, len);
        int out = 0;
        try {
            while (out < need) {
                int k = inflater.inflate(dst, out, need - out);
                if (k == 0) break; // finished, out of input, or a dictionary we do not have
                out += k;
            }
        } catch (DataFormatException e) {
            throw new CorruptChunkException("corrupt Deflate data (" + e.getMessage() + ")");
        }
        return out;
    }

    /** Reads {@code bytes} of uncompressed samples at {@code pos} straight into {@code target}. */
    private void readDirect(long pos, long bytes, Object target, String what) throws IOException {
        in.checkRange(pos, bytes, what);
        if (direct == null) direct = ByteBuffer.allocateDirect(DIRECT_CHUNK);
        long done = 0;
        int off = 0;
        while (done < bytes) {
            int k = (int) Math.min(DIRECT_CHUNK, bytes - done);
            direct.clear().limit(k);
            in.readFully(direct, pos + done, what);
            direct.flip();
            direct.order(order);
            off += Samples.decode(direct, target, off);
            done += k;
        }
    }

    private static void fill(Object a, int from, int n) {
        if (a instanceof byte[] s) Arrays.fill(s, from, from + n, (byte) 0);
        else if (a instanceof short[] s) Arrays.fill(s, from, from + n, (short) 0);
        else if (a instanceof int[] s) Arrays.fill(s, from, from + n, 0);
        else if (a instanceof float[] s) Arrays.fill(s, from, from + n, 0f);
        else if (a instanceof long[] s) Arrays.fill(s, from, from + n, 0L);
        else if (a instanceof double[] s) Arrays.fill(s, from, from + n, 0d);
    }
}
