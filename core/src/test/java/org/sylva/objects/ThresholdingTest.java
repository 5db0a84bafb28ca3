package org.sylva.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.testing.Shared;

/**
 * Thresholding against ilastik's threshold applet run on vigra ({@code make_reference.py}): the committed small
 * cases cover every method and rule of spec §5.2; real images (blobs, 3D nuclei) are thresholded by the oracle at
 * test time.
 */
class ThresholdingTest {

    private static final Workers WORKERS = new Workers(2);

    @AfterAll
    static void close() { WORKERS.close(); }

    static Stream<Arguments> committedCases() throws IOException {
        List<JsonNode> cases = ObjectsOracle.cases("threshold");
        return cases.stream().map(c -> Arguments.of(c.get("name").asText() + ": " + c.get("note").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedCases")
    void thresholdOutputEqualsIlastiksOnVigra(String title, JsonNode c) throws IOException {
        Image maps = ObjectsOracle.read(c.get("input").asText(), c.get("axes").asText());
        Image expected = ObjectsOracle.read(c.get("name").asText() + ".expected.npy", "tzyx");
        ThresholdSettings settings = ObjectsOracle.settings(c.get("settings"));
        for (int threads : new int[] {1, 2}) {
            try (Workers w = new Workers(threads)) {
                Image out = Thresholding.segment(maps, settings, w);
                assertEquals(DType.UINT32, out.dtype());
                assertEquals(maps.axes(), out.axes());
                ObjectsOracle.assertSameLabels(expected, out, title + ", " + threads + " thread(s)");
            }
        }
    }

    @Test
    void smoothingEqualsVigrasGaussianSmoothingBitForBit() throws IOException {
        for (JsonNode c : ObjectsOracle.cases("smooth")) {
            String axes = c.get("axes").asText();
            Image in = ObjectsOracle.read(c.get("name").asText() + ".input.npy", axes);
            Image expected = ObjectsOracle.read(c.get("name").asText() + ".expected.npy", "tzyx");
            JsonNode s = c.get("sigma");
            float[] out = org.sylva.features.AnisotropicGaussian.smooth(in.channelAsFloat(0, 0), in.shape().z(),
                    in.shape().y(), in.shape().x(), in.shape().z() > 1 ? s.get(0).asDouble() : 0,
                    s.get(1).asDouble(), s.get(2).asDouble(), 2.0, WORKERS);
            float[] want = expected.channelAsFloat(0, 0);
            int differ = 0;
            for (int i = 0; i < want.length; i++) if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(out[i])) differ++;
            assertEquals(0, differ, c.get("name").asText() + ": voxels differing from vigra");
        }
    }

    /** Real data: the blobs image, smoothed and scaled to [0, 1] like a probability map, thresholded three ways. */
    @ParameterizedTest(name = "blobs, method {0}")
    @ValueSource(ints = {0, 1, 3})
    void blobsThresholdEqualsIlastiksOnVigra(int method, @TempDir Path dir) throws IOException {
        Path maps = dir.resolve("blobs_maps.npy");
        org.sylva.testing.Python.run("import sys, numpy as np, tifffile, vigra\n"
                + "b = tifffile.imread(sys.argv[1]).astype(np.float32) / 255\n"
                + "p = np.asarray(vigra.filters.gaussianSmoothing(b, 1.5))\n"
                + "np.save(sys.argv[2], np.stack([p, 1 - p], -1).astype(np.float32))\n",
                Shared.path("data/bian_blobs_annotated/blobs.tif").toString(), maps.toString());
        String json = "{\"method\": " + method + ", \"low\": 0.45, \"high\": 0.8, \"sigma\": [1.0, 2.0, 2.0], "
                + "\"channel\": 0, \"core_channel\": 0, \"min_size\": 20, \"max_size\": 700}";
        Path expected = dir.resolve("expected.npy");
        ObjectsOracle.script("threshold", maps.toString(), "yxc", json, expected.toString());
        Image in = ObjectsOracle.read(maps, "yxc");
        Image out = Thresholding.segment(in, ObjectsOracle.settings(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json)), WORKERS);
        Image want = ObjectsOracle.read(expected, "tzyx");
        ObjectsOracle.assertSameLabels(want, out, "blobs, method " + method);
        ObjectLabels objects = ConnectedComponents.label(out, Connectivity.DIRECT, WORKERS);
        assertTrue(objects.count(0) > 20, "the blobs give many objects: " + objects.count(0));
    }

    /** Real 3D data: the uint8 nuclei stack used as 8-bit maps (rescaled by 255), anisotropic σ, no-merge. */
    @ParameterizedTest(name = "3D nuclei, method {0}")
    @ValueSource(ints = {0, 3})
    void nucleiStackThresholdEqualsIlastiksOnVigra(int method, @TempDir Path dir) throws IOException {
        Path maps = dir.resolve("nuclei.npy");
        org.sylva.testing.Python.run("import sys, numpy as np, tifffile\n"
                        + "np.save(sys.argv[2], tifffile.imread(sys.argv[1]))\n",
                Shared.path("data/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif").toString(), maps.toString());
        String json = "{\"method\": " + method + ", \"low\": 0.25, \"high\": 0.85, \"sigma\": [0.3, 1.2, 1.2], "
                + "\"channel\": 0, \"core_channel\": 0, \"min_size\": 30, \"max_size\": 100000}";
        Path expected = dir.resolve("expected.npy");
        ObjectsOracle.script("threshold", maps.toString(), "zyx", json, expected.toString());
        Image in = ObjectsOracle.read(maps, "zyx");
        assertEquals(DType.UINT8, in.dtype());
        Image out = Thresholding.segment(in, ObjectsOracle.settings(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json)), WORKERS);
        ObjectsOracle.assertSameLabels(ObjectsOracle.read(expected, "tzyx"), out, "nuclei, method " + method);
        ObjectLabels objects = ConnectedComponents.label(out, Connectivity.DIRECT, WORKERS);
        assertTrue(objects.count(0) >= 10, "nuclei found: " + objects.count(0));
    }

