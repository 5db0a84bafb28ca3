package org.sylva.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sylva.blockwise.Workers;
import org.sylva.features.FeatureEngine;
import org.sylva.features.FeatureSelection;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sylva bench features}: times the full default feature set on ilastik_ref.py's timing inputs (a 2D image
 * and a 3D volume of smoothed noise, values 0..1000), and — with {@code --anchor} — runs
 * {@code ilastik_ref.py time 2d|3d N} (ilastik's engine on vigra, one thread) in the same run for comparison.
 * With {@code --check-heap} it also re-runs each case in a child JVM whose heap is capped at 1.5× (input +
 * output) to show the computation fits in that memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks Sylva against ilastik's engine (../shared/bench anchors), same machine, same run.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WHAT", defaultValue = "features",
            description = "What to benchmark: features (default), pixel (training and prediction on "
                    + "anchor_pipeline.py's workload) or objects (connected components + standard object features on "
                    + "anchor_objects.py's scenes; 3D side 256 unless --size3d).")
    String what;

    @Option(names = "--size2d", defaultValue = "2048", description = "2D image side (default: ${DEFAULT-VALUE}).")
    int size2d;

    @Option(names = "--size3d", defaultValue = "128", description = "3D volume side (default: ${DEFAULT-VALUE}).")
    int size3d;

    @Option(names = "--mode", split = ",", defaultValue = "2d,3d", description = "2d, 3d or both (default).")
    List<String> modes;

    @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions after one warm-up (median).")
    int reps;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--anchor", paramLabel = "SCRIPT",
            description = "The anchor to run in the same run: ../shared/bench/ilastik_ref.py for features, "
                    + "../shared/bench/anchor_pipeline.py for pixel (required for pixel).")
    Path anchor;

    @Option(names = "--data", paramLabel = "DIR",
            description = "pixel: the dsb2018_nuclei_stardist folder (default: beside the anchor, ../data/…).")
    Path data;

    @Option(names = "--per-class", defaultValue = "4650",
            description = "pixel: scribble pixels per class and image, as anchor_pipeline.py's N (default: "
                    + "${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with vigra for the anchor.")
    String python;

    @Option(names = "--check-heap", description = "Also run each case in a JVM with -Xmx = 1.5 × (input + output).")
    boolean checkHeap;

    @Override
    public Integer call() throws Exception {
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (what.equals("pixel")) {
            if (anchor == null) throw new Main.UserError("bench pixel needs --anchor …/shared/bench/anchor_pipeline.py");
            Path d = data != null ? data : anchor.toAbsolutePath().getParent().resolveSibling("data")
                    .resolve("dsb2018_nuclei_stardist");
            System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s; Sylva threads: %d%n",
                    Runtime.getRuntime().availableProcessors(), cpuName(), System.getProperty("java.version"), nThreads);
            new PixelBench(anchor, d, python, perClass, reps, nThreads).run();
            return 0;
        }
        if (what.equals("objects")) {
            if (anchor == null) throw new Main.UserError("bench objects needs --anchor …/shared/bench/anchor_objects.py");
            new ObjectsBench(anchor, python, Math.max(1, reps), nThreads).run(modes, size2d,
                    size3d == 128 ? 256 : size3d);
            return 0;
        }
        if (!what.equals("features")) {
            throw new Main.UserError("unknown benchmark '" + what + "' (known: features, pixel, objects)");
        }
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s, max heap %d MB, %s; Sylva threads: %d%n",
                Runtime.getRuntime().availableProcessors(), cpuName(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, collector(), nThreads);
        System.out.println("| case | channels | Sylva s (median) | Sylva Mpx/s | anchor s | anchor Mpx/s | speed-up |"
                + (checkHeap ? " heap cap 1.5×(in+out) |" : ""));
        System.out.println("|---|---|---|---|---|---|---|" + (checkHeap ? "---|" : ""));
        for (String mode : modes) {
            boolean is3d = mode.equals("3d");
            int n = is3d ? size3d : size2d;
            Image input = syntheticInput(is3d, n);
            long pixels = input.shape().voxelsPerTimePoint();
            double sylva;
            int channels;
            try (Workers w = new Workers(nThreads)) {
                FeatureEngine engine = new FeatureEngine(FeatureSelection.all(), w);
                Image out = engine.compute(input);       // warm-up
                channels = out.shape().c();
                out = null;
                double[] times = new double[reps];
                for (int r = 0; r < reps; r++) {
                    System.gc();
                    long t0 = System.nanoTime();
                    out = engine.compute(input);
                    times[r] = (System.nanoTime() - t0) / 1e9;
                    out = null;
                }
                Arrays.sort(times);
                sylva = times[reps / 2];
            }
            String anchorS = "", anchorRate = "", speedup = "";
            if (anchor != null) {
                JsonNode a = runAnchor(mode, n);
                double s = a.get("seconds").asDouble();
                anchorS = String.format(Locale.ROOT, "%.3f", s);
                anchorRate = String.format(Locale.ROOT, "%.3f", a.get("Mpx_per_s").asDouble());
                speedup = String.format(Locale.ROOT, "%.1f×", s / sylva);
            }
            String heap = "";
            if (checkHeap) {
                long bytes = input.shape().samples() * 4L + pixels * channels * 4L;
                long cap = (long) Math.ceil(1.5 * bytes / (1 << 20));
                heap = " " + (runCapped(mode, n, cap, nThreads) ? "ok at " : "FAILED at ") + cap + " MB |";
            }
            System.out.printf(Locale.ROOT, "| %s %d%s | %d | %.3f | %.2f | %s | %s | %s |%s%n", mode, n,
                    is3d ? "³" : "²", channels, sylva, pixels / sylva / 1e6, anchorS, anchorRate, speedup, heap);
        }
        return 0;
    }

    /** The timing input of ilastik_ref.py: uniform noise × 1000, Gaussian-smoothed (σ = 2), float32. */
    static Image syntheticInput(boolean is3d, int n) {
        Image raw = is3d ? Image.create(DType.FLOAT32, Axes.of("zyx"), n, n, n)
                : Image.create(DType.FLOAT32, Axes.of("yx"), n, n);
        Random r = new Random(0);
        for (Object p : raw.planes()) {
            float[] a = (float[]) p;
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() * 1000;
        }
        try (Workers w = new Workers(Runtime.getRuntime().availableProcessors())) {
            Image smooth = new FeatureEngine(FeatureSelection.parse("GaussianSmoothing@2.0"), w).compute(raw);
            return is3d ? smooth.withAxes(Axes.of("zyxc")) : smooth.withAxes(Axes.of("yxc"));
        }
    }

    private JsonNode runAnchor(String mode, int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, anchor.toString(), "time", mode, String.valueOf(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new Main.UserError("the anchor " + anchor + " failed (exit " + p.exitValue() + ")");
        String[] lines = outText.split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /** Runs one case in a child JVM with {@code -Xmx<capMb>m}; true if it finished. */
    private boolean runCapped(String mode, int n, long capMb, int nThreads) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + capMb + "m", "--add-modules", "jdk.incubator.vector",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,org/sylva/features/VectorLines.*",
                "-XX:CompileCommand=dontinline,org/sylva/features/VectorPointwise.*"));
        // the same collector as this JVM's (the launcher picks it per command): the cap is about its heap
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.matches("-XX:\\+Use\\w+GC|-XX:MaxHeapFreeRatio=\\d+")) cmd.add(a);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "features",
                "--mode", mode, "--size2d", String.valueOf(n), "--size3d", String.valueOf(n), "--reps", "1",
                "--threads", String.valueOf(nThreads)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** The garbage collector(s) of this JVM, e.g. "PS Scavenge + PS MarkSweep" (the parallel collector). */
    private static String collector() {
        return String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return ManagementFactory.getOperatingSystemMXBean().getArch();
    }
}
