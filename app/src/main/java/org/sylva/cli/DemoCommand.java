package org.sylva.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.WriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sylva demo}: the main job on the bundled demo image (the ImageJ "blobs" sample with hand-drawn
 * scribbles, CC BY 4.0): ilastik's full feature set, written as a NumPy file, plus a PNG montage a person can
 * look at.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs Sylva on the bundled demo image (ImageJ 'blobs') and writes the results to a folder.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "sylva-demo",
            description = "Folder for the results (created; default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    /** The channels shown in the montage: one of each feature type at σ = 1.6 (names as ilastik's). */
    private static final List<String> SHOWN = List.of("Gaussian Smoothing (σ=1.6) in 2D",
            "Laplacian of Gaussian (σ=1.6) in 2D", "Gaussian Gradient Magnitude (σ=1.6) in 2D",
            "Difference of Gaussians (σ=1.6) in 2D", "Structure Tensor Eigenvalues (σ=1.6) in 2D [0]",
            "Hessian of Gaussian Eigenvalues (σ=1.6) in 2D [1]", "Gaussian Smoothing (σ=10.0) in 2D");

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Path raw = extract("blobs.tif");
        extract("blobs_annotations.tif");
        extract("README.md");
        Image image = ImageFiles.read(raw.toString());
        FeatureSelection all = FeatureSelection.all();
        long t0 = System.nanoTime();
        Image features;
        try (Workers w = threads == null ? Workers.allCores() : new Workers(threads)) {
            features = new FeatureEngine(all, w).compute(image);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path npy = out.resolve("blobs_features.npy");
        ImageFiles.write(features, npy, WriteOptions.DEFAULT);
        Path png = out.resolve("blobs_features.png");
        ImageFiles.write(montage(image, features, all.channelNames(1, 1)), png, WriteOptions.DEFAULT);
        System.out.printf("Demo image: %s (ImageJ 'blobs', 254×256, CC BY 4.0; see README.md there)%n", raw);
        System.out.printf("Computed ilastik's %d pixel features in %.2f s.%n", features.shape().c(), seconds);
        System.out.printf("  %s  all features, 254×256×%d float32 (axes yxc, ilastik's channel order)%n", npy,
                features.shape().c());
        System.out.printf("  %s  the image and one channel of each feature type, to look at%n", png);
        return 0;
    }

    private Path extract(String name) throws IOException {
        Path target = out.resolve(name);
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) throw new IllegalStateException("demo resource missing: " + name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** The raw image and the {@link #SHOWN} channels side by side, each stretched between its 1st and 99th percentile. */
    static Image montage(Image raw, Image features, List<String> names) {
        int h = raw.shape().y(), w = raw.shape().x(), gap = 4, cols = 4, rows = 2;
        Image m = Image.create(DType.UINT8, Axes.of("yx"), rows * h + (rows - 1) * gap, cols * w + (cols - 1) * gap);
        for (int k = 0; k < rows * cols; k++) {
            int ch = k == 0 ? -1 : names.indexOf(SHOWN.get(k - 1));
            float[] v = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[y * w + x] = (float) (ch < 0 ? raw.get(0, 0, y, x, 0) : features.get(0, 0, y, x, ch));
                }
            }
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            float lo = sorted[sorted.length / 100], hi = sorted[sorted.length * 99 / 100];
            int oy = (k / cols) * (h + gap), ox = (k % cols) * (w + gap);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double t = hi > lo ? (v[y * w + x] - lo) / (hi - lo) : 0;
                    m.set(0, 0, oy + y, ox + x, 0, Math.round(255 * Math.max(0, Math.min(1, t))));
                }
            }
        }
        return m;
    }
}