    @Test
    void missingChannelIsAClearError() {
        Image maps = Image.create(DType.FLOAT32, Axes.of("yxc"), 8, 9, 2).withName("maps.h5");
        SegmentationException e = assertThrows(SegmentationException.class, () -> Thresholding.segment(maps,
                ThresholdSettings.defaults().withChannels(0, 2).withMethod(ThresholdSettings.Method.HYSTERESIS), WORKERS));
        assertTrue(e.getMessage().startsWith("maps.h5: channel 2 does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("2 channels"), e.getMessage());
    }

    @Test
    void mapsWithNothingAboveTheThresholdGiveAnEmptySegmentation() {
        Image maps = Image.create(DType.FLOAT32, Axes.of("yx"), 20, 30);
        for (ThresholdSettings.Method m : List.of(ThresholdSettings.Method.SIMPLE, ThresholdSettings.Method.HYSTERESIS)) {
            Image out = Thresholding.segment(maps, ThresholdSettings.defaults().withMethod(m), WORKERS);
            assertEquals(0, ConnectedComponents.label(out, Connectivity.DIRECT, WORKERS).count(0));
        }
    }

    @Test
    void thresholdIsInclusiveAndComparedInFloat32() {
        // 0.45 is not a float: numpy compares a float32 array with float32(0.45), so the value float32(0.45) passes
        Image maps = Image.create(DType.FLOAT32, Axes.of("yx"), 1, 3);
        maps.set(0, 0, 0, 0, 0, (float) 0.45);
        maps.set(0, 0, 0, 2, 0, Math.nextDown((float) 0.45));
        ThresholdSettings s = ThresholdSettings.defaults().withThresholds(0.45, 0.8).withSigmas(0, 0, 0).withSizes(0, 10);
        Image out = Thresholding.segment(maps, s, WORKERS);
        assertEquals(1, out.get(0, 0, 0, 0, 0));
        assertEquals(0, out.get(0, 0, 0, 2, 0));
    }

    @Test
    void sizeBoundsAreInclusive() {
        // three squares of 4, 9 and 16 pixels; bounds 4..9 keep the first two
        Image maps = Image.create(DType.FLOAT32, Axes.of("yx"), 10, 20);
        square(maps, 0, 0, 2);
        square(maps, 0, 5, 3);
        square(maps, 5, 10, 4);
        ThresholdSettings s = ThresholdSettings.defaults().withSigmas(0, 0, 0).withSizes(4, 9);
        ObjectLabels objects = ConnectedComponents.label(Thresholding.segment(maps, s, WORKERS), Connectivity.DIRECT,
                WORKERS);
        assertEquals(2, objects.count(0));
        assertEquals(0, objects.image().get(0, 0, 6, 11, 0));
    }

    @Test
    void uint8MapsAreRescaledByTheirDefaultRangeAndOthersByTheirStoredRange() {
        Image u8 = Image.create(DType.UINT8, Axes.of("yx"), 1, 2);
        u8.set(0, 0, 0, 0, 0, 128);     // 128/255 ≥ 0.5
        u8.set(0, 0, 0, 1, 0, 127);
        ThresholdSettings s = ThresholdSettings.defaults().withSigmas(0, 0, 0).withSizes(0, 10);
        Image out = Thresholding.segment(u8, s, WORKERS);
        assertEquals(1, out.get(0, 0, 0, 0, 0));
        assertEquals(0, out.get(0, 0, 0, 1, 0));
        Image u16 = Image.create(DType.UINT16, Axes.of("yx"), 1, 2);
        u16.set(0, 0, 0, 0, 0, 1);      // uint16 without a range: used as is, 1 ≥ 0.5
        assertEquals(1, Thresholding.segment(u16, s, WORKERS).get(0, 0, 0, 0, 0));
        Image ranged = u16.withDrange(new double[] {0, 1000});
        assertEquals(0, Thresholding.segment(ranged, s, WORKERS).get(0, 0, 0, 0, 0), "1/1000 < 0.5");
    }

    @Test
    void settingsMapIlastiksMethodCodesAndRejectGraphCut() {
        assertEquals(ThresholdSettings.Method.NO_MERGE, ThresholdSettings.Method.ofIlastik(3));
        assertEquals(1, ThresholdSettings.Method.HYSTERESIS.ilastikCode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdSettings.Method.ofIlastik(2));
        assertTrue(e.getMessage().contains("graph cut"), e.getMessage());
        ThresholdSettings d = ThresholdSettings.defaults();
        assertEquals(List.of(0.5, 0.8, 1.0, 10L, 1_000_000L), List.of(d.low(), d.high(), d.sigmaX(), d.minSize(), d.maxSize()));
        assertThrows(IllegalArgumentException.class, () -> d.withSigmas(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withThresholds(Double.NaN, 1));
    }

    @Test
    void allOrNoneSmoothingIgnoresTheSigmaOfSingletonAxes() {
        ThresholdSettings s = ThresholdSettings.defaults().withSigmas(0, 1, 1);
        assertTrue(Thresholding.smooths(new org.sylva.image.Shape(1, 1, 10, 10, 1), s));
        assertFalse(Thresholding.smooths(new org.sylva.image.Shape(1, 5, 10, 10, 1), s));
        assertFalse(Thresholding.smooths(new org.sylva.image.Shape(1, 1, 10, 10, 1), s.withSigmas(1, 0.09, 1)));
    }

    private static void square(Image img, int y0, int x0, int side) {
        for (int y = y0; y < y0 + side; y++) for (int x = x0; x < x0 + side; x++) img.set(0, 0, y, x, 0, 1f);
    }
}
