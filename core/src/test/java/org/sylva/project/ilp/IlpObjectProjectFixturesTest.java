package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.export.ExportFormat;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;

/**
 * Every Object Classification project of the fixtures ({@code ../shared/fixtures/ilastik/object}: from prediction
 * maps 2D 3 channels, from a binary segmentation, from prediction maps 5 time points) reads as h5py reads it:
 * header, lanes, threshold settings, computed and selected features with margins, classes, object labels per time
 * point, the stored forest, export and blockwise settings, and what ilastik cached (object-id images, object
 * probabilities); the lanes' data is found and has the extents of the object-id images.
 */
class IlpObjectProjectFixturesTest {

    static Stream<String> objectProjects() {
        return Stream.of("ObjectClassification2d3c_wPred.ilp", "ObjectClassification2d3c_wSeg.ilp",
                "ObjectClassification5t2d1c_wPred.ilp");
    }

    @ParameterizedTest
    @MethodSource("objectProjects")
    void everyObjectProjectReadsAsH5pyReadsIt(String name) throws Exception {
        Path file = IlpFixtures.object(name);
        IlpObjectProject p = IlpObjectReader.read(file);
        JsonNode ref = IlpFixtures.h5pyObject(file);

        assertEquals(ref.get("version").asText(), p.version().text());
        assertEquals(ref.get("workflow").asText(), p.workflowName());
        assertEquals(name.contains("wSeg") ? IlpObjectProject.Input.SEGMENTATION
                : IlpObjectProject.Input.PREDICTION_MAPS, p.input());
        assertEquals(texts(ref.get("roleNames")), p.roleNames());

        // lanes
        assertEquals(ref.get("lanes").size(), p.lanes().size());
        for (int i = 0; i < p.lanes().size(); i++) {
            JsonNode lane = ref.get("lanes").get(i);
            List<String> roles = new ArrayList<>();
            lane.fieldNames().forEachRemaining(roles::add);
            roles.sort(java.util.Comparator.comparingInt(p.roleNames()::indexOf));   // the reader keeps ilastik's order
            assertEquals(roles, new ArrayList<>(p.lane(i).roles().keySet()));
            for (String role : roles) {
                IlpDataset ds = p.lane(i).role(role);
                assertEquals(lane.get(role).get("filePath").asText(), ds.filePath());
                assertEquals(lane.get(role).get("nickname").asText(), ds.nickname());
                assertEquals(lane.get(role).get("axisorder").asText(), ds.axes().letters());
            }
            assertNotNull(p.inputDataset(i));
        }

        // threshold and size filter: only the prediction-map projects have them
        JsonNode th = ref.get("threshold");
        if (th == null) {
            assertNull(p.threshold());
        } else {
            ThresholdSettings t = p.threshold();
            assertEquals(th.get("CurOperator").asInt(), t.method().ilastikCode());
            assertEquals(th.get("LowThreshold").asDouble(), t.low());
            assertEquals(th.get("HighThreshold").asDouble(), t.high());
            assertEquals(th.get("Channel").asInt(), t.channel());
            assertEquals(th.get("CoreChannel").asInt(), t.coreChannel());
            assertEquals(th.get("MinSize").asLong(), t.minSize());
            assertEquals(th.get("MaxSize").asLong(), t.maxSize());
            assertEquals(th.get("sigma").get("x").asDouble(), t.sigmaX());
            assertEquals(th.get("sigma").get("y").asDouble(), t.sigmaY());
            assertEquals(th.get("sigma").get("z").asDouble(), t.sigmaZ());
        }

        // features to compute and features the classifier uses, with their margins
        assertFeatures(ref.get("computed"), p.computedFeatures());
        assertFeatures(ref.get("selected"), p.selectedFeatures());
        assertEquals(p.selectedFeatures().isEmpty() ? p.computedFeatures() : p.selectedFeatures(),
                p.classifierFeatures());
        assertTrue(p.computedFeatures().maxMargin() != null, "the fixtures compute neighbourhood features");

        // classes and colours
        List<String> names = texts(ref.get("LabelNames"));
        assertEquals(names, p.labelClasses().stream().map(LabelClass::name).toList());
        for (int k = 0; k < names.size(); k++) {
            assertEquals(rgb(ref.get("LabelColors").get(k)), p.labelClasses().get(k).rgb());
            assertEquals(rgb(ref.get("PmapColors").get(k)), p.predictionColours().get(k));
        }

        // object labels per lane and time point
        JsonNode labels = ref.get("labels");
        assertEquals(labels.size(), p.objectLabels().size());
        int labelled = 0;
        for (int lane = 0; lane < labels.size(); lane++) {
            assertEquals(labels.get(lane).size(), p.objectLabels().get(lane).size());
            for (int t = 0; t < labels.get(lane).size(); t++) {
                int[] expected = ints(labels.get(lane).get(t));
                assertArrayEquals(expected, p.objectLabels(lane, t), "labels of lane " + lane + " t " + t);
                for (int i = 1; i < expected.length; i++) if (expected[i] != 0) labelled++;
            }
        }
        assertEquals(labelled, p.labelledObjects());

        // the stored forest
        if (ref.has("knownLabels")) {
            assertNotNull(p.forests(), "forest of " + name);
            assertArrayEquals(ints(ref.get("knownLabels")), p.forests().knownLabels());
            assertEquals(ref.get("trees").asInt(), p.forests().forest().treeCount());
            assertEquals(names.size(), p.forests().forest().classCount());
        } else {
            assertNull(p.forests());
        }

        // export and blockwise settings
        JsonNode ex = ref.get("export");
        assertEquals(ex.get("OutputFilenameFormat").asText(), p.export().filenameTemplate());
        assertEquals(ex.get("OutputInternalPath").asText(), p.export().internalPath());
        assertEquals(ExportFormat.parse(ex.get("OutputFormat").asText()), p.export().format());
        assertArrayEquals(ints(ref.get("blockShape")), p.blockShape());
        assertArrayEquals(ints(ref.get("halo")), p.haloPadding());

        // ilastik's cached object ids and probabilities
        JsonNode ids = ref.get("objectIds");
        for (int lane = 0; lane < p.lanes().size(); lane++) {
            Image stored = IlpObjectReader.storedObjectIds(p, lane);
            long[] shape = longs(ids.get(lane).get("shape"));   // t, z, y, x
            Shape s = stored.shape();
            assertArrayEquals(shape, new long[] {s.t(), s.z(), s.y(), s.x()});
            int[] values = ints(ids.get(lane).get("values"));
            int at = 0;
            for (int t = 0; t < s.t(); t++) {
                for (int z = 0; z < s.z(); z++) {
                    int[] plane = (int[]) stored.plane(t, z);
                    for (int v : plane) assertEquals(values[at++], v);
                }
            }
            JsonNode probs = ref.get("probabilities").get(String.format("%04d", lane));
            for (int t = 0; t < s.t(); t++) {
                float[][] cached = IlpObjectReader.cachedProbabilities(p, lane, t);
                JsonNode r = probs == null ? null : probs.get(Integer.toString(t));
                if (r == null) {
                    assertNull(cached);
                    continue;
                }
                assertEquals(r.size(), cached.length);
                for (int i = 0; i < cached.length; i++) {
                    for (int c = 0; c < cached[i].length; c++) assertEquals((float) r.get(i).get(c).asDouble(), cached[i][c]);
                }
            }

            // the lane's data is found and has the extents of the object ids
            RawSource raw = IlpObjectReader.resolveRaw(p, lane);
            RawSource input = IlpObjectReader.resolveInput(p, lane);
            assertTrue(Files.exists(Path.of(raw.files().get(0).replaceFirst("\\.h5/.*", ".h5"))));
            for (RawSource src : List.of(raw, input)) {
                Shape d = src.read().shape();
                assertArrayEquals(shape, new long[] {d.t(), d.z(), d.y(), d.x()}, src.files().toString());
            }
        }
        assertEquals(List.of(), p.warnings());
    }

