package org.sylva.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.Deflater;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFileException;

/**
 * Sylva's own TIFF writer. Neither TwelveMonkeys nor ImageJ 1 writes compressed float32 hyperstacks, so this writes
 * little-endian classic TIFF (BigTIFF when the file could exceed 4 GB) itself:
 * <ul>
 *   <li><b>uint8, uint16, float32</b>: an ImageJ hyperstack, the layout Fiji opens natively and tifffile reports as
 *       {@code imagej=True} with axes TZCYX: one grey page per (t, z, c) in T, Z, C order (C fastest), an ImageJ
 *       ImageDescription ({@code images, channels, slices, frames, hyperstack=true, unit, spacing, finterval},
 *       display {@code min/max}) and X/YResolution = pixels per unit.</li>
 *   <li><b>int8, int16, uint32, int32, uint64, int64, float64</b>: ImageJ 1 cannot show these types, so they are
 *       written as a plain multi-page TIFF with the right SampleFormat, pages in the same T, Z, C order, and
 *       tifffile's "shaped" JSON description {@code {"shape": [...], "axes": "TZCYX", "unit": …, "spacing": …,
 *       "finterval": …}}: tifffile (and Sylva) read the axes back; other readers see a z-stack of pages.</li>
 * </ul>
 * The spatial unit "µm" is written as ImageJ's "micron". BigTIFF is chosen before writing, from the uncompressed
 * size (so more than 4 GB of raw pixels give a BigTIFF even when Deflate shrinks them); ImageJ 1 cannot open
 * BigTIFF (Fiji's Bio-Formats and tifffile can), but it could not hold a stack over 4 GB in a standard TIFF either.
 *
 * <p>Pixel data are written in strips of about {@value #STRIP_BYTES} bytes (whole rows), Deflate-compressed when
 * asked (integers with the horizontal predictor), compressed in parallel; all IFDs follow the pixel data so that
 * uncompressed planes are contiguous, as ImageJ's own reader expects. The image is streamed strip by strip: no
 * copy of it is made. A failed write deletes the file it was writing.
 */
public final class TiffWriter {

    /** Target bytes of one uncompressed strip: large enough to compress well, small enough to stream. */
    static final int STRIP_BYTES = 256 * 1024;
    /**
     * Deflate level. On noisy microscopy data zlib's default 6 took 10–14× the time of 1 for files about 1 % smaller
     * (docs/performance.md).
     */
    static final int DEFLATE_LEVEL = 1;
    /** Uncompressed bytes compressed in parallel before being written in order. */
    private static final int BATCH_BYTES = 16 << 20;
    private static final long CLASSIC_LIMIT = 0xFFFF_FFFFL;

    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int ASCII = 2;
    private static final int LONG8 = 16;

    private TiffWriter() {}

    /**
     * Writes {@code image} to {@code file} (replacing it). TIFF stores axes in ImageJ's order t, z, c, y, x:
     * {@code order} (null: the image's own axes, put into that order) may name any subset of axes that contains
     * every axis of extent &gt; 1, with those axes in that relative order; axes of extent 1 may stand anywhere.
     *
     * @param compress Deflate strips (integers with the horizontal predictor); uncompressed otherwise
     * @throws ImageFileException if {@code order} cannot be stored in TIFF, or on any write error (the partial file
     *                            is deleted)
     */
    public static void write(Image image, Path file, Axes order, boolean compress) throws IOException {
        write(image, file, order, compress, true, false);
    }

    /**
     * As {@link #write(Image, Path, Axes, boolean)}, with the predictor switch and a switch forcing BigTIFF (tests
     * use it to exercise the BigTIFF layout on small data).
     */
    static void write(Image image, Path file, Axes order, boolean compress, boolean predictor, boolean forceBigTiff)
            throws IOException {
        Axes fileAxes = fileAxes(image, order, file);
        Plan plan = new Plan(image, fileAxes, compress, compress && predictor && image.dtype().isInteger(), forceBigTiff);
        boolean done = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            plan.write(new TiffOutput(ch));
            done = true;
        } catch (ImageFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            Path parent = file.toAbsolutePath().getParent();
            throw new ImageFileException(file, "cannot write: folder " + parent + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ImageFileException(file, "cannot write: permission denied", e);
        } catch (IOException e) {
            throw new ImageFileException(file, "cannot write (" + e.getMessage() + ")", e);
        } finally {
            // Never leave a half-written TIFF that looks complete (but leave devices and the like alone).
            if (!done && Files.isRegularFile(file)) Files.deleteIfExists(file);
        }
    }

