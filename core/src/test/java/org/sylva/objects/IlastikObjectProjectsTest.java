package org.sylva.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.sylva.blockwise.Workers;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Shared;

/**
 * ilastik's own Object Classification projects (../shared/fixtures/ilastik/object, ilastik 1.2.2): their stored
 * threshold settings applied to their prediction maps give the threshold image ilastik cached
 * ({@code ThresholdTwoLevels/CachedThresholdLabels}), and its connected components give the object-id image
 * ilastik stored ({@code ObjectExtraction/LabelImage_v2}), time point by time point. For the binary-segmentation
 * project (whose stored id image is stale: it does not belong to the segmentation file shipped with it), the ids
 * are checked against the object sizes, bounding boxes and centres ilastik stored in {@code RegionFeatures}.
 */
class IlastikObjectProjectsTest {

    private static final Workers TWO = new Workers(2);
    private static final Pattern BLOCK_T = Pattern.compile("\\[(\\d+):(\\d+),.*");

    @AfterAll
    static void close() { TWO.close(); }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ObjectClassification2d3c_wPred", "ObjectClassification5t2d1c_wPred"})
    void storedSettingsReproduceTheCachedThresholdImageAndTheObjectIds(String project) throws IOException {
        Path ilp = Shared.path("fixtures/ilastik/object/" + project + ".ilp");
        String data = project.contains("5t") ? "5t2d1c" : "2d3c";
        Image maps = ImageFiles.read(Shared.path("fixtures/ilastik/object/inputdata/" + data + "_Probabilities.h5")
                + "/exported_data");
        ThresholdSettings settings;
        List<long[][]> cachedThreshold, storedIds;
        try (HdfFile f = new HdfFile(ilp)) {
            settings = new ThresholdSettings(
                    ThresholdSettings.Method.ofIlastik(number(f, "ThresholdTwoLevels/CurOperator").intValue()),
                    number(f, "ThresholdTwoLevels/LowThreshold").doubleValue(),
                    number(f, "ThresholdTwoLevels/HighThreshold").doubleValue(),
                    number(f, "ThresholdTwoLevels/SmootherSigma/z").doubleValue(),
                    number(f, "ThresholdTwoLevels/SmootherSigma/y").doubleValue(),
                    number(f, "ThresholdTwoLevels/SmootherSigma/x").doubleValue(),
                    number(f, "ThresholdTwoLevels/Channel").intValue(),
                    number(f, "ThresholdTwoLevels/CoreChannel").intValue(),
                    number(f, "ThresholdTwoLevels/MinSize").longValue(),
                    number(f, "ThresholdTwoLevels/MaxSize").longValue());
            cachedThreshold = blocks(f, "ThresholdTwoLevels/CachedThresholdLabels/threshold000");
            storedIds = blocks(f, "ObjectExtraction/LabelImage_v2/labelimage000");
        }
        assertEquals(maps.shape().t(), cachedThreshold.size());
        Image threshold = Thresholding.segment(maps, settings, TWO);
        ObjectLabels objects = ConnectedComponents.label(threshold, Connectivity.DIRECT, TWO);
        for (int t = 0; t < maps.shape().t(); t++) {
            assertPlaneEquals(cachedThreshold.get(t), threshold, t, project + " threshold t=" + t);
            assertPlaneEquals(storedIds.get(t), objects.image(), t, project + " object ids t=" + t);
            assertEquals(max(storedIds.get(t)), objects.count(t), "objects at t=" + t);
        }
        assertTrue(objects.total() > 5, "objects: " + objects.total());
    }

