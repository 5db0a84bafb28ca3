package org.sylva.io;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.exceptions.HdfException;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Image;

/**
 * HDF5 datasets, the way ilastik reads and exports them ({@code file.h5/internal/path}, spec §3.2 and §6.1).
 *
 * <p><b>Reading</b> (with jhdf): the dataset named by the internal path, or the only dataset in the file. Axes come
 * from the dataset's {@code axistags} attribute (vigra JSON, in the dataset's dimension order; {@code resolution}
 * becomes the calibration, the {@code axis_units} attribute its units) or are guessed with {@link AxisGuess};
 * {@code drange} becomes {@link Image#drange()}. Samples go straight from decompressed chunks (or the contiguous
 * data) into the image's planes, chunks in parallel: no boxed or nested Java arrays, memory = the image plus a few
 * chunks. Integer (1–8 bytes, either byte order), float32/64 and h5py's bool enum (as uint8) are read.
 *
 * <p><b>Writing</b> (with {@link Hdf5Writer}): a <em>new</em> file holding one dataset at the internal path
 * (default {@code exported_data}), in the requested axis order, chunked as ilastik chunks exports
 * ({@link #chunkShape}), gzip level 1 when {@link WriteOptions#compress()} (ilastik's "compressed hdf5"), with the
 * attributes {@code axistags} (byte-identical to vigra's JSON), {@code drange} when known and {@code axis_units}
 * when the calibration has units. Unlike ilastik, which opens an existing file in append mode and replaces just
 * that dataset, the whole file is replaced: jhdf cannot modify files, and a fresh file written beside the target and
 * renamed ({@link AtomicOutput}) is never left half-written.
 */
public final class Hdf5Format implements ImageFormat {

    private static final Logger LOG = LoggerFactory.getLogger(Hdf5Format.class);
    /** ilastik's HDF5 export target: chunks of about 512 000 bytes. */
    private static final double CHUNK_BYTES = 512_000.0;
    /** HDF5 filter ids. */
    private static final int DEFLATE = 1;
    private static final int SHUFFLE = 2;
    /** The dataset name ilastik exports to when no internal path is given. */
    public static final String DEFAULT_DATASET = "exported_data";

    @Override public String name() { return "HDF5"; }

    @Override public Set<String> extensions() { return Set.of("h5", "hdf5", "hdf"); }

