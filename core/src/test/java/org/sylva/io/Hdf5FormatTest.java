package org.sylva.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.testing.Shared;

class Hdf5FormatTest {

    private static final Hdf5Format H5 = new Hdf5Format();

    /** Dumps a dataset as h5py sees it: shape, dtype, chunks, filters, attributes (with their Python types), values. */
    static final String H5PY_DUMP = String.join("\n",
            "import h5py, json, sys, numpy as np",
            "f = h5py.File(sys.argv[1], 'r')",
            "d = f[sys.argv[2]]",
            "def val(v):",
            "    return v if isinstance(v, str) else v.decode() if isinstance(v, bytes) else np.asarray(v).tolist()",
            "print(json.dumps({'shape': d.shape, 'dtype': d.dtype.str, 'chunks': d.chunks,",
            "    'compression': d.compression, 'level': d.compression_opts, 'shuffle': d.shuffle,",
            "    'attrs': {k: val(v) for k, v in d.attrs.items()},",
            "    'attr_types': {k: type(v).__name__ + '/' + str(d.attrs.get_id(k).dtype) for k, v in d.attrs.items()},",
            "    'values': d[()].ravel().tolist(), 'root': sorted(f.keys())}))");

    static Stream<String> fixtures() {
        return IoFixtures.names("h5/").stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void readsFilesWrittenByH5pyAndVigraExactly(String name) throws IOException {
        JsonNode e = IoFixtures.expected().get(name);
        Image im = ImageFiles.read(IoFixtures.spec(name));
        IoFixtures.assertMatches(e, im, name);
        if (e.has("drange")) {
            assertArrayEquals(new double[] {e.get("drange").get(0).asDouble(), e.get("drange").get(1).asDouble()},
                    im.drange(), name + ": drange");
        } else {
            assertNull(im.drange());
        }
        if (e.has("resolution")) {
            Calibration c = im.calibration();
            assertEquals(e.get("resolution").get("x").asDouble(), c.x());
            assertEquals(e.get("resolution").get("y").asDouble(), c.y());
            assertEquals(e.get("resolution").get("t").asDouble(), c.t());
            assertEquals(e.get("unit").asText(), c.unit());
            assertEquals(e.get("timeUnit").asText(), c.timeUnit());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsEveryTypeIn5D(DType dtype, @TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(dtype, Axes.of("tzyxc"), dtype.ordinal(), 2, 3, 5, 7, 2);
        Path f = dir.resolve("all.h5");
        ImageFiles.write(im, f, WriteOptions.DEFAULT);
        Image back = ImageFiles.read(f.toString());
        assertEquals("tzyxc", back.axes().letters());
        assertTrue(back.sameSamples(im), dtype + " samples");
    }

    @Test
    void h5pyReadsOurFileWithIlastikChunksGzipAxistagsAndDrange(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.FLOAT32, Axes.of("zyxc"), 7, 9, 70, 90, 3)
                .withCalibration(new Calibration(0.1, 0.1, 0.3, Double.NaN, "µm", ""))
                .withDrange(new double[] {0.0, 1.0});
        Path f = dir.resolve("probs.h5");
        ImageFiles.write(im, f + "/exported_data", WriteOptions.DEFAULT);

        JsonNode d = IoFixtures.python(H5PY_DUMP, f.toString(), "exported_data");
        assertEquals("[9,70,90,3]", d.get("shape").toString());
        assertEquals("<f4", d.get("dtype").asText());
        int[] chunk = Hdf5Format.chunkShape(Axes.of("zyxc"), new long[] {9, 70, 90, 3}, DType.FLOAT32);
        assertEquals(IoFixtures.JSON.valueToTree(chunk).toString(), d.get("chunks").toString());
        assertEquals("gzip", d.get("compression").asText());
        assertEquals(1, d.get("level").asInt());
        assertEquals(false, d.get("shuffle").asBoolean());
        IoFixtures.assertSamples(d.get("values"), im, Axes.of("zyxc"), "h5py values");
        assertEquals("[0.0,1.0]", d.get("attrs").get("drange").toString());
        assertEquals("ndarray/float64", d.get("attr_types").get("drange").asText());
        // a Python str, as ilastik's h5py writes it, holding vigra's own JSON byte for byte
        assertEquals("str/object", d.get("attr_types").get("axistags").asText());
        String vigraJson = IoFixtures.python(String.join("\n",
                "import vigra, json",
                "t = vigra.defaultAxistags('zyxc')",
                "t['x'].resolution = 0.1; t['y'].resolution = 0.1; t['z'].resolution = 0.3",
                "print(json.dumps(t.toJSON()))")).asText();
        assertEquals(vigraJson, d.get("attrs").get("axistags").asText());
        assertEquals("{\"z\": \"\\u00b5m\", \"y\": \"\\u00b5m\", \"x\": \"\\u00b5m\"}",
                d.get("attrs").get("axis_units").asText().replace("µ", "\\u00b5"));
        assertEquals("[\"exported_data\"]", d.get("root").toString());

        Image back = ImageFiles.read(f.toString());
        assertEquals(0.3, back.calibration().z());
        assertEquals("µm", back.calibration().unit());
        assertArrayEquals(new double[] {0, 1}, back.drange());
    }

    @Test
    void vigraReadsOurFileWithItsAxistags(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.UINT16, Axes.of("tyxc"), 3, 4, 6, 5, 2);
        Path f = dir.resolve("v.h5");
        ImageFiles.write(im, f + "/volume/data", WriteOptions.DEFAULT);
        JsonNode v = IoFixtures.python(String.join("\n",
                "import h5py, vigra, json, sys, numpy as np",
                "h5py.highlevel = h5py; h5py.Dataset.value = property(lambda d: d[()])  # vigra 1.11 predates h5py 3",
                "a = vigra.readHDF5(sys.argv[1], 'volume/data')",
                "print(json.dumps({'keys': ''.join(a.axistags.keys()), 'dtype': a.dtype.name,",
                "    'values': a.withAxes('t', 'y', 'x', 'c').view(np.ndarray).ravel().tolist()}))"), f.toString());
        assertEquals("uint16", v.get("dtype").asText());
        assertTrue(v.get("keys").asText().chars().sorted().boxed().toList()
                .equals("tyxc".chars().sorted().boxed().toList()), v.get("keys").asText());
        IoFixtures.assertSamples(v.get("values"), im, Axes.of("tyxc"), "vigra values");
    }

    @Test
    void manyChunksNeedAThreeLevelChunkIndexThatH5pyReads(@TempDir Path dir) throws IOException {
        // 65 x 65 = 4225 chunks: more than one B-tree node of 64 children can index in two levels
        Image im = IoFixtures.random(DType.INT16, Axes.of("yx"), 11, 130, 129);
        Path f = dir.resolve("deep.h5");
        ImageArray array = new ImageArray(im, im.axes());
        Hdf5Writer.write(f, "data", array, new int[] {2, 2}, 1, List.of());
        JsonNode d = IoFixtures.python(H5PY_DUMP, f.toString(), "data");
        assertEquals("[2,2]", d.get("chunks").toString());
        IoFixtures.assertSamples(d.get("values"), im, Axes.of("yx"), "h5py values");
        assertTrue(ImageFiles.read(f.toString()).sameSamples(im));
    }

    @Test
    void uncompressedExportIsChunkedWithoutFilters(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.UINT8, Axes.of("yx"), 5, 33, 17);
        Path f = dir.resolve("raw.h5");
        ImageFiles.write(im, f, new WriteOptions(null, false));
        JsonNode d = IoFixtures.python(H5PY_DUMP, f.toString(), "exported_data");
        assertTrue(d.get("compression").isNull());
        assertEquals("[33,17]", d.get("chunks").toString());
        IoFixtures.assertSamples(d.get("values"), im, Axes.of("yx"), "h5py values");
    }