    /**
     * The axes the file will declare: {@code order}'s t, z, c letters (or the image's own, in t, z, c order when
     * {@code order} is null) followed by y, x.
     */
    static Axes fileAxes(Image image, Axes order, Path file) throws ImageFileException {
        Shape shape = image.shape();
        if (order == null) return pageAxes(image.axes().canonical().letters());
        for (char a : Axes.CANONICAL.toCharArray()) {
            if (shape.get(a) > 1 && !order.has(a)) {
                throw new ImageFileException(file, "cannot write axes '" + order + "': they drop axis '" + a
                        + "' of extent " + shape.get(a));
            }
        }
        String imagej = "tzcyx";
        int last = -1;
        char lastAxis = 0;
        for (char a : order.letters().toCharArray()) {
            if (shape.get(a) <= 1) continue;
            int i = imagej.indexOf(a);
            if (i < last) {
                throw new ImageFileException(file, "cannot write axes '" + order + "': TIFF stores axes in ImageJ "
                        + "order t, z, c, y, x, and here " + a + " (extent " + shape.get(a) + ") comes after "
                        + lastAxis + " (extent " + shape.get(lastAxis) + ")");
            }
            last = i;
            lastAxis = a;
        }
        return pageAxes(order.letters());
    }

    private static Axes pageAxes(String letters) {
        StringBuilder sb = new StringBuilder();
        for (char a : letters.toCharArray()) if (a != 'y' && a != 'x') sb.append(a);
        return Axes.of(sb.append("yx").toString());
    }

