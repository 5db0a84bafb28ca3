package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sylva.blockwise.Workers;
import org.sylva.forest.RandomForest;
import org.sylva.image.Image;
import org.sylva.project.ilp.IlpObjectProject;
import org.sylva.project.ilp.IlpObjectReader;
import org.sylva.testing.Shared;

/**
 * The object probabilities ilastik cached in its projects are reproduced exactly, everything taken from the project
 * through {@link IlpObjectReader}: the raw data of the lane, ilastik's object ids, our features of the features it
 * computes ({@code ObjectExtraction/Features}: standard with neighbourhoods, convex hull, skeleton), arranged by
 * {@link FeatureMatrix} in ilastik's column order for the classifier's selection ({@code SelectedFeatures}), fed to
 * the project's own stored forest. (The _wSeg project stores no forest, so there is nothing to reproduce its
 * probabilities with.)
 */
class IlastikProjectProbabilitiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ObjectClassification2d3c_wPred.ilp", "ObjectClassification5t2d1c_wPred.ilp"})
    void storedProbabilitiesAreReproducedWithTheStoredForest(String name) throws IOException {
        IlpObjectProject project = IlpObjectReader.read(Shared.path("fixtures/ilastik/object/" + name));
        Image raw = IlpObjectReader.resolveRaw(project, 0).read();
        Image ids = IlpObjectReader.storedObjectIds(project, 0);
        RandomForest forest = project.forests().forest();
        List<String> problems = new ArrayList<>();
        int compared = 0;
        try (Workers w = new Workers(2)) {
            List<ObjectFeatureTable> tables = new ObjectFeatures(w).compute(raw, ids, project.computedFeatures());
            FeatureMatrix m = FeatureMatrix.of(tables, project.classifierFeatures());
            assertEquals(forest.featureCount(), m.columns(), "columns of the classifier");
            // the names the importer gives the stored forest's columns without computing features
            assertEquals(m.columnNames(), FeatureMatrix.columnNames(project.classifierFeatures(),
                    raw.shape().z() > 1 ? 3 : 2, raw.shape().c()));
            float[] p = forest.predict(m.values(), m.rows());
            int k = forest.classCount();
            int row = 0;
            for (ObjectFeatureTable t : tables) {
                float[][] stored = IlpObjectReader.cachedProbabilities(project, 0, t.time());
                assertEquals(t.objects() + 1, stored.length);
                for (int id = 1; id <= t.objects(); id++, row++) {
                    for (int c = 0; c < k; c++) {
                        compared++;
                        if (stored[id][c] != p[row * k + c] && problems.size() < 10) {
                            problems.add(name + " t" + t.time() + " object " + id + " class " + c + ": stored "
                                    + stored[id][c] + ", ours " + p[row * k + c]);
                        }
                    }
                }
            }
        }
        assertTrue(compared > 0);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
