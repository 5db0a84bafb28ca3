package org.sylva.io.tiff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Shape;
import org.sylva.io.ImageFileException;

/**
 * The image stored in a TIFF: which pages hold which (t, z, c) planes, and the axes, sample type and calibration,
 * decided from the file's metadata the way tifffile decides {@code series[0]}:
 * <ul>
 *   <li>OME-TIFF (OME-XML in the first ImageDescription): the first Image's DimensionOrder (fastest first, so
 *       {@code XYCZT} gives axes {@code tzcyx}) and TiffData plane-to-IFD mapping; singleton axes dropped; planes
 *       without an IFD are zeros (as in tifffile). Single-file only; TiffData naming one other file is taken as this
 *       file renamed (tifffile then gives up on the OME metadata), several file names are refused.</li>
 *   <li>ImageJ ({@code ImageJ=} description): pages in T, Z, C order; axes the present ones of {@code tzcyx};
 *       a stack over 4 GB written by ImageJ as one IFD plus contiguous planes is read as such.</li>
 *   <li>tifffile "shaped" JSON ({@code {"shape": [...], "axes": "..."}}): its shape and axes (T, Z, C kept,
 *       also when of extent 1; unnamed I/Q dimensions become z, then t, then c).</li>
 *   <li>anything else: all pages of the first page's size and type; several pages are {@code z}.</li>
 * </ul>
 * Samples per pixel (RGB) are the axis {@code c}: last when interleaved ({@code yxc}), before y when stored as
 * separate planes ({@code cyx}), as tifffile's {@code S}.
 */
final class TiffSeries {

    /** What kind of metadata defined the series, for messages. */
    final String kind;
    final Ifd key;
    final DType dtype;
    /** Axis letters (t, z or c) of the page dimensions, slowest first; pages are in C order over them. */
    final String pageAxes;
    final int[] pageExtents;
    /** One page per combination of the page dimensions (C order); null entries are missing planes (zeros). */
    final PageRef[] pages;
    final Calibration calibration;

    private TiffSeries(String kind, Ifd key, DType dtype, String pageAxes, int[] pageExtents, PageRef[] pages,
                       Calibration calibration) {
        this.kind = kind;
        this.key = key;
        this.dtype = dtype;
        this.pageAxes = pageAxes;
        this.pageExtents = pageExtents;
        this.pages = pages;
        this.calibration = calibration;
    }

    /** Samples per pixel stored in each page (the RGB axis), 1 for grey pages. */
    int samples() { return key.samplesPerPixel; }

    /** The image's axes in file order. */
    Axes axes() {
        StringBuilder sb = new StringBuilder(pageAxes);
        boolean rgb = samples() > 1;
        if (rgb && key.planarConfig == 2) sb.append('c');
        sb.append("yx");
        if (rgb && key.planarConfig != 2) sb.append('c');
        return Axes.of(sb.toString());
    }

    /** Extent of page axis {@code axis}, 1 if absent. */
    int pageExtent(char axis) {
        int i = pageAxes.indexOf(axis);
        return i < 0 ? 1 : pageExtents[i];
    }

    Shape shape() {
        return new Shape(pageExtent('t'), pageExtent('z'), key.height, key.width, pageExtent('c') * samples());
    }

    // ---------------------------------------------------------------------------------------------------------

    static TiffSeries of(TiffInput in, TiffStructure s) throws ImageFileException {
        List<Ifd> all = s.pages;
        String desc = all.get(0).description;
        if (OmeXml.is(desc)) {
            OmeXml ome = OmeXml.parse(desc);
            if (ome != null) {
                TiffSeries r = ome(in, all, ome);
                if (r != null) return r;
            }
        }
        if (ImageJDescription.is(desc)) return imageJ(in, all, ImageJDescription.parse(desc));
        if (desc != null && desc.startsWith("{")) {
            TiffSeries r = shaped(in, all, desc);
            if (r != null) return r;
        }
        return generic(in, all);
    }