    /** Whether {@code dtype} is written as an ImageJ hyperstack (ImageJ 1 shows only these types). */
    static boolean isImageJType(DType dtype) {
        return dtype == DType.UINT8 || dtype == DType.UINT16 || dtype == DType.FLOAT32;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Everything decided before the first byte is written. */
    private static final class Plan {
        final Image image;
        final Axes axes;
        final DType dtype;
        final Shape shape;
        final boolean compress;
        final boolean predictor;
        final boolean imagej;
        final boolean big;
        final int rowsPerStrip;
        final int stripsPerPage;
        final int pages;
        final long[][] offsets;
        final long[][] counts;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        Plan(Image image, Axes axes, boolean compress, boolean predictor, boolean forceBig) {
            this.image = image;
            this.axes = axes;
            this.dtype = image.dtype();
            this.shape = image.shape();
            this.compress = compress;
            this.predictor = predictor;
            this.imagej = isImageJType(dtype);
            long rowBytes = (long) shape.x() * dtype.bytes();
            this.rowsPerStrip = (int) Math.max(1, Math.min(shape.y(), STRIP_BYTES / rowBytes));
            this.stripsPerPage = Ifd.ceilDiv(shape.y(), rowsPerStrip);
            this.pages = shape.t() * shape.z() * shape.c();
            this.offsets = new long[pages][stripsPerPage];
            this.counts = new long[pages][stripsPerPage];
            // Decide BigTIFF from the worst case: uncompressed data (Deflate may even grow incompressible data a
            // little) plus the IFDs.
            long data = (long) pages * shape.y() * rowBytes;
            long strips = (long) pages * stripsPerPage;
            long worst = 16 + data + data / 500 + strips * 96 + (long) pages * 512 + 65536;
            this.big = forceBig || worst > CLASSIC_LIMIT;
        }

        void write(TiffOutput out) throws IOException {
            // Header; the first IFD's offset is patched at the end.
            ByteBuffer h = ByteBuffer.allocate(big ? 16 : 8).order(ByteOrder.LITTLE_ENDIAN);
            h.put((byte) 'I').put((byte) 'I');
            if (big) h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0);
            else h.putShort((short) 42).putInt(0);
            out.write(h.array(), 0, h.capacity());
            writePixels(out);
            out.align();
            long firstIfd = out.position();
            writeIfds(out);
            out.flush();
            ByteBuffer p = ByteBuffer.allocate(big ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
            if (big) p.putLong(firstIfd);
            else p.putInt((int) firstIfd);
            out.patch(big ? 8 : 4, p.array());
        }

        /** Strips of all pages, in page order (T, Z, C) and row order; batches are encoded in parallel. */
        private void writePixels(TiffOutput out) throws IOException {
            int c = shape.c();
            int z = shape.z();
            List<int[]> batch = new ArrayList<>();
            long batchBytes = 0;
            long stripBytes = (long) rowsPerStrip * shape.x() * dtype.bytes();
            ConcurrentLinkedQueue<StripEncoder> encoders = new ConcurrentLinkedQueue<>();
            StripEncoder serial = new StripEncoder(this);
            try {
                for (int page = 0; page < pages; page++) {
                    for (int s = 0; s < stripsPerPage; s++) {
                        if (!compress) {
                            // Uncompressed: no work worth parallelising, encode and write one strip at a time.
                            int[] job = {page, s};
                            emit(out, job, serial.encode(job, page / c / z, page / c % z, page % c, true));
                            continue;
                        }
                        batch.add(new int[] {page, s});
                        batchBytes += stripBytes;
                        if (batchBytes >= BATCH_BYTES) {
                            flushBatch(out, batch, encoders);
                            batch.clear();
                            batchBytes = 0;
                        }
                    }
                }
                if (!batch.isEmpty()) flushBatch(out, batch, encoders);
            } finally {
                serial.close();
                for (StripEncoder e : encoders) e.close();
            }
        }

        private void flushBatch(TiffOutput out, List<int[]> batch, ConcurrentLinkedQueue<StripEncoder> encoders)
                throws IOException {
            int c = shape.c();
            int z = shape.z();
            Encoded[] results = new Encoded[batch.size()];
            java.util.stream.IntStream.range(0, batch.size()).parallel().forEach(i -> {
                StripEncoder e = encoders.poll();
                if (e == null) e = new StripEncoder(this);
                try {
                    int[] job = batch.get(i);
                    int page = job[0];
                    results[i] = e.encode(job, page / c / z, page / c % z, page % c, false);
                } finally {
                    encoders.add(e);
                }
            });
            for (int i = 0; i < results.length; i++) emit(out, batch.get(i), results[i]);
        }

        private void emit(TiffOutput out, int[] job, Encoded e) throws IOException {
            offsets[job[0]][job[1]] = out.position();
            counts[job[0]][job[1]] = e.length;
            out.write(e.data, 0, e.length);
            if (e.min < min) min = e.min;
            if (e.max > max) max = e.max;
        }

        private void writeIfds(TiffOutput out) throws IOException {
            byte[] description = (description() + "\0").getBytes(StandardCharsets.UTF_8);
            Calibration cal = image.calibration();
            long[] xres = rational(cal.x());
            long[] yres = rational(Double.isNaN(cal.y()) ? cal.x() : cal.y());
            int resUnit = resolutionUnit(cal.unit());
            int sampleFormat = dtype.isFloat() ? 3 : dtype.isSigned() ? 2 : 1;
            byte[] software = "Sylva\0".getBytes(StandardCharsets.US_ASCII);
            for (int page = 0; page < pages; page++) {
                IfdBuilder b = new IfdBuilder(big);
                b.add(254, LONG, 0);
                b.add(256, LONG, shape.x());
                b.add(257, LONG, shape.y());
                b.add(258, SHORT, dtype.bytes() * 8);
                b.add(259, SHORT, compress ? 8 : 1);
                b.add(262, SHORT, 1);
                if (page == 0) b.addBytes(270, ASCII, description);
                b.addLongs(273, big ? LONG8 : LONG, offsets[page]);
                b.add(277, SHORT, 1);
                b.add(278, LONG, rowsPerStrip);
                b.addLongs(279, big ? LONG8 : LONG, counts[page]);
                if (xres != null && yres != null) {
                    b.addLongs(282, RATIONAL, xres);
                    b.addLongs(283, RATIONAL, yres);
                }
                b.add(284, SHORT, 1);
                if (xres != null && yres != null) b.add(296, SHORT, resUnit);
                if (page == 0) b.addBytes(305, ASCII, software);
                if (predictor) b.add(317, SHORT, 2);
                b.add(339, SHORT, sampleFormat);
                long pos = out.position();
                byte[] ifd = b.build(pos, page + 1 < pages);
                out.write(ifd, 0, ifd.length);
            }
        }

        private String description() {
            Calibration cal = image.calibration();
            int t = shape.t();
            int z = shape.z();
            int c = shape.c();
            if (imagej) {
                double lo = dtype == DType.UINT8 || min > max ? Double.NaN : min;
                double hi = dtype == DType.UINT8 || min > max ? Double.NaN : max;
                return ImageJDescription.format(c, z, t, cal.unit(), cal.z(), cal.t(), cal.timeUnit(), lo, hi);
            }
            // tifffile's "shaped" description: JSON shape and axes over the file's axis order.
            StringBuilder sb = new StringBuilder("{\"shape\": [");
            String letters = axes.letters();
            for (int i = 0; i < letters.length(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(shape.get(letters.charAt(i)));
            }
            sb.append("], \"axes\": \"").append(letters.toUpperCase(Locale.ROOT)).append('"');
            if (!cal.unit().isEmpty()) sb.append(", \"unit\": ").append(json(cal.unit()));
            if (Double.isFinite(cal.z()) && cal.z() > 0) sb.append(", \"spacing\": ").append(cal.z());
            if (Double.isFinite(cal.t()) && cal.t() > 0) {
                sb.append(", \"finterval\": ").append(cal.t());
                if (!cal.timeUnit().isEmpty()) sb.append(", \"tunit\": ").append(json(cal.timeUnit()));
            }
            return sb.append('}').toString();
        }
    }

    /** TIFF ResolutionUnit for a unit: inch and centimetre have codes, everything else is "none" (as ImageJ). */
    private static int resolutionUnit(String unit) {
        return switch (unit) {
            case "inch" -> 2;
            case "cm" -> 3;
            default -> 1;
        };
    }

    /**
     * XResolution (pixels per unit) for a pixel size as an unsigned rational {num, den}, chosen so that
     * {@code den / num} (what readers compute back) is as close to {@code size} as 32 bits allow — exact for sizes
     * with up to 9 decimals; null if the size is unknown.
     */
    static long[] rational(double size) {
        if (!(size > 0) || Double.isInfinite(size)) return null;
        long best0 = 1;
        long best1 = 1;
        double bestErr = Double.POSITIVE_INFINITY;
        for (int a = 0; a <= 9; a++) {
            double p = Math.pow(10, a);
            // size = den / num with num = 10^a …
            long den = Math.round(size * p);
            if (den >= 1 && den <= CLASSIC_LIMIT) {
                double err = Math.abs(den / p - size);
                if (err < bestErr) { bestErr = err; best0 = (long) p; best1 = den; }
            }
            // … or with den = 10^a.
            long num = Math.round(p / size);
            if (num >= 1 && num <= CLASSIC_LIMIT) {
                double err = Math.abs(p / num - size);
                if (err < bestErr) { bestErr = err; best0 = num; best1 = (long) p; }
            }
        }
        return bestErr == Double.POSITIVE_INFINITY ? null : new long[] {best0, best1};
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
            else if (ch < 0x20 || ch > 0x7e) sb.append(String.format("\\u%04x", (int) ch));
            else sb.append(ch);
        }
        return sb.append('"').toString();
    }

    /** One encoded strip and the range of its values. */
    private record Encoded(byte[] data, int length, double min, double max) {
    }

    /** Encodes strips: gather one channel's rows, predictor, little-endian bytes, Deflate. One per thread. */
    private static final class StripEncoder {
        private final Plan plan;
        private final Deflater deflater;
        private final Object rows;
        private final byte[] bytes;
        private byte[] out = new byte[0];

        StripEncoder(Plan plan) {
            this.plan = plan;
            this.deflater = plan.compress ? new Deflater(DEFLATE_LEVEL) : null;
            int samples = plan.rowsPerStrip * plan.shape.x();
            this.rows = plan.dtype.allocate(samples);
            this.bytes = new byte[samples * plan.dtype.bytes()];
        }

        /** Encodes strip {@code job[1]} of page (t, z, c); {@code reuse}: the result may share this encoder's buffers. */
        Encoded encode(int[] job, int t, int z, int c, boolean reuse) {
            Shape shape = plan.shape;
            int width = shape.x();
            int row0 = job[1] * plan.rowsPerStrip;
            int nRows = Math.min(plan.rowsPerStrip, shape.y() - row0);
            int n = nRows * width;
            Object plane = plan.image.plane(t, z);
            Samples.gather(plane, shape.c(), c, row0 * width, rows, n);
            double[] range = plan.imagej && plan.dtype != DType.UINT8 ? range(rows, n) : null;
            if (plan.predictor) {
                for (int r = 0; r < nRows; r++) Samples.applyHorizontal(rows, r * width, width);
            }
            int len = n * plan.dtype.bytes();
            Samples.encodeLittleEndian(rows, 0, bytes, 0, n);
            double lo = range == null ? Double.POSITIVE_INFINITY : range[0];
            double hi = range == null ? Double.NEGATIVE_INFINITY : range[1];
            if (!plan.compress) {
                return new Encoded(reuse ? bytes : bytes.clone(), len, lo, hi);
            }
            deflater.reset();
            deflater.setInput(bytes, 0, len);
            deflater.finish();
            if (out.length < len / 2 + 64) out = new byte[len / 2 + 64];
            int size = 0;
            while (!deflater.finished()) {
                if (size == out.length) out = java.util.Arrays.copyOf(out, out.length * 2);
                size += deflater.deflate(out, size, out.length - size);
            }
            return new Encoded(reuse ? out : java.util.Arrays.copyOf(out, size), size, lo, hi);
        }

        void close() {
            if (deflater != null) deflater.end();
        }

        /** {min, max} of the first n samples (NaN ignored), for ImageJ's display range. */
        private static double[] range(Object a, int n) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            if (a instanceof short[] s) {
                int l = 65535;
                int h = 0;
                for (int i = 0; i < n; i++) {
                    int v = s[i] & 0xffff;
                    if (v < l) l = v;
                    if (v > h) h = v;
                }
                if (n > 0) { lo = l; hi = h; }
            } else if (a instanceof float[] f) {
                float l = Float.POSITIVE_INFINITY;
                float h = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    float v = f[i];
                    if (v < l) l = v;
                    if (v > h) h = v;
                }
                lo = l;
                hi = h;
            }
            return new double[] {lo, hi};
        }
    }

    /** Buffered sequential writes to a channel, with the file position tracked and positional patches. */
    private static final class TiffOutput {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        private long flushed;

        TiffOutput(FileChannel ch) { this.ch = ch; }

        long position() { return flushed + buf.position(); }

        void write(byte[] b, int off, int len) throws IOException {
            if (len > buf.remaining()) {
                flush();
                if (len >= buf.capacity()) {
                    ByteBuffer w = ByteBuffer.wrap(b, off, len);
                    while (w.hasRemaining()) flushed += ch.write(w, flushed);
                    return;
                }
            }
            buf.put(b, off, len);
        }

        /** Pads to an even offset: TIFF wants IFDs on word boundaries. */
        void align() throws IOException {
            if ((position() & 1) != 0) write(new byte[1], 0, 1);
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) flushed += ch.write(buf, flushed);
            buf.clear();
        }

        void patch(long pos, byte[] b) throws IOException {
            flush();
            ByteBuffer w = ByteBuffer.wrap(b);
            long p = pos;
            while (w.hasRemaining()) p += ch.write(w, p);
        }
    }

    /** Assembles one IFD: entries sorted by tag, values that do not fit the entry placed after it. */
    private static final class IfdBuilder {
        private record Entry(int tag, int type, long count, byte[] value) {
        }

        private final boolean big;
        private final List<Entry> entries = new ArrayList<>();

        IfdBuilder(boolean big) { this.big = big; }

        void add(int tag, int type, long value) { addLongs(tag, type, new long[] {value}); }

        void addLongs(int tag, int type, long[] values) {
            // RATIONAL values come as {numerator, denominator} pairs of unsigned 32-bit numbers.
            int size = type == SHORT ? 2 : type == LONG || type == RATIONAL ? 4 : 8;
            ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                if (size == 2) b.putShort((short) v);
                else if (size == 4) b.putInt((int) v);
                else b.putLong(v);
            }
            entries.add(new Entry(tag, type, type == RATIONAL ? values.length / 2 : values.length, b.array()));
        }

        void addBytes(int tag, int type, byte[] value) { entries.add(new Entry(tag, type, value.length, value)); }

        /** The IFD's bytes when placed at {@code pos}; its next-IFD pointer is the byte after it when {@code more}. */
        byte[] build(long pos, boolean more) {
            entries.sort((a, b) -> Integer.compare(a.tag, b.tag));
            int entrySize = big ? 20 : 12;
            int field = big ? 8 : 4;
            int head = big ? 8 : 2;
            int fixed = head + entries.size() * entrySize + field;
            int extra = 0;
            for (Entry e : entries) if (e.value.length > field) extra += (e.value.length + 1) & ~1;
            ByteBuffer b = ByteBuffer.allocate(fixed + extra).order(ByteOrder.LITTLE_ENDIAN);
            if (big) b.putLong(entries.size());
            else b.putShort((short) entries.size());
            long valuePos = pos + fixed;
            int valueAt = fixed;
            for (Entry e : entries) {
                b.putShort((short) e.tag).putShort((short) e.type);
                if (big) b.putLong(e.count);
                else b.putInt((int) e.count);
                if (e.value.length <= field) {
                    byte[] v = java.util.Arrays.copyOf(e.value, field);
                    b.put(v);
                } else {
                    if (big) b.putLong(valuePos);
                    else b.putInt((int) valuePos);
                    int padded = (e.value.length + 1) & ~1;
                    b.put(valueAt, e.value);
                    valueAt += padded;
                    valuePos += padded;
                }
            }
            long next = more ? pos + fixed + extra : 0;
            if (big) b.putLong(next);
            else b.putInt((int) next);
            return b.array();
        }
    }

}
