package org.sylva.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sylva.io.ImageFileException;

/**
 * The header and the chain of IFDs of a classic TIFF (version 42, 32-bit offsets) or BigTIFF (version 43, 64-bit
 * offsets), in either byte order. Only the tags Sylva uses are decoded; SubIFDs (pyramid levels) are not followed.
 */
final class TiffStructure {

    static final int NEW_SUBFILE_TYPE = 254;
    static final int IMAGE_WIDTH = 256;
    static final int IMAGE_LENGTH = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int FILL_ORDER = 266;
    static final int IMAGE_DESCRIPTION = 270;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int ROWS_PER_STRIP = 278;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int X_RESOLUTION = 282;
    static final int Y_RESOLUTION = 283;
    static final int PLANAR_CONFIGURATION = 284;
    static final int RESOLUTION_UNIT = 296;
    static final int SOFTWARE = 305;
    static final int PREDICTOR = 317;
    static final int TILE_WIDTH = 322;
    static final int TILE_LENGTH = 323;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int SAMPLE_FORMAT = 339;
    static final int IMAGE_DEPTH = 32997;
    static final int TILE_DEPTH = 32998;

    // Field types: 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 6 SBYTE, 7 UNDEFINED, 8 SSHORT, 9 SLONG,
    // 10 SRATIONAL, 11 FLOAT, 12 DOUBLE, 13 IFD, 16 LONG8, 17 SLONG8, 18 IFD8
    private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

    final ByteOrder order;
    final boolean bigTiff;
    final List<Ifd> pages;

    private TiffStructure(ByteOrder order, boolean bigTiff, List<Ifd> pages) {
        this.order = order;
        this.bigTiff = bigTiff;
        this.pages = pages;
    }

    /** Reads the header and walks the whole IFD chain. */
    static TiffStructure read(TiffInput in) throws IOException {
        if (in.size < 8) {
            throw new ImageFileException(in.file, "not a TIFF file (only " + in.size + " bytes long)");
        }
        ByteBuffer h = in.small(0, (int) Math.min(16, in.size), "header");
        int b0 = h.get(0) & 0xff;
        int b1 = h.get(1) & 0xff;
        ByteOrder order;
        if (b0 == 'I' && b1 == 'I') order = ByteOrder.LITTLE_ENDIAN;
        else if (b0 == 'M' && b1 == 'M') order = ByteOrder.BIG_ENDIAN;
        else throw new ImageFileException(in.file, "not a TIFF file (it starts with bytes " + hex(h, 4)
                + ", not II*\\0 or MM\\0*)");
        h.order(order);
        in.order(order);
        int version = h.getShort(2) & 0xffff;
        boolean big;
        long first;
        if (version == 42) {
            big = false;
            first = h.getInt(4) & 0xffffffffL;
        } else if (version == 43) {
            if (in.size < 16) throw new ImageFileException(in.file, "truncated file (BigTIFF header is 16 bytes, the file has "
                    + in.size + ")");
            if ((h.getShort(4) & 0xffff) != 8) {
                throw new ImageFileException(in.file, "not a valid BigTIFF file (offset size " + (h.getShort(4) & 0xffff)
                        + ", expected 8)");
            }
            big = true;
            first = h.getLong(8);
        } else {
            throw new ImageFileException(in.file, "not a TIFF file (byte order " + (char) b0 + (char) b1
                    + " but version " + version + " instead of 42 or 43)");
        }
        if (first == 0) throw new ImageFileException(in.file, "empty TIFF file (it has no image directory)");

        List<Ifd> pages = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long next = first;
        while (next != 0) {
            if (!seen.add(next)) {
                throw new ImageFileException(in.file, "corrupt file (the chain of image directories loops back to byte "
                        + next + " after " + pages.size() + " pages)");
            }
            Ifd ifd = new Ifd(pages.size(), next);
            next = parse(in, ifd, big);
            pages.add(ifd);
        }
        return new TiffStructure(order, big, pages);
    }

