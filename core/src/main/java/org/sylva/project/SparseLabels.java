package org.sylva.project;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.sylva.image.Axes;
import org.sylva.image.Box;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;

/**
 * The user's labels of one lane, stored sparsely: the lane (t × z × y × x pixels) is cut into a fixed grid of blocks
 * — 64 × 64 pixels in y and x, 64 slices in z for 3-D lanes (1 for 2-D ones), never spanning time points — and only
 * blocks holding at least one label are kept. Values are uint8: 0 = unlabelled, k = class k (1…255).
 *
 * <p>Immutable: every change returns a new object that shares the untouched blocks with this one (a brush stroke
 * copies only the blocks it touches), so a web app can keep the history of a painting session cheaply. Two label
 * sets are {@link #equals equal} when they have the same extents and the same value at every pixel.
 *
 * <p>Memory: (number of touched blocks) × (block size), i.e. 4 KiB per touched block in 2-D and 256 KiB in 3-D.
 */
public final class SparseLabels {

    /** Edge of the block grid in pixels (y, x, and z for 3-D lanes). */
    public static final int BLOCK_EDGE = 64;

    private final int t, z, y, x;          // lane extents (the channel axis does not apply to labels)
    private final int bz, by, bx;          // grid block extents
    private final int nbz, nby, nbx;       // blocks per axis
    /** key → the grid block's values (clipped at the lane border) in (z, y, x) order; never all zero, never mutated. */
    private final NavigableMap<Long, byte[]> blocks;

    private volatile long[] counts;        // lazily: counts[v] = pixels with value v (index 0 unused)
    private volatile int hash;

    private SparseLabels(int t, int z, int y, int x, NavigableMap<Long, byte[]> blocks) {
        this.t = t;
        this.z = z;
        this.y = y;
        this.x = x;
        this.bz = z > 1 ? BLOCK_EDGE : 1;
        this.by = BLOCK_EDGE;
        this.bx = BLOCK_EDGE;
        this.nbz = ceilDiv(z, bz);
        this.nby = ceilDiv(y, by);
        this.nbx = ceilDiv(x, bx);
        this.blocks = Collections.unmodifiableNavigableMap(blocks);
    }

    /** No labels on a lane of {@code shape} (its channel extent is ignored). */
    public static SparseLabels empty(Shape shape) {
        return new SparseLabels(shape.t(), shape.z(), shape.y(), shape.x(), new TreeMap<>());
    }

    /**
     * The labels of a label image: one channel, integer values 0 (unlabelled) to 255, any axes.
     *
     * @throws IllegalArgumentException for several channels, a float type, or a value outside 0…255
     */
    public static SparseLabels fromImage(Image labels) {
        Shape s = labels.shape();
        if (s.c() != 1) {
            throw new IllegalArgumentException("a label image needs one channel, this one has " + s.c());
        }
        if (labels.dtype().isFloat()) {
            throw new IllegalArgumentException("a label image holds integers (0 = unlabelled, k = class k), not "
                    + labels.dtype());
        }
        SparseLabels empty = empty(s);
        TreeMap<Long, byte[]> out = new TreeMap<>();
        DType type = labels.dtype();
        for (int tt = 0; tt < s.t(); tt++) {
            for (int kz = 0; kz < empty.nbz; kz++) {
                for (int ky = 0; ky < empty.nby; ky++) {
                    for (int kx = 0; kx < empty.nbx; kx++) {
                        Box b = empty.blockBox(kz, ky, kx);
                        byte[] v = new byte[b.size()];
                        boolean any = false;
                        int i = 0;
                        for (int zz = b.z0(); zz < b.z0() + b.depth(); zz++) {
                            Object plane = labels.plane(tt, zz);
                            for (int yy = b.y0(); yy < b.y0() + b.height(); yy++) {
                                int row = yy * s.x();
                                for (int xx = b.x0(); xx < b.x0() + b.width(); xx++, i++) {
                                    double d = Image.getDouble(plane, type, row + xx);
                                    if (d != 0) {
                                        if (d < 0 || d > 255) {
                                            throw new IllegalArgumentException("label value " + (long) d + " at t=" + tt
                                                    + " z=" + zz + " y=" + yy + " x=" + xx + " is outside 0…255");
                                        }
                                        v[i] = (byte) (int) d;
                                        any = true;
                                    }
                                }
                            }
                        }
                        if (any) out.put(empty.key(tt, kz, ky, kx), v);
                    }
                }
            }
        }
        return new SparseLabels(s.t(), s.z(), s.y(), s.x(), out);
    }