    @Test
    void binarySegmentationIdsMatchTheStoredSizesBoundingBoxesAndCentres() throws IOException {
        Path ilp = Shared.path("fixtures/ilastik/object/ObjectClassification2d3c_wSeg.ilp");
        Image seg = ImageFiles.read(Shared.path("fixtures/ilastik/object/inputdata/2d3c_Binary_Segmentation.h5")
                + "/exported_data");
        ObjectLabels objects = ConnectedComponents.label(seg, Connectivity.DIRECT, TWO);
        double[][] count, min, max, centre;
        try (HdfFile f = new HdfFile(ilp)) {
            String g = "ObjectExtraction/RegionFeatures/0000/[[0], [1]]/Default features/";
            count = matrix(f, g + "Count");
            min = matrix(f, g + "Coord<Minimum>");
            max = matrix(f, g + "Coord<Maximum>");
            centre = matrix(f, g + "RegionCenter");
        }
        int n = count.length - 1;     // row 0 is the background
        assertEquals(n, objects.count(0));
        // per object: pixels, bounding box and centre, in ilastik's column order (x, y)
        long[] size = new long[n + 1];
        double[] sx = new double[n + 1], sy = new double[n + 1];
        int[][] lo = new int[n + 1][], hi = new int[n + 1][];
        Image ids = objects.image();
        for (int y = 0; y < ids.shape().y(); y++) {
            for (int x = 0; x < ids.shape().x(); x++) {
                int id = (int) ids.get(0, 0, y, x, 0);
                if (id == 0) continue;
                size[id]++;
                sx[id] += x;
                sy[id] += y;
                if (lo[id] == null) { lo[id] = new int[] {x, y}; hi[id] = new int[] {x, y}; }
                lo[id] = new int[] {Math.min(lo[id][0], x), Math.min(lo[id][1], y)};
                hi[id] = new int[] {Math.max(hi[id][0], x), Math.max(hi[id][1], y)};
            }
        }
        for (int id = 1; id <= n; id++) {
            assertEquals(count[id][0], size[id], "size of object " + id);
            assertArrayEquals(new double[] {min[id][0], min[id][1]}, new double[] {lo[id][0], lo[id][1]}, "min of " + id);
            assertArrayEquals(new double[] {max[id][0], max[id][1]}, new double[] {hi[id][0], hi[id][1]}, "max of " + id);
            assertEquals(centre[id][0], sx[id] / size[id], 1e-4, "centre x of " + id);
            assertEquals(centre[id][1], sy[id] / size[id], 1e-4, "centre y of " + id);
        }
    }

    private static Number number(HdfFile f, String path) {
        Object d = f.getDatasetByPath(path).getData();
        return d instanceof Number n ? n : (Number) Array.get(d, 0);
    }

    /** The blocks of a cached label group in time order, each as [x][y] (ilastik stores txyzc). */
    private static List<long[][]> blocks(HdfFile f, String group) {
        Group g = (Group) f.getByPath(group);
        List<long[][]> out = new ArrayList<>();
        for (Node n : g.getChildren().values()) {
            Dataset d = (Dataset) n;
            Matcher m = BLOCK_T.matcher(d.getAttribute("blockSlice").getData().toString());
            assertTrue(m.matches(), "blockSlice of " + d.getPath());
            int t = Integer.parseInt(m.group(1));
            int[] dims = d.getDimensions();
            long[] flat = new long[dims[1] * dims[2]];
            flatten(d.getData(), flat, new int[] {0});
            long[][] xy = new long[dims[1]][dims[2]];
            for (int x = 0; x < dims[1]; x++) System.arraycopy(flat, x * dims[2], xy[x], 0, dims[2]);
            while (out.size() <= t) out.add(null);
            out.set(t, xy);
        }
        return out;
    }

    private static void flatten(Object a, long[] out, int[] pos) {
        if (a.getClass().isArray() && a.getClass().getComponentType().isArray()) {
            for (int i = 0; i < Array.getLength(a); i++) flatten(Array.get(a, i), out, pos);
        } else {
            for (int i = 0; i < Array.getLength(a); i++) {
                long v = ((Number) Array.get(a, i)).longValue();
                out[pos[0]++] = a instanceof int[] ? v & 0xffffffffL : v;
            }
        }
    }

    private static double[][] matrix(HdfFile f, String path) {
        Object d = f.getDatasetByPath(path).getData();
        double[][] m = new double[Array.getLength(d)][];
        for (int i = 0; i < m.length; i++) {
            Object row = Array.get(d, i);
            m[i] = new double[Array.getLength(row)];
            for (int j = 0; j < m[i].length; j++) m[i][j] = ((Number) Array.get(row, j)).doubleValue();
        }
        return m;
    }

    private static void assertPlaneEquals(long[][] xy, Image img, int t, String what) {
        assertEquals(xy.length, img.shape().x(), what + ": x extent");
        assertEquals(xy[0].length, img.shape().y(), what + ": y extent");
        int differ = 0;
        for (int x = 0; x < xy.length; x++) {
            for (int y = 0; y < xy[0].length; y++) if ((long) img.get(t, 0, y, x, 0) != xy[x][y]) differ++;
        }
        assertEquals(0, differ, what + ": pixels differing from ilastik's");
    }

    private static long max(long[][] xy) {
        long m = 0;
        for (long[] row : xy) for (long v : row) m = Math.max(m, v);
        return m;
    }
}
