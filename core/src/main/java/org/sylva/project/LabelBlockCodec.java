package org.sylva.project;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.sylva.image.Box;

/**
 * One stored label block ({@code labels/<lane>/<t>-<z>-<y>-<x>.bin}), little endian: magic {@code "SYLB"}, then
 * int32 t, z0, y0, x0, depth, height, width, then depth·height·width uint8 values in (z, y, x) order.
 */
final class LabelBlockCodec {

    static final int HEADER = 4 + 7 * 4;
    /** The largest box a stored block may claim: a reader never allocates more per block. */
    static final int MAX_VOXELS = 1 << 24;
    private static final byte[] MAGIC = "SYLB".getBytes(StandardCharsets.US_ASCII);

    private LabelBlockCodec() {}

    /** The member name of a block of lane {@code lane} (0-based). */
    static String entryName(int lane, LabelBlock b) {
        Box x = b.box();
        return folder(lane) + b.t() + "-" + x.z0() + "-" + x.y0() + "-" + x.x0() + ".bin";
    }

    /** The folder of lane {@code lane}'s blocks, with a trailing slash. */
    static String folder(int lane) {
        return "labels/" + lane + "/";
    }

    static byte[] encode(LabelBlock b) {
        Box x = b.box();
        ByteBuffer buf = ByteBuffer.allocate(HEADER + x.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(b.t()).putInt(x.z0()).putInt(x.y0()).putInt(x.x0())
                .putInt(x.depth()).putInt(x.height()).putInt(x.width()).put(b.values());
        return buf.array();
    }

    /**
     * Decodes a block and checks it against the lane.
     *
     * @param laneText how to name the lane in messages, e.g. {@code "lane 1 'cells'"}
     * @param classes the number of classes (the largest value allowed)
     * @return the block
     * @throws IllegalArgumentException with the problem (the caller adds the file and the member)
     */
    static LabelBlock decode(byte[] data, org.sylva.image.Shape lane, String laneText, int classes) {
        if (data.length < HEADER) throw new IllegalArgumentException("truncated block (" + data.length + " bytes)");
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException("not a label block");
        int t = b.getInt(), z0 = b.getInt(), y0 = b.getInt(), x0 = b.getInt();
        int d = b.getInt(), h = b.getInt(), w = b.getInt();
        String where = "t=" + t + " z=" + z0 + "+" + d + " y=" + y0 + "+" + h + " x=" + x0 + "+" + w;
        if (t < 0 || z0 < 0 || y0 < 0 || x0 < 0 || d < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("invalid block box " + where);
        }
        if (t >= lane.t() || (long) z0 + d > lane.z() || (long) y0 + h > lane.y() || (long) x0 + w > lane.x()) {
            throw new IllegalArgumentException("block " + where + " lies outside " + laneText + " (t=" + lane.t()
                    + " z=" + lane.z() + " y=" + lane.y() + " x=" + lane.x() + ")");
        }
        long n = (long) d * h * w;
        if (n > MAX_VOXELS) throw new IllegalArgumentException("block " + where + " claims " + n + " pixels, more than a"
                + " block can hold (" + MAX_VOXELS + ")");
        if (b.remaining() != n) {
            throw new IllegalArgumentException("block " + where + " needs " + n + " values but holds " + b.remaining());
        }
        byte[] values = new byte[(int) n];
        b.get(values);
        for (byte v : values) {
            if ((v & 0xff) > classes) {
                throw new IllegalArgumentException("block " + where + " holds label value " + (v & 0xff)
                        + " but the project has " + classes + " classes");
            }
        }
        return new LabelBlock(t, new Box(z0, y0, x0, d, h, w), values);
    }
}