    private static TiffSeries generic(TiffInput in, List<Ifd> all) throws ImageFileException {
        Ifd key = null;
        List<PageRef> pages = new ArrayList<>();
        for (Ifd ifd : all) {
            if (ifd.isReducedResolution() || ifd.isMask()) continue;
            if (key == null) key = ifd;
            if (ifd.sameKind(key)) pages.add(new PageRef(ifd, 0, ifd.index));
        }
        if (key == null) key = all.get(0);
        DType dtype = check(in, key);
        if (pages.isEmpty()) pages.add(new PageRef(key, 0, key.index));
        for (PageRef p : pages) check(in, p.ifd());
        int n = pages.size();
        return new TiffSeries("multi-page TIFF", key, dtype, n > 1 ? "z" : "", n > 1 ? new int[] {n} : new int[0],
                pages.toArray(new PageRef[0]), resolution(key, null));
    }

    private static TiffSeries imageJ(TiffInput in, List<Ifd> all, ImageJDescription ij) throws ImageFileException {
        Ifd key = all.get(0);
        DType dtype = check(in, key);
        int channels = ij.count("channels", 1);
        int slices = ij.count("slices", 1);
        int frames = ij.count("frames", 1);
        int images = ij.count("images", 1);
        if (channels > 1 && channels == key.samplesPerPixel) channels = 1; // RGB samples declared as channels
        long n = (long) channels * slices * frames;
        if (n == 1) {
            slices = images > 1 ? images : Math.max(1, countSameKind(all, key));
            n = slices;
        }
        if (n > Integer.MAX_VALUE) throw new ImageFileException(in.file, "corrupt ImageJ description (" + n + " images)");
        // ImageJ's axis order is T, Z, C (C fastest) unless an "order" key says otherwise (tifffile's mapping).
        String order = ij.order();
        String outer = switch (order) {
            case "ctz" -> "ztc";
            case "zct" -> "tcz";
            case "ztc" -> "ctz";
            case "tcz" -> "zct";
            case "tzc" -> "czt";
            default -> "tzc";
        };
        int[] ext = new int[3];
        for (int i = 0; i < 3; i++) {
            char a = outer.charAt(i);
            ext[i] = a == 't' ? frames : a == 'z' ? slices : channels;
        }
        PageRef[] pages = pagesOrContiguous(in, all, key, (int) n, "ImageJ description declares " + n + " images");
        Calibration base = resolution(key, pixelUnit(ij.text("unit")));
        double z = ij.positive("spacing");
        double t = ij.positive("finterval");
        if (Double.isNaN(t) && ij.positive("fps") > 0) t = 1 / ij.positive("fps");
        String tunit = ij.text("tunit");
        Calibration cal = new Calibration(base.x(), base.y(), z, t, base.unit(),
                Double.isNaN(t) ? "" : tunit == null ? "sec" : tunit);
        return squeezed("ImageJ hyperstack", key, dtype, outer, ext, pages, cal);
    }

