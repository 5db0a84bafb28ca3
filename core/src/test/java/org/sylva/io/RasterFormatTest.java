package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

class RasterFormatTest {

    /** What vigra (ilastik's reader) sees: x, y, c transposed to y, x, c; dtype and every value. */
    static final String VIGRA_DUMP = String.join("\n",
            "import vigra, json, sys, numpy as np",
            "v = vigra.impex.readImage(sys.argv[1], dtype='NATIVE')",
            "a = v.view(np.ndarray).transpose(1, 0, 2)",
            "print(json.dumps({'shape': a.shape, 'dtype': a.dtype.name, 'values': a.ravel().tolist()}))");

    static Stream<String> fixtures() {
        return Stream.concat(IoFixtures.names("png/").stream(), IoFixtures.names("jpeg/").stream());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsTheSamplesVigraReads(String name) throws IOException {
        IoFixtures.assertMatches(IoFixtures.expected().get(name), ImageFiles.read(IoFixtures.spec(name)), name);
    }

    @ParameterizedTest
    @CsvSource({"uint8, 1", "uint8, 2", "uint8, 3", "uint8, 4", "uint16, 1", "uint16, 2", "uint16, 3", "uint16, 4"})
    void vigraReadsThePngsWeWrite(String type, int channels, @TempDir Path dir) throws IOException {
        DType dtype = DType.parse(type);
        Image im = channels == 1 ? IoFixtures.random(dtype, Axes.of("yx"), channels, 13, 17)
                : IoFixtures.random(dtype, Axes.of("yxc"), channels, 13, 17, channels);
        Path f = dir.resolve("w.png");
        ImageFiles.write(im, f, WriteOptions.DEFAULT);
        JsonNode v = IoFixtures.python(VIGRA_DUMP, f.toString());
        assertEquals("[13,17," + channels + "]", v.get("shape").toString());
        assertEquals(type, v.get("dtype").asText());
        IoFixtures.assertSamples(v.get("values"), im, Axes.of("yxc"), "vigra values");
        Image back = ImageFiles.read(f.toString());
        assertEquals(channels == 1 ? "yx" : "yxc", back.axes().letters());
        assertTrue(back.sameSamples(im));
    }

    @ParameterizedTest
    @CsvSource({"1, yx", "3, yxc"})
    void jpegsWeWriteDecodeAsVigraDecodesThemAndStayCloseToTheOriginal(int channels, String axes, @TempDir Path dir)
            throws IOException {
        Image im = channels == 1 ? Image.create(DType.UINT8, Axes.of("yx"), 32, 48)
                : Image.create(DType.UINT8, Axes.of("yxc"), 32, 48, 3);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                for (int c = 0; c < channels; c++) im.set(0, 0, y, x, c, x * 2 + y * 2 + c * 30 + 20);
            }
        }
        Path f = dir.resolve("w.jpg");
        ImageFiles.write(im, f, WriteOptions.DEFAULT);
        Image back = ImageFiles.read(f.toString());
        assertEquals(axes, back.axes().letters());
        JsonNode v = IoFixtures.python(VIGRA_DUMP, f.toString());
        IoFixtures.assertSamples(v.get("values"), back, Axes.of("yxc"), "vigra's decoding of our JPEG");
        double err = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                for (int c = 0; c < channels; c++) err += Math.abs(back.get(0, 0, y, x, c) - im.get(0, 0, y, x, c));
            }
        }
        assertTrue(err / (32 * 48 * channels) < 2.0, "mean JPEG error " + err / (32 * 48 * channels));
    }

    @Test
    void readsIlastiksPixelClassificationInput() throws IOException {
        Path f = Shared.path("fixtures/ilastik/pixel/Data_1channel.png");
        Image im = ImageFiles.read(f.toString());
        assertEquals("yx", im.axes().letters());
        assertEquals("t=1 z=1 y=128 x=128 c=1", im.shape().toString());
        assertEquals(DType.UINT8, im.dtype());
        IoFixtures.assertSamples(IoFixtures.python(VIGRA_DUMP, f.toString()).get("values"), im, Axes.of("yx"), "vigra");
    }

    @Test
    void readsARealMicroscopyPngAsVigraDoes() throws Exception {
        Path f = Shared.path("data/ilastik_2d_cells_apoptotic/2d_cells_apoptotic_1channel.png");
        Image im = ImageFiles.read(f.toString());
        assertEquals("t=1 z=1 y=1024 x=1344 c=1", im.shape().toString());
        String md5 = Python.run(String.join("\n",
                "import vigra, sys, hashlib, numpy as np",
                "a = np.ascontiguousarray(vigra.impex.readImage(sys.argv[1], dtype='NATIVE').view(np.ndarray)[:, :, 0].T)",
                "print(a.dtype, hashlib.md5(a.tobytes()).hexdigest())"), f.toString()).trim();
        assertEquals(md5, "uint8 " + md5((byte[]) im.toArray(Axes.of("yx"))));
    }

    static String md5(byte[] b) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void refusesImagesAPngCannotHoldAndLeavesNoFile(@TempDir Path dir) {
        Path f = dir.resolve("out.png");
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(Image.create(DType.UINT8, Axes.of("zyx"), 5, 8, 8), f, WriteOptions.DEFAULT));
        assertEquals(f + ": PNG holds a single 2-D image; this image has z=5 (use tif, npy or h5, or a 'png sequence')",
                e.getMessage());
        e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(Image.create(DType.FLOAT32, Axes.of("yx"), 8, 8), f, WriteOptions.DEFAULT));
        assertEquals(f + ": PNG holds uint8 or uint16 samples; this image is float32 (convert it, e.g. --export_dtype "
                + "uint8 or uint16, or write tif, npy or h5)", e.getMessage());
        e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(Image.create(DType.UINT8, Axes.of("yxc"), 8, 8, 5), f, WriteOptions.DEFAULT));
        assertEquals(f + ": PNG holds 1 to 4 channels (grey, grey+alpha, RGB, RGBA); this image has c=5 (write tif, npy"
                + " or h5)", e.getMessage());
        Path j = dir.resolve("out.jpg");
        e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(Image.create(DType.UINT16, Axes.of("yx"), 8, 8), j, WriteOptions.DEFAULT));
        assertTrue(e.getMessage().startsWith(j + ": JPEG holds uint8 samples; this image is uint16"), e.getMessage());
        e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(Image.create(DType.UINT8, Axes.of("tyxc"), 2, 8, 8, 2), j, WriteOptions.DEFAULT));
        assertEquals(j + ": JPEG holds a single 2-D image; this image has t=2 (use tif, npy or h5, or a 'jpg sequence')",
                e.getMessage());
        assertFalse(Files.exists(f));
        assertFalse(Files.exists(j));
        assertEquals(0, dir.toFile().list().length, "no temporary file left behind");
    }

    @Test
    void reportsAFileThatIsNotAPng(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("fake.png");
        Files.writeString(f, "not a picture");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f.toString()));
        assertTrue(e.getMessage().startsWith(f + ": not a readable PNG file"), e.getMessage());
    }
}
