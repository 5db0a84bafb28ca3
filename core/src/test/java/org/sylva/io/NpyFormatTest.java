package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.testing.Shared;

class NpyFormatTest {

    /** numpy's view of a file: shape, dtype string, C-contiguity and every value. */
    static final String NUMPY_DUMP = String.join("\n",
            "import numpy as np, json, sys",
            "a = np.load(sys.argv[1])",
            "print(json.dumps({'shape': a.shape, 'dtype': a.dtype.str, 'c': bool(a.flags.c_contiguous),",
            "    'values': a.ravel().tolist()}))");

    static Stream<String> fixtures() {
        return IoFixtures.names("npy/").stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsFilesWrittenByNumpyExactly(String name) throws IOException {
        IoFixtures.assertMatches(IoFixtures.expected().get(name), ImageFiles.read(IoFixtures.spec(name)), name);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void numpyReadsWhatWeWriteForEveryType(DType dtype, @TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(dtype, Axes.of("zyxc"), 100 + dtype.ordinal(), 3, 4, 5, 2);
        Path f = dir.resolve("a.npy");
        ImageFiles.write(im, f, WriteOptions.DEFAULT);
        JsonNode d = IoFixtures.python(NUMPY_DUMP, f.toString());
        assertEquals("[3,4,5,2]", d.get("shape").toString());
        String code = dtype.bytes() == 1 ? "|" + (dtype.isSigned() ? "i" : "u") + "1"
                : "<" + (dtype.isFloat() ? "f" : dtype.isSigned() ? "i" : "u") + dtype.bytes();
        assertEquals(code, d.get("dtype").asText());
        assertTrue(d.get("c").asBoolean());
        IoFixtures.assertSamples(d.get("values"), im, Axes.of("zyxc"), "numpy values");
        Image back = ImageFiles.read(f.toString());
        assertEquals("zyxc", back.axes().letters());
        assertTrue(back.sameSamples(im));
    }

    @ParameterizedTest
    @CsvSource({"tzyxc, cxyzt", "tyxc, tcyx", "zyx, xyz", "yxc, cyx"})
    void writesInTheRequestedAxisOrder(String own, String order, @TempDir Path dir) throws IOException {
        long[] dims = {2, 3, 4, 5, 3};
        Image im = IoFixtures.random(DType.INT32, Axes.of(own), 3, java.util.Arrays.copyOf(dims, own.length()));
        Path f = dir.resolve("o.npy");
        ImageFiles.write(im, f, WriteOptions.inOrder(Axes.of(order)));
        JsonNode d = IoFixtures.python(NUMPY_DUMP, f.toString());
        assertEquals(IoFixtures.JSON.valueToTree(im.shape().in(Axes.of(order))).toString(), d.get("shape").toString());
        IoFixtures.assertSamples(d.get("values"), im, Axes.of(order), "numpy values");
    }

    @Test
    void writesSingletonAxesWhenAsked(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.UINT8, Axes.of("yx"), 4, 6, 7);
        Path f = dir.resolve("s.npy");
        ImageFiles.write(im, f, WriteOptions.inOrder(Axes.of("tzyxc")));
        assertEquals("[1,1,6,7,1]", IoFixtures.python(NUMPY_DUMP, f.toString()).get("shape").toString());
        ImageFileException e = assertThrows(ImageFileException.class,
                () -> ImageFiles.write(im, dir.resolve("d.npy"), WriteOptions.inOrder(Axes.of("y"))));
        assertTrue(e.getMessage().contains("drops axis 'x' of extent 7"), e.getMessage());
    }

    @Test
    void headerIsPaddedTo64BytesLikeNumpy() {
        byte[] h = NpyFormat.header(DType.FLOAT32, new long[] {64, 64, 64, 1});
        assertEquals(0, h.length % 64);
        String text = new String(h, 10, h.length - 10, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (64, 64, 64, 1), }", text.trim());
        assertEquals('\n', text.charAt(text.length() - 1));
    }

    @Test
    void readsIlastiksRawVolumeAsZyxc() throws IOException {
        Path f = Shared.path("fixtures/ilastik/pixel/Data_3D.npy");
        Image im = ImageFiles.read(f.toString());
        assertEquals("zyxc", im.axes().letters());
        assertEquals("t=1 z=64 y=64 x=64 c=1", im.shape().toString());
        assertEquals(DType.UINT8, im.dtype());
        JsonNode d = IoFixtures.python(NUMPY_DUMP, f.toString());
        IoFixtures.assertSamples(d.get("values"), im, Axes.of("zyxc"), "Data_3D.npy");
    }

    @Test
    void readsIlastiksReferencePrediction() throws IOException {
        Path f = Shared.path("fixtures/ilastik/pixel/res-Data_1channel_pc1xyc.npy");
        Image im = ImageFiles.read(f.toString());
        assertEquals("yxc", im.axes().letters()); // (128, 128, 2): last extent <= 4
        assertEquals(DType.FLOAT32, im.dtype());
        IoFixtures.assertSamples(IoFixtures.python(NUMPY_DUMP, f.toString()).get("values"), im, Axes.of("yxc"), "probs");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "truncated.npy#truncated file: the header announces (4, 5, 6) uint16 (240 bytes of data) but the file holds only 233 bytes after the header",
            "object.npy#unsupported element type '|O' (Python objects); Sylva reads bool, (u)int8/16/32/64, float32 and float64",
            "complex.npy#unsupported element type '<c8' (complex numbers); Sylva reads bool, (u)int8/16/32/64, float32 and float64",
            "structured.npy#structured (record) arrays are not images; save a plain numeric array",
            "empty.npy#the array is empty (shape (0, 5))",
            "not_npy.npy#not a NumPy .npy file (it does not start with \\x93NUMPY)"})
    void rejectsBadFilesNamingTheProblem(String name, String problem) {
        String spec = IoFixtures.spec("npy/" + name);
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(spec));
        assertEquals(spec + ": " + problem, e.getMessage());
    }

    @Test
    void largeArraysStreamInSlabs(@TempDir Path dir) throws IOException {
        // 3 slabs of 8 MB and a remainder: the slab walk and the copies at slab edges must be seamless
        Image im = IoFixtures.random(DType.FLOAT32, Axes.of("zyx"), 9, 13, 700, 800);
        Path f = dir.resolve("big.npy");
        ImageFiles.write(im, f, WriteOptions.DEFAULT);
        assertEquals(NpyFormat.header(DType.FLOAT32, new long[] {13, 700, 800}).length + 13L * 700 * 800 * 4, Files.size(f));
        assertTrue(ImageFiles.read(f.toString()).sameSamples(im));
        JsonNode d = IoFixtures.python(String.join("\n",
                "import numpy as np, json, sys",
                "a = np.load(sys.argv[1])",
                "print(json.dumps({'at': [float(a[0, 0, 0]), float(a[6, 350, 401]), float(a[12, 699, 799])]}))"),
                f.toString());
        assertArrayEquals(new double[] {im.get(0, 0, 0, 0, 0), im.get(0, 6, 350, 401, 0), im.get(0, 12, 699, 799, 0)},
                new double[] {d.get("at").get(0).asDouble(), d.get("at").get(1).asDouble(), d.get("at").get(2).asDouble()});
    }
}
