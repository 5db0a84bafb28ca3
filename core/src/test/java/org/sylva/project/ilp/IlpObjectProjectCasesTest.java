package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.objects.ThresholdSettings;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.pixel.LabelClass;
import org.sylva.testing.Python;

/**
 * Object Classification projects the fixtures do not cover, written with h5py in ilastik's layout (spec §6.6): the
 * label-image workflow, the hysteresis methods, an old project's {@code SingleThreshold}, graph cut, features under
 * the old {@code 0/} level, object labels without class names, malformed labels; and projects of other workflows.
 */
class IlpObjectProjectCasesTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void write() throws Exception {
        Python.run(SCRIPT, dir.toString());
    }

    @Test
    void labelImageProjectWithUnnamedClassesAndOldFeatureLevel() throws Exception {
        IlpObjectProject p = IlpObjectReader.read(dir.resolve("label_image.ilp"));
        assertEquals(IlpObjectProject.Input.LABEL_IMAGE, p.input());
        assertEquals(List.of("Raw Data", "Label Image", "Atlas"), p.roleNames());
        assertEquals("cells_labels.tif", p.inputDataset(0).filePath());
        assertNull(p.threshold());
        assertEquals(ObjectFeatureSelection.none().with("Standard Object Features", "Count")
                .withMargin("Standard Object Features", "Mean in neighborhood", 5, 5, 1), p.computedFeatures());
        assertTrue(p.selectedFeatures().isEmpty());
        assertEquals(p.computedFeatures(), p.classifierFeatures());
        // no LabelNames: ilastik's "Label 1" … for the largest stored label
        assertEquals(List.of("Label 1", "Label 2", "Label 3"), p.labelClasses().stream().map(LabelClass::name).toList());
        assertArrayEquals(new int[] {0, 1, 0, 3}, p.objectLabels(0, 0));
        assertArrayEquals(new int[0], p.objectLabels(0, 1), "a time point without labels");
        assertArrayEquals(new int[] {0, 2}, p.objectLabels(0, 2));
        assertArrayEquals(new int[0], p.objectLabels(1, 0), "no such lane");
        assertEquals(3, p.labelledObjects());
        assertNull(p.forests());
        assertNull(p.blockShape());
    }

    @Test
    void hysteresisSettingsAreReadAsStored() throws Exception {
        IlpObjectProject p = IlpObjectReader.read(dir.resolve("no_merge.ilp"));
        assertEquals(new ThresholdSettings(ThresholdSettings.Method.NO_MERGE, 0.3, 0.9, 0.5, 2.0, 1.5, 1, 2, 5, 500),
                p.threshold());
        assertEquals(List.of("the project stores 2 label colours for 3 classes; using default colours"), p.warnings());
        assertEquals(List.of("live", "dead", "debris"), p.labelClasses().stream().map(LabelClass::name).toList());
        assertEquals(LabelClass.defaultColour(2), p.labelClasses().get(2).rgb());
        assertEquals(ThresholdSettings.Method.HYSTERESIS,
                IlpObjectReader.read(dir.resolve("hysteresis.ilp")).threshold().method());
    }

    @Test
    void anOldProjectsSingleThresholdIsTheSimpleThreshold() throws Exception {
        ThresholdSettings t = IlpObjectReader.read(dir.resolve("single_threshold.ilp")).threshold();
        assertEquals(ThresholdSettings.Method.SIMPLE, t.method());
        assertEquals(0.25, t.low());
        // what is not stored keeps ilastik's defaults
        ThresholdSettings d = ThresholdSettings.defaults();
        assertEquals(List.of(d.sigmaZ(), d.sigmaY(), d.sigmaX(), (double) d.minSize(), (double) d.maxSize()),
                List.of(t.sigmaZ(), t.sigmaY(), t.sigmaX(), (double) t.minSize(), (double) t.maxSize()));
    }

    @Test
    void graphCutLeavesNoThresholdAndSaysWhy() throws Exception {
        IlpObjectProject p = IlpObjectReader.read(dir.resolve("graph_cut.ilp"));
        assertNull(p.threshold());
        assertEquals(1, p.warnings().size());
        assertTrue(p.warnings().get(0).startsWith("ThresholdTwoLevels/CurOperator: the project thresholds with graph"
                + " cut (ilastik method 2), which Sylva does not support"), p.warnings().get(0));
    }

    @Test
    void malformedObjectLabelsNameTheEntry() {
        Path bad = dir.resolve("bad_label.ilp");
        IlpException e = assertThrows(IlpException.class, () -> IlpObjectReader.read(bad));
        assertEquals(bad + ": ObjectClassification/LabelInputs/0000/0: object 2 has label 1.5 (expected 0 or a class"
                + " number)", e.getMessage());
    }

    @Test
    void otherWorkflowsAreRefusedWithTheirName() {
        Path pc = IlpFixtures.object("PixelClassification2d3c.ilp");
        assertEquals(pc + ": a Pixel Classification project, not an Object Classification one",
                assertThrows(IlpException.class, () -> IlpObjectReader.read(pc)).getMessage());
        Path ac = IlpFixtures.cells("ac.ilp");
        assertEquals(ac + ": this workflow is not supported yet: AutocontextTwoStage",
                assertThrows(IlpException.class, () -> IlpObjectReader.read(ac)).getMessage());
        Path pcoc = dir.resolve("from_pixel_classification.ilp");
        assertEquals(pcoc + ": this workflow is not supported yet: Object Classification (from pixel classification)",
                assertThrows(IlpException.class, () -> IlpObjectReader.read(pcoc)).getMessage());
        // and the Pixel Classification reader still refuses Object Classification projects
        Path oc = IlpFixtures.object("ObjectClassification2d3c_wPred.ilp");
        assertEquals(oc + ": an Object Classification project, not a Pixel Classification one",
                assertThrows(IlpException.class, () -> IlpReader.read(oc)).getMessage());
        assertTrue(IlpObjectReader.isObjectClassification("Object Classification (from binary image)"));
    }

    private static final String SCRIPT = String.join("\n",
            "import h5py, json, os, sys, numpy as np",
            "out = sys.argv[1]",
            "def tags(keys):",
            "    return json.dumps({'axes': [{'key': k, 'typeFlags': 1 if k == 'c' else 2, 'resolution': 0,",
            "                                 'description': ''} for k in keys]}).encode()",
            "def project(name, workflow, roles, version='1.4.0'):",
            "    h = h5py.File(os.path.join(out, name), 'w')",
            "    h['ilastikVersion'] = version.encode()",
            "    h['workflowName'] = workflow.encode()",
            "    h['time'] = b'Mon Jan  1 00:00:00 2024'",
            "    h['Input Data/Role Names'] = [r.encode() for r in roles]",
            "    h['Input Data/StorageVersion'] = b'0.2'",
            "    for r in roles:",
            "        g = h.require_group('Input Data/infos/lane0000/' + r)",
            "        if r == 'Atlas': continue",
            "        g['__class__'] = b'RelativeFilesystemDatasetInfo'",
            "        g['filePath'] = ('cells.tif' if r == 'Raw Data' else 'cells_labels.tif' if r == 'Label Image'",
            "                         else 'cells_Probabilities.h5/exported_data').encode()",
            "        g['nickname'] = b'cells'",
            "        g['axistags'] = tags('yxc' if r == 'Prediction Maps' else 'yx')",
            "        g['shape'] = np.array([40, 50, 3] if r == 'Prediction Maps' else [40, 50])",
            "    oc = h.require_group('ObjectClassification')",
            "    return h",
            "def threshold(h, **v):",
            "    g = h.require_group('ThresholdTwoLevels')",
            "    for k, x in v.items():",
            "        if k == 'sigma':",
            "            for a, s in zip('xyz', x): g['SmootherSigma/' + a] = s",
            "        else: g[k] = x",
            "PRED = 'Object Classification (from prediction image)'",
            "h = project('label_image.ilp', 'Object Classification (from label image)', ['Raw Data', 'Label Image', 'Atlas'])",
            "f = h.require_group('ObjectExtraction/Features/0/Standard Object Features')",
            "f.require_group('Count')['displaytext'] = b'Size in pixels'",
            "f.require_group('Mean in neighborhood')['margin'] = np.array([5, 5, 1], np.int32)",
            "h.require_group('ObjectClassification/SelectedFeatures')",
            "h['ObjectClassification/LabelInputs/0000/0'] = np.array([0., 1., 0., 3.])",
            "h['ObjectClassification/LabelInputs/0000/2'] = np.array([0., 2.])",
            "h.close()",
            "h = project('no_merge.ilp', PRED, ['Raw Data', 'Prediction Maps', 'Atlas'])",
            "threshold(h, CurOperator=3, LowThreshold=0.3, HighThreshold=0.9, sigma=(1.5, 2.0, 0.5), Channel=1,",
            "          CoreChannel=2, MinSize=5, MaxSize=500)",
            "h['ObjectClassification/LabelNames'] = [b'live', b'dead', b'debris']",
            "h['ObjectClassification/LabelColors'] = np.array([[255, 0, 0], [0, 255, 0]])",
            "h['ObjectExtraction/Features/Standard Object Features/Count/displaytext'] = b'Size in pixels'",
            "h.close()",
            "h = project('hysteresis.ilp', PRED, ['Raw Data', 'Prediction Maps'])",
            "threshold(h, CurOperator=1, LowThreshold=0.3, HighThreshold=0.9)",
            "h.close()",
            "h = project('single_threshold.ilp', PRED, ['Raw Data', 'Prediction Maps'], version='1.1.5')",
            "threshold(h, CurOperator=0, SingleThreshold=0.25, LowThreshold=0.7)",
            "h.close()",
            "h = project('graph_cut.ilp', PRED, ['Raw Data', 'Prediction Maps'])",
            "threshold(h, CurOperator=2)",
            "h['ObjectExtraction/Features/Standard Object Features/Count/displaytext'] = b'Size in pixels'",
            "h.close()",
            "h = project('bad_label.ilp', PRED, ['Raw Data', 'Prediction Maps'])",
            "h['ObjectClassification/LabelInputs/0000/0'] = np.array([0., 1., 1.5])",
            "h.close()",
            "h = project('from_pixel_classification.ilp', 'Object Classification (from pixel classification)', ['Raw Data'])",
            "h.close()");
}
