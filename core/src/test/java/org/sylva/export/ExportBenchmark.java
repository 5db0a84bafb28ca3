package org.sylva.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.sylva.image.Axes;
import org.sylva.image.DType;
import org.sylva.image.Image;
import org.sylva.io.ImageFiles;
import org.sylva.io.WriteOptions;
import org.sylva.testing.Python;

/**
 * Speed of the export step on probabilities of a 100×512×512 volume with 2 classes (float32, zyxc, 210 MB):
 * ilastik's recommended conversion to uint8 (renormalise (0.0, 1.0) → (0, 255)) alone, and the whole export to
 * compressed HDF5, side by side with numpy (ilastik's normalize function) and numpy + h5py (gzip 1, ilastik's chunks)
 * on the same data in the same run. Not a test: run it by hand and copy the table into docs/performance.md.
 *
 * <pre>
 * mvn -B -q -pl core test-compile
 * mvn -B -q -pl core org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx6g -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) org.sylva.export.ExportBenchmark /tmp/sylva-export-bench
 * </pre>
 */
public final class ExportBenchmark {

    private static final int RUNS = 5;

    private static final String NUMPY = String.join("\n",
            "import json, sys, time, numpy, h5py",
            "a = numpy.load(sys.argv[1])",
            "def normalize(a, minVal=0.0, maxVal=1.0, outputMinVal=0, outputMaxVal=255, export_dtype=numpy.uint8):",
            "    numerator = numpy.float64(outputMaxVal) - numpy.float64(outputMinVal)",
            "    denominator = numpy.float64(maxVal) - numpy.float64(minVal)",
            "    frac = numpy.float32(numerator / denominator)",
            "    result = numpy.rint(outputMinVal + (a - minVal) * frac)",
            "    return numpy.asarray(result, export_dtype)",
            "def best(f):",
            "    t = []",
            "    for i in range(" + RUNS + "):",
            "        s = time.perf_counter(); f(); t.append(time.perf_counter() - s)",
            "    return min(t)",
            "def export():",
            "    r = normalize(a)",
            "    with h5py.File(sys.argv[2], 'w') as f:",
            "        d = f.create_dataset('exported_data', data=r, chunks=tuple(json.loads(sys.argv[3])),",
            "                             compression='gzip', compression_opts=1)",
            "        d.attrs['drange'] = (0, 255)",
            "print(json.dumps({'convert': best(lambda: normalize(a)), 'export': best(export)}))");

    private ExportBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/sylva-export-bench"));
        int z = 100, y = 512, x = 512, c = 2;
        Image prob = Image.create(DType.FLOAT32, Axes.of("zyxc"), z, y, x, c);
        Random rnd = new Random(1);
        for (int k = 0; k < z; k++) {
            float[] p = (float[]) prob.plane(0, k);
            for (int i = 0; i < p.length; i += 2) {
                // smooth-ish probabilities, as a forest produces them
                float v = (float) (0.5 + 0.5 * Math.sin(i * 1e-3 + k * 0.1) * rnd.nextFloat());
                p[i] = v;
                p[i + 1] = 1f - v;
            }
        }
        prob = prob.withDrange(new double[] {0.0, 1.0});
        double mb = prob.shape().samples() * 4 / 1e6;
        Path npy = dir.resolve("prob.npy");
        ImageFiles.write(prob, npy, WriteOptions.DEFAULT);

        ExportSettings s = ExportSettings.DEFAULT.withDtype(DType.UINT8)
                .withRanges(DataRange.of(0.0, 1.0), DataRange.of(0, 255))
                .withFilenameTemplate(dir + "/{nickname}_{result_type}");
        ExportContext ctx = new ExportContext(dir, "bench", "Probabilities", Axes.of("zyx"), dir);
        Conversion conversion = Conversion.of(s);
        final Image in = prob;
        double convert = best(() -> conversion.apply(in));
        double export = best(() -> Exporter.export(in, ctx, s));

        int[] chunks = org.sylva.io.Hdf5Format.chunkShape(Axes.of("zyxc"), new long[] {z, y, x, c}, DType.UINT8);
        JsonNode py = new ObjectMapper().readTree(Python.run(NUMPY, npy.toString(), dir.resolve("numpy.h5").toString(),
                Arrays.toString(chunks)));
        System.out.printf(Locale.ROOT, "%d×%d×%d×%d float32 probabilities (%.0f MB) → uint8, best of %d%n", z, y, x, c,
                mb, RUNS);
        System.out.printf(Locale.ROOT, "| step | Sylva | numpy / h5py |%n|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| renormalise + convert | %.3f s (%.0f MB/s) | %.3f s (%.0f MB/s) |%n", convert,
                mb / convert, py.get("convert").asDouble(), mb / py.get("convert").asDouble());
        System.out.printf(Locale.ROOT, "| whole export to compressed hdf5 | %.3f s | %.3f s |%n", export,
                py.get("export").asDouble());
        System.out.printf(Locale.ROOT, "sizes: Sylva %d bytes, h5py %d bytes%n",
                Files.size(dir.resolve("bench_Probabilities.h5")), Files.size(dir.resolve("numpy.h5")));
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double best(Run r) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }
}
