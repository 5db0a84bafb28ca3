package org.sylva.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.export.Cutout;
import org.sylva.export.DataRange;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Axes;
import org.sylva.image.Box;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelClassifier;
import org.sylva.testing.Shared;

/** Everything a project holds comes back from its file exactly as it was saved. */
class ProjectRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyFieldSurvivesSaveAndLoad() throws Exception {
        Path data = dir.resolve("data");
        ProjectFixtures.copy(ProjectFixtures.BLOBS, data.resolve("blobs.tif"));
        ProjectFixtures.copy("data/neubias_nuclei_3d/xyz_8bit__nuclei_autothresh.tif", data.resolve("nuclei3d.tif"));
        ProjectFixtures.copy("data/neubias_mitocheck_h2b_movie/mitocheck_h2b_TYX.tif", data.resolve("movie.tif"));
        ProjectFixtures.copy("data/neubias_multichannel_cells/xyc_16bit__cell_dna_mts_actin.tif", data.resolve("cells.tif"));
        ProjectFixtures.copy("data/ilastik_2d_cells_apoptotic/ilastik4ij/2d_cells_apoptotic_1channel.h5",
                data.resolve("apoptotic.h5"));
        ProjectFixtures.copy("data/neubias_plk1_nuclei/xy_8bit__nuclei_PLK1_control.tif", data.resolve("plk1_a.tif"));
        ProjectFixtures.copy("data/neubias_plk1_nuclei/xy_8bit__nuclei_PLK1_inhibition.tif", data.resolve("plk1_b.tif"));

        List<DataLane> lanes = List.of(
                DataLane.open(data.resolve("blobs.tif").toString(), ReadOptions.DEFAULT),
                DataLane.open(data.resolve("nuclei3d.tif").toString(), ReadOptions.DEFAULT),
                DataLane.open(data.resolve("movie.tif").toString(), ReadOptions.DEFAULT),
                DataLane.open(data.resolve("cells.tif").toString(), ReadOptions.DEFAULT),
                DataLane.open(data.resolve("apoptotic.h5") + "/data", ReadOptions.DEFAULT),
                DataLane.open(data.resolve("plk1_a.tif") + File.pathSeparator + data.resolve("plk1_b.tif"),
                        ReadOptions.DEFAULT.stackedAlong('t')).withName("plk1 pair"));
        assertEquals("zyx", lanes.get(1).axes().letters());
        assertEquals(30, lanes.get(2).shape().t());
        assertEquals(3, lanes.get(3).shape().c());
        assertEquals("data", lanes.get(4).internalPath());
        assertEquals(2, lanes.get(5).files().size());

        FeatureSelection features = new FeatureSelection(List.of(FeatureId.values()), new double[] {0.3, 1.0, 3.5},
                new boolean[][] {{true, true, false}, {false, true, true}, {false, false, true},
                    {true, false, false}, {false, true, false}, {false, false, true}},
                new boolean[] {false, true, false});
        List<LabelClass> classes = List.of(new LabelClass("Hintergrund", 0x102030), new LabelClass("Zellkern ü", 0xabcdef),
                new LabelClass("mitosis", 0xff0000));
        ExportSettings export = ExportSettings.DEFAULT.withDtype(DType.UINT16)
                .withRanges(DataRange.of(0.0, 1.0), DataRange.of(0, 65535)).withAxisOrder(Axes.of("zyxc"))
                .withCutout(Cutout.of(new Long[] {0L, null, 5L}, new Long[] {10L, 200L, null}))
                .withFormat(ExportFormat.MULTIPAGE_TIFF).withFilenameTemplate("{dataset_dir}/out/{nickname}_{result_type}")
                .withInternalPath("volume/prediction");

        SylvaProject p = SylvaProject.create(lanes, features, classes).withSeed(-1234567890123L).withTreeCount(7)
                .withExport(export).withNotes("scribbles by A. B.\nsecond line ✓");
        Image scribbles = ImageFiles.read(Shared.path(ProjectFixtures.BLOBS_SCRIBBLES).toString());
        p = p.withLabels(0, SparseLabels.fromImage(scribbles));
        p = p.withLabels(1, p.labels(1).fill(0, new Box(3, 10, 20, 5, 30, 40), 2).fill(0, new Box(30, 100, 0, 7, 18, 132), 1));
        p = p.withLabels(2, p.labels(2).fill(0, new Box(0, 5, 5, 1, 3, 200), 1).fill(29, new Box(0, 150, 100, 1, 40, 40), 3));
        p = p.withLabels(3, p.labels(3).fill(0, new Box(0, 340, 0, 1, 10, 350), 1));
        p = p.withLabels(4, p.labels(4).fill(0, new Box(0, 1000, 1300, 1, 24, 44), 2));
        p = p.withLabels(5, p.labels(5).fill(1, new Box(0, 0, 0, 1, 682, 1), 3));

