package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sylva.io.tiff.TiffTestSupport.fixture;
import static org.sylva.io.tiff.TiffTestSupport.ramp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.DataPath;
import org.sylva.io.ImageFileException;
import org.sylva.io.TiffFormat;
import org.sylva.io.WriteOptions;

/**
 * Bad input gets one clear {@link ImageFileException} naming the file and the problem — never an
 * ArrayIndexOutOfBounds, a stack of parser internals or a half-written file.
 */
class TiffBadInputTest {

    @TempDir
    Path dir;

    private final TiffFormat tiff = new TiffFormat();

    private ImageFileException readFails(Path file, String... problem) {
        ImageFileException e = assertThrows(ImageFileException.class, () -> tiff.read(new DataPath(file, "")));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "message must start with the file: " + e.getMessage());
        for (String p : problem) {
            assertTrue(e.getMessage().contains(p), "message must say '" + p + "': " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private Path copy(String fixture, int length) throws IOException {
        byte[] all = Files.readAllBytes(fixture(fixture));
        Path p = dir.resolve("cut-" + fixture);
        Files.write(p, Arrays.copyOf(all, length));
        return p;
    }

    @Test
    void missingFileIsNamed() {
        readFails(dir.resolve("nothing-here.tif"), "file not found");
    }

    @Test
    void folderIsNotATiff() throws IOException {
        Path d = Files.createDirectory(dir.resolve("folder.tif"));
        readFails(d, "is a folder");
    }

    @Test
    void emptyAndTinyFilesAreNotTiffs() throws IOException {
        readFails(Files.write(dir.resolve("empty.tif"), new byte[0]), "not a TIFF file", "0 bytes");
        readFails(Files.write(dir.resolve("tiny.tif"), new byte[] {'I', 'I', 42}), "not a TIFF file");
    }

    @Test
    void wrongMagicIsNotATiff() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        readFails(Files.write(dir.resolve("really-a-png.tif"), png), "not a TIFF file", "89 50 4E 47");
        byte[] wrongVersion = {'I', 'I', 41, 0, 8, 0, 0, 0, 0, 0, 0, 0};
        readFails(Files.write(dir.resolve("v41.tif"), wrongVersion), "not a TIFF file", "version 41");
    }

    @Test
    void garbageAfterAValidHeaderIsCorruptOrTruncated() throws IOException {
        Random rnd = new Random(7);
        byte[] b = new byte[4096];
        rnd.nextBytes(b);
        b[0] = 'I';
        b[1] = 'I';
        b[2] = 42;
        b[3] = 0;
        readFails(Files.write(dir.resolve("garbage.tif"), b));
    }

    @Test
    void truncatedPixelDataIsReported() throws IOException {
        // u8_2d.tif (tifffile): IFD first, then the single strip; cut the last 100 bytes of the strip.
        long size = Files.size(fixture("u8_2d.tif"));
        readFails(copy("u8_2d.tif", (int) size - 100), "truncated file", "page 0", "end of the file");
        // A compressed strip cut short.
        long zsize = Files.size(fixture("f32_2d_zlib.tif"));
        readFails(copy("f32_2d_zlib.tif", (int) zsize - 50), "truncated file", "strip");
    }

    @Test
    void truncatedDirectoryIsReported() throws IOException {
        readFails(copy("u8_2d.tif", 20), "truncated file", "image directory 0");
        // BigTIFF header cut inside.
        readFails(copy("u8_bigtiff.tif", 12), "truncated file", "BigTIFF");
    }

    @Test
    void truncatedImageJContiguousStackIsReported() throws IOException {
        // 12 planes of 18×22 uint16 (9504 bytes) follow the only IFD; cut inside the planes.
        readFails(copy("ij_one_ifd_contiguous.tif", 6000), "truncated file", "12 contiguous planes");
    }

    @Test
    void corruptCompressedDataIsReported() throws IOException {
        byte[] b = Files.readAllBytes(fixture("f32_2d_zlib.tif"));
        // tifffile puts the strips right after the first IFD; overwrite the middle of the file.
        for (int i = b.length / 2; i < b.length / 2 + 200; i++) b[i] = (byte) 0xff;
        Path p = Files.write(dir.resolve("corrupt.tif"), b);
        readFails(p, "Deflate", "strip");
    }

    @Test
    void unsupportedCompressionIsNamed() {
        readFails(fixture("jpeg_u8.tif"), "unsupported compression JPEG (7)");
    }

    @Test
    void zeroSizedImageIsReported() {
        readFails(fixture("zero_width.tif"), "empty image", "0×10");
    }

    @Test
    void tiffHasNoInternalPath() {
        Path f = fixture("u8_2d.tif");
        ImageFileException e = assertThrows(ImageFileException.class, () -> tiff.read(new DataPath(f, "data")));
        assertTrue(e.getMessage().contains("no internal path"));
    }

    /** Thousands of damaged files: each either reads or fails with an ImageFileException naming the file. */
    @Test
    void damagedFilesNeverFailWithAnythingButImageFileException() throws IOException {
        String[] sources = {"u8_2d.tif", "u16_zlib_predictor.tif", "lzw_u16_tiled.tif", "packbits_u8.tif",
            "ij_tzcyx_u16.tif", "ome_tzcyx.ome.tif", "u16_bigtiff_tiled.tif", "zip_fpredictor_f32.tif",
            "rgb_planar_zlib.tif", "lzw_fpredictor_f32.tif"};
        Random rnd = new Random(42);
        int failures = 0;
        int trials = 0;
        for (String s : sources) {
            byte[] orig = Files.readAllBytes(fixture(s));
            for (int k = 0; k < 150; k++) {
                byte[] b;
                if (k % 5 == 0) {
                    b = Arrays.copyOf(orig, rnd.nextInt(orig.length)); // truncated anywhere
                } else {
                    b = orig.clone();
                    int flips = 1 + rnd.nextInt(8);
                    // Mostly hit the first 1 KB (header, IFDs), sometimes anywhere.
                    for (int i = 0; i < flips; i++) {
                        int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(1024, b.length)) : rnd.nextInt(b.length);
                        b[at] = (byte) rnd.nextInt(256);
                    }
                }
                Path p = Files.write(dir.resolve("fuzz.tif"), b);
                trials++;
                try {
                    tiff.read(new DataPath(p, ""));
                } catch (ImageFileException e) {
                    failures++;
                    if (!e.getMessage().startsWith(p + ": ")) fail("message without the file: " + e.getMessage());
                } catch (Throwable t) {
                    throw new AssertionError(s + " damaged (trial " + k + ") failed with " + t, t);
                }
            }
        }
        assertTrue(failures > trials / 10, "the damage must be noticed in many cases: " + failures + "/" + trials);
    }

