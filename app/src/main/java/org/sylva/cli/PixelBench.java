package org.sylva.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.export.ExportFormat;
import org.sylva.export.ExportSettings;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.forest.ForestTrainer;
import org.sylva.forest.RandomForest;
import org.sylva.forest.TrainingOptions;
import org.sylva.image.Axes;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.pixel.PixelBatch;
import org.sylva.pixel.PixelClassifier;
import org.sylva.pixel.PixelOutputs;
import org.sylva.pixel.PixelSource;
import org.sylva.pixel.PixelTraining;

/**
 * {@code sylva bench pixel}: the pixel-classification pipeline on the workload of ../shared/bench/anchor_pipeline.py
 * (dsb2018 nuclei, the anchor's scribbles: same function, same seed), beside the anchor itself (ilastik's features
 * on vigra + vigra's forest, one thread) run in the same process tree, and a batch of many small images through one
 * process.
 *
 * <p>Reported, each as the median of {@code reps} runs after a warm-up: forest training on the labelled samples
 * (the anchor's {@code train_s}), forest prediction of every pixel from precomputed features (its
 * {@code predict_s}; from the channel planes our feature engine hands over, and from pixel-major rows as vigra gets
 * them), whole-image prediction with the features computed on the fly, and the foreground IoU.
 */
final class PixelBench {

    private static final String[][] PAIRS = {{"img2d.tif", "mask2d.tif"}, {"test_img2d.tif", "test_mask2d.tif"}};

    private final Path anchor;
    private final Path data;
    private final String python;
    private final int perClass, reps, threads;

    PixelBench(Path anchor, Path data, String python, int perClass, int reps, int threads) {
        this.anchor = anchor;
        this.data = data;
        this.python = python;
        this.perClass = perClass;
        this.reps = reps;
        this.threads = threads;
    }

