package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.export.Cutout;
import org.sylva.export.DataRange;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureSelection;
import org.sylva.image.DType;
import org.sylva.image.Shape;
import org.sylva.pixel.LabelClass;

/**
 * Every Pixel Classification project of the fixtures reads as h5py reads it: header, lanes, feature selection (ids in
 * the stored order), label classes, forests, export settings.
 */
class IlpProjectFixturesTest {

    static Stream<Path> pixelProjects() {
        return Stream.of(IlpFixtures.pixel("PixelClass.ilp"), IlpFixtures.pixel("PixelClass3D.ilp"),
                IlpFixtures.pixel("PixelClassNoClassifier.ilp"), IlpFixtures.pixel("PixelClassNoData.ilp"),
                IlpFixtures.object("PixelClassification2d3c.ilp"), IlpFixtures.cells("pc.ilp"),
                IlpFixtures.cells("ilastik4ij/pixel_class_2d_cells_apoptotic.ilp"));
    }

    @ParameterizedTest
    @MethodSource("pixelProjects")
    void everyPixelProjectReadsAsH5pyReadsIt(Path file) throws Exception {
        IlpProject p = IlpReader.read(file);
        JsonNode ref = IlpFixtures.h5py(file);

        assertEquals(ref.get("version").asText(), p.version().text());
        assertEquals(ref.get("workflow").asText(), p.workflowName());
        assertEquals(texts(ref.get("roleNames")), p.roleNames());

        // lanes: per role the stored class, path, nickname, axes and shape
        assertEquals(ref.get("lanes").size(), p.lanes().size());
        for (int i = 0; i < p.lanes().size(); i++) {
            JsonNode lane = ref.get("lanes").get(i);
            assertEquals(names(lane), new ArrayList<>(p.lane(i).roles().keySet()), "roles of lane " + i);
            for (Iterator<Map.Entry<String, JsonNode>> it = lane.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                IlpDataset ds = p.lane(i).role(e.getKey());
                JsonNode r = e.getValue();
                if (r.has("__class__")) assertEquals(r.get("__class__").asText(), ds.infoClass());
                assertEquals(r.get("filePath").asText(), ds.filePath());
                assertEquals(r.get("nickname").asText(), ds.nickname());
                String axes = r.has("axes") ? r.get("axes").asText() : r.get("axisorder").asText();
                assertEquals(axes, ds.axes().letters());
                if (r.has("shape")) assertArrayEquals(longs(r.get("shape")), ds.shape());
                else assertNull(ds.shape());
                if (r.has("inner_path")) assertEquals(r.get("inner_path").asText(), ds.innerPath());
                if (r.has("display_mode")) assertEquals(r.get("display_mode").asText(), ds.displayMode());
                if (r.has("allowLabels")) assertEquals(r.get("allowLabels").asBoolean(), ds.allowLabels());
                if (r.has("fromstack")) assertEquals(r.get("fromstack").asBoolean(), ds.fromStack());
            }
        }

        // feature selection, FeatureIds in the stored order
        FeatureSelection fs = p.features();
        if (!ref.has("ids")) {
            assertNull(fs);
        } else {
            assertEquals(texts(ref.get("ids")), fs.ids().stream().map(FeatureId::name).toList());
            assertArrayEquals(doubles(ref.get("scales")), fs.scales());
            boolean[][] m = fs.matrix();
            assertEquals(ref.get("matrix").size(), m.length);
            for (int i = 0; i < m.length; i++) assertArrayEquals(booleans(ref.get("matrix").get(i)), m[i]);
            if (ref.get("in2d").isNull()) assertNull(fs.computeIn2d());
            else assertArrayEquals(booleans(ref.get("in2d")), fs.computeIn2d());
        }

        // label classes and colours
        if (ref.get("labelNames").isNull()) {
            assertTrue(p.labelClasses().isEmpty());
        } else {
            assertEquals(texts(ref.get("labelNames")), p.labelClasses().stream().map(LabelClass::name).toList());
            List<Integer> rgb = new ArrayList<>();
            for (JsonNode c : ref.get("labelColors")) rgb.add(c.get(0).asInt() << 16 | c.get(1).asInt() << 8 | c.get(2).asInt());
            assertEquals(rgb, p.labelClasses().stream().map(LabelClass::rgb).toList());
            List<Integer> pmap = new ArrayList<>();
            for (JsonNode c : ref.get("pmapColors")) pmap.add(c.get(0).asInt() << 16 | c.get(1).asInt() << 8 | c.get(2).asInt());
            assertEquals(pmap, p.predictionColours());
        }
        List<Integer> blocks = new ArrayList<>();
        for (JsonNode n : ref.get("blocks")) blocks.add(n.asInt());
        assertEquals(blocks, p.labelBlocks().stream().map(List::size).toList());

        // forests
        if (!ref.has("knownLabels")) {
            assertNull(p.forests());
        } else {
            assertNotNull(p.forests());
            assertArrayEquals(ints(ref.get("knownLabels")), p.forests().knownLabels());
            assertEquals(texts(ref.get("featureNames")), p.forests().featureNames());
            assertEquals(ref.get("trees").asInt(), p.forests().forest().treeCount());
            assertEquals(p.forests().featureNames().size(), p.forests().forest().featureCount());
        }

        // export settings
        ExportSettings ex = p.export();
        JsonNode refEx = ref.get("export");
        assertEquals(refEx.get("OutputFilenameFormat").asText(), ex.filenameTemplate());
        assertEquals(refEx.get("OutputInternalPath").asText(), ex.internalPath());
        assertEquals(ExportFormat.parse(refEx.get("OutputFormat").asText()), ex.format());
        assertTrue(p.warnings().isEmpty(), p.warnings().toString());
    }

