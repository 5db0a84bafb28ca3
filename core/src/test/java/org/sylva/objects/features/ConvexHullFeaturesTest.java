package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;

/**
 * The 2D and 3D convex-hull features against an independent restatement of vigra's ConvexHullFeatures in scipy
 * ({@code ilastik_objects.convex_hull}: qhull for the geometric hull, ndimage for the defects, scipy.stats for the
 * unbiased moments), in both hull modes; the "ilastik" mode is also what ilastik stored in its projects (see
 * {@link IlastikProjectFeaturesTest}).
 */
class ConvexHullFeaturesTest {

    @RegisterExtension
    static final FeatureOracle.Pool workers = new FeatureOracle.Pool();

    static List<Object[]> cases() throws IOException {
        List<Object[]> out = new ArrayList<>();
        for (FeatureOracle.Case c : FeatureOracle.cases()) {
            for (String mode : c.hull()) out.add(new Object[] {c, mode});
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void hullFeaturesMatchTheScipyRestatementOfVigra(FeatureOracle.Case c, String mode) throws IOException {
        Image raw = c.raw();
        int dims = raw.shape().z() > 1 ? 3 : 2;
        String plugin = dims == 2 ? ObjectFeature.CONVEX_HULL_2D : ObjectFeature.CONVEX_HULL_3D;
        ObjectFeatureSelection sel = ObjectFeatureSelection.none();
        for (ObjectFeature f : FeatureCatalog.convexHull(dims)) sel = sel.with(plugin, f.name());
        HullMode hullMode = mode.equals("ilastik") ? HullMode.ILASTIK : HullMode.GEOMETRIC;
        List<ObjectFeatureTable> tables = new ObjectFeatures(workers.get(), hullMode).compute(raw, c.labels(), sel);
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (ObjectFeatureTable t : tables) {
            Map<String, float[][]> ref = c.reference(t.time());
            for (ObjectFeature f : FeatureCatalog.convexHull(dims)) {
                float[][] r = ref.get(plugin + " (" + mode + ")/" + f.name());
                if (t.objects() == 0) continue;
                problems.addAll(Compare.problems(c.name() + " " + mode + " " + f.name(), r, t.values(plugin, f.name()),
                        f.values()));
                compared++;
            }
        }
        assertTrue(compared >= 12);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void ilastikModeTakesTheBoundingBoxAsHullAsVigraDoes() {
        // an L: 3 × 3 box, object = left column and bottom row (5 pixels), one defect of 4 pixels
        Image labels = Image.create(DType.UINT32, Axes.of("yx"), 5, 5);
        int[] p = (int[]) labels.plane(0, 0);
        for (int y = 1; y <= 3; y++) p[y * 5 + 1] = 1;
        for (int x = 1; x <= 3; x++) p[3 * 5 + x] = 1;
        Image raw = Image.create(DType.UINT8, Axes.of("yx"), 5, 5);
        ObjectFeatureSelection sel = ObjectFeatureSelection.none();
        for (ObjectFeature f : FeatureCatalog.convexHull(2)) sel = sel.with(ObjectFeature.CONVEX_HULL_2D, f.name());
        ObjectFeatureTable ilastik = new ObjectFeatures(workers.get()).compute(raw, labels, 0, sel);
        ObjectFeatureTable geometric = new ObjectFeatures(workers.get(), HullMode.GEOMETRIC).compute(raw, labels, 0, sel);
        String h = ObjectFeature.CONVEX_HULL_2D;
        assertEquals(9f, ilastik.get(h, "HullVolume", 1, 0));           // the 3 × 3 box
        assertEquals(2f, ilastik.get(h, "HullCenter", 1, 0));           // box centre x
        assertEquals(1f, ilastik.get(h, "DefectCount", 1, 0));
        assertEquals(4f, ilastik.get(h, "DefectVolumeMean", 1, 0));
        assertEquals(5f / 9f, ilastik.get(h, "Convexity", 1, 0));
        // the triangle (1,1)-(1,3)-(3,3) holds 6 pixel centres: the object plus (2,2)
        assertEquals(6f, geometric.get(h, "HullVolume", 1, 0));
        assertEquals(1f, geometric.get(h, "DefectCount", 1, 0));
        assertEquals(1f, geometric.get(h, "DefectVolumeMean", 1, 0));
        assertEquals(2f, geometric.get(h, "DefectCenter", 1, 0));
        assertEquals(2f, geometric.get(h, "DefectCenter", 1, 1));
    }
}
