package org.sylva.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.ForestCodec;
import org.sylva.forest.RandomForest;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.testing.Shared;

class PixelWorkflowTest {

    private static List<Image> raws, scribbles, truths;
    private static double vigraIou;

    @BeforeAll
    static void load() throws Exception {
        Path data = Shared.path("data/dsb2018_nuclei_stardist");
        Path res = Path.of(PixelWorkflowTest.class.getResource("/pixel/scribbles.json").toURI()).getParent();
        raws = List.of(ImageFiles.read(data.resolve("img2d.tif").toString()),
                ImageFiles.read(data.resolve("test_img2d.tif").toString()));
        truths = List.of(ImageFiles.read(data.resolve("mask2d.tif").toString()),
                ImageFiles.read(data.resolve("test_mask2d.tif").toString()));
        scribbles = List.of(ImageFiles.read(res.resolve("scribbles_img2d.tif").toString()),
                ImageFiles.read(res.resolve("scribbles_test_img2d.tif").toString()));
        JsonNode oracle = new ObjectMapper().readTree(res.resolve("scribbles.json").toFile());
        vigraIou = oracle.get("vigra_iou_mean").asDouble();
    }

    @Test
    void scribblesFromTheGroundTruthSegmentNucleiAsWellAsIlastiksEngine() {
        // the bar: foreground IoU ≥ ilastik's engine (ilastik features, vigra forest, same labels) − 0.005
        PixelTraining.Result trained;
        double inter = 0, union = 0;
        try (Workers w = new Workers(2)) {
            trained = PixelTraining.train(raws, scribbles, FeatureSelection.all(), LabelClass.named(List.of(
                    "background", "nucleus")), TrainingOptions.defaults().withSeed(42), w, Progress.NONE);
            for (int i = 0; i < raws.size(); i++) {
                Image seg = PixelOutputs.simpleSegmentation(trained.classifier().probabilities(raws.get(i), null, w,
                        Progress.NONE));
                Image gt = truths.get(i);
                for (int y = 0; y < gt.shape().y(); y++) {
                    for (int x = 0; x < gt.shape().x(); x++) {
                        boolean fg = seg.get(0, 0, y, x, 0) == 2, truth = gt.get(0, 0, y, x, 0) > 0;
                        if (fg && truth) inter++;
                        if (fg || truth) union++;
                    }
                }
            }
        }
        double iou = inter / union;
        assertEquals(16800, trained.samples());
        System.out.printf("foreground IoU %.4f (ilastik's engine with the same labels: %.4f)%n", iou, vigraIou);
        assertTrue(iou >= vigraIou - 0.005, "IoU " + iou + " below ilastik's " + vigraIou + " − 0.005");
    }

    @Test
    void theSameSeedGivesIdenticalResultsWhateverTheThreadCount() {
        FeatureSelection sel = FeatureSelection.parse("GaussianSmoothing@1.0,HessianOfGaussianEigenvalues@1.6,"
                + "StructureTensorEigenvalues@3.5,DifferenceOfGaussians@5.0");
        byte[][] forests = new byte[3][];
        float[][] probs = new float[3][];
        int[] threads = {1, 2, 3};
        for (int k = 0; k < 3; k++) {
            try (Workers w = new Workers(threads[k])) {
                PixelClassifier c = PixelTraining.train(raws, scribbles, sel, null,
                        TrainingOptions.defaults().withTreeCount(20).withSeed(7), w, Progress.NONE).classifier();
                // the trees, thresholds and leaves (the training report also holds the wall-clock time)
                RandomForest f = c.forest();
                forests[k] = ForestCodec.toBytes(new RandomForest(f.featureCount(), f.classLabels(), f.trees()));
                Image p = c.probabilities(raws.get(1), null, w, Progress.NONE);
                probs[k] = (float[]) p.toArray(p.axes());
            }
        }
        assertArrayEquals(forests[0], forests[1]);
        assertArrayEquals(forests[0], forests[2]);
        assertArrayEquals(probs[0], probs[1]);
        assertArrayEquals(probs[0], probs[2]);
    }

