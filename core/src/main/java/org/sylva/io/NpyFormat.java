package org.sylva.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/**
 * NumPy {@code .npy} arrays (format versions 1.0, 2.0 and 3.0). The file holds no axis names, so the axes are
 * ilastik's guess from the number of dimensions ({@link AxisGuess}: 3-D with a last extent of at most 4 is
 * {@code yxc}, else {@code zyx}, …); a user's {@code --axes} overrides it.
 *
 * <p>Reads little- and big-endian integers of 1, 2, 4 and 8 bytes, float32, float64 and bool (as uint8 0/1), in C
 * or Fortran order. Writes little-endian, C order, in the requested axis order, version 1.0 (2.0 when the header is
 * too long), with the header padded to 64 bytes as numpy does. Reading and writing stream the data in slabs through
 * a {@link FileChannel}, so a file costs one copy of its samples in memory.
 */
public final class NpyFormat implements ImageFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*(\\[|'([^']*)')");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    @Override public String name() { return "NumPy"; }

    @Override public Set<String> extensions() { return Set.of("npy"); }

    /** What the header says: element type and byte order, dimensions, layout, where the data starts. */
    record Header(DType dtype, ByteOrder order, long[] shape, boolean fortran, long dataOffset) {}

    @Override
    public Image read(DataPath path) throws IOException {
        Path file = path.file();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(ch, file);
            long samples = 1;
            for (long d : h.shape) samples *= d;
            long need = h.dataOffset + samples * h.dtype.bytes();
            if (ch.size() < need) {
                throw new ImageFileException(file, "truncated file: the header announces " + describe(h)
                        + " (" + (need - h.dataOffset) + " bytes of data) but the file holds only "
                        + Math.max(0, ch.size() - h.dataOffset) + " bytes after the header");
            }
            Axes axes;
            try {
                axes = AxisGuess.guess(h.shape);
            } catch (IllegalArgumentException e) {
                throw new ImageFileException(file, e.getMessage());
            }
            // A Fortran-order array is the C-order array of the reversed dimensions.
            long[] stored = h.fortran ? reversed(h.shape) : h.shape;
            Axes storedAxes = h.fortran ? Axes.of(new StringBuilder(axes.letters()).reverse().toString()) : axes;
            Image image = create(file, h.dtype, storedAxes, stored).withAxes(axes).withName(baseName(file));
            try {
                new ImageArray(image, storedAxes).readFrom(ch, h.dataOffset, h.order);
            } catch (EOFException e) {
                throw new ImageFileException(file, "truncated file: " + e.getMessage(), e);
            }
            return image;
        } catch (IOException e) {
            throw AtomicOutput.explain(file, e);
        }
    }

    @Override
    public void write(Image image, DataPath path, WriteOptions options) throws IOException {
        Path file = path.file();
        Axes axes = options.axes() == null ? image.axes() : options.axes();
        ImageArray array;
        try {
            array = new ImageArray(image, axes);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(file, "cannot write " + image + " in axis order '" + axes + "': "
                    + e.getMessage());
        }
        byte[] header = header(image.dtype(), array.dims());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer hb = ByteBuffer.wrap(header);
            while (hb.hasRemaining()) ch.write(hb);
            array.writeTo(ch, ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw AtomicOutput.explain(file, e);
        }
    }

    /** Reads and checks the magic string and the header dictionary. */
    static Header readHeader(FileChannel ch, Path file) throws IOException {
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(pre, 0);
        pre.flip();
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.remaining() <= i || pre.get(i) != MAGIC[i]) {
                throw new ImageFileException(file, "not a NumPy .npy file (it does not start with \\x93NUMPY)");
            }
        }
        if (pre.remaining() < 10) throw new ImageFileException(file, "truncated file: the .npy header is cut short");
        int major = pre.get(6) & 0xff;
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = pre.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 12) throw new ImageFileException(file, "truncated file: the .npy header is cut short");
            long len = pre.getInt(8) & 0xffffffffL;
            if (len > 1 << 24) throw new ImageFileException(file, "implausible .npy header length " + len);
            headerLen = (int) len;
            start = 12;
        } else {
            throw new ImageFileException(file, "unsupported .npy format version " + major + "." + (pre.get(7) & 0xff)
                    + " (Sylva reads versions 1, 2 and 3)");
        }
        ByteBuffer hb = ByteBuffer.allocate(headerLen);
        while (hb.hasRemaining()) {
            if (ch.read(hb, start + hb.position()) < 0) {
                throw new ImageFileException(file, "truncated file: the .npy header is cut short");
            }
        }
        String dict = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseHeader(dict, start + headerLen, file);
    }

    static Header parseHeader(String dict, long dataOffset, Path file) throws ImageFileException {
        Matcher d = DESCR.matcher(dict);
        Matcher f = FORTRAN.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !f.find() || !s.find()) {
            throw new ImageFileException(file, "malformed .npy header: " + dict.trim());
        }
        if (d.group(2) == null) {
            throw new ImageFileException(file, "structured (record) arrays are not images; save a plain numeric array");
        }
        String descr = d.group(2);
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String code = descr.replaceFirst("^[<>|=]", "");
        DType dtype = switch (code) {
            case "u1", "b1" -> DType.UINT8;
            case "i1" -> DType.INT8;
            case "u2" -> DType.UINT16;
            case "i2" -> DType.INT16;
            case "u4" -> DType.UINT32;
            case "i4" -> DType.INT32;
            case "u8" -> DType.UINT64;
            case "i8" -> DType.INT64;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            default -> throw new ImageFileException(file, "unsupported element type '" + descr + "' ("
                    + kind(code) + "); Sylva reads bool, (u)int8/16/32/64, float32 and float64");
        };
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            if (p.endsWith("L")) p = p.substring(0, p.length() - 1);
            try {
                dims.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw new ImageFileException(file, "malformed .npy shape (" + s.group(1) + ")");
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        if (shape.length == 0) throw new ImageFileException(file, "the array is a single number (0-dimensional), not an image");
        for (long e : shape) {
            if (e == 0) throw new ImageFileException(file, "the array is empty (shape " + shapeText(shape) + ")");
            if (e < 0) throw new ImageFileException(file, "malformed .npy shape (" + s.group(1) + ")");
        }
        return new Header(dtype, order, shape, f.group(1).equals("True"), dataOffset);
    }

    /** The .npy header (magic, version, length, dictionary padded to a multiple of 64 bytes) for a C-order array. */
    static byte[] header(DType dtype, long[] dims) {
        String descr = switch (dtype) {
            case UINT8 -> "|u1";
            case INT8 -> "|i1";
            default -> "<" + (dtype.isFloat() ? "f" : dtype.isSigned() ? "i" : "u") + dtype.bytes();
        };
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(dims) + ", }";
        int version = dict.length() + 1 + 10 < 65536 ? 1 : 2;
        int pre = version == 1 ? 10 : 12;
        int total = (pre + dict.length() + 1 + 63) / 64 * 64;
        int len = total - pre;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) b.putShort((short) len); else b.putInt(len);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }

    private static Image create(Path file, DType dtype, Axes axes, long[] dims) throws ImageFileException {
        try {
            return Image.create(dtype, axes, dims);
        } catch (IllegalArgumentException e) {
            throw new ImageFileException(file, "cannot hold the array " + shapeText(dims) + " in memory: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new ImageFileException(file, "not enough memory for the array " + shapeText(dims) + " " + dtype
                    + " (raise -Xmx or process it blockwise)");
        }
    }

    private static String kind(String code) {
        if (code.isEmpty()) return "unknown";
        return switch (code.charAt(0)) {
            case 'O' -> "Python objects";
            case 'c' -> "complex numbers";
            case 'S', 'U', 'a' -> "strings";
            case 'M', 'm' -> "dates/times";
            case 'V' -> "raw bytes or records";
            case 'f' -> code.equals("f2") ? "float16" : "floating point of unsupported width";
            default -> "unsupported";
        };
    }

    private static String describe(Header h) {
        return shapeText(h.shape) + " " + h.dtype;
    }

    static String shapeText(long[] dims) {
        return org.sylva.image.Shape.tuple(dims);
    }

    private static long[] reversed(long[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
        return r;
    }

    static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