    private static TiffSeries shaped(TiffInput in, List<Ifd> all, String desc) throws ImageFileException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(desc);
        } catch (Exception e) {
            return null;
        }
        JsonNode shapeNode = root == null ? null : root.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() < 2) return null;
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!shapeNode.get(i).canConvertToLong()) return null;
            shape[i] = shapeNode.get(i).asLong();
            if (shape[i] == 0) throw new ImageFileException(in.file, "empty image (shape " + shapeNode + ")");
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) return null;
        }
        Ifd key = all.get(0);
        DType dtype = check(in, key);
        int spp = key.samplesPerPixel;
        long[] pageShape = spp == 1 ? new long[] {key.height, key.width}
                : key.planarConfig == 2 ? new long[] {spp, key.height, key.width}
                : new long[] {key.height, key.width, spp};
        int k = shape.length - pageShape.length;
        if (k < 0) return null;
        for (int i = 0; i < pageShape.length; i++) if (shape[k + i] != pageShape[i]) return null;
        JsonNode axesNode = root.get("axes");
        String letters = axesNode != null && axesNode.isTextual() && axesNode.asText().length() == shape.length
                ? axesNode.asText().toUpperCase(java.util.Locale.ROOT) : "Q".repeat(shape.length);
        long n = 1;
        for (int i = 0; i < k; i++) n *= shape[i];
        if (n > Integer.MAX_VALUE) return null;
        PageRef[] pages = pagesOrContiguous(in, all, key, (int) n, "shape " + shapeNode + " needs " + n + " pages");
        // Map the page dimensions: T, Z, C by name; unnamed ones (tifffile's I, Q, …) as z, then t, then c.
        StringBuilder outer = new StringBuilder();
        int[] ext = new int[k];
        List<Integer> unnamed = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            char l = letters.charAt(i);
            char a = l == 'T' ? 't' : l == 'Z' ? 'z' : l == 'C' ? 'c' : '?';
            if (a != '?' && outer.indexOf(String.valueOf(a)) >= 0) a = '?';
            if (a == 'c' && spp > 1) {
                if (shape[i] > 1) {
                    throw new ImageFileException(in.file, "unsupported TIFF layout (shape " + shapeNode + " has "
                            + "channels both as pages and as samples per pixel)");
                }
                a = '?';
            }
            outer.append(a);
            ext[i] = (int) shape[i];
            if (a == '?') unnamed.add(i);
        }
        List<Character> free = new ArrayList<>();
        for (char a : new char[] {'z', 't', 'c'}) {
            if (outer.indexOf(String.valueOf(a)) < 0 && !(a == 'c' && spp > 1)) free.add(a);
        }
        int bigUnnamed = 0;
        for (int i : unnamed) if (ext[i] > 1) bigUnnamed++;
        if (bigUnnamed > free.size()) {
            throw new ImageFileException(in.file, "unsupported TIFF layout (shape " + shapeNode + " with axes "
                    + letters + " has more dimensions than t, z, c, y, x)");
        }
        // With several unnamed dimensions keep ImageJ's relative order t, z, c.
        List<Character> use = new ArrayList<>(free.subList(0, bigUnnamed));
        use.sort((a, b) -> "tzc".indexOf(a) - "tzc".indexOf(b));
        int u = 0;
        for (int i : unnamed) outer.setCharAt(i, ext[i] > 1 ? use.get(u++) : '-');
        String pageAxes = outer.toString();
        // Drop unnamed singleton dimensions ('-'); named singletons stay, as tifffile reports them.
        StringBuilder kept = new StringBuilder();
        List<Integer> keptExt = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (pageAxes.charAt(i) != '-') {
                kept.append(pageAxes.charAt(i));
                keptExt.add(ext[i]);
            }
        }
        Calibration base = resolution(key, root.hasNonNull("unit") ? pixelUnit(root.get("unit").asText()) : null);
        double z = positive(root.get("spacing"));
        double t = positive(root.get("finterval"));
        String tunit = root.hasNonNull("tunit") ? root.get("tunit").asText() : "";
        Calibration cal = new Calibration(base.x(), base.y(), z, t, base.unit(), Double.isNaN(t) ? "" : tunit);
        return new TiffSeries("tifffile shaped", key, dtype, kept.toString(),
                keptExt.stream().mapToInt(Integer::intValue).toArray(), pages, cal);
    }

    private static TiffSeries ome(TiffInput in, List<Ifd> all, OmeXml ome) throws ImageFileException {
        Ifd key = all.get(0);
        if (ome.sizeX != key.width || ome.sizeY != key.height) return null;
        DType dtype = check(in, key);
        int spp = key.samplesPerPixel;
        int cPages = spp > 1 ? Math.max(1, ome.sizeC / spp) : ome.sizeC;
        String fastFirst = ome.dimensionOrder.substring(2); // e.g. "CZT": C fastest
        int[] size = new int[3];
        for (int i = 0; i < 3; i++) {
            char d = fastFirst.charAt(i);
            size[i] = d == 'C' ? cPages : ome.size(d);
            if (size[i] < 1) return null;
        }
        long planes = (long) size[0] * size[1] * size[2];
        if (planes > Integer.MAX_VALUE) return null;
        int[] ifdOf = new int[(int) planes]; // plane index in OME order -> IFD, -1 missing
        if (ome.tiffData.isEmpty()) {
            for (int i = 0; i < ifdOf.length; i++) ifdOf[i] = i;
        } else {
            java.util.Arrays.fill(ifdOf, -1);
            // One file name (usually this file's, or its name before a rename) is a single-file OME-TIFF.
            java.util.Set<String> files = new java.util.TreeSet<>();
            for (OmeXml.TiffData td : ome.tiffData) if (!td.fileName().isEmpty()) files.add(td.fileName());
            if (files.size() > 1) {
                throw new ImageFileException(in.file, "unsupported multi-file OME-TIFF (planes are stored in "
                        + String.join(", ", files) + "); Sylva reads single-file OME-TIFF");
            }
            for (OmeXml.TiffData td : ome.tiffData) {
                int[] first = new int[3];
                for (int i = 0; i < 3; i++) {
                    char d = fastFirst.charAt(i);
                    first[i] = d == 'Z' ? td.firstZ() : d == 'C' ? td.firstC() : td.firstT();
                }
                long start = first[0] + (long) size[0] * (first[1] + (long) size[1] * first[2]);
                long count = td.planeCount() < 0 ? planes - start : td.planeCount();
                for (long k = 0; k < count && start + k < planes; k++) {
                    if (start + k >= 0) ifdOf[(int) (start + k)] = (int) (td.ifd() + k);
                }
            }
        }
        // Pages in C order over the dimensions slowest first (reverse of OME's order).
        String outer = new StringBuilder(fastFirst).reverse().toString().toLowerCase(java.util.Locale.ROOT);
        int[] ext = {size[2], size[1], size[0]};
        PageRef[] pages = new PageRef[(int) planes];
        for (int i2 = 0; i2 < ext[0]; i2++) {
            for (int i1 = 0; i1 < ext[1]; i1++) {
                for (int i0 = 0; i0 < ext[2]; i0++) {
                    int omeIndex = i0 + size[0] * (i1 + size[1] * i2);
                    int ifd = ifdOf[omeIndex];
                    int c = (i2 * ext[1] + i1) * ext[2] + i0;
                    if (ifd >= 0 && ifd < all.size()) {
                        Ifd page = all.get(ifd);
                        check(in, page);
                        sameKind(in, key, page);
                        pages[c] = new PageRef(page, 0, ifd);
                    }
                }
            }
        }
        Calibration cal = omeCalibration(ome, resolution(key, null));
        return squeezed("OME-TIFF", key, dtype, outer, ext, pages, cal);
    }

    private static Calibration omeCalibration(OmeXml ome, Calibration tiff) {
        String unit = !Double.isNaN(ome.physicalX) ? ome.unitX : !Double.isNaN(ome.physicalY) ? ome.unitY
                : !Double.isNaN(ome.physicalZ) ? ome.unitZ : null;
        double t = ome.timeIncrement;
        String tunit = Double.isNaN(t) ? "" : ome.timeUnit;
        if (unit == null) return new Calibration(tiff.x(), tiff.y(), Double.NaN, t, tiff.unit(), tunit);
        return new Calibration(convert(ome.physicalX, ome.unitX, unit), convert(ome.physicalY, ome.unitY, unit),
                convert(ome.physicalZ, ome.unitZ, unit), t, unit, tunit);
    }

    private static double convert(double v, String from, String to) {
        if (Double.isNaN(v) || from.equals(to)) return v;
        double f = OmeXml.metres(from);
        double t = OmeXml.metres(to);
        return Double.isNaN(f) || Double.isNaN(t) ? v : v * f / t;
    }

    /** A series over the page dimensions {@code outer} with dimensions of extent 1 dropped (tifffile squeezes). */
    private static TiffSeries squeezed(String kind, Ifd key, DType dtype, String outer, int[] ext, PageRef[] pages,
                                       Calibration cal) {
        StringBuilder axes = new StringBuilder();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < outer.length(); i++) {
            if (ext[i] > 1) {
                axes.append(outer.charAt(i));
                kept.add(ext[i]);
            }
        }
        return new TiffSeries(kind, key, dtype, axes.toString(), kept.stream().mapToInt(Integer::intValue).toArray(),
                pages, cal);
    }

    /**
     * The first {@code n} pages, or — when the file has fewer IFDs and the first page is uncompressed and contiguous
     * — ImageJ's layout for stacks over 4 GB (and tifffile's "truncated" files): one IFD, planes back to back.
     */
    private static PageRef[] pagesOrContiguous(TiffInput in, List<Ifd> all, Ifd key, int n, String what)
            throws ImageFileException {
        PageRef[] pages = new PageRef[n];
        if (all.size() >= n) {
            for (int i = 0; i < n; i++) {
                Ifd p = all.get(i);
                check(in, p);
                sameKind(in, key, p);
                pages[i] = new PageRef(p, 0, i);
            }
            return pages;
        }
        if (!key.isOneBlock()) {
            throw new ImageFileException(in.file, "corrupt file (" + what + " but the file has only " + all.size()
                    + " pages)");
        }
        long planeBytes = key.decodedBytes();
        in.checkRange(key.chunkOffsets[0], planeBytes * n, "pixel data of " + n + " contiguous planes");
        for (int i = 0; i < n; i++) pages[i] = new PageRef(key, planeBytes * i, i);
        return pages;
    }

    private static int countSameKind(List<Ifd> all, Ifd key) {
        int c = 0;
        for (Ifd ifd : all) if (ifd.sameKind(key) && !ifd.isReducedResolution()) c++;
        return c;
    }

    private static void sameKind(TiffInput in, Ifd key, Ifd p) throws ImageFileException {
        if (!p.sameKind(key)) {
            throw new ImageFileException(in.file, "unsupported TIFF layout (page " + p.index + " is " + describe(p)
                    + " but page " + key.index + " is " + describe(key) + ")");
        }
    }

    private static String describe(Ifd p) {
        return p.width + "×" + p.height + " pixels of " + p.samplesPerPixel + "×" + p.bitsPerSample + " bits";
    }

    /** Checks that Sylva can decode page {@code p}; returns its sample type. */
    static DType check(TiffInput in, Ifd p) throws ImageFileException {
        Path f = in.file;
        String page = "page " + p.index;
        if (p.width == 0 || p.height == 0) {
            throw new ImageFileException(f, "empty image (" + page + " is " + p.width + "×" + p.height + " pixels)");
        }
        if (p.samplesPerPixel < 1) throw new ImageFileException(f, "corrupt file (" + page + " has 0 samples per pixel)");
        if (p.chunkOffsets == null) {
            throw new ImageFileException(f, "corrupt file (" + page + " has no StripOffsets or TileOffsets)");
        }
        if (!TiffReader.isSupportedCompression(p.compression)) {
            throw new ImageFileException(f, "unsupported compression " + TiffReader.compressionName(p.compression)
                    + " (" + page + "); Sylva reads uncompressed, LZW, Deflate and PackBits TIFFs");
        }
        DType dtype = dtype(p);
        if (dtype == null) {
            String kind = switch (p.sampleFormat) {
                case 2 -> "signed integer";
                case 3 -> "floating-point";
                case 1, 4 -> "unsigned integer";
                default -> "sample format " + p.sampleFormat;
            };
            throw new ImageFileException(f, "unsupported sample type: " + p.bitsPerSample + "-bit " + kind + " ("
                    + page + "); Sylva reads 8-, 16-, 32- and 64-bit samples");
        }
        if (p.photometric == 6) {
            throw new ImageFileException(f, "unsupported colour space YCbCr (" + page + "); convert the file to RGB");
        }
        if (p.planarConfig != 1 && p.planarConfig != 2) {
            throw new ImageFileException(f, "corrupt file (" + page + " has PlanarConfiguration " + p.planarConfig + ")");
        }
        if (p.predictor == 2 && dtype.isFloat()) {
            throw new ImageFileException(f, "unsupported predictor (" + page + " uses the horizontal predictor on "
                    + "floating-point samples)");
        }
        if (p.predictor == 3 && !dtype.isFloat()) {
            throw new ImageFileException(f, "unsupported predictor (" + page + " uses the floating-point predictor on "
                    + "integer samples)");
        }
        if (p.predictor < 1 || p.predictor > 3) {
            throw new ImageFileException(f, "unsupported predictor " + p.predictor + " (" + page + ")");
        }
        if (p.fillOrder != 1 && p.fillOrder != 2) {
            throw new ImageFileException(f, "corrupt file (" + page + " has FillOrder " + p.fillOrder + ")");
        }
        if (p.tiled && (p.tileWidth < 1 || p.tileLength < 1)) {
            throw new ImageFileException(f, "corrupt file (" + page + " has tiles of " + p.tileWidth + "×"
                    + p.tileLength + " pixels)");
        }
        if (!p.tiled && p.rowsPerStrip < 1) p.rowsPerStrip = p.height;
        long rowBytes = (long) p.chunkWidth() * p.samplesPerChunkPixel() * p.bytesPerSample();
        if (rowBytes * p.chunkHeight() > Integer.MAX_VALUE - 8) {
            throw new ImageFileException(f, "unsupported TIFF layout (" + page + " has " + (p.tiled ? "tiles" : "strips")
                    + " over 2 GB)");
        }
        long needed = (long) p.chunkCount();
        if (p.chunkOffsets.length < needed) {
            throw new ImageFileException(f, "corrupt file (" + page + " has " + p.chunkOffsets.length + " "
                    + (p.tiled ? "tile" : "strip") + " offsets, its size needs " + needed + ")");
        }
        if (p.chunkByteCounts == null) {
            if (p.compression != 1) {
                throw new ImageFileException(f, "corrupt file (" + page + " is compressed but has no byte counts)");
            }
        } else if (p.chunkByteCounts.length < needed) {
            throw new ImageFileException(f, "corrupt file (" + page + " has " + p.chunkByteCounts.length + " "
                    + (p.tiled ? "tile" : "strip") + " byte counts, its size needs " + needed + ")");
        }
        // Cheap plausibility checks before any memory is allocated for the pixels of a damaged file.
        long pixelBytes = p.decodedBytes();
        if (p.compression == 1 && pixelBytes > in.size) {
            throw new ImageFileException(f, "truncated file (" + page + " needs " + pixelBytes + " bytes of pixels, the "
                    + "file has " + in.size + ")");
        }
        if (p.compression != 1 && pixelBytes > (64L << 20) && p.chunkByteCounts != null) {
            long stored = 0;
            for (int i = 0; i < needed; i++) stored += Math.max(0, p.chunkByteCounts[i]);
            if (pixelBytes / 4096 > stored + 1024) {
                throw new ImageFileException(f, "corrupt file (" + page + " claims " + pixelBytes + " bytes of pixels "
                        + "from " + stored + " compressed bytes)");
            }
        }
        return dtype;
    }

    /** The Sylva type of a page's samples, or null if unsupported. */
    static DType dtype(Ifd p) {
        int format = p.sampleFormat == 4 ? 1 : p.sampleFormat;
        return switch (p.bitsPerSample) {
            case 8 -> format == 1 ? DType.UINT8 : format == 2 ? DType.INT8 : null;
            case 16 -> format == 1 ? DType.UINT16 : format == 2 ? DType.INT16 : null;
            case 32 -> format == 1 ? DType.UINT32 : format == 2 ? DType.INT32 : format == 3 ? DType.FLOAT32 : null;
            case 64 -> format == 1 ? DType.UINT64 : format == 2 ? DType.INT64 : format == 3 ? DType.FLOAT64 : null;
            default -> null;
        };
    }

    /**
     * Pixel width and height from XResolution/YResolution (pixels per unit). {@code unit} overrides the
     * ResolutionUnit tag (ImageJ's {@code unit=}); without it the unit is "inch" or "cm" from the tag (TIFF's
     * default is inch). Resolution 1 with unit "none" is what writers put when they know nothing: no calibration.
     */
    static Calibration resolution(Ifd key, String unit) {
        double xr = key.xResolution;
        double yr = key.yResolution;
        if (!(xr > 0) || Double.isInfinite(xr)) return Calibration.NONE;
        if (!(yr > 0) || Double.isInfinite(yr)) yr = xr;
        String u = unit;
        if (u == null) {
            int ru = key.hasResolutionUnit ? key.resolutionUnit : 2;
            if (ru == 2) u = "inch";
            else if (ru == 3) u = "cm";
            else if (xr == 1 && yr == 1) return Calibration.NONE;
            else u = "";
        }
        return new Calibration(1 / xr, 1 / yr, Double.NaN, Double.NaN, u, "");
    }

    /** ImageJ's "pixel" unit means "not calibrated". */
    private static String pixelUnit(String unit) {
        if (unit == null) return null;
        String u = unit.trim();
        return u.equals("pixel") || u.equals("pixels") ? null : u;
    }

    private static double positive(JsonNode n) {
        if (n == null || !n.isNumber()) return Double.NaN;
        double d = n.asDouble();
        return Double.isFinite(d) && d > 0 ? d : Double.NaN;
    }
}