    @Test
    void h5pyCanAppendToOurFileAsIlastikDoes(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.UINT8, Axes.of("zyx"), 9, 4, 20, 30);
        Path f = dir.resolve("a.h5");
        ImageFiles.write(im, f + "/exported_data", WriteOptions.DEFAULT);
        IoFixtures.python(String.join("\n",
                "import h5py, sys, numpy as np",
                "with h5py.File(sys.argv[1], 'a') as f:",
                "    f['exported_data'].attrs['display_mode'] = 'grayscale'",
                "    f.create_dataset('more/labels', data=np.arange(12, dtype=np.uint8).reshape(3, 4))",
                "print('{}')"), f.toString());
        assertTrue(ImageFiles.read(f + "/exported_data").sameSamples(im));
        Image labels = ImageFiles.read(f + "/more/labels");
        assertEquals(11, labels.get(0, 0, 2, 3, 0));
    }

    @Test
    void writesInTheRequestedAxisOrder(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.FLOAT64, Axes.of("yxc"), 2, 6, 5, 2);
        Path f = dir.resolve("o.h5");
        ImageFiles.write(im, f, WriteOptions.inOrder(Axes.of("cxy")));
        JsonNode d = IoFixtures.python(H5PY_DUMP, f.toString(), "exported_data");
        assertEquals("[2,5,6]", d.get("shape").toString());
        IoFixtures.assertSamples(d.get("values"), im, Axes.of("cxy"), "h5py values");
        Image back = ImageFiles.read(f.toString());
        assertEquals("cxy", back.axes().letters());
        assertTrue(back.sameSamples(im));
    }

    @Test
    void chunkShapeFollowsLazyflow() {
        // lazyflow's doctests of determineBlockShape
        assertArrayEquals(new int[] {100, 100, 100, 1},
                Hdf5Format.determineBlockShape(new long[] {1000, 2000, 3000, 1}, 1e6));
        assertArrayEquals(new int[] {1, 8, 5, 8, 3},
                Hdf5Format.determineBlockShape(new long[] {1, 100, 5, 200, 3}, 1000));
        // ilastik export: t and c of one, 512 000 bytes of float32 = 128 000 samples
        assertArrayEquals(new int[] {1, 50, 51, 50, 1},
                Hdf5Format.chunkShape(Axes.of("tzyxc"), new long[] {10, 500, 500, 500, 2}, DType.FLOAT32));
        assertArrayEquals(new int[] {73, 187, 1},
                Hdf5Format.chunkShape(Axes.of("yxc"), new long[] {73, 187, 2}, DType.FLOAT32));
    }

    @Test
    void readsIlastikInputsAndExports() throws IOException {
        Path dir = Shared.path("fixtures/ilastik/object/inputdata");
        String dump = String.join("\n",
                "import h5py, json, sys, numpy as np",
                "d = h5py.File(sys.argv[1], 'r')[sys.argv[2]][()]",
                "print(json.dumps({'shape': d.shape, 'sum': float(d.astype(np.float64).sum()),",
                "    'first': d.ravel()[:50].tolist(), 'last': d.ravel()[-50:].tolist()}))");
        record Case(String file, String dataset, String axes) {}
        for (Case c : List.of(new Case("2d3c.h5", "data", "yxc"),
                new Case("2d3c_Probabilities.h5", "exported_data", "yxc"),
                new Case("5t2d1c_Probabilities.h5", "exported_data", "tyxc"))) {
            Path f = dir.resolve(c.file);
            Image im = ImageFiles.read(f + "/" + c.dataset);
            assertEquals(c.axes, im.axes().letters(), c.file);
            JsonNode d = IoFixtures.python(dump, f.toString(), c.dataset);
            assertEquals(d.get("shape").toString(), IoFixtures.JSON.valueToTree(im.shape().in(im.axes())).toString());
            assertEquals(d.get("sum").asDouble(), sum(im), 1e-9 * Math.abs(d.get("sum").asDouble()) + 1e-6, c.file);
            assertEnds(d.get("first"), im, true, c.file);
            assertEnds(d.get("last"), im, false, c.file);
        }
        Path seg = Shared.path("data/ilastik_2d_cells_apoptotic/2d_Binary_Segmentation.h5");
        Image im = ImageFiles.read(seg.toString()); // the only dataset: exported_data, axistags yxc
        assertEquals("yxc", im.axes().letters());
        assertEquals("t=1 z=1 y=1024 x=1344 c=1", im.shape().toString());
        JsonNode d = IoFixtures.python(dump, seg.toString(), "exported_data");
        assertEquals(d.get("sum").asDouble(), sum(im), 0.0);
        assertEnds(d.get("last"), im, false, "segmentation");
    }

    @Test
    void readsAnIlastik4ijExportWrittenByJhdf5() throws Exception {
        // Fiji's ilastik plugin writes 5-D tzyxc without axistags: the guess for 5 dimensions is tzyxc
        Path f = Shared.path("data/ilastik_2d_cells_apoptotic/ilastik4ij/2d_cells_apoptotic_1channel.h5");
        Image im = ImageFiles.read(f.toString());
        assertEquals("tzyxc", im.axes().letters());
        assertEquals("t=1 z=1 y=1024 x=1344 c=1", im.shape().toString());
        String md5 = org.sylva.testing.Python.run(String.join("\n",
                "import h5py, sys, hashlib",
                "print(hashlib.md5(h5py.File(sys.argv[1], 'r')['data'][()].tobytes()).hexdigest())"), f.toString()).trim();
        assertEquals(md5, RasterFormatTest.md5((byte[]) im.toArray(Axes.of("tzyxc"))));
    }

    @Test
    void explainsWhichDatasetsAFileHolds() {
        String two = IoFixtures.spec("h5/two_datasets.h5");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(two));
        assertTrue(e.getMessage().startsWith(two + ": the file holds 2 datasets ("), e.getMessage());
        assertTrue(e.getMessage().contains("labels/first") && e.getMessage().contains("volume/raw"), e.getMessage());

        e = assertThrows(ImageFileException.class, () -> ImageFiles.read(two + "/volume/missing"));
        assertTrue(e.getMessage().contains("no dataset 'volume/missing' in the file; it holds: "), e.getMessage());

        e = assertThrows(ImageFileException.class, () -> ImageFiles.read(two + "/volume"));
        assertEquals(two + ": 'volume' is a group, not a dataset; datasets inside: volume/raw", e.getMessage());

        String bad = IoFixtures.spec("h5/not_hdf5.h5");
        e = assertThrows(ImageFileException.class, () -> ImageFiles.read(bad));
        assertEquals(bad + ": not an HDF5 file (no HDF5 signature found)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "names#dataset 'names' holds text; Sylva reads integers, float32, float64 and bool",
            "half#dataset 'half' holds float16 numbers; Sylva reads integers, float32, float64 and bool",
            "table#dataset 'table' holds records (a table); Sylva reads integers, float32, float64 and bool",
            "scalar#dataset 'scalar' holds a single value, not an image",
            "empty#dataset 'empty' is empty (shape (0, 5))"})
    void refusesDatasetsThatAreNotImages(String dataset, String problem) {
        String f = IoFixtures.spec("h5/unsupported.h5");
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f + "/" + dataset));
        assertEquals(f + ": " + problem, e.getMessage());
    }

    @Test
    void damagedOrTruncatedFilesAreReportedNotThrownRaw(@TempDir Path dir) throws IOException {
        Image im = IoFixtures.random(DType.FLOAT32, Axes.of("zyx"), 4, 20, 64, 64);
        Path f = dir.resolve("d.h5");
        ImageFiles.write(im, f, WriteOptions.DEFAULT);
        byte[] bytes = Files.readAllBytes(f);
        byte[] damaged = bytes.clone();
        for (int i = 2000; i < 2400; i++) damaged[i] ^= 0x5a; // inside the first compressed chunk
        Files.write(f, damaged);
        ImageFileException e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f.toString()));
        assertTrue(e.getMessage().startsWith(f + ": cannot read dataset 'exported_data' (damaged or unsupported: "),
                e.getMessage());
        Files.write(f, java.util.Arrays.copyOf(bytes, 100_000));
        e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f.toString()));
        assertEquals(f + ": truncated file: it has 100000 bytes, its HDF5 header announces " + bytes.length, e.getMessage());
    }

    @Test
    void writingReplacesTheWholeFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.h5");
        ImageFiles.write(IoFixtures.random(DType.UINT8, Axes.of("yx"), 1, 4, 4), f + "/first", WriteOptions.DEFAULT);
        Image second = IoFixtures.random(DType.UINT8, Axes.of("yx"), 2, 5, 5);
        ImageFiles.write(second, f + "/second", WriteOptions.DEFAULT);
        assertTrue(ImageFiles.read(f.toString()).sameSamples(second)); // the only dataset left
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    private static double sum(Image im) {
        double s = 0;
        for (Object p : im.planes()) {
            int n = java.lang.reflect.Array.getLength(p);
            for (int i = 0; i < n; i++) s += Image.getDouble(p, im.dtype(), i);
        }
        return s;
    }

    /** Asserts that the first or last 50 samples (C order of the image's axes) equal Python's list. */
    private static void assertEnds(JsonNode expected, Image im, boolean first, String what) {
        Object flat = im.toArray(im.axes());
        int n = java.lang.reflect.Array.getLength(flat);
        int from = first ? 0 : n - expected.size();
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).asDouble(), Image.getDouble(flat, im.dtype(), from + i), 0.0, what + " sample " + (from + i));
        }
    }
}