    @Test
    void aProjectWithoutDataHasNoLanesAndNoSelection() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.pixel("PixelClassNoData.ilp"));
        assertEquals("1.3.3post3", p.version().text());
        assertTrue(p.lanes().isEmpty());
        assertTrue(p.roleNames().isEmpty());
        assertNull(p.features(), "the project's FeatureSelections group is empty");
        assertTrue(p.labelClasses().isEmpty(), "LabelNames is stored with isEmpty=True");
        assertTrue(p.labelBlocks().isEmpty());
        assertNull(p.forests());
        assertEquals(ExportFormat.HDF5, p.export().format());
    }

    @Test
    void theCurrentProjectHasItsLaneAndEightForests() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.pixel("PixelClass.ilp"));
        IlpDataset raw = p.lane(0).raw();
        assertEquals(IlpDataset.FILESYSTEM, raw.infoClass());
        assertEquals("2d_cells_128px", raw.nickname());
        assertEquals("yxc", p.laneAxes(0).letters());
        assertEquals(new Shape(1, 1, 128, 128, 1), raw.canonicalShape());
        assertEquals("Prediction Mask", p.roleNames().get(1));
        assertNull(p.lane(0).role("Prediction Mask"), "an empty role group is a role the user left unset");
        assertEquals(new ClassifierSettings("ParallelVigraRfLazyflowClassifierFactory", 100, 8), p.classifier());
        LabelBlock b = p.labelBlocks(0).get(0);
        assertEquals("[26:64,36:101,0:1]", b.blockSlice());
        assertEquals("yxc", b.taggedAxes().letters());
        assertArrayEquals(new int[] {38, 65, 1}, b.dims());
        assertEquals("Mon May 13 16:10:41 2024", p.savedAt());
        assertTrue(p.workflowArgs().isEmpty());
    }

    @Test
    void theIlastik122ProjectKeepsItsLegacyEntries() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.object("PixelClassification2d3c.ilp"));
        IlpDataset raw = p.lane(0).raw();
        // no __class__ before ilastik 1.3.3: derived from location + a relative filePath, as ilastik does
        assertEquals(IlpDataset.RELATIVE_FILESYSTEM, raw.infoClass());
        assertEquals("FileSystem", raw.location());
        assertEquals("inputdata/2d3c.h5/data", raw.filePath());
        assertNull(raw.shape(), "ilastik 1.2 stored no lane shape");
        assertNull(p.laneAxes(0));
        assertNull(p.features().computeIn2d(), "no ComputeIn2d before ilastik 1.3.3");
        assertNull(p.labelBlocks(0).get(0).taggedAxes(), "no block axistags before mid-2020");
        assertEquals("yxc", raw.axes().letters());
        assertEquals(0xFF0000, p.labelClasses().get(0).rgb());
        assertEquals(ExportFormat.COMPRESSED_HDF5, p.export().format());
        assertEquals("{dataset_dir}/{nickname}_{result_type}.h5", p.export().filenameTemplate());
    }

    @Test
    void theIlastik4ijProjectKeepsNamesAndExportType() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.cells("ilastik4ij/pixel_class_2d_cells_apoptotic.ilp"));
        assertEquals(List.of("foreground", "background"), p.labelClasses().stream().map(LabelClass::name).toList());
        assertEquals("tzyxc", p.lane(0).raw().axes().letters());
        assertEquals("yxc", p.laneAxes(0).letters(), "t and z are singletons: the shortest allowed order is yxc");
        assertEquals(DType.FLOAT32, p.export().dtype());
        assertEquals("tif", p.export().format().name());
    }

    @Test
    void everyExportSettingAndTheWorkflowArgumentsAreRead() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.synthetic().resolve("tagged.ilp"));
        assertEquals(List.of("--export_source=Probabilities", "--retrain"), p.workflowArgs());
        ExportSettings ex = p.export();
        assertEquals(Cutout.of(new Long[] {null, 2L, 3L, null}, new Long[] {null, 10L, 20L, null}), ex.cutout());
        assertEquals(DataRange.of(0, 255), ex.inputRange());
        assertTrue(ex.inputRange().isInteger(), "stored as integers");
        assertEquals(DataRange.of(0.0, 1.0), ex.exportRange());
        assertEquals(DType.FLOAT32, ex.dtype());
        assertEquals("tzyxc", ex.axisOrder().letters());
        assertEquals("{dataset_dir}/out/{nickname}_{result_type}", ex.filenameTemplate());
        assertEquals("/exported", ex.internalPath());
        assertEquals(ExportFormat.COMPRESSED_HDF5, ex.format(), "n5 is not written by Sylva: the default stays");
        assertEquals(1, p.warnings().size());
        assertTrue(p.warnings().get(0).startsWith("Prediction Export: the stored export format 'n5' is not supported;"
                + " using compressed hdf5"), p.warnings().get(0));
    }

    /** Stored {@code feature_names} are ilastik's channel names for the stored selection (spec §1.8). */
    @ParameterizedTest
    @MethodSource("projectsWithForests")
    void channelNamesEqualTheStoredFeatureNames(Path file) throws Exception {
        IlpProject p = IlpReader.read(file);
        Shape raw = p.lane(0).raw().canonicalShape();
        assertEquals(p.forests().featureNames(), p.features().channelNames(raw.c(), raw.z()));
    }

    static Stream<Path> projectsWithForests() {
        return Stream.of(IlpFixtures.pixel("PixelClass.ilp"), IlpFixtures.pixel("PixelClass3D.ilp"),
                IlpFixtures.cells("pc.ilp"), IlpFixtures.cells("ilastik4ij/pixel_class_2d_cells_apoptotic.ilp"));
    }

    /**
     * Finding: ilastik 1.2 named 2-D features without the " in 2D" suffix (it had no ComputeIn2d); a current ilastik
     * (and Sylva) names the same channels with it. Everything else — order, σ, channel numbering — is the same.
     */
    @Test
    void ilastik122NamedTwoDimensionalFeaturesWithoutTheIn2dSuffix() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.object("PixelClassification2d3c.ilp"));
        List<String> stored = p.forests().featureNames();
        List<String> ours = p.features().channelNames(3, 1);
        assertEquals(84, stored.size());
        assertNotEquals(stored, ours);
        assertEquals(stored, ours.stream().map(n -> n.replace(" in 2D", "")).toList());
        assertFalse(stored.stream().anyMatch(n -> n.contains("in 2D")));
        assertEquals("Structure Tensor Eigenvalues (σ=0.7) [5]", stored.get(53));
    }

    private static List<String> texts(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : a) out.add(n.asText());
        return out;
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asLong();
        return out;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    private static boolean[] booleans(JsonNode a) {
        boolean[] out = new boolean[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asBoolean();
        return out;
    }
}