    @Test
    void simpleSegmentationIsArgmaxPlusOneWithTiesToTheLowerClass() {
        Image p = Image.create(DType.FLOAT32, Axes.of("yxc"), 1, 4, 3);
        float[][] px = {{0.2f, 0.5f, 0.3f}, {0.4f, 0.4f, 0.2f}, {0, 0, 0}, {0.1f, 0.1f, 0.8f}};
        for (int x = 0; x < 4; x++) for (int k = 0; k < 3; k++) p.set(0, 0, 0, x, k, px[x][k]);
        Image seg = PixelOutputs.simpleSegmentation(p);
        Image unc = PixelOutputs.uncertainty(p);
        int[] want = {2, 1, 1, 3};
        float[] wantU = {1 - (0.5f - 0.3f), 1 - (0.4f - 0.4f), 1 - 0f, 1 - (0.8f - 0.1f)};
        for (int x = 0; x < 4; x++) {
            assertEquals(want[x], seg.get(0, 0, 0, x, 0), "pixel " + x);
            assertEquals(wantU[x], unc.get(0, 0, 0, x, 0), 1e-7, "uncertainty " + x);
        }
        assertEquals(DType.UINT8, seg.dtype());
    }

    @Test
    void pixelsOutsideThePredictionMaskGetZeroProbability() {
        FeatureSelection sel = FeatureSelection.parse("GaussianSmoothing@1.0,GaussianGradientMagnitude@1.6");
        try (Workers w = new Workers(2)) {
            PixelClassifier c = PixelTraining.train(raws.subList(1, 2), scribbles.subList(1, 2), sel, null,
                    TrainingOptions.defaults().withTreeCount(10), w, Progress.NONE).classifier();
            Image raw = raws.get(1);
            Image mask = Image.create(DType.UINT8, Axes.of("yx"), raw.shape().y(), raw.shape().x());
            for (int y = 10; y < 60; y++) for (int x = 100; x < 200; x++) mask.set(0, 0, y, x, 0, 1);
            Image masked = c.probabilities(raw, mask, w, Progress.NONE);
            Image full = c.probabilities(raw, null, w, Progress.NONE);
            for (int y = 0; y < raw.shape().y(); y++) {
                for (int x = 0; x < raw.shape().x(); x++) {
                    boolean in = y >= 10 && y < 60 && x >= 100 && x < 200;
                    for (int k = 0; k < 2; k++) {
                        assertEquals(in ? full.get(0, 0, y, x, k) : 0.0, masked.get(0, 0, y, x, k), 0.0);
                    }
                }
            }
        }
    }

    @Test
    void badTrainingDataIsRefusedWithAClearMessage() {
        FeatureSelection sel = FeatureSelection.parse("GaussianSmoothing@1.0");
        try (Workers w = new Workers(1)) {
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> PixelTraining.train(
                    raws.subList(0, 1), scribbles.subList(1, 2), sel, null, TrainingOptions.defaults(), w, Progress.NONE));
            assertTrue(shape.getMessage().contains("must have the same extents"), shape.getMessage());
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> PixelTraining.train(
                    raws.subList(1, 2), scribbles.subList(1, 2), sel, LabelClass.named(List.of("bg", "fg", "debris")),
                    TrainingOptions.defaults(), w, Progress.NONE));
            assertTrue(missing.getMessage().contains("class 'debris' (label value 3) has no labelled pixels"),
                    missing.getMessage());
            Image negative = Image.create(DType.INT16, Axes.of("yx"), 256, 256);
            negative.set(0, 0, 5, 5, 0, -1);
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> PixelTraining.train(
                    raws.subList(1, 2), List.of(negative), sel, null, TrainingOptions.defaults(), w, Progress.NONE));
            assertTrue(neg.getMessage().contains("negative value -1"), neg.getMessage());
            PixelClassifier c = PixelTraining.train(raws.subList(1, 2), scribbles.subList(1, 2), sel, null,
                    TrainingOptions.defaults().withTreeCount(5), w, Progress.NONE).classifier();
            Image rgb = Image.create(DType.UINT8, Axes.of("yxc"), 64, 64, 3);
            IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                    () -> c.probabilities(rgb, null, w, Progress.NONE));
            assertTrue(channels.getMessage().contains("has 3 channels but the classifier was trained on images with 1"),
                    channels.getMessage());
        }
    }
}
