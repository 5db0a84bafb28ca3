package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ilastik's standard object features, computed by vigra 1.11.1 through ilastik's own steps (the committed oracle of
 * {@code make_reference.py}), reproduced to float precision on real images: 2D and 3D, one and several channels,
 * 8-bit, 16-bit and float data, a movie with an empty frame, single pixels, lines and objects on the border — every
 * feature vigra offers for the image, the neighbourhood features and their stored companions, the default group.
 */
class StandardFeaturesMatchVigraTest {

    @RegisterExtension
    static final FeatureOracle.Pool workers = new FeatureOracle.Pool();

    static List<FeatureOracle.Case> cases() throws IOException {
        return FeatureOracle.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyStandardFeatureMatchesVigraToFloatPrecision(FeatureOracle.Case c) throws IOException {
        List<ObjectFeatureTable> tables = new ObjectFeatures(workers.get()).compute(c.raw(), c.labels(), c.selection());
        assertEquals(c.raw().shape().t(), tables.size());
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (ObjectFeatureTable table : tables) {
            Map<String, float[][]> ref = c.reference(table.time());
            TreeSet<String> expected = new TreeSet<>();
            for (String key : ref.keySet()) {
                if (key.startsWith(ObjectFeature.STANDARD + "/") || key.startsWith(ObjectFeature.DEFAULT + "/")) {
                    expected.add(key);
                }
            }
            TreeSet<String> computed = new TreeSet<>();
            for (ObjectFeature f : table.features()) computed.add(f.plugin() + "/" + f.name());
            if (table.objects() > 0) assertEquals(expected, computed, "the features of time point " + table.time());
            else assertTrue(ref.isEmpty(), "a frame without objects has no reference");
            for (String key : expected) {
                String[] pf = key.split("/", 2);
                ObjectFeature f = table.feature(pf[0], pf[1]).orElseThrow();
                problems.addAll(Compare.problems(c.name() + " t" + table.time() + " " + key, ref.get(key),
                        table.values(pf[0], pf[1]), f.values()));
                compared++;
            }
        }
        assertTrue(compared > 0, "nothing compared");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
