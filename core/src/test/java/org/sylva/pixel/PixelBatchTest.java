package org.sylva.pixel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFileException;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.testing.Shared;

class PixelBatchTest {

    private static final FeatureSelection SELECTION =
            FeatureSelection.parse("GaussianSmoothing@1.0,GaussianGradientMagnitude@1.6,DifferenceOfGaussians@3.5");
    private static Workers workers;
    private static PixelClassifier classifier;
    private static Path data;

    @BeforeAll
    static void train() throws Exception {
        data = Shared.path("data/dsb2018_nuclei_stardist");
        Path res = Path.of(PixelBatchTest.class.getResource("/pixel/scribbles.json").toURI()).getParent();
        workers = new Workers(2);
        classifier = PixelTraining.train(List.of(ImageFiles.read(data.resolve("img2d.tif").toString())),
                List.of(ImageFiles.read(res.resolve("scribbles_img2d.tif").toString())), SELECTION,
                LabelClass.named(List.of("background", "nucleus")), TrainingOptions.defaults().withTreeCount(10),
                workers, Progress.NONE).classifier();
    }

    @AfterAll
    static void close() {
        workers.close();
    }

    private static PixelBatch batch(ExportSettings export, PixelSource... sources) {
        return new PixelBatch(classifier, new PixelBatch.Settings(List.of(sources), export, ReadOptions.DEFAULT,
                ReadOptions.DEFAULT, Path.of(".")), workers);
    }

    @Test
    void everyImageGetsEverySourceNamedByItsResultType(@TempDir Path dir) throws IOException {
        Path a = Files.copy(data.resolve("img2d.tif"), dir.resolve("a.tif"));
        Path b = Files.copy(data.resolve("test_img2d.tif"), dir.resolve("b.tif"));
        PixelBatch batch = batch(ExportSettings.DEFAULT, PixelSource.values());
        for (Path raw : List.of(a, b)) {
            PixelBatch.Outcome out = batch.process(raw.toString(), null, Progress.NONE);
            String nick = raw.getFileName().toString().replace(".tif", "");
            List<Path> expected = Stream.of("Probabilities", "Simple Segmentation", "Uncertainty", "Features", "Labels")
                    .map(t -> dir.resolve(nick + "_" + t + ".h5")).toList();
            assertEquals(expected, out.all());

            Image image = ImageFiles.read(raw.toString());
            Image direct = classifier.probabilities(image, null, workers, Progress.NONE);
            Image probs = ImageFiles.read(expected.get(0).toString());
            assertEquals(Axes.of("yxc"), probs.axes(), "the raw file's axes yx plus c");
            assertArrayEquals((float[]) direct.toArray(Axes.of("yxc")), (float[]) probs.toArray(Axes.of("yxc")));
            Image seg = ImageFiles.read(expected.get(1).toString());
            Image unc = ImageFiles.read(expected.get(2).toString());
            for (int y = 0; y < image.shape().y(); y += 7) {
                for (int x = 0; x < image.shape().x(); x += 5) {
                    double p1 = probs.get(0, 0, y, x, 0), p2 = probs.get(0, 0, y, x, 1);
                    assertEquals(p2 > p1 ? 2 : 1, seg.get(0, 0, y, x, 0), "segmentation at " + y + "," + x);
                    assertEquals((float) (1 - Math.abs((float) p1 - (float) p2)), unc.get(0, 0, y, x, 0), 1e-6);
                }
            }
            assertEquals(SELECTION.channelCount(1, 1), ImageFiles.read(expected.get(3).toString()).shape().c());
            Image labels = ImageFiles.read(expected.get(4).toString());
            assertEquals(DType.UINT8, labels.dtype());
            assertEquals(0, ((byte[]) labels.toArray(labels.axes())).length == 0 ? 1 : max((byte[]) labels.toArray(labels.axes())),
                    "an image that was not labelled exports empty labels");
        }
    }

