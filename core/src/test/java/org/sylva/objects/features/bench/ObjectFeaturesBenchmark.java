package org.sylva.objects.features.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.sylva.blockwise.Workers;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.objects.ConnectedComponents;
import org.sylva.objects.Connectivity;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.objects.features.ObjectFeatureTable;
import org.sylva.objects.features.ObjectFeatures;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * Object-feature speed on the anchor's workload, beside vigra measured in the same run (not a test).
 *
 * <p>Input: {@code core/src/test/python/objects/features_bench_input.py} runs {@code ../shared/bench/anchor_objects.py} for
 * its 2D (2048², ~5,600 objects) and 3D (256³, ~1,800 objects) scenes, saves the raw image and vigra's labels, and
 * times vigra's {@code extractRegionFeatures} on the anchor's FEATURES (one thread; median of a few runs). This
 * class then times {@link ObjectFeatures} on the same labels with the same features
 * ({@link ObjectFeatureSelection#standard()}) with 1 and 2 threads: median of {@code REPS} runs after warm-up; and
 * the whole workload, the anchor's {@code total_s}: connected components of the scene's mask
 * ({@link ConnectedComponents#label}, 4/6-neighbourhood as vigra) followed by the standard features on the result;
 * and, beside it, the eight single-channel "in neighborhood" features at ilastik's default margin.
 *
 * <p>Run (from the project root, after {@code mvn -B -q -pl core test-compile}):
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes:$(cat cp.txt)
 * org.sylva.objects.features.bench.ObjectFeaturesBenchmark [OUT_DIR] [REPS]} where cp.txt is
 * {@code mvn -q -pl core dependency:build-classpath -Dmdep.outputFile=cp.txt}
 * ({@code -Dsylva.bench.skipVigra=true} reuses the input of an earlier run and skips vigra).
 */
public final class ObjectFeaturesBenchmark {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "core/target/objects-bench");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path script = Path.of("core/src/test/python/objects/features_bench_input.py");
        if (!Files.exists(script)) script = Path.of("src/test/python/objects/features_bench_input.py");
        boolean skipVigra = Boolean.getBoolean("sylva.bench.skipVigra") && Files.exists(dir.resolve("3d_labels.npy"));
        String vigra = "";
        if (!skipVigra) {
            vigra = Python.run("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
                    script.toAbsolutePath().toString(), Shared.path("bench/anchor_objects.py").toString(),
                    dir.toAbsolutePath().toString(), "5").trim();
            System.out.println("vigra (one thread), anchor_objects.py:\n" + vigra);
        }
        String[] lines = vigra.isEmpty() ? new String[] {"", ""} : vigra.split("\n");
        System.out.printf("%d cores, Java %s, heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        for (int s = 0; s < 2; s++) {
            String mode = s == 0 ? "2d" : "3d";
            String axes = s == 0 ? "yx" : "zyx";
            Image raw = ImageFiles.read(dir.resolve(mode + "_raw.npy").toString(), ReadOptions.withAxes(axes));
            Image labels = ImageFiles.read(dir.resolve(mode + "_labels.npy").toString(), ReadOptions.withAxes(axes));
            double vigraFeatures = number(lines[s], "features_median_s");
            double vigraTotal = number(lines[s], "total_s");
            Image mask = maskOf(labels);
            ObjectFeatureSelection sel = ObjectFeatureSelection.standard();
            for (int threads : new int[] {1, 2}) {
                try (Workers w = new Workers(threads)) {
                    ObjectFeatures features = new ObjectFeatures(w);
                    List<ObjectFeatureTable> t = null;
                    for (int k = 0; k < 3; k++) t = features.compute(raw, labels, sel);   // warm-up
                    double[] sec = new double[reps];
                    for (int r = 0; r < reps; r++) {
                        long t0 = System.nanoTime();
                        t = features.compute(raw, labels, sel);
                        sec[r] = (System.nanoTime() - t0) / 1e9;
                    }
                    double med = median(sec);
                    System.out.printf("%s %s: %d objects, %d thread(s): features median %.3f s (min %.3f) = %.1f× vigra's"
                                    + " features (%.3f s)%n", mode, raw.shape(), t.get(0).objects(), threads, med,
                            Arrays.stream(sec).min().orElse(0), vigraFeatures / med, vigraFeatures);
                    // connected components + standard features, the anchor's total
                    for (int k = 0; k < 3; k++) features.compute(raw, ConnectedComponents.label(mask, Connectivity.DIRECT, w).image(), sel);
                    double[] both = new double[reps];
                    long objects = 0;
                    for (int r = 0; r < reps; r++) {
                        long t0 = System.nanoTime();
                        ObjectLabels cc = ConnectedComponents.label(mask, Connectivity.DIRECT, w);
                        t = features.compute(raw, cc.image(), sel);
                        both[r] = (System.nanoTime() - t0) / 1e9;
                        objects = cc.total();
                    }
                    double bmed = median(both);
                    System.out.printf("%s: connected components + features, %d objects, %d thread(s): median %.3f s"
                                    + " (min %.3f) = %.1f× vigra's total (%.3f s)%n", mode, objects, threads, bmed,
                            Arrays.stream(both).min().orElse(0), vigraTotal / bmed, vigraTotal);
                    // the neighbourhood features at ilastik's default margin (not part of the anchor)
                    ObjectFeatureSelection local = ObjectFeatureSelection.none();
                    for (String f : List.of("Sum", "Mean", "Variance", "Skewness", "Kurtosis", "Minimum", "Maximum",
                            "Histogram")) {
                        local = local.withMargin("Standard Object Features", f + " in neighborhood",
                                ObjectFeatureSelection.defaultMargin(s == 0 ? 2 : 3));
                    }
                    features.compute(raw, labels, local);
                    double[] nb = new double[3];
                    for (int r = 0; r < nb.length; r++) {
                        long t0 = System.nanoTime();
                        features.compute(raw, labels, local);
                        nb[r] = (System.nanoTime() - t0) / 1e9;
                    }
                    System.out.printf("%s: 8 neighbourhood features, margin %s, %d thread(s): median %.3f s (min %.3f)%n",
                            mode, Arrays.toString(ObjectFeatureSelection.defaultMargin(s == 0 ? 2 : 3)), threads,
                            median(nb), Arrays.stream(nb).min().orElse(0));
                }
            }
        }
    }

    /** The scene's foreground as a uint8 mask (vigra labelled exactly its non-zero pixels). */
    private static Image maskOf(Image labels) {
        Image mask = Image.create(DType.UINT8, labels.shape(), labels.axes());
        for (int t = 0; t < labels.shape().t(); t++) {
            for (int z = 0; z < labels.shape().z(); z++) {
                int[] l = (int[]) labels.plane(t, z);
                byte[] m = (byte[]) mask.plane(t, z);
                for (int i = 0; i < l.length; i++) m[i] = (byte) (l[i] != 0 ? 1 : 0);
            }
        }
        return mask;
    }

    /** A number field of vigra's one-line JSON, or NaN when vigra was skipped. */
    private static double number(String json, String key) {
        var m = java.util.regex.Pattern.compile("\"" + key + "\": ([0-9.eE+-]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
