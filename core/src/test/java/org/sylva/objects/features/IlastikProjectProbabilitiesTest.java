package org.sylva.objects.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sylva.blockwise.Workers;
import org.sylva.forest.RandomForest;
import org.sylva.forest.VigraForests;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Shared;

/**
 * The object probabilities ilastik cached in its projects are reproduced exactly: our features of the project's
 * selection ({@code SelectedFeatures}: standard with neighbourhoods, convex hull, skeleton), arranged by
 * {@link FeatureMatrix} in ilastik's column order, fed to the project's own stored forest. (The _wSeg project
 * stores no forest, so there is nothing to reproduce its probabilities with.)
 */
class IlastikProjectProbabilitiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ObjectClassification2d3c_wPred.ilp", "ObjectClassification5t2d1c_wPred.ilp"})
    void storedProbabilitiesAreReproducedWithTheStoredForest(String project) throws IOException {
        Path dir = Shared.path("fixtures/ilastik/object");
        Path ilp = dir.resolve(project);
        boolean movie = project.startsWith("ObjectClassification5t");
        Image raw = ImageFiles.read(dir.resolve(movie ? "inputdata/5t2d1c.h5/data" : "inputdata/2d3c.h5/data").toString());
        RandomForest forest = VigraForests.read(ilp, "ObjectClassification/ClassifierForests").forest();
        List<String> problems = new ArrayList<>();
        int compared = 0;
        try (HdfFile h5 = new HdfFile(ilp); Workers w = new Workers(2)) {
            Image labels = storedLabels(h5, raw.shape().t(), raw.shape().y(), raw.shape().x());
            ObjectFeatureSelection computed = selection(h5, "ObjectExtraction/Features");
            ObjectFeatureSelection selected = selection(h5, "ObjectClassification/SelectedFeatures");
            List<ObjectFeatureTable> tables = new ObjectFeatures(w).compute(raw, labels, computed);
            FeatureMatrix m = FeatureMatrix.of(tables, selected);
            assertEquals(forest.featureCount(), m.columns(), "columns of the classifier");
            float[] p = forest.predict(m.values(), m.rows());
            int k = forest.classCount();
            int row = 0;
            for (ObjectFeatureTable t : tables) {
                float[][] stored = (float[][]) ((Dataset) h5.getByPath(
                        "ObjectClassification/CachedProbabilities/0000/" + t.time())).getData();
                assertEquals(t.objects() + 1, stored.length);
                for (int id = 1; id <= t.objects(); id++, row++) {
                    for (int c = 0; c < k; c++) {
                        compared++;
                        if (stored[id][c] != p[row * k + c] && problems.size() < 10) {
                            problems.add(project + " t" + t.time() + " object " + id + " class " + c + ": stored "
                                    + stored[id][c] + ", ours " + p[row * k + c]);
                        }
                    }
                }
            }
        }
        assertTrue(compared > 0);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static ObjectFeatureSelection selection(HdfFile h5, String group) {
        ObjectFeatureSelection s = ObjectFeatureSelection.none();
        for (Node p : ((Group) h5.getByPath(group)).getChildren().values()) {
            for (Node f : ((Group) p).getChildren().values()) {
                Node margin = ((Group) f).getChildren().get("margin");
                if (margin == null) {
                    s = s.with(p.getName(), f.getName());
                } else {
                    s = s.withMargin(p.getName(), f.getName(), (int[]) ((Dataset) margin).getData());
                }
            }
        }
        return s;
    }

    private static Image storedLabels(HdfFile h5, int times, int ny, int nx) {
        Image labels = Image.create(DType.UINT32, Axes.of("tyx"), times, ny, nx);
        for (int t = 0; t < times; t++) {
            long[][][][][] block = (long[][][][][]) ((Dataset) h5.getByPath(
                    String.format("ObjectExtraction/LabelImage_v2/labelimage000/block%04d", t))).getData();
            int[] plane = (int[]) labels.plane(t, 0);
            for (int x = 0; x < nx; x++) {
                for (int y = 0; y < ny; y++) plane[y * nx + x] = (int) block[0][x][y][0][0];
            }
        }
        return labels;
    }
}
