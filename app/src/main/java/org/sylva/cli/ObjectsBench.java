package org.sylva.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.sylva.blockwise.Workers;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.ReadOptions;
import org.sylva.objects.ConnectedComponents;
import org.sylva.objects.Connectivity;
import org.sylva.objects.ObjectLabels;
import org.sylva.objects.features.ObjectFeatureSelection;
import org.sylva.objects.features.ObjectFeatures;

/**
 * {@code sylva bench objects}: connected components plus the standard object features on the scenes of
 * {@code ../shared/bench/anchor_objects.py} (2048², ~5,600 objects; 256³, ~1,800 objects), beside that anchor
 * (vigra, one thread) run in the same process tree. The anchor runs as it is, {@code reps} times per scene (it times
 * one call per process; its median is taken); its scene is saved by running the anchor's own {@code scene()} so that
 * Sylva labels exactly the same mask and measures the same raw data. Sylva: median of {@code reps} runs after five
 * warm-up runs, object counts checked equal to vigra's.
 */
final class ObjectsBench {

    /** Saves the anchor's scene (raw float32, mask uint8) for MODE N into OUT: the anchor's imports and scene(). */
    private static final String SCENE = """
            import ast, sys, os, numpy as np
            anchor, mode, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
            tree = ast.parse(open(anchor).read())
            keep = [x for x in tree.body if isinstance(x, (ast.Import, ast.ImportFrom))
                    or (isinstance(x, ast.FunctionDef) and x.name == 'scene')
                    or (isinstance(x, ast.Assign) and any(getattr(t, 'id', '') == 'FEATURES' for t in x.targets))]
            ns = {}
            exec(compile(ast.Module(body=keep, type_ignores=[]), anchor, 'exec'), ns)
            raw, mask = ns['scene']((n, n) if mode == '2d' else (n, n, n))
            np.save(os.path.join(out, mode + '_raw.npy'), raw.astype(np.float32))
            np.save(os.path.join(out, mode + '_mask.npy'), mask.astype(np.uint8))
            """;

    /** Untimed runs first: the JIT compiles the passes during the first few. */
    private static final int WARMUP = 5;

    private final Path anchor;
    private final String python;
    private final int reps;
    private final int threads;

    ObjectsBench(Path anchor, String python, int reps, int threads) {
        this.anchor = anchor;
        this.python = python;
        this.reps = reps;
        this.threads = threads;
    }

    void run(List<String> modes, int size2d, int size3d) throws Exception {
        Path dir = Files.createTempDirectory("sylva-objects-bench");
        try {
            System.out.printf("%d cores, %d thread%s, Java %s; anchor %s, %d runs per scene (median)%n",
                    Runtime.getRuntime().availableProcessors(), threads, threads == 1 ? "" : "s",
                    System.getProperty("java.version"), anchor, reps);
            System.out.println("scene        objects | vigra label  features   total | Sylva CC  features   total | speed-up");
            for (String mode : modes) {
                int n = mode.equals("2d") ? size2d : size3d;
                python(SCENE, List.of(anchor.toString(), mode, String.valueOf(n), dir.toString()));
                double[] vl = new double[reps], vf = new double[reps], vt = new double[reps];
                long vigraObjects = -1;
                String engine = "";
                for (int r = 0; r < reps; r++) {
                    JsonNode j = anchorRun(List.of(mode, String.valueOf(n)));
                    vl[r] = j.get("label_s").asDouble();
                    vf[r] = j.get("features_s").asDouble();
                    vt[r] = j.get("total_s").asDouble();
                    vigraObjects = j.get("objects").asLong();
                    engine = j.get("engine").asText();
                }
                String axes = mode.equals("2d") ? "yx" : "zyx";
                Image raw = ImageFiles.read(dir.resolve(mode + "_raw.npy").toString(), ReadOptions.withAxes(axes));
                Image mask = ImageFiles.read(dir.resolve(mode + "_mask.npy").toString(), ReadOptions.withAxes(axes));
                double[] sl = new double[reps], sf = new double[reps], st = new double[reps];
                long objects = 0;
                try (Workers w = new Workers(threads)) {
                    ObjectFeatures features = new ObjectFeatures(w);
                    ObjectFeatureSelection sel = ObjectFeatureSelection.standard();
                    for (int r = -WARMUP; r < reps; r++) {
                        long t0 = System.nanoTime();
                        ObjectLabels labels = ConnectedComponents.label(mask, Connectivity.DIRECT, w);
                        long t1 = System.nanoTime();
                        features.compute(raw, labels.image(), sel);
                        long t2 = System.nanoTime();
                        objects = labels.total();
                        if (r >= 0) {
                            sl[r] = (t1 - t0) / 1e9;
                            sf[r] = (t2 - t1) / 1e9;
                            st[r] = (t2 - t0) / 1e9;
                        }
                    }
                }
                if (objects != vigraObjects) {
                    throw new IllegalStateException(mode + ": Sylva found " + objects + " objects, vigra " + vigraObjects);
                }
                System.out.printf("%s %-8s %,6d | %8.3f s %7.3f s %7.3f s | %6.3f s %7.3f s %7.3f s | %5.1f×%n", mode,
                        n + (mode.equals("2d") ? "²" : "³"), objects, median(vl), median(vf), median(vt), median(sl),
                        median(sf), median(st), median(vt) / median(st));
                if (mode.equals(modes.get(modes.size() - 1))) System.out.println("(" + engine + ")");
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private JsonNode anchorRun(List<String> args) throws IOException, InterruptedException {
        return BenchProcesses.anchorRun(python, anchor, args);
    }

    private void python(String code, List<String> args) throws IOException, InterruptedException {
        BenchProcesses.python(python, code, args);
    }
}