    /** Parses one IFD into {@code ifd}; returns the offset of the next IFD (0 at the end). */
    private static long parse(TiffInput in, Ifd ifd, boolean big) throws IOException {
        String where = "image directory " + ifd.index;
        int entrySize = big ? 20 : 12;
        long count;
        if (big) count = in.small(ifd.offset, 8, where).getLong(0);
        else count = in.small(ifd.offset, 2, where).getShort(0) & 0xffff;
        int headerSize = big ? 8 : 2;
        int tail = big ? 8 : 4;
        if (count < 0 || count > in.size / entrySize) {
            throw new ImageFileException(in.file, "truncated file (" + where + " at byte " + ifd.offset + " claims "
                    + Long.toUnsignedString(count) + " entries, more than the file holds)");
        }
        in.checkRange(ifd.offset, count * entrySize + headerSize + tail, where);
        // A copy: reading out-of-line tag values below reuses the input's cache.
        ByteBuffer b = copy(in.small(ifd.offset, (int) (count * entrySize + headerSize + tail), where));
        boolean sawTileOffsets = false;
        boolean sawStripOffsets = false;
        long[] tileCounts = null;
        long[] stripCounts = null;
        for (int i = 0; i < count; i++) {
            int e = headerSize + i * entrySize;
            int tag = b.getShort(e) & 0xffff;
            int type = b.getShort(e + 2) & 0xffff;
            long n = big ? b.getLong(e + 4) : b.getInt(e + 4) & 0xffffffffL;
            int fieldPos = e + (big ? 12 : 8);
            if (!isInteresting(tag)) continue;
            if (tag == IMAGE_DESCRIPTION && (ifd.index != 0 || ifd.description != null)) continue;
            int typeSize = type < TYPE_SIZE.length ? TYPE_SIZE[type] : 0;
            if (typeSize == 0 || n < 0 || n > in.size) {
                throw new ImageFileException(in.file, "corrupt file (page " + ifd.index + ": tag " + tag
                        + " has field type " + type + " and " + n + " values)");
            }
            long bytes = n * typeSize;
            int fieldSize = big ? 8 : 4;
            ByteBuffer v;
            String what = "tag " + tag + " of page " + ifd.index;
            if (bytes <= fieldSize) {
                v = b.duplicate().position(fieldPos).limit(fieldPos + (int) bytes).slice().order(in.order());
            } else {
                long pos = big ? b.getLong(fieldPos) : b.getInt(fieldPos) & 0xffffffffL;
                in.checkRange(pos, bytes, what);
                if (bytes > Integer.MAX_VALUE - 8) throw new ImageFileException(in.file, "corrupt file (" + what
                        + " holds " + bytes + " bytes)");
                v = in.small(pos, (int) bytes, what);
                // v may view the shared cache: copy what we keep before the next read.
                if (tag != IMAGE_DESCRIPTION) v = copy(v);
            }
            switch (tag) {
                case NEW_SUBFILE_TYPE -> ifd.newSubfileType = first(v, type, n, in, what);
                case IMAGE_WIDTH -> ifd.width = dimension(first(v, type, n, in, what), in, ifd, "ImageWidth");
                case IMAGE_LENGTH -> ifd.height = dimension(first(v, type, n, in, what), in, ifd, "ImageLength");
                case BITS_PER_SAMPLE -> ifd.bitsPerSample = uniform(longs(v, type, n, in, what), in, ifd, "BitsPerSample");
                case COMPRESSION -> ifd.compression = (int) first(v, type, n, in, what);
                case PHOTOMETRIC -> ifd.photometric = (int) first(v, type, n, in, what);
                case FILL_ORDER -> ifd.fillOrder = (int) first(v, type, n, in, what);
                case IMAGE_DESCRIPTION -> ifd.description = ascii(v);
                case STRIP_OFFSETS -> {
                    sawStripOffsets = true;
                    if (!sawTileOffsets) ifd.chunkOffsets = longs(v, type, n, in, what);
                }
                case SAMPLES_PER_PIXEL -> ifd.samplesPerPixel = (int) Math.min(first(v, type, n, in, what), 65535);
                case ROWS_PER_STRIP -> ifd.rowsPerStrip = first(v, type, n, in, what);
                case STRIP_BYTE_COUNTS -> stripCounts = longs(v, type, n, in, what);
                case X_RESOLUTION -> ifd.xResolution = rational(v, type, n);
                case Y_RESOLUTION -> ifd.yResolution = rational(v, type, n);
                case PLANAR_CONFIGURATION -> ifd.planarConfig = (int) first(v, type, n, in, what);
                case RESOLUTION_UNIT -> {
                    ifd.resolutionUnit = (int) first(v, type, n, in, what);
                    ifd.hasResolutionUnit = true;
                }
                case PREDICTOR -> ifd.predictor = (int) first(v, type, n, in, what);
                case TILE_WIDTH -> ifd.tileWidth = (int) Math.min(first(v, type, n, in, what), Integer.MAX_VALUE);
                case TILE_LENGTH -> ifd.tileLength = (int) Math.min(first(v, type, n, in, what), Integer.MAX_VALUE);
                case TILE_OFFSETS -> {
                    sawTileOffsets = true;
                    ifd.chunkOffsets = longs(v, type, n, in, what);
                }
                case TILE_BYTE_COUNTS -> tileCounts = longs(v, type, n, in, what);
                case SAMPLE_FORMAT -> ifd.sampleFormat = uniform(longs(v, type, n, in, what), in, ifd, "SampleFormat");
                case IMAGE_DEPTH, TILE_DEPTH -> {
                    if (first(v, type, n, in, what) > 1) {
                        throw new ImageFileException(in.file, "unsupported TIFF layout (page " + ifd.index
                                + " is a volumetric SGI tile; only 2-D pages are supported)");
                    }
                }
                default -> { }
            }
        }
        if (sawTileOffsets) {
            ifd.tiled = true;
            ifd.chunkByteCounts = tileCounts;
        } else {
            ifd.chunkByteCounts = stripCounts;
            if (!sawStripOffsets) ifd.chunkOffsets = null;
        }
        int t = headerSize + (int) count * entrySize;
        return big ? b.getLong(t) : b.getInt(t) & 0xffffffffL;
    }

