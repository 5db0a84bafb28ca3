package org.sylva.forest.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sylva.forest.ForestTrainer;
import org.sylva.forest.RandomForest;
import org.sylva.forest.TrainingOptions;
import org.sylva.testing.Python;
import org.sylva.testing.Shared;

/**
 * Random-forest speed on the anchor workload, beside vigra measured in the same run (not a test).
 *
 * <p>Input: {@code core/src/test/python/forest/bench_input.py} writes ilastik's 49 features of dsb2018 img2d.tif
 * (512×512) and 18,600 scribble labels (the anchor's size), and times vigra's single-thread {@code learnRF} and
 * {@code predictProbabilities} on exactly that data. Then this class times our training (100 trees) and whole-image
 * prediction with 1 and 2 threads (from pixel-major rows as vigra gets them, with and without the image width, and
 * from channel planes as the feature engine hands them over), checking that every layout gives the same
 * probabilities: median of {@code REPS} runs after warm-up.
 *
 * <p>Run (from the project root, after {@code mvn -B -q -pl core test-compile}):
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes
 * org.sylva.forest.bench.ForestBenchmark [OUT_DIR] [REPS]} ({@code -Dsylva.bench.skipVigra=true} reuses the input
 * of an earlier run and skips vigra, for quick iterations).
 */
public final class ForestBenchmark {

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "core/target/forest-bench");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path script = Path.of("core/src/test/python/forest/bench_input.py");
        if (!Files.exists(script)) script = Path.of("src/test/python/forest/bench_input.py");
        boolean skipVigra = Boolean.getBoolean("sylva.bench.skipVigra") && Files.exists(dir.resolve("train_y.i32"));
        String vigra = skipVigra ? "" : Python.run("import runpy, sys; sys.argv = sys.argv[1:]; "
                        + "runpy.run_path(sys.argv[0], run_name='__main__')",
                script.toAbsolutePath().toString(), dir.toString()).trim();
        if (!skipVigra) System.out.println("vigra (one thread): " + vigra);
        double vigraTrain = number(vigra, "vigra_train_s"), vigraPredict = number(vigra, "vigra_predict_s");
        Shared.path("bench");  // fail early, clearly, without ../shared

        float[] x = floats(dir.resolve("train_x.f32"));
        int[] y = ints(dir.resolve("train_y.i32"));
        float[] image = floats(dir.resolve("features.f32"));
        int n = y.length, features = x.length / n, pixels = image.length / features;
        System.out.printf("samples %d × %d features, image %d pixels, %d cores%n", n, features, pixels,
                Runtime.getRuntime().availableProcessors());

        RandomForest forest = null;
        for (int threads : new int[] {1, 2}) {
            TrainingOptions opts = TrainingOptions.defaults().withSeed(42).withThreads(threads);
            double[] s = new double[reps];
            for (int w = 0; w < 2; w++) ForestTrainer.train(x, n, features, y, opts);  // warm-up
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                forest = ForestTrainer.train(x, n, features, y, opts);
                s[r] = (System.nanoTime() - t0) / 1e9;
            }
            System.out.printf("train  %d thread(s): median %.3f s (min %.3f) = %.1f× vigra  %s%n", threads, median(s),
                    Arrays.stream(s).min().orElse(0), vigraTrain / median(s), forest.training().orElseThrow());
        }
        long nodes = forest.trees().stream().mapToLong(t -> t.nodeCount() + t.leafCount()).sum();
        System.out.printf("forest: %d trees, %.0f nodes/tree, mean depth of deepest leaf %.1f%n",
                forest.treeCount(), (double) nodes / forest.treeCount(),
                forest.trees().stream().mapToInt(t -> t.depth()).average().orElse(0));

        // the image is dsb2018 img2d.tif, 512×512: rows are its pixels in row-major order
        int width = (int) Math.round(Math.sqrt(pixels));
        if ((long) width * width != pixels) throw new IllegalStateException("features.f32 is not a square image");
        float[][] planes = new float[features][pixels];
        for (int i = 0; i < pixels; i++) for (int f = 0; f < features; f++) planes[f][i] = image[i * features + f];
        float[] expected = new float[pixels * forest.classCount()];
        forest.predict(image, 0, pixels, features, expected, 0, 1, null);
        RandomForest rf = forest;
        String[] names = {"pixel-major rows, no image width", "pixel-major rows, width " + width,
            "channel planes, width " + width};
        for (int mode = 0; mode < names.length; mode++) {
            for (int threads : new int[] {1, 2}) {
                float[] out = new float[pixels * forest.classCount()];
                int m = mode, th = threads;
                Runnable run = () -> {
                    if (m == 0) rf.predict(image, 0, pixels, features, out, 0, th, null);
                    else if (m == 1) rf.predictImage(image, 0, pixels, features, width, out, 0, th, null);
                    else rf.predictChannels(planes, pixels, width, out, 0, th, null);
                };
                double[] s = new double[reps], cpu = new double[reps];
                for (int w = 0; w < 3; w++) run.run();
                for (int r = 0; r < reps; r++) {
                    long c0 = CPU.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                    run.run();
                    s[r] = (System.nanoTime() - t0) / 1e9;
                    cpu[r] = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
                }
                if (!Arrays.equals(out, expected)) throw new IllegalStateException(names[mode] + " differs");
                // one thread: its CPU time too, which other processes on a busy machine hardly change
                System.out.printf("predict %s, %d thread(s): median %.3f s = %.2f Mpx/s = %.1f× vigra%s%n", names[mode],
                        threads, median(s), pixels / median(s) / 1e6, vigraPredict / median(s), threads > 1 ? ""
                                : String.format(" (CPU time: median %.3f s = %.1f× vigra)", median(cpu),
                                        vigraPredict / median(cpu)));
            }
        }
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

    static float[] floats(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] a = new float[b.remaining() / 4];
        b.asFloatBuffer().get(a);
        return a;
    }

    static int[] ints(Path p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        int[] a = new int[b.remaining() / 4];
        b.asIntBuffer().get(a);
        return a;
    }
}