    @Test
    void orderOutsideImageJOrderIsRefusedAndWritesNothing() {
        Image rgb = ramp(DType.UINT8, "yxc", 10, 12, 3);
        Path out = dir.resolve("rgb.tif");
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> tiff.write(rgb, new DataPath(out, ""), WriteOptions.inOrder(Axes.of("yxc"))));
        assertTrue(e.getMessage().contains("TIFF stores axes in ImageJ order"), e.getMessage());
        assertFalse(Files.exists(out));
        Image zyx = ramp(DType.UINT16, "zyx", 3, 10, 12);
        e = assertThrows(ImageFileException.class,
                () -> tiff.write(zyx, new DataPath(out, ""), WriteOptions.inOrder(Axes.of("xyz"))));
        assertTrue(e.getMessage().contains("ImageJ order"), e.getMessage());
        e = assertThrows(ImageFileException.class,
                () -> tiff.write(zyx, new DataPath(out, ""), WriteOptions.inOrder(Axes.of("yx"))));
        assertTrue(e.getMessage().contains("drop axis 'z' of extent 3"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void singletonAxesMayStandAnywhereInTheRequestedOrder() throws IOException {
        Image zyx = ramp(DType.UINT16, "zyx", 3, 10, 12);
        Path out = dir.resolve("ok.tif");
        tiff.write(zyx, new DataPath(out, ""), WriteOptions.inOrder(Axes.of("zyxc")));
        assertTrue(tiff.read(new DataPath(out, "")).sameSamples(zyx));
        tiff.write(zyx, new DataPath(out, ""), WriteOptions.inOrder(Axes.of("czyxt")));
        assertTrue(tiff.read(new DataPath(out, "")).sameSamples(zyx));
    }

    @Test
    void failedWriteLeavesNoPartialFile() {
        Image img = ramp(DType.UINT16, "zyx", 3, 64, 64);
        Path out = dir.resolve("partial.tif");
        // An interrupted thread makes the channel close on its first write, after the file was created.
        Thread.currentThread().interrupt();
        try {
            assertThrows(ImageFileException.class, () -> tiff.write(img, new DataPath(out, ""), new WriteOptions(null, false)));
        } finally {
            Thread.interrupted();
        }
        assertFalse(Files.exists(out), "a failed write must delete its partial file");
    }

    @Test
    void writingIntoAMissingFolderIsReported() {
        Path out = dir.resolve("no/such/folder/x.tif");
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> tiff.write(ramp(DType.UINT8, "yx", 4, 4), new DataPath(out, ""), WriteOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(out + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