    /**
     * The labels as a dense uint8 image of the lane's t, z, y, x extents and one channel; its axes are the lane's
     * non-singleton axes among t and z, then {@code yx} (e.g. {@code yx}, {@code zyx}, {@code tyx}).
     */
    public Image toImage() {
        String letters = (t > 1 ? "t" : "") + (z > 1 ? "z" : "") + "yx";
        Image img = Image.create(DType.UINT8, shape(), Axes.of(letters));
        for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
            long k = e.getKey();
            int tt = timeOf(k);
            Box b = boxOf(k);
            byte[] v = e.getValue();
            int i = 0;
            for (int zz = b.z0(); zz < b.z0() + b.depth(); zz++) {
                byte[] plane = (byte[]) img.plane(tt, zz);
                for (int yy = b.y0(); yy < b.y0() + b.height(); yy++, i += b.width()) {
                    System.arraycopy(v, i, plane, yy * x + b.x0(), b.width());
                }
            }
        }
        return img;
    }

    /**
     * Assembles labels from boxes of values written one after the other (later boxes overwrite earlier ones), without
     * copying the block map per box as {@link #with(LabelBlock)} does. For readers of stored labels.
     */
    static final class Builder {
        private final SparseLabels geometry;
        private TreeMap<Long, byte[]> map = new TreeMap<>();
        private long bytes;

        Builder(Shape shape) {
            geometry = empty(shape);
        }

        /** Writes a block's values (0 erases); the block must lie inside the lane. */
        void add(LabelBlock block) {
            byte[] values = block.values();
            Box box = block.box();
            int tt = block.t();
            geometry.checkBox(tt, box);
            geometry.forEachBlockIn(box, (kz, ky, kx) -> {
                long k = geometry.key(tt, kz, ky, kx);
                Box b = geometry.blockBox(kz, ky, kx);
                byte[] cur = map.get(k);
                if (cur == null) {
                    cur = new byte[b.size()];
                    map.put(k, cur);
                    bytes += cur.length;
                }
                copy(values, box, cur, b, intersect(b, box));
            });
        }

        /** Bytes held so far (touched blocks × block size). */
        long bytes() { return bytes; }

        SparseLabels build() {
            map.values().removeIf(v -> {
                for (byte b : v) if (b != 0) return false;
                return true;
            });
            SparseLabels r = new SparseLabels(geometry.t, geometry.z, geometry.y, geometry.x, map);
            map = null;
            return r;
        }
    }

    /** The lane extents these labels cover, with one channel. */
    public Shape shape() { return new Shape(t, z, y, x, 1); }

    /** True if the lane's extents (t, z, y, x; channels ignored) are those of {@code lane}. */
    public boolean fits(Shape lane) {
        return lane.t() == t && lane.z() == z && lane.y() == y && lane.x() == x;
    }

    /** The grid block extents {z, y, x} in pixels (z is 1 for a 2-D lane). */
    public int[] blockShape() { return new int[] {bz, by, bx}; }

    /** The value at one pixel (0 = unlabelled). */
    public int get(int tt, int zz, int yy, int xx) {
        checkBox(tt, new Box(zz, yy, xx, 1, 1, 1));
        byte[] v = blocks.get(key(tt, zz / bz, yy / by, xx / bx));
        if (v == null) return 0;
        Box b = blockBox(zz / bz, yy / by, xx / bx);
        return v[((zz - b.z0()) * b.height() + (yy - b.y0())) * b.width() + (xx - b.x0())] & 0xff;
    }

    /** The values in {@code box} of time point {@code tt}, in (z, y, x) order (zeros where nothing is labelled). */
    public byte[] read(int tt, Box box) {
        checkBox(tt, box);
        byte[] out = new byte[box.size()];
        forEachBlockIn(box, (kz, ky, kx) -> {
            byte[] v = blocks.get(key(tt, kz, ky, kx));
            if (v == null) return;
            Box b = blockBox(kz, ky, kx);
            copy(v, b, out, box, intersect(b, box));
        });
        return out;
    }

    /** These labels with {@code box} of time point {@code tt} overwritten by {@code values} (0 erases). */
    public SparseLabels withRegion(int tt, Box box, byte[] values) {
        if (values.length != box.size()) {
            throw new IllegalArgumentException(values.length + " values for a box of " + box.size() + " pixels");
        }
        return update(tt, box, (old, i) -> values[i]);
    }

    /** These labels with every pixel of {@code box} set to {@code value} (0 erases). */
    public SparseLabels fill(int tt, Box box, int value) {
        byte v = checkValue(value);
        return update(tt, box, (old, i) -> v);
    }

    /**
     * A brush stroke: pixels of {@code box} where {@code mask} is non-zero get {@code value} (0 = the eraser), the
     * others keep theirs.
     *
     * @param mask {@code box.size()} bytes in (z, y, x) order
     */
    public SparseLabels paint(int tt, Box box, byte[] mask, int value) {
        if (mask.length != box.size()) {
            throw new IllegalArgumentException(mask.length + " mask values for a box of " + box.size() + " pixels");
        }
        byte v = checkValue(value);
        return update(tt, box, (old, i) -> mask[i] != 0 ? v : old);
    }

    /** These labels with {@code box} of time point {@code tt} unlabelled. */
    public SparseLabels erase(int tt, Box box) {
        return fill(tt, box, 0);
    }

    /** These labels with {@code block}'s values written in (0 erases). */
    public SparseLabels with(LabelBlock block) {
        return withRegion(block.t(), block.box(), block.values());
    }

    /**
     * These labels after class {@code label} was deleted: its pixels become unlabelled and every higher class moves
     * down by one (classes stay numbered 1…n, as ilastik does when a class is removed).
     */
    public SparseLabels withoutLabel(int label) {
        checkValue(label);
        TreeMap<Long, byte[]> out = new TreeMap<>();
        for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
            byte[] v = e.getValue().clone();
            boolean any = false;
            for (int i = 0; i < v.length; i++) {
                int u = v[i] & 0xff;
                v[i] = (byte) (u == label ? 0 : u > label ? u - 1 : u);
                any |= v[i] != 0;
            }
            if (any) out.put(e.getKey(), v);
        }
        return new SparseLabels(t, z, y, x, out);
    }

    /** The non-empty grid blocks in storage order (time, then z, y, x), each clipped at the lane border. */
    public List<LabelBlock> blocks() {
        List<LabelBlock> out = new ArrayList<>(blocks.size());
        for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
            out.add(new LabelBlock(timeOf(e.getKey()), boxOf(e.getKey()), e.getValue()));
        }
        return out;
    }

    /**
     * The non-empty grid blocks, each cropped to the bounding box of its labelled pixels (what a project file
     * stores), without copying more than the crops.
     */
    List<LabelBlock> croppedBlocks() {
        List<LabelBlock> out = new ArrayList<>(blocks.size());
        for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
            Box b = boxOf(e.getKey());
            byte[] v = e.getValue();
            int z0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x0 = Integer.MAX_VALUE, z1 = -1, y1 = -1, x1 = -1;
            int i = 0;
            for (int dz = 0; dz < b.depth(); dz++) {
                for (int dy = 0; dy < b.height(); dy++) {
                    for (int dx = 0; dx < b.width(); dx++, i++) {
                        if (v[i] == 0) continue;
                        z0 = Math.min(z0, dz); z1 = Math.max(z1, dz);
                        y0 = Math.min(y0, dy); y1 = Math.max(y1, dy);
                        x0 = Math.min(x0, dx); x1 = Math.max(x1, dx);
                    }
                }
            }
            Box crop = new Box(b.z0() + z0, b.y0() + y0, b.x0() + x0, z1 - z0 + 1, y1 - y0 + 1, x1 - x0 + 1);
            byte[] c = new byte[crop.size()];
            copy(v, b, c, crop, crop);
            out.add(new LabelBlock(timeOf(e.getKey()), crop, c));
        }
        return out;
    }

    /** Number of non-empty grid blocks. */
    public int blockCount() { return blocks.size(); }

    /** True if nothing is labelled. */
    public boolean isEmpty() { return blocks.isEmpty(); }

    /** Number of labelled pixels. */
    public long labelledPixels() {
        long n = 0;
        long[] c = counts();
        for (int v = 1; v < c.length; v++) n += c[v];
        return n;
    }

    /** Labelled pixels per value: {@code result[k]} for class k (index 0 is unused), up to {@link #maxLabel()}. */
    public long[] countsPerLabel() { return counts().clone(); }

    /** The largest label value present (0 if nothing is labelled). */
    public int maxLabel() { return counts().length - 1; }

    private long[] counts() {
        long[] c = counts;
        if (c == null) {
            long[] all = new long[256];
            for (byte[] v : blocks.values()) for (byte b : v) all[b & 0xff]++;
            c = trim(all);
            counts = c;
        }
        return c;
    }

    /** The counts up to the largest non-zero value, with the count of 0 (meaningless for sparse blocks) cleared. */
    private static long[] trim(long[] all) {
        int max = 255;
        while (max > 0 && all[max] == 0) max--;
        long[] c = Arrays.copyOf(all, max + 1);
        c[0] = 0;
        return c;
    }

    /** Feeds the extents and every block (key and values) to {@code md}: the labels' part of a training key. */
    void digest(MessageDigest md) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(t).putInt(z).putInt(y).putInt(x).putInt(blocks.size());
        md.update(b.array(), 0, b.position());
        for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
            b.clear();
            b.putLong(e.getKey()).putInt(e.getValue().length);
            md.update(b.array(), 0, b.position());
            md.update(e.getValue());
        }
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) return true;
        if (!(o instanceof SparseLabels s) || s.t != t || s.z != z || s.y != y || s.x != x
                || !s.blocks.keySet().equals(blocks.keySet())) {
            return false;
        }
        for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.blocks.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = ((t * 31 + z) * 31 + y) * 31 + x;
            for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
                h = h * 31 + Long.hashCode(e.getKey()) * 17 + Arrays.hashCode(e.getValue());
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "SparseLabels[" + shape() + ", " + blocks.size() + " blocks, " + labelledPixels() + " labelled pixels]";
    }

    /** A box as {@code z=0..1 y=64..128 x=0..64} (ends exclusive). */
    static String describe(Box b) {
        return "z=" + b.z0() + ".." + (b.z0() + b.depth()) + " y=" + b.y0() + ".." + (b.y0() + b.height()) + " x="
                + b.x0() + ".." + (b.x0() + b.width());
    }

    // ---- block geometry ----

    private interface BlockVisitor { void visit(int kz, int ky, int kx); }

    private interface RegionOp { byte apply(byte old, int index); }

    private SparseLabels update(int tt, Box box, RegionOp op) {
        checkBox(tt, box);
        TreeMap<Long, byte[]> out = new TreeMap<>(blocks);
        // keep the per-value counts up to date from the touched blocks alone (painting must not rescan everything)
        long[] known = counts;
        long[] delta = known == null ? null : Arrays.copyOf(known, 256);
        forEachBlockIn(box, (kz, ky, kx) -> {
            long k = key(tt, kz, ky, kx);
            Box b = blockBox(kz, ky, kx);
            byte[] old = blocks.get(k);
            byte[] cur = old == null ? new byte[b.size()] : old.clone();
            Box in = intersect(b, box);
            boolean changed = false;
            for (int zz = in.z0(); zz < in.z0() + in.depth(); zz++) {
                for (int yy = in.y0(); yy < in.y0() + in.height(); yy++) {
                    int bi = ((zz - b.z0()) * b.height() + (yy - b.y0())) * b.width() + (in.x0() - b.x0());
                    int ri = ((zz - box.z0()) * box.height() + (yy - box.y0())) * box.width() + (in.x0() - box.x0());
                    for (int n = 0; n < in.width(); n++, bi++, ri++) {
                        byte nv = op.apply(cur[bi], ri);
                        if (nv != cur[bi]) {
                            cur[bi] = nv;
                            changed = true;
                        }
                    }
                }
            }
            if (!changed) return;
            if (delta != null) {
                if (old != null) for (byte v : old) delta[v & 0xff]--;
                for (byte v : cur) delta[v & 0xff]++;
            }
            boolean any = false;
            for (byte v : cur) if (v != 0) { any = true; break; }
            if (any) out.put(k, cur); else out.remove(k);
        });
        SparseLabels r = new SparseLabels(t, z, y, x, out);
        if (delta != null) r.counts = trim(delta);
        return r;
    }

    private void forEachBlockIn(Box box, BlockVisitor v) {
        for (int kz = box.z0() / bz; kz <= (box.z0() + box.depth() - 1) / bz; kz++) {
            for (int ky = box.y0() / by; ky <= (box.y0() + box.height() - 1) / by; ky++) {
                for (int kx = box.x0() / bx; kx <= (box.x0() + box.width() - 1) / bx; kx++) v.visit(kz, ky, kx);
            }
        }
    }

    /** Copies the part {@code part} from {@code src} (laid out as box {@code sb}) to {@code dst} (box {@code db}). */
    private static void copy(byte[] src, Box sb, byte[] dst, Box db, Box part) {
        for (int zz = part.z0(); zz < part.z0() + part.depth(); zz++) {
            for (int yy = part.y0(); yy < part.y0() + part.height(); yy++) {
                int si = ((zz - sb.z0()) * sb.height() + (yy - sb.y0())) * sb.width() + (part.x0() - sb.x0());
                int di = ((zz - db.z0()) * db.height() + (yy - db.y0())) * db.width() + (part.x0() - db.x0());
                System.arraycopy(src, si, dst, di, part.width());
            }
        }
    }

    private static Box intersect(Box a, Box b) {
        int z0 = Math.max(a.z0(), b.z0()), y0 = Math.max(a.y0(), b.y0()), x0 = Math.max(a.x0(), b.x0());
        int z1 = Math.min(a.z0() + a.depth(), b.z0() + b.depth());
        int y1 = Math.min(a.y0() + a.height(), b.y0() + b.height());
        int x1 = Math.min(a.x0() + a.width(), b.x0() + b.width());
        return new Box(z0, y0, x0, z1 - z0, y1 - y0, x1 - x0);
    }

    private void checkBox(int tt, Box b) {
        if (tt < 0 || tt >= t || b.z0() < 0 || b.y0() < 0 || b.x0() < 0 || (long) b.z0() + b.depth() > z
                || (long) b.y0() + b.height() > y || (long) b.x0() + b.width() > x) {
            throw new IllegalArgumentException("t=" + tt + " " + describe(b) + " lies outside the lane (" + shape() + ")");
        }
    }

    private static byte checkValue(int value) {
        if (value < 0 || value > 255) throw new IllegalArgumentException("label value " + value + " is outside 0…255");
        return (byte) value;
    }

    private long key(int tt, int kz, int ky, int kx) {
        return (((long) tt * nbz + kz) * nby + ky) * nbx + kx;
    }

    private int timeOf(long key) {
        return (int) (key / ((long) nbz * nby * nbx));
    }

    private Box boxOf(long key) {
        long r = key % ((long) nbz * nby * nbx);
        int kx = (int) (r % nbx);
        r /= nbx;
        int ky = (int) (r % nby);
        int kz = (int) (r / nby);
        return blockBox(kz, ky, kx);
    }

    private Box blockBox(int kz, int ky, int kx) {
        int z0 = kz * bz, y0 = ky * by, x0 = kx * bx;
        return new Box(z0, y0, x0, Math.min(bz, z - z0), Math.min(by, y - y0), Math.min(bx, x - x0));
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }
}