    private static boolean isInteresting(int tag) {
        return switch (tag) {
            case NEW_SUBFILE_TYPE, IMAGE_WIDTH, IMAGE_LENGTH, BITS_PER_SAMPLE, COMPRESSION, PHOTOMETRIC, FILL_ORDER,
                    IMAGE_DESCRIPTION, STRIP_OFFSETS, SAMPLES_PER_PIXEL, ROWS_PER_STRIP, STRIP_BYTE_COUNTS,
                    X_RESOLUTION, Y_RESOLUTION, PLANAR_CONFIGURATION, RESOLUTION_UNIT, PREDICTOR, TILE_WIDTH,
                    TILE_LENGTH, TILE_OFFSETS, TILE_BYTE_COUNTS, SAMPLE_FORMAT, IMAGE_DEPTH, TILE_DEPTH -> true;
            default -> false;
        };
    }

    private static ByteBuffer copy(ByteBuffer v) {
        ByteBuffer c = ByteBuffer.allocate(v.remaining()).order(v.order());
        c.put(v.duplicate()).flip();
        return c;
    }

    /** Integer values of an entry (BYTE, SHORT, LONG, LONG8, IFD and their signed forms). */
    private static long[] longs(ByteBuffer v, int type, long n, TiffInput in, String what) throws ImageFileException {
        long[] r = new long[(int) n];
        switch (type) {
            case 1, 7 -> { for (int i = 0; i < n; i++) r[i] = v.get(i) & 0xff; }
            case 6 -> { for (int i = 0; i < n; i++) r[i] = v.get(i); }
            case 3 -> { for (int i = 0; i < n; i++) r[i] = v.getShort(2 * i) & 0xffff; }
            case 8 -> { for (int i = 0; i < n; i++) r[i] = v.getShort(2 * i); }
            case 4, 13 -> { for (int i = 0; i < n; i++) r[i] = v.getInt(4 * i) & 0xffffffffL; }
            case 9 -> { for (int i = 0; i < n; i++) r[i] = v.getInt(4 * i); }
            case 16, 17, 18 -> { for (int i = 0; i < n; i++) r[i] = v.getLong(8 * i); }
            default -> throw new ImageFileException(in.file, "corrupt file (" + what + " has non-integer type " + type + ")");
        }
        return r;
    }

    private static long first(ByteBuffer v, int type, long n, TiffInput in, String what) throws ImageFileException {
        if (n < 1) throw new ImageFileException(in.file, "corrupt file (" + what + " has no value)");
        return longs(v, type, 1, in, what)[0];
    }

    private static int dimension(long v, TiffInput in, Ifd ifd, String name) throws ImageFileException {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ImageFileException(in.file, "corrupt file (page " + ifd.index + " has " + name + " " + v + ")");
        }
        return (int) v;
    }

    /** The common value of a per-sample tag; differing values (e.g. 5-6-5 bit RGB) are not supported. */
    private static int uniform(long[] v, TiffInput in, Ifd ifd, String name) throws ImageFileException {
        if (v.length == 0) throw new ImageFileException(in.file, "corrupt file (page " + ifd.index + ": empty " + name + ")");
        for (long x : v) {
            if (x != v[0]) {
                long[] shown = java.util.Arrays.copyOf(v, Math.min(v.length, 6));
                throw new ImageFileException(in.file, "unsupported " + name + " (page " + ifd.index + " mixes values "
                        + java.util.Arrays.toString(shown).replace("]", v.length > 6 ? ", …]" : "]") + " across samples)");
            }
        }
        return (int) Math.min(v[0], Integer.MAX_VALUE);
    }

    private static double rational(ByteBuffer v, int type, long n) {
        if (n < 1) return Double.NaN;
        return switch (type) {
            case 5 -> {
                long num = v.getInt(0) & 0xffffffffL;
                long den = v.getInt(4) & 0xffffffffL;
                yield den == 0 ? Double.NaN : (double) num / den;
            }
            case 10 -> {
                int num = v.getInt(0);
                int den = v.getInt(4);
                yield den == 0 ? Double.NaN : (double) num / den;
            }
            case 11 -> v.getFloat(0);
            case 12 -> v.getDouble(0);
            case 3 -> v.getShort(0) & 0xffff;
            case 4 -> v.getInt(0) & 0xffffffffL;
            default -> Double.NaN;
        };
    }

    /** An ASCII (in practice often UTF-8) value up to its first NUL. */
    private static String ascii(ByteBuffer v) {
        byte[] a = new byte[v.remaining()];
        v.duplicate().get(a);
        int end = 0;
        while (end < a.length && a[end] != 0) end++;
        return new String(a, 0, end, StandardCharsets.UTF_8);
    }

    private static String hex(ByteBuffer h, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && i < h.limit(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format("%02X", h.get(i) & 0xff));
        }
        return sb.toString();
    }
}