    private static void assertFeatures(JsonNode ref, ObjectFeatureSelection actual) {
        Map<String, Map<String, List<Integer>>> expected = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> ps = ref.fields(); ps.hasNext(); ) {
            Map.Entry<String, JsonNode> plugin = ps.next();
            Map<String, List<Integer>> m = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fs = plugin.getValue().fields(); fs.hasNext(); ) {
                Map.Entry<String, JsonNode> f = fs.next();
                m.put(f.getKey(), f.getValue().isNull() ? null : box(ints(f.getValue())));
            }
            if (!m.isEmpty()) expected.put(plugin.getKey(), m);
        }
        Map<String, Map<String, List<Integer>>> got = new TreeMap<>();
        actual.asMap().forEach((plugin, fs) -> {
            Map<String, List<Integer>> m = new TreeMap<>();
            fs.forEach((f, margin) -> m.put(f, margin == null ? null : box(margin)));
            got.put(plugin, m);
        });
        assertEquals(expected, got);
    }

    private static List<Integer> box(int[] v) {
        List<Integer> out = new ArrayList<>();
        for (int x : v) out.add(x);
        return out;
    }

    private static int rgb(JsonNode triple) {
        return triple.get(0).asInt() << 16 | triple.get(1).asInt() << 8 | triple.get(2).asInt();
    }

    private static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }
}
