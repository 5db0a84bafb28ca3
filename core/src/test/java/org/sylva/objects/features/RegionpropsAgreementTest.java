package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.blockwise.Workers;

/**
 * A second, independent reference: scikit-image's {@code regionprops} (area, centroid, bounding box with exclusive
 * end, eigenvalues of the coordinate covariance) agrees with our size, centre, bounding box and squared radii.
 */
class RegionpropsAgreementTest {

    static List<FeatureOracle.Case> cases() throws IOException {
        return FeatureOracle.cases().stream().filter(FeatureOracle.Case::skimage).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sizeCentreBoxAndRadiiAgreeWithScikitImage(FeatureOracle.Case c) throws IOException {
        ObjectFeatureSelection sel = ObjectFeatureSelection.none().with(ObjectFeature.STANDARD, "RegionRadii");
        ObjectFeatureTable t;
        try (Workers w = new Workers(1)) {
            t = new ObjectFeatures(w).compute(c.raw(), c.labels(), 0, sel);
        }
        Map<String, float[][]> ref = c.reference(0);
        int d = t.dims();
        float[][] area = ref.get("skimage/area");
        float[][] centroid = ref.get("skimage/centroid");
        float[][] bbox = ref.get("skimage/bbox");
        float[][] eig = ref.get("skimage/covariance_eigvals");
        assertEquals(t.objects() + 1, area.length);
        List<String> problems = new ArrayList<>();
        for (int id = 1; id <= t.objects(); id++) {
            check(problems, "area", id, area[id][0], t.get(ObjectFeature.DEFAULT, "Count", id, 0), 0);
            for (int a = 0; a < d; a++) {
                check(problems, "centroid", id, centroid[id][a], t.get(ObjectFeature.DEFAULT, "RegionCenter", id, a), 1e-6);
                check(problems, "bbox min", id, bbox[id][a], t.get(ObjectFeature.DEFAULT, "Coord<Minimum>", id, a), 0);
                check(problems, "bbox max", id, bbox[id][d + a], t.get(ObjectFeature.DEFAULT, "Coord<Maximum>", id, a), 0);
                float r = t.get(ObjectFeature.STANDARD, "RegionRadii", id, a);
                check(problems, "radius²", id, eig[id][a], r * r, 1e-5 + 1e-5 * eig[id][0]);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void check(List<String> problems, String what, int id, double expected, double actual, double tol) {
        if (Math.abs(expected - actual) > tol + 1e-6 * Math.abs(expected)) {
            problems.add(what + " of object " + id + ": scikit-image " + expected + ", ours " + actual);
        }
    }
}