    private static int max(byte[] v) {
        int m = 0;
        for (byte b : v) m = Math.max(m, b & 0xFF);
        return m;
    }

    @Test
    void aPredictionMaskZeroesTheProbabilitiesOutsideIt(@TempDir Path dir) throws IOException {
        Path raw = Files.copy(data.resolve("test_img2d.tif"), dir.resolve("b.tif"));
        Image image = ImageFiles.read(raw.toString());
        Image mask = Image.create(DType.UINT8, Axes.of("yx"), image.shape().y(), image.shape().x());
        for (int y = 20; y < 80; y++) for (int x = 30; x < 90; x++) mask.set(0, 0, y, x, 0, 255);
        Path maskFile = dir.resolve("mask.tif");
        ImageFiles.write(mask, maskFile, WriteOptions.DEFAULT);
        List<Path> files = batch(ExportSettings.DEFAULT.withFormat(ExportFormat.NUMPY)
                .withFilenameTemplate(dir + "/out/{nickname}_{result_type}"), PixelSource.PROBABILITIES)
                .process(raw.toString(), maskFile.toString(), Progress.NONE).all();
        assertEquals(List.of(dir.resolve("out/b_Probabilities.npy")), files);
        Image p = ImageFiles.read(files.get(0).toString());
        Image direct = classifier.probabilities(image, null, workers, Progress.NONE);
        for (int y = 0; y < image.shape().y(); y += 3) {
            for (int x = 0; x < image.shape().x(); x += 3) {
                boolean inside = y >= 20 && y < 80 && x >= 30 && x < 90;
                for (int c = 0; c < 2; c++) {
                    assertEquals(inside ? direct.get(0, 0, y, x, c) : 0, p.get(0, 0, y, x, c), "at " + y + "," + x);
                }
            }
        }
    }

    @Test
    void aVolumeIsRefusedByAClassifierTrainedIn2dAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path vol = dir.resolve("stack.tif");
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("zyx"), 16, 40, 50), vol, WriteOptions.DEFAULT);
        ImageFileException e = assertThrows(ImageFileException.class, () -> batch(ExportSettings.DEFAULT,
                PixelSource.PROBABILITIES).process(vol.toString(), null, Progress.NONE));
        assertEquals(vol + ": the image is 3-D (16 z-slices) but the classifier was trained on 2-D images; ilastik's"
                + " features differ between 2-D and 3-D, so train a classifier on 3-D images", e.getMessage());
        assertEquals(List.of("stack.tif"), listing(dir));
    }

    @Test
    void anImageWithOtherChannelsIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path rgb = dir.resolve("rgb.tif");
        ImageFiles.write(Image.create(DType.UINT8, Axes.of("yxc"), 40, 50, 3), rgb, WriteOptions.DEFAULT);
        ImageFileException e = assertThrows(ImageFileException.class, () -> batch(ExportSettings.DEFAULT,
                PixelSource.SIMPLE_SEGMENTATION).process(rgb.toString(), null, Progress.NONE));
        assertEquals(rgb + ": the image has 3 channels but the classifier was trained on images with 1",
                e.getMessage());
        assertEquals(List.of("rgb.tif"), listing(dir));
    }

    @Test
    void exportSourcesAreNamedAsInIlastik() {
        assertEquals(PixelSource.SIMPLE_SEGMENTATION, PixelSource.parse("simple segmentation"));
        assertEquals(PixelSource.SIMPLE_SEGMENTATION, PixelSource.parse("Simple_Segmentation"));
        assertEquals(PixelSource.PROBABILITIES, PixelSource.parse("PROBABILITIES"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelSource.parse("Segmentation"));
        assertEquals("unknown export source 'Segmentation'; Pixel Classification exports 'Probabilities', "
                + "'Simple Segmentation', 'Uncertainty', 'Features', 'Labels'", e.getMessage());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
