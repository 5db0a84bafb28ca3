package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sylva.io.tiff.TiffTestSupport.assertCalibration;
import static org.sylva.io.tiff.TiffTestSupport.crc32;
import static org.sylva.io.tiff.TiffTestSupport.expected;
import static org.sylva.io.tiff.TiffTestSupport.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.Image;
import org.sylva.io.DataPath;
import org.sylva.io.TiffFormat;
import org.sylva.testing.Python;

/**
 * Files written by others read correctly: the fixtures in {@code src/test/resources/tiff}, made by tifffile and
 * libtiff's tiffcp from known arrays by {@code make_fixtures.py}, against the arrays' checksums, sample values,
 * axes and calibration recorded in {@code expected.json}.
 */
class TiffFixturesTest {

    static Stream<String> fixtures() {
        List<String> names = new ArrayList<>();
        expected().fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void readsFixtureAsTheArrayItWasWrittenFrom(String name) throws IOException {
        JsonNode e = expected().get(name);
        Image image = new TiffFormat().read(DataPath.parse(fixture(name).toString()));

        Axes axes = Axes.of(e.get("axes").asText());
        assertEquals(axes, image.axes(), "axes (tifffile says " + e.get("tifffile_axes").asText() + ")");
        long[] shape = new long[e.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = e.get("shape").get(i).asLong();
        assertArrayEquals(shape, image.shape().in(axes), "shape");
        assertEquals(e.get("dtype").asText(), image.dtype().numpyName(), "dtype");

        for (JsonNode s : e.get("samples")) {
            int[] at = {0, 0, 0, 0, 0}; // t z y x c
            for (int i = 0; i < axes.size(); i++) at[Axes.CANONICAL.indexOf(axes.get(i))] = s.get("index").get(i).asInt();
            double actual = image.get(at[0], at[1], at[2], at[3], at[4]);
            JsonNode v = s.get("value");
            assertEquals(v.isNull() ? Double.NaN : v.asDouble(), actual, "sample at " + s.get("index"));
        }
        assertEquals(e.get("crc32").asText(), crc32(image, axes), "checksum of all samples");

        JsonNode c = e.get("calibration");
        assertCalibration(new Calibration(num(c.get("x")), num(c.get("y")), num(c.get("z")), num(c.get("t")),
                c.get("unit").isNull() ? "" : c.get("unit").asText(),
                c.get("tunit").isNull() ? "" : c.get("tunit").asText()), image.calibration());
    }

    @Test
    void largeTiledImagesFromTifffileReadLikeTifffileReadsThem(@TempDir Path dir) throws IOException {
        // Bigger than the committed fixtures: a 2D tiled page whose tiles are decoded in parallel, and a tiled
        // multi-page RGB stack with partial edge tiles.
        String script = String.join("\n",
                "import sys, zlib, numpy as np, tifffile",
                "rng = np.random.default_rng(3)",
                "a = (np.add.outer(np.arange(2100), np.arange(2300)) % 4000 + rng.integers(0, 50, (2100, 2300))).astype('uint16')",
                "tifffile.imwrite(sys.argv[1], a, tile=(256, 256), compression='zlib', predictor=True)",
                "b = rng.integers(0, 255, (3, 300, 333, 3)).astype('uint8')",
                "tifffile.imwrite(sys.argv[2], b, tile=(64, 128), compression='zlib', photometric='rgb')",
                "for f in sys.argv[1:]:",
                "    with tifffile.TiffFile(f) as t:",
                "        s = t.series[0]; x = s.asarray()",
                "        print(s.axes, '%08x' % (zlib.crc32(np.ascontiguousarray(x).astype(x.dtype.newbyteorder('<')).tobytes()) & 0xffffffff))");
        Path big = dir.resolve("big-tiled.tif");
        Path rgb = dir.resolve("rgb-tiled.tif");
        String[] lines = Python.run(script, big.toString(), rgb.toString()).trim().split("\n");
        Image a = TiffReader.read(big);
        assertEquals(Axes.of("yx"), a.axes());
        assertEquals(lines[0].split(" ")[1], crc32(a, a.axes()));
        Image b = TiffReader.read(rgb);
        assertEquals(Axes.of("zyxc"), b.axes(), "tifffile: " + lines[1]);
        assertEquals(lines[1].split(" ")[1], crc32(b, b.axes()));
    }

    private static double num(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }
}
