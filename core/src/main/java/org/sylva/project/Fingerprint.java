package org.sylva.project;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * What a data file looked like when it was added to a project, so that a moved file can be recognised and a
 * different file with the same name refused (a different image would silently get the wrong labels, ilastik issue
 * #2686).
 *
 * <p>The current algorithm, {@value #HEAD_TAIL}, is fast for any file size: SHA-256 of the file size (8 bytes,
 * little endian), then the first MiB of the file, then the last MiB (or whatever lies after the first MiB, if the
 * file is smaller than 2 MiB; a file of up to 2 MiB is thus hashed whole). Saving or opening a project reads at most
 * 2 MiB per file. It catches a replaced, re-exported, re-compressed, cropped or converted file (all change the
 * size or the header); it does not catch an in-place edit of the middle of a file larger than 2 MiB that keeps its
 * size — the shape, axes and type, checked again when the data is read, are the second line of defence.
 *
 * <p>Format version 0 used {@value #CRC32_WHOLE}: CRC-32 of the whole file (too slow for large files); such
 * fingerprints are still verified, and replaced by the current kind once the file has been found.
 *
 * <p>{@value #UNVERIFIED} is the fingerprint of a file that was not there when it was added: an ilastik project
 * imported without its raw data ({@code org.sylva.project.ilp.IlpImport}). Any file at the recorded places
 * {@linkplain #matches matches} it, and it is kept as it is (not replaced by a checksum once the file turns up):
 * the checksum is part of the {@linkplain SylvaProject#trainingKey() training key}, and changing it would make the
 * imported ilastik forest stale, which cannot be trained again. Only the recorded shape, checked on reading,
 * guards such a lane.
 *
 * @param algorithm {@value #HEAD_TAIL}, {@value #CRC32_WHOLE} or {@value #UNVERIFIED} (then size 0, value empty)
 * @param size the file size in bytes
 * @param value lower-case hex digest
 */
public record Fingerprint(String algorithm, long size, String value) {

    /** SHA-256 of the size, the first MiB and the last MiB. */
    public static final String HEAD_TAIL = "sha256-head-tail-1MiB";
    /** CRC-32 of the whole file (format version 0). */
    public static final String CRC32_WHOLE = "crc32";
    /** No checksum: the file was missing when it was added to the project. */
    public static final String UNVERIFIED = "unverified";

    private static final int SPAN = 1 << 20;

    public Fingerprint {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(value, "value");
        if (!algorithm.equals(HEAD_TAIL) && !algorithm.equals(CRC32_WHOLE) && !algorithm.equals(UNVERIFIED)) {
            throw new IllegalArgumentException("unknown checksum algorithm '" + algorithm + "' (known: " + HEAD_TAIL
                    + ", " + CRC32_WHOLE + ", " + UNVERIFIED + ")");
        }
        if (size < 0) throw new IllegalArgumentException("negative file size " + size);
        value = value.toLowerCase(Locale.ROOT);
        if (algorithm.equals(UNVERIFIED) && (size != 0 || !value.isEmpty())) {
            throw new IllegalArgumentException(UNVERIFIED + " has no checksum and size 0, got '" + value + "' and "
                    + size);
        }
        int digits = algorithm.equals(HEAD_TAIL) ? 64 : algorithm.equals(CRC32_WHOLE) ? 8 : 0;
        if (value.length() != digits || !value.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException(algorithm + " checksum must be " + digits + " hex digits, got '"
                    + value + "'");
        }
    }

    /** The current kind of fingerprint of {@code file}. */
    public static Fingerprint of(Path file) throws IOException {
        return compute(file, HEAD_TAIL);
    }

    /**
     * Parses the stored form {@code "<algorithm>:<hex>"}.
     *
     * @throws IllegalArgumentException if the text is not of that form or the algorithm unknown
     */
    public static Fingerprint parse(String text, long size) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("checksum '" + text + "' is not <algorithm>:<hex digits>");
        return new Fingerprint(text.substring(0, colon), size, text.substring(colon + 1));
    }

    /** The fingerprint of a file that was missing when it was added (see the class comment). */
    public static Fingerprint unverified() {
        return new Fingerprint(UNVERIFIED, 0, "");
    }

    /** The stored form {@code "<algorithm>:<hex>"} (the size is stored beside it). */
    public String text() { return algorithm + ":" + value; }

    /** True if this fingerprint uses the current algorithm. */
    public boolean isCurrent() { return algorithm.equals(HEAD_TAIL); }

    /** False for the {@link #unverified()} fingerprint of a file that was missing when it was added. */
    public boolean isVerified() { return !algorithm.equals(UNVERIFIED); }

    /**
     * True if {@code file} has this size and checksum (the size is compared first, without reading the file); for
     * an {@link #unverified()} fingerprint, true for any regular file.
     */
    public boolean matches(Path file) throws IOException {
        if (!isVerified()) return Files.isRegularFile(file);
        if (Files.size(file) != size) return false;
        return compute(file, algorithm).equals(this);
    }

    private static Fingerprint compute(Path file, String algorithm) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + ": is a folder, not a data file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (algorithm.equals(CRC32_WHOLE)) {
                CRC32 crc = new CRC32();
                ByteBuffer buf = ByteBuffer.allocate(SPAN);
                while (ch.read(buf) > 0) {
                    buf.flip();
                    crc.update(buf);
                    buf.clear();
                }
                return new Fingerprint(algorithm, size, String.format(Locale.ROOT, "%08x", crc.getValue()));
            }
            MessageDigest sha = sha256();
            sha.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(size).array());
            long head = Math.min(size, SPAN);
            digestRange(ch, 0, head, sha);
            long tailStart = Math.max(head, size - SPAN);
            digestRange(ch, tailStart, size - tailStart, sha);
            return new Fingerprint(algorithm, size, HexFormat.of().formatHex(sha.digest()));
        }
    }

    private static void digestRange(FileChannel ch, long from, long length, MessageDigest sha) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, SPAN));
        long pos = from, end = from + length;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("file shrank while its checksum was computed");
            pos += n;
            buf.flip();
            sha.update(buf);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() { return isVerified() ? text() + " (" + size + " bytes)" : UNVERIFIED; }
}
