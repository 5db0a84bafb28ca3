package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.features.FeatureId;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFiles;
import org.sylva.pixel.LabelClass;

/**
 * A lane's labels equal the volume assembled from ilastik's stored blocks by an independent h5py/numpy
 * implementation of ilastik's loading (committed references, {@code make_label_references.py}; synthetic projects
 * whose blocks were derived from a known volume, {@code synthetic_projects.py}), voxel for voxel.
 */
class IlpLabelsTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of(IlpFixtures.pixel("PixelClass.ilp"), "PixelClass", "yxc"),
                Arguments.of(IlpFixtures.pixel("PixelClass3D.ilp"), "PixelClass3D", "zyxc"),
                Arguments.of(IlpFixtures.pixel("PixelClassNoClassifier.ilp"), "PixelClassNoClassifier", "yxc"),
                Arguments.of(IlpFixtures.object("PixelClassification2d3c.ilp"), "PixelClassification2d3c", "yxc"),
                Arguments.of(IlpFixtures.cells("pc.ilp"), "pc", "yxc"),
                Arguments.of(IlpFixtures.cells("ilastik4ij/pixel_class_2d_cells_apoptotic.ilp"), "ilastik4ij", "yxc"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void importedLabelsEqualIlastiksBlocksVoxelForVoxel(Path file, String name, String order) throws Exception {
        IlpProject p = IlpReader.read(file);
        Image labels = IlpReader.labels(p, 0);
        Image ref = IlpFixtures.npy(IlpFixtures.resource("labels/" + name + ".lane0.npy.gz"), tmp);
        assertEquals(order, labels.axes().letters());
        assertSame(ref, labels);
        // PixelClassNoClassifier stores an empty labels000 group (despite its name); every other fixture has labels
        assertEquals(name.equals("PixelClassNoClassifier"), labelled(labels) == 0);
    }

    /** The dataset's scribble TIFFs were extracted by its curator from the same projects: a second reference. */
    @Test
    void labelsEqualTheScribbleImagesExtractedFromTheSameProjects() throws Exception {
        Image pc = IlpReader.labels(IlpReader.read(IlpFixtures.cells("pc.ilp")), 0);
        assertEquals(flat(ImageFiles.read(IlpFixtures.cells("labels_pc_ilp.tif").toString())), flat(pc));
        Image ij = IlpReader.labels(IlpReader.read(IlpFixtures.cells("ilastik4ij/pixel_class_2d_cells_apoptotic.ilp")), 0);
        assertEquals(flat(ImageFiles.read(IlpFixtures.cells("labels_ilastik4ij_ilp.tif").toString())), flat(ij));
    }

    /**
     * The parts compose for other workflows: autocontext is not read as a whole, but its two classifier stages are
     * the same applet groups ({@code PixelClassification}, {@code PixelClassification01}).
     */
    @Test
    void autocontextStagesReadThroughTheSharedParts() throws Exception {
        Path file = IlpFixtures.cells("ac.ilp");
        try (IlpFile f = IlpFile.open(file)) {
            assertEquals("AutocontextTwoStage", f.workflowName());
            IlpLane lane = f.lanes().get(0);
            Shape shape = lane.raw().canonicalShape();
            Axes axes = LaneAxes.pixelClassificationOrder(shape);
            String[] stages = {"PixelClassification", "PixelClassification01"};
            String[] tiffs = {"labels_ac_ilp_stage1.tif", "labels_ac_ilp_stage2.tif"};
            for (int s = 0; s < 2; s++) {
                List<LabelBlock> blocks = f.labelBlocks(stages[s], List.of(axes)).get(0);
                Image labels = LabelVolume.assemble(blocks, axes, shape, file, 0);
                assertEquals(flat(ImageFiles.read(IlpFixtures.cells(tiffs[s]).toString())), flat(labels), stages[s]);
            }
            assertEquals(List.of("nuclei", "background"), f.labelNames("PixelClassification01"));
            assertEquals(FeatureId.GaussianSmoothing, f.featureSelection("FeatureSelections01").ids().get(0));
        }
    }

    @Test
    void blocksOfVersions133post2To140b7AreInTheRawDatasOwnOrder() throws Exception {
        // lane 0: raw "xyc" 40x30, lane 1: raw "tzyxc" with t = z = 1; ilastik 1.4.0b3, no block axistags
        Path file = IlpFixtures.synthetic().resolve("original_order.ilp");
        IlpProject p = IlpReader.read(file);
        assertEquals("xyc", p.labelBlocks(0).get(0).axes().letters());
        assertEquals("tzyxc", p.labelBlocks(1).get(0).axes().letters());
        for (int lane = 0; lane < 2; lane++) {
            Image labels = IlpReader.labels(p, lane);
            assertEquals("yxc", labels.axes().letters());
            assertSame(IlpFixtures.npy(IlpFixtures.synthetic().resolve("original_order.lane" + lane + ".npy"), tmp),
                    labels);
        }
    }

    @Test
    void blocksOfIlastik133PixelPlusObjectProjectsAreInTxyzcOrder() throws Exception {
        // that workflow is not read as a whole yet; its labels are, through the shared parts
        Path file = IlpFixtures.synthetic().resolve("canonical_order.ilp");
        try (IlpFile f = IlpFile.open(file)) {
            IlpDataset raw = f.lanes().get(0).raw();
            Axes lane = LaneAxes.pixelClassificationOrder(raw.canonicalShape());
            Axes stored = LaneAxes.storedLabelAxes(f.version(), f.workflowName(), raw.axes(), lane);
            assertEquals("txyzc", stored.letters());
            Image labels = LabelVolume.assemble(f.labelBlocks("PixelClassification", List.of(stored)).get(0), lane,
                    raw.canonicalShape(), file, 0);
            assertEquals("zyxc", labels.axes().letters());
            assertSame(IlpFixtures.npy(IlpFixtures.synthetic().resolve("canonical_order.lane0.npy"), tmp), labels);
        }
    }

    @Test
    void blockAxistagsWinAndBlocksAreWrittenAsIlastikWritesLabels() throws Exception {
        // lane 0: 2D+t, blocks per time point, a block of zeros over labels (no change) and an eraser pixel;
        // lane 1: stored in labels002 (no labels001) with axistags "xyc" that differ from the lane order
        IlpProject p = IlpReader.read(IlpFixtures.synthetic().resolve("tagged.ilp"));
        assertEquals(2, p.labelBlocks().size());
        assertEquals("xyc", p.labelBlocks(1).get(0).axes().letters());
        Image t = IlpReader.labels(p, 0);
        assertEquals("tyxc", t.axes().letters());
        assertSame(IlpFixtures.npy(IlpFixtures.synthetic().resolve("tagged.lane0.npy"), tmp), t);
        assertSame(IlpFixtures.npy(IlpFixtures.synthetic().resolve("tagged.lane1.npy"), tmp), IlpReader.labels(p, 1));
    }

    @Test
    void anOldProjectWithoutLaneShapeOrLabelNamesReadsTheRawShapeAndNamesItsClasses() throws Exception {
        Path file = IlpFixtures.synthetic().resolve("old_project.ilp");
        IlpProject p = IlpReader.read(file);
        assertEquals(null, p.lane(0).raw().shape());
        // no names stored: "Label 1" … "Label <largest label>" in ilastik's fallback colours
        assertEquals(List.of(new LabelClass("Label 1", 0xFF0000), new LabelClass("Label 2", 0x00FF00),
                new LabelClass("Label 3", 0x0000FF)), p.labelClasses());
        Image labels = IlpReader.labels(p, 0);   // the shape comes from raw.h5/data (5 x 16 x 18)
        assertEquals("zyxc", labels.axes().letters());
        assertSame(IlpFixtures.npy(IlpFixtures.synthetic().resolve("old_project.lane0.npy"), tmp), labels);
        // with the raw data's shape given, the same
        assertSame(labels, IlpReader.labels(p, 0, new Shape(1, 5, 16, 18, 1)));
    }

    @Test
    void aBlockOutsideTheLaneIsAClearError() throws Exception {
        Path file = IlpFixtures.synthetic().resolve("block_outside.ilp");
        IlpProject p = IlpReader.read(file);
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.labels(p, 0));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("lane 0, label block block0000 [18:23,0:5,0:1]"), e.getMessage());
        assertTrue(e.getMessage().contains("lies outside the lane (axes yxc, shape (20, 30, 1)): y 18:23"),
                e.getMessage());
    }

    @Test
    void aMissingLaneIsAClearError() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.pixel("PixelClass.ilp"));
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.labels(p, 3));
        assertTrue(e.getMessage().endsWith("no lane 3 (the project has 1 lane)"), e.getMessage());
    }

    /** Same type, lane-order shape and samples (flat C order of each one's own axes). */
    private static void assertSame(Image expected, Image actual) {
        assertEquals(DType.UINT8, actual.dtype());
        assertArrayEquals(expected.shape().in(expected.axes()), actual.shape().in(actual.axes()), "shape");
        byte[] e = (byte[]) expected.toArray(expected.axes());
        byte[] a = (byte[]) actual.toArray(actual.axes());
        int differ = 0;
        for (int i = 0; i < e.length; i++) if (e[i] != a[i]) differ++;
        assertEquals(0, differ, "voxels that differ");
    }

    private static int labelled(Image image) {
        int n = 0;
        for (byte b : (byte[]) image.toArray(image.axes())) if (b != 0) n++;
        return n;
    }

    /** The samples in C order of the spatial axes (the TIFFs are yx, the labels yxc with c = 1). */
    private static List<Integer> flat(Image image) {
        List<Integer> out = new ArrayList<>();
        Shape s = image.shape();
        for (int y = 0; y < s.y(); y++) for (int x = 0; x < s.x(); x++) out.add((int) image.get(0, 0, y, x, 0));
        return out;
    }
}
