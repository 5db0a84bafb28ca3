package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 2D skeleton features against vigra's own {@code extractSkeletonFeatures} (the committed oracle): every object
 * of the blobs image (objects on the border included) and of the hand-made edge cases (single pixels, lines, a
 * diagonal), every feature including the terminals.
 */
class SkeletonFeaturesTest {

    @RegisterExtension
    static final FeatureOracle.Pool workers = new FeatureOracle.Pool();

    static List<FeatureOracle.Case> cases() throws IOException {
        return FeatureOracle.cases().stream().filter(FeatureOracle.Case::skeleton).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void skeletonFeaturesMatchVigra(FeatureOracle.Case c) throws IOException {
        ObjectFeatureSelection sel = ObjectFeatureSelection.none();
        for (ObjectFeature f : FeatureCatalog.skeleton()) sel = sel.with(ObjectFeature.SKELETON_2D, f.name());
        ObjectFeatureTable t = new ObjectFeatures(workers.get()).compute(c.raw(), c.labels(), 0, sel);
        Map<String, float[][]> ref = c.reference(0);
        List<String> problems = new ArrayList<>();
        for (ObjectFeature f : FeatureCatalog.skeleton()) {
            float[][] r = ref.get(ObjectFeature.SKELETON_2D + "/" + f.name());
            assertEquals(t.objects() + 1, r.length, f.name());
            problems.addAll(Compare.problems(c.name() + " " + f.name(), r, t.values(ObjectFeature.SKELETON_2D, f.name()),
                    f.values()));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