        Path file = dir.resolve("analysis.sylva");
        SylvaProject saved = ProjectFile.write(p, file);
        ProjectFile.Loaded loaded = ProjectFile.read(file);
        SylvaProject back = loaded.project();

        assertEquals(List.of(), loaded.warnings());
        assertEquals(ProjectFile.VERSION, loaded.formatVersion());
        assertEquals(saved, back);
        assertEquals(lanes, back.lanes());
        for (int i = 0; i < lanes.size(); i++) {
            assertEquals(p.labels(i), back.labels(i), "labels of lane " + i);
            assertTrue(back.lanes().get(i).isAvailable());
            Image original = lanes.get(i).read(), reread = back.lanes().get(i).read();
            assertTrue(original.sameSamples(reread), "data of lane " + i);
            assertEquals(original.axes(), reread.axes());
        }
        assertEquals(p.labels(1).toImage().toString(), back.labels(1).toImage().toString());
        assertEquals(2, back.labels(1).get(0, 5, 30, 50));
        assertEquals(3, back.labels(2).get(29, 0, 170, 120));
        assertEquals(features, back.features());
        assertArrayEquals(new boolean[] {false, true, false}, back.features().computeIn2d());
        assertEquals(classes, back.classes());
        assertEquals(-1234567890123L, back.seed());
        assertEquals(7, back.treeCount());
        assertEquals(export, back.export());
        assertTrue(back.export().inputRange().minIsInteger() == false && back.export().exportRange().isInteger());
        assertEquals("scribbles by A. B.\nsecond line ✓", back.info().notes());
        assertEquals(p.info().created(), back.info().created());
        assertNull(back.forest());
    }

    @Test
    void aTrainedForestPredictsIdenticallyAfterReload() throws Exception {
        SylvaProject p = ProjectFixtures.trained(ProjectFixtures.blobs(dir.resolve("blobs.tif")));
        assertTrue(p.forestIsCurrent());
        Path file = dir.resolve("blobs.sylva");
        ProjectFile.write(p, file);
        SylvaProject back = ProjectFile.read(file).project();
        assertTrue(back.forestIsCurrent());
        assertEquals(p.forest(), back.forest());
        assertEquals(p.forest().forest().training(), back.forest().forest().training());

        Image raw = back.lanes().get(0).read();
        PixelClassifier before = p.classifier().orElseThrow(), after = back.classifier().orElseThrow();
        try (Workers w = new Workers(2)) {
            Image a = before.probabilities(raw, null, w, Progress.NONE);
            Image b = after.probabilities(raw, null, w, Progress.NONE);
            assertTrue(a.sameSamples(b), "predictions differ after reload");
            // and the classifier is a real one: blobs are bright, so the bright centre of a blob is class 2
            float[] probs = (float[]) b.plane(0, 0);
            // the pixels deepest inside the background (y=42, x=115, raw 32) and inside a blob (y=127, x=223, raw 240)
            int background = (42 * 256 + 115) * 2, blob = (127 * 256 + 223) * 2;
            assertTrue(probs[background] > 0.9f, "background p=" + probs[background]);
            assertTrue(probs[blob + 1] > 0.9f, "blob p=" + probs[blob + 1]);
        }
    }

    @Test
    void aStaleForestIsNeitherOfferedNorSaved() throws Exception {
        SylvaProject p = ProjectFixtures.trained(ProjectFixtures.blobs(dir.resolve("blobs.tif")));
        String key = p.trainingKey();
        SylvaProject edited = p.withLabels(0, p.labels(0).fill(0, new Box(0, 0, 0, 1, 2, 2), 1));
        assertNotEquals(key, edited.trainingKey());
        assertFalse(edited.forestIsCurrent());
        assertTrue(edited.classifier().isEmpty());
        for (SylvaProject changed : List.of(p.withSeed(43), p.withTreeCount(21), p.withFeatures(FeatureSelection.all()),
                p.withClasses(List.of(new LabelClass("a", 0), new LabelClass("b", 1), new LabelClass("c", 2))))) {
            assertFalse(changed.forestIsCurrent(), changed.toString());
        }
        // renaming or recolouring a class changes nothing the forest learnt
        assertTrue(p.withClasses(List.of(new LabelClass("bg", 0), new LabelClass("fg", 1))).forestIsCurrent());
        // undoing the edit makes the forest current again: the key is a function of the content
        assertTrue(edited.withLabels(0, p.labels(0)).forestIsCurrent());

        Path file = dir.resolve("stale.sylva");
        ProjectFile.write(edited, file);
        assertFalse(ProjectFixtures.unzip(file).containsKey("forest.bin"));
        ProjectFile.Loaded back = ProjectFile.read(file);
        assertNull(back.project().forest());
        assertEquals(List.of(), back.warnings());
        assertEquals(edited.labels(0), back.project().labels(0));
    }
}
