package org.sylva.objects.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sylva.blockwise.Workers;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.objects.Connectivity;
import org.sylva.objects.ConnectedComponents;
import org.sylva.objects.ObjectLabels;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * Connected-component speed on the scenes of {@code ../shared/bench/anchor_objects.py} (2D 2048², 3D 256³), beside
 * vigra's label time measured by that anchor in the same run (not a test).
 *
 * <p>{@code core/src/test/python/objects/bench_input.py} builds the masks with the anchor's own {@code scene()}
 * and runs the anchor three times per scene (vigra {@code labelImageWithBackground}/{@code labelVolumeWithBackground},
 * one thread, one timed call per process; the median counts). Then
 * this class times {@link ConnectedComponents#label} (4/6-neighbourhood) with 1 and 2 threads: median of
 * {@code REPS} runs after warm-up, and checks that the object count equals vigra's.
 *
 * <p>Run (from the project root, after {@code mvn -B -q -pl core test-compile}):
 * {@code java -Xmx4g --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes:$(cat cp.txt)
 * org.sylva.objects.bench.ObjectsBenchmark [OUT_DIR] [REPS]} where {@code cp.txt} is the test classpath
 * ({@code mvn -B -q -pl core dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test});
 * {@code -Dsylva.bench.skipVigra=true} reuses the masks of an earlier run and skips the anchor.
 */
public final class ObjectsBenchmark {

    /** Anchor processes per scene (its label time is the median). */
    private static final int ANCHOR_RUNS = 3;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "core/target/objects-bench");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Path script = Path.of("core/src/test/python/objects/bench_input.py");
        if (!Files.exists(script)) script = Path.of("src/test/python/objects/bench_input.py");
        boolean skipVigra = Boolean.getBoolean("sylva.bench.skipVigra") && Files.exists(dir.resolve("mask_3d.npy"));
        // the anchor's label time per scene: median of its runs (one process, one timed call each)
        double[] vigraLabel = {Double.NaN, Double.NaN};
        long[] vigraObjects = {-1, -1};
        if (!skipVigra) {
            String out = Python.run("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
                    script.toAbsolutePath().toString(), Shared.path("bench").toString(), dir.toString(),
                    String.valueOf(ANCHOR_RUNS)).trim();
            String[] lines = out.split("\n");
            for (int m = 0; m < 2; m++) {
                double[] s = new double[ANCHOR_RUNS];
                for (int r = 0; r < ANCHOR_RUNS; r++) {
                    String line = lines[m * ANCHOR_RUNS + r];
                    System.out.println("anchor (vigra, one thread): " + line);
                    s[r] = number(line, "label_s");
                    vigraObjects[m] = (long) number(line, "objects");
                }
                vigraLabel[m] = median(s);
            }
        }
        System.out.printf("%d cores, %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        String[][] modes = {{"2d", "yx"}, {"3d", "zyx"}};
        for (int m = 0; m < modes.length; m++) {
            Image mask = ImageFiles.read(dir.resolve("mask_" + modes[m][0] + ".npy").toString(),
                    ReadOptions.withAxes(modes[m][1]));
            for (int threads : new int[] {1, 2}) {
                try (Workers w = new Workers(threads)) {
                    ObjectLabels o = null;
                    for (int i = 0; i < 5; i++) o = ConnectedComponents.label(mask, Connectivity.DIRECT, w);
                    double[] s = new double[reps];
                    for (int r = 0; r < reps; r++) {
                        long t0 = System.nanoTime();
                        o = ConnectedComponents.label(mask, Connectivity.DIRECT, w);
                        s[r] = (System.nanoTime() - t0) / 1e9;
                    }
                    double med = median(s);
                    if (vigraObjects[m] >= 0 && o.count(0) != vigraObjects[m]) {
                        throw new AssertionError("object count " + o.count(0) + " differs from vigra's " + vigraObjects[m]);
                    }
                    System.out.printf("%s %s: %d objects, %d thread(s): median %.4f s (min %.4f) = %.0f Mvox/s = %.1f× "
                                    + "vigra's median label time %.3f s%n", modes[m][0], mask.shape(), o.count(0), threads, med,
                            Arrays.stream(s).min().orElse(0), mask.shape().voxelsPerTimePoint() / med / 1e6,
                            vigraLabel[m] / med, vigraLabel[m]);
                }
            }
        }
    }

    /** A number field of the anchor's one-line JSON, or NaN when it was skipped. */
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
