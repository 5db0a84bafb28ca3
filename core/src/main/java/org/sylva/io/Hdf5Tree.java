package org.sylva.io;

import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sylva.image.DType;
import org.sylva.io.Hdf5Writer.Messages;

/**
 * Writes a small HDF5 file holding a tree of groups and contiguous (uncompressed) datasets — plain arrays and 1-D
 * compound ("structured") tables — with text attributes: what ilastik's object table export holds ({@code table}
 * plus {@code images/<i>/raw} and {@code labeling}). Built in memory, written in one go (callers write through
 * {@link AtomicOutput}). Same HDF5 1.8 structures as {@link Hdf5Writer} (superblock 2, version-2 object headers with
 * compact links, UTF-8 variable-length string attributes as h5py writes them), so h5py, vigra and libhdf5 ≥ 1.8
 * read it.
 */
public final class Hdf5Tree {

    private static final long UNDEFINED = -1L;
    private static final int SUPERBLOCK_SIZE = 48;
    /** Objects per global heap collection (the object index is 16 bits). */
    private static final int HEAP_OBJECTS = 60_000;

    /** A column of a compound table: {@code long[]} (int64), {@code float[]} (float32), {@code double[]}
     *  (float64) or {@code String[]} (fixed-length UTF-8 bytes, as numpy's {@code S} type). */
    public record Column(String name, Object values) {}

    private sealed interface Node permits Group, Array, Table {}

