package org.sylva.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.sylva.image.Shape;
import org.sylva.io.Hdf5Text;
import org.sylva.testing.Shared;

class FeatureSelectionTest {

    @Test
    void allIsIlastiksFullDefaultSet() {
        FeatureSelection all = FeatureSelection.all();
        assertEquals(49, all.channelCount(1, 1));
        assertEquals(61, all.channelCount(1, 30));
        assertEquals(49 * 3, all.channelCount(3, 1));
        assertEquals(37, all.features(1).size());   // smoothing at 7 scales + 5 types at 6 scales
    }

    @Test
    void parsedListsFollowIlastiksChannelOrderWhateverTheWrittenOrder() {
        FeatureSelection a = FeatureSelection.parse("HessianOfGaussianEigenvalues@1.6,GaussianSmoothing@0.3");
        FeatureSelection b = FeatureSelection.parse("GaussianSmoothing@0.3, HessianOfGaussianEigenvalues@1.6");
        assertEquals(a, b);
        assertEquals(List.of("Gaussian Smoothing (σ=0.3) in 2D", "Hessian of Gaussian Eigenvalues (σ=1.6) in 2D [0]",
                "Hessian of Gaussian Eigenvalues (σ=1.6) in 2D [1]"), a.channelNames(1, 1));
        assertEquals(List.of("Gaussian Smoothing (σ=0.3)", "Hessian of Gaussian Eigenvalues (σ=1.6) [0]",
                "Hessian of Gaussian Eigenvalues (σ=1.6) [1]", "Hessian of Gaussian Eigenvalues (σ=1.6) [2]"),
                a.channelNames(1, 5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Gaussian@1.0 | unknown feature 'Gaussian'",
        "GaussianSmoothing | needs a scale",
        "GaussianSmoothing@x | 'x' is not a number",
        "GaussianSmoothing@-1 | must be a positive number",
        "',' | no features selected"})
    void badListsAreExplained(String list, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureSelection.parse(list));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void scalesTooLargeForTheImageGetIlastiksAdvice() {
        FeatureSelection all = FeatureSelection.all();
        FeatureScaleException e = assertThrows(FeatureScaleException.class,
                () -> all.checkFits(new Shape(1, 1, 30, 100, 1)));
        assertTrue(e.getMessage().contains("σ=10.0 needs at least 36 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("Select smaller scales"), e.getMessage());
        all.checkFits(new Shape(1, 1, 36, 36, 1));
        // 3D needs the extent along z too, unless computed in 2D
        assertThrows(FeatureScaleException.class, () -> all.checkFits(new Shape(1, 20, 64, 64, 1)));
        all.in2d().checkFits(new Shape(1, 20, 64, 64, 1));
    }

    @ParameterizedTest
    @CsvSource({"pixel/PixelClass.ilp, 1", "pixel/PixelClass3D.ilp, 64"})
    void channelNamesAreThoseIlastikStoredWithItsForests(String project, int slices) throws Exception {
        Path ilp = Shared.path("fixtures/ilastik/" + project);
        try (HdfFile f = new HdfFile(ilp)) {
            List<FeatureId> ids = new ArrayList<>();
            for (String s : Hdf5Text.strings(f.getDatasetByPath("FeatureSelections/FeatureIds"))) ids.add(FeatureId.parse(s));
            double[] scales = (double[]) f.getDatasetByPath("FeatureSelections/Scales").getData();
            boolean[][] matrix = booleans2(f.getDatasetByPath("FeatureSelections/SelectionMatrix").getData());
            boolean[] in2d = booleans(f.getDatasetByPath("FeatureSelections/ComputeIn2d").getData());
            FeatureSelection sel = new FeatureSelection(ids, scales, matrix, in2d);
            List<String> stored = Hdf5Text.strings(f.getDatasetByPath("PixelClassification/ClassifierForests/feature_names"));
            assertEquals(stored, sel.channelNames(1, slices));
        }
    }

    static boolean[] booleans(Object data) {
        boolean[] b = new boolean[Array.getLength(data)];
        for (int i = 0; i < b.length; i++) b[i] = truth(Array.get(data, i));
        return b;
    }

    static boolean[][] booleans2(Object data) {
        boolean[][] b = new boolean[Array.getLength(data)][];
        for (int i = 0; i < b.length; i++) b[i] = booleans(Array.get(data, i));
        return b;
    }

    private static boolean truth(Object o) {
        if (o instanceof Boolean bo) return bo;
        if (o instanceof Number n) return n.intValue() != 0;
        return Boolean.parseBoolean(o.toString()) || o.toString().equals("1");
    }

    @Test
    void pythonFloatReprOfScales() {
        assertEquals("1.0", Feature.pythonFloat(1.0));
        assertEquals("0.3", Feature.pythonFloat(0.3));
        assertEquals("10.0", Feature.pythonFloat(10));
        assertEquals(Arrays.asList("σ=1.6"), List.of("σ=" + Feature.pythonFloat(1.6)));
    }
}
