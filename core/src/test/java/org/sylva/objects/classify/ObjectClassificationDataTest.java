package org.sylva.objects.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sylva.blockwise.Workers;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.pixel.LabelClass;
import org.sylva.testing.Shared;

/** Object classification on real annotated data: labels become object classes, and held-out objects are classified. */
class ObjectClassificationDataTest {

    static Workers workers;

    @BeforeAll
    static void start() { workers = new Workers(2); }

    @AfterAll
    static void stop() { workers.close(); }

    @Test
    void blobsThreeClassesFromStrokesAreLearntLeaveOneOut() throws Exception {
        String dir = "data/bian_blobs_annotated/";
        Image raw = ImageFiles.read(Shared.path(dir + "blobs.tif").toString());
        Image lab = ImageFiles.read(Shared.path(dir + "blobs_labeled.tif").toString());
        Image strokes = ImageFiles.read(Shared.path(dir + "label_annotation.tif").toString());
        ObjectLabels objects = ObjectSegmentation.labelImage().objects(raw, lab, workers);
        assertEquals(63, objects.count(0));
        ObjectAnnotations ann = ObjectAnnotations.fromLabelImage(objects, strokes);
        // the README's objects per stroke class (ids of blobs_labeled.tif): 4 per class
        assertEquals(12, ann.size());
        assertEquals(List.of(0, 4, 4, 4), java.util.Arrays.stream(ann.countsPerClass(3)).boxed().toList());
        ObjectAnnotations.Assignment a = ann.assign(objects);
        int[] expected1 = {27, 31, 33, 39}, expected2 = {3, 8, 32, 36}, expected3 = {11, 15, 18, 22};
        for (int[] ids : new int[][] {expected1, expected2, expected3}) {
            int k = ids == expected1 ? 1 : ids == expected2 ? 2 : 3;
            for (int original : ids) {
                int id = idOf(objects, original);
                assertEquals(k, a.classOf(0)[id], "object " + original);
            }
        }
        List<LabelClass> classes = LabelClass.named(List.of("elongated", "small", "roundish"));
        ObjectFeatureSelection sel = ObjectFeatureSelection.parse("standard", 2, 1);
        ObjectTraining.Result r = ObjectTraining.train(List.of(new ObjectTraining.Sample("blobs.tif", raw, objects, ann)),
                sel, classes, TrainingOptions.defaults().withSeed(3), workers);
        assertEquals(12, r.trained().samples());
        LeaveOneOut.Score s = LeaveOneOut.run(r.tables().get(0), List.of(a.classOf(0)), sel, classes,
                TrainingOptions.defaults().withSeed(3).withThreads(2));
        System.out.printf("blobs leave-one-out: elongated %d/%d, small %d/%d, roundish %d/%d%n", s.hits()[1],
                s.totals()[1], s.hits()[2], s.totals()[2], s.hits()[3], s.totals()[3]);
        for (int k = 1; k <= 3; k++) assertTrue(s.accuracy(k) >= 0.75, "class " + k + ": " + s.accuracy(k));
    }

    @Test
    void apoptoticBrightAndDimNucleiFromTheBinarySegmentation() throws Exception {
        String dir = "data/ilastik_2d_cells_apoptotic/";
        Image raw = ImageFiles.read(Shared.path(dir + "2d_cells_apoptotic_1channel.tif").toString());
        Image seg = ImageFiles.read(Shared.path(dir + "2d_Binary_Segmentation.h5").toString() + "/exported_data");
        Image classesImage = ImageFiles.read(Shared.path(dir + "object_classes_from_ac_ilp_scribbles.tif").toString());
        ObjectLabels objects = ObjectSegmentation.binary().objects(raw, seg, workers);
        ObjectAnnotations ann = ObjectAnnotations.fromLabelImage(objects, classesImage);
        assertEquals(6, ann.size());
        List<LabelClass> classes = LabelClass.named(List.of("dim nucleus", "bright nucleus"));
        ObjectFeatureSelection sel = ObjectFeatureSelection.parse("standard", 2, 1);
        ObjectTraining.Result r = ObjectTraining.train(List.of(new ObjectTraining.Sample("cells", raw, objects, ann)),
                sel, classes, TrainingOptions.defaults(), workers);
        ObjectFeatureTable table = r.tables().get(0).get(0);
        LeaveOneOut.Score s = LeaveOneOut.run(r.tables().get(0), List.of(r.labels().get(0).classOf(0)), sel, classes,
                TrainingOptions.defaults().withThreads(2));
        System.out.printf("apoptotic leave-one-out: dim %d/%d, bright %d/%d%n", s.hits()[1], s.totals()[1],
                s.hits()[2], s.totals()[2]);
        assertEquals(4, s.totals()[1]);
        assertEquals(2, s.totals()[2]);
        assertTrue(s.accuracy(1) >= 0.75 && s.accuracy(2) >= 0.5, "per class " + s.accuracy(1) + ", " + s.accuracy(2));
        // on all objects: those predicted bright are brighter on average than those predicted dim
        ObjectPredictions p = r.classifier().predict(table, 2);
        double[] sum = new double[3];
        int[] n = new int[3];
        for (int id = 1; id <= table.objects(); id++) {
            sum[p.predicted(id)] += table.get("Standard Object Features", "Mean", id, 0);
            n[p.predicted(id)]++;
        }
        assertTrue(n[1] > 0 && n[2] > 0, "both classes predicted: " + n[1] + ", " + n[2]);
        assertTrue(sum[2] / n[2] > 1.3 * sum[1] / n[1], "bright mean " + sum[2] / n[2] + " vs dim " + sum[1] / n[1]);
    }

    static int idOf(ObjectLabels objects, long original) {
        for (int id = 1; id <= objects.count(0); id++) if (objects.originalId(0, id) == original) return id;
        throw new AssertionError("no object with original id " + original);
    }

}
