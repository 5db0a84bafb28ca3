package org.sylva.project.ilp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.features.FeatureId;

/** Files that are not (readable) Pixel Classification projects get one clear line naming the file. */
class IlpBadInputTest {

    @TempDir
    Path tmp;

    @Test
    void aTruncatedProjectSaysSo() throws Exception {
        byte[] all = Files.readAllBytes(IlpFixtures.pixel("PixelClass.ilp"));
        for (int keep : new int[] {all.length / 2, all.length - 1, 4096}) {
            Path cut = tmp.resolve("cut" + keep + ".ilp");
            Files.write(cut, java.util.Arrays.copyOf(all, keep));
            IlpException e = assertThrows(IlpException.class, () -> IlpReader.read(cut));
            assertEquals(cut + ": truncated file: it has " + keep + " bytes but its HDF5 header announces " + all.length
                    + " (an interrupted copy or download?)", e.getMessage());
        }
    }

    @Test
    void aTextFileNamedIlpIsNotAnIlastikProject() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.ilp"), "my project notes\n");
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.read(text));
        assertEquals(text + ": not an ilastik project (not an HDF5 file)", e.getMessage());
        Path empty = Files.write(tmp.resolve("empty.ilp"), new byte[0]);
        assertEquals(empty + ": not an ilastik project (not an HDF5 file)",
                assertThrows(IlpException.class, () -> IlpReader.read(empty)).getMessage());
    }

    @Test
    void anHdf5FileThatIsNotAProjectSaysSo() throws Exception {
        Path h5 = IlpFixtures.object("inputdata/2d3c.h5");
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.read(h5));
        assertEquals(h5 + ": not an ilastik project (an HDF5 file without ilastikVersion or workflowName)",
                e.getMessage());
    }

    @Test
    void aMissingFileOrAFolderSaysSo() {
        Path missing = tmp.resolve("nope.ilp");
        assertEquals(missing + ": file not found",
                assertThrows(IlpException.class, () -> IlpReader.read(missing)).getMessage());
        assertEquals(tmp + ": is a folder, not an ilastik project file",
                assertThrows(IlpException.class, () -> IlpReader.read(tmp)).getMessage());
    }

    @Test
    void otherWorkflowsAreNotSupportedYet() {
        Path oc = IlpFixtures.object("ObjectClassification2d3c_wPred.ilp");
        assertEquals(oc + ": an Object Classification project, not a Pixel Classification one",
                assertThrows(IlpException.class, () -> IlpReader.read(oc)).getMessage());
        Path ac = IlpFixtures.cells("ac.ilp");
        assertEquals(ac + ": this workflow is not supported yet: AutocontextTwoStage"
                + " (Sylva reads Pixel Classification and Object Classification projects)",
                assertThrows(IlpException.class, () -> IlpReader.read(ac)).getMessage());
    }

    /** What an Object Classification reader will reuse: the shared parts read its projects already. */
    @Test
    void theLanesOfAnObjectClassificationProjectReadThroughTheSharedParts() throws Exception {
        try (IlpFile f = IlpFile.open(IlpFixtures.object("ObjectClassification5t2d1c_wPred.ilp"))) {
            assertEquals("1.2.2rc4", f.version().text());
            assertEquals(List.of("Raw Data", "Prediction Maps"), f.roleNames());
            IlpLane lane = f.lanes().get(0);
            assertEquals("inputdata/5t2d1c.h5/data", lane.raw().filePath());
            assertEquals("tyxc", lane.raw().axes().letters());
            assertEquals("inputdata/5t2d1c_Probabilities.h5/exported_data", lane.role("Prediction Maps").filePath());
            RawSource maps = IlpReader.resolve(f.file(), 0, lane.role("Prediction Maps"));
            assertEquals(new org.sylva.image.Shape(5, 1, 33, 77, 2), maps.read().shape());
            assertEquals("{dataset_dir}/{nickname}_wPred_{result_type}.h5",
                    f.exportSettings("Object Information Export", new java.util.ArrayList<>()).filenameTemplate());
            var forests = f.forests("ObjectClassification");   // one forest of 100 trees, no feature names
            assertEquals(100, forests.forest().treeCount());
            assertEquals(List.of(1, 2), java.util.Arrays.stream(forests.knownLabels()).boxed().toList());
            assertTrue(forests.featureNames().isEmpty());
            assertNull(f.featureSelection("FeatureSelections"), "object classification has no pixel features");
        }
    }

    @Test
    void aMalformedBlockSliceNamesTheBlock() {
        Path file = IlpFixtures.synthetic().resolve("bad_block_slice.ilp");
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.read(file));
        assertEquals(file + ": PixelClassification/LabelSets/labels000/block0000: malformed blockSlice '[0:2,abc,0:1]'"
                + " (expected [start:stop,start:stop,...])", e.getMessage());
    }

    @Test
    void anUnknownFeatureIdIsNamed() {
        Path file = IlpFixtures.synthetic().resolve("unknown_feature.ilp");
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": FeatureSelections/FeatureIds: unknown feature 'FancyFilter'"),
                e.getMessage());
    }

    @Test
    void aSelectionMatrixOfTheWrongShapeIsNamed() {
        Path file = IlpFixtures.synthetic().resolve("matrix_shape.ilp");
        IlpException e = assertThrows(IlpException.class, () -> IlpReader.read(file));
        assertEquals(file + ": FeatureSelections/SelectionMatrix has shape (6, 5) but there are 6 feature ids and 7"
                + " scales", e.getMessage());
    }

    @Test
    void anUnusableStoredClassifierIsAWarningAsInIlastik() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.synthetic().resolve("bad_forest.ilp"));
        assertNull(p.forests());
        assertEquals(1, p.warnings().size());
        assertTrue(p.warnings().get(0).startsWith("the stored classifier cannot be used ("), p.warnings().get(0));
        assertTrue(p.warnings().get(0).endsWith("it must be retrained"), p.warnings().get(0));
    }

    /** ilastik 0.5's FeatureIds order is kept: it is the order of the feature channels. */
    @Test
    void featureIdsKeepTheirStoredOrderAndGovernTheChannelOrder() throws Exception {
        IlpProject p = IlpReader.read(IlpFixtures.synthetic().resolve("old_project.ilp"));
        assertEquals(List.of(FeatureId.GaussianSmoothing, FeatureId.LaplacianOfGaussian,
                FeatureId.StructureTensorEigenvalues, FeatureId.HessianOfGaussianEigenvalues,
                FeatureId.GaussianGradientMagnitude, FeatureId.DifferenceOfGaussians), p.features().ids());
        assertNull(p.features().computeIn2d());
        // the matrix selects row 0 at 0.3, every row at 1.6, row 2 (here: the structure tensor) at 5.0
        List<String> names = p.features().channelNames(1, 5);
        assertEquals(List.of("Gaussian Smoothing (σ=0.3)", "Gaussian Smoothing (σ=1.6)",
                "Laplacian of Gaussian (σ=1.6)", "Structure Tensor Eigenvalues (σ=1.6) [0]",
                "Structure Tensor Eigenvalues (σ=1.6) [1]", "Structure Tensor Eigenvalues (σ=1.6) [2]",
                "Structure Tensor Eigenvalues (σ=5.0) [0]", "Structure Tensor Eigenvalues (σ=5.0) [1]",
                "Structure Tensor Eigenvalues (σ=5.0) [2]", "Hessian of Gaussian Eigenvalues (σ=1.6) [0]",
                "Hessian of Gaussian Eigenvalues (σ=1.6) [1]", "Hessian of Gaussian Eigenvalues (σ=1.6) [2]",
                "Gaussian Gradient Magnitude (σ=1.6)", "Difference of Gaussians (σ=1.6)"), names);
        assertEquals("compressed hdf5", p.export().format().name());
    }
}
