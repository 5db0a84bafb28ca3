package org.sylva.io.tiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.IntStream;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFileException;

/**
 * Reads a whole TIFF into an {@link Image}: classic TIFF and BigTIFF, either byte order, strips or tiles,
 * uncompressed / LZW / Deflate / PackBits with horizontal or floating-point predictor, 8- to 64-bit integer and
 * 32/64-bit float samples, interleaved or planar samples per pixel. Axes and calibration come from OME-XML, an
 * ImageJ description or a tifffile shape description; see {@link TiffSeries} for the rules, which follow tifffile's
 * {@code series[0]}.
 *
 * <p>Speed: pages are decoded straight into the image's plane arrays; uncompressed data is read with large
 * positional reads (no per-pixel work at all), compressed pages are decoded in parallel on all cores.
 */
public final class TiffReader {

    /** Compressed pages smaller than this in total are decoded on the calling thread. */
    private static final long PARALLEL_BYTES = 4L << 20;

    private TiffReader() {}

    /**
     * Reads the first image series of {@code file}. The result's axes are the file's own, in file order (e.g.
     * {@code zcyx} for an ImageJ hyperstack with slices and channels, {@code yxc} for RGB), its name the file name
     * without extension.
     *
     * @throws ImageFileException naming the file and the problem: missing, not a TIFF, truncated, corrupt,
     *                            unsupported compression or sample type, empty, too large for memory
     */
    public static Image read(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new ImageFileException(file, "is a folder, not a TIFF file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            TiffInput in = new TiffInput(file, channel);
            TiffStructure structure = TiffStructure.read(in);
            TiffSeries series = TiffSeries.of(in, structure);
            return decode(in, structure, series).withName(baseName(file));
        } catch (ImageFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageFileException(file, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new ImageFileException(file, "permission denied", e);
        } catch (IOException e) {
            throw new ImageFileException(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static Image decode(TiffInput in, TiffStructure structure, TiffSeries series) throws IOException {
        Shape shape;
        try {
            shape = series.shape();
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(in.file, "image too large (" + e.getMessage() + ")");
        }
        long bytes = shape.samples() * series.dtype.bytes();
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new ImageFileException(in.file, "image too large for memory (" + mb(bytes) + " MB of pixels, Java may "
                    + "use at most " + mb(max) + " MB; raise -Xmx or process the file blockwise)");
        }
        Image image;
        try {
            image = Image.create(series.dtype, shape, series.axes());
        } catch (OutOfMemoryError e) {
            throw new ImageFileException(in.file, "not enough free memory for " + mb(bytes) + " MB of pixels (raise "
                    + "-Xmx or process the file blockwise)");
        }
        int n = series.pages.length;
        int[] t = new int[n];
        int[] z = new int[n];
        int[] c = new int[n];
        int[] pos = new int[series.pageAxes.length()];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < pos.length; d++) {
                char a = series.pageAxes.charAt(d);
                if (a == 't') t[i] = pos[d];
                else if (a == 'z') z[i] = pos[d];
                else c[i] = pos[d];
            }
            for (int d = pos.length - 1; d >= 0; d--) {
                if (++pos[d] < series.pageExtents[d]) break;
                pos[d] = 0;
            }
        }
        int planeChannels = shape.c();
        int spp = series.samples();
        boolean compressed = series.key.compression != 1;
        int cores = Runtime.getRuntime().availableProcessors();
        if (compressed && n < cores && bytes >= PARALLEL_BYTES && cores > 1) {
            // Few large pages (e.g. one big 2D image): share the chunks of each page among the cores.
            decodeChunksInParallel(in, structure, series, image, t, z, c, cores);
            return image.withCalibration(series.calibration);
        }
        int workers = Math.min(n, cores);
        if (!compressed || workers < 2 || bytes < PARALLEL_BYTES) {
            PageDecoder decoder = new PageDecoder(in, structure.order);
            try {
                for (int i = 0; i < n; i++) {
                    PageRef p = series.pages[i];
                    if (p != null) decoder.decode(p, series.dtype, image.plane(t[i], z[i]), planeChannels, c[i] * spp);
                }
            } finally {
                decoder.close();
            }
            return image.withCalibration(series.calibration);
        }
        try {
            // Worker w decodes pages w, w + workers, …: each has its own inflater and buffers; pages write to
            // disjoint samples of the planes.
            IntStream.range(0, workers).parallel().forEach(w -> {
                PageDecoder decoder = new PageDecoder(in, structure.order);
                try {
                    for (int i = w; i < n; i += workers) {
                        PageRef p = series.pages[i];
                        if (p != null) decoder.decode(p, series.dtype, image.plane(t[i], z[i]), planeChannels, c[i] * spp);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    decoder.close();
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return image.withCalibration(series.calibration);
    }

    private static void decodeChunksInParallel(TiffInput in, TiffStructure structure, TiffSeries series, Image image,
                                               int[] t, int[] z, int[] c, int workers) throws IOException {
        int planeChannels = image.shape().c();
        int spp = series.samples();
        PageDecoder[] decoders = new PageDecoder[workers];
        for (int w = 0; w < workers; w++) decoders[w] = new PageDecoder(in, structure.order);
        try {
            for (int i = 0; i < series.pages.length; i++) {
                PageRef p = series.pages[i];
                if (p == null) continue;
                Object plane = image.plane(t[i], z[i]);
                if (!PageDecoder.chunksGoStraightToPlane(p, planeChannels, c[i] * spp)) {
                    decoders[0].decode(p, series.dtype, plane, planeChannels, c[i] * spp);
                    continue;
                }
                try {
                    IntStream.range(0, workers).parallel().forEach(w -> {
                        try {
                            decoders[w].decodeChunks(p, 0, plane, spp, w, workers);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        } finally {
            for (PageDecoder d : decoders) d.close();
        }
    }

    static boolean isSupportedCompression(int code) {
        return code == 1 || code == 5 || code == 8 || code == 32946 || code == 32773;
    }

    /** A readable name for a TIFF compression code, e.g. "JPEG (7)". */
    static String compressionName(int code) {
        String name = switch (code) {
            case 1 -> "none";
            case 2 -> "CCITT RLE";
            case 3 -> "CCITT Group 3 fax";
            case 4 -> "CCITT Group 4 fax";
            case 5 -> "LZW";
            case 6 -> "old-style JPEG";
            case 7 -> "JPEG";
            case 8, 32946 -> "Deflate";
            case 32773 -> "PackBits";
            case 33003, 33005, 34712 -> "JPEG 2000";
            case 34887 -> "LERC";
            case 34892 -> "lossy JPEG";
            case 34925 -> "LZMA";
            case 34926, 50000 -> "Zstandard";
            case 34927, 50001 -> "WebP";
            case 50002, 52546 -> "JPEG XL";
            default -> "unknown";
        };
        return name + " (" + code + ")";
    }

    private static long mb(long bytes) { return (bytes + (1 << 20) - 1) >> 20; }

    /** The file name without its extension(s) {@code .tif}, {@code .tiff}, {@code .ome.tif}. */
    static String baseName(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        String lower = n.toLowerCase(java.util.Locale.ROOT);
        for (String ext : new String[] {".ome.tiff", ".ome.tif", ".tiff", ".tif"}) {
            if (lower.endsWith(ext)) return n.substring(0, n.length() - ext.length());
        }
        return n;
    }
}
