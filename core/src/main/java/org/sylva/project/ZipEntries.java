package org.sylva.project;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** {@link Entries} of a ZIP archive on disk. */
final class ZipEntries implements Entries {

    private final Path file;
    private final ZipFile zip;
    private final List<String> names;

    private ZipEntries(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
        List<String> n = new ArrayList<>();
        zip.stream().forEach(e -> n.add(e.getName()));
        this.names = Collections.unmodifiableList(n);
    }

    /**
     * Opens {@code file} as a ZIP archive.
     *
     * @throws ProjectFormatException if it is missing, a folder, empty, truncated, or not a ZIP archive
     */
    static ZipEntries open(Path file) throws IOException {
        if (!Files.exists(file)) throw new ProjectFormatException(file, "file not found");
        if (Files.isDirectory(file)) throw new ProjectFormatException(file, "is a folder, not a project file");
        if (!Files.isReadable(file)) throw new ProjectFormatException(file, "permission denied");
        long size = Files.size(file);
        if (size == 0) {
            throw new ProjectFormatException(file, "the file is empty (0 bytes): not a Sylva project, or a save by "
                    + "another program was interrupted");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        boolean looksZip = head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        try {
            return new ZipEntries(file, new ZipFile(file.toFile()));
        } catch (ZipException e) {
            if (looksZip) {
                throw new ProjectFormatException(file, "the project file is damaged: it is truncated or its end is "
                        + "corrupt (the ZIP directory cannot be read: " + e.getMessage() + "); the file's .bak backup, "
                        + "if there is one, holds the previous save", e);
            }
            throw new ProjectFormatException(file, "not a Sylva project file (it is not a ZIP archive"
                    + (head.length >= 4 && head[0] == (byte) 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F'
                    ? "; it is an HDF5 file — an ilastik .ilp project?" : "") + ")", e);
        }
    }

    @Override
    public Path file() { return file; }

    @Override
    public List<String> names() { return names; }

    @Override
    public boolean has(String name) { return zip.getEntry(name) != null; }

    @Override
    public byte[] read(String name, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transfer(name, out, max);
        return out.toByteArray();
    }

    @Override
    public void copyTo(String name, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            transfer(name, out, Long.MAX_VALUE);
        }
    }

    /** Streams a member to {@code out}, at most {@code max} bytes, then checks its CRC-32. */
    private void transfer(String name, OutputStream out, long max) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new ProjectFormatException(file, name + ": missing from the project file");
        CRC32 crc = new CRC32();
        long total = 0;
        try (InputStream in = zip.getInputStream(e)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw new ProjectFormatException(file, name + ": holds more than the " + max + " bytes it can hold"
                            + " here (damaged or not written by Sylva)");
                }
                crc.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        } catch (ZipException | EOFException ex) {
            throw new ProjectFormatException(file, name + ": damaged (" + ex.getMessage() + ")", ex);
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new ProjectFormatException(file, name + ": damaged (checksum mismatch)");
        }
    }

    @Override
    public void close() throws IOException { zip.close(); }
}