    @Override
    public Image read(DataPath path) throws IOException {
        Path file = path.file();
        if (!java.nio.file.Files.isRegularFile(file)) throw new ImageFileException(file, "file not found");
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException e) {
            throw new ImageFileException(file, notHdf5(e), e);
        }
        try (hdf) {
            checkLength(hdf, file);
            Dataset ds = find(hdf, path, file);
            try {
                return read(hdf, ds, file);
            } catch (RuntimeException e) {
                // jhdf's HdfException, or a chunk of the wrong size in a damaged file
                throw new ImageFileException(file, "cannot read dataset '" + ds.getPath().replaceFirst("^/", "")
                        + "' (damaged or unsupported: " + e.getMessage() + ")", e);
            }
        } catch (HdfException e) {
            throw new ImageFileException(file, "cannot read the file's structure (" + e.getMessage() + ")", e);
        }
    }

    private static Image read(HdfFile hdf, Dataset ds, Path file) throws IOException {
        String where = "dataset '" + ds.getPath().replaceFirst("^/", "") + "'";
        if (ds.isScalar() || ds.getDimensions().length == 0) {
            throw new ImageFileException(file, where + " holds a single value, not an image");
        }
        long[] dims = ds.getDimensionsAsLong();
        for (long d : dims) {
            if (d == 0) throw new ImageFileException(file, where + " is empty (shape " + NpyFormat.shapeText(dims) + ")");
        }
        DataType type = ds.getDataType();
        DType dtype = dtype(type);
        ByteOrder order = byteOrder(type);
        if (dtype == null) {
            throw new ImageFileException(file, where + " holds " + describe(type)
                    + "; Sylva reads integers, float32, float64 and bool");
        }
        Axes axes = null;
        Calibration cal = Calibration.NONE;
        String tagsJson = stringAttribute(ds, "axistags");
        if (tagsJson != null) {
            try {
                AxisTags tags = AxisTags.fromJson(tagsJson);
                if (tags.entries().size() != dims.length) {
                    throw new IllegalArgumentException(tags.entries().size() + " axes for " + dims.length + " dimensions");
                }
                axes = tags.axes();
                String[] units = AxisTags.units(stringAttribute(ds, "axis_units"));
                cal = tags.calibration(units[0], units[1]);
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: ignoring the axistags of {} ({}); guessing the axes", file, where, e.getMessage());
                axes = null;
            }
        }
        if (axes == null) {
            try {
                axes = AxisGuess.guess(dims);
            } catch (IllegalArgumentException e) {
                throw new ImageFileException(file, where + ": " + e.getMessage());
            }
        }
        Image image;
        try {
            image = Image.create(dtype, axes, dims);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(file, where + " of shape " + NpyFormat.shapeText(dims) + ": " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new ImageFileException(file, "not enough memory for " + where + " " + NpyFormat.shapeText(dims)
                    + " " + dtype + " (raise -Xmx or process it blockwise)");
        }
        ImageArray array = new ImageArray(image, axes);
        if (ds instanceof ChunkedDataset chunked) {
            readChunks(chunked, array, order, dims);
        } else if (ds instanceof ContiguousDataset contiguous) {
            long address = contiguous.getDataAddress();
            if (address >= 0 && address != -1L) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    array.readFrom(ch, hdf.getUserBlockSize() + address, order);
                } catch (java.io.EOFException e) {
                    throw new ImageFileException(file, "truncated file: " + where + " " + e.getMessage(), e);
                }
            }
        } else if (ds instanceof DatasetBase base) {
            // compact layout: the (small) data sits in the object header
            ByteBuffer buf = base.getDataBuffer().order(order);
            array.toImage(new long[dims.length], toInts(dims), toInts(dims), buf);
        } else {
            throw new ImageFileException(file, where + " has an unsupported storage layout");
        }
        image = image.withCalibration(cal).withName(nickname(file, ds));
        double[] drange = numbers(ds.getAttribute("drange"));
        if (drange != null && drange.length == 2) image = image.withDrange(drange);
        return image;
    }

    /**
     * Decompresses chunks in parallel and copies each into the image; chunks never written hold the fill value.
     * The common pipelines (none, deflate, shuffle + deflate) are decoded here from the raw chunk bytes, 20–30 %
     * faster than through jhdf's filters; any other pipeline (lzf, lz4, bitshuffle…) goes through jhdf.
     */
    private static void readChunks(ChunkedDataset ds, ImageArray array, ByteOrder order, long[] dims) {
        int rank = dims.length;
        int[] chunk = Arrays.copyOf(ds.getChunkDimensions(), rank);
        long[] grid = new long[rank];
        long n = 1;
        long chunkSamples = 1;
        for (int i = 0; i < rank; i++) {
            grid[i] = (dims[i] + chunk[i] - 1) / chunk[i];
            n *= grid[i];
            chunkSamples *= chunk[i];
        }
        int elementBytes = array.image().dtype().bytes();
        int chunkBytes = Math.toIntExact(chunkSamples * elementBytes);
        List<Integer> ids = ds.getFilters().stream().map(PipelineFilterWithData::getId).toList();
        boolean own = ids.isEmpty() || ids.equals(List.of(DEFLATE)) || ids.equals(List.of(SHUFFLE, DEFLATE));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        double fill = fillValue(ds);
        IntStream.range(0, Math.toIntExact(n)).parallel().forEach(k -> {
            if (failure.get() != null) return;
            long index = k;
            int[] start = new int[rank];
            int[] count = new int[rank];
            for (int i = rank - 1; i >= 0; i--) {
                start[i] = (int) ((index % grid[i]) * chunk[i]);
                count[i] = (int) Math.min(chunk[i], dims[i] - start[i]);
                index /= grid[i];
            }
            long[] lstart = Arrays.stream(start).asLongStream().toArray();
            try {
                ByteBuffer data = own ? decode(ds.getRawChunkBuffer(start), ids, chunkBytes, elementBytes) : null;
                if (data == null) data = ByteBuffer.wrap(ds.getDecompressedChunk(start));
                array.toImage(lstart, count, chunk, data.order(order));
            } catch (HdfException e) {
                if (String.valueOf(e.getMessage()).startsWith("No chunk with offset")) {
                    if (fill != 0) fillBlock(array.image(), array.axes(), lstart, count, fill);
                } else {
                    failure.compareAndSet(null, e);
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        });
        if (failure.get() != null) throw failure.get();
    }

    /** Raw chunk bytes through [deflate] or [shuffle, deflate]; null if they do not inflate to a whole chunk. */
    private static ByteBuffer decode(ByteBuffer raw, List<Integer> filters, int chunkBytes, int elementBytes) {
        if (filters.isEmpty()) return raw.remaining() == chunkBytes ? raw : null;
        byte[] out = new byte[chunkBytes];
        Inflater inf = new Inflater();
        try {
            inf.setInput(raw);
            int got = 0;
            while (got < chunkBytes && !inf.finished()) {
                int k = inf.inflate(out, got, chunkBytes - got);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) return null;
                got += k;
            }
            if (got != chunkBytes) return null;
        } catch (DataFormatException e) {
            return null; // let jhdf decode it and report the problem
        } finally {
            inf.end();
        }
        if (filters.size() == 2 && elementBytes > 1) {
            // HDF5 shuffle stores byte 0 of every element, then byte 1, …; undo it
            byte[] un = new byte[chunkBytes];
            int count = chunkBytes / elementBytes;
            for (int b = 0; b < elementBytes; b++) {
                int from = b * count;
                for (int i = 0; i < count; i++) un[i * elementBytes + b] = out[from + i];
            }
            out = un;
        }
        return ByteBuffer.wrap(out);
    }

    @Override
    public void write(Image image, DataPath path, WriteOptions options) throws IOException {
        Path file = path.file();
        Axes axes = options.axes() == null ? image.axes() : options.axes();
        ImageArray array;
        try {
            array = new ImageArray(image, axes);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(file, "cannot write " + image + " in axis order '" + axes + "': " + e.getMessage());
        }
        String dataset = path.hasInternalPath() ? path.internalPath() : DEFAULT_DATASET;
        for (String part : dataset.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                throw new ImageFileException(file, "invalid dataset path '" + dataset + "'");
            }
        }
        List<Hdf5Writer.Attribute> attributes = new ArrayList<>();
        attributes.add(new Hdf5Writer.Attribute("axistags", AxisTags.of(axes, image.calibration()).toJson()));
        double[] drange = image.drange();
        if (drange != null) {
            boolean integral = image.dtype().isInteger() && drange[0] == Math.rint(drange[0]) && drange[1] == Math.rint(drange[1]);
            attributes.add(new Hdf5Writer.Attribute("drange",
                    integral ? new long[] {(long) drange[0], (long) drange[1]} : drange));
        }
        String units = unitsJson(axes, image.calibration());
        if (units != null) attributes.add(new Hdf5Writer.Attribute("axis_units", units));
        try {
            Hdf5Writer.write(file, dataset, array, chunkShape(axes, array.dims(), image.dtype()),
                    options.compress() ? 1 : 0, attributes);
        } catch (IOException e) {
            throw AtomicOutput.explain(file, e);
        }
    }

    /**
     * The chunk shape ilastik gives an exported dataset ({@code OpH5N5WriterBigDataset}): t and c limited to 1, then
     * lazyflow's {@code determineBlockShape} for 512 000 bytes of samples — as isometric as the extents allow.
     *
     * @param dims extents in the order of {@code axes}
     */
    public static int[] chunkShape(Axes axes, long[] dims, DType dtype) {
        long[] max = dims.clone();
        for (int i = 0; i < max.length; i++) {
            if (axes.get(i) == 't' || axes.get(i) == 'c') max[i] = 1;
        }
        return determineBlockShape(max, CHUNK_BYTES / dtype.bytes());
    }

    /**
     * lazyflow's {@code determineBlockShape}: visiting the extents from the smallest, give each the side of an
     * isometric block of the remaining volume, clipped to the extent (never below 1).
     */
    static int[] determineBlockShape(long[] maxShape, double targetVolume) {
        int n = maxShape.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> maxShape[a] != maxShape[b] ? Long.compare(maxShape[a], maxShape[b]) : Integer.compare(a, b));
        int[] block = new int[n];
        double volume = 1;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            double remaining = Math.floor(targetVolume / volume);
            long side = (long) (Math.pow(remaining, 1.0 / (n - k)) + 0.5);
            side = Math.max(1, Math.min(side, maxShape[i]));
            block[i] = (int) side;
            volume *= side;
        }
        return block;
    }

    /** A file shorter than its superblock's end-of-file address was cut short (an interrupted copy or download). */
    private static void checkLength(HdfFile hdf, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Superblock sb = Superblock.readSuperblock(ch, hdf.getUserBlockSize());
            long end = sb.getEndOfFileAddress(); // compared with the whole file's size, as libhdf5 does
            if (ch.size() < end) {
                throw new ImageFileException(file, "truncated file: it has " + ch.size() + " bytes, its HDF5 header"
                        + " announces " + end);
            }
        } catch (HdfException e) {
            // an unusual superblock: let the reading report problems
        }
    }

    /** The dataset named by the path, or the only one in the file; errors list what the file holds. */
    private static Dataset find(HdfFile hdf, DataPath path, Path file) throws ImageFileException {
        if (!path.hasInternalPath()) {
            List<Dataset> all = new ArrayList<>();
            collect(hdf, all);
            if (all.size() == 1) return all.get(0);
            if (all.isEmpty()) throw new ImageFileException(file, "the file holds no dataset");
            throw new ImageFileException(file, "the file holds " + all.size() + " datasets (" + list(all)
                    + "); name one, e.g. " + file + "/" + all.get(0).getPath().replaceFirst("^/", ""));
        }
        Node node;
        try {
            node = hdf.getByPath(path.internalPath());
        } catch (HdfException e) {
            List<Dataset> all = new ArrayList<>();
            collect(hdf, all);
            throw new ImageFileException(file, "no dataset '" + path.internalPath() + "' in the file"
                    + (all.isEmpty() ? " (it holds no dataset)" : "; it holds: " + list(all)));
        }
        if (node instanceof Dataset ds) return ds;
        List<Dataset> inside = new ArrayList<>();
        if (node instanceof Group g) collect(g, inside);
        throw new ImageFileException(file, "'" + path.internalPath() + "' is a group, not a dataset"
                + (inside.isEmpty() ? "" : "; datasets inside: " + list(inside)));
    }

    private static void collect(Group g, List<Dataset> out) {
        Map<String, Node> children;
        try {
            children = g.getChildren();
        } catch (HdfException e) {
            return;
        }
        for (Node n : children.values()) {
            try {
                if (n instanceof Dataset ds) out.add(ds);
                else if (n instanceof Group sub && !n.isLink()) collect(sub, out);
            } catch (HdfException e) {
                // a broken link or unreadable object: not a candidate
            }
        }
    }

    private static String list(List<Dataset> all) {
        String s = all.stream().limit(12).map(d -> d.getPath().replaceFirst("^/", "")).collect(Collectors.joining(", "));
        return all.size() > 12 ? s + ", …" : s;
    }

    private static DType dtype(DataType type) {
        if (type instanceof EnumDataType e && e.getBaseType() instanceof FixedPoint base && base.getSize() == 1) {
            return DType.UINT8; // h5py's bool: enum {FALSE 0, TRUE 1} over int8
        }
        if (type instanceof FixedPoint fp && fp.getBitOffset() == 0 && fp.getBitPrecision() == 8 * fp.getSize()) {
            return switch (fp.getSize()) {
                case 1 -> fp.isSigned() ? DType.INT8 : DType.UINT8;
                case 2 -> fp.isSigned() ? DType.INT16 : DType.UINT16;
                case 4 -> fp.isSigned() ? DType.INT32 : DType.UINT32;
                case 8 -> fp.isSigned() ? DType.INT64 : DType.UINT64;
                default -> null;
            };
        }
        if (type instanceof FloatingPoint f) {
            return f.getSize() == 4 ? DType.FLOAT32 : f.getSize() == 8 ? DType.FLOAT64 : null;
        }
        return null;
    }

    private static ByteOrder byteOrder(DataType type) {
        if (type instanceof EnumDataType e) return byteOrder(e.getBaseType());
        if (type instanceof FixedPoint fp) return fp.getByteOrder();
        if (type instanceof FloatingPoint f) return f.getByteOrder();
        return ByteOrder.LITTLE_ENDIAN;
    }

    /** What a dataset of an unsupported type holds, in words. */
    private static String describe(DataType type) {
        if (type instanceof FloatingPoint f) return "float" + 8 * f.getSize() + " numbers";
        if (type instanceof FixedPoint fp) return fp.getBitPrecision() + "-bit integers";
        if (type instanceof StringData || type instanceof VariableLength v && v.isVariableLengthString()) return "text";
        if (type instanceof CompoundDataType) return "records (a table)";
        if (type instanceof EnumDataType) return "enumerated values";
        return type.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT)
                .replace(" data type", "") + " data";
    }

    private static double fillValue(Dataset ds) {
        try {
            Object v = ds.getFillValue();
            return v instanceof Number num ? num.doubleValue() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void fillBlock(Image image, Axes axes, long[] start, int[] count, double value) {
        int rank = count.length;
        int[] idx = new int[rank];
        int[] pos = new int[5];
        while (true) {
            for (int i = 0; i < rank; i++) pos[Axes.CANONICAL.indexOf(axes.get(i))] = (int) start[i] + idx[i];
            image.set(pos[0], pos[1], pos[2], pos[3], pos[4], value);
            int i = rank - 1;
            while (i >= 0 && ++idx[i] == count[i]) idx[i--] = 0;
            if (i < 0) return;
        }
    }

    /** A string attribute (variable- or fixed-length, scalar or one-element array), or null. */
    private static String stringAttribute(Node node, String name) {
        try {
            Attribute a = node.getAttribute(name);
            if (a == null) return null;
            Object v = a.getData();
            if (v instanceof String s) return s;
            if (v != null && v.getClass().isArray() && Array.getLength(v) == 1 && Array.get(v, 0) instanceof String s) return s;
            return null;
        } catch (HdfException e) {
            return null;
        }
    }

    /** A numeric attribute as doubles (any integer or float type), or null. */
    private static double[] numbers(Attribute a) {
        if (a == null) return null;
        try {
            Object v = a.getData();
            if (v instanceof Number n) return new double[] {n.doubleValue()};
            if (v == null || !v.getClass().isArray()) return null;
            double[] r = new double[Array.getLength(v)];
            for (int i = 0; i < r.length; i++) {
                if (!(Array.get(v, i) instanceof Number n)) return null;
                r[i] = n.doubleValue();
            }
            return r;
        } catch (HdfException e) {
            return null;
        }
    }


    /** ilastik's {@code axis_units} JSON for the spatial axes and t, as Python's json.dumps writes it; null if none. */
    static String unitsJson(Axes axes, Calibration cal) {
        Map<String, String> units = new LinkedHashMap<>();
        for (char a : axes.letters().toCharArray()) {
            String u = a == 't' ? cal.timeUnit() : a == 'c' ? "" : cal.unit();
            if (!u.isEmpty()) units.put(String.valueOf(a), u);
        }
        if (units.isEmpty()) return null;
        StringBuilder sb = new StringBuilder("{");
        units.forEach((k, v) -> {
            if (sb.length() > 1) sb.append(", ");
            sb.append('"').append(k).append("\": \"");
            for (char ch : v.toCharArray()) {
                if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
                else if (ch < 0x20 || ch > 0x7e) sb.append(String.format("\\u%04x", (int) ch));
                else sb.append(ch);
            }
            sb.append('"');
        });
        return sb.append('}').toString();
    }

    /** ilastik's nickname of an HDF5 dataset: the file's base name, '-', the internal path with '/' turned to '-'. */
    private static String nickname(Path file, Dataset ds) {
        return NpyFormat.baseName(file) + "-" + ds.getPath().replaceFirst("^/", "").replace('/', '-');
    }

    private static String notHdf5(HdfException e) {
        String m = String.valueOf(e.getMessage());
        if (m.toLowerCase(Locale.ROOT).contains("signature")) return "not an HDF5 file (no HDF5 signature found)";
        return "not a readable HDF5 file (" + m + ")";
    }

    private static int[] toInts(long[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) r[i] = Math.toIntExact(a[i]);
        return r;
    }
}
