package org.sylva.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.sylva.blockwise.Progress;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.io.WriteOptions;
import org.sylva.pixel.LabelClass;
import org.sylva.project.DataLane;
import org.sylva.project.ProjectFile;
import org.sylva.project.ProjectTraining;
import org.sylva.project.SparseLabels;
import org.sylva.project.SylvaProject;

/**
 * The web app's latency in chromium (docs/performance.md), not a test: run with
 * {@code mvn -B -q -pl app -am test -Dtest=AppLatencyBench -Dsurefire.failIfNoSpecifiedTests=false -Dsylva.bench=true
 * [-Dsylva.bench.reps=9] [-Dsylva.bench.modes=2d,3d] [-Dsylva.bench.out=DIR]}.
 * <ul>
 * <li>2d: a 2048×2048 image (the demo's blobs, mirrored 8×8 times; ilastik's 49 features; a project trained on
 *     the demo scribbles), a 1024×1024 view: opening → first prediction painted; strokes with live update at 100 %
 *     zoom once the visible features are cached → prediction painted.</li>
 * <li>3d: a 256³ volume (blobs in noise; 61 features), three views: slice changes between computed slices.</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "sylva.bench", matches = "true")
class AppLatencyBench {

    @Test
    void latency() throws Exception {
        Browser.require();
        int reps = Integer.getInteger("sylva.bench.reps", 9);
        Path out = Path.of(System.getProperty("sylva.bench.out", "target/bench")).toAbsolutePath();
        Files.createDirectories(out);
        try (Workers workers = Workers.allCores()) {
            String modes = System.getProperty("sylva.bench.modes", "2d,3d");
            if (modes.contains("2d")) run(project2d(out.resolve("2d"), workers), workers, "2d", reps, out);
            if (modes.contains("3d")) run(project3d(out.resolve("3d")), workers, "3d", reps, out);
        }
    }

    private static void run(Path project, Workers workers, String mode, int reps, Path out) throws Exception {
        AppCommand cmd = new AppCommand();
        cmd.inputs = List.of(project);
        long opened = System.currentTimeMillis();     // as `sylva app PROJECT` opens it (the JVM's start aside)
        try (WebServer server = cmd.open(workers).start(0)) {
            JsonNode r = Browser.script("bench.mjs", 1800, server.url(), mode, String.valueOf(reps),
                    out.resolve("app-" + mode + ".png").toString(), String.valueOf(opened));
            Files.writeString(out.resolve("latency-" + mode + ".json"), r.toPrettyString());
            System.out.println("latency " + mode + ": " + r.get("median") + (r.has("failure") ? " FAILED " + r.get("failure") : ""));
            System.out.println(r.toPrettyString());
        }
    }

    /** 2048×2048: the demo image mirrored into 8×8 copies, its scribbles in the top-left copy, trained. */
    static Path project2d(Path dir, Workers workers) throws Exception {
        Files.createDirectories(dir);
        Path demo = Demo.ensure(dir.resolve("demo"), true);
        Image blobs = ImageFiles.read(demo.resolveSibling("blobs.tif").toString());
        Image scribbles = ImageFiles.read(demo.resolveSibling("blobs_annotations.tif").toString());
        int H = blobs.shape().y(), W = blobs.shape().x();
        Image big = Image.create(DType.UINT8, Axes.of("yx"), 2048, 2048);
        Image lab = Image.create(DType.UINT8, Axes.of("yx"), 2048, 2048);
        byte[] b = (byte[]) big.plane(0, 0), l = (byte[]) lab.plane(0, 0);
        for (int y = 0; y < 2048; y++) {
            int sy = mirror(y, H);
            for (int x = 0; x < 2048; x++) {
                int sx = mirror(x, W);
                b[y * 2048 + x] = (byte) (int) blobs.get(0, 0, sy, sx, 0);
                if (y < H && x < W) l[y * 2048 + x] = (byte) (int) scribbles.get(0, 0, y, x, 0);
            }
        }
        Path raw = dir.resolve("blobs2048.tif");
        ImageFiles.write(big, raw, WriteOptions.DEFAULT);
        SylvaProject p = SylvaProject.create(List.of(DataLane.of(raw.toString(), ReadOptions.DEFAULT, big)),
                FeatureSelection.all(), Demo.CLASSES).withSeed(42).withLabels(0, SparseLabels.fromImage(lab));
        p = ProjectTraining.train(p, workers, Progress.NONE).project();
        Path file = dir.resolve("blobs2048.sylva");
        ProjectFile.write(p, file, ProjectFile.SaveOptions.DEFAULT.overwriting().withoutBackup());
        return file;
    }

    /** 256³: bright balls in noise (uint8), two short strokes on the middle slice. */
    static Path project3d(Path dir) throws Exception {
        Files.createDirectories(dir);
        int n = 256;
        Image vol = Image.create(DType.UINT8, Axes.of("zyx"), n, n, n);
        Random r = new Random(3);
        double[][] balls = new double[60][];
        for (int i = 0; i < balls.length; i++) balls[i] = new double[]{r.nextDouble() * n, r.nextDouble() * n, r.nextDouble() * n, 6 + r.nextDouble() * 14};
        for (int z = 0; z < n; z++) {
            byte[] pl = (byte[]) vol.plane(0, z);
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double v = 40 + r.nextGaussian() * 15;
                    for (double[] bl : balls) {
                        double dz = z - bl[0], dy = y - bl[1], dx = x - bl[2];
                        if (dz * dz + dy * dy + dx * dx < bl[3] * bl[3]) { v += 120; break; }
                    }
                    pl[y * n + x] = (byte) Math.max(0, Math.min(255, (int) v));
                }
            }
        }
        Path raw = dir.resolve("balls256.tif");
        ImageFiles.write(vol, raw, WriteOptions.DEFAULT);
        SylvaProject p = SylvaProject.create(List.of(DataLane.of(raw.toString(), ReadOptions.DEFAULT, vol)),
                FeatureSelection.all(), List.of(new LabelClass("background", 0x3060FF), new LabelClass("ball", 0xFFC000))).withSeed(1);
        SparseLabels labels = SparseLabels.empty(vol.shape());
        // background: a line through dark voxels; balls: the centre slab of the first ball
        byte[] mask = new byte[n];
        int z = (int) balls[0][0], y = (int) balls[0][1], x = (int) balls[0][2];
        for (int i = 0; i < n; i++) mask[i] = (byte) (vol.get(0, 128, 5, i, 0) < 70 ? 1 : 0);
        labels = labels.paint(0, new org.sylva.image.Box(128, 5, 0, 1, 1, n), mask, 1);
        labels = labels.fill(0, new org.sylva.image.Box(z, Math.max(0, y - 2), Math.max(0, x - 2), 1, 4, 4), 2);
        p = p.withLabels(0, labels);
        Path file = dir.resolve("balls256.sylva");
        ProjectFile.write(p, file, ProjectFile.SaveOptions.DEFAULT.overwriting().withoutBackup());
        return file;
    }

    private static int mirror(int i, int n) {
        int period = 2 * n;
        int k = i % period;
        return k < n ? k : period - 1 - k;
    }
}
