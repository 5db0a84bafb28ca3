package org.sylva.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sylva.io.tiff.TiffTestSupport.assertCalibration;
import static org.sylva.io.tiff.TiffTestSupport.crc32;
import static org.sylva.io.tiff.TiffTestSupport.expected;
import static org.sylva.io.tiff.TiffTestSupport.fixture;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.Axes;
import org.sylva.image.Calibration;
import org.sylva.image.Image;
import org.sylva.io.DataPath;
import org.sylva.io.TiffFormat;

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

    private static double num(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }
}
