package org.sylva.io.tiff;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.sylva.io.ImageFileException;

/**
 * Positional reads from a TIFF file through one {@link FileChannel} (thread-safe: no shared position). Small reads
 * (IFDs, tag values) go through a one-block cache so that walking thousands of IFDs stored side by side costs a few
 * system calls; bulk pixel reads go straight to the caller's buffer.
 */
final class TiffInput {

    private static final int BLOCK = 16 * 1024;

    final Path file;
    final FileChannel channel;
    final long size;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    /** Cache of the small-read path; only used by the single thread that parses the IFDs. */
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    private long blockStart = -1;
    private int blockLength;

    TiffInput(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
    }

    void order(ByteOrder byteOrder) { this.order = byteOrder; }

    ByteOrder order() { return order; }

    /**
     * {@code length} bytes at {@code pos} in the file's byte order, for metadata. The buffer may be a view of the
     * cache: use it before the next call.
     *
     * @param what what is being read, for the error message (e.g. "IFD 3")
     */
    ByteBuffer small(long pos, int length, String what) throws IOException {
        checkRange(pos, length, what);
        if (length <= BLOCK) {
            if (blockStart < 0 || pos < blockStart || pos + length > blockStart + blockLength) {
                block.clear();
                int want = (int) Math.min(BLOCK, size - pos);
                block.limit(want);
                readFully(block, pos, what);
                blockStart = pos;
                blockLength = want;
            }
            ByteBuffer view = block.duplicate();
            view.limit((int) (pos - blockStart) + length).position((int) (pos - blockStart));
            return view.slice().order(order);
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(b, pos, what);
        b.flip();
        return b.order(order);
    }

    /** Reads {@code length} bytes at {@code pos} into {@code dst[off..]}. */
    void bytes(long pos, byte[] dst, int off, int length, String what) throws IOException {
        checkRange(pos, length, what);
        readFully(ByteBuffer.wrap(dst, off, length), pos, what);
    }

    /** Fills {@code buf} (from its position to its limit) from {@code pos}; the range must have been checked. */
    void readFully(ByteBuffer buf, long pos, String what) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, p);
            if (n < 0) throw new ImageFileException(file, "truncated file (" + what + " ends after the end of the file)",
                    new EOFException());
            p += n;
        }
    }

    /** Throws "truncated file" if {@code [pos, pos + length)} is not inside the file. */
    void checkRange(long pos, long length, String what) throws ImageFileException {
        if (pos < 0 || length < 0 || pos + length > size || pos + length < 0) {
            throw new ImageFileException(file, "truncated file (" + what + " at byte " + Long.toUnsignedString(pos)
                    + (length > 0 ? " to " + Long.toUnsignedString(pos + length) : "")
                    + " lies beyond the end of the file, " + size + " bytes)");
        }
    }
}