    private static final class Group implements Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        final Map<String, String> attributes = new LinkedHashMap<>();
    }

    private record Array(DType dtype, long[] dims, byte[] data, Map<String, String> attributes) implements Node {}

    private record Table(List<Column> columns, int rows, Map<String, String> attributes) implements Node {}

    private final Group root = new Group();

    /** Adds an n-D array at {@code path} (groups are created), from little-endian sample bytes in C order. */
    public void array(String path, DType dtype, long[] dims, byte[] data, Map<String, String> attributes) {
        long n = dtype.bytes();
        for (long d : dims) n *= d;
        if (n != data.length) throw new IllegalArgumentException("expected " + n + " bytes for " + Arrays.toString(dims));
        put(path, new Array(dtype, dims.clone(), data, new LinkedHashMap<>(attributes)));
    }

    /** Adds a 1-D compound dataset of {@code rows} records with these columns at {@code path}. */
    public void table(String path, List<Column> columns, int rows) {
        for (Column c : columns) {
            if (java.lang.reflect.Array.getLength(c.values()) != rows) {
                throw new IllegalArgumentException("column " + c.name() + " does not have " + rows + " rows");
            }
        }
        put(path, new Table(List.copyOf(columns), rows, Map.of()));
    }

    private void put(String path, Node node) {
        String[] parts = path.split("/");
        Group g = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Node c = g.children.computeIfAbsent(parts[i], k -> new Group());
            if (!(c instanceof Group next)) throw new IllegalArgumentException(parts[i] + " is a dataset");
            g = next;
        }
        if (g.children.put(parts[parts.length - 1], node) != null) throw new IllegalArgumentException(path + " twice");
    }

    // ---- writing ----

    private FileChannel ch;
    private long eof;
    private final List<byte[]> heapStrings = new ArrayList<>();
    private final List<Long> heapAddress = new ArrayList<>();

    /** Writes the file (replacing it). */
    public void write(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch = c;
            eof = SUPERBLOCK_SIZE;
            collectStrings(root);
            for (int first = 0; first < heapStrings.size(); first += HEAP_OBJECTS) {
                heapAddress.add(globalHeap(heapStrings.subList(first, Math.min(heapStrings.size(), first + HEAP_OBJECTS))));
            }
            stringIndex = 0;
            long rootAddress = write(root);
            ByteBuffer b = Hdf5Writer.le(SUPERBLOCK_SIZE);
            b.put(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}).put((byte) 2).put((byte) 8)
                    .put((byte) 8).put((byte) 0);
            b.putLong(0).putLong(UNDEFINED).putLong(eof).putLong(rootAddress);
            b.putInt(ChecksumUtils.checksum(Arrays.copyOf(b.array(), SUPERBLOCK_SIZE - 4)));
            b.flip();
            while (b.hasRemaining()) ch.write(b, b.position());
        } finally {
            ch = null;
        }
    }

    private void collectStrings(Node n) {
        if (n instanceof Group g) {
            g.attributes.values().forEach(v -> heapStrings.add(v.getBytes(StandardCharsets.UTF_8)));
            g.children.values().forEach(this::collectStrings);
        } else if (n instanceof Array a) {
            a.attributes.values().forEach(v -> heapStrings.add(v.getBytes(StandardCharsets.UTF_8)));
        } else if (n instanceof Table t) {
            t.attributes.values().forEach(v -> heapStrings.add(v.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private int stringIndex;

    /** Attribute messages for {@code attrs}, taking their strings from the heaps in collection order. */
    private void attributes(Messages m, Map<String, String> attrs) {
        for (var e : attrs.entrySet()) {
            int k = stringIndex++;
            long heap = heapAddress.get(k / HEAP_OBJECTS);
            m.add(0x0C, 0, Hdf5Writer.attribute(new Hdf5Writer.Attribute(e.getKey(), e.getValue()), heap,
                    k % HEAP_OBJECTS + 1));
        }
    }

    private long write(Node n) throws IOException {
        if (n instanceof Group g) return group(g);
        if (n instanceof Array a) return dataset(Hdf5Writer.datatype(a.dtype), a.dims, a.data, a.attributes);
        {
                Table t = (Table) n;
                byte[][] types = new byte[t.columns.size()][];
                int[] sizes = new int[types.length];
                int record = 0;
                for (int i = 0; i < types.length; i++) {
                    Object v = t.columns.get(i).values();
                    if (v instanceof long[]) { types[i] = Hdf5Writer.datatype(DType.INT64); sizes[i] = 8; }
                    else if (v instanceof float[]) { types[i] = Hdf5Writer.datatype(DType.FLOAT32); sizes[i] = 4; }
                    else if (v instanceof double[]) { types[i] = Hdf5Writer.datatype(DType.FLOAT64); sizes[i] = 8; }
                    else if (v instanceof String[] s) {
                        int len = 1;
                        for (String x : s) len = Math.max(len, x.getBytes(StandardCharsets.UTF_8).length);
                        sizes[i] = len;
                        // fixed-length string (class 3, version 1): null-padded, UTF-8
                        types[i] = Hdf5Writer.le(8).put((byte) 0x13).put((byte) 0x11).put((byte) 0).put((byte) 0)
                                .putInt(len).array();
                    } else {
                        throw new IllegalArgumentException("unsupported column type " + v.getClass());
                    }
                    record += sizes[i];
                }
                int offsetBytes = record < 256 ? 1 : record < 65536 ? 2 : record < (1 << 24) ? 3 : 4;
                java.io.ByteArrayOutputStream type = new java.io.ByteArrayOutputStream();
                // compound (class 6), version 3: member count in the class bits, record size
                type.writeBytes(Hdf5Writer.le(8).put((byte) 0x36).putShort((short) types.length).put((byte) 0)
                        .putInt(record).array());
                int offset = 0;
                for (int i = 0; i < types.length; i++) {
                    type.writeBytes((t.columns.get(i).name() + "\0").getBytes(StandardCharsets.UTF_8));
                    for (int b = 0; b < offsetBytes; b++) type.write((offset >>> (8 * b)) & 0xFF);
                    type.writeBytes(types[i]);
                    offset += sizes[i];
                }
                ByteBuffer data = Hdf5Writer.le(Math.multiplyExact(record, t.rows));
                for (int r = 0; r < t.rows; r++) {
                    for (int i = 0; i < types.length; i++) {
                        Object v = t.columns.get(i).values();
                        if (v instanceof long[] l) data.putLong(l[r]);
                        else if (v instanceof float[] f) data.putFloat(f[r]);
                        else if (v instanceof double[] d) data.putDouble(d[r]);
                        else {
                            byte[] s = ((String[]) v)[r].getBytes(StandardCharsets.UTF_8);
                            data.put(s).put(new byte[sizes[i] - s.length]);
                        }
                    }
                }
                return dataset(type.toByteArray(), new long[] {t.rows}, data.array(), t.attributes);
        }
    }

    private long dataset(byte[] type, long[] dims, byte[] data, Map<String, String> attrs) throws IOException {
        long address = data.length == 0 ? UNDEFINED : append(ByteBuffer.wrap(data));
        Messages m = new Messages();
        m.add(0x01, 0, Hdf5Writer.dataspace(dims));
        m.add(0x03, 1, type);
        m.add(0x05, 1, new byte[] {3, 0x09}); // fill value v3: allocate early, write fill value never needed
        // data layout v3, contiguous: address and size
        m.add(0x08, 0, Hdf5Writer.le(18).put((byte) 3).put((byte) 1).putLong(address).putLong(data.length).array());
        attributes(m, attrs);
        return objectHeader(m);
    }

    private long group(Group g) throws IOException {
        Map<String, Long> addresses = new LinkedHashMap<>();
        for (var e : g.children.entrySet()) addresses.put(e.getKey(), write(e.getValue()));
        Messages m = new Messages();
        m.add(0x02, 0, Hdf5Writer.le(18).put((byte) 0).put((byte) 0).putLong(UNDEFINED).putLong(UNDEFINED).array());
        m.add(0x0A, 0, new byte[] {0, 0});
        for (var e : addresses.entrySet()) {
            byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
            boolean wide = n.length > 255;
            ByteBuffer link = Hdf5Writer.le(3 + (wide ? 2 : 1) + n.length + 8).put((byte) 1)
                    .put((byte) ((wide ? 1 : 0) | 0x10)).put((byte) 1);
            if (wide) link.putShort((short) n.length); else link.put((byte) n.length);
            link.put(n).putLong(e.getValue());
            m.add(0x06, 0, link.array());
        }
        attributes(m, g.attributes);
        return objectHeader(m);
    }

    private long globalHeap(List<byte[]> objects) throws IOException {
        long used = 16;
        for (byte[] o : objects) used += 16 + Hdf5Writer.pad8(o.length);
        long size = Math.max(4096, used + 16);
        ByteBuffer b = Hdf5Writer.le(Math.toIntExact(size));
        b.put(new byte[] {'G', 'C', 'O', 'L'}).put((byte) 1).put(new byte[3]).putLong(size);
        int index = 1;
        for (byte[] o : objects) {
            b.putShort((short) index++).putShort((short) 0).putInt(0).putLong(o.length).put(o);
            b.position(b.position() + Hdf5Writer.pad8(o.length) - o.length);
        }
        b.putShort((short) 0).putShort((short) 0).putInt(0).putLong(size - used);
        b.position(0);
        return append(b);
    }

    private long objectHeader(Messages m) throws IOException {
        return append(m.objectHeader());
    }

    private long append(ByteBuffer b) throws IOException {
        long at = eof;
        long pos = at;
        while (b.hasRemaining()) pos += ch.write(b, pos);
        eof = pos;
        return at;
    }
}
