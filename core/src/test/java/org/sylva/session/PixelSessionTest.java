package org.sylva.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.image.Shape;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelClassifier;
import org.sylva.pixel.PixelSource;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.ProjectTraining;
import org.sylva.project.SylvaProject;

/**
 * The interactive session against the headless path: the same labels must give the same forest and the same
 * probabilities, bit for bit, however the labels were painted, erased and retrained.
 */
class PixelSessionTest {

    private static Workers workers;

    @BeforeAll
    static void start() { workers = new Workers(2); }

    @AfterAll
    static void stop() { workers.close(); }

    private static final FeatureSelection FEATURES = FeatureSelection.parse("GaussianSmoothing@0.7,"
            + "GaussianSmoothing@3.5,LaplacianOfGaussian@1.6,GaussianGradientMagnitude@1.0,"
            + "StructureTensorEigenvalues@1.6,HessianOfGaussianEigenvalues@3.5");
    private static final List<LabelClass> CLASSES = LabelClass.named(List.of("background", "blob"));

    /** Bright discs on a dark, noisy background (uint8), axes as given. */
    static Image blobs(long seed, Axes axes, long... dims) {
        Image img = Image.create(DType.UINT8, axes, dims);
        Shape s = img.shape();
        Random r = new Random(seed);
        int n = 12;
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) c[i] = new double[]{r.nextDouble() * s.z(), r.nextDouble() * s.y(), r.nextDouble() * s.x(), 4 + r.nextDouble() * 8};
        for (int t = 0; t < s.t(); t++) {
            for (int z = 0; z < s.z(); z++) {
                byte[] p = (byte[]) img.plane(t, z);
                for (int y = 0; y < s.y(); y++) {
                    for (int x = 0; x < s.x(); x++) {
                        double v = 30 + r.nextGaussian() * 12;
                        for (double[] b : c) {
                            double dz = s.z() > 1 ? z - b[0] : 0, d = Math.sqrt(dz * dz + (y - b[1]) * (y - b[1]) + (x - b[2]) * (x - b[2]));
                            if (d < b[3]) v += 150;
                        }
                        p[y * s.x() + x] = (byte) Math.max(0, Math.min(255, (int) v));
                    }
                }
            }
        }
        return img;
    }

    private static PixelSession session(Path dir, Image img) throws IOException {
        Path file = dir.resolve("img.tif");
        ImageFiles.write(img, file, WriteOptions.DEFAULT);
        DataLane lane = DataLane.open(file.toString(), ReadOptions.DEFAULT);
        SylvaProject p = SylvaProject.create(List.of(lane), FEATURES, CLASSES).withSeed(7).withTreeCount(20);
        return new PixelSession(p, null, workers, 512L << 20);
    }

    /** The headless probabilities for the session's labels: ProjectTraining + PixelClassifier on the whole image. */
    private static Image headless(SylvaProject p, int lane) throws IOException {
        ProjectTraining.Trained tr = ProjectTraining.train(p, workers, Progress.NONE);
        PixelClassifier c = tr.project().classifier().orElseThrow();
        return c.probabilities(p.lanes().get(lane).read(), null, workers, Progress.NONE);
    }

    private static void assertTileMatches(PredictionTile tile, Image probs, Shape s) {
        TileId id = tile.id();
        int K = probs.shape().c();
        assertEquals(K, tile.classes());
        Image seg = org.sylva.pixel.PixelOutputs.simpleSegmentation(probs);
        Image unc = org.sylva.pixel.PixelOutputs.uncertainty(probs);
        for (int i = 0; i < tile.height(); i++) {
            for (int j = 0; j < tile.width(); j++) {
                int[] v = id.plane().voxel(id.row0() + i * id.stride(), id.col0() + j * id.stride());
                int o = i * tile.width() + j;
                for (int k = 0; k < K; k++) {
                    float want = (float) probs.get(id.t(), v[0], v[1], v[2], k);
                    if (want != tile.probabilities()[o * K + k]) {
                        throw new AssertionError("tile " + id + " pixel " + i + "," + j + " (z,y,x " + v[0] + "," + v[1] + ","
                                + v[2] + ") class " + (k + 1) + ": headless " + want + ", session " + tile.probabilities()[o * K + k]);
                    }
                }
                assertEquals((int) seg.get(id.t(), v[0], v[1], v[2], 0), tile.segmentation()[o]);
                assertEquals((float) unc.get(id.t(), v[0], v[1], v[2], 0), tile.uncertainty()[o]);
            }
        }
    }

    /** The same trees, classes and out-of-bag accuracy (the training report's wall time differs, of course). */
    private static void assertSameForest(org.sylva.forest.RandomForest want, org.sylva.forest.RandomForest got) {
        assertEquals(want.trees(), got.trees(), "the session's forest must be the one headless training grows from the same labels");
        assertArrayEquals(want.classLabels(), got.classLabels());
        assertEquals(want.training().orElseThrow().oobAccuracy(), got.training().orElseThrow().oobAccuracy());
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /**
     * Previews of zoomed-out tiles computed before any of their features (the session then computes the features of
     * the predicted pixels' rows only, several previews side by side) give the headless probabilities at those pixels,
     * bit for bit; the full tiles after them too.
     */
    @Test
    void zoomedOutPreviewsComputeTheFeaturesOfTheirPixelsOnlyAndMatchTheHeadlessProbabilities(@TempDir Path dir) throws Exception {
        Image img = blobs(5, Axes.of("yx"), 600, 560);
        try (PixelSession s = session(dir, img)) {
            Plane xy = Plane.xy(0);
            s.paint(0, 0, xy, new double[]{5, 10, 590}, new double[]{5, 300, 550}, 3, 1);
            s.paint(0, 0, xy, new double[]{100, 440}, new double[]{20, 360}, 2, 2);
            get(s.train());
            Image want = headless(s.project(), 0);
            Shape sh = s.shape(0);
            List<CompletableFuture<PredictionTile>> previews = new ArrayList<>();
            for (int row = 0; row < 2; row++) for (int col = 0; col < 2; col++) previews.add(s.prediction(new TileId(0, 0, xy, 1, row, col), 4));
            previews.add(s.prediction(new TileId(0, 0, xy, 2, 0, 0), 4));
            previews.add(s.prediction(new TileId(0, 0, xy, 1, 0, 1), 2));
            for (CompletableFuture<PredictionTile> f : previews) {
                PredictionTile t = get(f);
                assertTrue(t.preview());
                int stride = f == previews.get(5) ? 2 : 4;
                assertPreviewMatches(t, stride, want);
            }
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 2; col++) assertTileMatches(get(s.prediction(new TileId(0, 0, xy, 1, row, col), 1)), want, sh);
            }
        }
    }

    /** The predicted pixels of a preview (every stride-th per axis of the tile) hold the headless values. */
    private static void assertPreviewMatches(PredictionTile tile, int stride, Image probs) {
        TileId id = tile.id();
        int K = probs.shape().c();
        for (int i = 0; i < tile.height(); i += stride) {
            for (int j = 0; j < tile.width(); j += stride) {
                int[] v = id.plane().voxel(id.row0() + i * id.stride(), id.col0() + j * id.stride());
                int o = i * tile.width() + j;
                for (int k = 0; k < K; k++) {
                    float want = (float) probs.get(id.t(), v[0], v[1], v[2], k);
                    if (want != tile.probabilities()[o * K + k]) {
                        throw new AssertionError("preview " + id + " stride " + stride + " pixel " + i + "," + j + " class "
                                + (k + 1) + ": headless " + want + ", session " + tile.probabilities()[o * K + k]);
                    }
                }
            }
        }
    }

    @Test
    void paintedLabelsTrainTheHeadlessForestAndPredictItsProbabilities(@TempDir Path dir) throws Exception {
        Image img = blobs(1, Axes.of("yx"), 300, 280);
        try (PixelSession s = session(dir, img)) {
            assertNull(s.model());
            assertThrows(IllegalStateException.class, () -> s.prediction(new TileId(0, 0, Plane.xy(0), 0, 0, 0), 1));
            Plane xy = Plane.xy(0);
            s.paint(0, 0, xy, new double[]{5, 10, 290}, new double[]{5, 200, 270}, 3, 1);
            s.paint(0, 0, xy, new double[]{100, 140}, new double[]{20, 60}, 2, 2);
            s.paint(0, 0, xy, new double[]{200}, new double[]{150}, 5, 2);
            Model m = get(s.train());
            assertNotNull(m);
            assertEquals(1, m.generation());
            long[] counts = s.labelledPerClass();
            assertEquals(counts[0] + counts[1], m.samples());
            Image want = headless(s.project(), 0);
            ProjectTraining.Trained tr = ProjectTraining.train(s.project(), workers, Progress.NONE);
            assertSameForest(tr.project().storedForest().orElseThrow().forest(), m.classifier().forest());
            assertTrue(s.project().forestIsCurrent(), "the trained forest is recorded as current");
            Shape sh = s.shape(0);
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 2; col++) assertTileMatches(get(s.prediction(new TileId(0, 0, xy, 0, row, col), 1)), want, sh);
            }
            assertTileMatches(get(s.prediction(new TileId(0, 0, xy, 1, 0, 0), 1)), want, sh);

            // edit: erase part of a stroke, paint over another with the other class; the samples are updated
            s.paint(0, 0, xy, new double[]{5, 10}, new double[]{5, 200}, 9, 0);
            s.paint(0, 0, xy, new double[]{200}, new double[]{150}, 3, 1);
            s.paint(0, 0, xy, new double[]{50}, new double[]{250}, 4, 2);
            Model m2 = get(s.train());
            assertEquals(2, m2.generation());
            Image want2 = headless(s.project(), 0);
            assertSameForest(ProjectTraining.train(s.project(), workers, Progress.NONE).project().storedForest().orElseThrow()
                    .forest(), m2.classifier().forest());
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 2; col++) assertTileMatches(get(s.prediction(new TileId(0, 0, xy, 0, row, col), 1)), want2, sh);
            }
            PredictionTile preview = get(s.prediction(new TileId(0, 0, xy, 0, 1, 1), 4));
            assertEquals(2, preview.generation());
        }
    }

    @Test
    void volumesArePaintedAndPredictedOnEveryPlane(@TempDir Path dir) throws Exception {
        Image vol = blobs(2, Axes.of("zyx"), 30, 40, 36);
        try (PixelSession s = session(dir, vol)) {
            s.paint(0, 0, Plane.xy(3), new double[]{2, 2}, new double[]{2, 30}, 2, 1);
            s.paint(0, 0, new Plane('y', 20), new double[]{10, 25}, new double[]{5, 30}, 2, 2);
            s.paint(0, 0, new Plane('x', 17), new double[]{1, 28}, new double[]{38, 38}, 1, 1);
            s.paint(0, 0, new Plane('x', 9), new double[]{14}, new double[]{20}, 6, 2);
            assertThrows(IllegalArgumentException.class, () -> s.paint(0, 0, new Plane('x', 36), new double[]{1}, new double[]{1}, 1, 1));
            Model m = get(s.train());
            Image want = headless(s.project(), 0);
            Shape sh = s.shape(0);
            for (Plane p : List.of(Plane.xy(0), Plane.xy(17), new Plane('y', 39), new Plane('x', 0), new Plane('x', 20))) {
                assertTileMatches(get(s.prediction(new TileId(0, 0, p, 0, 0, 0), 1)), want, sh);
            }
            assertTileMatches(get(s.prediction(new TileId(0, 0, new Plane('y', 5), 1, 0, 0), 1)), want, sh);
            assertEquals(1, m.generation());
            // features of a tile equal the engine's features of the whole volume
            Image all = new FeatureEngine(FEATURES, workers).compute(vol);
            float[] f = get(s.featureTile(new TileId(0, 0, new Plane('x', 11), 0, 0, 0), 5));
            for (int z = 0; z < 30; z++) {
                for (int y = 0; y < 40; y++) assertEquals((float) all.get(0, z, y, 11, 5), f[z * 40 + y]);
            }
        }
    }

    @Test
    void aRetrainCancelsQueuedPredictionsOfTheOldGeneration(@TempDir Path dir) throws Exception {
        Image img = blobs(3, Axes.of("yx"), 1024, 1024);
        try (PixelSession s = session(dir, img)) {
            s.paint(0, 0, Plane.xy(0), new double[]{10, 1000}, new double[]{10, 1000}, 3, 1);
            s.paint(0, 0, Plane.xy(0), new double[]{500, 520}, new double[]{10, 1000}, 3, 2);
            get(s.train());
            List<CompletableFuture<PredictionTile>> old = new ArrayList<>();
            for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) old.add(s.prediction(new TileId(0, 0, Plane.xy(0), 0, r, c), 1));
            s.paint(0, 0, Plane.xy(0), new double[]{700}, new double[]{700}, 5, 2);
            Model m2 = get(s.train());
            int stale = 0;
            for (CompletableFuture<PredictionTile> f : old) {
                try {
                    assertEquals(1, get(f).generation());
                } catch (ExecutionException e) {
                    assertInstanceOf(StaleException.class, e.getCause());
                    stale++;
                }
            }
            assertTrue(stale > 0, "queued tiles of generation 1 must be cancelled by the retrain");
            assertEquals(2, get(s.prediction(new TileId(0, 0, Plane.xy(0), 0, 3, 3), 1)).generation());
            assertEquals(2, m2.generation());
        }
    }

    @Test
    void liveUpdateRetrainsAfterEveryEditAndTellsListeners(@TempDir Path dir) throws Exception {
        Image img = blobs(4, Axes.of("yx"), 120, 130);
        try (PixelSession s = session(dir, img)) {
            List<SessionEvent> events = new CopyOnWriteArrayList<>();
            s.addListener(events::add);
            s.setLiveUpdate(true);
            s.paint(0, 0, Plane.xy(0), new double[]{3, 100}, new double[]{3, 3}, 2, 1);
            s.paint(0, 0, Plane.xy(0), new double[]{60}, new double[]{60}, 8, 2);
            long until = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < until && (s.model() == null || s.model().samples() != (int) (s.labelledPerClass()[0] + s.labelledPerClass()[1]))) {
                Thread.sleep(20);
            }
            assertNotNull(s.model());
            assertTrue(events.stream().anyMatch(e -> e instanceof SessionEvent.Trained));
            assertTrue(events.stream().anyMatch(e -> e instanceof SessionEvent.LabelsChanged));
            assertSameForest(ProjectTraining.train(s.project(), workers, Progress.NONE).project().storedForest().orElseThrow()
                    .forest(), s.model().classifier().forest());
            assertTrue(s.undo());
            assertEquals(0, s.labelledPerClass()[1]);
        }
    }

    @Test
    void savedSessionsReopenWithTheirLabelsAndClassifier(@TempDir Path dir) throws Exception {
        Image img = blobs(5, Axes.of("yx"), 100, 90);
        Path project = dir.resolve("p.sylva");
        SylvaProject saved;
        try (PixelSession s = session(dir, img)) {
            assertThrows(IllegalStateException.class, () -> s.save(null, false));
            s.paint(0, 0, Plane.xy(0), new double[]{3, 90}, new double[]{3, 3}, 2, 1);
            s.paint(0, 0, Plane.xy(0), new double[]{50}, new double[]{50}, 6, 2);
            get(s.train());
            assertTrue(s.isDirty());
            saved = s.save(project, false);
            assertFalse(s.isDirty());
        }
        ProjectFile.Loaded l = ProjectFile.read(project);
        assertEquals(saved.labels(), l.project().labels());
        assertTrue(l.project().forestIsCurrent());
        try (PixelSession s = new PixelSession(l.project(), project, workers, 256L << 20)) {
            assertNotNull(s.model(), "a current stored forest is used at once");
            PredictionTile t = get(s.prediction(new TileId(0, 0, Plane.xy(0), 0, 0, 0), 1));
            assertTileMatches(t, headless(l.project(), 0), s.shape(0));
            s.paint(0, 0, Plane.xy(0), new double[]{80}, new double[]{80}, 2, 2);
            s.save(null, false);
        }
        assertTrue(Files.exists(ProjectFile.backupOf(project)));
    }

    @Test
    void classesFeaturesLabelGroupsAndImport(@TempDir Path dir) throws Exception {
        Image img = blobs(6, Axes.of("yx"), 80, 70);
        try (PixelSession s = session(dir, img)) {
            s.paint(0, 0, Plane.xy(0), new double[]{3.5, 3.5}, new double[]{3.5, 20.5}, 1, 1);
            s.paint(0, 0, Plane.xy(0), new double[]{40.5, 40.5}, new double[]{3.5, 20.5}, 1, 1);
            s.paint(0, 0, Plane.xy(0), new double[]{60.5}, new double[]{60.5}, 1, 2);
            List<Stroke> groups = s.strokes(0, 100);
            assertEquals(3, groups.size());
            assertEquals(List.of(1, 1, 2), groups.stream().map(Stroke::label).toList());
            assertEquals(18, groups.get(0).pixels());
            assertEquals(3, groups.get(0).y0());
            assertEquals(1, groups.get(2).pixels());

            int k = s.addClass("debris", -1);
            assertEquals(3, k);
            s.updateClass(3, "dirt", 0x123456);
            assertEquals(new LabelClass("dirt", 0x123456), s.project().classes().get(2));
            assertThrows(IllegalArgumentException.class, () -> s.updateClass(4, "x", -1));
            Image lab = Image.create(DType.UINT8, Axes.of("yx"), 80, 70);
            lab.set(0, 0, 10, 10, 0, 3);
            lab.set(0, 0, 3, 3, 0, 2);
            assertEquals(2, s.importLabels(0, lab));
            assertEquals(2, s.project().labels(0).get(0, 0, 3, 3));
            assertEquals(1, s.project().labels(0).get(0, 0, 3, 4), "unlabelled pixels of the import keep their labels");
            Model m = get(s.train());
            assertEquals(3, m.samplesPerClass().length);
            assertEquals(3, get(s.prediction(new TileId(0, 0, Plane.xy(0), 0, 0, 0), 1)).classes());
            s.deleteClass(2);
            assertNull(s.model());
            assertEquals(0, s.project().labels(0).get(0, 0, 60, 60));
            assertEquals(2, s.project().labels(0).get(0, 0, 10, 10), "class 3 moved down to 2");
            s.setFeatures(FeatureSelection.parse("GaussianSmoothing@1.0"));
            Model m2 = get(s.train());
            assertEquals(1, m2.classifier().forest().featureCount());
            assertTileMatches(get(s.prediction(new TileId(0, 0, Plane.xy(0), 0, 0, 0), 1)), headlessLenient(s.project()), s.shape(0));
            assertThrows(IllegalArgumentException.class, () -> s.setFeatures(FeatureSelection.parse("GaussianSmoothing@30")));
            Image wrong = Image.create(DType.UINT8, Axes.of("yx"), 80, 71);
            assertThrows(IllegalArgumentException.class, () -> s.importLabels(0, wrong));
        }
    }

    /** Headless probabilities with the session's classes even if one class has no labels (as ilastik's GUI). */
    private static Image headlessLenient(SylvaProject p) throws IOException {
        return headless(p, 0);
    }

    @Test
    void exportsTheProjectsImagesAndNewFiles(@TempDir Path dir) throws Exception {
        Image img = blobs(8, Axes.of("yx"), 64, 64);
        Path other = dir.resolve("other.tif");
        ImageFiles.write(blobs(9, Axes.of("yx"), 50, 60), other, WriteOptions.DEFAULT);
        try (PixelSession s = session(dir, img)) {
            assertThrows(IllegalStateException.class, () -> s.batches().start(new BatchRunner.Request(List.of(PixelSource.PROBABILITIES),
                    ExportSettings.DEFAULT, List.of(0), List.of())));
            s.paint(0, 0, Plane.xy(0), new double[]{3, 60}, new double[]{3, 3}, 2, 1);
            s.paint(0, 0, Plane.xy(0), new double[]{30}, new double[]{30}, 6, 2);
            get(s.train());
            CompletableFuture<SessionEvent.JobFinished> end = new CompletableFuture<>();
            s.addListener(e -> { if (e instanceof SessionEvent.JobFinished f) end.complete(f); });
            ExportSettings settings = ExportSettings.DEFAULT.withFormat(ExportFormat.parse("tif"))
                    .withFilenameTemplate(dir.resolve("out/{nickname}_{result_type}").toString());
            s.batches().start(new BatchRunner.Request(List.of(PixelSource.SIMPLE_SEGMENTATION, PixelSource.LABELS), settings,
                    List.of(0), List.of(other.toString(), dir.resolve("missing.tif").toString())));
            SessionEvent.JobFinished f = end.get(60, TimeUnit.SECONDS);
            assertEquals("failed", f.state(), "one file is missing");
            assertEquals(1, f.errors().size());
            assertTrue(f.errors().get(0).contains("missing.tif"), f.errors().toString());
            assertEquals(4, f.files().size(), f.files().toString());
            Image seg = ImageFiles.read(dir.resolve("out/img_Simple Segmentation.tif").toString());
            Image want = org.sylva.pixel.PixelOutputs.simpleSegmentation(headless(s.project(), 0));
            assertArrayEquals((byte[]) want.plane(0, 0), (byte[]) seg.plane(0, 0));
            Image labels = ImageFiles.read(dir.resolve("out/img_Labels.tif").toString());
            assertEquals(1, (int) labels.get(0, 0, 3, 3, 0));
        }
    }

    @Test
    void badRequestsAreRefusedWithAMessage(@TempDir Path dir) throws Exception {
        Image img = blobs(10, Axes.of("yx"), 40, 40);
        try (PixelSession s = session(dir, img)) {
            assertThrows(IllegalArgumentException.class, () -> s.rawTile(new TileId(1, 0, Plane.xy(0), 0, 0, 0), 0));
            assertThrows(IllegalArgumentException.class, () -> s.rawTile(new TileId(0, 1, Plane.xy(0), 0, 0, 0), 0));
            assertThrows(IllegalArgumentException.class, () -> s.rawTile(new TileId(0, 0, Plane.xy(1), 0, 0, 0), 0));
            assertThrows(IllegalArgumentException.class, () -> s.rawTile(new TileId(0, 0, Plane.xy(0), 0, 1, 0), 0));
            assertThrows(IllegalArgumentException.class, () -> s.rawTile(new TileId(0, 0, Plane.xy(0), 0, 0, 0), 1));
            assertThrows(IllegalArgumentException.class, () -> s.paint(0, 0, Plane.xy(0), new double[]{1}, new double[]{1}, 2, 3));
            assertThrows(IllegalArgumentException.class, () -> s.paint(0, 0, new Plane('y', 0), new double[]{1}, new double[]{1}, 2, 1));
            assertThrows(IllegalArgumentException.class, () -> s.paint(0, 0, Plane.xy(0), new double[]{1}, new double[]{1}, 0, 1));
            assertEquals(0, s.paint(0, 0, Plane.xy(0), new double[]{-50}, new double[]{-50}, 3, 1), "outside: nothing painted");
            float[] raw = s.rawTile(new TileId(0, 0, Plane.xy(0), 0, 0, 0), 0);
            assertEquals(1600, raw.length);
            assertEquals((float) img.get(0, 0, 7, 9, 0), raw[7 * 40 + 9]);
            float[] coarse = s.rawTile(new TileId(0, 0, Plane.xy(0), 2, 0, 0), 0);
            assertEquals(100, coarse.length);
            assertEquals((float) img.get(0, 0, 8, 12, 0), coarse[2 * 10 + 3]);
        }
    }

    @Test
    void brushCoversTheDiscAroundThePath() {
        Brush.Raster r = Brush.raster(new double[]{10.5}, new double[]{10.5}, 1, 100, 100);
        assertEquals(1, r.count());
        Brush.Raster line = Brush.raster(new double[]{5.5, 5.5}, new double[]{0.5, 20.5}, 1, 100, 100);
        assertEquals(21, line.count());
        Brush.Raster disc = Brush.raster(new double[]{50}, new double[]{50}, 20, 100, 100);
        assertTrue(Math.abs(disc.count() - Math.PI * 100) < 40, "disc of radius 10: " + disc.count());
        assertNull(Brush.raster(new double[]{-30}, new double[]{-30}, 4, 100, 100));
    }
}