    void run() throws Exception {
        Path tmp = Files.createTempDirectory("sylva-bench-pixel");
        try {
            runIn(tmp);
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void runIn(Path tmp) throws Exception {
        // the anchor's scribbles, written by its own function in its own order
        List<String> args = new ArrayList<>(List.of(anchor.getParent().toString(), tmp.toString(),
                String.valueOf(perClass)));
        for (String[] p : PAIRS) args.add(data.resolve(p[1]).toString());
        python("""
                import sys, os, numpy as np, tifffile
                sys.path.insert(0, sys.argv[1]); import anchor_pipeline as A
                rng = np.random.default_rng(7)
                for i, gt in enumerate(sys.argv[4:]):
                    tifffile.imwrite(os.path.join(sys.argv[2], 'scribbles%d.tif' % i),
                                     A.scribbles(tifffile.imread(gt), int(sys.argv[3]), rng))
                """, args);
        List<Image> raws = new ArrayList<>(), labels = new ArrayList<>(), truths = new ArrayList<>();
        for (int i = 0; i < PAIRS.length; i++) {
            raws.add(ImageFiles.read(data.resolve(PAIRS[i][0]).toString()));
            truths.add(ImageFiles.read(data.resolve(PAIRS[i][1]).toString()));
            labels.add(ImageFiles.read(tmp.resolve("scribbles" + i + ".tif").toString()));
        }
        long pixels = raws.stream().mapToLong(r -> r.shape().voxelsPerTimePoint()).sum();

        System.out.println("anchor: " + anchor + " " + perClass + " (ilastik features on vigra + vigra RF, 1 thread)");
        List<String> anchorArgs = new ArrayList<>(List.of(String.valueOf(perClass)));
        for (String[] p : PAIRS) anchorArgs.add(data.resolve(p[0]) + ":" + data.resolve(p[1]));
        JsonNode a = anchorRun(anchorArgs);
        System.out.println("  " + a);

        double[] featureS = new double[reps], trainS = new double[reps], forestS = new double[reps],
                forestRowsS = new double[reps], imageS = new double[reps];
        PixelTraining.Result trained = null;
        double iou = 0;
        try (Workers w = new Workers(threads)) {
            for (int r = -1; r < reps; r++) {      // r = −1: warm-up
                trained = PixelTraining.train(raws, labels, FeatureSelection.all(),
                        LabelClass.named(List.of("background", "nucleus")), TrainingOptions.defaults().withSeed(42),
                        w, Progress.NONE);
                PixelClassifier c = trained.classifier();
                // forest prediction alone, on precomputed features (the anchor's predict_s): from the channel planes
                // the feature engine hands over (computeChannels), and from pixel-major rows (vigra's layout)
                double forest = 0, forestRows = 0;
                for (Image raw : raws) {
                    Image f = new FeatureEngine(c.features(), w).compute(raw);
                    int n = (int) f.shape().voxelsPerTimePoint(), F = f.shape().c(), width = f.shape().x();
                    float[] rows = (float[]) f.plane(0, 0);
                    float[][] planes = new float[F][n];
                    for (int i = 0; i < n; i++) for (int ch = 0; ch < F; ch++) planes[ch][i] = rows[i * F + ch];
                    float[] out = new float[n * 2], outRows = new float[n * 2];
                    long t0 = System.nanoTime();
                    c.forest().predictChannels(planes, n, width, out, 0, threads, null);
                    forest += (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    c.forest().predictImage(rows, 0, n, F, width, outRows, 0, threads, null);
                    forestRows += (System.nanoTime() - t0) / 1e9;
                    if (!Arrays.equals(out, outRows)) throw new IllegalStateException("layouts disagree");
                }
                // whole images, features computed tile by tile (what a user waits for)
                long t0 = System.nanoTime();
                List<Image> segs = new ArrayList<>();
                for (Image raw : raws) segs.add(PixelOutputs.simpleSegmentation(c.probabilities(raw, null, w,
                        Progress.NONE)));
                double image = (System.nanoTime() - t0) / 1e9;
                if (r >= 0) {
                    featureS[r] = trained.featureSeconds();
                    trainS[r] = trained.trainingSeconds();
                    forestS[r] = forest;
                    forestRowsS[r] = forestRows;
                    imageS[r] = image;
                }
                iou = iou(segs, truths);
            }
        }
        double vTrain = a.get("train_s").asDouble(), vPredict = a.get("predict_s").asDouble();
        double vFeatures = a.get("feature_s").asDouble();
        System.out.printf(Locale.ROOT, "Sylva, %d threads (median of %d): %,d labelled pixels, %d features, "
                + "foreground IoU %.4f (anchor %.4f)%n", threads, reps, trained.samples(),
                trained.classifier().forest().featureCount(), iou, a.get("foreground_IoU").asDouble());
        System.out.println("| step | anchor (vigra, 1 thread) | Sylva | speed-up |");
        System.out.println("|---|---|---|---|");
        row("forest training on the labelled pixels", vTrain, median(trainS));
        row("features at the labelled pixels (anchor: whole images)", vFeatures, median(featureS));
        row(String.format(Locale.ROOT, "forest prediction, %,d px from feature channels", pixels), vPredict,
                median(forestS));
        row(String.format(Locale.ROOT, "forest prediction, %,d px from pixel-major features", pixels), vPredict,
                median(forestRowsS));
        row("whole images: features + prediction", vFeatures + vPredict, median(imageS));
        batch(tmp, raws.get(1));
    }

    /** 100 small crops through one {@link PixelBatch}: the cost per image once the process runs. */
    private void batch(Path tmp, Image raw) throws Exception {
        PixelClassifier small = PixelTraining.train(List.of(raw), List.of(ImageFiles.read(
                        tmp.resolve("scribbles1.tif").toString())), FeatureSelection.all(), null,
                TrainingOptions.defaults().withSeed(1), new Workers(threads), Progress.NONE).classifier();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Image crop = Image.create(raw.dtype(), Axes.of("yx"), 64, 64);
            int oy = (i * 7) % (raw.shape().y() - 64), ox = (i * 13) % (raw.shape().x() - 64);
            for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) crop.set(0, 0, y, x, 0, raw.get(0, 0, oy + y, ox + x, 0));
            Path f = tmp.resolve(String.format("tile%03d.tif", i));
            ImageFiles.write(crop, f, WriteOptions.DEFAULT);
            files.add(f);
        }
        Files.createDirectories(tmp.resolve("out"));
        try (Workers w = new Workers(threads)) {
            PixelBatch batch = new PixelBatch(small, new PixelBatch.Settings(List.of(PixelSource.SIMPLE_SEGMENTATION),
                    ExportSettings.DEFAULT.withFormat(ExportFormat.parse("tif"))
                            .withFilenameTemplate(tmp + "/out/{nickname}"), ReadOptions.DEFAULT, ReadOptions.DEFAULT,
                    tmp), w);
            batch.process(files.get(0).toString(), null, Progress.NONE);   // the first image pays the JIT
            long t0 = System.nanoTime();
            for (Path f : files) batch.process(f.toString(), null, Progress.NONE);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "batch: 100 images of 64×64, read + 49 features + forest + write tif, one"
                    + " process: %.2f s (%.1f ms per image)%n", s, 1000 * s / 100);
        }
    }

    private static void row(String what, double anchor, double sylva) {
        System.out.printf(Locale.ROOT, "| %s | %.3f s | %.3f s | **%.1f×** |%n", what, anchor, sylva, anchor / sylva);
    }

    private static double iou(List<Image> segs, List<Image> truths) {
        double inter = 0, union = 0;
        for (int i = 0; i < segs.size(); i++) {
            Image s = segs.get(i), g = truths.get(i);
            for (int y = 0; y < g.shape().y(); y++) {
                for (int x = 0; x < g.shape().x(); x++) {
                    boolean a = s.get(0, 0, y, x, 0) == 2, b = g.get(0, 0, y, x, 0) > 0;
                    if (a && b) inter++;
                    if (a || b) union++;
                }
            }
        }
        return inter / union;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private JsonNode anchorRun(List<String> args) throws IOException, InterruptedException {
        return BenchProcesses.anchorRun(python, anchor, args);
    }

    private void python(String code, List<String> args) throws IOException, InterruptedException {
        BenchProcesses.python(python, code, args);
    }
}
