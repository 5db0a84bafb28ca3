package org.sylva.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.blockwise.Workers;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * Connected components against vigra's {@code labelMultiArrayWithBackground} (what ilastik runs), committed and
 * at test time on real and large images; ilastik's numbering; the 8/26 option; the uint64 switch; bad input.
 */
class ConnectedComponentsTest {

    private static final Workers TWO = new Workers(2);

    @AfterAll
    static void close() { TWO.close(); }

    static Stream<Arguments> committedCases() throws IOException {
        return ObjectsOracle.cases("label").stream().flatMap(c -> Stream.of(
                Arguments.of(c.get("name").asText() + " direct: " + c.get("note").asText(), c, Connectivity.DIRECT),
                Arguments.of(c.get("name").asText() + " indirect: " + c.get("note").asText(), c, Connectivity.INDIRECT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedCases")
    void labelsEqualVigrasWithBackground(String title, JsonNode c, Connectivity connectivity) throws IOException {
        String name = c.get("name").asText();
        Image seg = ObjectsOracle.read(name + ".input.npy", c.get("axes").asText());
        Image expected = ObjectsOracle.read(name + "." + connectivity.name().toLowerCase() + ".npy", "tzyx");
        for (int threads : new int[] {1, 2, 3, 7}) {
            try (Workers w = new Workers(threads)) {
                ObjectLabels objects = ConnectedComponents.label(seg, connectivity, w);
                assertEquals(DType.UINT32, objects.image().dtype());
                assertEquals(seg.axes(), objects.image().axes());
                ObjectsOracle.assertSameLabels(expected, objects.image(), title + ", " + threads + " threads");
                for (int t = 0; t < seg.shape().t(); t++) assertEquals(max(expected, t), objects.count(t), "count t=" + t);
            }
        }
    }

    @Test
    void everyPixelTypeGivesTheSameComponents() throws IOException {
        // the multi-valued vigra case (values 0..3, uint32) converted to every type: the word-wise uint8 scan, the
        // signed and floating scans must all find the same runs
        Image multi = ObjectsOracle.read("cc_multi_2d.input.npy", "yx");
        for (String conn : new String[] {"direct", "indirect"}) {
            Image expected = ObjectsOracle.read("cc_multi_2d." + conn + ".npy", "tzyx");
            for (DType type : DType.values()) {
                Image converted = Image.create(type, multi.shape(), multi.axes());
                for (int y = 0; y < multi.shape().y(); y++) {
                    for (int x = 0; x < multi.shape().x(); x++) converted.set(0, 0, y, x, 0, multi.get(0, 0, y, x, 0));
                }
                ObjectLabels o = ConnectedComponents.label(converted,
                        conn.equals("direct") ? Connectivity.DIRECT : Connectivity.INDIRECT, TWO);
                ObjectsOracle.assertSameLabels(expected, o.image(), "cc_multi_2d as " + type + ", " + conn);
            }
        }
        Image neg = Image.create(DType.INT8, Axes.of("yx"), 1, 20);
        neg.set(0, 0, 0, 13, 0, -1);
        assertThrows(SegmentationException.class, () -> ConnectedComponents.label(neg, Connectivity.DIRECT, TWO));
    }

    @Test
    void idsFollowFirstOccurrenceWithXFastestThenYThenZ() {
        // 2D: the object touching row 0 at x=5 comes before the one starting at row 1, x=0
        Image img = Image.create(DType.UINT8, Axes.of("yx"), 3, 7);
        img.set(0, 0, 0, 5, 0, 1);
        img.set(0, 0, 1, 0, 0, 1);
        img.set(0, 0, 2, 0, 0, 1);
        img.set(0, 0, 2, 6, 0, 1);
        ObjectLabels o = ConnectedComponents.label(img, Connectivity.DIRECT, TWO);
        assertEquals(3, o.count(0));
        assertEquals(1, o.image().get(0, 0, 0, 5, 0));
        assertEquals(2, o.image().get(0, 0, 1, 0, 0));
        assertEquals(3, o.image().get(0, 0, 2, 6, 0));
        // 3D: slice 0 before slice 1 whatever the rows; and a U-shape whose arms meet later keeps the first id
        Image vol = Image.create(DType.UINT8, Axes.of("zyx"), 2, 4, 4);
        vol.set(0, 1, 0, 0, 0, 1);              // z=1, y=0
        vol.set(0, 0, 3, 3, 0, 1);              // z=0, y=3: first in raster order
        for (int y = 0; y < 4; y++) { vol.set(0, 1, y, 2, 0, 1); }
        vol.set(0, 1, 3, 1, 0, 1);
        vol.set(0, 1, 3, 0, 0, 1);
        for (int y = 0; y < 4; y++) vol.set(0, 1, y, 0, 0, 1);
        ObjectLabels v = ConnectedComponents.label(vol, Connectivity.DIRECT, TWO);
        assertEquals(2, v.count(0));
        assertEquals(1, v.image().get(0, 0, 3, 3, 0));
        assertEquals(2, v.image().get(0, 1, 0, 0, 0));
        assertEquals(2, v.image().get(0, 1, 0, 2, 0), "the U's second arm joins the object of the first");
    }

    @Test
    void indirectConnectivityJoinsDiagonalAndCornerContacts() {
        Image img = Image.create(DType.UINT8, Axes.of("yx"), 2, 2);
        img.set(0, 0, 0, 0, 0, 1);
        img.set(0, 0, 1, 1, 0, 1);
        assertEquals(2, ConnectedComponents.label(img, Connectivity.DIRECT, TWO).count(0));
        assertEquals(1, ConnectedComponents.label(img, Connectivity.INDIRECT, TWO).count(0));
        Image vol = Image.create(DType.UINT8, Axes.of("zyx"), 2, 2, 2);
        vol.set(0, 0, 0, 0, 0, 1);
        vol.set(0, 1, 1, 1, 0, 1);             // only a corner in common
        assertEquals(2, ConnectedComponents.label(vol, Connectivity.DIRECT, TWO).count(0));
        assertEquals(1, ConnectedComponents.label(vol, Connectivity.INDIRECT, TWO).count(0));
        assertEquals(26, Connectivity.INDIRECT.neighbours(3));
    }

    @Test
    void touchingRegionsOfDifferentValuesStaySeparate() {
        Image img = Image.create(DType.UINT32, Axes.of("yx"), 2, 6);
        for (int x = 0; x < 3; x++) img.set(0, 0, 0, x, 0, 7);
        for (int x = 3; x < 6; x++) img.set(0, 0, 0, x, 0, 9);
        for (int x = 0; x < 6; x++) img.set(0, 0, 1, x, 0, 7);      // 7 touches both; joins only the 7s
        ObjectLabels o = ConnectedComponents.label(img, Connectivity.INDIRECT, TWO);
        assertEquals(2, o.count(0));
        assertEquals(1, o.image().get(0, 0, 1, 5, 0));
        assertEquals(2, o.image().get(0, 0, 0, 3, 0));
    }

    @Test
    void idsSwitchToUint64WhenATimePointHasMoreObjectsThanUint32Holds() {
        // 3 separate pixels at t=0, 5 at t=1; with the uint32 limit lowered to 4, t=1 forces uint64 for the image
        Image img = Image.create(DType.UINT8, Axes.of("tyx"), 2, 1, 10);
        for (int x = 0; x < 6; x += 2) img.set(0, 0, 0, x, 0, 1);
        for (int x = 0; x < 10; x += 2) img.set(1, 0, 0, x, 0, 1);
        ObjectLabels narrow = ConnectedComponents.label(img, Connectivity.DIRECT, TWO);
        assertEquals(DType.UINT32, narrow.image().dtype());
        ObjectLabels wide = ConnectedComponents.label(img, Connectivity.DIRECT, TWO, 4);
        assertEquals(DType.UINT64, wide.image().dtype());
        assertArrayEquals(new long[] {3, 5}, wide.counts());
        assertArrayEquals(new long[] {1, 0, 2, 0, 3, 0, 0, 0, 0, 0}, (long[]) wide.image().plane(0, 0),
                "ids of t=0, written as uint32 first, survive the switch");
        assertArrayEquals(new long[] {1, 0, 2, 0, 3, 0, 4, 0, 5, 0}, (long[]) wide.image().plane(1, 0));
        assertEquals(DType.UINT32, ConnectedComponents.label(img, Connectivity.DIRECT, TWO, 5).image().dtype(),
                "5 objects fit a limit of 5");
    }

    @Test
    void anEmptySegmentationHasNoObjectsAndIsNotAnError() {
        Image img = Image.create(DType.FLOAT32, Axes.of("tzyx"), 2, 3, 4, 5);
        ObjectLabels o = ConnectedComponents.label(img, Connectivity.DIRECT, TWO);
        assertArrayEquals(new long[] {0, 0}, o.counts());
        assertEquals(0, o.total());
        for (Object p : o.image().planes()) assertArrayEquals(new int[20], (int[]) p);
    }

    @Test
    void negativeValuesNaNAndSeveralChannelsAreClearErrors() {
        Image neg = Image.create(DType.INT16, Axes.of("zyx"), 2, 3, 4).withName("seg.tif");
        neg.set(0, 1, 2, 3, 0, -5);
        SegmentationException e = assertThrows(SegmentationException.class,
                () -> ConnectedComponents.label(neg, Connectivity.DIRECT, TWO));
        assertTrue(e.getMessage().startsWith("seg.tif: t=0: the segmentation holds a negative value (-5) at z=1 y=2 x=3"),
                e.getMessage());
        Image nan = Image.create(DType.FLOAT32, Axes.of("yx"), 3, 4);
        nan.set(0, 0, 1, 1, 0, Float.NaN);
        e = assertThrows(SegmentationException.class, () -> ConnectedComponents.label(nan, Connectivity.DIRECT, TWO));
        assertTrue(e.getMessage().contains("NaN at z=0 y=1 x=1"), e.getMessage());
        Image two = Image.create(DType.UINT8, Axes.of("yxc"), 3, 4, 2).withName("rgb.png");
        e = assertThrows(SegmentationException.class, () -> ConnectedComponents.label(two, Connectivity.DIRECT, TWO));
        assertTrue(e.getMessage().startsWith("rgb.png: the segmentation has 2 channels"), e.getMessage());
        // unsigned types: the top bit is a large value, not a sign
        Image big = Image.create(DType.UINT8, Axes.of("yx"), 1, 2);
        big.set(0, 0, 0, 0, 0, 255);
        assertEquals(1, ConnectedComponents.label(big, Connectivity.DIRECT, TWO).count(0));
    }

    /**
     * Large images at test time: the anchor's synthetic nuclei scene (anchor_objects.py, smaller) in 2D and 3D, and
     * ilastik's real binary segmentation of the apoptotic-cells image, labelled by vigra on tagged arrays (x
     * fastest, as in ilastik) and by us with several slab seams.
     */
    @Test
    void largeScenesAndARealSegmentationEqualVigra(@TempDir Path dir) throws IOException {
        Python.run("import sys, numpy as np, vigra, h5py\n"
                + "def scene(shape, seed=3):\n"
                + "    rng = np.random.default_rng(seed)\n"
                + "    n = int(np.prod(shape) / (30 ** len(shape)) * 6)\n"
                + "    pts = np.zeros(shape, np.float32)\n"
                + "    pts[tuple(rng.integers(0, s, n) for s in shape)] = 1.0\n"
                + "    blobs = np.asarray(vigra.filters.gaussianSmoothing(pts, 3.0))\n"
                + "    return (blobs > blobs.max() * 0.08).astype(np.uint8)\n"
                + "d = sys.argv[1]\n"
                + "np.save(d + '/scene2d.npy', scene((700, 900)))\n"
                + "np.save(d + '/scene3d.npy', scene((40, 90, 110)))\n"
                + "np.save(d + '/cells.npy', h5py.File(sys.argv[2], 'r')['exported_data'][..., 0])\n",
                dir.toString(), Shared.path("data/ilastik_2d_cells_apoptotic/2d_Binary_Segmentation.h5").toString());
        String[][] cases = {{"scene2d", "yx"}, {"scene3d", "zyx"}, {"cells", "yx"}};
        for (String[] c : cases) {
            Image seg = ObjectsOracle.read(dir.resolve(c[0] + ".npy"), c[1]);
            for (Connectivity conn : Connectivity.values()) {
                Path out = dir.resolve(c[0] + "." + conn + ".npy");
                ObjectsOracle.script("label", dir.resolve(c[0] + ".npy").toString(), c[1],
                        conn.name().toLowerCase(), out.toString());
                Image expected = ObjectsOracle.read(out, "tzyx");
                for (int threads : new int[] {1, 2, 5}) {
                    try (Workers w = new Workers(threads)) {
                        ObjectLabels o = ConnectedComponents.label(seg, conn, w);
                        ObjectsOracle.assertSameLabels(expected, o.image(), c[0] + " " + conn + " " + threads + " threads");
                        assertEquals(max(expected, 0), o.count(0));
                    }
                }
            }
        }
    }

    private static long max(Image img, int t) {
        long m = 0;
        for (int z = 0; z < img.shape().z(); z++) {
            for (int y = 0; y < img.shape().y(); y++) {
                for (int x = 0; x < img.shape().x(); x++) m = Math.max(m, (long) img.get(t, z, y, x, 0));
            }
        }
        return m;
    }
}
