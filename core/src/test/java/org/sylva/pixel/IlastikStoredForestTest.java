package org.sylva.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureId;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.VigraForests;
import org.sylva.image.Image;
import org.sylva.io.Hdf5Text;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Shared;

/**
 * The acceptance test for features: ilastik's own stored forests (PixelClass.ilp: 8 forests on 25 2D
 * features; PixelClass3D.ilp: 3D features), fed with our features of the project's input, reproduce the
 * probabilities ilastik stored as its reference (res-*.npy) within ilastik's own cross-platform tolerance
 * (spec §2.5: at most 0.1 % of values off by 0.015 or more, none by 0.15 or more). The project is read with a
 * test-level HDF5 reader here (feature selection and forests only).
 */
class IlastikStoredForestTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PixelClass.ilp, Data_1channel.png, res-Data_1channel_pc1xyc.npy",
                "PixelClass3D.ilp, Data_3D.npy, res-Data_3D_pc3d.npy"})
    void ourFeaturesWithIlastiksForestsGiveIlastiksProbabilities(String project, String input, String reference)
            throws Exception {
        Path dir = Shared.path("fixtures/ilastik/pixel");
        Path ilp = dir.resolve(project);
        FeatureSelection selection = storedSelection(ilp);
        VigraForests.Imported imported = VigraForests.read(ilp, "PixelClassification/ClassifierForests");
        Image raw = ImageFiles.read(dir.resolve(input).toString());
        assertEquals(imported.featureNames(), selection.channelNames(raw.shape().c(), raw.shape().z()),
                "our channel names are those ilastik stored with the forest");
        PixelClassifier classifier = new PixelClassifier(selection, imported.forest(), LabelClass.numbered(2),
                raw.shape().c());
        Image probabilities;
        try (Workers w = new Workers(2)) {
            probabilities = classifier.probabilities(raw, null, w, Progress.NONE);
        }
        float[] got = (float[]) probabilities.toArray(probabilities.axes());
        Image ref = ImageFiles.read(dir.resolve(reference).toString());
        float[] want = (float[]) ref.toArray(ref.axes());
        assertEquals(want.length, got.length, "reference size");
        int off015 = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - got[i]);
            worst = Math.max(worst, d);
            if (d >= 0.015) off015++;
        }
        assertTrue(off015 <= 0.001 * want.length, off015 + " of " + want.length + " probabilities differ by ≥ 0.015");
        assertTrue(worst < 0.15, "a probability differs by " + worst);
        System.out.printf("%s: %d of %d values differ by ≥ 0.015, worst %.4f%n", project, off015, want.length, worst);
    }

    /** FeatureIds (stored order), Scales, SelectionMatrix, ComputeIn2d of a project. */
    static FeatureSelection storedSelection(Path ilp) throws Exception {
        try (HdfFile f = new HdfFile(ilp)) {
            List<FeatureId> ids = new ArrayList<>();
            for (String s : Hdf5Text.strings(f.getDatasetByPath("FeatureSelections/FeatureIds"))) ids.add(FeatureId.parse(s));
            double[] scales = (double[]) f.getDatasetByPath("FeatureSelections/Scales").getData();
            Object m = f.getDatasetByPath("FeatureSelections/SelectionMatrix").getData();
            boolean[][] matrix = new boolean[Array.getLength(m)][];
            for (int i = 0; i < matrix.length; i++) matrix[i] = truths(Array.get(m, i));
            boolean[] in2d = truths(f.getDatasetByPath("FeatureSelections/ComputeIn2d").getData());
            return new FeatureSelection(ids, scales, matrix, in2d);
        }
    }

    private static boolean[] truths(Object row) {
        boolean[] b = new boolean[Array.getLength(row)];
        for (int i = 0; i < b.length; i++) {
            Object o = Array.get(row, i);
            // h5py stores numpy bools as an HDF5 enum, which jhdf hands back as "TRUE"/"FALSE"
            b[i] = o instanceof Boolean x ? x : o instanceof Number n ? n.intValue() != 0
                    : o.toString().equalsIgnoreCase("true") || o.toString().equals("1");
        }
        return b;
    }
}
